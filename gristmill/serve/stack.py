"""The adapter stack: one frozen base in memory, LoRA adapters loaded into it and evicted least recently used.

One forward pass serves rows of several adapters, by one of two engines: `packed` (default; `packed.py`: every
resident adapter side by side, two matmuls per module) or `peft` (named adapters of one `PeftModel`, and peft's
mixed-adapter batches: `adapter_names=` per row, `__base__` for the base); benchmarks/BENCHMARKS.md compares
them. Only the engine's worker thread touches the stack; nothing here locks.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gristmill.crypto import Sealer
from gristmill.errors import GristmillError

BASE_ROW = "__base__"  # peft's name for "no adapter" in a mixed batch
LORA_ENGINES = ("packed", "peft")


@dataclass(frozen=True)
class AdapterRef:
    """A registered adapter: its public name, its peft folder, and a version (a re-load under the same name is a
    new version, so a request accepted before the swap keeps the weights it was accepted with)."""

    name: str
    path: Path
    version: int = 0
    sealer: Sealer | None = field(default=None, compare=False)  # an encrypted run's adapter: opened in memory

    @property
    def key(self) -> tuple[str, int]:
        return self.name, self.version


class AdapterStack:
    """Resident adapters over one base, at most `max_resident` of them (LRU)."""

    def __init__(self, base: Any, max_resident: int, lora_engine: str = "packed") -> None:
        if max_resident < 1:
            raise GristmillError(f"--max-adapters {max_resident}: at least one adapter must fit")
        if lora_engine not in LORA_ENGINES:
            raise GristmillError(f"--lora-engine {lora_engine!r}: expected one of {', '.join(LORA_ENGINES)}")
        self.base = base
        self.max_resident = max_resident
        self.peft: Any = None
        self.packed: Any = None
        if lora_engine == "packed":
            from gristmill.serve.packed import PackedLoRA

            self.packed = PackedLoRA(base, max_resident)
        self._slots: OrderedDict[tuple[str, int], Any] = OrderedDict()  # (name, version) → peft name or packed slot
        self._counter = 0
        self.pinned: set[tuple[str, int]] = set()  # adapters of rows being generated: never evicted
        self.loads = 0  # adapters read from disk since start (a reload after eviction counts again)

    @property
    def resident(self) -> list[tuple[str, int]]:
        return list(self._slots)

    def ensure(self, refs: Iterable[AdapterRef]) -> dict[tuple[str, int], str]:
        """Make every adapter in `refs` resident (loading, and evicting others LRU) → their peft names."""
        wanted = {ref.key: ref for ref in refs}
        if len(wanted) > self.max_resident:
            raise GristmillError(f"{len(wanted)} adapters in one batch, but at most {self.max_resident} fit")
        for key, ref in wanted.items():
            if key in self._slots:
                self._slots.move_to_end(key)
                continue
            while len(self._slots) >= self.max_resident:
                victim = next((k for k in self._slots if k not in wanted and k not in self.pinned), None)
                if victim is None:
                    raise SlotsBusy(f"every adapter slot is in use by running requests ({self.max_resident})")
                self.evict(victim)
            self._load(ref)
        return {key: self._slots[key] for key in wanted}

    def _load(self, ref: AdapterRef) -> None:
        if self.packed is not None:
            slot = min(set(range(self.max_resident)) - set(self._slots.values()))
            try:
                self.packed.load(slot, ref.path, ref.sealer)
            except (OSError, ValueError, RuntimeError) as exc:
                self.packed.clear(slot)
                raise GristmillError(f"adapter {ref.name!r} does not load: {exc}") from exc
            self._slots[ref.key] = slot
            self.loads += 1
            return
        self._load_peft(ref)

    def _load_peft(self, ref: AdapterRef) -> None:
        from gristmill.trained import load_adapter

        self._counter += 1
        slot = f"slot{self._counter}"
        try:  # the first adapter wraps the base in a PeftModel; the next ones are added to it
            into = self.base if self.peft is None else self.peft
            self.peft = load_adapter(into, ref.path, adapter_name=slot, sealer=ref.sealer).eval()
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            if self.peft is not None and slot in self.peft.peft_config:  # leave no half-loaded adapter behind
                self.peft.delete_adapter(slot)
            raise GristmillError(f"adapter {ref.name!r} does not load onto this base: {exc}") from exc
        self.peft.set_adapter(slot)  # peft needs some active adapter; rows choose theirs with adapter_names
        self._slots[ref.key] = slot
        self.loads += 1

    def evict(self, key: tuple[str, int]) -> None:
        if key in self.pinned:
            raise SlotsBusy(f"adapter {key[0]!r} is in use by running requests")
        slot = self._slots.pop(key, None)
        if slot is not None and self.packed is not None:
            self.packed.clear(slot)
        elif slot is not None:
            if self._slots:  # another adapter becomes the active one first (peft warns when it must choose)
                self.peft.set_adapter(next(reversed(self._slots.values())))
            self.peft.delete_adapter(slot)

    def evict_except(self, keep: set[tuple[str, int]], names: set[str]) -> None:
        """Evict the resident versions of `names` that no pending request still needs."""
        for key in [k for k in self._slots if k[0] in names and k not in keep and k not in self.pinned]:
            self.evict(key)

    def generate(self, rows: list[AdapterRef | None], **kwargs: Any) -> Any:
        """`generate` with row i under adapter rows[i] (None: the base), all rows in one batch."""
        return self._call("generate", rows, kwargs)

    def forward(self, rows: list[AdapterRef | None], **kwargs: Any) -> Any:
        """One forward pass with row i under adapter rows[i] (None: the base)."""
        return self._call("forward", rows, kwargs)

    def _call(self, method: str, rows: list[AdapterRef | None], kwargs: dict[str, Any]) -> Any:
        import torch

        slots = self.ensure(ref for ref in rows if ref is not None)  # outside inference mode: weights stay normal
        with torch.inference_mode():
            if self.packed is not None:
                self.packed.set_rows([slots[ref.key] if ref is not None else None for ref in rows])
                try:
                    return getattr(self.base, method)(**kwargs)
                finally:
                    self.packed.mask = None
            if not slots:  # no adapter in this batch: the base alone, whatever is resident
                if self.peft is None or not self._slots:  # (no adapter left: peft's layers pass the base through)
                    return getattr(self.base, method)(**kwargs)
                return getattr(self.peft, method)(adapter_names=[BASE_ROW] * len(rows), **kwargs)
            names = [slots[ref.key] if ref is not None else BASE_ROW for ref in rows]
            return getattr(self.peft, method)(adapter_names=names, **kwargs)


class SlotsBusy(GristmillError):
    """Making room would evict an adapter that rows being generated still use: retry once some are done."""
