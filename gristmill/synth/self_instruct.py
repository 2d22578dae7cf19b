"""Self-Instruct (Wang et al., 2023, "Self-Instruct: Aligning Language Models with Self-Generated Instructions").

The paper's loop (§2.2): prompt the model with 8 tasks, 6 sampled from the human seed tasks and 2 from those
generated so far, and let it continue the numbered list. A new instruction joins the pool only if its ROUGE-L
with every instruction already there is below 0.7, it has 4 to 150 words, and it asks for nothing a text model
cannot do (images, files, ...). The model is then asked whether each task is a classification task, and
instances are generated: output-first for classification (a label, then an input for it, which keeps labels
from collapsing onto one class), input-first otherwise. Every generated row records its generator.

The run is deterministic for a seed: prompts depend only on the seed and earlier answers, and answers come
from the cache when they are there, so a killed run replays its finished part for free and continues.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from gristmill.errors import InputError
from gristmill.llm.client import Request, SynthClient
from gristmill.rouge import RougeIndex
from gristmill.synth.config import SelfInstructConfig

StepFn = Callable[[str, int, int], None]  # (phase, done, total)
ORIGIN = "self_instruct"
CLASSIFY_QUESTION = "Can the following task be regarded as a classification task with finite output labels?"
INPUT_FIRST_HEADER = ("Come up with examples for the following tasks. Try to generate multiple examples when "
                      "possible. If the task doesn't require additional input, you can generate the output "
                      "directly.")
OUTPUT_FIRST_HEADER = ("Given the classification task definition and the class labels, generate an input that "
                       "corresponds to each of the class labels. If the task doesn't require input, just generate "
                       "possible class labels.")


@dataclass
class SeedTask:
    instruction: str
    instances: list[tuple[str, str]] = field(default_factory=list)  # (input, output)
    is_classification: bool | None = None


@dataclass
class Candidate:
    """One parsed instruction and what the filters made of it (`reason` None: kept)."""

    instruction: str
    round: int
    reason: str | None = None
    rouge_l: float = 0.0
    most_similar: str | None = None


def load_seed_tasks(path: str | Path | None = None) -> list[SeedTask]:
    """Seed tasks in the self-instruct JSONL format; the 175 bundled ones when `path` is None."""
    if path is None:
        text = resources.files("gristmill.synth").joinpath("data/seed_tasks.jsonl").read_text(encoding="utf-8")
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot read seed tasks ({exc.strerror or exc})") from exc
    tasks = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            instances = [(i.get("input", "") or "", i["output"]) for i in row.get("instances", [])]
            tasks.append(SeedTask(row["instruction"], instances, row.get("is_classification")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path or 'bundled seed_tasks.jsonl'}:{number}: not a seed task ({exc!r}; expected "
                             "instruction, instances [{input, output}], is_classification)") from exc
    return tasks


def tasks_from_rows(frame: pl.DataFrame) -> list[SeedTask]:
    """Seed tasks from canonical sft rows (targeted mode: the rows of one slice)."""
    return [SeedTask(r["instruction"], [(r["input"], r["output"])])
            for r in frame.select("instruction", "input", "output").iter_rows(named=True)]


def encode_prompt(instructions: list[str]) -> str:
    """The paper's instruction-generation prompt: a numbered list the model continues."""
    cleaned = [re.sub(r"\s+", " ", text).strip().rstrip(":") for text in instructions]
    lines = [f"{i}. {text}" for i, text in enumerate(cleaned, start=1)]
    return "Come up with a series of tasks:\n" + "\n".join(lines) + f"\n{len(instructions) + 1}."


def parse_instructions(text: str, truncated: bool) -> list[str]:
    """Instructions in a continuation of the numbered list; the last one is dropped when cut by max_tokens."""
    parts = re.split(r"(?:^|\n)\s*\d+\s*[.)]\s*", text.strip())
    if parts and parts[0].strip().endswith(":"):  # a chat model's preamble ("Here are more tasks:")
        parts = parts[1:]
    items = [re.sub(r"^(?:\d+\s*[.)]\s*)+", "", re.sub(r"\s+", " ", p).strip()) for p in parts]  # "1. 1. Task"
    items = [i for i in items if i]
    return items[:-1] if truncated else items


