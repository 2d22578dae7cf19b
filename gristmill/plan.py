"""Memory and time/cost estimates for fine-tuning a model: `gristmill plan`.

The estimate is arithmetic on the model's shape, made before any run (no torch needed), and follows what the
trainer does with its defaults:

- weights: the decoder's linear layers in 4-bit NF4 with double quantization ≈ 4.127 bits a parameter (QLoRA),
  bf16 for LoRA and full; embeddings, norms and output head in bf16. The trainer keeps an untied input embedding
  in host memory (`model.offload_embeddings: auto`); a tied one stays with the head on the GPU;
- trainable parameters (LoRA on every linear layer, or all weights for full fine-tuning): fp32 master weight,
  gradient and optimizer state, as the trainer's `optim.optimizer: auto` picks it on CUDA: fp32 AdamW (8 bytes)
  up to 200M trainable parameters, paged 8-bit AdamW (2 bytes) past that;
- activations: a checkpointed layer keeps one bf16 hidden state per token, parked in host memory
  (`loop.offload_activations: auto`); the others keep their full activations (Korthikanti et al., 2022, without
  the attention-score term that flash attention removes); plus one layer's full activations in flight;
- logits: the trainer computes log-probabilities 64 MiB of fp32 logits at a time, so at most three blocks live;
- CUDA context and allocator slack: a fixed 1 GiB.

Under a memory budget (`max_memory_gib`, the trainer's `loop.max_memory_gib`) the estimate takes the trainer's
decisions with the trainer's own arithmetic (`layers_to_checkpoint`, `step_overhead_bytes`): checkpoint the fewest
layers whose activations do not fit, and when any must be, first move the output head to host memory.

Time per optimizer micro-step is FLOPs over a sustained rate plus a fixed cost per layer pass (kernel launches
and NF4 de-quantization, which do not shrink with the batch): 6·N·T FLOPs for full fine-tuning (forward 2NT,
backward 4NT), 4·N·T for adapters (no weight gradients of the frozen base) plus 2·N·T for the recomputed forward
of checkpointed layers. The per-pass cost was fitted on one H200 run and the estimate checked against the others
(BENCHMARKS.md, `plan`, states the error).

On several GPUs (`ranks`), each rank computes 1/N of the tokens; the trainer's two ways add communication over the
GPUs' link (datasheet bandwidth, one direction, not measured here):
- ddp: every rank holds the whole model (memory per GPU as on one, plus the flat fp32 buffer the trainable
  gradients are summed in); after each step's backward, one ring all-reduce of the trainable gradients
  (2·(N−1)/N of their fp32 bytes), not overlapped with compute. Counted once per micro-batch of `micro_batch`
  sequences per rank (gradient accumulation would divide it).
- fsdp (FSDP2; QLoRA's NF4 weights shard as stored, about half a byte a weight): weights, gradients and
  optimizer states 1/N per GPU; the layer being computed and the next one gathered whole, and the root's output
  head for the whole step; the model's own full logits (no streamed head). Each layer pass all-gathers the layer
  ((N−1)/N of its bytes as stored) and backward reduce-scatters the gradients, overlapped with compute: a
  micro-step takes the longer of the two.
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
Parallel = Literal["ddp", "fsdp"]
GIB = 1024**3
NF4_BYTES = 4.127 / 8  # a parameter in NF4 with double quantization (QLoRA)


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
    def layer_linear_params(self) -> int:
        """Weights of one decoder layer's linear layers (q, k, v, o, gate, up, down)."""
        head_dim = self.hidden // self.heads
        attention = self.hidden * head_dim * (2 * self.heads + 2 * self.kv_heads)
        return attention + 3 * self.hidden * self.intermediate

    @property
    def norm_params(self) -> int:
        return self.layers * 2 * self.hidden + self.hidden

    @property
    def embedding_params(self) -> int:
        """One vocabulary × hidden matrix (the input embedding, or the output head)."""
        return self.vocab * self.hidden

    @property
    def params(self) -> int:
        embeddings = self.embedding_params * (1 if self.tied_embeddings else 2)
        return self.layers * self.layer_linear_params + self.norm_params + embeddings

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
    link_gb_s: float  # GPU-to-GPU bandwidth, one direction, datasheet: NVLink (SXM parts) or PCIe x16


