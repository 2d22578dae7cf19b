"""HTTP details shared by every client gristmill runs (synthesis endpoints, remote toxicity scorers)."""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds the server asks us to wait (`retry-after-ms`, `retry-after` as seconds or an HTTP date)."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / scale)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            continue
        return max(0.0, when.timestamp() - time.time())
    return None


BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+")


def scrub(text: str, secret: str | None) -> str:
    """`text` without the API key or any bearer token in it: some endpoints quote the credentials they were sent
    in their error bodies, and nothing gristmill prints or writes may carry them."""
    if secret and len(secret) >= 4:
        text = text.replace(secret, "<redacted>")
    return BEARER.sub(r"\1<redacted>", text)
