"""Fewer, larger ops for what a QLoRA step repeats in every layer: the LoRA linear and the RMSNorm.

On a large GPU a QLoRA step is bound by the CPU issuing kernels, not by the GPU (benchmarks/BENCHMARKS.md:
the GPU is busy a quarter of an H200 step). `fuse` gives two modules a leaner forward, computing the same
function:

- each plain peft LoRA linear, y = base(x) + s·(drop(x)·Aᵀ)·Bᵀ over a plain or NF4 base: peft's forward is a
  chain of small ops (base matmul, a defensive clone, dropout, the adapter's two matmuls and their weight casts,
  a scale, an add), each an autograd node, a Python frame and a kernel launch, and backward mirrors it. Here it
  is one node, with fewer kernels each way, that keeps less for backward: no dropped copy of the input and no
  mask per adapted linear, only the generator state the mask was drawn from (backward draws it again from the
  layer input, which the graph holds anyway; on CPU, where drawing a mask costs more than the matmuls, the mask
  is kept instead; with `adapter.dropout_kernel: triton` not even that state: Triton kernels draw the mask in
  registers from one saved seed inside the down-projection, train/kernels.py). The numbers are peft's up to
  rounding: the scaled adapter term is added by the matmul itself (`addmm_`), rounding once where peft rounds
  three times. On CPU the dropout masks are peft's too. On CUDA they have the same distribution but not the
  same bits: peft draws its mask on an fp32 copy of a bf16 input (it casts to the adapter's dtype first), and
  the CUDA kernel lays random numbers out by dtype; we skip that copy.
- each frozen Llama-style RMSNorm, weight · x / rms(x) with the statistics in fp32: transformers writes it as
  nine elementwise ops (and our fp32-weight cast a tenth), keeping fp32 copies of the input for backward;
  `torch.nn.functional.rms_norm` is one fused kernel on CUDA that keeps the input and the reciprocal RMS. Same
  formula; the product with the weight rounds once instead of twice.

Tests compare outputs and gradients with peft's and transformers' forward on CPU, and on CUDA with dropout off
and against the function written out in torch.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import Iterator
from typing import Any

import torch
import torch.nn.functional as F

from gristmill.train import kernels
from gristmill.train.adapters import decoder_layers


def fuse(model: Any, dropout_kernel: str = "torch") -> dict[str, int]:
    """Give every fusable LoRA linear and RMSNorm of `model` its fused forward (LoRA dropout drawn by
    `dropout_kernel`: torch's dropout, or the Triton kernels of `train/kernels.py`); how many of each."""
    return {"lora_linears": fuse_lora(model, dropout_kernel), "rms_norms": fuse_rms_norms(model)}


def compile_layers(model: Any, backend: str = "inductor") -> int:
    """`torch.compile` every decoder layer in place (regional compilation: the layers share one graph, so it
    compiles once, not once per layer); the number compiled. Checkpointing wraps the compiled layer from outside,
    and the fused LoRA node and norm above trace through as they are."""
    layers = decoder_layers(model)
    for layer in layers:
        layer.compile(backend=backend)
    return len(layers)


def compile_pointwise(model: Any, backend: str = "inductor") -> dict[str, int]:
    """Compile only the element-wise glue between the matmuls: SiLU(gate)·up of every gated MLP (one kernel
    each way that keeps gate and up for backward; eager keeps SiLU(gate) too) and the rotary embedding of
    queries and keys (eager: eight multiplies, two negations and two concatenations each way). The matmuls,
    attention and the fused LoRA node stay eager, so nothing breaks the graph. How many MLPs and model
    families changed."""
    def compiled(function: Any) -> Any:
        return torch.compile(function, dynamic=True, backend=backend)

    return {"mlps": fuse_swiglu(model, compiled(silu_mul)), "rotary": fuse_rotary(model, compiled(rotary))}


def wanted(setting: str, device: str) -> bool:
    """`adapter.fused`: `auto` fuses everywhere. On CUDA a step is bound by kernel launches, which fusing cuts;
    a CPU step is bound by its matmuls and runs about as fast either way (two alternating runs: +27% and −16%),
    but keeps less: the quickstart's training peaked at 4.0 GiB fused against 5.5 GiB, with the same losses."""
    return setting in ("on", "auto")


REPLAY_MASK_ON = {"cuda"}  # devices where backward draws the dropout mask again instead of keeping it


class _LoRALinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor, base: torch.nn.Module,
                scale: float, p: float, dropout_kernel: str = "torch") -> torch.Tensor:
        flat = x.reshape(-1, x.shape[-1])
        ctx.seed = kernels.draw_seed(x.device) if p > 0 and dropout_kernel == "triton" else None
        # On CUDA, where a dropout kernel is cheap and memory is what binds, backward draws the mask again from
        # the generator state; on CPU, where drawing it costs more than the matmuls, the mask is kept.
        ctx.rng = rng_state(x.device) if p > 0 and ctx.seed is None and x.device.type in REPLAY_MASK_ON else None
        if ctx.seed is not None:  # each keep bit drawn in registers from the seed: no dropped copy, no mask
            a, mask = lora_a.to(autocast_dtype(flat)), None
            down = kernels.lora_down(flat, a, p, ctx.seed)
        else:
            dropped, mask = torch.native_dropout(flat, p, True) if p > 0 else (flat, None)
            mask = None if ctx.rng is not None else mask
            a = lora_a.to(dropped.dtype)
            down = dropped @ a.t()  # (tokens, r)
            del dropped  # before the base output exists: one input-sized temporary at a time
        out = base(x)  # the base layer's own forward (grad is off in here): bitsandbytes picks its kernel
        down, a, b = down.to(out.dtype), a.to(out.dtype), lora_b.to(out.dtype)  # as peft computes under autocast
        out.view(-1, out.shape[-1]).addmm_(down, b.t(), alpha=scale)
        ctx.save_for_backward(flat, down, a, b, mask)
        ctx.base, ctx.scale, ctx.p, ctx.param_dtypes = base, scale, p, (lora_a.dtype, lora_b.dtype)
        return out

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[Any, ...]:
        flat, down, a, b, mask = ctx.saved_tensors
        g = grad.reshape(-1, grad.shape[-1]).to(down.dtype)
        nothing = g.new_empty(())  # addmm with beta=0 reads no input: the scale rides on the matmul (alpha)
        grad_b = torch.addmm(nothing, g.t(), down, beta=0, alpha=ctx.scale)
        grad_down = torch.addmm(nothing, g, b, beta=0, alpha=ctx.scale)
        if ctx.seed is not None:  # the forward's mask, drawn again in registers from the same seed
            grad_a = kernels.lora_grad_a(grad_down, flat, ctx.p, ctx.seed)
        else:
            dropped, mask = _dropped_again(ctx, flat, mask)
            grad_a = grad_down.t() @ dropped.to(down.dtype)
            del dropped
        grad_x = None
        if ctx.needs_input_grad[0]:
            # dx = g·W + drop'(grad_down·A). The mask and its 1/(1-p) go on in one kernel: dropout's own backward,
            # which reads the bool mask natively (a bf16 × bool `mul_` is a slow mixed-dtype kernel on CUDA), or
            # with the product itself under `dropout_kernel: triton`.
            if ctx.seed is not None:
                adapter = kernels.lora_grad_input(grad_down, a, ctx.p, ctx.seed)
            else:
                adapter = grad_down @ a
                if mask is not None:
                    adapter = torch.ops.aten.native_dropout_backward(adapter, mask, 1.0 / (1.0 - ctx.p))
            grad_x = adapter.addmm_(g, base_weight(ctx.base, g.dtype))
            grad_x = grad_x.to(flat.dtype).view(*grad.shape[:-1], flat.shape[-1])
        return grad_x, grad_a.to(ctx.param_dtypes[0]), grad_b.to(ctx.param_dtypes[1]), None, None, None, None


