"""The eval stage: held-out rows → base and tuned generations → metrics, gates, weak slices and the plan.

Writes RUN/eval/{results.json, per_example.parquet, weak_slices.json} and RUN/plan.yaml, then the stage marker
(last). The held-out rows are, by default, exactly the validation split the trainer set aside (same data,
same `max_examples`, same seeded split), with every curation column they carry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from gristmill import crypto
from gristmill.chat import answer_of, prompt_messages, render_prompts
from gristmill.config import validate
from gristmill.errors import ConfigError, InputError
from gristmill.evaluate.config import EvalConfig, load_eval_section
from gristmill.evaluate.feedback import TrainingFacts, build_plan, curve_advice, write_plan
from gristmill.evaluate.gates import check_gates, gates_as_dicts
from gristmill.evaluate.generate import Generated, Generator, perplexity
from gristmill.evaluate.metrics import score_generations, summarize
from gristmill.evaluate.pair import ModelPair
from gristmill.evaluate.result import EvalResult
from gristmill.evaluate.safety import load_prompts, safety_figures, safety_table
from gristmill.evaluate.slices import find_weak_slices
from gristmill.files import file_sha256, write_json
from gristmill.records import turns_key
from gristmill.rundir import RunDir, StageRun, fingerprint

STAGE = "eval"
PLAN_FILE = "plan.yaml"
REFERENCE_TEXT = "data/reference_text.txt"
ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True)
class TrainedRun:
    """What evaluation needs of a training run: the config it ran with (train.json's `config`, every default
    filled in) and the folder it wrote to. Read as data, so evaluation reads what training wrote instead of
    importing the trainer."""

    config: dict[str, Any]
    output_dir: Path

    @property
    def model(self) -> dict[str, Any]:
        return self.config["model"]

    @property
    def data(self) -> dict[str, Any]:
        return self.config["data"]

    @property
    def seed(self) -> int:
        return int(self.config["loop"]["seed"])

    @classmethod
    def read(cls, run_root: Path) -> TrainedRun:
        """The training run recorded in `run_root/train/train.json`."""
        record = run_root / "train" / "train.json"
        if not record.exists():
            raise InputError(f"{run_root}: no train/train.json (not a trained run directory; run `gristmill train`)")
        config = json.loads(record.read_text(encoding="utf-8"))["config"]
        return cls(config, run_root / "train")


@dataclass
class EvalJob:
    """What to evaluate: the training run (model, data, split), the eval settings, and where things are."""

    train: TrainedRun
    cfg: EvalConfig
    run_root: Path
    adapter_dir: Path

    @property
    def out(self) -> Path:
        return Path(self.cfg.output) if self.cfg.output else self.run_root / STAGE

    @property
    def kind(self) -> str:
        kind = self.train.data["kind"]
        return kind if kind in ("preference", "chat") else "sft"


def load_job(run_root: str | Path, eval_config: str | Path | None = None) -> EvalJob:
    """A job for a trained run directory (its train/train.json), with the eval section of `eval_config`."""
    train = TrainedRun.read(Path(run_root))
    return job_for(train, load_eval_section(eval_config) if eval_config else EvalConfig())


def job_for(train: TrainedRun, cfg: EvalConfig) -> EvalJob:
    out = train.output_dir
    root = out.parent if out.name == "train" else out
    return EvalJob(train, cfg, root, Path(cfg.adapter) if cfg.adapter else out / "adapter")


# ------------------------------------------------------------------------------------------------ data


def split_rows(job: EvalJob) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(held-out rows, training rows), with all their columns; the trainer's own split unless eval.data.path."""
    from gristmill.tables import read_rows, split_validation

    data = job.train.data
    frame = read_rows(data["path"], job.kind)
    if data["max_examples"]:
        frame = frame.head(data["max_examples"])
    if job.cfg.data.path:
        held = read_rows(job.cfg.data.path, job.kind)
    elif data["val_path"]:
        held = read_rows(data["val_path"], job.kind)
    else:
        train_idx, val_idx = split_validation(frame.height, data["val_fraction"], job.train.seed)
        if len(val_idx) == 0:
            raise ConfigError(["eval: the run held out no rows (train.data.val_fraction is 0); set "
                               "eval.data.path to a held-out file"])
        held, frame = frame[val_idx.tolist()], frame[train_idx.tolist()]
    limit = job.cfg.data.max_examples
    if limit and held.height > limit:
        held = held.with_row_index("_i").sample(limit, seed=job.cfg.data.seed).sort("_i").drop("_i")
    return held, frame


