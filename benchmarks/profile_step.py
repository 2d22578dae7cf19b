"""Where a QLoRA training step spends its time and memory: ours and trl's, same base, same GPU, one process.

    python benchmarks/profile_step.py --shape 8b --budget-gib 6.8 --out OUTDIR
    python benchmarks/profile_step.py --shape 8b --fast --tools ours     # ours with the GPU's memory

For each tool, after warm-up steps, one step runs under torch.profiler (CUDA kernels and CPU ops) and under
the CUDA caching allocator's history. Printed: GPU busy time against the step's wall time (how launch- or
Python-bound the step is), kernel launches per step, MFU (model FLOPs: 4·N per token for the frozen linears,
forward and input gradient, plus causal attention, against the card's dense bf16 peak), the top kernels and
CPU ops, and what was allocated at the step's peak, grouped by the line of Python that allocated it. The full
tables go to OUTDIR. `--fast` profiles the "GPU memory" row of train_sft.py: de-quantized weight cache, 8
sequences a micro-batch (1B) or 4 (8B), no budget.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train_common import SHAPES, build_nf4_model, free_gpu, our_config, prepare_ours, word_tokenizer
from train_sft import LORA, random_examples, trl_args, trl_lora

OURS = ("gristmill", "peft", "bitsandbytes", "transformers/models", "transformers/integrations", "trl",
        "torch/utils/checkpoint", "torch/optim")


class StepProfiler:
    """Call `tick()` at every optimizer-step end; profiles the step after `warmup` ticks."""

    def __init__(self, flops_per_step: float = 0.0, warmup: int = 3) -> None:
        self.warmup, self.ticks, self.flops = warmup, 0, flops_per_step
        self.profile: Any = None
        self.snapshot: Any = None
        self.base_bytes = 0
        self.wall = 0.0

    def tick(self) -> None:
        torch.cuda.synchronize()
        self.ticks += 1
        if self.ticks == self.warmup:
            from torch.profiler import ProfilerActivity, profile

            torch.cuda.reset_peak_memory_stats()
            self.base_bytes = torch.cuda.memory_allocated()
            torch.cuda.memory._record_memory_history(max_entries=400_000, stacks="python")
            self.profile = profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA])
            self.profile.start()
            self.wall = time.perf_counter()
        elif self.ticks == self.warmup + 1:
            self.wall = time.perf_counter() - self.wall
            self.profile.stop()
            self.snapshot = torch.cuda.memory._snapshot()
            torch.cuda.memory._record_memory_history(enabled=None)

    def report(self, label: str, out: Path) -> str:
        events = self.profile.key_averages()
        kernels = [e for e in events if e.device_type.name == "CUDA"]
        busy = sum(e.self_device_time_total for e in kernels) / 1e6
        launches = sum(e.count for e in kernels)
        peak = torch.cuda.max_memory_allocated() / 2**30
        mfu = self.flops / self.wall / peak_flops() if self.flops else float("nan")
        lines = [f"== {label}: step wall {self.wall * 1e3:.0f} ms, GPU kernels busy {busy * 1e3:.0f} ms "
                 f"({busy / self.wall:.0%}), {launches} kernel launches, MFU {mfu:.1%} "
                 f"({self.flops / 1e12:.1f} TFLOP a step), peak {peak:.2f} GiB "
                 f"(allocated at step start {self.base_bytes / 2**30:.2f} GiB)"]
        by_cuda = events.table(sort_by="self_device_time_total", row_limit=22, max_name_column_width=60)
        by_cpu = events.table(sort_by="self_cpu_time_total", row_limit=22, max_name_column_width=60)
        (out / f"{label}_kernels.txt").write_text(by_cuda)
        (out / f"{label}_cpu.txt").write_text(by_cpu)
        lines.append(peak_breakdown(self.snapshot, self.base_bytes))
        text = "\n".join(lines)
        (out / f"{label}_summary.txt").write_text(text + "\n\n" + by_cuda + "\n\n" + by_cpu)
        return text


PEAK_BF16 = {"H100": 989e12, "H200": 989e12, "A100": 312e12, "L40S": 362e12}  # dense, no sparsity


def peak_flops() -> float:
    name = torch.cuda.get_device_name()
    return next((flops for card, flops in PEAK_BF16.items() if card in name), float("nan"))


def step_flops(shape: str, tokens: int, seq: int) -> float:
    """Model FLOPs of one LoRA step on `tokens` tokens packed in sequences of `seq`: 4·N a token for the frozen
    linears (forward and input gradient; no weight gradient) and causal attention (2·seq·d a token forward for
    QKᵀ and PV together, three times that with backward). LoRA's own matmuls (r=16) are under 1% and not counted."""
    c = SHAPES[shape]
    d, inner, layers = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    head_dim = c.get("head_dim", d // c["num_attention_heads"])
    q, kv = c["num_attention_heads"] * head_dim, c["num_key_value_heads"] * head_dim
    linear = layers * (d * q + 2 * d * kv + q * d + 3 * d * inner) + d * c["vocab_size"]
    attention = layers * 3 * 2 * seq * q
    return tokens * (4 * linear + attention)


def _site(frames: list[dict[str, Any]]) -> str:
    for frame in frames:  # innermost first
        name = frame["filename"]
        if any(part in name for part in OURS):
            short = name.split("site-packages/")[-1].split("main/")[-1]
            return f"{short}:{frame['line']} {frame['name']}"
    return "(no library frame)"


def peak_breakdown(snapshot: dict[str, Any], base_bytes: int, top: int = 14) -> str:
    """Replay the allocator's trace; at the highest point, group what the recorded step allocated by site."""
    live: dict[int, tuple[int, str]] = {}
    current, peak, at_peak = base_bytes, base_bytes, {}
    for event in snapshot["device_traces"][0]:
        action = event["action"]
        if action == "alloc":
            live[event["addr"]] = (event["size"], _site(event.get("frames", [])))
            current += event["size"]
            if current > peak:
                peak, at_peak = current, dict(live)
        elif action == "free_completed" and event["addr"] in live:
            current -= live.pop(event["addr"])[0]
    groups: collections.Counter[str] = collections.Counter()
    for size, site in at_peak.values():
        groups[site] += size
    lines = [f"   peak {peak / 2**30:.2f} GiB = {base_bytes / 2**30:.2f} GiB before the step + step allocations:"]
    lines += [f"   {size / 2**20:9.1f} MiB  {site}" for site, size in groups.most_common(top)]
    return "\n".join(lines)


def profile_ours(shape: str, budget_gib: float | None, seq: int, out: Path, work: Path, fast: bool = False,
                 loop: dict[str, Any] | None = None, optim: dict[str, Any] | None = None, label: str = "",
                 micro: int | None = None) -> str:
    from gristmill.train.data import Example
    from gristmill.train.loop import train
    from gristmill.train.sft import sft_task

    micro = micro or ((4 if shape == "8b" else 8) if fast else 1)
    cfg = our_config(model={"dequantize_cache": fast}, adapter=LORA,
                     data={"seq_len": seq, "batch_size": micro, "packing": True, "completion_only": False},
                     optim={"optimizer": "auto", "lr": 1e-4, "warmup_steps": 3, **(optim or {})},
                     loop={"max_steps": 5, "gradient_checkpointing": "auto",
                           "max_memory_gib": None if fast else budget_gib, "save_every": 10**9,
                           "eval_every": 10**9, "early_stop_patience": None, **(loop or {})})
    model = build_nf4_model(shape, work / "model")
    weights = torch.cuda.memory_allocated()
    prepared = prepare_ours(model, cfg)
    adapter = torch.cuda.memory_allocated() - weights
    examples = [Example(ids, 1) for ids in random_examples(6 * micro, seq, SHAPES[shape]["vocab_size"])]
    profiler = StepProfiler(step_flops(shape, micro * seq, seq))
    free_gpu()
    train(prepared["model"], sft_task(examples, [], cfg, pad_id=0), cfg, work / "ours", resume=False,
          on_step=lambda record: profiler.tick())
    head = (f"ours: weights {weights / 2**30:.2f} GiB, adapter+casts {adapter / 2**30:.2f} GiB, "
            f"checkpointing {prepared['checkpointing']}, optimizer {prepared['optimizer']}")
    del prepared, model
    free_gpu()
    return head + "\n" + profiler.report(f"ours_{shape}{'_fast' if fast else ''}{label}", out)


def profile_trl(shape: str, seq: int, out: Path, work: Path) -> str:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import SFTTrainer

    profiler = StepProfiler(step_flops(shape, seq, seq))

    class Tick(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            profiler.tick()

    vocab = SHAPES[shape]["vocab_size"]
    model = build_nf4_model(shape, work / "model")
    weights = torch.cuda.memory_allocated()
    data = Dataset.from_dict({"input_ids": random_examples(6, seq, vocab)})
    trainer = SFTTrainer(model=model, args=trl_args(work / "trl", 1, 5, seq), train_dataset=data,
                         processing_class=word_tokenizer(vocab, work / "tok"), peft_config=trl_lora(),
                         callbacks=[Tick()])
    free_gpu()
    trainer.train()
    del trainer, model
    free_gpu()
    return f"trl: weights {weights / 2**30:.2f} GiB\n" + profiler.report(f"trl_{shape}", out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", default="8b", choices=list(SHAPES))
    parser.add_argument("--budget-gib", type=float, help="our memory budget (trl's measured peak × 0.95)")
    parser.add_argument("--seq", type=int, default=2048)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/profile"))
    parser.add_argument("--tools", nargs="+", choices=["trl", "ours"], default=["trl", "ours"])
    parser.add_argument("--fast", action="store_true", help="ours with the GPU's memory (train_sft.py's fast row)")
    parser.add_argument("--loop", type=json.loads, default={}, help="extra loop settings for ours, as JSON")
    parser.add_argument("--optim", type=json.loads, default={}, help="extra optim settings for ours, as JSON")
    parser.add_argument("--label", default="", help="suffix for the output files' names")
    parser.add_argument("--micro", type=int, help="sequences a step for ours (default: 1; --fast: 4 for 8b, 8 else)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    if "trl" in args.tools:
        print(profile_trl(args.shape, args.seq, args.out, work), flush=True)
    if "ours" in args.tools:
        print(profile_ours(args.shape, args.budget_gib, args.seq, args.out, work, args.fast, args.loop,
                           args.optim, args.label, args.micro), flush=True)


if __name__ == "__main__":
    main()
