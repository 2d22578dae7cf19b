"""The run directory (DESIGN §8): one folder per run, a subfolder per stage, a marker written last.

A stage is finished when its marker exists and records the fingerprint of the config and inputs it ran
with; `gristmill run` skips such stages, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gristmill.io import write_json

MARKER = ".done.json"


def fingerprint(config: Any, files: list[Path] | tuple[Path, ...] = ()) -> str:
    """SHA-256 over a config (canonical JSON) and the contents of the input files."""
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode())
    for path in sorted(files, key=str):
        digest.update(str(path).encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, or of every file below a folder (in sorted order)."""
    digest = hashlib.sha256()
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in paths:
        with open(p, "rb") as handle:
            while block := handle.read(chunk):
                digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class RunDir:
    root: Path

    def __init__(self, root: str | Path) -> None:
        object.__setattr__(self, "root", Path(root))

    def stage(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def marker(self, stage: str) -> Path:
        return self.root / stage / MARKER

    def is_done(self, stage: str, stage_fingerprint: str) -> bool:
        marker = self.marker(stage)
        if not marker.exists():
            return False
        try:
            return json.loads(marker.read_text()).get("fingerprint") == stage_fingerprint
        except (OSError, json.JSONDecodeError):
            return False

    def mark_done(self, stage: str, stage_fingerprint: str, **info: Any) -> None:
        """Write the marker; call it after every other output of the stage is in place."""
        write_json({"stage": stage, "fingerprint": stage_fingerprint, **info}, self.marker(stage))

    def clear(self, stage: str) -> None:
        self.marker(stage).unlink(missing_ok=True)
