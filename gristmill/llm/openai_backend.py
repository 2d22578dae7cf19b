"""The OpenAI-compatible backend: AsyncOpenAI with our retries, a concurrency cap and a request timeout."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from gristmill.http import retry_after_seconds, scrub
from gristmill.llm.backend import (
    ClientConfig,
    Completion,
    FinishFn,
    Ledger,
    Request,
    SynthError,
    api_key,
    backoff_delay,
    openai_module,
    parse_answer,
)
from gristmill.llm.pacing import Pacer

RETRYABLE_STATUS = {408, 409, 425, 429}
FATAL_STATUS = {401, 403, 404}  # every later request would fail the same way: stop the run


@dataclass
class Failure:
    """Why one attempt failed, and whether trying again can help."""

    reason: str  # short machine name: http_429, timeout, connection, malformed
    message: str
    retryable: bool
    retry_after: float | None = None


class OpenAIBackend:
    """Sends requests through the `openai` package; a fresh AsyncOpenAI per batch (one event loop each)."""

    def __init__(self, cfg: ClientConfig) -> None:
        self.cfg = cfg
        self.openai = openai_module()
        self._key = api_key(cfg)
        self.label = cfg.model
        self.rng = random.Random()  # jitter needs no reproducibility

    async def run(self, jobs: list[tuple[str, Request]], finish: FinishFn, ledger: Ledger) -> None:
        pacer = Pacer(self.cfg.concurrency, self.cfg.timeout_s)  # AIMD in flight, timeouts from the speed seen
        async with self.openai.AsyncOpenAI(base_url=self.cfg.base_url, api_key=self._key, max_retries=0,
                                           timeout=self.cfg.timeout_s) as client:
            tasks = [asyncio.create_task(self._one(client, pacer, key, request, finish, ledger))
                     for key, request in jobs]
            try:
                await asyncio.gather(*tasks)
            except BaseException:
                for task in tasks:  # a fatal error or a spent budget stops the others too
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise
            finally:
                ledger.stats.lowest_concurrency = min(ledger.stats.lowest_concurrency or pacer.cap, pacer.lowest)

    async def _one(self, client: Any, pacer: Pacer, key: str, request: Request, finish: FinishFn,
                   ledger: Ledger) -> None:
        attempt, malformed = 0, 0
        while True:
            async with pacer:
                ledger.sent()
                started = time.monotonic()
                outcome = await self._attempt(client, request, pacer.timeout(request.params.get("max_tokens")))
            if isinstance(outcome, Completion):
                pacer.answered(outcome.completion_tokens, time.monotonic() - started)
                outcome.attempts = attempt + 1
                finish(key, outcome)
                return
            if outcome.reason == "timeout":
                ledger.stats.timed_out += 1  # abandoned: the server may still be generating it
            if outcome.reason == "timeout" or outcome.reason == "http_429" or outcome.reason.startswith("http_5"):
                pacer.overloaded()
            malformed += outcome.reason == "malformed"
            out_of_tries = attempt >= self.cfg.max_retries or malformed > self.cfg.max_malformed_retries
            if not outcome.retryable or out_of_tries:
                finish(key, Completion(error=f"{outcome.reason}: {outcome.message}", attempts=attempt + 1))
                return
            ledger.retried(outcome.reason)
            await asyncio.sleep(backoff_delay(attempt, self.cfg, outcome.retry_after, self.rng))
            attempt += 1

    async def _attempt(self, client: Any, request: Request, timeout: float) -> Completion | Failure:
        openai = self.openai
        try:
            raw = await client.chat.completions.with_raw_response.create(
                model=self.cfg.model, messages=request.messages, timeout=timeout, **request.params)
            body = raw.text
        except openai.APITimeoutError:
            return Failure("timeout", f"no answer within {timeout:.3g} s", retryable=True)
        except openai.APIConnectionError as exc:
            return Failure("connection", scrub(str(exc.__cause__ or exc), self._key), retryable=True)
        except openai.APIStatusError as exc:
            return self._status_failure(exc)
        answer = parse_answer(body)
        return answer if isinstance(answer, Completion) else Failure("malformed", answer, retryable=True)

    def _status_failure(self, exc: Any) -> Failure:
        status = int(exc.status_code)
        message = scrub(f"HTTP {status}: {str(exc.message)[:200]}", self._key)  # error bodies may quote the key
        if status in FATAL_STATUS:
            where = self.cfg.base_url or "api.openai.com"
            raise SynthError(f"{where} refused the request ({message}); check client.model, client.base_url "
                             f"and the key in ${self.cfg.api_key_env}")
        retryable = status in RETRYABLE_STATUS or status >= 500
        return Failure(f"http_{status}", message, retryable, retry_after_seconds(exc.response.headers))
