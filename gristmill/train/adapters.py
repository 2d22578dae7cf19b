"""What trains: a peft adapter (LoRA, IA3, prompt or prefix tuning), BitFit, or the whole model.

Also the two memory decisions taken before the first step: which decoder layers recompute their
activations in backward (gradient checkpointing, only as many as the memory budget needs), and the
optimizer (paged 8-bit AdamW on CUDA, plain AdamW elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from gristmill.errors import ConfigError, require
from gristmill.plan import PAGED_OPTIMIZER_PARAMS
from gristmill.train.config import AdapterSection, OptimSection

NORM_NAMES = ("norm", "ln_", "layernorm")


def _peft_config(cfg: AdapterSection, task_type: str) -> Any:
    import peft

    if cfg.method == "lora":
        alpha: Any = cfg.alpha  # peft annotates an int, and takes a float
        return peft.LoraConfig(r=cfg.r, lora_alpha=alpha, lora_dropout=cfg.dropout, bias="none",
                               target_modules=cfg.target_modules, task_type=task_type)
    if cfg.method == "ia3":
        return peft.IA3Config(target_modules=cfg.target_modules, task_type=task_type,
                              feedforward_modules=[] if cfg.target_modules != "all-linear" else None)
    if cfg.method == "prompt":
        return peft.PromptTuningConfig(num_virtual_tokens=cfg.virtual_tokens, task_type=task_type)
    return peft.PrefixTuningConfig(num_virtual_tokens=cfg.virtual_tokens, task_type=task_type)


def attach_adapter(model: Any, cfg: AdapterSection, task_type: str = "CAUSAL_LM") -> Any:
    """Wrap or freeze `model` so that only what `cfg.method` trains has requires_grad."""
    keep_norms_fp32(model)
    if cfg.init_from:
        from peft import PeftModel

        return PeftModel.from_pretrained(model, cfg.init_from, is_trainable=True)
    if cfg.method in ("bitfit", "full"):
        if getattr(model, "is_loaded_in_4bit", False):
            raise ConfigError([f"adapter.method: {cfg.method} trains base weights, which a 4-bit base cannot; "
                               "set model.quantize: none or use lora"])
        for name, param in model.named_parameters():
            param.requires_grad = cfg.method == "full" or name.endswith(".bias")
        if cfg.method == "bitfit" and not any(p.requires_grad for p in model.parameters()):
            raise ConfigError(["adapter.method: bitfit, but this model has no bias parameters"])
        _freeze(model, cfg.freeze)
        return model
    if cfg.method == "ia3" and cfg.target_modules == "all-linear":
        cfg = cfg.model_copy(update={"target_modules": _linear_names(model)})
    from peft import get_peft_model

    return get_peft_model(model, _peft_config(cfg, task_type))


def _linear_names(model: Any) -> list[str]:
    """Leaf names of the linear layers inside the decoder blocks (IA3 needs them spelled out)."""
    names = {name.rsplit(".", 1)[-1] for name, module in model.named_modules()
             if ".layers." in name and type(module).__name__.startswith("Linear")}
    return sorted(names)


def _freeze(model: Any, parts: Sequence[str]) -> None:
    for name, param in model.named_parameters():
        lower = name.lower()
        if ("embeddings" in parts and "embed" in lower) or ("lm_head" in parts and "lm_head" in lower) or \
                ("norms" in parts and any(n in lower for n in NORM_NAMES)):
            param.requires_grad = False


def keep_norms_fp32(model: Any) -> None:
    """Norm weights in fp32 (QLoRA keeps them in higher precision; they are tiny).

    The norm's output is cast back to its input's dtype, so an fp32 weight does not turn the whole bf16
    residual stream into fp32 (which would double activation memory).
    """
    for module in model.modules():
        params = list(module.parameters(recurse=False))
        if "norm" not in type(module).__name__.lower() or not params or params[0].dtype == torch.float32:
            continue
        for param in params:
            param.data = param.data.float()
        module.register_forward_hook(_output_like_input)


def _output_like_input(module: Any, inputs: tuple[Any, ...], output: Any) -> Any:
    return output.to(inputs[0].dtype) if isinstance(output, torch.Tensor) else output


def trainable_parameters(model: Any) -> list[torch.nn.Parameter]:
    return [p for p in model.parameters() if p.requires_grad]


def parameter_counts(model: Any) -> tuple[int, int]:
    """(trainable, total) parameter counts; 4-bit weights count as their unpacked size."""
    trainable = total = 0
    for param in model.parameters():
        n = param.numel() * (2 if param.dtype == torch.uint8 else 1)
        total += n
        trainable += n if param.requires_grad else 0
    return trainable, total


def dequantize_base(model: Any) -> int:
    """Replace each NF4 base layer under an adapter by a bf16 Linear holding its de-quantized weight.

    bitsandbytes de-quantizes the NF4 weight to bf16 before every matmul anyway, so the numbers are the same;
    this trades memory (2 bytes a weight instead of ~0.5) for not de-quantizing three times a step.
    """
    import bitsandbytes as bnb

    replaced = 0
    for module in list(model.modules()):
        base = getattr(module, "base_layer", None)
        if not isinstance(base, bnb.nn.Linear4bit):
            continue
        state = base.weight.quant_state  # type: ignore[attr-defined]  # bitsandbytes' Params4bit
        weight = bnb.functional.dequantize_4bit(base.weight.data, state).to(torch.bfloat16)
        linear = torch.nn.Linear(base.in_features, base.out_features, bias=base.bias is not None,
                                 device=weight.device, dtype=torch.bfloat16)
        linear.weight = torch.nn.Parameter(weight, requires_grad=False)
        if base.bias is not None:
            linear.bias = torch.nn.Parameter(base.bias.data.to(torch.bfloat16), requires_grad=False)
        module.base_layer = linear
        replaced += 1
    return replaced


def decoder_layers(model: Any) -> list[Any]:
    """The model's decoder layers, in order (transformers marks each as a `GradientCheckpointingLayer`)."""
    from transformers.modeling_layers import GradientCheckpointingLayer

    return [m for m in model.modules() if isinstance(m, GradientCheckpointingLayer)]


