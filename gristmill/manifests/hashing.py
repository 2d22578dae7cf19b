"""File checksums for manifests: SHA-256 (what people compare) and SHA-1 (SPDX requires it on files).

Files are read once in 1 MiB blocks whatever the number of algorithms, so hashing a large Parquet file
costs one pass over the disk and constant memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

# The algorithms every file in a manifest gets; the SPDX spelling is the upper-case name (SHA1, SHA256).
ALGORITHMS = ("sha1", "sha256")
BLOCK = 1 << 20


def file_digests(path: str | Path, algorithms: Iterable[str] = ALGORITHMS) -> dict[str, str]:
    """Hex digests of one file, `{algorithm: hex}`, in one read (hashlib names: sha1, sha256, sha512, ...)."""
    hashers = {name: hashlib.new(name) for name in algorithms}
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            for hasher in hashers.values():
                hasher.update(block)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def sha256(path: str | Path) -> str:
    return file_digests(path, ("sha256",))["sha256"]


def files_below(path: str | Path) -> list[Path]:
    """A file itself, or every file under a folder (sorted, hidden temporary files skipped)."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.endswith(".tmp"))


def verification_code(sha1_digests: Iterable[str]) -> str:
    """The SPDX package verification code: SHA-1 of the files' sorted SHA-1 hex digests, concatenated."""
    return hashlib.sha1("".join(sorted(sha1_digests)).encode("ascii")).hexdigest()