def cluster_sizes(run_root: Path) -> pl.DataFrame | None:
    """Size of every near-duplicate cluster over all curated rows (kept and rejected), when curation made them."""
    tables = [crypto.stored(run_root / "curate" / name) for name in ("kept.parquet", "rejected.parquet")]
    scans = [crypto.scan_output(p.with_suffix("") if p.suffix == crypto.SUFFIX else p, _key())
             for p in tables if p is not None]
    if not scans or any("cluster_id" not in s.collect_schema().names() for s in scans):
        return None
    return (pl.concat([s.select("cluster_id") for s in scans]).drop_nulls().group_by("cluster_id")
            .len(name="_size").collect())


def training_history(job: EvalJob) -> list[dict[str, Any]]:
    """The training run's metrics.jsonl records (none when it has no such file)."""
    path = job.train.output_dir / "metrics.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def training_facts(train_rows: pl.DataFrame, columns: set[str], kind: str) -> TrainingFacts:
    """Rows per value of each column (the plan's upweight shares) and each source's share of rows whose
    prompt appears again with a different answer (label noise)."""
    counts = {}
    for column in sorted(c for c in columns if c in train_rows.columns):
        rows = train_rows.group_by(pl.col(column).cast(pl.String)).len().drop_nulls().rows()
        counts[column] = {str(value): int(n) for value, n in sorted(rows)}
    prompt = ["prompt"] if kind == "preference" else ["instruction", "input"]
    answer = "chosen" if kind == "preference" else "output"
    if kind == "chat":  # the conversation up to its last answer is the prompt
        turns = pl.col("messages")
        train_rows = train_rows.with_columns(_prompt=turns_key(turns.list.head(turns.list.len() - 1)),
                                             _answer=turns.list.last().struct.field("content"))
        prompt, answer = ["_prompt"], "_answer"
    if "source" not in train_rows.columns or not set(prompt) <= set(train_rows.columns):
        return TrainingFacts(counts)
    conflicts = (train_rows.with_columns(conflict=pl.col(answer).n_unique().over(["source", *prompt]) > 1)
                 .group_by("source").agg(pl.col("conflict").mean()).rows())
    return TrainingFacts(counts, {str(source): float(rate) for source, rate in conflicts})


# ------------------------------------------------------------------------------------------------ models


def reference_text(cfg: EvalConfig) -> str:
    if cfg.forgetting.text:
        try:
            return Path(cfg.forgetting.text).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError([f"eval.forgetting.text: cannot read {cfg.forgetting.text} ({exc.strerror})"]) from None
    from importlib import resources

    return resources.files("gristmill.evaluate").joinpath(REFERENCE_TEXT).read_text(encoding="utf-8")


def model_pair(job: EvalJob) -> ModelPair:
    model = job.train.model
    return ModelPair(model["name"], job.adapter_dir, model["gguf_file"], model["chat_template"], model["dtype"],
                     model["quantize"])


class ModelRun(NamedTuple):
    """What one model produced: its generations on the held-out rows, its perplexity on the reference text (when
    forgetting is on) and its generations on the red-team prompts (when eval.safety is on)."""

    generated: Generated
    ppl: dict[str, float] | None
    safety: Generated | None = None