def _dropped_again(ctx: Any, flat: torch.Tensor, mask: torch.Tensor | None) -> tuple[torch.Tensor, Any]:
    """The forward's dropped input and its mask for backward: the mask drawn again (same input, same generator
    state) where it was not kept, applied where it was, the input itself without dropout."""
    if ctx.rng is not None:
        with replayed_rng(flat.device, ctx.rng):
            return torch.native_dropout(flat, ctx.p, True)
    if mask is not None:
        return torch.ops.aten.native_dropout_backward(flat, mask, 1.0 / (1.0 - ctx.p)), mask
    return flat, None


def autocast_dtype(flat: torch.Tensor) -> torch.dtype:
    """The dtype torch's path multiplies the dropped input by Aᵀ in: autocast's where it is on, else the input's."""
    device = flat.device.type
    return torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else flat.dtype


def rng_state(device: torch.device) -> torch.Tensor:
    return torch.cuda.get_rng_state(device) if device.type == "cuda" else torch.get_rng_state()


@contextlib.contextmanager
def replayed_rng(device: torch.device, state: torch.Tensor) -> Iterator[None]:
    """Run the body with the generator of `device` set to `state`, and put the current state back after."""
    now = rng_state(device)
    set_state = functools.partial(torch.cuda.set_rng_state, device=device) if device.type == "cuda" else \
        torch.set_rng_state
    set_state(state)
    try:
        yield
    finally:
        set_state(now)


