"""Chaos: `gristmill run` (curate, synth against a loopback OpenAI-compatible server, train, eval) killed with
SIGKILL at random points of every stage, several times, then run to the end, gives byte-identical outputs to a
run never interrupted."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "data"
sys.path[:0] = [str(ROOT / "tests" / "synth"), str(Path(__file__).parent)]
from fake_openai import TEST_KEY_ENV, FakeOpenAI, client_options  # noqa: E402
from test_run import _build_tiny_model  # noqa: E402

pytestmark = pytest.mark.slow
STAGES = ("curate", "synth", "train", "eval")
# Byte-identical outputs. synth/curated/kept.parquet names the run's own part files in `source_file` and
# eval/results.json holds timings, so those two are compared without them (below).
OUTPUTS = ("curate/kept.parquet", "curate/rejected.parquet", "curate/quarantine.jsonl", "synth/rows.parquet",
           "train/adapter/adapter_model.safetensors", "train/adapter/adapter_config.json", "eval/per_example.parquet")


def write_config(folder: Path, model: Path, url: str) -> Path:
    config = {
        "kind": "sft",
        "inputs": [{"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "license": "MIT", "name": "codegen"}],
        "passes": [{"normalize": {}}, {"exact_dedup": {}}, {"quality": {"min_output_words": 3}}],
        "output": str(folder / "run"),
        "synth": {"client": client_options(url, concurrency=2),
                  "self_instruct": {"num_instructions": 12, "prompts_per_round": 2},
                  "back_translation": {"limit": 6, "pivots": ["French"]}},
        "train": {"model": {"name": str(model)},
                  "data": {"seq_len": 128, "max_examples": 64, "val_fraction": 0.25, "batch_size": 4},
                  "loop": {"max_steps": 10, "eval_every": 5, "save_every": 2, "early_stop_patience": None},
                  "optim": {"lr": 0.001, "warmup_steps": 2}},
        "eval": {"data": {"max_examples": 6}, "generation": {"max_new_tokens": 6, "batch_size": 3},
                 "slices": {"min_support": 2}},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def checksums(run: Path) -> dict[str, str]:
    import json

    import polars as pl

    sums = {name: hashlib.sha256((run / name).read_bytes()).hexdigest() for name in OUTPUTS}
    curated = pl.read_parquet(run / "synth" / "curated" / "kept.parquet")
    sums["synth/curated rows"] = hashlib.sha256(
        curated.with_columns(pl.col("source_file").str.replace(str(run), "RUN", literal=True))
        .write_ipc(None).getvalue()).hexdigest()
    results = json.loads((run / "eval" / "results.json").read_text())
    sums["eval figures"] = json.dumps({which: {k: v for k, v in figures.items() if not k.endswith("_per_s")}
                                       for which, figures in results["metrics"].items()}, sort_keys=True)
    sums["eval adapter"] = results["adapter_sha256"]
    return sums


def gristmill_run(config: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gristmill", "run", str(config)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def kill_during(stage: str, config: Path, env: dict[str, str], delay_s: float) -> bool:
    """Start a run, wait until `stage` has begun (its `.started.json`), then `delay_s`, and SIGKILL the whole
    process group. False when the stage was already done (nothing left to interrupt) or the run ended first."""
    marker = config.parent / "run" / stage
    if (marker / ".done.json").exists():
        return False
    proc = gristmill_run(config, env)
    deadline = time.monotonic() + 600
    while not (marker / ".started.json").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay_s)
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def test_runs_killed_at_random_points_of_every_stage_end_byte_identical(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    model = _build_tiny_model(tmp_path / "tiny")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", TEST_KEY_ENV: "sk-test-chaos-key",
           "GRISTMILL_CACHE": str(tmp_path / "cache"), "NO_PROXY": "127.0.0.1,localhost"}
    rng = random.Random(7)
    with FakeOpenAI(delay_s=0.02) as server:
        (tmp_path / "straight").mkdir()
        straight = write_config(tmp_path / "straight", model, server.url)
        assert gristmill_run(straight, env).wait() == 0
        reference = checksums(tmp_path / "straight" / "run")

        (tmp_path / "chaos").mkdir()
        config = write_config(tmp_path / "chaos", model, server.url)
        kills = {stage: 0 for stage in STAGES}
        for stage in STAGES:
            for _ in range(3):  # several kills at random points of this stage
                kills[stage] += kill_during(stage, config, env, delay_s=rng.uniform(0.0, 1.5))
        assert gristmill_run(config, env).wait() == 0
    assert all(kills.values()), kills  # every stage was interrupted at least once
    assert checksums(tmp_path / "chaos" / "run") == reference
    leftovers = [p for p in (tmp_path / "chaos" / "run").rglob("*") if p.name.endswith((".tmp", ".partial"))]
    assert leftovers == []
