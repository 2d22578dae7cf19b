"""Trained runs for the export and serve tests (their conftests share its fixtures): a real two-step SFT run
on the tiny Llama, and copies of its adapter with other random LoRA B matrices, so each adapter answers
differently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from train.conftest import EXAMPLES, build_tiny_model

KEYS = {"acme": "sk-acme-7f3a9c", "globex": "sk-globex-51be20", "admin": "sk-admin-c0ffee"}  # serve tests


def train_tiny_run(model: Path, run: Path, steps: int = 2, merge: bool = False) -> Path:
    """RUN/train/{adapter,train.json} from `run_sft`; LoRA B is then randomized (seed 0) so the adapter matters."""
    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    cfg = TrainConfig.model_validate({
        "model": {"name": str(model)},
        "data": {"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "seq_len": 128, "batch_size": 4,
                 "max_examples": 16},
        "adapter": {"r": 4, "alpha": 8},
        "loop": {"max_steps": steps}, "output": {"dir": str(run / "train"), "merge": merge}})
    report = run_sft(cfg)
    randomize_lora_b(report.adapter_dir, seed=0)
    return run


def adapter_variant(run: Path, folder: Path, seed: int) -> Path:
    """A copy of RUN's adapter (a plain peft folder) with LoRA B drawn again from `seed`."""
    shutil.copytree(run / "train" / "adapter", folder)
    randomize_lora_b(folder, seed)
    return folder


def randomize_lora_b(adapter_dir: Path, seed: int, scale: float = 0.05) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    path = adapter_dir / "adapter_model.safetensors"
    weights = load_file(str(path))
    generator = torch.Generator().manual_seed(seed)
    for name, tensor in weights.items():
        if "lora_B" in name:  # two steps barely move B from zero
            weights[name] = torch.randn(tensor.shape, generator=generator) * scale
    save_file(weights, str(path), metadata={"format": "pt"})


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny_base"))


@pytest.fixture(scope="session")
def tiny_run(tiny_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_tiny_run(tiny_base, tmp_path_factory.mktemp("runs") / "demo")
