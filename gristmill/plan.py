"""Memory and time/cost estimates for fine-tuning a model: `gristmill plan`.

The estimate is arithmetic on the model's shape, made before any run (no torch needed):

- weights: 4-bit NF4 with double quantization ≈ 4.127 bits a parameter (QLoRA); bf16 for LoRA and full;
- trainable parameters (LoRA on every linear layer, or all weights for full fine-tuning): fp32 master weight,
  gradient and optimizer state — 8-bit paged AdamW (2 bytes) for QLoRA, fp32 AdamW (8 bytes) otherwise;
- activations: with gradient checkpointing one bf16 hidden state per layer and token, plus one layer's full
  activations (Korthikanti et al., 2022, without the attention-score term that flash attention removes);
- logits: the trainer computes log-probabilities 64 MiB of fp32 logits at a time, so at most three blocks live
  (the estimate keeps the output head on the GPU; the trainer moves it to host memory when memory is tight);
- CUDA context and allocator slack: a fixed 1 GiB.

Time per optimizer micro-step is FLOPs over a sustained rate plus a fixed cost per layer pass (kernel launches
and NF4 de-quantization, which do not shrink with the batch): 6·N·T FLOPs for full fine-tuning (forward 2NT,
backward 4NT), 4·N·T for adapters (no weight gradients of the frozen base) plus 2·N·T for the recomputed forward
when checkpointing. The per-pass cost was fitted on one H200 run and the estimate checked against the others
(BENCHMARKS.md, `plan`, states the error).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gristmill.errors import GristmillError

Method = Literal["qlora", "lora", "full"]
GIB = 1024**3


@dataclass(frozen=True)
class Shape:
    """What the estimate needs to know about a decoder-only transformer."""

    name: str
    hidden: int
    layers: int
    intermediate: int
    vocab: int
    heads: int
    kv_heads: int
    tied_embeddings: bool = False

    @property
    def kv_width(self) -> int:
        return self.hidden * self.kv_heads // self.heads

    @property
    def params(self) -> int:
        head_dim = self.hidden // self.heads
        attention = self.hidden * head_dim * (2 * self.heads + 2 * self.kv_heads)
        mlp = 3 * self.hidden * self.intermediate
        embeddings = self.vocab * self.hidden * (1 if self.tied_embeddings else 2)
        return self.layers * (attention + mlp + 2 * self.hidden) + embeddings + self.hidden

    def lora_params(self, rank: int) -> int:
        """LoRA A and B on q, k, v, o, gate, up, down of every layer."""
        head_dim = self.hidden // self.heads
        q_o = 2 * rank * (self.hidden + self.heads * head_dim)
        k_v = 2 * rank * (self.hidden + self.kv_heads * head_dim)
        mlp = 3 * rank * (self.hidden + self.intermediate)
        return self.layers * (q_o + k_v + mlp)


KNOWN: dict[str, Shape] = {s.name: s for s in (
    Shape("SmolLM2-135M", 576, 30, 1536, 49152, 9, 3, tied_embeddings=True),
    Shape("SmolLM2-1.7B", 2048, 24, 8192, 49152, 32, 32, tied_embeddings=True),
    Shape("Llama-3.2-1B", 2048, 16, 8192, 128256, 32, 8, tied_embeddings=True),
    Shape("Llama-3.2-3B", 3072, 28, 8192, 128256, 24, 8, tied_embeddings=True),
    Shape("Llama-3.1-8B", 4096, 32, 14336, 128256, 32, 8),
    Shape("Mistral-7B", 4096, 32, 14336, 32768, 32, 8),
    Shape("Qwen2.5-14B", 5120, 48, 13824, 152064, 40, 8),
    Shape("Llama-3.1-70B", 8192, 80, 28672, 128256, 64, 8),
)}


@dataclass(frozen=True)
class GPU:
    name: str
    memory_gib: float
    bf16_tflops: float  # dense peak
    usd_per_hour: float  # an on-demand list price; override with --price


GPUS = (
    GPU("H200", 141, 989, 3.80), GPU("H100-80GB", 80, 989, 3.00), GPU("A100-80GB", 80, 312, 1.80),
    GPU("A100-40GB", 40, 312, 1.30), GPU("L40S", 48, 362, 1.00), GPU("A10G", 24, 125, 0.75),
    GPU("RTX-4090", 24, 165, 0.45), GPU("T4", 16, 65, 0.35),
)

# Sustained model-FLOPs utilization of the matrix work (fraction of the dense bf16 peak), and the fixed cost of
# one layer pass in seconds (fitted: Llama-3.2-1B shape, QLoRA, seq 2048 x 1, checkpointed, H200).
MFU = {"qlora": 0.40, "lora": 0.40, "full": 0.40}
LAYER_PASS_SECONDS = 0.005
LOGITS_CHUNK_BYTES = 1 << 26  # fp32 logits the trainer's loss holds at once (`train.losses.linear_logprobs`)


# ---------------------------------------------------------------------------------------------- memory model
# One model of a step's memory, used by this estimate before a run and by the trainer's checkpointing planner
# during one (`train.checkpointing`, `train.session`).


def layer_activation_values(hidden: int, intermediate: int, kv_width: int, lora: bool = True,
                            fused: bool = False) -> int:
    """Values one decoder layer keeps for backward, per token.

    Attention in/out, q/k/v, norm outputs (fp32) and residuals ≈ 12·d plus the k/v heads; the MLP keeps gate,
    up, act and their product ≈ 4·f; peft's LoRA dropout keeps a copy of each adapted input ≈ 4·d + 2·f. With
    the fused forwards (`train/fused.py`) a LoRA linear keeps only its input, shared by q/k/v and by gate/up,
    and a norm its input in the compute dtype: ≈ 8·d (k/v at full width: attention paths that repeat grouped
    k/v heads keep the copies) plus the MLP's 4·f (tests/train/test_adapters.py measures it).
    """
    d, f = hidden, intermediate
    if fused:
        return 8 * d + 4 * f
    return 12 * d + 2 * kv_width + 4 * f + ((4 * d + 2 * f) if lora else 0)


def step_overhead_bytes(trainable: int, hidden: int, tokens: int, state_bytes: int = 16) -> int:
    """What a step needs besides the layers' activations: per trainable parameter its fp32 weight, gradient and
    optimizer state (`state_bytes`: 16 for fp32 AdamW, 10 for 8-bit states); a few bf16 hidden states of the
    whole sequence (embeddings, the final norm, their gradients); three blocks of logits."""
    return trainable * state_bytes + 4 * tokens * hidden * 2 + 3 * LOGITS_CHUNK_BYTES


@dataclass
class Estimate:
    shape: Shape
    method: Method
    tokens: int
    seq_len: int
    micro_batch: int
    checkpointing: bool
    memory_gib: dict[str, float] = field(default_factory=dict)

    @property
    def total_gib(self) -> float:
        return sum(self.memory_gib.values())

    @property
    def flops(self) -> float:
        n = self.shape.params
        per_token = 6 * n if self.method == "full" else 4 * n + (2 * n if self.checkpointing else 0)
        return per_token * self.tokens

    def gpu_hours(self, gpu: GPU) -> float:
        steps = self.tokens / (self.seq_len * self.micro_batch)
        passes = self.shape.layers * (3 if self.checkpointing else 2)  # forward, (recompute), backward
        seconds = self.flops / (gpu.bf16_tflops * 1e12 * MFU[self.method]) + steps * passes * LAYER_PASS_SECONDS
        return seconds / 3600

    def tokens_per_second(self, gpu: GPU) -> float:
        return self.tokens / (self.gpu_hours(gpu) * 3600)


def resolve_shape(model: str) -> Shape:
    """A known name, a size such as `8B` or `135M`, or a local config.json / model folder."""
    path = Path(model).expanduser()
    if path.exists():
        config = path / "config.json" if path.is_dir() else path
        try:
            c = json.loads(config.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise GristmillError(f"{config}: not a readable model config.json ({exc})") from None
        heads = c.get("num_attention_heads", 1)
        return Shape(path.name, c["hidden_size"], c["num_hidden_layers"], c["intermediate_size"], c["vocab_size"],
                     heads, c.get("num_key_value_heads", heads), bool(c.get("tie_word_embeddings", False)))
    for name, shape in KNOWN.items():
        if model.lower() in (name.lower(), name.lower().split("-", 1)[-1]) or model.lower().endswith(name.lower()):
            return shape
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([mMbB])", model.strip())
    if not match:
        raise GristmillError(f"unknown model {model!r}: give a size (135M, 1B, 8B), a config.json or model folder, "
                             f"or one of {', '.join(KNOWN)}")
    wanted = float(match.group(1)) * (1e6 if match.group(2).lower() == "m" else 1e9)
    return min(KNOWN.values(), key=lambda s: abs(math.log(s.params / wanted)))


def estimate(shape: Shape, method: Method, tokens: int, seq_len: int = 2048, micro_batch: int = 1,
             lora_rank: int = 16, checkpointing: bool = True, dequantized_copy: bool = False) -> Estimate:
    """Memory and work of one configuration; `dequantized_copy` keeps a bf16 copy of NF4 weights (faster, larger)."""
    est = Estimate(shape, method, tokens, seq_len, micro_batch, checkpointing)
    n, h, layers = shape.params, shape.hidden, shape.layers
    trainable = n if method == "full" else shape.lora_params(lora_rank)
    weight_bytes = 4.127 / 8 if method == "qlora" else 2.0
    state_bytes = 4 + 4 + (2 if method == "qlora" else 8)  # fp32 weight + grad + optimizer state
    token_count = seq_len * micro_batch
    adapter = method != "full"  # adapters run the fused forwards on CUDA (`adapter.fused: auto`)
    one_layer = 2 * token_count * layer_activation_values(h, shape.intermediate, shape.kv_width, lora=adapter,
                                                          fused=adapter)  # bf16
    kept = 2 * token_count * h * layers if checkpointing else one_layer * layers
    if method == "qlora" and dequantized_copy:
        weight_bytes += 2.0
    est.memory_gib = {
        "weights": n * weight_bytes / GIB,
        "trainable + optimizer": trainable * state_bytes / GIB,
        "activations": (kept + one_layer) / GIB,
        "logits": min(token_count * shape.vocab * 4 * 2, 3 * LOGITS_CHUNK_BYTES) / GIB,
        "cuda context": 1.0,
    }
    return est


def parse_tokens(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMbB]?)", text.strip())
    if not match:
        raise GristmillError(f"--tokens {text!r}: expected a number such as 5000000, 5M or 2.5B")
    scale = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[match.group(2).lower()]
    return int(float(match.group(1)) * scale)
