"""Weak slices → a plan the next run applies (`plan.yaml`), and the function that applies it to a run config.

Rules, applied in rank order to the weak slices that no higher-ranked weak slice explains, one action per slice
(the first metric that flags it wins), at most `max_actions` actions:

1. `review` — the slice is a derived property (length bucket, PII found, toxicity bucket, cluster size). No
   column of the data holds it, so no config change can target it; a person should look at those rows.
2. `drop` — the slice is a `source` and either the tuned model is worse than the base model on it (the
   bootstrap interval of tuned − base inside the slice lies below 0: training on that source hurt), or at
   least `conflict_rate` of its training rows share their prompt with a row that has a different answer
   (label noise: answers that contradict each other cannot be learned, only memorized).
3. `resynthesize` — the slice has fewer than `thin_rows` training rows: targeted Self-Instruct seeded from the
   slice's rows (`synth.self_instruct.target: {column, value}`) adds `thin_rows − rows` instructions. Only the
   top-ranked thin slice gets it (a run holds one self_instruct section); later thin slices are upweighted.
4. `upweight` — otherwise: the slice's rows count `weight` times in training, weight = rest mean / slice mean
   (slice mean / rest mean for metrics where lower is better), rounded to 0.1 and clipped to [1.5, max_weight].
   Applied as a `balance` pass (upsampling with replacement) whose target shares are the training counts of
   the column's values, the slice's multiplied by the weight.

The training curves (`train/metrics.jsonl`) add one more kind of advice, `sweep lr` (`curve_advice`): when the loss
diverged, the validation loss rose past its best, or it was still falling fast at the end, the plan carries a
`sweep:` section searching the learning rate below or above the one used.

`apply_plan_to_config(config, plan)` returns a new config dict: `drop` removes the input of that source,
`resynthesize` sets `synth.self_instruct`, `upweight` appends one `balance` pass per column, `review` changes
nothing, the curves' advice adds a `sweep:` section (unless the config has one) for `gristmill sweep`. An action
that cannot be applied is a ConfigError, never a silent skip.
"""

from __future__ import annotations

import copy
import glob
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field
from rich.console import RenderableType

from gristmill.config import Section, validate
from gristmill.errors import ConfigError
from gristmill.evaluate.config import HIGHER_IS_BETTER, FeedbackSection
from gristmill.evaluate.slices import DERIVED, SliceStat, WeakSlices
from gristmill.files import write_text

Action = Literal["upweight", "resynthesize", "drop", "review"]
MIN_WEIGHT = 1.5
PLAN_HEADER = ("# gristmill feedback plan: what the next run changes in its data (gristmill run --apply-plan).\n"
               "# upweight: balance pass upsampling the slice; resynthesize: targeted Self-Instruct from the\n"
               "# slice; drop: remove that source's input; review: a derived slice for a person to inspect.\n")


class SliceRef(Section):
    column: str
    value: str | int | float | bool


class PlanAction(Section):
    """One change for the next run, with the evidence that led to it."""

    action: Action
    slice: SliceRef
    metric: str
    gap: float
    ci: tuple[float, float]
    q_value: float
    reason: str
    weight: float | None = Field(default=None, ge=1.0)  # upweight
    counts: dict[str, int] | None = None  # upweight: training rows per value of the column
    count: int | None = Field(default=None, ge=1)  # resynthesize: instructions to add


class CurveAdvice(Section):
    """What the training curves say about the learning rate, as a `sweep:` section for the next run."""

    action: Literal["sweep"] = "sweep"
    finding: Literal["diverged", "overfit", "still_improving"]
    space: dict[str, dict[str, Any]]  # sweep.space: the range of optim.lr to search
    reason: str


class Plan(Section):
    """The actions of one run's feedback, in the order the weak slices were ranked; and what the training curves
    suggest for its hyperparameters."""

    version: Literal[1] = 1
    run: str
    actions: list[PlanAction] = Field(default_factory=list)
    training: list[CurveAdvice] = Field(default_factory=list)

    def __rich__(self) -> RenderableType:
        from gristmill.report import table

        rows = [[a.action, f"{a.slice.column}={a.slice.value}", _detail(a), a.reason] for a in self.actions]
        rows += [["sweep lr", "training curves", _lr_range(a), a.reason] for a in self.training]
        return table(f"Plan for the next run ({len(self.actions)} actions)", ["action", "slice", "detail", "why"],
                     rows or [["—", "no weak slice", "", "nothing to change"]], numeric_from=9)


def _lr_range(advice: CurveAdvice) -> str:
    lr = advice.space["optim.lr"]
    return f"lr {lr['low']:.2g}..{lr['high']:.2g}"