def keyword_pattern(keywords: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keywords) + r")\b", re.IGNORECASE)


def screen(instruction: str, cfg: SelfInstructConfig, blocked: re.Pattern[str]) -> str | None:
    """Why the paper's heuristics drop an instruction (None: it passes)."""
    words = len(instruction.split())
    if words < cfg.min_words:
        return "too_short"
    if words > cfg.max_words:
        return "too_long"
    if cfg.blocked_keywords and blocked.search(instruction):
        return "blocked_keyword"
    if instruction.startswith("Write a program"):  # the paper's code: ambiguous between code and answer
        return "write_a_program"
    if instruction[0] in string.punctuation:
        return "starts_with_punctuation"
    if not instruction[0].isascii():
        return "starts_non_ascii"
    return None


def _demo(task: SeedTask, output_first: bool) -> str:
    text = f"Task: {task.instruction}\n"
    for given, output in task.instances:
        text += f"Class label: {output}\nInput: {given}\n" if output_first else (
            f"Input: {given}\nOutput: {output}\n" if given else f"Output: {output}\n")
    return text


def pick_demos(tasks: list[SeedTask], classification: bool | None, count: int) -> list[SeedTask]:
    """The shortest tasks of a kind (short few-shot prompts cost less), in a fixed order."""
    chosen = [t for t in tasks if t.instances and (classification is None or t.is_classification == classification)]
    return sorted(chosen, key=lambda t: (len(_demo(t, False)), t.instruction))[:count]


def classify_prompt(instruction: str, demos: list[SeedTask]) -> str:
    shots = "\n\n".join(f"Task: {t.instruction}\nIs it classification? {'Yes' if t.is_classification else 'No'}"
                        for t in demos)
    return f"{CLASSIFY_QUESTION}\n\n{shots}\n\nTask: {instruction}\nIs it classification?"


def instance_prompt(instruction: str, demos: list[SeedTask], output_first: bool) -> str:
    header = OUTPUT_FIRST_HEADER if output_first else INPUT_FIRST_HEADER
    shots = "\n".join(_demo(t, output_first) for t in demos)
    return f"{header}\n\n{shots}\nTask: {instruction}\n"


FIELD_END = r"(?=\n\s*(?:example\s*\d+|input\s*:|output\s*:|class label\s*:|task\s*:)|\Z)"


def parse_instances(text: str, output_first: bool) -> list[tuple[str, str]]:
    """(input, output) pairs from the model's answer; an answer without markers is one output, no input."""
    if output_first:
        pattern = rf"(?is)class label\s*:\s*(?P<output>.*?)\s*\n\s*input\s*:\s*(?P<input>.*?){FIELD_END}"
    else:
        pattern = rf"(?is)(?:input\s*:\s*(?P<input>.*?)\s*\n\s*)?output\s*:\s*(?P<output>.*?){FIELD_END}"
    pairs = [((m.group("input") or "").strip(), m.group("output").strip()) for m in re.finditer(pattern, text)]
    if not pairs and not output_first and not re.search(r"(?i)\b(input|output)\s*:", text):
        pairs = [("", text.strip())]
    return list(dict.fromkeys((given, output) for given, output in pairs if output and output != given))


