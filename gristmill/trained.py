"""Where a trained adapter and its base are: a run directory, a training output folder, or a plain peft folder.

Export and serve both start here, so `gristmill export RUN` and `gristmill serve RUN` read a run the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from gristmill.errors import InputError


@dataclass(frozen=True)
class TrainedAdapter:
    """A saved adapter and the base it was trained on (`base` as `gristmill.models.load_model` takes it)."""

    name: str
    adapter_dir: Path
    base: str
    gguf_file: str | None = None


def find_trained(path: str | Path, name: str | None = None) -> TrainedAdapter:
    """RUN (holding train/train.json), a training output folder (train.json) or a peft adapter folder."""
    path = Path(path)
    for record in (path / "train" / "train.json", path / "train.json"):
        if record.is_file():
            return _from_record(record, name or _run_name(path))
    config = path / "adapter_config.json"
    if config.is_file():
        from gristmill.models import local_model_name

        base = json.loads(config.read_text(encoding="utf-8")).get("base_model_name_or_path") or ""
        return TrainedAdapter(name or path.name, path, local_model_name(base))
    raise InputError(f"{path}: neither a trained run (no train/train.json) nor an adapter folder "
                     "(no adapter_config.json)")


def _from_record(record: Path, name: str) -> TrainedAdapter:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        base, gguf_file, saved = data["base_model"], data.get("gguf_file"), data["adapter"]["path"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{record}: not a train.json that gristmill wrote ({exc})") from exc
    beside = record.parent / "adapter"  # the run directory may have moved since training
    adapter_dir = beside if (beside / "adapter_config.json").is_file() else Path(saved)
    if not (adapter_dir / "adapter_config.json").is_file():
        raise InputError(f"{record}: the adapter it names ({saved}) is not there")
    return TrainedAdapter(name, adapter_dir, base, gguf_file)


def _run_name(path: Path) -> str:
    resolved = path.resolve()
    return resolved.parent.name if resolved.name == "train" else resolved.name