def base_weight(base: torch.nn.Module, dtype: torch.dtype) -> torch.Tensor:
    """The frozen (out, in) weight of a plain or NF4 linear, de-quantized as bitsandbytes' backward does."""
    weight = base.weight
    assert isinstance(weight, torch.Tensor)
    state = quant_state(base)
    if state is not None:
        from bitsandbytes.functional import dequantize_4bit

        return dequantize_4bit(weight.data, state).to(dtype)
    return weight.to(dtype)


def quant_state(base: torch.nn.Module) -> Any:
    """An NF4 linear's quantization state: on its weight, or, once FSDP has swapped the weight for a gathered
    plain tensor, the copy bitsandbytes keeps on the module for that case; None for a plain linear."""
    if type(base).__name__ != "Linear4bit":
        return None
    return getattr(base.weight, "quant_state", None) or getattr(base, "quant_state", None)


def _fused_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """A LoRA layer's forward: the fused node while one plain adapter is active, peft's own forward otherwise
    (adapter disabled for a reference pass, merged, mixed adapters in a batch, extra arguments)."""
    name = self._fused_adapter
    if args or kwargs or self.disable_adapters or self.merged or self.active_adapters != [name]:
        return self._peft_forward(x, *args, **kwargs)
    dropout = self.lora_dropout[name]
    p = dropout.p if isinstance(dropout, torch.nn.Dropout) and dropout.training else 0.0
    return _LoRALinear.apply(x, self.lora_A[name].weight, self.lora_B[name].weight, self.base_layer,
                             self.scaling[name], p, self._dropout_kernel)


def fusable(module: Any) -> str | None:
    """The adapter name when `module` is a peft LoRA linear the fused forward computes exactly: one adapter,
    plain LoRA (no DoRA or other variant, no adapter bias), an `nn.Linear` or bitsandbytes NF4 base in
    (out, in) layout, dropout or none."""
    from peft.tuners.lora import LoraLayer

    if not isinstance(module, LoraLayer) or len(module.lora_A) != 1 or getattr(module, "fan_in_fan_out", False):
        return None
    name = next(iter(module.lora_A))
    base = module.get_base_layer()
    if not (type(base) is torch.nn.Linear or quant_state(base) is not None):
        return None
    if getattr(module, "lora_variant", {}).get(name) is not None or module.lora_bias.get(name, False):
        return None
    if not isinstance(module.lora_A[name], torch.nn.Linear) or not isinstance(module.lora_B[name], torch.nn.Linear):
        return None
    if not isinstance(module.lora_dropout[name], torch.nn.Dropout | torch.nn.Identity):
        return None
    return name


def is_fused(model: Any) -> bool:
    """Whether `fuse` gave the model's LoRA linears their fused forward."""
    return any(hasattr(module, "_fused_adapter") for module in model.modules())


def fuse_lora(model: Any, dropout_kernel: str = "torch") -> int:
    """Give every fusable LoRA linear of `model` the fused forward; the number of layers changed."""
    fused = 0
    for module in model.modules():
        name = fusable(module)
        if name is None or hasattr(module, "_peft_forward"):
            continue
        module._fused_adapter, module._dropout_kernel = name, dropout_kernel
        module._peft_forward = module.forward
        module.forward = types.MethodType(_fused_forward, module)
        fused += 1
    return fused


# --------------------------------------------------------------------------------------------- RMSNorm

# transformers' norms that compute weight · (x·rsqrt(mean(x²) + eps) in fp32).to(x.dtype) (Gemma's 1 + weight
# and norms with a bias are not among them); tests hold each to F.rms_norm.
RMS_NORMS = ("LlamaRMSNorm", "MistralRMSNorm", "Qwen2RMSNorm", "Qwen3RMSNorm")