def base_model(model: Any) -> Any:
    """The transformers model under a peft wrapper (or the model itself when it has none)."""
    return model.get_base_model() if hasattr(model, "get_base_model") else model


# --------------------------------------------------------------------------------------------- optimizer


def optimizer_name(params: list[torch.nn.Parameter], cfg: OptimSection, device: str) -> str:
    """`auto`: on CUDA, paged 8-bit AdamW (bitsandbytes) for trainable sets past 200M parameters (full
    fine-tuning, a 70B base's adapter), where its 4x smaller states are gigabytes; fused torch AdamW below that,
    memory budget or not. bitsandbytes updates one tensor at a time and synchronizes the device after each (224
    times a step for a 1B model's LoRA, 448 for an 8B's), which costs more time than its states save memory:
    measured on one H100 with fused AdamW instead, 1B DPO at trl's memory +27-37% pairs/s, 8B SFT +4.5% tokens/s
    with the GPU's memory and +4.7% at trl's (peak 5.39 -> 5.67 GiB, under the 6.3 GiB budget: the
    checkpointing planner counts fp32 states either way), 8B DPO at trl's memory +2.9% (benchmarks/BENCHMARKS.md).
    CPU: torch AdamW."""
    if cfg.optimizer != "auto":
        return cfg.optimizer
    if not device.startswith("cuda"):
        return "adamw"
    large = sum(p.numel() for p in params) > PAGED_OPTIMIZER_PARAMS
    return "paged_adamw_8bit" if large and _has("bitsandbytes") else "adamw"


def build_optimizer(params: list[torch.nn.Parameter], cfg: OptimSection, device: str) -> torch.optim.Optimizer:
    """The optimizer `optimizer_name` picks (paged 8-bit AdamW or torch AdamW, fused on CUDA)."""
    kwargs: dict[str, Any] = {"lr": cfg.lr, "betas": cfg.betas, "weight_decay": cfg.weight_decay}
    if optimizer_name(params, cfg, device) == "paged_adamw_8bit":
        bnb = require("bitsandbytes", "train", "paged 8-bit AdamW")
        return bnb.optim.PagedAdamW8bit(params, **kwargs)
    fused = device.startswith("cuda") and all(p.dtype == torch.float32 for p in params)
    return torch.optim.AdamW(params, **kwargs, fused=fused)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