def run_model(pair: ModelPair, which: str, prompts: list[str], job: EvalJob, progress: ProgressFn | None,
              safety_prompts: list[str] | None = None) -> ModelRun:
    """One model's generations (and perplexity, and red-team generations, when asked), loaded once."""
    gen = job.cfg.generation
    max_prompt = gen.max_prompt_tokens or max(8, job.train.data["seq_len"] - gen.max_new_tokens)
    safety = None
    with pair.use(which) as model:
        generator = Generator(model, pair.tokenizer, gen, max_prompt)
        done = (lambda n, total: progress(f"generating ({which})", n, total)) if progress else None
        generated = generator(prompts, on_batch=done)
        forgetting = job.cfg.forgetting
        ppl = perplexity(model, pair.tokenizer, reference_text(job.cfg), forgetting.window_tokens,
                         forgetting.max_tokens) if forgetting.enabled else None
        if safety_prompts and job.cfg.safety is not None:
            tokens = job.cfg.safety.max_new_tokens or gen.max_new_tokens
            red_team = Generator(model, pair.tokenizer, gen.model_copy(update={"max_new_tokens": tokens}), max_prompt)
            done = (lambda n, total: progress(f"red-team prompts ({which})", n, total)) if progress else None
            safety = red_team(safety_prompts, on_batch=done)
    return ModelRun(generated, ppl, safety)


# ------------------------------------------------------------------------------------------------ scoring


def toxicity_scorer(cfg: EvalConfig, needed: bool = False) -> Any:
    """The toxicity scorer the config names (the same backends as curation's), or None when toxicity is off
    and not `needed` (the safety eval scores its generations with it either way)."""
    if not cfg.toxicity.enabled and not needed:
        return None
    from gristmill.scorers import ScorerConfig, make_scorer

    return make_scorer(validate(ScorerConfig, cfg.toxicity.scorer, prefix="eval.toxicity.scorer."))


def toxicity_columns(scorer: Any, texts: list[str], cfg: EvalConfig) -> pl.DataFrame:
    """`toxicity` (the deciding score: `category`, else the highest category) and `toxic` (≥ threshold)."""
    import numpy as np

    scores = scorer.score(texts)
    category = cfg.toxicity.category
    if category is not None and category not in scores:
        raise ConfigError([f"eval.toxicity.category: {category!r} is not a category of backend {scorer.name} "
                           f"(it reports {sorted(scores)})"])
    worst = scores[category] if category else np.max(np.stack(list(scores.values())), axis=0)
    return pl.DataFrame({"toxicity": worst.astype(np.float64),
                         "toxic": (worst >= cfg.toxicity.threshold).astype(np.float64)})


def model_columns(which: str, generated: Generated, references: list[str], schema: dict[str, Any] | None,
                  scorer: Any, cfg: EvalConfig) -> tuple[pl.DataFrame, dict[str, Any] | None]:
    """Every per-example column of one model, prefixed `base_` or `tuned_`, and the JSON schema used."""
    scores, used = score_generations(generated.texts, references, schema)
    parts = [pl.DataFrame({"generation": generated.texts, "length_tokens": generated.new_tokens}), scores]
    if scorer is not None:
        parts.append(toxicity_columns(scorer, generated.texts, cfg))
    frame = pl.concat(parts, how="horizontal")
    return frame.rename({c: f"{which}_{c}" for c in frame.columns}), used


def model_figures(per_example: pl.DataFrame, which: str, run: ModelRun, safety: pl.DataFrame | None
                  ) -> dict[str, Any]:
    figures: dict[str, Any] = {**summarize(per_example, f"{which}_"), **run.generated.throughput()}
    figures["perplexity"] = run.ppl["perplexity"] if run.ppl else None
    if safety is not None:
        figures.update(safety_figures(safety, which))
    return figures


def ab_figures(per_example: pl.DataFrame, runs: dict[str, ModelRun], judge: dict[str, Any] | None,
               safety: pl.DataFrame | None = None) -> dict[str, Any]:
    """results.json's figures: per model, their difference, forgetting, the judge."""
    metrics = {which: model_figures(per_example, which, run, safety) for which, run in runs.items()}
    base, tuned = metrics["base"], metrics["tuned"]
    metrics["delta"] = {k: tuned[k] - base[k] for k in tuned if tuned[k] is not None and base.get(k) is not None}
    forgetting = (tuned["perplexity"] - base["perplexity"]) / base["perplexity"] \
        if tuned["perplexity"] and base["perplexity"] else None
    return {"examples": per_example.height, "metrics": metrics, "forgetting_ppl_delta": forgetting,
            "judge": judge, "prompt_tokens": sum(runs["tuned"].generated.prompt_tokens),
            "safety_prompts": None if safety is None else safety.height}


