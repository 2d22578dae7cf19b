"""Files written whole or not at all, and their checksums: the one atomic writer and the one hasher.

Every output gristmill writes goes to a temporary name beside its target and is renamed into place when
complete, so a crash never leaves a half-written file that looks finished; the temporary files a killed process
left for a target are removed the next time it is written. Nothing here needs Polars or
torch, so every layer (training included) can use it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

TEMP_MARK = ".gm"  # temporary files are `.NAME.gmPID-RANDOM.tmp` (and .odd/.merged beside an appender's)


def temp_path(target: Path) -> Path:
    """A new empty temporary file beside `target`, named for it and for this process, after removing the
    ones a killed gristmill process left for the same target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-", suffix=".tmp",
                               dir=target.parent)
    os.close(fd)
    return Path(tmp)


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files of `target` whose writing process no longer runs; nothing else: only
    names gristmill gives its own temporary files, and never one a live process may still be writing."""
    import re

    pattern = re.compile(rf"\.{re.escape(target.name)}{re.escape(TEMP_MARK)}(\d+)-[^/]*\.(tmp|odd|merged)")
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _process_alive(int(match.group(1))):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # someone else's process: alive; a pid no system has: not
        return pid < (1 << 31)
    return True


@contextlib.contextmanager
def naming_the_file(path: Path) -> Iterator[None]:
    """An OSError raised without a file name (pyarrow's and Polars' writers give none) names `path`, so a
    full disk says which output it stopped."""
    try:
        yield
    except OSError as exc:
        if exc.filename or not exc.errno:
            raise
        raise OSError(exc.errno, os.strerror(exc.errno), str(path)) from exc


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block succeeds."""
    target = Path(path)
    tmp = temp_path(target)
    try:
        with naming_the_file(target):
            yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(data: bytes, path: str | Path) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(text: str, path: str | Path) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(obj: Any, path: str | Path) -> Path:
    return write_text(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", path)


BLOCK = 1 << 20


def files_below(path: str | Path) -> list[Path]:
    """A file itself, or every file under a folder (sorted, our temporary `.tmp` files skipped)."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.endswith(".tmp"))


def file_digests(path: str | Path, algorithms: Iterable[str] = ("sha256",)) -> dict[str, str]:
    """Hex digests of one file, `{algorithm: hex}`, in one read (hashlib names: sha1, sha256, sha512, ...);
    reading in 1 MiB blocks keeps memory constant whatever the file's size."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            for hasher in hashers.values():
                hasher.update(block)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, or of the contents of every file below a folder (in sorted order)."""
    digest = hashlib.sha256()
    for p in files_below(path):
        with open(p, "rb") as handle:
            while block := handle.read(BLOCK):
                digest.update(block)
    return digest.hexdigest()