GPUS = (
    GPU("H200", 141, 989, 3.80, 450), GPU("H100-80GB", 80, 989, 3.00, 450), GPU("A100-80GB", 80, 312, 1.80, 300),
    GPU("A100-40GB", 40, 312, 1.30, 300), GPU("L40S", 48, 362, 1.00, 32), GPU("A10G", 24, 125, 0.75, 32),
    GPU("RTX-4090", 24, 165, 0.45, 32), GPU("T4", 16, 65, 0.35, 16),
)

# Sustained model-FLOPs utilization of the matrix work (fraction of the dense bf16 peak), and the fixed cost of
# one layer pass in seconds (fitted: Llama-3.2-1B shape, QLoRA, seq 2048 x 1, checkpointed, H200).
MFU = {"qlora": 0.40, "lora": 0.40, "full": 0.40}
LAYER_PASS_SECONDS = 0.005
PAGED_OPTIMIZER_PARAMS = 200_000_000  # past this many trainable parameters `optim.optimizer: auto` pages 8-bit AdamW
LOGITS_CHUNK_BYTES = 1 << 26  # fp32 logits the trainer's loss holds at once (`train.losses.linear_logprobs`)
MIN_OFFLOAD_BYTES = 64 << 20  # a frozen embedding or head smaller than this stays on the GPU (`train.offload`)
FULL_LOGITS_BYTES = 2 + 4 + 4  # per logit when a model computes its own: bf16, the fp32 copy, its softmax gradient


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


def optimizer_state_bytes(trainable: int) -> int:
    """AdamW's state per trainable parameter under `optim.optimizer: auto` on CUDA: two fp32 moments below
    `PAGED_OPTIMIZER_PARAMS`, bitsandbytes' two 8-bit ones past it (the trainer's rule, `train.adapters`)."""
    return 2 if trainable > PAGED_OPTIMIZER_PARAMS else 8


