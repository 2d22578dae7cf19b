"""`gristmill run`: curate → (synth → curate) → train (SFT or DPO) → eval → plan, in one run directory.

Each stage is skipped when its marker matches the current config and inputs, so a killed run resumes where it
stopped: curation is not redone, and training continues from its last checkpoint. `apply_plan` closes the loop:
the previous run's plan.yaml rewrites the config (upweight, resynthesize, drop) before anything runs.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gristmill.config import CurateConfig, load_yaml, resolve_input_paths, validate
from gristmill.crypto import KeyProvider, open_run, sealing
from gristmill.errors import ConfigError, GristmillError
from gristmill.files import write_text
from gristmill.rundir import MARKER, RunDir

if TYPE_CHECKING:  # the sections' models load with their stage, only when the config has the section
    from gristmill.evaluate.config import EvalConfig
    from gristmill.synth.config import SynthConfig
    from gristmill.train.config import TrainConfig

STAGES = ("curate", "synth", "train", "eval", "report")
OnStage = Callable[["StageOutcome"], None]


@dataclass
class StageOutcome:
    stage: str
    skipped: bool
    seconds: float
    detail: Any = None  # a Rich renderable (the stage's report), or None


@dataclass
class RunSpec:
    """A pipeline config file, validated section by section (every problem reported at once)."""

    path: Path
    raw: dict[str, Any]
    curate: CurateConfig
    synth: SynthConfig | None = None
    train: TrainConfig | None = None
    eval: EvalConfig | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def run(self) -> RunDir:
        return RunDir(self.curate.output)


def load_run_spec(path: str | Path, output: str | Path | None = None, plan: str | Path | None = None) -> RunSpec:
    """Read a pipeline config; with `plan`, apply a previous run's plan.yaml to it first."""
    path = Path(path)
    raw = load_yaml(path)
    notes = []
    if plan is not None:
        from gristmill.evaluate.feedback import apply_plan_to_config, load_plan

        loaded = load_plan(plan)
        raw = apply_plan_to_config(raw, loaded)
        notes.append(f"applied {len(loaded.actions)} action(s) from {plan}")
    if output is not None:
        raw["output"] = str(output)
    return run_spec_from(raw, path, notes)


def run_spec_from(raw: dict[str, Any], path: Path, notes: list[str] | None = None) -> RunSpec:
    """Validate a pipeline config already read (`path`: the file its relative paths are relative to)."""
    from gristmill.curate.stage import split_sections

    curate_part, sections, problems = split_sections(copy.deepcopy(raw))
    spec = RunSpec(path, raw, CurateConfig.model_construct(), notes=list(notes or []))
    for name, build in (("curate", lambda: _curate(curate_part, path)), ("synth", lambda: _synth(sections, path)),
                        ("train", lambda: _train(sections, path, spec)),
                        ("eval", lambda: _eval(sections, path))):
        try:
            setattr(spec, name, build())
        except ConfigError as exc:
            problems += exc.problems
    if problems:
        raise ConfigError(problems, str(path))
    return spec


def _curate(part: dict[str, Any], path: Path) -> CurateConfig:
    from gristmill.curate import build_passes

    part["inputs"] = resolve_input_paths(part.get("inputs"), path.parent)
    cfg = validate(CurateConfig, part)
    build_passes(cfg.passes)
    return cfg


def _synth(sections: dict[str, Any], path: Path) -> Any:
    if "synth" not in sections:
        return None
    from gristmill.synth.config import SynthConfig, resolve_paths

    section = dict(sections["synth"] or {})
    return validate(SynthConfig, resolve_paths(section, path.parent.resolve()), prefix="synth.")


def _train(sections: dict[str, Any], path: Path, spec: RunSpec) -> Any:
    if "train" not in sections:
        return None
    from gristmill.train.config import TrainConfig

    section = copy.deepcopy(sections["train"] or {})
    data = section.setdefault("data", {})
    if "path" in data:
        raise ConfigError(["train.data.path: leave it out in a pipeline config; `gristmill run` trains on the "
                           "curated rows of the run"])
    data["path"] = "<the run's curated rows>"  # replaced once the curate (and synth) stages have run
    return validate(TrainConfig, section, prefix="train.")


