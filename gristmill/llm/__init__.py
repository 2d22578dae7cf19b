"""Chat completions from an OpenAI-compatible endpoint or a local model: cached, retried, accounted.

The one LLM client gristmill has, shared by synthesis (Self-Instruct, back-translation) and evaluation's judge:

    from gristmill.llm import ClientConfig, Request, SynthClient
    client = SynthClient(ClientConfig(backend="local"))
    [answer] = client.complete([Request.user("Name a prime number.")])

`client` (the cache in front of a backend), `backend` (config, requests, the ledger; all a backend needs),
`openai_backend` and `local` (the two backends), `cache` (SQLite, keyed by the full request).
"""

from __future__ import annotations

from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, Completion, Request, SynthClient, SynthError, UsageStats

__all__ = ["ClientConfig", "Completion", "Request", "ResponseCache", "SynthClient", "SynthError", "UsageStats"]