def curve_advice(history: list[dict[str, Any]], lr: float) -> CurveAdvice | None:
    """A learning-rate sweep when the curves of `metrics.jsonl` say the rate was off: the training loss ended
    above where it began or went non-finite (diverged: search below), the validation loss rose 5% or more above
    its best by the last evaluation (overfit: search below), or it was still falling 5% or more per evaluation
    at the end (still improving: search above). None when the curves show none of these."""
    losses = [float(r["loss"]) for r in history if "loss" in r]
    vals = [float(r["val_loss"]) for r in history if "val_loss" in r]
    if not losses:
        return None
    tenth = max(1, len(losses) // 10)
    start, end = sum(losses[:tenth]) / tenth, sum(losses[-tenth:]) / tenth
    finding: Literal["diverged", "overfit", "still_improving"] | None = None
    low, high, reason = lr / 10, lr, ""
    if not all(math.isfinite(x) for x in losses) or end > start:
        finding, reason = "diverged", f"training loss went from {start:.3f} to {end:.3f} (first/last tenth of steps)"
    elif len(vals) >= 3 and vals[-1] >= 1.05 * min(vals):
        finding, low, reason = "overfit", lr / 4, (f"validation loss rose from its best {min(vals):.3f} to "
                                                  f"{vals[-1]:.3f} by the end")
    elif len(vals) >= 2 and vals[-1] <= 0.95 * vals[-2]:
        finding, low, high, reason = "still_improving", lr, 4 * lr, (
            f"validation loss still fell {1 - vals[-1] / vals[-2]:.0%} in the last evaluation interval")
    if finding is None:
        return None
    return CurveAdvice(finding=finding, space={"optim.lr": {"low": low, "high": high, "log": True}},
                       reason=f"{reason} at lr {lr:.2g}")


def _detail(action: PlanAction) -> str:
    if action.action == "upweight":
        return f"weight {action.weight}"
    if action.action == "resynthesize":
        return f"+{action.count} instructions"
    return ""


# ------------------------------------------------------------------------------------------------ building


def upweight_factor(stat: SliceStat, max_weight: float) -> float:
    """rest / slice mean (slice / rest when lower is better), rounded to 0.1, clipped to [1.5, max_weight]."""
    better, worse = (stat.rest_mean, stat.slice_mean) if HIGHER_IS_BETTER[stat.metric] else \
        (stat.slice_mean, stat.rest_mean)
    ratio = better / worse if worse > 0 else max_weight
    return float(min(max(round(ratio, 1), MIN_WEIGHT), max_weight))


def _evidence(stat: SliceStat) -> dict[str, Any]:
    reason = (f"{stat.metric} {stat.slice_mean:.3f} on {stat.support} rows vs {stat.rest_mean:.3f} for the rest "
              f"(gap {stat.gap:+.3f}, CI [{stat.ci_low:+.3f}, {stat.ci_high:+.3f}], q={stat.q_value:.2g})")
    return {"slice": {"column": stat.column, "value": stat.value}, "metric": stat.metric, "gap": stat.gap,
            "ci": (stat.ci_low, stat.ci_high), "q_value": stat.q_value, "reason": reason}


def choose_action(stat: SliceStat, facts: TrainingFacts, cfg: FeedbackSection, resynthesizing: bool
                  ) -> dict[str, Any]:
    """The action the rules in the module docstring give one weak slice."""
    evidence = _evidence(stat)
    counts = facts.counts.get(stat.column)
    if stat.column in DERIVED or counts is None:
        return {**evidence, "action": "review"}
    if stat.column == "source":
        harm = _harm(stat, facts.conflicts.get(str(stat.value), 0.0), cfg)
        if harm:
            evidence["reason"] += f"; {harm}"
            return {**evidence, "action": "drop"}
    rows = int(counts.get(_key(stat.value), 0))
    if rows < cfg.thin_rows and not resynthesizing:
        evidence["reason"] += f"; only {rows} training rows"
        return {**evidence, "action": "resynthesize", "count": cfg.thin_rows - rows}
    return {**evidence, "action": "upweight", "weight": upweight_factor(stat, cfg.max_weight),
            "counts": dict(counts)}


def _harm(stat: SliceStat, conflicts: float, cfg: FeedbackSection) -> str | None:
    """Why training on a source hurt, or None."""
    if stat.delta_ci_high is not None and stat.delta_ci_high < 0:
        return f"tuned is worse than base here (delta {stat.delta_mean:+.3f})"
    if conflicts >= cfg.conflict_rate:
        return f"{conflicts:.0%} of its training rows contradict another row's answer to the same prompt"
    return None


def _key(value: Any) -> str:
    """A slice value as the string the balance pass compares (Polars' cast to String: true/false for booleans)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


@dataclass
class TrainingFacts:
    """What the rules need to know about the training rows.

    counts[column][value]: training rows per value of a column; conflicts[source]: share of a source's rows
    whose prompt also appears with a different answer.
    """

    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    conflicts: Mapping[str, float] = field(default_factory=dict)


def build_plan(weak: WeakSlices, facts: TrainingFacts, cfg: FeedbackSection, run: str,
               advice: CurveAdvice | None = None) -> Plan:
    """Turn ranked weak slices into actions (the rules of the module docstring), with the curves' advice."""
    actions: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for stat in weak.to_act_on:
        if len(actions) >= cfg.max_actions or (stat.column, _key(stat.value)) in seen:
            continue
        seen.add((stat.column, _key(stat.value)))
        resynthesizing = any(a["action"] == "resynthesize" for a in actions)
        actions.append(choose_action(stat, facts, cfg, resynthesizing))
    return validate(Plan, {"run": run, "actions": actions,
                           "training": [advice.model_dump()] if advice is not None else []})


def write_plan(plan: Plan, path: str | Path) -> Path:
    body = yaml.safe_dump(plan.model_dump(mode="json", exclude_none=True), sort_keys=False, allow_unicode=True)
    return write_text(PLAN_HEADER + body, path)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan.yaml (a bad file is a ConfigError naming it)."""
    from gristmill.config import load_yaml

    return validate(Plan, load_yaml(path), source=str(path))


# ------------------------------------------------------------------------------------------------ applying


def apply_plan_to_config(config: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """A copy of a run config (the YAML mapping) with the plan's actions applied (see module docstring)."""
    config = copy.deepcopy(config)
    dropped: dict[str, set[str]] = {}
    for action in plan.actions:
        if action.action == "drop":
            _drop_source(config, str(action.slice.value))
            dropped.setdefault(action.slice.column, set()).add(_key(action.slice.value))
        elif action.action == "resynthesize":
            _resynthesize(config, action)
    upweights = [a for a in plan.actions if a.action == "upweight"]
    for column in dict.fromkeys(a.slice.column for a in upweights):
        mine = [a for a in upweights if a.slice.column == column]
        config.setdefault("passes", []).append({"balance": _balance_options(mine, dropped.get(column, set()))})
    for advice in plan.training:  # for `gristmill sweep` on the new config; `gristmill run` leaves it be
        config.setdefault("sweep", {"space": advice.space, "objective": "val_loss", "trials": 8})
    return config


def _input_source(item: dict[str, Any]) -> str | None:
    """The `source` value of an input's rows when it is fixed by the config (a name, or one file's stem)."""
    if item.get("name"):
        return str(item["name"])
    path = str(item.get("path", ""))
    if glob.has_magic(path):
        return None
    from gristmill.config import InputSpec
    from gristmill.tables import source_name

    return source_name(InputSpec(path=path), Path(path))


def _drop_source(config: dict[str, Any], source: str) -> None:
    inputs = config.get("inputs") or []
    keep = [item for item in inputs if not (isinstance(item, dict) and _input_source(item) == source)]
    if len(keep) == len(inputs):
        globs = [item.get("path") for item in inputs if isinstance(item, dict) and _input_source(item) is None]
        hint = f"; it may come from the glob input(s) {globs}: give that file its own input" if globs else ""
        raise ConfigError([f"plan: drop source {source!r}, but no input of this config is that source{hint}"])
    if not keep:
        raise ConfigError([f"plan: drop source {source!r} would leave the config without inputs"])
    config["inputs"] = keep


def _resynthesize(config: dict[str, Any], action: PlanAction) -> None:
    synth = config.setdefault("synth", {})
    if not isinstance(synth, dict):
        raise ConfigError(["plan: resynthesize needs `synth` to be a mapping"])
    current = synth.get("self_instruct") or {}
    target = {"column": action.slice.column, "value": action.slice.value}
    synth["self_instruct"] = {**current, "target": target, "num_instructions": action.count}


def _balance_options(actions: list[PlanAction], dropped: set[str]) -> dict[str, Any]:
    """One balance pass for a column: target shares = training counts, weighted slices multiplied."""
    counts = {k: v for k, v in (actions[0].counts or {}).items() if k not in dropped}
    weights = {_key(a.slice.value): a.weight or 1.0 for a in actions}
    target = {value: round(n * weights.get(value, 1.0), 6) for value, n in counts.items()}
    return {"by": actions[0].slice.column, "target": target, "upsample": True, "seed": 0}