def _rms_norm_forward(self: Any, hidden: torch.Tensor) -> torch.Tensor:
    weight = self.weight
    if weight.dtype != hidden.dtype:  # fp32 norm weights (QLoRA keeps them so) cast once per dtype, not per call
        key = (hidden.dtype, weight._version, weight.data_ptr())
        if self._fused_weight_key != key:
            self._fused_weight, self._fused_weight_key = weight.detach().to(hidden.dtype), key
        weight = self._fused_weight
    with torch.autocast(hidden.device.type, enabled=False):  # in the input's dtype, statistics in fp32
        return F.rms_norm(hidden, (hidden.shape[-1],), weight, self.variance_epsilon)


def fuse_rms_norms(model: Any) -> int:
    """Give every frozen Llama-style RMSNorm of `model` the fused forward; the number changed."""
    fused = 0
    for module in model.modules():
        weight = getattr(module, "weight", None)
        if (type(module).__name__ not in RMS_NORMS or not isinstance(weight, torch.Tensor) or weight.requires_grad
                or not hasattr(module, "variance_epsilon") or hasattr(module, "_fused_weight_key")):
            continue
        module._fused_weight, module._fused_weight_key = None, None
        module.forward = types.MethodType(_rms_norm_forward, module)
        fused += 1
    return fused


# --------------------------------------------------------------------------------------------- SwiGLU

# transformers' gated MLPs, down(act(gate(x)) · up(x)); only those whose activation is SiLU are changed
SWIGLU_MLPS = ("LlamaMLP", "MistralMLP", "Qwen2MLP", "Qwen3MLP")


def silu_mul(gate: torch.Tensor, up: torch.Tensor) -> torch.Tensor:
    return F.silu(gate) * up


def _swiglu_forward(self: Any, x: torch.Tensor) -> torch.Tensor:
    return self.down_proj(self._silu_mul(self.gate_proj(x), self.up_proj(x)))


def fuse_swiglu(model: Any, kernel: Any = silu_mul) -> int:
    """Give every SiLU-gated MLP of `model` a forward that calls `kernel(gate, up)`; the number changed."""
    from transformers import activations

    silu = tuple(kind for kind in (getattr(activations, "SiLUActivation", None), torch.nn.SiLU) if kind)
    fused = 0
    for module in model.modules():
        if type(module).__name__ not in SWIGLU_MLPS or hasattr(module, "_silu_mul") or \
                not isinstance(module.act_fn, silu):
            continue
        module._silu_mul = kernel
        module.forward = types.MethodType(_swiglu_forward, module)
        fused += 1
    return fused


# --------------------------------------------------------------------------------------------- rotary embedding

ROTARY_MODULES = ("llama", "mistral", "qwen2", "qwen3")  # transformers.models.<name>.modeling_<name>


def rotary(q: torch.Tensor, k: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor,
           unsqueeze_dim: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """transformers' `apply_rotary_pos_emb` of these families, written out: x·cos + rotate_half(x)·sin."""
    cos, sin = cos.unsqueeze(unsqueeze_dim), sin.unsqueeze(unsqueeze_dim)

    def rotate_half(x: torch.Tensor) -> torch.Tensor:
        half = x.shape[-1] // 2
        return torch.cat((-x[..., half:], x[..., :half]), dim=-1)

    return q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin


def fuse_rotary(model: Any, kernel: Any = rotary) -> int:
    """Point the modeling module of `model`'s family at `kernel` for its rotary embedding: the attention
    forward looks `apply_rotary_pos_emb` up in its module, so this holds for every model of that family in
    the process (the function is the same one, only its kernels differ). 1 when changed, else 0."""
    package = type(model.config).__module__.rsplit(".", 1)[0] if hasattr(model, "config") else ""
    family = package.rsplit(".", 1)[-1]  # transformers.models.llama -> llama
    module = sys.modules.get(f"{package}.modeling_{family}")
    current = getattr(module, "apply_rotary_pos_emb", None)
    if family not in ROTARY_MODULES or current is None or hasattr(current, "_gristmill"):
        return 0
    kernel._gristmill = True
    setattr(module, "apply_rotary_pos_emb", kernel)  # noqa: B010 (a module global, not a known attribute)
    return 1
