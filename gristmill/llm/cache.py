"""A disk cache of model answers keyed by the full request, so a killed job resumes and a rerun is free.

The key is the SHA-256 of the canonical JSON (sorted keys, no spaces) of the backend, the model, the messages
and every generation parameter: change any of them and the request is new. Entries live in one SQLite file
(write-ahead log, one committed transaction per answer), so a process killed at any moment leaves either the
whole answer or nothing, and several processes may share the file. Made while a run's sealer is active (an
encrypted run), every answer is stored sealed (AES-GCM, bound to its key); the keys are digests already.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from gristmill import crypto

SCHEMA = "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
SEALED = "sealed:"


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_key(model: str, messages: list[dict[str, str]], params: dict[str, Any]) -> str:
    """SHA-256 hex digest of the canonical JSON of everything that determines an answer."""
    payload = canonical_json({"model": model, "messages": messages, "params": params})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResponseCache:
    """Answers by request key in an SQLite file (or in memory when `path` is None)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.sealer = crypto.active()
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        target = str(self.path) if self.path is not None else ":memory:"
        # Answers arrive from worker threads (the local backend); one lock serialises the connection.
        self._db = sqlite3.connect(target, check_same_thread=False, timeout=30.0, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            if self.path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses no committed answer
            self._db.execute(SCHEMA)

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        if not row:
            return None
        text: str = row[0]
        if text.startswith(SEALED):
            if self.sealer is None:
                raise crypto.EncryptionError(f"{self.path}: the cache is sealed; reading it needs the run's key")
            text = self.sealer.open_value(base64.b64decode(text[len(SEALED):]), key.encode()).decode("utf-8")
        return json.loads(text)

    def put(self, key: str, value: dict[str, Any]) -> None:
        text = canonical_json(value)
        if self.sealer is not None:
            text = SEALED + base64.b64encode(self.sealer.seal_value(text.encode("utf-8"), key.encode())).decode()
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)", (key, text))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
