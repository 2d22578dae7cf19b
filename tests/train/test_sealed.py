"""Training in an encrypted run: the adapter, the checkpoints and DPO's reference cache are sealed with the run's
data key as they are written and read back in memory; nothing trained reaches the disk in plaintext."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from tiny_llama import lora_model

from gristmill import crypto
from gristmill.train.config import TrainConfig
from gristmill.trained import has_adapter, load_adapter, save_sealed_adapter

SEALER = crypto.Sealer(bytes(range(32)), "test key")


class Killed(Exception):
    pass


def plaintext_files(folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and not p.read_bytes().startswith(crypto.MAGIC)]


def test_a_sealed_adapter_loads_into_the_same_model_as_peft_loads_the_plain_one(tiny_model: Path, tmp_path: Path
                                                                                ) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = lora_model(tiny_model, dropout=0.0).eval()
    ids = torch.tensor([[5, 17, 42, 9, 3, 77]])
    with torch.no_grad():
        expected = model(input_ids=ids).logits
    model.save_pretrained(str(tmp_path / "plain"))
    with crypto.sealing(SEALER):
        save_sealed_adapter(model, tmp_path / "sealed")
        assert has_adapter(tmp_path / "sealed")
        sealed = load_adapter(AutoModelForCausalLM.from_pretrained(tiny_model), tmp_path / "sealed").eval()
    assert sorted(p.name for p in (tmp_path / "sealed").iterdir()) == [
        "adapter_config.json.enc", "adapter_model.safetensors.enc"]
    assert plaintext_files(tmp_path / "sealed") == []
    plain = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), str(tmp_path / "plain"))
    sealed_config = json.loads(SEALER.read_bytes(tmp_path / "sealed" / "adapter_config.json"))
    plain_config = json.loads((tmp_path / "plain" / "adapter_config.json").read_text())
    for config in (sealed_config, plain_config):  # a set in peft: written in any order
        config["target_modules"] = sorted(config["target_modules"])
    assert sealed_config == plain_config  # what save_pretrained writes, sealed
    with torch.no_grad():
        torch.testing.assert_close(sealed(input_ids=ids).logits, expected, rtol=0, atol=0)
        torch.testing.assert_close(plain.eval()(input_ids=ids).logits, expected, rtol=0, atol=0)
    with pytest.raises(crypto.EncryptionError, match="the file is encrypted; reading it needs the key"):
        load_adapter(AutoModelForCausalLM.from_pretrained(tiny_model), tmp_path / "sealed")  # no sealer active


def sft_config(model: Path, data: Path, out: Path) -> TrainConfig:
    return TrainConfig.model_validate({
        "model": {"name": str(model)},
        "data": {"path": str(data), "seq_len": 96, "batch_size": 4, "max_examples": 24, "val_fraction": 0.1},
        "adapter": {"dropout": 0.1},  # dropout draws random numbers: the sealed RNG state must come back too
        "optim": {"lr": 3e-3, "warmup_steps": 1},
        "loop": {"max_steps": 4, "save_every": 2, "eval_every": 4},
        "output": {"dir": str(out)}})


def test_a_sealed_run_killed_after_a_checkpoint_resumes_to_the_same_losses(tiny_model: Path, sft_data: Path,
                                                                           tmp_path: Path) -> None:
    from gristmill.train.sft import run_sft

    straight = run_sft(sft_config(tiny_model, sft_data, tmp_path / "straight")).result.state.history

    def kill_at_step_3(record: dict[str, Any]) -> None:
        if record["step"] == 3:
            raise Killed

    out = tmp_path / "sealed"
    with crypto.sealing(SEALER):
        with pytest.raises(Killed):
            run_sft(sft_config(tiny_model, sft_data, out), on_step=kill_at_step_3)
        assert sorted(p.name for p in (out / "checkpoints" / "step-000002").iterdir()) == [
            "optimizer_rng.pt.enc", "state.json", "trainable.safetensors.enc"]
        resumed = run_sft(sft_config(tiny_model, sft_data, out))
    assert resumed.result.state.history == straight  # weights, optimizer and RNG came back from sealed files
    assert sorted(plaintext_files(out)) == ["checkpoints/step-000002/state.json", "metrics.jsonl", "train.json"]


def test_dpo_reference_cache_is_sealed_inside_the_run_and_reused(tiny_model: Path, preference_data: Path,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    from gristmill.train.dpo import cached_reference, fingerprint, preference_examples
    from gristmill.train.session import prepare
    from gristmill.train.sft import collate_fn

    monkeypatch.setenv("GRISTMILL_CACHE", str(tmp_path / "shared-cache"))
    rows = [json.loads(line) for line in preference_data.read_text().splitlines()][:6]
    cfg = TrainConfig.model_validate({
        "model": {"name": str(tiny_model)}, "data": {"path": str(preference_data), "kind": "preference"},
        "preference": {"max_prompt_tokens": 48, "max_completion_tokens": 48}, "output": {"dir": str(tmp_path / "out")}})
    prepared = prepare(cfg)
    pairs = preference_examples(rows, prepared.tokenizer, cfg)
    collate = collate_fn(cfg, prepared.tokenizer.pad_token_id)
    key = fingerprint(cfg, pairs, "cpu", False, False)
    with crypto.sealing(SEALER):
        first, hit_first = cached_reference(prepared.model, pairs, cfg, collate, key, False)
        second, hit_second = cached_reference(prepared.model, pairs, cfg, collate, key, False)
    assert (hit_first, hit_second) == (False, True)
    assert torch.equal(first, second)
    assert [p.name for p in (tmp_path / "out" / "reference_cache").iterdir()] == [f"{key}.safetensors.enc"]
    assert not (tmp_path / "shared-cache").exists()  # nothing of an encrypted run lands in the shared cache


def test_merged_weights_of_an_encrypted_run_are_sealed_and_equal_the_plain_merge(tiny_model: Path, tmp_path: Path
                                                                                 ) -> None:
    from safetensors.torch import load, load_file
    from transformers import AutoConfig, AutoModelForCausalLM

    from gristmill.train.session import merge_into

    lora_model(tiny_model, dropout=0.0).save_pretrained(str(tmp_path / "adapter"))
    plain = merge_into(str(tiny_model), None, tmp_path / "adapter", tmp_path / "plain")
    with crypto.sealing(SEALER):
        sealed = merge_into(str(tiny_model), None, tmp_path / "adapter", tmp_path / "sealed")
    assert plaintext_files(sealed) == []
    assert {p.name for p in sealed.iterdir()} >= {"model.safetensors.enc", "config.json.enc", "tokenizer.json.enc"}
    weights = load(SEALER.read_bytes(sealed / "model.safetensors"))
    assert weights.keys() == load_file(str(plain / "model.safetensors")).keys()  # tied copies stored once, as there
    config = AutoConfig.for_model(**json.loads(SEALER.read_bytes(sealed / "config.json")))
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(weights, strict=False)
    model.tie_weights()
    ids = torch.tensor([[5, 17, 42, 9, 3, 77]])
    with torch.no_grad():
        expected = AutoModelForCausalLM.from_pretrained(plain).eval()(input_ids=ids).logits
        torch.testing.assert_close(model.eval()(input_ids=ids).logits, expected, rtol=0, atol=0)
