"""End-to-end SFT on a tiny saved model: it learns, the adapter is plain peft, the run is recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from gristmill.train.config import TrainConfig


def sft_config(model: Path, data: Path, out: Path, **loop: Any) -> TrainConfig:
    return TrainConfig.model_validate({
        "model": {"name": str(model)},
        "data": {"path": str(data), "seq_len": 192, "batch_size": 8, "max_examples": 72, "val_fraction": 0.1},
        "optim": {"lr": 5e-3, "warmup_steps": 2},
        "loop": {"max_steps": 16, "eval_every": 8, **loop},
        "output": {"dir": str(out)}})


@pytest.fixture(scope="module")
def trained(tiny_model: Path, sft_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from gristmill.train.sft import run_sft

    return run_sft(sft_config(tiny_model, sft_data, tmp_path_factory.mktemp("sft")))


def test_training_lowers_the_loss(trained: Any) -> None:
    history = trained.result.state.history
    assert len(history) == 16
    assert sum(history[-4:]) / 4 < sum(history[:4]) / 4 - 0.05


def test_adapter_weights_change_from_their_initialization(trained: Any) -> None:
    from safetensors.torch import load_file

    weights = load_file(str(trained.adapter_dir / "adapter_model.safetensors"))
    lora_b = [t for name, t in weights.items() if "lora_B" in name]
    assert len(lora_b) == 2 * 7  # 2 layers × q, k, v, o, gate, up, down
    assert all(t.abs().max().item() > 0 for t in lora_b)  # peft initializes B to zero


def test_plain_peft_loads_the_adapter_and_reproduces_the_trained_model(trained: Any, tiny_model: Path) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(tiny_model)
    ids = torch.tensor([[5, 17, 42, 99, 3, 250]])
    with torch.no_grad():
        before = base(ids).logits
        loaded = PeftModel.from_pretrained(base, str(trained.adapter_dir)).eval()
        after = loaded(ids).logits
    assert (after - before).abs().max().item() > 1e-4  # the adapter does something


def test_run_record_has_model_data_settings_and_adapter_checksum(trained: Any, sft_data: Path) -> None:
    import hashlib

    record = json.loads((trained.output_dir / "train.json").read_text())
    adapter_file = trained.adapter_dir / "adapter_model.safetensors"
    assert record["kind"] == "sft"
    assert record["adapter"]["sha256"] == hashlib.sha256(adapter_file.read_bytes()).hexdigest()
    assert record["data"] == [{"path": str(sft_data), "sha256": hashlib.sha256(sft_data.read_bytes()).hexdigest()}]
    assert record["config"]["adapter"]["r"] == 16
    assert record["examples"] == {"train": 65, "validation": 7}
    assert record["decisions"]["attention"] == "varlen"
    lines = (trained.output_dir / "metrics.jsonl").read_text().splitlines()
    assert [json.loads(line)["step"] for line in lines] == list(range(1, 17))
    assert "val_loss" in json.loads(lines[7])
