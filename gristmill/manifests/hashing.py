"""File checksums for manifests: SHA-256 (what people compare) and SHA-1 (SPDX requires it on files).

The reading is `gristmill.files.file_digests` (one pass over a file whatever the number of algorithms);
this module adds what is SPDX's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# The algorithms every file in a manifest gets; the SPDX spelling is the upper-case name (SHA1, SHA256).
ALGORITHMS = ("sha1", "sha256")


def verification_code(sha1_digests: Iterable[str]) -> str:
    """The SPDX package verification code: SHA-1 of the files' sorted SHA-1 hex digests, concatenated."""
    return hashlib.sha1("".join(sorted(sha1_digests)).encode("ascii")).hexdigest()
