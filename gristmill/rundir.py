"""The run directory (DESIGN §8) and the one stage protocol every stage follows.

One folder per run, a subfolder per stage. A stage is finished when its marker exists and records the
fingerprint (config + inputs) it ran with; `gristmill run` skips such stages, so a killed run resumes where it
stopped. Every stage goes through `StageRun`:

    stage = StageRun(run, "curate", fingerprint(config, input_files))
    if stage.finished(force):        # same config and inputs: read the outputs back instead
        ...
    resumable = stage.begin(force)   # marker cleared; True when an interrupted attempt had the same fingerprint
    ...write the outputs (atomically)...
    stage.finish(kept=...)           # the marker, written last
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gristmill.files import file_sha256, write_json

MARKER = ".done.json"
STARTED = ".started.json"


def fingerprint(config: Any, files: list[Path] | tuple[Path, ...] = ()) -> str:
    """SHA-256 over a config (canonical JSON) and the contents of the input files."""
    digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode())
    for path in sorted(files, key=str):
        digest.update(str(path).encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def _recorded_fingerprint(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return None


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

    def stage_fingerprint(self, stage: str) -> str | None:
        """The fingerprint a finished stage recorded (None when it has not finished)."""
        return _recorded_fingerprint(self.marker(stage))

    def is_done(self, stage: str, stage_fingerprint: str) -> bool:
        return self.stage_fingerprint(stage) == stage_fingerprint

    def mark_done(self, stage: str, stage_fingerprint: str, **info: Any) -> None:
        """Write the marker; call it after every other output of the stage is in place."""
        write_json({"stage": stage, "fingerprint": stage_fingerprint, **info}, self.marker(stage))

    def clear(self, stage: str) -> None:
        self.marker(stage).unlink(missing_ok=True)


@dataclass(frozen=True)
class StageRun:
    """One stage's turn in a run directory: skipped when finished with the same fingerprint, else begun
    (marker cleared, fingerprint recorded as started) and finished (marker written last)."""

    run: RunDir
    name: str
    fingerprint: str

    @property
    def dir(self) -> Path:
        return self.run.stage(self.name)

    def finished(self, force: bool = False) -> bool:
        return not force and self.run.is_done(self.name, self.fingerprint)

    def begin(self, force: bool = False) -> bool:
        """Start (or restart) the stage. True when an interrupted attempt ran with the same fingerprint, so
        its partial work (checkpoints, a response cache) may be resumed; False after `force` or a change."""
        started = self.dir / STARTED
        resumable = not force and _recorded_fingerprint(started) == self.fingerprint
        self.run.clear(self.name)
        write_json({"fingerprint": self.fingerprint}, started)
        return resumable

    def finish(self, **info: Any) -> None:
        self.run.mark_done(self.name, self.fingerprint, **info)
