"""One autograd node per LoRA linear: y = base(x) + s·(drop(x)·Aᵀ)·Bᵀ, the frozen base plain or NF4.

peft's LoRA forward over a bitsandbytes NF4 layer is a chain of small ops (the base matmul, a defensive
clone, dropout, the adapter's two matmuls and their weight casts, a scale, an add), each an autograd node, a
Python frame and a kernel launch, and backward mirrors it. On a large GPU a QLoRA step is bound by those
launches, not by the GPU (benchmarks/BENCHMARKS.md, "where a step's time goes"). `fuse_lora` gives each plain
LoRA linear a forward that computes the same function as one node, with fewer kernels each way, and that
keeps less for backward: the dropout mask alone (the dropped input is rebuilt from the layer input, which
the graph holds anyway) instead of one dropped copy per adapted linear.

The numbers are peft's up to rounding: the scaled adapter term is added by the matmul itself (`addmm_`),
rounding once where peft rounds three times. Dropout draws its mask from the same RNG stream, so
checkpointed recomputation reproduces it. Tests compare outputs and gradients with peft's forward.
"""

from __future__ import annotations

import types
from typing import Any

import torch


class _LoRALinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor, base: torch.nn.Module,
                scale: float, p: float) -> torch.Tensor:
        out = base(x)  # the base layer's own forward (grad is off in here): bitsandbytes picks its kernel
        dtype = out.dtype  # the adapter computes in it, as peft's does under autocast
        flat = x.reshape(-1, x.shape[-1])
        dropped, mask = torch.native_dropout(flat, p, True) if p > 0 else (flat, None)
        a, b = lora_a.to(dtype), lora_b.to(dtype)
        down = dropped.to(dtype) @ a.t()  # (tokens, r)
        out.view(-1, out.shape[-1]).addmm_(down, b.t(), alpha=scale)
        ctx.save_for_backward(flat, mask, down, a, b)
        ctx.base, ctx.scale, ctx.p, ctx.param_dtypes = base, scale, p, (lora_a.dtype, lora_b.dtype)
        return out

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[Any, ...]:
        flat, mask, down, a, b = ctx.saved_tensors
        g = grad.reshape(-1, grad.shape[-1]).to(down.dtype)
        keep = 1.0 / (1.0 - ctx.p)
        dropped = flat if mask is None else torch.ops.aten.native_dropout_backward(flat, mask, keep)
        grad_b = (g.t() @ down).mul_(ctx.scale)
        grad_down = (g @ b).mul_(ctx.scale)
        grad_a = grad_down.t() @ dropped.to(down.dtype)
        grad_x = None
        if ctx.needs_input_grad[0]:
            adapter = grad_down @ a
            if mask is not None:
                adapter = torch.ops.aten.native_dropout_backward(adapter, mask, keep)
            grad_x = torch.addmm(adapter, g, base_weight(ctx.base, g.dtype))
            grad_x = grad_x.to(flat.dtype).view(*grad.shape[:-1], flat.shape[-1])
        return grad_x, grad_a.to(ctx.param_dtypes[0]), grad_b.to(ctx.param_dtypes[1]), None, None, None


def base_weight(base: torch.nn.Module, dtype: torch.dtype) -> torch.Tensor:
    """The frozen (out, in) weight of a plain or NF4 linear, de-quantized as bitsandbytes' backward does."""
    weight = base.weight
    assert isinstance(weight, torch.Tensor)
    state = getattr(weight, "quant_state", None)
    if state is not None:
        from bitsandbytes.functional import dequantize_4bit

        return dequantize_4bit(weight.data, state).to(dtype)
    return weight.to(dtype)


def _fused_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """A LoRA layer's forward: the fused node while one plain adapter is active, peft's own forward otherwise
    (adapter disabled for a reference pass, merged, mixed adapters in a batch, extra arguments)."""
    name = self._fused_adapter
    if args or kwargs or self.disable_adapters or self.merged or self.active_adapters != [name]:
        return self._peft_forward(x, *args, **kwargs)
    dropout = self.lora_dropout[name]
    p = dropout.p if isinstance(dropout, torch.nn.Dropout) and dropout.training else 0.0
    return _LoRALinear.apply(x, self.lora_A[name].weight, self.lora_B[name].weight, self.base_layer,
                             self.scaling[name], p)


def fusable(module: Any) -> str | None:
    """The adapter name when `module` is a peft LoRA linear the fused forward computes exactly: one adapter,
    plain LoRA (no DoRA or other variant, no adapter bias), an `nn.Linear` or bitsandbytes NF4 base in
    (out, in) layout, dropout or none."""
    from peft.tuners.lora import LoraLayer

    if not isinstance(module, LoraLayer) or len(module.lora_A) != 1 or getattr(module, "fan_in_fan_out", False):
        return None
    name = next(iter(module.lora_A))
    base = module.get_base_layer()
    quantized = type(base).__name__ == "Linear4bit" and getattr(base.weight, "quant_state", None) is not None
    if not (type(base) is torch.nn.Linear or quantized):
        return None
    if getattr(module, "lora_variant", {}).get(name) is not None or module.lora_bias.get(name, False):
        return None
    if not isinstance(module.lora_A[name], torch.nn.Linear) or not isinstance(module.lora_B[name], torch.nn.Linear):
        return None
    if not isinstance(module.lora_dropout[name], torch.nn.Dropout | torch.nn.Identity):
        return None
    return name


def fuse_lora(model: Any) -> int:
    """Give every fusable LoRA linear of `model` the fused forward; the number of layers changed."""
    fused = 0
    for module in model.modules():
        name = fusable(module)
        if name is None or hasattr(module, "_peft_forward"):
            continue
        module._fused_adapter = name
        module._peft_forward = module.forward
        module.forward = types.MethodType(_fused_forward, module)
        fused += 1
    return fused
