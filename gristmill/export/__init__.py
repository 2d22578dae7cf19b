"""Export what gristmill trains: merged safetensors, and GGUF for llama.cpp-family runtimes (the merged model,
and the on-device pair: the base as Q8_0 plus the adapter as a LoRA GGUF).

```python
from gristmill.export import export_run
report = export_run("runs/demo", merged=True, gguf="q8_0")   # files under runs/demo/export/
```
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gristmill import crypto
from gristmill.trained import TrainedAdapter, adapter_config, find_trained

__all__ = ["ExportReport", "export_run", "portable_adapter"]


@dataclass
class ExportReport:
    """What `export_run` wrote (kind → path); renders as a Rich table."""

    run: str
    files: dict[str, Path] = field(default_factory=dict)

    def __rich__(self) -> Any:
        from rich.table import Table

        table = Table(title=f"export {self.run}", show_header=True)
        table.add_column("what")
        table.add_column("path")
        table.add_column("MiB", justify="right")
        for kind, path in self.files.items():
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() \
                else path.stat().st_size
            table.add_row(kind, str(path), f"{size / 2**20:,.1f}")
        return table


def export_run(run: str | Path, *, merged: bool = True, gguf: str | None = None, out: str | Path | None = None,
               dtype: Any = None) -> ExportReport:
    """Write RUN's exports into `out` (default RUN/export): always the adapter with a portable base name;
    `merged`: merged/ (safetensors, the base's dtype); `gguf` (q8_0 or f16): model.<type>.gguf (merged),
    base.<type>.gguf and adapter.lora.gguf (the on-device pair)."""
    from gristmill.export.gguf_files import OUT_TYPES, llama_config
    from gristmill.export.merged import export_base, export_merged

    if gguf is not None and gguf not in OUT_TYPES:
        from gristmill.errors import ConfigError

        raise ConfigError([f"--gguf {gguf!r}: expected one of {', '.join(OUT_TYPES)}"])
    trained = find_trained(run)
    if crypto.active() is not None and gguf:
        raise crypto.EncryptionError("--gguf: GGUF files of an encrypted run are not sealed yet; export the sealed "
                                     "adapter and merged weights (--merged) instead")
    target = Path(out) if out else Path(run) / "export"
    target.mkdir(parents=True, exist_ok=True)
    report = ExportReport(trained.name, {"adapter": portable_adapter(trained, target / "adapter")})
    if merged or gguf:
        merged_dir = export_merged(trained, target / "merged" if merged else Path(tempfile.mkdtemp()), dtype)
        if merged:
            report.files["merged"] = merged_dir
    if gguf:
        from gristmill.export.gguf_files import write_lora_gguf, write_model_gguf

        pre = _tokenizer_pre(trained)
        report.files[f"merged gguf ({gguf})"] = write_model_gguf(merged_dir, target / f"model.{gguf}.gguf", gguf, pre)
        with tempfile.TemporaryDirectory() as scratch:
            base_dir = export_base(trained, Path(scratch) / "base", dtype)
            report.files[f"base gguf ({gguf})"] = write_model_gguf(base_dir, target / f"base.{gguf}.gguf", gguf, pre)
            report.files["adapter gguf (lora, f32)"] = write_lora_gguf(trained.adapter_dir, llama_config(base_dir),
                                                                       target / "adapter.lora.gguf")
        if not merged:
            shutil.rmtree(merged_dir)
    return report


def portable_adapter(trained: TrainedAdapter, folder: Path) -> Path:
    """A copy of the adapter whose adapter_config.json names the base portably (not a site-packages path)."""
    from gristmill.models import portable_model_name

    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(trained.adapter_dir, folder)  # sealed files are copied as they are (the same run's key)
    config = adapter_config(folder)
    source = str(Path(trained.base) / trained.gguf_file) if trained.gguf_file else trained.base
    config["base_model_name_or_path"] = portable_model_name(source)
    crypto.save_text(json.dumps(config, indent=2), folder / "adapter_config.json")  # sealed when encrypted
    return folder


def _tokenizer_pre(trained: TrainedAdapter) -> str:
    """llama.cpp's pre-tokenizer name: the base GGUF's own when it has one (the embedded model's `smollm`)."""
    from gristmill.models import resolve_model

    source, gguf_file = resolve_model(trained.base, trained.gguf_file)
    if gguf_file is None:
        return "gpt2"
    from gguf import GGUFReader

    field = GGUFReader(str(Path(source) / gguf_file)).fields.get("tokenizer.ggml.pre")
    return str(field.contents()) if field is not None else "gpt2"
