from __future__ import annotations

import io

import polars as pl
import pytest
from rich.console import Console

from gristmill.config import CurateConfig, validate
from gristmill.curate import Pipeline, build_passes
from gristmill.errors import ConfigError
from gristmill.evaluate.config import FeedbackSection
from gristmill.evaluate.feedback import (
    TrainingFacts,
    apply_plan_to_config,
    build_plan,
    curve_advice,
    load_plan,
    upweight_factor,
    write_plan,
)
from gristmill.evaluate.slices import SliceStat, WeakSlices
from gristmill.synth.config import SynthConfig

CFG = FeedbackSection()


def weak(column: str, value: object, slice_mean: float = 0.3, rest_mean: float = 0.6, metric: str = "rouge_l",
         delta: tuple[float, float, float] | None = None, explained_by: str | None = None) -> SliceStat:
    stat = SliceStat(column, value, metric, 40, slice_mean, rest_mean, slice_mean - rest_mean, -0.4, -0.2, 1e-5,
                     1e-4, True, explained_by=explained_by)
    if delta:
        stat.delta_mean, stat.delta_ci_low, stat.delta_ci_high = delta
    return stat


def plan_for(*stats: SliceStat, facts: TrainingFacts | None = None) -> list[tuple[str, str, object]]:
    plan = build_plan(WeakSlices(list(stats)), facts or TrainingFacts(), CFG, run="runs/x")
    return [(a.action, a.slice.column, a.weight or a.count) for a in plan.actions]


def test_upweight_factor_is_the_ratio_rounded_and_clipped() -> None:
    assert upweight_factor(weak("c", "x", 0.3, 0.6), 4.0) == 2.0
    assert upweight_factor(weak("c", "x", 0.5, 0.6), 4.0) == 1.5  # 1.2 → at least 1.5
    assert upweight_factor(weak("c", "x", 0.05, 0.6), 4.0) == 4.0  # 12 → at most max_weight
    assert upweight_factor(weak("c", "x", 0.2, 0.05, metric="toxic"), 4.0) == 4.0  # lower is better: 0.2/0.05


def test_rules_give_each_kind_of_slice_its_action() -> None:
    facts = TrainingFacts(counts={"source": {"big": 900, "small": 50, "bad": 300}, "category": {"sql": 400}},
                          conflicts={"bad": 0.0})
    actions = plan_for(
        weak("source", "bad", delta=(-0.2, -0.3, -0.1)),  # tuned worse than base → drop
        weak("answer_length", "long"),  # derived → review
        weak("source", "small"),  # 50 < thin_rows 200 → resynthesize 150
        weak("category", "sql", 0.2, 0.5),  # enough rows → upweight 2.5
        facts=facts)
    assert actions == [("drop", "source", None), ("review", "answer_length", None),
                       ("resynthesize", "source", 150), ("upweight", "category", 2.5)]


def test_contradictory_sources_are_dropped_and_only_one_slice_is_resynthesized() -> None:
    facts = TrainingFacts(counts={"source": {"noisy": 500, "a": 10, "b": 20}}, conflicts={"noisy": 0.6, "a": 0.0})
    assert plan_for(weak("source", "noisy"), weak("source", "a"), weak("source", "b"), facts=facts) == [
        ("drop", "source", None), ("resynthesize", "source", 190), ("upweight", "source", 2.0)]


def test_explained_slices_get_no_action() -> None:
    facts = TrainingFacts(counts={"source": {"a": 500}})
    assert plan_for(weak("source", "a"), weak("category", "x", explained_by="source=a"), facts=facts) == [
        ("upweight", "source", 2.0)]


def test_plan_round_trips_through_yaml(tmp_path) -> None:
    facts = TrainingFacts(counts={"source": {"a": 500, "b": 100}, "flag": {"true": 300, "false": 300}})
    plan = build_plan(WeakSlices([weak("source", "a"), weak("flag", True)]), facts, CFG, run="runs/x")
    path = write_plan(plan, tmp_path / "plan.yaml")
    assert path.read_text().startswith("# gristmill feedback plan")
    assert load_plan(path) == plan
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(plan)
    assert "upweight" in console.file.getvalue()


def curve(losses: list[float], vals: dict[int, float]) -> list[dict[str, float]]:
    return [{"step": step, "loss": loss, **({"val_loss": vals[step]} if step in vals else {})}
            for step, loss in enumerate(losses, start=1)]


