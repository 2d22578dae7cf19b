"""Packed LoRA: every resident adapter's A and B side by side in one matrix per linear module, so a batch that
mixes any adapters costs two matmuls per module, `((x @ A_all) * row_mask) @ B_all`, instead of peft's loop
over the adapters of the batch (index, two small matmuls and an index-add each). The row mask keeps, for each
row, only its own adapter's r columns (none for base rows). The price: every row multiplies through every
resident adapter's columns (8 × r=16 = 128 columns here). `benchmarks/serve.py --engines-ab` measures it against
peft's mixed batches (`--lora-engine peft`) in one process on the same batch: 1.46× peft's speed on a 2-core CPU
with 8 adapters and 16 rows, same tokens (benchmarks/BENCHMARKS.md).

Plain LoRA only (no DoRA, no modules_to_save, no LoRA on embeddings): anything else is refused when loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gristmill.crypto import Sealer
from gristmill.errors import GristmillError
from gristmill.trained import adapter_config, adapter_weights

PEFT_PREFIX = "base_model.model."


class PackedLoRA:
    """`slots` adapter slots of up to `rank` columns each, on forward hooks of the base's linear modules."""

    def __init__(self, model: Any, slots: int) -> None:
        self.model = model
        self.slots = slots
        self.rank = 0  # columns per slot: the largest rank loaded so far (a larger one re-packs)
        self.linears = {name: m for name, m in model.named_modules() if type(m).__name__ == "Linear"}
        self.packed: dict[str, tuple[Any, Any]] = {}  # module name → (A_all: in × slots·rank, B_all: slots·rank × out)
        self.mask: Any = None  # (batch, 1, slots·rank) during a batch, None otherwise
        self._rows: tuple[Any, Any] = (None, None)  # the last set_rows' (rows and layout, mask): steps repeat it
        self._hooks: list[Any] = []

    def load(self, slot: int, folder: Path, sealer: Sealer | None = None) -> None:
        """Write the adapter in `folder` into `slot` (its previous contents are cleared); a sealed one is opened in
        memory with `sealer`."""
        import torch

        config, weights = read_lora(folder, sealer)
        rank = int(config["r"])
        scale = float(config["lora_alpha"]) / (rank**0.5 if config.get("use_rslora") else rank)
        pairs = lora_pairs(weights, folder)
        missing = sorted(set(pairs) - set(self.linears))
        if missing:
            raise GristmillError(f"{folder}: the base has no linear module {missing[0]} (another base model?)")
        if rank > self.rank:
            self._repack(rank)
        self.clear(slot)
        columns = slice(slot * self.rank, slot * self.rank + rank)
        with torch.no_grad():
            for name, (lora_a, lora_b) in pairs.items():
                a_all, b_all = self._packed(name)
                if lora_a.shape[1] != a_all.shape[0] or lora_b.shape[0] != b_all.shape[1]:
                    raise GristmillError(f"{folder}: {name} has shape {tuple(lora_b.shape[:1])}x"
                                         f"{tuple(lora_a.shape[1:])}, the base's differs (another base model?)")
                a_all[:, columns] = lora_a.T.to(a_all.dtype)
                b_all[columns, :] = (lora_b * scale).T.to(b_all.dtype)

    def clear(self, slot: int) -> None:
        columns = slice(slot * self.rank, (slot + 1) * self.rank)
        for a_all, b_all in self.packed.values():
            a_all[:, columns] = 0
            b_all[columns, :] = 0

    def set_rows(self, row_slots: list[int | None]) -> None:
        """Row i of the next forward passes uses slot row_slots[i] (None: the base alone)."""
        import torch

        first = next(iter(self.packed.values()))[0] if self.packed else torch.zeros(0)
        key = (tuple(row_slots), self.rank, first.dtype, first.device)
        if self._rows[0] != key:  # built on the host and copied once (on a GPU, one copy instead of a fill a row)
            mask = torch.zeros(len(row_slots), 1, self.slots * max(self.rank, 1), dtype=first.dtype)
            for row, slot in enumerate(row_slots):
                if slot is not None:
                    mask[row, 0, slot * self.rank:(slot + 1) * self.rank] = 1.0
            self._rows = (key, mask.to(first.device))
        self.mask = self._rows[1]

    def _packed(self, name: str) -> tuple[Any, Any]:
        import torch

        if name not in self.packed:
            linear = self.linears[name]
            width = self.slots * self.rank
            like = {"dtype": linear.weight.dtype, "device": linear.weight.device}
            self.packed[name] = (torch.zeros(linear.in_features, width, **like),
                                 torch.zeros(width, linear.out_features, **like))
            self._hooks.append(linear.register_forward_hook(self._hook(name)))
        return self.packed[name]

    def _hook(self, name: str) -> Any:
        def add_lora(module: Any, inputs: tuple[Any, ...], output: Any) -> Any:
            if self.mask is None:
                return None
            a_all, b_all = self.packed[name]
            return output + ((inputs[0] @ a_all) * self.mask) @ b_all

        return add_lora

    def _repack(self, rank: int) -> None:
        """Widen every slot to `rank` columns, keeping what is loaded."""

        old = self.rank
        for name, (a_all, b_all) in self.packed.items():
            a_new = a_all.new_zeros(a_all.shape[0], self.slots * rank)
            b_new = b_all.new_zeros(self.slots * rank, b_all.shape[1])
            for slot in range(self.slots):
                a_new[:, slot * rank:slot * rank + old] = a_all[:, slot * old:(slot + 1) * old]
                b_new[slot * rank:slot * rank + old, :] = b_all[slot * old:(slot + 1) * old, :]
            self.packed[name] = (a_new, b_new)
        self.rank = rank


def read_lora(folder: Path, sealer: Sealer | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(adapter_config, tensors) of a peft LoRA folder (plain or sealed), after checking it is plain LoRA."""
    config = adapter_config(folder, sealer)
    unsupported = [what for bad, what in (
        (config.get("peft_type") != "LORA", f"peft_type {config.get('peft_type')}"),
        (bool(config.get("use_dora")), "DoRA"), (bool(config.get("modules_to_save")), "modules_to_save"),
        (bool(config.get("rank_pattern") or config.get("alpha_pattern")), "per-module ranks"),
        (config.get("bias", "none") != "none", "trained biases")) if bad]
    if unsupported:
        raise GristmillError(f"{folder}: the packed LoRA engine serves plain LoRA, not {', '.join(unsupported)} "
                             "(serve it with --lora-engine peft)")
    return config, adapter_weights(folder, sealer)


def lora_pairs(weights: dict[str, Any], folder: Path) -> dict[str, tuple[Any, Any]]:
    """Module name (as the base model names it) → (A, B)."""
    pairs: dict[str, list[Any]] = {}
    for key, tensor in weights.items():
        for marker, index in ((".lora_A.weight", 0), (".lora_B.weight", 1)):
            if key.endswith(marker):
                module = key[: -len(marker)].removeprefix(PEFT_PREFIX)
                pairs.setdefault(module, [None, None])[index] = tensor.float()
                break
        else:
            raise GristmillError(f"{folder}: tensor {key} is not a LoRA A or B weight")
    incomplete = [m for m, (a, b) in pairs.items() if a is None or b is None]
    if incomplete:
        raise GristmillError(f"{folder}: {incomplete[0]} has LoRA A or B but not both")
    return {m: (a, b) for m, (a, b) in pairs.items()}
