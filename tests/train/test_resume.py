"""A run killed after a checkpoint and resumed repeats exactly the losses of a run that was never stopped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gristmill.train.config import TrainConfig
from gristmill.train.sft import run_sft


class Killed(Exception):
    pass


def config(model: Path, data: Path, out: Path) -> TrainConfig:
    return TrainConfig.model_validate({
        "model": {"name": str(model)},
        "data": {"path": str(data), "seq_len": 128, "batch_size": 4, "max_examples": 40, "val_fraction": 0.1},
        "adapter": {"dropout": 0.1},  # dropout draws random numbers: the RNG state must be restored too
        "optim": {"lr": 3e-3, "warmup_steps": 2},
        "loop": {"max_steps": 6, "grad_accum": 2, "save_every": 2, "eval_every": 3},
        "output": {"dir": str(out)}})


def test_resume_after_a_kill_gives_the_same_losses(tiny_model: Path, sft_data: Path, tmp_path: Path) -> None:
    straight = run_sft(config(tiny_model, sft_data, tmp_path / "straight")).result.state.history

    def kill_at_step_3(record: dict[str, Any]) -> None:
        if record["step"] == 3:
            raise Killed

    with pytest.raises(Killed):
        run_sft(config(tiny_model, sft_data, tmp_path / "killed"), on_step=kill_at_step_3)
    assert sorted(p.name for p in (tmp_path / "killed" / "checkpoints").iterdir()) == ["step-000002"]
    resumed = run_sft(config(tiny_model, sft_data, tmp_path / "killed"))
    assert len(straight) == 6
    assert resumed.result.state.history == straight  # steps 1-2 from the checkpoint, 3-6 recomputed: bit-equal
