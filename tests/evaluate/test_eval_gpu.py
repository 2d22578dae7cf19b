"""The CUDA path: a LoRA adapter on an NF4 base (as QLoRA trains it), evaluated base vs tuned on the GPU."""

from __future__ import annotations

from pathlib import Path

import pytest
from planted_data import curate_run

from gristmill.evaluate import EvalConfig, run_eval
from gristmill.evaluate.stage import TrainedRun, job_for


@pytest.mark.gpu
def test_planted_source_is_found_with_a_qlora_adapter_on_cuda(word_model: Path, tmp_path: Path) -> None:
    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    run = curate_run(tmp_path / "run", n=150, seed=0, corrupt="colors")
    held = curate_run(tmp_path / "held", n=40, seed=1)
    cfg = TrainConfig.model_validate({
        "model": {"name": str(word_model), "quantize": "nf4"}, "adapter": {"method": "lora", "r": 16},
        "data": {"path": str(run), "seq_len": 64, "val_fraction": 0.05, "packing": False, "batch_size": 48},
        "optim": {"lr": 3e-3, "warmup_steps": 10, "schedule": "constant"},
        "loop": {"max_steps": 400, "eval_every": 100, "save_every": 10_000, "early_stop_patience": None}})
    run_sft(cfg)
    job = job_for(TrainedRun.read(run), EvalConfig.model_validate({  # what training wrote: run/train/train.json
        "data": {"path": str(held)}, "generation": {"max_new_tokens": 4, "batch_size": 64},
        "toxicity": {"enabled": False}, "slices": {"metrics": ["exact_match"]}}))
    result = run_eval(job)
    tuned = result.figures["metrics"]["tuned"]
    assert tuned["exact_match"] > 0.6 > result.figures["metrics"]["base"]["exact_match"]
    assert tuned["generated_tokens_per_s"] > 0 and tuned["prompt_tokens_per_s"] > 0
    top = result.weak.to_act_on[0]
    assert (top.name, top.ci_high < 0) == ("source=colors", True)
    assert {s.value for s in result.weak.weak if s.column == "source"} == {"colors"}
