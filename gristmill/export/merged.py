"""One checkpoint with the adapter merged in: safetensors in the base's own dtype, loadable with plain
`from_pretrained` (and the input of the GGUF export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gristmill.trained import TrainedAdapter


def export_merged(trained: TrainedAdapter, out: Path, dtype: Any = None) -> Path:
    """RUN's base with its adapter folded in, in `dtype` (default: the base checkpoint's own dtype; a quantized
    GGUF base, the embedded one included, is unpacked first and saved in bfloat16)."""
    from gristmill.train.session import merge_into

    return merge_into(trained.base, trained.gguf_file, trained.adapter_dir, out, dtype=dtype)


def export_base(trained: TrainedAdapter, out: Path, dtype: Any = None) -> Path:
    """The base alone as a plain safetensors folder (where the on-device pair's base starts)."""
    from gristmill.train.session import merge_into

    return merge_into(trained.base, trained.gguf_file, None, out, dtype=dtype)
