"""Two ranks over gloo train the same adapter as one process with the same global batch, and a run resumes
from a checkpoint on another number of ranks (the launcher is torch's, as `gristmill train --nproc` uses it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

torch = pytest.importorskip("torch")


def write_config(folder: Path, model: Path, data: Path, kind: str) -> Path:
    config = {"train": {
        "model": {"name": str(model)}, "adapter": {"dropout": 0.0},  # dropout masks would differ per rank
        "data": {"path": str(data), "seq_len": 64, "max_examples": 48, "val_fraction": 0.1, "batch_size": 8},
        "loop": {"max_steps": 6, "eval_every": 3, "save_every": 2, "keep_checkpoints": 8,
                 "early_stop_patience": None},
        "optim": {"lr": 0.002, "warmup_steps": 1},
        "output": {"dir": str(folder / "out")}}}
    path = folder / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def train(config: Path, kind: str, nproc: int) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "GRISTMILL_CACHE": str(config.parent / "cache")}
    done = subprocess.run([sys.executable, "-m", "gristmill", "train", kind, str(config), "--nproc", str(nproc)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]


def losses(out: Path) -> list[float]:
    records = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return [r["loss"] for r in records if "loss" in r]


def adapter(out: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_file(str(out / "adapter" / "adapter_model.safetensors"))


def assert_same_adapter(a: Path, b: Path) -> None:
    left, right = adapter(a), adapter(b)
    assert left.keys() == right.keys()
    for name in left:
        torch.testing.assert_close(left[name], right[name], rtol=1e-4, atol=1e-5, msg=name)


@pytest.fixture(scope="module")
def runs(tiny_model: Path, sft_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, nproc in (("one", 1), ("two", 2)):
        folder = tmp_path_factory.mktemp(name)
        train(write_config(folder, tiny_model, sft_data, "sft"), "sft", nproc)
        folders[name] = folder
    return folders


def test_two_gloo_ranks_train_what_one_process_trains(runs: dict[str, Path]) -> None:
    one, two = losses(runs["one"] / "out"), losses(runs["two"] / "out")
    assert len(one) == len(two) == 6
    assert two == pytest.approx(one, rel=1e-4)
    assert_same_adapter(runs["one"] / "out", runs["two"] / "out")


@pytest.mark.parametrize(("written_by", "resumed_on"), [("two", 1), ("one", 2)])
def test_a_checkpoint_resumes_on_another_number_of_ranks(runs: dict[str, Path], tmp_path: Path,
                                                         written_by: str, resumed_on: int) -> None:
    """Rank 0's step-4 checkpoint, resumed on the other rank count, ends where the uninterrupted run did."""
    folder = tmp_path / "resumed"
    shutil.copytree(runs[written_by], folder)
    config = folder / "sft.yaml"
    config.write_text(config.read_text().replace(str(runs[written_by]), str(folder)))
    out = folder / "out"
    shutil.rmtree(out / "adapter")
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["step-000002", "step-000004"]
    train(config, "sft", resumed_on)
    assert_same_adapter(out, runs["one"] / "out")
