"""`gristmill export RUN`: a thin layer over gristmill.export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gristmill.cli.key import KeyCommandOpt, KeyFileOpt


def export_command(
    run: Annotated[Path, typer.Argument(help="A trained run directory, training output folder or adapter folder.")],
    merged: Annotated[bool, typer.Option("--merged", help="Write merged/: the base with the adapter folded in, "
                                         "safetensors in the base's own dtype.")] = False,
    gguf: Annotated[str | None, typer.Option("--gguf", help="q8_0 or f16: model.TYPE.gguf (merged) plus the "
                                             "on-device pair base.TYPE.gguf + adapter.lora.gguf.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: RUN/export).")] = None,
    dtype: Annotated[str | None, typer.Option(help="Override the merged dtype: bfloat16, float16, float32.")]
    = None,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
) -> None:
    """Export a trained adapter for deployment: merged safetensors and GGUF for llama.cpp-family runtimes.

    [bold]gristmill export runs/demo --merged --gguf q8_0[/]
    """
    from gristmill.cli.console import out as console
    from gristmill.cli.key import run_sealer
    from gristmill.crypto import run_root_of, sealing
    from gristmill.export import export_run
    from gristmill.trained import find_trained

    root = run_root_of(find_trained(run).adapter_dir) or run  # an encrypted run: the folder holding .keys.json
    with sealing(run_sealer(root, key_file, key_command)):  # an encrypted run's exports are sealed too
        report = export_run(run, merged=merged or gguf is None, gguf=gguf, out=out, dtype=dtype)
    console.print(report)
