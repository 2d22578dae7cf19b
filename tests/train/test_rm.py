"""Reward model: Bradley–Terry on the tiny model fits its pairs, and `score_texts` ranks with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.slow  # ~30 s on two idle cores (40 steps); run with -m slow
def test_reward_model_ranks_its_training_pairs(tiny_model: Path, preference_data: Path, tmp_path: Path) -> None:
    from gristmill.train.config import TrainConfig
    from gristmill.train.rm import load_reward_model, run_rm, score_texts

    rows = [json.loads(line) for line in preference_data.read_text().splitlines()][:24]
    rows = [{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in rows]
    cfg = TrainConfig.model_validate({
        "model": {"name": str(tiny_model)}, "data": {"path": str(preference_data), "batch_size": 8},
        "preference": {"max_prompt_tokens": 48, "max_completion_tokens": 48},
        "optim": {"lr": 5e-3, "warmup_steps": 2}, "loop": {"max_steps": 40, "eval_every": 40},
        "output": {"dir": str(tmp_path)}})
    report = run_rm(cfg, rows=(rows, rows))
    assert report.result.last_record["val_accuracy"] > 0.9
    model, tokenizer, saved_cfg = load_reward_model(tmp_path)  # plain peft load of base + saved adapter
    prompts = [r["prompt"] for r in rows]
    chosen = score_texts(model, tokenizer, saved_cfg, prompts, [r["chosen"] for r in rows])
    rejected = score_texts(model, tokenizer, saved_cfg, prompts, [r["rejected"] for r in rows])
    accuracy = sum(c > r for c, r in zip(chosen, rejected, strict=True)) / len(rows)
    assert accuracy == pytest.approx(report.result.last_record["val_accuracy"], abs=0.05)