def test_training_curves_give_a_learning_rate_sweep_only_when_they_say_so(tmp_path) -> None:
    falling = [3.0 - 0.1 * i for i in range(20)]
    assert curve_advice(curve(falling, {5: 2.6, 10: 2.4, 15: 2.35, 20: 2.33}), 1e-4) is None  # settled
    diverged = curve_advice(curve([2.0, 2.5, 3.0, 4.0, float("nan")], {}), 1e-3)
    assert diverged is not None and diverged.finding == "diverged"
    assert diverged.space["optim.lr"] == {"low": 1e-4, "high": 1e-3, "log": True}  # below the rate used
    overfit = curve_advice(curve(falling, {5: 2.2, 10: 2.0, 15: 2.1, 20: 2.3}), 1e-4)
    assert overfit is not None and overfit.finding == "overfit" and overfit.space["optim.lr"]["high"] == 1e-4
    improving = curve_advice(curve(falling, {10: 2.4, 20: 2.0}), 1e-4)
    assert improving is not None and improving.finding == "still_improving"
    assert improving.space["optim.lr"]["low"] == 1e-4 and improving.space["optim.lr"]["high"] == 4e-4
    plan = build_plan(WeakSlices([]), TrainingFacts(), CFG, run="runs/x", advice=improving)
    assert load_plan(write_plan(plan, tmp_path / "plan.yaml")) == plan
    config = apply_plan_to_config({"inputs": []}, plan)
    assert config["sweep"] == {"space": improving.space, "objective": "val_loss", "trials": 8}
    assert apply_plan_to_config({"inputs": [], "sweep": {"space": {}}}, plan)["sweep"] == {"space": {}}


def test_a_malformed_plan_is_a_config_error(tmp_path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("run: x\nactions:\n  - {action: explode, slice: {column: a, value: b}}\n")
    with pytest.raises(ConfigError, match=r"plan\.yaml"):
        load_plan(path)


CONFIG = {
    "kind": "sft",
    "inputs": [{"path": "data/a.jsonl", "name": "a"}, {"path": "data/bad.jsonl"}, {"path": "data/c.jsonl"}],
    "passes": [{"normalize": {}}],
    "synth": {"client": {"backend": "local"}, "self_instruct": {"num_instructions": 10, "seed": 3}},
    "output": "runs/demo",
}


def test_apply_plan_drops_resynthesizes_and_upweights() -> None:
    facts = TrainingFacts(counts={"source": {"a": 300, "bad": 300, "c": 100}}, conflicts={"bad": 0.5})
    plan = build_plan(WeakSlices([weak("source", "bad"), weak("source", "c"), weak("source", "a", 0.3, 0.9)]),
                      facts, CFG, run="runs/x")
    applied = apply_plan_to_config(CONFIG, plan)
    assert [i["path"] for i in applied["inputs"]] == ["data/a.jsonl", "data/c.jsonl"]
    assert applied["synth"]["self_instruct"] == {"num_instructions": 100, "seed": 3,
                                                 "target": {"column": "source", "value": "c"}}
    assert applied["passes"] == [{"normalize": {}}, {"balance": {"by": "source", "target": {"a": 900.0, "c": 100.0},
                                                                 "upsample": True, "seed": 0}}]
    assert CONFIG["inputs"][1] == {"path": "data/bad.jsonl"}  # the caller's config is not modified
    curate = {k: v for k, v in applied.items() if k != "synth"}
    build_passes(validate(CurateConfig, curate).passes)
    validate(SynthConfig, applied["synth"])


def test_the_upweight_balance_pass_multiplies_the_slice_rows(tmp_path) -> None:
    """a: 10 rows, b: 30 rows; upweighting a by 2.0 must give 20 rows of a and leave b at 30."""
    facts = TrainingFacts(counts={"source": {"a": 10, "b": 30}})
    plan = build_plan(WeakSlices([weak("source", "a", 0.3, 0.6)]), facts, FeedbackSection(thin_rows=1), run="x")
    inputs = []
    for name, n in (("a", 10), ("b", 30)):
        path = tmp_path / f"{name}.jsonl"
        pl.DataFrame({"instruction": [f"{name} question {i}" for i in range(n)],
                      "output": [f"answer {i}" for i in range(n)]}).write_ndjson(path)
        inputs.append({"path": str(path), "name": name})
    config = apply_plan_to_config({"inputs": inputs, "passes": []}, plan)
    kept = Pipeline(build_passes(config["passes"]), kind="sft").run(config["inputs"]).kept
    assert dict(kept.group_by("source").len().sort("source").rows()) == {"a": 20, "b": 30}


def test_dropping_a_source_that_comes_from_a_glob_is_an_error() -> None:
    facts = TrainingFacts(counts={"source": {"part1": 100}}, conflicts={"part1": 1.0})
    plan = build_plan(WeakSlices([weak("source", "part1")]), facts, CFG, run="runs/x")
    with pytest.raises(ConfigError, match="glob"):
        apply_plan_to_config({"inputs": [{"path": "data/*.jsonl"}]}, plan)
