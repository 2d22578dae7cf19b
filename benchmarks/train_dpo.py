"""DPO speed and memory: gristmill's loop vs trl DPOTrainer, same NF4 base, same GPU, one process.

  synthetic  random-weight Llama-3.2-1B / Llama-3.1-8B shapes, random tokens, prompt 512 + completion 512 per
             side, one pair per step (--trl-accumulate: trl also with gradient accumulation), QLoRA (NF4, bf16,
             LoRA r=16 all-linear, paged 8-bit AdamW), beta 0.1, sigmoid loss; trl with gradient checkpointing
             and its reference = adapter disabled each step.
             Ours with the memory budget set to trl's measured peak, once with the reference log-probs cached
             (warm cache: computed before the timed steps) and once computing them every step.
  smollm2    the library's `run_dpo` end to end on SmolLM2-135M-Instruct with hh-rlhf pairs: held-out reward
             accuracy before (0.5 by construction: all rewards are 0) and after training.

Usage (GPU): python benchmarks/train_dpo.py --what synthetic --shape 1b 8b --steps 30
             python benchmarks/train_dpo.py --what smollm2 --model PATH --data PATH/hh.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train_common import (
    ON_GPU,
    SHAPES,
    StepClock,
    build_nf4_model,
    free_gpu,
    isolated,
    our_config,
    peak_gib,
    prepare_ours,
    random_words,
    serve_call,
    table,
    trl_clock_callback,
    word_tokenizer,
)

LORA = {"r": 16, "alpha": 32.0, "dropout": 0.05, "target_modules": "all-linear"}


def run_trl(shape: str, prompt: int, completion: int, steps: int, work: Path, accumulate: int = 1) -> dict[str, Any]:
    from datasets import Dataset
    from peft import LoraConfig
    from trl import DPOConfig, DPOTrainer

    vocab = SHAPES[shape]["vocab_size"]
    tokenizer = word_tokenizer(vocab, work / "tok")
    rng = np.random.default_rng(0)
    n = steps * accumulate + 1
    data = Dataset.from_dict({"prompt": [random_words(rng, prompt, vocab) for _ in range(n)],
                              "chosen": [random_words(rng, completion, vocab) for _ in range(n)],
                              "rejected": [random_words(rng, completion, vocab) for _ in range(n)]})
    model = build_nf4_model(shape, work / "model")
    args = DPOConfig(output_dir=str(work / "trl"), per_device_train_batch_size=1,
                     gradient_accumulation_steps=accumulate,
                     max_length=prompt + completion, beta=0.1, loss_type="sigmoid", bf16=ON_GPU,
                     gradient_checkpointing=True, optim="paged_adamw_8bit" if ON_GPU else "adamw_torch",
                     learning_rate=5e-6, max_steps=steps, logging_steps=1, save_strategy="no", report_to=[],
                     seed=0, dataloader_num_workers=0)
    lora = LoraConfig(r=16, lora_alpha=32, lora_dropout=0.05, target_modules="all-linear", task_type="CAUSAL_LM")
    clock = StepClock()
    trainer = DPOTrainer(model=model, args=args, train_dataset=data, processing_class=tokenizer, peft_config=lora,
                         callbacks=[trl_clock_callback(clock)])
    free_gpu()
    trainer.train()
    pairs_per_s = clock.steps() * accumulate / clock.seconds()  # the clock ticks once per optimizer step
    label = "" if accumulate == 1 else f", {accumulate} pairs/update by accumulation"
    row = {"tool": f"trl DPOTrainer (GC on{label})", "shape": shape, "pairs_per_update": accumulate,
           "pairs_per_s": pairs_per_s, "tokens_per_s": pairs_per_s * 2 * (prompt + completion), "peak_gib": peak_gib()}
    del trainer, model
    free_gpu()
    return row


def run_ours(shape: str, prompt: int, completion: int, steps: int, work: Path, budget_gib: float | None,
             cached: bool = True, pairs_per_step: int = 1, fused: bool = True, output_head: str = "auto",
             optimizer: str = "auto", share_prompt: bool = True) -> dict[str, Any]:
    from gristmill.train.data import Example
    from gristmill.train.dpo import dpo_task, reference_logps
    from gristmill.train.loop import train
    from gristmill.train.sft import collate_fn

    vocab = SHAPES[shape]["vocab_size"]
    rng = np.random.default_rng(0)
    pairs = []
    for _ in range((steps + 1) * pairs_per_step):
        head = rng.integers(0, vocab - 2, prompt).tolist()
        pairs.append(tuple(Example(head + rng.integers(0, vocab - 2, completion).tolist(), prompt) for _ in "cr"))
    fast = budget_gib is None
    cfg = our_config(model={"dequantize_cache": fast, "offload_output_head": output_head},
                     adapter={**LORA, "fused": "auto" if fused else "off"},
                     data={"kind": "preference", "batch_size": pairs_per_step, "packing": True},
                     preference={"beta": 0.1, "max_prompt_tokens": prompt, "max_completion_tokens": completion,
                                 "reference_cache": cached, "share_prompt": share_prompt},
                     optim={"optimizer": optimizer, "lr": 5e-6, "warmup_steps": 3},
                     loop={"max_steps": steps, "gradient_checkpointing": "auto", "max_memory_gib": budget_gib,
                           "save_every": 10**9, "eval_every": 10**9, "early_stop_patience": None})
    prepared = prepare_ours(build_nf4_model(shape, work / "model"), cfg)
    model = prepared["model"]
    reference, ref_seconds = None, 0.0
    if cached:
        started = time.perf_counter()
        reference = reference_logps(model, pairs, cfg, collate_fn(cfg, 0), average=False)
        ref_seconds = time.perf_counter() - started
    task = dpo_task(pairs, [], cfg, 0, reference, None, prepared["attention"])
    clock = StepClock()
    free_gpu()
    train(model, task, cfg, work / "ours", resume=False, on_step=lambda record: clock.tick())
    pairs_per_s = clock.steps() * pairs_per_step / clock.seconds()
    label = ("GPU memory, " if fast else "") + ("" if fused else "peft's LoRA forward, ") + \
        ("output head kept on the GPU, " if output_head == "off" else "") + \
        (f"optimizer {optimizer}, " if optimizer != "auto" else "") + \
        ("each side's prompt apart, " if not share_prompt else "")
    row = {"tool": f"gristmill ({label}{'cached reference' if cached else 'reference each step'}, {pairs_per_step} "
                   f"pair/step)", "shape": shape, "fused": prepared["fused"],
           "pairs_per_update": pairs_per_step, "pairs_per_s": pairs_per_s,
           "tokens_per_s": pairs_per_s * 2 * (prompt + completion), "peak_gib": peak_gib(),
           "reference_pass_s": ref_seconds,
           "checkpointed": f"{prepared['checkpointing']['checkpointed_layers']}/"
                           f"{prepared['checkpointing']['total_layers']}", "optimizer": prepared["optimizer"],
           "offloaded": prepared["offloaded"]}
    del prepared, model, task
    free_gpu()
    return row


# Our rows: name -> how they differ from the default (`run_ours`: trl's memory, cached reference, one pair a
# step, fused forwards, output head and optimizer chosen automatically); "pairs" is per shape (8b, other) and
# "fast" gives the GPU's memory instead of trl's.
VARIANTS: dict[str, dict[str, Any]] = {
    "cached": {}, "cached2": {"pairs": (2, 2)}, "each": {"cached": False}, "unfused": {"fused": False},
    "resident": {"output_head": "off"}, "adamw": {"optimizer": "adamw"},
    "adamw2": {"optimizer": "adamw", "pairs": (2, 2)}, "cached3": {"pairs": (3, 3)},
    "adamw3": {"optimizer": "adamw", "pairs": (3, 3)}, "cached4": {"pairs": (4, 4)},
    "fast": {"fast": True, "pairs": (2, 4)}, "adamw3_apart": {"optimizer": "adamw", "pairs": (3, 3),
                                                               "share_prompt": False}}


def synthetic(shapes: list[str], prompt: int, completion: int, steps: int, work: Path,
              variants: list[str], trl_accumulate: list[int], with_trl: bool = True) -> list[dict[str, Any]]:
    """trl (one pair a step, the issue's setup; then with gradient accumulation, the same pairs per optimizer
    update as our rows of two pairs a step), then ours (`VARIANTS`: at trl's memory with the reference cached,
    one or two pairs a step, or computed each step; peft's LoRA forward instead of the fused one; the output
    head kept on the GPU; another optimizer; with the GPU's memory); each in its own process. `speedup` is
    against trl's one-pair row, `speedup_same_update` against the trl row with as many pairs per update."""
    rows = []
    for shape in shapes:
        trl_rows: dict[int, dict[str, Any]] = {}
        for accumulate in sorted(set(trl_accumulate) | {1}) if with_trl else []:
            trl_rows[accumulate] = isolated(__file__, "run_trl", shape=shape, prompt=prompt, completion=completion,
                                            steps=steps, work=work / f"{shape}-trl{accumulate}", accumulate=accumulate)
            rows.append(trl_rows[accumulate])
        theirs = trl_rows.get(1, {})
        budget = theirs.get("peak_gib", 0) * 0.95 or None
        for name in variants:
            options = dict(VARIANTS[name])
            pairs = options.pop("pairs", (1, 1))[0 if shape == "8b" else 1]
            fast = options.pop("fast", False)
            row = isolated(__file__, "run_ours", shape=shape, prompt=prompt, completion=completion, steps=steps,
                           work=work / f"{shape}-{name}", budget_gib=None if fast else budget,
                           pairs_per_step=pairs, **options)
            row["speedup"] = row.get("pairs_per_s", 0) / theirs.get("pairs_per_s", float("nan"))
            if pairs in trl_rows:
                same = trl_rows[pairs].get("pairs_per_s", float("nan"))
                row["speedup_same_update"] = row.get("pairs_per_s", 0) / same
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def smollm2(model: str, data: Path, steps: int, work: Path) -> list[dict[str, Any]]:
    """End-to-end `run_dpo` (NF4 on CUDA, reference cache) and held-out reward accuracy."""
    from gristmill.tables import split_validation
    from gristmill.train.config import TrainConfig
    from gristmill.train.dpo import run_dpo

    rows = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    rows = [{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in rows]
    train_idx, val_idx = split_validation(len(rows), 0.1, 0)  # rows in memory: the GPU machine has no polars
    cfg = TrainConfig.model_validate({
        "model": {"name": model}, "adapter": LORA,
        "data": {"path": str(data), "val_fraction": 0.1, "batch_size": 8},
        "preference": {"beta": 0.1, "max_prompt_tokens": 512, "max_completion_tokens": 256},
        "optim": {"lr": 5e-5, "warmup_steps": 10},
        "loop": {"max_steps": steps, "eval_every": max(steps // 4, 1), "early_stop_patience": None},
        "output": {"dir": str(work / "dpo")}})
    started = time.perf_counter()
    report = run_dpo(cfg, rows=([rows[i] for i in train_idx], [rows[i] for i in val_idx]))
    seconds = time.perf_counter() - started
    lines = [json.loads(line) for line in (work / "dpo" / "metrics.jsonl").read_text().splitlines()]
    evals = [r for r in lines if "val_loss" in r]
    return [{"step": r["step"], "val_loss": r["val_loss"], "val_reward_accuracy": r.get("val_reward_accuracy"),
             "train_reward_accuracy": r.get("reward_accuracy"), "seconds_total": seconds,
             "reference_cache": json.dumps(report.record["decisions"].get("reference_cache", {}))[:40]}
            for r in evals]


def main() -> None:
    if serve_call(globals()):  # a child of `isolated`
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--what", choices=["synthetic", "smollm2"], required=True)
    parser.add_argument("--shape", nargs="+", default=["1b", "8b"])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS),
                        help="synthetic: which of our configurations to run after trl")
    parser.add_argument("--trl-accumulate", type=int, nargs="+", default=[1],
                        help="synthetic: also run trl with these gradient accumulation steps (pairs per update)")
    parser.add_argument("--no-trl", action="store_true", help="synthetic: our rows only (the budget rows then get "
                        "no memory budget: it is trl's peak)")
    parser.add_argument("--prompt", type=int, default=512)
    parser.add_argument("--completion", type=int, default=512)
    parser.add_argument("--model", help="smollm2: model folder, .gguf file or `embedded`")
    parser.add_argument("--data", type=Path, help="smollm2: preference JSONL (prompt, chosen, rejected)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dpo-"))
    if args.what == "synthetic":
        rows = synthetic(args.shape, args.prompt, args.completion, args.steps, work, args.variants,
                         args.trl_accumulate, not args.no_trl)
        columns = ["tool", "shape", "pairs_per_update", "pairs_per_s", "tokens_per_s", "peak_gib", "speedup",
                   "speedup_same_update", "checkpointed",
                   "optimizer", "offloaded", "reference_pass_s"]
    else:
        rows = smollm2(args.model, args.data, args.steps, work)
        columns = ["step", "val_loss", "val_reward_accuracy", "train_reward_accuracy", "seconds_total"]
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    print(table(rows, columns))


if __name__ == "__main__":
    main()