def gate_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """What gates may name: base/tuned/delta figures, forgetting and the judge's win rate."""
    judge = figures.get("judge") or {}
    return {**figures["metrics"], "forgetting_ppl_delta": figures["forgetting_ppl_delta"],
            "judge_win_rate": judge.get("judge_win_rate")}


# ------------------------------------------------------------------------------------------------ the stage


def stage_fingerprint(job: EvalJob, held: pl.DataFrame) -> str:
    """Eval config + the trained weights + the held-out rows: any change reruns the stage."""
    rows = hashlib.sha256(held.hash_rows(seed=0).to_numpy().tobytes()).hexdigest()
    content = {"eval": job.cfg.model_dump(mode="json", by_alias=True), "train": job.train.config,
               "rows": rows, "n": held.height}
    return fingerprint(content, [job.adapter_dir])


def run_judge(job: EvalJob, held: pl.DataFrame, base: Generated, tuned: Generated) -> Any:
    from gristmill.evaluate.judge import judge_pairs

    assert job.cfg.judge is not None
    client = {"cache": str(job.out / "judge_cache.sqlite"), **job.cfg.judge.client}
    rows = held.to_dicts()
    prompts = [prompt_messages(r, job.kind, None)[-1]["content"] for r in rows]
    judge_cfg = job.cfg.judge.model_copy(update={"client": client})
    return judge_pairs(judge_cfg, prompts, [answer_of(r, job.kind) for r in rows], base.texts, tuned.texts)


def generate_both(job: EvalJob, held: pl.DataFrame, progress: ProgressFn | None,
                  red_team: list[str] | None = None) -> dict[str, ModelRun]:
    """Both models on the held-out rows' prompts (and on the red-team prompts, rendered as one user turn)."""
    pair = model_pair(job)
    tokenizer = pair.load_tokenizer()
    system = job.train.data["system_prompt"]
    prompts = render_prompts(tokenizer, held.to_dicts(), job.kind, system)
    safety_prompts = render_prompts(tokenizer, [{"instruction": p, "input": "", "output": ""} for p in red_team],
                                    "sft", system) if red_team else None
    try:
        return {which: run_model(pair, which, prompts, job, progress, safety_prompts) for which in ("base", "tuned")}
    finally:
        pair.close()


def per_example_table(job: EvalJob, held: pl.DataFrame, runs: dict[str, ModelRun]
                      ) -> tuple[pl.DataFrame, dict[str, Any] | None]:
    references = [answer_of(row, job.kind) for row in held.to_dicts()]
    scorer = toxicity_scorer(job.cfg)
    schema = job.cfg.json_.load_schema()
    parts = [held]
    for which, run in runs.items():
        frame, schema = model_columns(which, run.generated, references, schema, scorer, job.cfg)
        parts.append(frame)
    return pl.concat(parts, how="horizontal"), schema


def red_team_table(job: EvalJob, prompts: list[str], runs: dict[str, ModelRun]) -> pl.DataFrame:
    """The safety eval's rows: each red-team prompt, both models' answers, their toxicity and refusal."""
    assert job.cfg.safety is not None
    scorer = toxicity_scorer(job.cfg, needed=True)
    texts = {which: run.safety.texts for which, run in runs.items() if run.safety is not None}
    toxicity = {which: toxicity_columns(scorer, generated, job.cfg) for which, generated in texts.items()}
    return safety_table(prompts, texts, toxicity, job.cfg.safety.refusal_markers)


