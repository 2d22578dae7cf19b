"""What a synthesis backend works with: the client config, requests and completions, the usage ledger, and the
pieces of the OpenAI-compatible protocol (API key, backoff, answer parsing). `client.SynthClient` puts a cache in
front of a backend (`local.LocalBackend`, `openai_backend.OpenAIBackend`); both backends import only this.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from pydantic import Field, model_validator
from rich.table import Table

from gristmill.config import Section
from gristmill.errors import ConfigError, GristmillError, require


class SynthError(GristmillError):
    """A synthesis run cannot go on (the endpoint refuses the key, the model does not exist, ...)."""


class BudgetExhausted(SynthError):
    """The request budget (`client.max_requests`) is spent; answers so far are cached, a rerun resumes."""


class ClientConfig(Section):
    """Where answers come from and how hard to try. `backend: local` generates in-process with transformers."""

    backend: Literal["openai", "local"] = "openai"
    model: str = "embedded"  # openai: the served model name; local: embedded, a hub id, a folder or a .gguf
    base_url: str | None = None  # e.g. http://localhost:8000/v1 (vLLM, llama.cpp, Ollama); None: api.openai.com
    api_key_env: str | None = "OPENAI_API_KEY"  # the variable holding the key; None for endpoints without keys
    concurrency: int = Field(default=8, ge=1, le=1024)
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=6, ge=0)  # per request, on 429 / 5xx / timeouts / connection errors
    max_malformed_retries: int = Field(default=2, ge=0)  # per request, on answers that do not parse
    backoff_s: float = Field(default=1.0, ge=0)  # first backoff ceiling; doubles per attempt (full jitter)
    backoff_max_s: float = Field(default=60.0, ge=0)
    max_requests: int | None = Field(default=None, ge=0)  # budget of requests sent; None: unlimited
    cache: str | None = None  # SQLite file; default <run>/synth/cache.sqlite
    batch_size: int = Field(default=8, ge=1)  # local backend: prompts generated together
    device: str | None = None  # local backend: cuda when present, else cpu
    dtype: str | None = None  # local backend: auto, float32, bfloat16

    @model_validator(mode="after")
    def _openai_needs_a_model(self) -> ClientConfig:
        if self.backend == "openai" and self.model == "embedded":
            raise ValueError("backend openai needs `model:` (the name the endpoint serves); "
                             "`embedded` is for backend: local")
        return self


@dataclass
class Request:
    """One chat request: messages plus generation parameters (temperature, max_tokens, top_p, stop, ...)."""

    messages: list[dict[str, str]]
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def user(cls, text: str, **params: Any) -> Request:
        return cls([{"role": "user", "content": text}], params)


@dataclass
class Completion:
    """The answer to one request; `error` is set (and `text` empty) when every attempt failed."""

    text: str = ""
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False
    attempts: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def cache_value(self) -> dict[str, Any]:
        return {"text": self.text, "finish_reason": self.finish_reason, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens}


@dataclass
class UsageStats:
    """What a client did: requests sent (every attempt), answers, cache hits, retries, errors, tokens."""

    requests: int = 0
    answers: int = 0
    cache_hits: int = 0
    retries: int = 0
    errors: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    timed_out: int = 0  # attempts abandoned on a timeout (the server may have generated them anyway)
    lowest_concurrency: int = 0  # the fewest requests the client allowed in flight (AIMD backed off to it)
    retry_reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["retry_reasons"] = dict(sorted(self.retry_reasons.items()))
        return data

    def __rich__(self) -> Table:
        table = Table(title="synthesis requests", show_header=False, title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        for name in ("requests", "answers", "cache_hits", "retries", "errors", "timed_out", "lowest_concurrency",
                     "prompt_tokens", "completion_tokens"):
            table.add_row(name.replace("_", " "), f"{getattr(self, name):,}")
        for reason, count in sorted(self.retry_reasons.items()):
            table.add_row(f"  retried: {reason}", f"{count:,}")
        return table


ProgressFn = Callable[[UsageStats], None]
FinishFn = Callable[[str, Completion], None]


class Ledger:
    """Counts what a backend sends, enforces the request budget and tells the progress callback."""

    def __init__(self, stats: UsageStats, max_requests: int | None, notify: Callable[[], None]) -> None:
        self.stats = stats
        self.max_requests = max_requests
        self.notify = notify

    def sent(self, count: int = 1) -> None:
        if self.max_requests is not None and self.stats.requests + count > self.max_requests:
            raise BudgetExhausted(f"request budget spent ({self.max_requests} requests, client.max_requests); "
                                  "answers so far are cached: raise the budget and rerun to resume")
        self.stats.requests += count
        self.notify()

    def retried(self, reason: str) -> None:
        self.stats.retries += 1
        self.stats.retry_reasons[reason] += 1
        self.notify()


class Backend(Protocol):
    """Answers uncached requests, calling `finish(key, completion)` once per job, in any order."""

    label: str

    async def run(self, jobs: list[tuple[str, Request]], finish: FinishFn, ledger: Ledger) -> None: ...


def api_key(cfg: ClientConfig) -> str:
    """The key from the environment variable the config names; never logged, never written."""
    if cfg.api_key_env is None:
        return "unused"  # the openai package insists on some key; keyless endpoints ignore it
    value = os.environ.get(cfg.api_key_env)
    if not value:
        raise ConfigError([f"client.api_key_env: the environment variable {cfg.api_key_env} is not set (it holds "
                           "the API key; set api_key_env: null for an endpoint that needs no key)"])
    return value


def backoff_delay(attempt: int, cfg: ClientConfig, retry_after: float | None, rng: random.Random) -> float:
    """Full-jitter exponential backoff; a server's Retry-After (capped at backoff_max_s) takes precedence."""
    if retry_after is not None:
        return min(retry_after, cfg.backoff_max_s) + rng.uniform(0, cfg.backoff_s * 0.1)
    return rng.uniform(0, min(cfg.backoff_max_s, cfg.backoff_s * 2 ** attempt))


def parse_answer(body: str) -> Completion | str:
    """A Completion from a chat-completions JSON body, or why the body is malformed."""
    try:
        data = json.loads(body)
    except ValueError:
        return f"answer is not JSON ({body[:80]!r})"
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return "answer has no choices"
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        return "answer has no text content"
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    try:
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        completion_tokens = int(usage.get("completion_tokens") or 0)
    except (TypeError, ValueError):
        return f"answer has a bad usage field ({usage!r})"
    return Completion(text=content, finish_reason=choices[0].get("finish_reason"), prompt_tokens=prompt_tokens,
                      completion_tokens=completion_tokens)


def openai_module() -> Any:
    return require("openai", "synth", "the OpenAI-compatible client")
