"""DPO on the tiny model: trl agreement, the reference cache, and learning the training pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from gristmill.train.config import TrainConfig


def pairs_rows(path: Path, n: int) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()][:n]
    return [{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in rows]


def dpo_config(model: Path, data: Path, out: Path, **loop: Any) -> TrainConfig:
    return TrainConfig.model_validate({
        "model": {"name": str(model)}, "data": {"path": str(data), "batch_size": 8},
        "preference": {"beta": 0.1, "max_prompt_tokens": 48, "max_completion_tokens": 48},
        "optim": {"lr": 5e-3, "warmup_steps": 2}, "loop": {"eval_every": 1000, **loop},
        "output": {"dir": str(out)}})


def test_dpo_loss_matches_trl_on_the_same_batch(tiny_model: Path, preference_data: Path, tmp_path: Path) -> None:
    """trl's DPOTrainer scores its own collated batch; we score the same token ids (policy and adapter-disabled
    reference through our forward) and apply our loss: the two losses agree."""
    trl = pytest.importorskip("trl", reason="trl is a dev dependency (pip install 'gristmill[dev]')")
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from gristmill.train.data import Example, pack
    from gristmill.train.dpo import pair_batch, pair_logps, reference_context
    from gristmill.train.forward import enable_varlen
    from gristmill.train.losses import dpo_loss

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    rows = [{k: v[:200] for k, v in r.items()} for r in pairs_rows(preference_data, 4)]
    args = trl.DPOConfig(output_dir=str(tmp_path), per_device_train_batch_size=4, beta=0.1, max_length=256,
                         report_to=[], use_cpu=True, bf16=False)
    lora = LoraConfig(r=8, lora_dropout=0.0, target_modules="all-linear", task_type="CAUSAL_LM")
    trainer = trl.DPOTrainer(model=AutoModelForCausalLM.from_pretrained(tiny_model), args=args,
                             train_dataset=Dataset.from_list(rows), processing_class=tokenizer, peft_config=lora)
    model = trainer.model
    torch.manual_seed(1)
    with torch.no_grad():  # move the adapter away from zero so policy and reference differ
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.05)
    batch = next(iter(trainer.get_train_dataloader()))
    theirs = trainer.compute_loss(model, batch).item()

    ids, completion, mask = batch["input_ids"], batch["completion_mask"], batch["attention_mask"]
    n = ids.shape[0] // 2
    examples = []
    for row in range(ids.shape[0]):
        keep = mask[row].bool()
        tokens, comp = ids[row][keep].tolist(), completion[row][keep].tolist()
        examples.append(Example(tokens, comp.index(1)))
    pairs = [(examples[i], examples[i + n]) for i in range(n)]  # trl stacks all chosen, then all rejected
    enable_varlen(model)
    ours_batch = pair_batch(pairs, list(range(n)), pack)
    with torch.no_grad():
        chosen, rejected = pair_logps(model, ours_batch)
        with reference_context(model):
            ref_chosen, ref_rejected = pair_logps(model, ours_batch)
    ours = dpo_loss(chosen, rejected, ref_chosen, ref_rejected, beta=0.1).losses.mean().item()
    assert abs(ours - 0.6931) > 1e-3  # not the trivial log 2 of an untrained adapter
    assert ours == pytest.approx(theirs, abs=1e-4)


def test_reference_logps_are_cached_and_reused(tiny_model: Path, preference_data: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from gristmill.train.dpo import cached_reference, fingerprint, preference_examples, reference_logps
    from gristmill.train.session import prepare
    from gristmill.train.sft import collate_fn

    monkeypatch.setenv("GRISTMILL_CACHE", str(tmp_path / "cache"))
    cfg = dpo_config(tiny_model, preference_data, tmp_path / "out", max_steps=1)
    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"kind": "preference"})})
    prepared = prepare(cfg)
    pairs = preference_examples(pairs_rows(preference_data, 6), prepared.tokenizer, cfg)
    collate = collate_fn(cfg, prepared.tokenizer.pad_token_id)
    key = fingerprint(cfg, pairs, "cpu", False, False)
    first, hit_first = cached_reference(prepared.model, pairs, cfg, collate, key, False)
    second, hit_second = cached_reference(prepared.model, pairs, cfg, collate, key, False)
    assert (hit_first, hit_second) == (False, True)
    assert torch.equal(first, second)
    torch.testing.assert_close(first, reference_logps(prepared.model, pairs, cfg, collate, False))
    assert fingerprint(cfg, pairs[:5], "cpu", False, False) != key  # other data, other key


@pytest.mark.slow  # ~40 s on two idle cores (45 DPO steps); run with -m slow
def test_dpo_learns_the_training_pairs(tiny_model: Path, preference_data: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Reward accuracy on the training pairs (scored as the validation split) rises from 0.5 to above 0.9."""
    from gristmill.train.dpo import run_dpo

    monkeypatch.setenv("GRISTMILL_CACHE", str(tmp_path / "cache"))
    rows = pairs_rows(preference_data, 24)
    cfg = dpo_config(tiny_model, preference_data, tmp_path / "out", max_steps=45, eval_every=45)
    report = run_dpo(cfg, rows=(rows, rows))
    assert report.result.last_record["val_reward_accuracy"] > 0.9
    assert report.record["decisions"]["reference_cache"]["hit"] is False
    assert report.record["decisions"]["prompts_shared"] is True  # pairs packed with their prompt once
    assert (tmp_path / "out" / "adapter" / "adapter_model.safetensors").exists()