def layers_to_checkpoint(layers: int, bytes_per_layer: int, spare_bytes: int) -> int:
    """The fewest of `layers` decoder layers to checkpoint so that the others' activations fit `spare_bytes`."""
    fits = max(0, min(layers, spare_bytes // max(bytes_per_layer, 1)))
    return layers - fits


@dataclass
class Estimate:
    """One configuration's memory per GPU, host memory and work; `decisions` say what the trainer does to fit."""

    shape: Shape
    method: Method
    tokens: int
    seq_len: int
    micro_batch: int
    checkpointed_layers: int
    ranks: int = 1
    parallel: Parallel = "ddp"
    trainable: int = 0
    budget_gib: float | None = None
    memory_gib: dict[str, float] = field(default_factory=dict)  # per GPU
    host_gib: dict[str, float] = field(default_factory=dict)
    decisions: list[str] = field(default_factory=list)

    @property
    def checkpointing(self) -> bool:
        return self.checkpointed_layers > 0

    @property
    def total_gib(self) -> float:
        return sum(self.memory_gib.values())

    @property
    def allocated_gib(self) -> float:
        """What torch's allocator holds at the peak (what a budget measures): the total less the CUDA context."""
        return self.total_gib - self.memory_gib.get("cuda context", 0.0)

    @property
    def fits_budget(self) -> bool:
        return self.budget_gib is None or self.allocated_gib <= self.budget_gib

    @property
    def flops(self) -> float:
        n = self.shape.params
        recomputed = self.checkpointed_layers / self.shape.layers
        per_token = 6 * n if self.method == "full" else 4 * n + 2 * n * recomputed
        return per_token * self.tokens

    def compute_seconds(self, gpu: GPU) -> float:
        """One GPU's time for all the tokens: FLOPs at the sustained rate plus the fixed cost of each layer pass."""
        micro_steps = self.tokens / (self.seq_len * self.micro_batch)
        passes = 2 * self.shape.layers + self.checkpointed_layers  # forward, backward, recomputed forwards
        return self.flops / (gpu.bf16_tflops * 1e12 * MFU[self.method]) + micro_steps * passes * LAYER_PASS_SECONDS

    def seconds(self, gpu: GPU) -> float:
        """Wall-clock time on `ranks` GPUs of this kind (module docstring: what each way communicates)."""
        n = self.ranks
        if n == 1:
            return self.compute_seconds(gpu)
        steps = self.tokens / (self.seq_len * self.micro_batch * n)  # micro-steps each rank runs
        link = gpu.link_gb_s * 1e9
        if self.parallel == "ddp":
            all_reduce = 2 * (n - 1) / n * self.trainable * 4 / link
            return self.compute_seconds(gpu) / n + steps * all_reduce
        layer_bytes = stored_layer_bytes(self.shape, self.method)
        gathered = layer_bytes * (2 * self.shape.layers + self.checkpointed_layers) + self.shape.embedding_params * 2
        reduced = self.trainable * (2 if self.method == "full" else 4)
        communication = (n - 1) / n * (gathered + reduced) / link
        return steps * max(self.compute_seconds(gpu) / n / steps, communication)

    def gpu_hours(self, gpu: GPU) -> float:
        """Device time summed over the GPUs (what a bill counts)."""
        return self.seconds(gpu) * self.ranks / 3600

    def tokens_per_second(self, gpu: GPU) -> float:
        """All the GPUs together."""
        return self.tokens / self.seconds(gpu)

    def scaling(self, gpu: GPU) -> float:
        """Tokens/s per GPU relative to one GPU running the same configuration (1.0: communication is free)."""
        return self.compute_seconds(gpu) / (self.ranks * self.seconds(gpu))


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
             lora_rank: int = 16, checkpointing: bool = True, dequantized_copy: bool = False, *,
             ranks: int = 1, parallel: Parallel = "ddp", max_memory_gib: float | None = None) -> Estimate:
    """Memory and work of one configuration on `ranks` GPUs; `dequantized_copy` keeps a bf16 copy of NF4 weights
    (faster, larger); `max_memory_gib`: checkpointing and the head's place as the trainer decides them under that
    budget (instead of `checkpointing`: every layer or none)."""
    sharded = _check(method, ranks, parallel, max_memory_gib)
    trainable = shape.params if method == "full" else shape.lora_params(lora_rank)
    est = Estimate(shape, method, tokens, seq_len, micro_batch, shape.layers if checkpointing else 0, ranks,
                   parallel, trainable, max_memory_gib)
    tokens_per_pass = seq_len * micro_batch
    adapter = method != "full"  # adapters run the fused forwards on CUDA (`adapter.fused: auto`)
    one_layer = 2 * tokens_per_pass * layer_activation_values(shape.hidden, shape.intermediate, shape.kv_width,
                                                              lora=adapter, fused=adapter)  # bf16
    linear = shape.layers * shape.layer_linear_params
    decoder = linear * (NF4_BYTES + (2.0 if dequantized_copy else 0.0) if method == "qlora" else 2.0)
    decoder += shape.norm_params * 2
    matrix = shape.embedding_params * 2  # bf16: the input embedding, the output head, or both when tied
    movable = adapter and matrix >= MIN_OFFLOAD_BYTES  # frozen and large: the trainer may keep it in host memory
    embedding_on_host = movable and not shape.tied_embeddings  # `model.offload_embeddings: auto`

    def matrices_on_gpu(head_on_host: bool) -> int:
        if shape.tied_embeddings:
            return 0 if head_on_host else 1
        return (0 if embedding_on_host else 1) + (0 if head_on_host else 1)

    head_on_host = False
    if max_memory_gib is not None:
        allocated = decoder + matrices_on_gpu(False) * matrix + (trainable * 4 if adapter else 0)
        est.checkpointed_layers, head_on_host = _trainer_plan(est, allocated, one_layer, matrix if movable else 0,
                                                              int(max_memory_gib * GIB))
    gathered = 2 * stored_layer_bytes(shape, method)  # the layer computed and the next, whole
    state_bytes = 4 + 4 + optimizer_state_bytes(trainable)  # fp32 weight + grad + optimizer state
    chunked = min(tokens_per_pass * shape.vocab * 4 * 2, 3 * LOGITS_CHUNK_BYTES)
    est.memory_gib = {
        "weights": ((decoder / ranks + gathered if sharded else decoder) + matrices_on_gpu(head_on_host) * matrix)
        / GIB,
        "trainable + optimizer": trainable * state_bytes / (ranks if sharded else 1) / GIB,
        "activations": ((shape.layers - est.checkpointed_layers) * one_layer + one_layer) / GIB,
        "logits": (tokens_per_pass * shape.vocab * FULL_LOGITS_BYTES if sharded else chunked) / GIB,
        **({"gradient all-reduce": trainable * 4 / GIB} if ranks > 1 and not sharded else {}),
        "cuda context": 1.0,
    }
    host = {"input embedding": matrix if embedding_on_host else 0, "output head": matrix if head_on_host else 0,
            "checkpointed layer inputs": est.checkpointed_layers * 2 * tokens_per_pass * shape.hidden}
    est.host_gib = {k: v / GIB for k, v in host.items() if v}
    est.decisions = _decisions(est, embedding_on_host, head_on_host, sharded)
    return est


def stored_layer_bytes(shape: Shape, method: Method) -> float:
    """One decoder layer's weights as the GPU holds them: its linears in NF4 for QLoRA (bf16 otherwise), its two
    norms in bf16 (what FSDP gathers for the layer)."""
    return shape.layer_linear_params * (NF4_BYTES if method == "qlora" else 2.0) + 2 * shape.hidden * 2


def _check(method: Method, ranks: int, parallel: Parallel, max_memory_gib: float | None) -> bool:
    """Refuse what the trainer does not do; whether the weights are sharded."""
    if ranks < 1:
        raise GristmillError(f"ranks: {ranks}: expected 1 or more")
    sharded = parallel == "fsdp" and ranks > 1
    if sharded and max_memory_gib is not None:
        raise GristmillError("with fsdp the trainer decides checkpointing before the model is sharded: plan fsdp "
                             "with checkpointing on or off, not a memory budget")
    return sharded


def _trainer_plan(est: Estimate, allocated: float, one_layer: int, head_bytes: int, budget: int) -> tuple[int, bool]:
    """(checkpointed layers, head in host memory) as `train.session.decide_checkpointing` decides them: checkpoint
    the fewest layers whose activations do not fit what the budget leaves after the allocated weights and the
    step's overhead (`step_overhead_bytes`, fp32 AdamW states counted); when any must be, first move a frozen
    head (`head_bytes`, 0 when it stays) to host memory and decide again."""
    layers = est.shape.layers
    overhead = step_overhead_bytes(est.trainable, est.shape.hidden, est.seq_len * est.micro_batch)
    checkpointed = layers_to_checkpoint(layers, one_layer, int(budget - allocated - overhead))
    if checkpointed and head_bytes:
        return layers_to_checkpoint(layers, one_layer, int(budget - allocated + head_bytes - overhead)), True
    return checkpointed, False


def _decisions(est: Estimate, embedding_on_host: bool, head_on_host: bool, sharded: bool) -> list[str]:
    """What the trainer does with this configuration, in words (shown under the estimate)."""
    out = ["input embedding in host memory"] if embedding_on_host else []
    if head_on_host:
        out.append("output head in host memory" + (" (tied: the input embedding with it)"
                                                   if est.shape.tied_embeddings else ""))
    out.append(f"{est.checkpointed_layers}/{est.shape.layers} layers checkpointed"
               + (", their inputs in host memory" if est.checkpointed_layers else ""))
    if sharded:
        out.append(f"weights, gradients and optimizer states sharded over {est.ranks} GPUs; full logits")
    if est.budget_gib is not None:
        verdict = "fits" if est.fits_budget else ("over it even with every layer checkpointed"
                                                   if est.checkpointed_layers == est.shape.layers else "over it")
        out.append(f"{est.allocated_gib:.1f} GiB allocated at the peak vs max_memory_gib {est.budget_gib:g}: {verdict}")
    return out


def parse_tokens(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMbB]?)", text.strip())
    if not match:
        raise GristmillError(f"--tokens {text!r}: expected a number such as 5000000, 5M or 2.5B")
    scale = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[match.group(2).lower()]
    return int(float(match.group(1)) * scale)
