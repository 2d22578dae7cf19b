"""`gristmill sweep`: tune any config key (adapter.r, optim.lr, loop.epochs, ...) with Optuna, in one run directory.

The pipeline's `sweep:` section names a search space over dotted config paths, an objective (the validation loss
training records, or any eval figure) and a budget (trials, optionally device hours). Curation (and synthesis)
runs once; every trial trains on the same curated rows in RUN/sweep/trial-<params digest>/. TPE proposes the
parameters; a median pruner stops a trial whose validation curve falls behind the others at the same step.
The study lives in RUN/sweep/optuna.db (SQLite), with heartbeats: a killed sweep rerun with the same command
marks the dead trial failed, retries its parameters (training resumes from that trial's checkpoints) and never
reruns a finished one. The best trial's adapter, train.json and config are promoted to RUN/sweep/best/, so
`gristmill export RUN/sweep/best` and `gristmill run RUN/sweep/best/pipeline.yaml` take it from there.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, model_validator

from gristmill.config import Section, load_yaml, validate
from gristmill.errors import ConfigError, GristmillError, require
from gristmill.files import write_json, write_text
from gristmill.rundir import RunDir
from gristmill.workflow import RunSpec, run_data_stages, run_spec_from, trained_config

SECTIONS = ("train", "eval")  # a dotted path starting elsewhere is relative to `train:`
STUDY = "gristmill"
HEARTBEAT_S = 2  # a trial whose process stopped beating this long ago (x2) was killed: failed, then retried


class Param(Section):
    """One dimension of the search space: `choices`, or a `low`..`high` range (ints when both are ints)."""

    choices: list[Any] | None = None
    low: float | None = None
    high: float | None = None
    log: bool = False  # sample the range on a log scale (learning rates)
    step: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_kind(self) -> Param:
        if (self.choices is None) == (self.low is None or self.high is None):
            raise ValueError("give either choices: [...] or both low: and high:")
        if self.choices is not None and not self.choices:
            raise ValueError("choices: give at least one value")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        if self.log and (self.low or 0) <= 0:
            raise ValueError("log: true needs low > 0")
        return self

    def is_int(self) -> bool:
        return all(isinstance(v, int) for v in (self.low, self.high)) and (self.step is None or self.step % 1 == 0)

    def suggest(self, trial: Any, name: str) -> Any:
        if self.choices is not None:
            return trial.suggest_categorical(name, self.choices)
        assert self.low is not None and self.high is not None
        if self.is_int():
            return trial.suggest_int(name, int(self.low), int(self.high), step=int(self.step or 1), log=self.log)
        return trial.suggest_float(name, self.low, self.high, step=self.step, log=self.log)

    def example(self) -> Any:
        """A value of the space, to validate the config with before any trial runs."""
        if self.choices is not None:
            return self.choices[0]
        return int(self.low) if self.is_int() else self.low  # type: ignore[arg-type]


class Pruning(Section):
    """Median pruning on the validation curve: a trial below the median of earlier trials at a step stops."""

    enabled: bool = True
    startup_trials: int = Field(default=2, ge=0)  # trials that run to the end before any is pruned
    warmup_steps: int = Field(default=0, ge=0)  # steps of a trial before it may be pruned


class SweepConfig(Section):
    """The `sweep:` section of a pipeline config."""

    space: dict[str, Param] = Field(min_length=1)  # dotted path (adapter.r, optim.lr, eval.x) → its values
    objective: str = "val_loss"  # the best validation loss, or an eval figure: rouge_l, tuned.token_f1, delta.x
    direction: Literal["minimize", "maximize"] | None = None  # default: what the objective's name implies
    trials: int = Field(default=12, ge=1)  # trials that finish (completed or pruned)
    gpu_hours: float | None = Field(default=None, gt=0)  # no new trial once finished ones used this device time
    seed: int = 0
    startup_trials: int = Field(default=4, ge=1)  # random trials before TPE models the space
    pruning: Pruning = Field(default_factory=Pruning)

    def resolved_direction(self) -> str:
        """minimize for val_loss and figures where lower is better (toxicity_rate, perplexity), maximize for
        scores; any other figure needs `direction:`."""
        if self.direction:
            return self.direction
        from gristmill.evaluate.result import AB_ROWS

        higher = {"val_loss": False, "forgetting_ppl_delta": False, "judge_win_rate": True,
                  **{row: better for row, _, better in AB_ROWS}}.get(self.objective.split(".")[-1])
        if higher is None:
            raise ConfigError([f"sweep.direction: give minimize or maximize for objective {self.objective!r}"])
        return "maximize" if higher else "minimize"


def config_path(key: str) -> list[str]:
    """`adapter.r` → ["train", "adapter", "r"]; `eval.generation.max_new_tokens` stays under eval."""
    parts = key.split(".")
    return parts if parts[0] in SECTIONS else ["train", *parts]


def with_params(raw: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The pipeline config with each dotted key set (sections created as needed), `sweep:` left out."""
    out = copy.deepcopy({k: v for k, v in raw.items() if k != "sweep"})
    for key, value in params.items():
        node = out
        *parents, leaf = config_path(key)
        for part in parents:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                raise ConfigError([f"sweep.space.{key}: {part} is not a section of the config"])
            node = child
        node[leaf] = value
    return out


