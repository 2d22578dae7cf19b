"""The planted experiment: train on four sources, one with its outputs shuffled, and let eval find it.

Two runs of the real pipeline (curate → train with the trainer's API → eval on clean held-out rows): one with
the `colors` source corrupted, one with nothing planted. The first must put `source=colors` at the top of the
weak slices with a significant gap and flag no clean source; the second must flag nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from planted_data import TASKS, curate_run
from typer.testing import CliRunner

from gristmill.evaluate import EvalConfig, EvalResult, apply_plan_to_config, load_plan, run_eval
from gristmill.evaluate.stage import EvalJob, TrainedRun, job_for

EVAL = {"generation": {"max_new_tokens": 4, "batch_size": 32}, "slices": {"metrics": ["exact_match", "rouge_l"]},
        "gates": ["exact_match >= 0.5", "toxicity_rate <= 0.1", "delta.exact_match > 0"]}


def train_and_evaluate(root: Path, model: Path, corrupt: str | None) -> tuple[EvalJob, EvalResult]:
    import torch

    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    run = curate_run(root / "run", n=150, seed=0, corrupt=corrupt)
    held = curate_run(root / "held", n=40, seed=1)  # clean held-out rows, other draws of the same tasks
    cfg = TrainConfig.model_validate({
        "model": {"name": str(model)}, "adapter": {"method": "full"},
        "data": {"path": str(run), "seq_len": 64, "val_fraction": 0.05, "packing": False, "batch_size": 48},
        "optim": {"lr": 3e-3, "warmup_steps": 10, "schedule": "constant"},
        "loop": {"max_steps": 120, "eval_every": 60, "save_every": 10_000, "early_stop_patience": None}})
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model gains nothing from threads on a shared CPU, and loses a lot
    try:
        run_sft(cfg)
        job = job_for(TrainedRun.read(run), EvalConfig.model_validate({**EVAL, "data": {"path": str(held)}}))
        return job, run_eval(job)
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def corrupted(word_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalJob, EvalResult]:
    return train_and_evaluate(tmp_path_factory.mktemp("corrupted"), word_model, corrupt="colors")


@pytest.fixture(scope="module")
def clean(word_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[EvalJob, EvalResult]:
    return train_and_evaluate(tmp_path_factory.mktemp("clean"), word_model, corrupt=None)


def test_the_corrupted_source_is_the_top_weak_slice(corrupted: tuple[EvalJob, EvalResult]) -> None:
    _, result = corrupted
    top = result.weak.to_act_on[0]
    assert (top.column, top.value, top.metric) == ("source", "colors", "exact_match")
    assert top.ci_high < -0.5 and top.q_value < 1e-6
    flagged_sources = {s.value for s in result.weak.weak if s.column == "source"}
    assert flagged_sources == {"colors"}  # no clean source is flagged
    assert [s.name for s in result.weak.to_act_on] == ["source=colors"]  # overlapping slices are explained by it


def test_the_plan_drops_the_corrupted_source(corrupted: tuple[EvalJob, EvalResult]) -> None:
    job, _ = corrupted
    plan = load_plan(job.run_root / "plan.yaml")
    assert [(a.action, a.slice.column, a.slice.value) for a in plan.actions] == [("drop", "source", "colors")]
    config = {"inputs": [{"path": f"raw/{name}.jsonl", "name": name} for name in TASKS]}
    assert [i["name"] for i in apply_plan_to_config(config, plan)["inputs"]] == ["sounds", "capitals", "opposites"]


def test_nothing_planted_flags_nothing(clean: tuple[EvalJob, EvalResult]) -> None:
    _, result = clean
    assert result.weak.tested  # sources, lengths ... were tested
    assert result.weak.weak == []
    assert result.plan.actions == []


def test_tuned_beats_base_side_by_side_and_gates_pass(clean: tuple[EvalJob, EvalResult]) -> None:
    _, result = clean
    metrics = result.figures["metrics"]
    assert metrics["tuned"]["exact_match"] > 0.9 > metrics["base"]["exact_match"]
    assert metrics["delta"]["exact_match"] == pytest.approx(metrics["tuned"]["exact_match"]
                                                            - metrics["base"]["exact_match"])
    # profanity_check (the default scorer) scores two of the answers as profane: buzz 0.8, white 0.7
    generations = result.per_example.get_column("tuned_generation")
    assert metrics["tuned"]["toxicity_rate"] == pytest.approx(generations.is_in(["buzz", "white"]).mean())
    assert metrics["tuned"]["perplexity"] > 0 and result.figures["forgetting_ppl_delta"] is not None
    assert [g.passed for g in result.gates] == [True, True, True]
    assert result.passed


def test_outputs_are_written_and_read_back(corrupted: tuple[EvalJob, EvalResult]) -> None:
    job, result = corrupted
    out = job.run_root / "eval"
    results = json.loads((out / "results.json").read_text())
    assert results["examples"] == 160 and results["weak_slices"][0] == "source=colors"
    assert results["gates"][0] == {"gate": "exact_match >= 0.5", "value": pytest.approx(0.75, abs=0.1),
                                   "passed": True, "why": ""}
    per_example = pl.read_parquet(out / "per_example.parquet")
    assert per_example.height == 160
    assert {"id", "source", "output", "base_generation", "tuned_generation", "tuned_exact_match", "base_rouge_l",
            "tuned_toxicity", "tuned_length_tokens"} <= set(per_example.columns)
    weak = json.loads((out / "weak_slices.json").read_text())
    assert weak["weak"][0]["slice"] == "source=colors"
    again = run_eval(job)  # same config and weights: the finished stage is read back, not recomputed
    assert again.skipped and again.weak.weak[0].name == "source=colors"
    assert again.figures["metrics"] == result.figures["metrics"]  # JSON keeps floats exactly


def test_cli_prints_the_ab_table_and_exits_3_when_a_gate_fails(corrupted: tuple[EvalJob, EvalResult],
                                                              tmp_path: Path) -> None:
    from gristmill.cli import app

    job, _ = corrupted
    config = tmp_path / "eval.yaml"
    held = job.cfg.data.path
    config.write_text(f"eval:\n  data: {{path: {held}}}\n  generation: {{max_new_tokens: 4, batch_size: 32}}\n"
                      f"  toxicity: {{enabled: false}}\n  forgetting: {{enabled: false}}\n"
                      f"  gates: ['exact_match >= 0.99']\n")
    result = CliRunner().invoke(app, ["eval", str(job.run_root), "--config", str(config)])
    assert result.exit_code == 3, result.output
    assert "Base vs tuned on 160 held-out examples" in result.output
    assert "gate failed: exact_match >= 0.99" in result.output
    assert "source=colors" in result.output
