"""The two models of an A/B evaluation: the base model and the tuned one, loaded the way training loaded them.

A peft adapter (the folder holds `adapter_config.json`, or its sealed `.enc`) is loaded on the base with peft,
and the base is the same weights with the adapter disabled: one copy in memory. BitFit and full fine-tuning save a whole
model; then base and tuned are loaded one after the other (only one in memory at a time).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gristmill.errors import GristmillError


@dataclass
class ModelPair:
    """Base model name (as the train config gives it), the trained folder, and how to load them."""

    base: str
    tuned_dir: Path
    gguf_file: str | None = None
    chat_template: str | None = None
    dtype: str = "auto"
    quantize: str = "auto"
    device: str | None = None

    def __post_init__(self) -> None:
        if not self.tuned_dir.is_dir():
            raise GristmillError(f"{self.tuned_dir}: no trained adapter or model here (run `gristmill train` first, "
                                 "or set eval.adapter)")
        self._peft: Any = None
        self.tokenizer: Any = None

    def load_tokenizer(self) -> Any:
        """The base model's tokenizer with the chat template training used, padding on the left."""
        if self.tokenizer is None:
            from gristmill.chat import set_chat_template
            from gristmill.models import load_tokenizer

            tokenizer = load_tokenizer(self.base, gguf_file=self.gguf_file)
            set_chat_template(tokenizer, self.chat_template)
            tokenizer.padding_side = "left"
            self.tokenizer = tokenizer
        return self.tokenizer

    @property
    def is_adapter(self) -> bool:
        from gristmill.trained import has_adapter

        return has_adapter(self.tuned_dir)

    def _load(self, name: str, quantize: bool) -> Any:
        from gristmill.models import load_model

        gguf = self.gguf_file if name == self.base else None
        model, _ = load_model(name, gguf_file=gguf, device=self.device, dtype=self.dtype, quantize_4bit=quantize)
        return model

    def _quantize(self) -> bool:
        from gristmill.models import default_device

        device = self.device or default_device()
        return self.quantize == "nf4" or (self.quantize == "auto" and device.startswith("cuda") and self.is_adapter)

    @contextlib.contextmanager
    def use(self, which: str) -> Iterator[Any]:
        """The `base` or `tuned` model, ready for generation (eval mode, no gradients)."""
        if self.is_adapter:
            model = self._adapter_model()
            context = model.disable_adapter() if which == "base" else contextlib.nullcontext()
            with context:
                yield model
            return
        model = self._load(self.base if which == "base" else str(self.tuned_dir), quantize=False)
        try:
            yield model
        finally:
            del model
            _free_memory()

    def _adapter_model(self) -> Any:
        if self._peft is None:
            from gristmill.trained import load_adapter

            base = self._load(self.base, quantize=self._quantize())
            self._peft = load_adapter(base, self.tuned_dir).eval()  # a sealed adapter is opened in memory
        return self._peft

    def close(self) -> None:
        self._peft = None
        _free_memory()


def _free_memory() -> None:
    import gc

    gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:
        pass