def params_digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:12]


# ------------------------------------------------------------------------------------------------ loading


@dataclass
class Sweep:
    """A validated sweep: the config file as read, the sweep section and the pipeline it varies."""

    path: Path
    raw: dict[str, Any]
    cfg: SweepConfig
    base: RunSpec

    @property
    def dir(self) -> Path:
        return self.base.run.root / "sweep"

    def spec(self, params: dict[str, Any]) -> RunSpec:
        return run_spec_from(with_params(self.raw, params), self.path)


def load_sweep(path: str | Path, output: str | Path | None = None, trials: int | None = None) -> Sweep:
    """Read a pipeline config with a `sweep:` section; every space key is checked against the config's models
    (with one value of its range), so a typo fails before curation, not in the first trial."""
    path = Path(path)
    raw = load_yaml(path)
    if output is not None:
        raw["output"] = str(output)
    if not isinstance(raw.get("sweep"), dict):
        raise ConfigError(["sweep: missing (a sweep needs a sweep: section with a space:)"], str(path))
    section = dict(raw["sweep"])
    if trials is not None:
        section["trials"] = trials
    cfg = validate(SweepConfig, section, source=str(path), prefix="sweep.")
    base = run_spec_from(with_params(raw, {}), path)
    if base.train is None:
        raise ConfigError(["train: missing (a sweep tunes training: add a train: section)"], str(path))
    problems = []
    try:
        cfg.resolved_direction()
    except ConfigError as exc:
        problems += exc.problems
    if cfg.objective == "val_loss" and base.train.data.val_fraction == 0 and not base.train.data.val_path:
        problems.append("sweep.objective: val_loss needs a validation split (train.data.val_fraction > 0)")
    for key, param in cfg.space.items():
        try:
            run_spec_from(with_params(raw, {key: param.example()}), path)
        except ConfigError as exc:
            problems += [f"sweep.space.{key}: {p}" for p in exc.problems]
    if problems:
        raise ConfigError(problems, str(path))
    return Sweep(path, raw, cfg, base)


# ------------------------------------------------------------------------------------------------ trials

OnTrial = Callable[["TrialRecord"], None]


@dataclass
class TrialRecord:
    """One trial as the report shows it."""

    number: int
    state: str  # complete, pruned, fail, running
    params: dict[str, Any]
    value: float | None
    seconds: float | None
    dir: str | None
    steps: int | None = None
    val_curve: list[tuple[int, float]] = field(default_factory=list)


def trial_dir(sweep: Sweep, params: dict[str, Any]) -> Path:
    """One folder per parameter set: a retried trial finds its own checkpoints."""
    return sweep.dir / f"trial-{params_digest(params)}"


