"""A Llama-3.1-70B-shape QLoRA on one GPU under a 40 GiB budget: gristmill's loop vs trl SFTTrainer.

The base has random weights of the real shape (hidden 8192, 80 layers, 64 heads, 8 KV heads, intermediate 28672,
vocabulary 128256), built and quantized one decoder layer at a time (`train_common.build_layerwise`): the skeleton
on the meta device, each layer materialized on the GPU from its own seed, its linears turned to NF4 with double
quantization, its bf16 copy freed; embedding and output head in bf16. No 140 GB checkpoint is written or read, and
host memory holds none of the base while it is built. Both tools get the same weights (same seeds) and the same
random tokens.

- ours: `loop.max_memory_gib` (default 40), seq 2048, `--sequences` per optimizer step (micro-batches of
  `--micro` sequences, accumulated); the planner decides checkpointing, the output head and layer inputs go to
  host memory as it needs; LoRA r=16 on every linear, paged 8-bit AdamW (the adapter is 207M parameters).
- trl: SFTTrainer on the same base, gradient checkpointing, paged_adamw_8bit, one sequence per micro-batch and the
  same sequences per optimizer step; whatever memory it needs (its peak recorded).

Each tool runs in its own process (`train_common.isolated`). Tokens/s are counted after `--warmup` steps; peak is
`torch.cuda.max_memory_allocated` over training (the build's own peak is reported apart). Progress goes to
stderr as it happens.

Usage (GPU, ~5-7 min on an H100): python benchmarks/train_70b.py --out benchmarks/results/train_70b.json
CPU smoke test:                   python benchmarks/train_70b.py --shape tiny --steps 3
    (no NF4; first checks that the layer-by-layer build gives the same forward as a model built whole and
    initialized from the same seeds, then runs both tools at the tiny shape)
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train_common import (
    ON_GPU,
    SHAPES,
    StepClock,
    build_layerwise,
    free_gpu,
    init_seeded,
    isolated,
    our_config,
    peak_gib,
    seeded_parts,
    serve_call,
    table,
    word_tokenizer,
    write_config,
)
from train_sft import LORA, random_examples, run_ours, trl_args, trl_lora

STARTED = time.perf_counter()


def say(text: str) -> None:
    """A progress line on stderr (not captured by `isolated`, so it shows while the child runs)."""
    print(f"[{time.perf_counter() - STARTED:6.0f} s] {text}", file=sys.stderr, flush=True)


def build(shape: str, work: Path) -> tuple[Any, dict[str, Any]]:
    """The base, layer by layer, with what building it cost (time, GPU peak, host memory)."""
    started = time.perf_counter()
    layers = SHAPES[shape]["num_hidden_layers"]

    def progress(index: int, name: str) -> None:
        if index % 10 == 9 or index == layers - 1:
            memory = f", GPU {torch.cuda.memory_allocated() / 2**30:.1f} GiB" if ON_GPU else ""
            say(f"built {name}{memory}")

    model = build_layerwise(shape, work / "model", progress=progress)
    facts = {"build_s": round(time.perf_counter() - started, 1), "build_peak_gib": round(peak_gib(), 2),
             "weights_gib": round(torch.cuda.memory_allocated() / 2**30, 2) if ON_GPU else None,
             "host_rss_gib_after_build": round(_host_peak_gib(), 2)}
    say(f"base ready: {facts}")
    return model, facts


def _host_peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def ours_70b(shape: str, seq: int, sequences: int, micro: int, steps: int, warmup: int, budget_gib: float,
             work: Path) -> dict[str, Any]:
    from gristmill.train.data import Example

    model, facts = build(shape, work)
    cfg = our_config(adapter=LORA, data={"seq_len": seq, "batch_size": micro, "packing": True,
                                         "completion_only": False},
                     optim={"optimizer": "auto", "lr": 1e-4, "warmup_steps": 1},
                     loop={"max_steps": steps, "grad_accum": sequences // micro, "gradient_checkpointing": "auto",
                           "max_memory_gib": budget_gib, "save_every": 10**9, "eval_every": 10**9,
                           "early_stop_patience": None})
    vocab = SHAPES[shape]["vocab_size"]
    examples = [Example(ids, 1) for ids in random_examples(sequences * (steps + 1), seq, vocab)]
    label = f"gristmill (max_memory_gib {budget_gib:g}, {micro} seq × {sequences // micro} accumulated)"
    row = run_ours(model, cfg, examples, label, work, shape, warmup=warmup, log=say)
    row.update(facts, peak_reserved_gib=round(_peak_reserved_gib(), 2),
               host_rss_gib=round(_host_peak_gib(), 2))
    return row


def _peak_reserved_gib() -> float:
    return torch.cuda.max_memory_reserved() / 2**30 if ON_GPU else 0.0


def trl_70b(shape: str, seq: int, sequences: int, steps: int, warmup: int, work: Path) -> dict[str, Any]:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import SFTTrainer

    model, facts = build(shape, work)
    vocab = SHAPES[shape]["vocab_size"]
    tokenizer = word_tokenizer(vocab, work / "tok")
    data = Dataset.from_dict({"input_ids": random_examples(sequences * (steps + 1), seq, vocab)})
    clock = StepClock(warmup)

    class Progress(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            clock.tick()
            memory = f", peak {peak_gib():.2f} GiB" if ON_GPU else ""
            say(f"trl step {state.global_step}/{steps}{memory}")

    trainer = SFTTrainer(model=model, args=trl_args(work / "trl", 1, steps, seq, gradient_accumulation_steps=sequences),
                         train_dataset=data, processing_class=tokenizer, peft_config=trl_lora(),
                         callbacks=[Progress()])
    free_gpu()
    trainer.train()
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    optimizer = "paged_adamw_8bit" if ON_GPU else "adamw_torch"
    return {"tool": f"trl SFTTrainer (GC on, {optimizer}, 1 seq × {sequences} accumulated)", "shape": shape,
            "tokens_per_s": sequences * seq * clock.steps() / clock.seconds(), "peak_gib": peak_gib(),
            "peak_reserved_gib": round(_peak_reserved_gib(), 2), "first_loss": losses[0], "last_loss": losses[-1],
            "host_rss_gib": round(_host_peak_gib(), 2), **facts}


def check_builder(shape: str, work: Path, seed: int = 0) -> float:
    """Largest difference between the logits of the layer-by-layer build (unquantized, on the CPU) and of the
    same shape built whole by `from_config` and then initialized unit by unit from the same seeds: 0 when the
    builder materializes every parameter and buffer (the rotary frequencies) as a plain build does."""
    from transformers import AutoConfig, AutoModelForCausalLM

    layerwise = build_layerwise(shape, work / "layerwise", device="cpu", quantize=False, seed=seed)
    config = AutoConfig.from_pretrained(write_config(shape, work / "whole"))
    whole = AutoModelForCausalLM.from_config(config, dtype=torch.float32, attn_implementation="sdpa")
    for index, (_, module) in enumerate(seeded_parts(whole)):
        init_seeded(module, seed * 1_000_003 + index, config.initializer_range)
    ids = torch.randint(0, config.vocab_size, (2, 16), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        a, b = layerwise(input_ids=ids).logits, whole(input_ids=ids).logits
    if a.shape != b.shape or [p.shape for p in layerwise.parameters()] != [p.shape for p in whole.parameters()]:
        raise SystemExit(f"layer-by-layer build has other shapes: logits {tuple(a.shape)} vs {tuple(b.shape)}")
    return float((a - b).abs().max())


def main() -> None:
    if serve_call(globals()):  # a child of `isolated`
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", default="70b" if ON_GPU else "tiny", choices=sorted(SHAPES))
    parser.add_argument("--steps", type=int, default=5, help="optimizer steps per tool (first --warmup untimed)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seq", type=int, default=2048)
    parser.add_argument("--sequences", type=int, default=4, help="sequences per optimizer step")
    parser.add_argument("--micro", type=int, default=1, help="ours: sequences per micro-batch (divides --sequences)")
    parser.add_argument("--budget", type=float, default=40.0, help="ours: loop.max_memory_gib")
    parser.add_argument("--tools", nargs="+", default=["ours", "trl"], choices=["ours", "trl"])
    parser.add_argument("--out", type=Path, help="write the result rows here as JSON")
    args = parser.parse_args()
    if args.sequences % args.micro:
        parser.error("--micro must divide --sequences")
    if args.steps <= args.warmup + 1:
        parser.error("--steps must exceed --warmup + 1 (tokens/s needs two timed step ends)")
    work = Path(tempfile.mkdtemp(prefix="bench-70b-"))
    seq = args.seq if ON_GPU else min(args.seq, 64)
    if not ON_GPU:
        difference = check_builder(args.shape, work / "check")
        say(f"layer-by-layer build vs whole build, same seeds: max |logit difference| = {difference:g}")
        if difference != 0.0:
            raise SystemExit("the layer-by-layer build does not reproduce the whole build")
    common = {"shape": args.shape, "seq": seq, "sequences": args.sequences, "steps": args.steps,
              "warmup": args.warmup}
    calls = {"ours": ("ours_70b", {"micro": args.micro, "budget_gib": args.budget}), "trl": ("trl_70b", {})}
    rows = []
    for tool in args.tools:
        function, extra = calls[tool]
        rows.append(isolated(__file__, function, **common, **extra, work=work / tool))
        print(json.dumps(rows[-1], default=str), flush=True)
        if args.out:  # after each tool: a run cut short by a time limit keeps what finished
            args.out.write_text(json.dumps(rows, indent=1, default=str))
    ours = [r for r in rows if r["tool"].startswith("gristmill")]
    theirs = [r for r in rows if r["tool"].startswith("trl") and r.get("tokens_per_s")]
    if ours and theirs:
        ours[0]["speedup"] = ours[0].get("tokens_per_s", 0) / theirs[0]["tokens_per_s"]
        if args.out:
            args.out.write_text(json.dumps(rows, indent=1, default=str))
    print(table(rows, ["tool", "shape", "tokens_per_s", "peak_gib", "peak_reserved_gib", "speedup", "checkpointed",
                       "optimizer", "offloaded", "first_loss", "last_loss", "build_s", "build_peak_gib"]))
    print("reasons:", *(r.get("reason") for r in rows if r.get("reason")))
    over = [r for r in rows if r["tool"].startswith("gristmill") and r.get("peak_gib", 0) > args.budget]
    print(f"OVER BUDGET: {over[0]['peak_gib']:.2f} GiB > {args.budget:g}" if over else "done")


if __name__ == "__main__":
    main()