def _eval(sections: dict[str, Any], path: Path) -> Any:
    if "eval" not in sections:
        return None
    from gristmill.evaluate.config import resolve_eval_config

    return resolve_eval_config(sections["eval"] or {}, path.parent, None)


# ---------------------------------------------------------------------------------------------- stages


def training_rows(spec: RunSpec) -> Path:
    """The curated rows training reads: the synth stage's curated set when there is one."""
    synth_kept = spec.run.root / "synth" / "curated" / "kept.parquet"
    return synth_kept if spec.synth is not None else spec.run.root / "curate" / "kept.parquet"


def run_train_stage(spec: RunSpec, force: bool = False, on_step: Any = None, nproc: int = 1,
                    key: KeyProvider | None = None) -> StageOutcome:
    """Train on the run's curated rows (train.stage: skipped when done, resumed when killed)."""
    from gristmill.train.stage import run_train

    started = time.perf_counter()
    upstream = {s: spec.run.stage_fingerprint(s) for s in ("curate", "synth")}
    outcome = run_train(trained_config(spec), spec.run, data_kind(spec) or "sft", upstream, force=force,
                        on_step=on_step, nproc=nproc, key=key)
    return StageOutcome("train", outcome.skipped, 0.0 if outcome.skipped else time.perf_counter() - started,
                        outcome.report)


def data_kind(spec: RunSpec) -> str | None:
    """The kind of the run's rows: as configured, else as curation detected it (curate/stats.json)."""
    import json

    stats = spec.run.root / "curate" / "stats.json"
    if spec.curate.kind is not None or not stats.exists():
        return spec.curate.kind
    return json.loads(stats.read_text(encoding="utf-8")).get("kind")


def trained_config(spec: RunSpec) -> TrainConfig:
    """The train config as the train stage ran it (data path and output folder filled in)."""
    train, train_dir = spec.train, spec.run.root / "train"
    assert train is not None, "the config has no train: section"
    return train.model_copy(update={
        "data": train.data.model_copy(update={"path": str(training_rows(spec)), "kind": data_kind(spec)}),
        "output": train.output.model_copy(update={"dir": str(train_dir)}),
    })


def run_eval_stage(spec: RunSpec, force: bool = False, progress: Any = None) -> StageOutcome:
    from gristmill.evaluate.config import EvalConfig
    from gristmill.evaluate.stage import TrainedRun, job_for, run_eval

    started = time.perf_counter()
    cfg = spec.eval if spec.eval is not None else EvalConfig()
    train = trained_config(spec)
    job = job_for(TrainedRun(train.model_dump(mode="json"), spec.run.root / "train"), cfg)
    result = run_eval(job, force=force, progress=progress)
    if train.loop.report_to and not getattr(result, "skipped", False):
        track_eval(train, result.figures)
    return StageOutcome("eval", bool(getattr(result, "skipped", False)), time.perf_counter() - started, result)


def track_eval(train: TrainConfig, figures: dict[str, Any], train_dir: Path | None = None) -> list[str]:
    """The eval figures (`eval/tuned/rouge_l`, `eval/delta/...`, `eval/forgetting_ppl_delta`) added to the tracker
    runs that training wrote (in `train_dir`, default the config's output folder), at its last step."""
    import json

    from gristmill.train.metrics import log_eval, tracking_params

    train_dir = train_dir or train.output_dir()
    numbers = {f"eval/{side}/{name}": float(value) for side, values in figures.get("metrics", {}).items()
               if isinstance(values, dict) for name, value in values.items()
               if isinstance(value, int | float) and not isinstance(value, bool)}
    if isinstance(figures.get("forgetting_ppl_delta"), int | float):
        numbers["eval/forgetting_ppl_delta"] = float(figures["forgetting_ppl_delta"])
    record = json.loads((train_dir / "train.json").read_text(encoding="utf-8"))
    return log_eval(train_dir, numbers, int(record["result"]["steps"]), tracking_params(train))