def train_trial(sweep: Sweep, trial: Any, params: dict[str, Any], train_step: Any = None) -> float:
    """Train (and evaluate, when the objective is an eval figure) one trial; its value of the objective."""
    import optuna

    from gristmill.train.stage import run_train

    spec = sweep.spec(params)
    root = trial_dir(sweep, params)
    trial.set_user_attr("dir", str(root))
    cfg = trained_config(spec)
    cfg = cfg.model_copy(update={"output": cfg.output.model_copy(update={"dir": str(root / "train")})})
    prune = sweep.cfg.pruning.enabled and sweep.cfg.objective == "val_loss"

    def on_step(record: dict[str, Any]) -> None:
        if train_step is not None:
            train_step(record)
        if prune and "val_loss" in record:
            trial.report(record["val_loss"], record["step"])
            if trial.should_prune():
                raise optuna.TrialPruned(f"validation loss {record['val_loss']:.4f} at step {record['step']}")

    upstream = {s: spec.run.stage_fingerprint(s) for s in ("curate", "synth")}
    run_train(cfg, RunDir(root), spec.curate.kind or "sft", upstream, on_step=on_step)
    record = json.loads((root / "train" / "train.json").read_text(encoding="utf-8"))
    if sweep.cfg.objective == "val_loss":
        best = record["result"]["best_val_loss"]
        if best is None:
            raise GristmillError(f"{root}: training recorded no validation loss (no validation rows?)")
        return float(best)
    return eval_objective(spec, cfg, root, sweep.cfg.objective)


def eval_objective(spec: RunSpec, cfg: Any, root: Path, objective: str) -> float:
    from gristmill.evaluate.config import EvalConfig
    from gristmill.evaluate.gates import figure
    from gristmill.evaluate.stage import TrainedRun, gate_figures, job_for, run_eval

    result = run_eval(job_for(TrainedRun(cfg.model_dump(mode="json"), root / "train"), spec.eval or EvalConfig()))
    scope, _, name = objective.rpartition(".")
    value = figure(name, scope or None, gate_figures(result.figures))
    if value is None:
        raise GristmillError(f"sweep.objective: the evaluation measured no {objective!r} (see {root}/eval)")
    return value


def open_study(sweep: Sweep) -> Any:
    """The study in RUN/sweep/optuna.db: created, or loaded to go on where a killed sweep stopped."""
    optuna = require("optuna", "sweep", "gristmill sweep")
    from optuna.storages import RDBStorage, RetryHeartbeatStaleTrialCallback

    sweep.dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():  # heartbeats are "experimental" in Optuna since 2.8; they are what resumes
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        storage = RDBStorage(f"sqlite:///{(sweep.dir / 'optuna.db').resolve()}", heartbeat_interval=HEARTBEAT_S,
                             grace_period=2 * HEARTBEAT_S,
                             heartbeat_stale_trial_callback=RetryHeartbeatStaleTrialCallback(max_retry=3))
    cfg = sweep.cfg
    pruner = (optuna.pruners.MedianPruner(n_startup_trials=cfg.pruning.startup_trials,
                                          n_warmup_steps=cfg.pruning.warmup_steps)
              if cfg.pruning.enabled else optuna.pruners.NopPruner())
    sampler = optuna.samplers.TPESampler(seed=cfg.seed, n_startup_trials=cfg.startup_trials)
    return optuna.create_study(study_name=STUDY, storage=storage, sampler=sampler, pruner=pruner,
                               direction=cfg.resolved_direction(), load_if_exists=True)


def finished(study: Any) -> list[Any]:
    from optuna.trial import TrialState

    return study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED))


def device_hours(trials: list[Any]) -> float:
    return sum(t.duration.total_seconds() for t in trials if t.duration is not None) / 3600


def run_sweep(sweep: Sweep, *, on_trial: OnTrial | None = None, train_step: Any = None,
              curate_progress: Any = None) -> SweepReport:
    """Curate once, run trials until the budget is spent (finished ones are never rerun), promote the best."""
    import optuna
    from optuna.trial import TrialState

    run_data_stages(sweep.base, curate_progress=curate_progress)
    study = open_study(sweep)
    cfg = sweep.cfg

    def objective(trial: Any) -> float:
        params = {key: param.suggest(trial, key) for key, param in cfg.space.items()}
        return train_trial(sweep, trial, params, train_step)

    def budget(study: Any, trial: Any) -> None:
        done = finished(study)
        if on_trial is not None:
            on_trial(trial_record(trial))
        failed = study.get_trials(deepcopy=False, states=(TrialState.FAIL,))
        if len(done) >= cfg.trials or (cfg.gpu_hours is not None and device_hours(done) >= cfg.gpu_hours) \
                or len(failed) >= cfg.trials:  # every trial failing is a config problem, not bad luck
            study.stop()

    with warnings.catch_warnings():  # Optuna calls its heartbeat functions "experimental" on every trial
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)  # trials of a killed sweep: failed now, retried by the callback
        done = finished(study)
        if len(done) < cfg.trials and (cfg.gpu_hours is None or device_hours(done) < cfg.gpu_hours):
            study.optimize(objective, callbacks=[budget], catch=(GristmillError,), gc_after_trial=True)
    report = sweep_report(sweep, study)
    write_json(report.as_dict(), sweep.dir / "sweep.json")
    if report.best is not None:
        promote(sweep, report.best)
    from gristmill.html_report import write_report

    write_report(sweep.base.run.root)
    return report


