"""Chat completions from any OpenAI-compatible endpoint (or a local model), cached, retried and accounted.

`SynthClient.complete(requests)` answers a batch of chat requests in order. Each request is looked up in the
disk cache first (key: the full request), so a rerun costs no request and a killed job resumes where it
stopped. The rest go to the backend: the `openai` package's AsyncOpenAI with its own retries off
(`max_retries=0`) so that ours are the ones counted: at most `concurrency` requests in flight, exponential
backoff with full jitter on 429, 5xx, timeouts and connection errors (a `Retry-After` header wins), and
malformed answers (not JSON, no choices, empty content) retried a few times. A request that still fails is
recorded in `failures` and counted; it is never cached, so the next run tries it again. The API key is read
from the environment variable the config names and is never logged or written.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from gristmill.llm.backend import (
    Backend,
    ClientConfig,
    Completion,
    Ledger,
    ProgressFn,
    Request,
    SynthError,
    UsageStats,
)
from gristmill.llm.cache import ResponseCache, request_key

__all__ = ["ClientConfig", "Completion", "Request", "SynthClient", "SynthError", "UsageStats"]


def make_backend(cfg: ClientConfig) -> Backend:
    if cfg.backend == "local":
        from gristmill.llm.local import LocalBackend

        return LocalBackend(cfg)
    from gristmill.llm.openai_backend import OpenAIBackend

    return OpenAIBackend(cfg)


class SynthClient:
    """Cache in front of a backend; answers come back in request order, every failure is recorded."""

    def __init__(self, cfg: ClientConfig, cache: ResponseCache | None = None, progress: ProgressFn | None = None,
                 backend: Backend | None = None) -> None:
        self.cfg = cfg
        self.cache = cache if cache is not None else ResponseCache(cfg.cache)
        self.backend = backend if backend is not None else make_backend(cfg)
        self.progress = progress
        self.stats = UsageStats()
        self.failures: list[dict[str, Any]] = []

    @property
    def generator(self) -> str:
        """The model name recorded in the `generator` column of synthetic rows."""
        return self.backend.label

    def key(self, request: Request) -> str:
        return request_key(f"{self.cfg.backend}:{self.cfg.model}", request.messages, request.params)

    def _notify(self) -> None:
        if self.progress is not None:
            self.progress(self.stats)

    def complete(self, requests: Sequence[Request]) -> list[Completion]:
        """Answers in request order (blocking). Identical requests are sent once and share the answer."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.acomplete(requests))
        raise SynthError("complete() blocks and cannot run inside an event loop; use `await client.acomplete(...)`")

    async def acomplete(self, requests: Sequence[Request]) -> list[Completion]:
        results: list[Completion | None] = [None] * len(requests)
        waiting: dict[str, list[int]] = {}
        jobs: list[tuple[str, Request]] = []
        for index, request in enumerate(requests):
            key = self.key(request)
            if key in waiting:
                waiting[key].append(index)
                continue
            waiting[key] = [index]
            hit = self.cache.get(key)
            if hit is None:
                jobs.append((key, request))
            else:
                results[index] = Completion(**hit, cached=True)
                self.stats.cache_hits += 1

        def finish(key: str, completion: Completion) -> None:
            self._record(key, completion, requests[waiting[key][0]])
            for index in waiting[key]:
                results[index] = completion

        self._notify()
        if jobs:
            await self.backend.run(jobs, finish, Ledger(self.stats, self.cfg.max_requests, self._notify))
        for indexes in waiting.values():  # duplicates of a cached request
            for index in indexes[1:]:
                results[index] = results[index] or results[indexes[0]]
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:
            raise SynthError(f"backend {self.cfg.backend} returned no answer for {len(missing)} requests")
        return results  # type: ignore[return-value]

    def _record(self, key: str, completion: Completion, request: Request) -> None:
        if completion.ok:
            self.cache.put(key, completion.cache_value())
            self.stats.answers += 1
            self.stats.prompt_tokens += completion.prompt_tokens
            self.stats.completion_tokens += completion.completion_tokens
        else:
            self.stats.errors += 1
            self.failures.append({"key": key, "error": completion.error, "attempts": completion.attempts,
                                  "messages": request.messages, "params": request.params,
                                  "time": time.strftime("%Y-%m-%dT%H:%M:%S")})
        self._notify()
