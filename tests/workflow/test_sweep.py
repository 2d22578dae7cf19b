"""`gristmill sweep` on the tiny model: curation once, TPE trials, a pruned one, the best promoted, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gristmill.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("optuna")
    import importlib.util

    spec = importlib.util.spec_from_file_location("tiny_builder", ROOT / "tests" / "train" / "conftest.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    return builder.build_tiny_model(tmp_path_factory.mktemp("tiny"))


def sweep_config(folder: Path, model: str, trials: int, max_steps: int = 8, **train: object) -> Path:
    config = {
        "kind": "sft",
        "inputs": [{"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "license": "MIT", "name": "codegen"}],
        "passes": [{"normalize": {}}, {"exact_dedup": {}}],
        "output": str(folder / "run"),
        "train": {"model": {"name": model},
                  "data": {"seq_len": 128, "max_examples": 48, "val_fraction": 0.25, "batch_size": 4},
                  "loop": {"max_steps": max_steps, "eval_every": 2, "save_every": 2, "early_stop_patience": None},
                  "optim": {"warmup_steps": 0}, **train},
        "sweep": {"space": {"optim.lr": {"low": 1e-5, "high": 3e-2, "log": True},
                            "adapter.r": {"choices": [2, 4, 8]}},
                  "trials": trials, "startup_trials": 3, "seed": 0,
                  "pruning": {"startup_trials": 1, "warmup_steps": 0}},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_a_sweep_prunes_a_trial_and_promotes_the_best(tiny: Path, tmp_path: Path) -> None:
    from gristmill.sweep import load_sweep, run_sweep

    sweep = load_sweep(sweep_config(tmp_path, str(tiny), trials=4, max_steps=6))
    report = run_sweep(sweep)
    run = tmp_path / "run"
    states = [t.state for t in report.trials]
    assert len(report.trials) == 4 and set(states) <= {"complete", "pruned"}
    assert states.count("pruned") >= 1, states
    complete = [t for t in report.trials if t.state == "complete"]
    assert report.best is not None and report.best.value == min(t.value for t in complete)  # type: ignore[type-var]
    # a pruned trial stopped before the last step; a complete one went to the end
    assert all(t.steps is not None and t.steps < 6 for t in report.trials if t.state == "pruned")
    assert all(t.steps == 6 for t in complete)
    # the value of a trial is the best validation loss its training recorded
    best_dir = Path(report.best.dir or "")
    recorded = json.loads((best_dir / "train" / "train.json").read_text())
    assert report.best.value == recorded["result"]["best_val_loss"]
    assert recorded["config"]["optim"]["lr"] == report.best.params["optim.lr"]
    assert recorded["config"]["adapter"]["r"] == report.best.params["adapter.r"]
    # curation ran once, in the run directory; the trials read its rows
    assert (run / "curate" / ".done.json").exists()
    assert recorded["data"][0]["path"] == str(run / "curate" / "kept.parquet")
    # promoted: the best adapter (byte for byte), train.json and a pipeline config with the chosen values
    best = run / "sweep" / "best"
    adapter = next((best_dir / "train" / "adapter").glob("*.safetensors"))
    assert (best / "adapter" / adapter.name).read_bytes() == adapter.read_bytes()
    chosen = yaml.safe_load((best / "pipeline.yaml").read_text())
    assert chosen["train"]["optim"]["lr"] == report.best.params["optim.lr"] and "sweep" not in chosen
    from gristmill.trained import find_trained

    assert find_trained(best).adapter_dir == best / "adapter"
    html = (run / "report.html").read_text()
    assert "Sweep: val_loss" in html and "Validation loss of every trial" in html
    # a rerun with the same budget runs nothing
    again = run_sweep(load_sweep(sweep_config(tmp_path, str(tiny), trials=4, max_steps=6)))
    assert [(t.number, t.state, t.value) for t in again.trials] == [(t.number, t.state, t.value)
                                                                     for t in report.trials]


@pytest.mark.slow  # ~40 s: both models generate after every trial
def test_a_sweep_on_an_eval_figure_maximizes_what_eval_measured(tiny: Path, tmp_path: Path) -> None:
    from gristmill.sweep import load_sweep, run_sweep

    path = sweep_config(tmp_path, str(tiny), trials=2, max_steps=4)
    raw = yaml.safe_load(path.read_text())
    raw["sweep"].update(objective="tuned.token_f1", space={"optim.lr": {"low": 1e-5, "high": 3e-3, "log": True}})
    raw["eval"] = {"data": {"max_examples": 4}, "generation": {"max_new_tokens": 6, "batch_size": 4},
                   "forgetting": {"enabled": False}, "slices": {"min_support": 2}}
    path.write_text(yaml.safe_dump(raw))
    report = run_sweep(load_sweep(path))
    assert report.direction == "maximize" and [t.state for t in report.trials] == ["complete", "complete"]
    for trial in report.trials:
        results = json.loads((Path(trial.dir or "") / "eval" / "results.json").read_text())
        assert trial.value == results["metrics"]["tuned"]["token_f1"]
    assert report.best is not None and report.best.value == max(t.value for t in report.trials)  # type: ignore[type-var]
    promoted = json.loads((tmp_path / "run" / "sweep" / "best" / "results.json").read_text())
    assert promoted["metrics"]["tuned"]["token_f1"] == report.best.value


def test_the_sweep_report_renders_every_trial() -> None:
    import io

    from rich.console import Console

    from gristmill.sweep import SweepReport, TrialRecord

    report = SweepReport("val_loss", "minimize", [
        TrialRecord(0, "complete", {"optim.lr": 0.001, "adapter.r": 4}, 2.5, 3.0, None, 8),
        TrialRecord(1, "pruned", {"optim.lr": 1e-05, "adapter.r": 2}, None, 1.0, None, 2)],
        TrialRecord(0, "complete", {"optim.lr": 0.001, "adapter.r": 4}, 2.5, 3.0, None, 8), {})
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(report)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "1 complete, 1 pruned, 0 failed" in text
    assert "★ 0" in text and "1e-05" in text
    assert "best: trial 0, val_loss 2.5, optim.lr=0.001, adapter.r=4" in text


def test_a_bad_space_key_fails_before_anything_runs(tmp_path: Path) -> None:
    from gristmill.sweep import load_sweep

    path = sweep_config(tmp_path, "embedded", trials=2)
    raw = yaml.safe_load(path.read_text())
    raw["sweep"]["space"]["adapter.rank"] = {"choices": [4]}
    raw["sweep"]["space"]["loop.epochs"] = {"low": -2, "high": 3}
    raw["sweep"]["objective"] = "mystery_score"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError) as caught:
        load_sweep(path)
    problems = caught.value.problems
    assert "sweep.direction: give minimize or maximize for objective 'mystery_score'" in problems
    assert any(p.startswith("sweep.space.adapter.rank: train.adapter.rank") for p in problems), problems
    assert any(p.startswith("sweep.space.loop.epochs: train.loop.epochs") for p in problems), problems
    raw["sweep"]["space"] = {"optim.lr": {"low": 1e-3}}
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="give either choices"):
        load_sweep(path)
    assert not (tmp_path / "run").exists()


def study_trials(db: Path) -> list:
    import optuna
    from sqlalchemy.exc import OperationalError

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        return optuna.load_study(study_name="gristmill", storage=f"sqlite:///{db}").get_trials(deepcopy=False)
    except (KeyError, OperationalError):  # not created yet, or the sweep holds the database's lock: ask again
        return []


@pytest.mark.slow
def test_a_killed_sweep_of_the_embedded_model_resumes_without_rerunning_finished_trials(tmp_path: Path) -> None:
    """Six trials of SmolLM2-135M on a CPU; killed during the third (or a later one), rerun with the same
    command: the finished trials stay as they were, the killed one is failed and its parameters retried."""
    import os
    import signal
    import subprocess
    import sys
    import time

    pytest.importorskip("optuna")
    config = sweep_config(tmp_path, "embedded", trials=6, max_steps=3)
    raw = yaml.safe_load(config.read_text())
    raw["train"]["data"].update(max_examples=18, val_fraction=0.12, seq_len=64, batch_size=1)  # 2 validation rows
    raw["train"]["loop"].update(eval_every=1)
    raw["sweep"]["space"]["optim.lr"] = {"low": 1e-6, "high": 1e-2, "log": True}
    config.write_text(yaml.safe_dump(raw))
    db = tmp_path / "run" / "sweep" / "optuna.db"
    proc = subprocess.Popen([sys.executable, "-m", "gristmill", "sweep", str(config)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 900
    while proc.poll() is None and time.monotonic() < deadline:
        trials = study_trials(db) if db.exists() else []
        finished = [t for t in trials if t.state.name in ("COMPLETE", "PRUNED")]
        running = [t for t in trials if t.state.name == "RUNNING"]  # loading the model or training
        if len(finished) >= 2 and running:
            break
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {t.number: t for t in study_trials(db)}
    killed = [t for t in before.values() if t.state.name == "RUNNING"]
    assert len(killed) == 1, "the sweep was not killed during a trial"
    done_before = {n: (t.params, t.value, t.datetime_complete) for n, t in before.items()
                   if t.state.name in ("COMPLETE", "PRUNED")}
    assert 2 <= len(done_before) < 6

    from gristmill.sweep import load_sweep, run_sweep

    time.sleep(5)  # past the heartbeat's grace period: the killed trial is stale
    report = run_sweep(load_sweep(config))
    after = {t.number: t for t in study_trials(db)}
    # finished trials were kept as they were, never rerun
    assert {n: (after[n].params, after[n].value, after[n].datetime_complete) for n in done_before} == done_before
    # the killed one is failed and its parameters retried (training resumed from its checkpoints)
    assert after[killed[0].number].state.name == "FAIL"
    retried = [t for t in after.values() if t.system_attrs.get("failed_trial") == killed[0].number]
    assert len(retried) == 1 and retried[0].params == killed[0].params
    states = [t.state for t in report.trials if t.state in ("complete", "pruned")]
    assert len(states) == 6 and "pruned" in states, [t.state for t in report.trials]
    assert report.best is not None
    assert (tmp_path / "run" / "sweep" / "best" / "adapter" / "adapter_config.json").exists()