def run_eval(job: EvalJob, *, force: bool = False, progress: ProgressFn | None = None) -> EvalResult:
    """Evaluate base vs tuned on the held-out rows; write results, weak slices and the plan (see module doc)."""
    held, train_rows = split_rows(job)
    in_run = job.out == job.run_root / STAGE  # elsewhere (eval.output) the outputs are the user's to manage
    stage = StageRun(RunDir(job.run_root), STAGE, stage_fingerprint(job, held))
    if in_run and stage.finished(force):
        return load_eval_result(job)
    if in_run:
        stage.begin(force)
    red_team = load_prompts(job.cfg.safety.prompts, job.cfg.safety.max_prompts) if job.cfg.safety else None
    runs = generate_both(job, held, progress, red_team)
    per_example, schema = per_example_table(job, held, runs)
    safety = red_team_table(job, red_team, runs) if red_team else None
    judge = None
    if job.cfg.judge is not None:
        verdicts = run_judge(job, held, runs["base"].generated, runs["tuned"].generated)
        per_example = per_example.with_columns(judge_winner=pl.Series(verdicts.winners, dtype=pl.String))
        judge = verdicts.summary()
    figures = ab_figures(per_example, runs, judge, safety)
    figures["json_schema"] = schema
    gates = check_gates(job.cfg.gates, gate_figures(figures))
    weak = find_weak_slices(per_example, job.cfg.slices, cluster_sizes(job.run_root))
    facts = training_facts(train_rows, {s.column for s in weak.weak}, job.kind)
    advice = curve_advice(training_history(job), float(job.train.config["optim"]["lr"]))
    plan = build_plan(weak, facts, job.cfg.feedback, run=str(job.run_root), advice=advice)
    paths = write_outputs(job, figures, per_example, gates, weak, plan)
    if safety is not None:
        paths["safety"] = crypto.save_parquet(safety, job.out / "safety.parquet")  # sealed when encrypted
    if in_run:
        stage.finish(passed=all(g.passed for g in gates))
    return EvalResult(figures, per_example, gates, weak, plan, paths)


def write_outputs(job: EvalJob, figures: dict[str, Any], per_example: pl.DataFrame, gates: list[Any],
                  weak: Any, plan: Any) -> dict[str, Path]:
    out = job.out
    out.mkdir(parents=True, exist_ok=True)
    results = {**figures, "gates": gates_as_dicts(gates), "passed": all(g.passed for g in gates),
               "weak_slices": [s.name for s in weak.weak], "adapter": str(job.adapter_dir),
               "base_model": job.train.model["name"], "adapter_sha256": file_sha256(job.adapter_dir),
               "config": job.cfg.model_dump(mode="json", by_alias=True)}
    plan_path = (job.run_root if job.out == job.run_root / STAGE else out) / PLAN_FILE
    return {"results": write_json(results, out / "results.json"),
            "per_example": crypto.save_parquet(per_example, out / "per_example.parquet"),  # sealed when encrypted
            "weak_slices": write_json(weak.as_dict(), out / "weak_slices.json"),
            "plan": write_plan(plan, plan_path)}


def load_eval_result(job: EvalJob) -> EvalResult:
    """A finished eval stage read back from its files."""
    from gristmill.evaluate.feedback import load_plan
    from gristmill.evaluate.gates import GateResult
    from gristmill.evaluate.slices import SliceStat, WeakSlices

    out = job.out
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    stored = json.loads((out / "weak_slices.json").read_text(encoding="utf-8"))
    fields = set(SliceStat.__dataclass_fields__)
    weak = WeakSlices([SliceStat(**{k: v for k, v in s.items() if k in fields}) for s in stored["slices"]],
                      stored["settings"])
    gates = [GateResult(**g) for g in results["gates"]]
    paths = {"results": out / "results.json", "per_example": out / "per_example.parquet",
             "weak_slices": out / "weak_slices.json", "plan": job.run_root / PLAN_FILE}
    return EvalResult(results, crypto.load_parquet(paths["per_example"]), gates, weak, load_plan(paths["plan"]), paths,
                      skipped=True)


def _key() -> bytes | None:
    sealer = crypto.active()
    return sealer.key if sealer else None
