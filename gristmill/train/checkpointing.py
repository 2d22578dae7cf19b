"""Gradient checkpointing only where memory needs it: how many decoder layers recompute their activations in
backward (the planner's memory model, `gristmill.plan`), and turning it on for exactly those layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gristmill.plan import layer_activation_values, layers_to_checkpoint
from gristmill.train import fused
from gristmill.train.adapters import base_model, decoder_layers
from gristmill.train.offload import host_checkpoint


@dataclass
class CheckpointPlan:
    """How many decoder layers recompute activations in backward, and why (logged with the run); and what went
    to host memory to make room."""

    layers: int
    total_layers: int
    bytes_per_layer: int
    budget_bytes: int
    reason: str
    offload: bool = False  # checkpointed layers park their input in host memory (`offload.host_checkpoint`)
    head_offloaded_bytes: int = 0  # the output head moved to host memory first (`offload.offload_output_head`)
    spare_bytes: int | None = None  # what the budget leaves for activations (None: no budget)

    @property
    def over_budget(self) -> bool:
        """Every layer checkpointed and still one layer's recomputed activations do not fit what is spare: the
        step will pass the budget; only fewer tokens a micro-batch would keep it."""
        return self.spare_bytes is not None and self.layers == self.total_layers and \
            self.spare_bytes < self.bytes_per_layer

    def as_dict(self) -> dict[str, Any]:
        return {"checkpointed_layers": self.layers, "total_layers": self.total_layers,
                "activation_gib_per_layer": round(self.bytes_per_layer / 2**30, 3),
                "budget_gib": round(self.budget_bytes / 2**30, 2), "over_budget": self.over_budget,
                "reason": self.reason,
                "inputs_offloaded": self.offload and self.layers > 0,
                "output_head_offloaded_gib": round(self.head_offloaded_bytes / 2**30, 3)}


def activation_bytes_per_layer(config: Any, tokens: int, bytes_per_value: int = 2, lora: bool = True,
                               fused: bool = False) -> int:
    """Activations one decoder layer of this model keeps for backward, for `tokens` tokens
    (`plan.layer_activation_values`, the planner's memory model)."""
    d = config.hidden_size
    kv = d * getattr(config, "num_key_value_heads", 1) // max(getattr(config, "num_attention_heads", 1), 1)
    values = layer_activation_values(d, getattr(config, "intermediate_size", 4 * d), kv, lora=lora, fused=fused)
    return values * bytes_per_value * tokens


def plan_checkpointing(model: Any, setting: str | int, tokens: int, budget_bytes: int | None,
                       used_bytes: int = 0, offload: bool = False) -> CheckpointPlan:
    """Checkpoint the fewest layers whose activations do not fit `budget_bytes - used_bytes` (`offload`: the
    checkpointed layers park their input in host memory)."""
    n = len(decoder_layers(model))
    config = base_model(model).config
    dtype_bytes = 2 if next(model.parameters()).device.type == "cuda" else 4
    per_layer = activation_bytes_per_layer(config, tokens, dtype_bytes, fused=fused.is_fused(model))
    spare = None
    if isinstance(setting, int) and not isinstance(setting, bool):
        layers, reason = min(setting, n), "set in config"
    elif setting in ("on", "off"):
        layers, reason = (n if setting == "on" else 0), f"gradient_checkpointing: {setting}"
    elif budget_bytes is None:
        layers, reason = 0, "no memory limit known (CPU): all activations kept"
    else:
        spare = budget_bytes - used_bytes
        layers = layers_to_checkpoint(n, per_layer, spare)
        reason = (f"{n} layers × {per_layer / 2**30:.2f} GiB activations vs {spare / 2**30:.1f} GiB spare: "
                  f"{layers} checkpointed")
    plan = CheckpointPlan(layers, n, per_layer, budget_bytes or 0, reason, offload, spare_bytes=spare)
    if plan.over_budget:
        plan.reason += (f"; over budget: recomputing one layer of {tokens} tokens needs "
                        f"{per_layer / 2**30:.2f} GiB, fewer tokens a micro-batch would fit")
    return plan


def apply_checkpointing(model: Any, plan: CheckpointPlan) -> None:
    """Turn checkpointing on for the first `plan.layers` decoder layers only (non-reentrant, or with the layer
    input parked in host memory when `plan.offload`)."""
    if plan.layers == 0:
        return
    base = base_model(model)
    base.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    for index, layer in enumerate(decoder_layers(model)):
        layer.gradient_checkpointing = index < plan.layers
        if plan.offload and layer.gradient_checkpointing:
            layer._gradient_checkpointing_func = host_checkpoint