def extend_manifest(spec: RunSpec) -> None:
    """Add the base model, the adapter and the eval results to the run's SPDX manifest (validated on save)."""
    import json

    from gristmill.manifests import Manifest

    root = spec.run.root
    from gristmill.manifests.spdx import ManifestError

    manifest = Manifest.load(root)
    try:
        data_ids = [manifest.package(manifest.file_name(training_rows(spec))).spdx_id]
    except ManifestError:  # the synth stage's curated rows are not in the manifest
        data_ids = []
    model = trained_config(spec).model
    base_id = manifest.add_package(f"base model {model.name}", download_location=None,
                                   comment="the base model the adapter was trained on", purpose="OTHER")
    adapter = root / "train" / "adapter"
    record = root / "train" / "train.json"
    if adapter.exists():
        manifest.add_stage_outputs("train", [adapter, *([record] if record.exists() else [])],
                                   derived_from=data_ids, descendant_of=[base_id])
    results = root / "eval" / "results.json"
    if results.exists():
        figures = json.loads(results.read_text())
        manifest.add_stage_outputs("eval", [results], annotations={"results": figures.get("metrics", figures)})
    manifest.save()


def run_data_stages(spec: RunSpec, *, force: bool = False, on_stage: OnStage | None = None,
                    curate_progress: Any = None, key: KeyProvider | None = None) -> None:
    """Curate, then synthesize (and curate that) when the config says so: the rows training reads."""
    from gristmill.curate.stage import run_curate

    def done(outcome: StageOutcome) -> None:
        if on_stage is not None:
            on_stage(outcome)

    started = time.perf_counter()
    curated = run_curate(spec.curate, spec.run, force=force, progress=curate_progress, key=key)
    done(StageOutcome("curate", curated.skipped, time.perf_counter() - started, curated.result.report))
    if spec.synth is not None:
        from gristmill.synth.stage import run_synth

        started = time.perf_counter()
        synthesized = run_synth(spec.synth, spec.run, spec.curate, force=force)
        done(StageOutcome("synth", synthesized.skipped, time.perf_counter() - started, synthesized))
        if synthesized.incomplete:  # train on what was asked for, not on whatever answers came back
            raise GristmillError(synthesized.incomplete_message(spec.run.root / "synth"))


def run_pipeline(spec: RunSpec, *, force: bool = False, on_stage: OnStage | None = None,
                 curate_progress: Any = None, train_step: Any = None, eval_progress: Any = None, nproc: int = 1,
                 key: KeyProvider | None = None) -> list[StageOutcome]:
    """Run every stage the config has, in order, skipping finished ones; returns what each stage did.

    With `key` (the master key's provider) the run is encrypted: every table, adapter, checkpoint, cache and
    per-example result is sealed with the run's data key as it is written, and read back in memory."""
    sealer = open_run(spec.run.root, key)  # refuses an encrypted run without its key, before any work
    with sealing(sealer):
        return _run_stages(spec, force, on_stage, curate_progress, train_step, eval_progress, nproc, key)


def _run_stages(spec: RunSpec, force: bool, on_stage: OnStage | None, curate_progress: Any, train_step: Any,
                eval_progress: Any, nproc: int, key: KeyProvider | None) -> list[StageOutcome]:
    from gristmill.html_report import write_report

    outcomes: list[StageOutcome] = []

    def done(outcome: StageOutcome) -> None:
        outcomes.append(outcome)
        if on_stage is not None:
            on_stage(outcome)

    run_data_stages(spec, force=force, on_stage=done, curate_progress=curate_progress, key=key)
    if spec.train is not None:
        done(run_train_stage(spec, force=force, on_step=train_step, nproc=nproc, key=key))
        done(run_eval_stage(spec, force=force, progress=eval_progress))
        extend_manifest(spec)
    started = time.perf_counter()
    write_report(spec.run.root)
    write_text("".join(f"{o.stage}\t{'skipped' if o.skipped else 'ran'}\t{o.seconds:.1f}\n" for o in outcomes),
               spec.run.root / "stages.tsv")
    done(StageOutcome("report", False, time.perf_counter() - started))
    return outcomes


__all__ = ["MARKER", "STAGES", "RunSpec", "StageOutcome", "load_run_spec", "run_data_stages", "run_pipeline",
           "run_spec_from"]
