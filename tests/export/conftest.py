"""A tiny saved Llama and a LoRA adapter trained on it by `run_sft` (a real run directory, two steps)."""

from __future__ import annotations

from pathlib import Path

import pytest
from train.conftest import EXAMPLES, build_tiny_model


def train_tiny_run(model: Path, run: Path, steps: int = 2, seed: int = 0) -> Path:
    """RUN/train/{adapter,train.json} from a real SFT run; LoRA B is then randomized so the adapter matters."""
    import torch
    from safetensors.torch import load_file, save_file

    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    cfg = TrainConfig.model_validate({
        "model": {"name": str(model)},
        "data": {"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "seq_len": 128, "batch_size": 4,
                 "max_examples": 16},
        "adapter": {"r": 4, "alpha": 8},
        "loop": {"max_steps": steps, "seed": seed}, "output": {"dir": str(run / "train")}})
    report = run_sft(cfg)
    weights_file = report.adapter_dir / "adapter_model.safetensors"
    weights = load_file(str(weights_file))
    generator = torch.Generator().manual_seed(seed)
    for name, tensor in weights.items():
        if "lora_B" in name:  # two steps barely move B from zero: make each adapter visibly its own
            weights[name] = torch.randn(tensor.shape, generator=generator) * 0.05
    save_file(weights, str(weights_file), metadata={"format": "pt"})
    return run


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny_base"))


@pytest.fixture(scope="session")
def tiny_run(tiny_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_tiny_run(tiny_base, tmp_path_factory.mktemp("runs") / "demo")