class SelfInstruct:
    """One Self-Instruct run: instructions, classification, instances; `run()` returns the rows."""

    def __init__(self, client: SynthClient, cfg: SelfInstructConfig, seeds: list[SeedTask],
                 demos: list[SeedTask] | None = None, progress: StepFn | None = None) -> None:
        if not seeds:
            raise InputError("self_instruct: no seed tasks")
        self.client, self.cfg, self.seeds = client, cfg, seeds
        self.demos = demos if demos is not None else load_seed_tasks()
        self.progress = progress or (lambda phase, done, total: None)
        self.rng = random.Random(cfg.seed)
        self.blocked = keyword_pattern(cfg.blocked_keywords or ["\x00"])
        self.pool = RougeIndex([t.instruction for t in seeds])
        self.kept: list[Candidate] = []
        self.filtered: list[Candidate] = []
        self.rounds = 0

    def _prompt(self) -> str:
        machine = min(self.cfg.machine_per_prompt, len(self.kept))
        chosen = [c.instruction for c in self.rng.sample(self.kept, machine)]
        human = min(self.cfg.human_per_prompt + self.cfg.machine_per_prompt - machine, len(self.seeds))
        chosen += [t.instruction for t in self.rng.sample(self.seeds, human)]
        self.rng.shuffle(chosen)
        return encode_prompt(chosen)

    def _judge(self, text: str) -> Candidate:
        candidate = Candidate(text, self.rounds, screen(text, self.cfg, self.blocked))
        if candidate.reason is None:
            score, index = self.pool.best(text)
            candidate.rouge_l = score
            candidate.most_similar = self.pool.texts[index] if index >= 0 else None
            if score >= self.cfg.rouge_threshold:
                candidate.reason = "rouge_similar"
        return candidate

    def generate_instructions(self) -> list[Candidate]:
        """Rounds of prompts until `num_instructions` are kept (or too many rounds add nothing)."""
        target, stalled = self.cfg.num_instructions, 0
        params = self.cfg.instruction_sampling.params()
        while len(self.kept) < target and stalled < self.cfg.max_stalled_rounds:
            prompts = [self._prompt() for _ in range(self.cfg.prompts_per_round)]
            answers = self.client.complete([Request.user(p, **params) for p in prompts])
            before = len(self.kept)
            for answer in answers:
                for text in parse_instructions(answer.text, answer.finish_reason == "length") if answer.ok else []:
                    candidate = self._judge(text)
                    if candidate.reason is None and len(self.kept) >= target:
                        candidate.reason = "beyond_target"
                    if candidate.reason is None:
                        self.pool.add(text)
                        self.kept.append(candidate)
                    else:
                        self.filtered.append(candidate)
            stalled = 0 if len(self.kept) > before else stalled + 1
            self.rounds += 1
            self.progress("instructions", len(self.kept), target)
        return self.kept

    def classify(self, instructions: list[str]) -> list[bool]:
        """The paper's question, answered few-shot from labelled seed tasks; a failed answer counts as No."""
        if not self.cfg.classify:
            return [False] * len(instructions)
        demos = pick_demos(self.demos, True, 3) + pick_demos(self.demos, False, 3)
        demos.sort(key=lambda t: t.instruction)
        requests = [Request.user(classify_prompt(i, demos), temperature=0.0, max_tokens=3) for i in instructions]
        answers = self.client.complete(requests)
        self.progress("classify", len(answers), len(instructions))
        return [a.ok and a.text.strip().lower().startswith("yes") for a in answers]

    def generate_instances(self, instructions: list[str], is_classification: list[bool]
                           ) -> list[list[tuple[str, str]]]:
        demos = {True: pick_demos(self.demos, True, 3), False: pick_demos(self.seeds, None, 3)
                 or pick_demos(self.demos, False, 3)}
        params = {**self.cfg.instance_sampling.params(), "stop": ["Task:"]}  # as the paper: one task per answer
        requests = [Request.user(instance_prompt(i, demos[c], output_first=c), **params)
                    for i, c in zip(instructions, is_classification, strict=True)]
        answers = self.client.complete(requests)
        self.progress("instances", len(answers), len(instructions))
        return [parse_instances(a.text, c)[:self.cfg.instances_per_task] if a.ok else []
                for a, c in zip(answers, is_classification, strict=True)]

    def run(self) -> list[dict[str, Any]]:
        """Generated rows as dicts (sft fields, is_classification, rouge_l_max); empties are filtered."""
        kept = self.generate_instructions()
        instructions = [c.instruction for c in kept]
        labels = self.classify(instructions)
        records: list[dict[str, Any]] = []
        for candidate, label, instances in zip(kept, labels, self.generate_instances(instructions, labels),
                                               strict=True):
            if not instances:
                self.filtered.append(Candidate(candidate.instruction, candidate.round, "no_instance",
                                               candidate.rouge_l, candidate.most_similar))
            for given, output in instances:
                records.append({"instruction": candidate.instruction, "input": given, "output": output,
                                "is_classification": label, "rouge_l_max": candidate.rouge_l})
        return records

    def filtered_frame(self) -> pl.DataFrame:
        schema = {"instruction": pl.String, "round": pl.Int64, "reason": pl.String, "rouge_l": pl.Float64,
                  "most_similar": pl.String}
        return pl.from_dicts([c.__dict__ for c in self.filtered], schema=schema)