def promote(sweep: Sweep, best: TrialRecord) -> Path:
    """RUN/sweep/best/: the best trial's adapter, train.json, eval results and its pipeline config."""
    assert best.dir is not None
    source, target = Path(best.dir), sweep.dir / "best"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "train" / "adapter", target / "adapter")
    shutil.copy2(source / "train" / "train.json", target / "train.json")
    if (source / "eval" / "results.json").exists():
        shutil.copy2(source / "eval" / "results.json", target / "results.json")
    config = with_params(sweep.raw, best.params)
    write_text(yaml.safe_dump(config, sort_keys=False), target / "pipeline.yaml")
    write_json({"trial": best.number, "value": best.value, "params": best.params, "from": str(source)},
               target / "best.json")
    return target


# ------------------------------------------------------------------------------------------------ report


def validation_curve(folder: Path) -> list[tuple[int, float]]:
    metrics = folder / "train" / "metrics.jsonl"
    if not metrics.exists():
        return []
    records = [json.loads(line) for line in metrics.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(int(r["step"]), float(r["val_loss"])) for r in records if "val_loss" in r]


def trial_record(trial: Any) -> TrialRecord:
    folder = trial.user_attrs.get("dir")
    # a failed (killed) trial's folder holds what its retry trained since
    curve = validation_curve(Path(folder)) if folder and trial.state.name != "FAIL" else []
    steps = max(trial.intermediate_values) if trial.intermediate_values else (curve[-1][0] if curve else None)
    return TrialRecord(trial.number, trial.state.name.lower(), dict(trial.params), trial.value,
                       trial.duration.total_seconds() if trial.duration else None, folder, steps, curve)


@dataclass
class SweepReport:
    """Every trial of the study and the best one; renders as a Rich table."""

    objective: str
    direction: str
    trials: list[TrialRecord]
    best: TrialRecord | None
    budget: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"objective": self.objective, "direction": self.direction, "budget": self.budget,
                "best": asdict(self.best) if self.best else None, "trials": [asdict(t) for t in self.trials]}

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.text import Text

        from gristmill.report import table

        keys = sorted({k for t in self.trials for k in t.params})
        rows = [[("★ " if self.best and t.number == self.best.number else "") + str(t.number), t.state,
                 *(_show(t.params.get(k)) for k in keys), _show(t.value), _show(t.steps),
                 "" if t.seconds is None else f"{t.seconds:.1f}"] for t in self.trials]
        counts = {s: sum(t.state == s for t in self.trials) for s in ("complete", "pruned", "fail")}
        title = (f"sweep: {self.objective} ({self.direction}) · {counts['complete']} complete, "
                 f"{counts['pruned']} pruned, {counts['fail']} failed")
        parts: list[Any] = [table(title, ["trial", "state", *keys, self.objective, "steps", "s"], rows)]
        if self.best is not None:
            parts.append(Text(f"best: trial {self.best.number}, {self.objective} {self.best.value:.4g}, "
                              + ", ".join(f"{k}={_show(v)}" for k, v in self.best.params.items())))
        return Group(*parts)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def sweep_report(sweep: Sweep, study: Any) -> SweepReport:
    trials = [trial_record(t) for t in study.get_trials(deepcopy=False)]
    complete = [t for t in trials if t.state == "complete" and t.value is not None]
    pick = min if sweep.cfg.resolved_direction() == "minimize" else max
    best = pick(complete, key=lambda t: t.value) if complete else None  # type: ignore[arg-type,return-value]
    budget = {"trials": sweep.cfg.trials, "gpu_hours": sweep.cfg.gpu_hours,
              "device_hours_used": round(device_hours(finished(study)), 4)}
    return SweepReport(sweep.cfg.objective, sweep.cfg.resolved_direction(), trials, best, budget)


__all__ = ["Param", "SweepConfig", "SweepReport", "TrialRecord", "load_sweep", "run_sweep"]
