"""The embedded engine: one worker thread owns the model and turns queued requests into batched `generate` calls.

Requests for different adapters that arrive together share one forward pass per token (the stack's
mixed-adapter batch); each row stops on its own (EOS, its own `max_tokens`, a stop string, or its client hanging
up). Between batches the worker runs adapter loads and unloads, so a swap never lands mid-forward.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from gristmill.serve.job import Job
from gristmill.serve.stack import AdapterStack

log = logging.getLogger("gristmill.serve")


class EmbeddedEngine:
    """Queue → batches → `AdapterStack.generate`, on one worker thread."""

    def __init__(self, model: Any, tokenizer: Any, base_name: str, max_adapters: int = 8, max_batch: int = 32,
                 batch_window_s: float = 0.01, max_wait_s: float = 0.1, lora_engine: str = "packed") -> None:
        self.tokenizer = tokenizer
        self.base_name = base_name
        self.context_length = int(getattr(model.config, "max_position_embeddings", 2048))
        self.eos_ids = eos_token_ids(model, tokenizer)
        self.tokenizer_lock = threading.Lock()  # a fast tokenizer is not safe to use from two threads at once
        self.stack = AdapterStack(model, max_adapters, lora_engine)
        self.max_batch = max_batch
        self.batch_window_s = batch_window_s
        self.max_wait_s = max_wait_s
        self._jobs: deque[Job] = deque()
        self._commands: deque[tuple[Callable[[AdapterStack], Any], Future]] = deque()
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="gristmill-engine", daemon=True)
        self.batches: list[int] = []  # rows per generate call (a record for tests and benchmarks)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout=60)

    def encode_text(self, text: str) -> list[int]:
        with self.tokenizer_lock:
            return list(self.tokenizer(text).input_ids)

    def encode_chat(self, messages: list[dict[str, str]]) -> list[int]:
        """The conversation through the model's chat template (chatml when it has none), ready for the reply."""
        from gristmill.chat import TEMPLATES

        with self.tokenizer_lock:
            template = self.tokenizer.chat_template or TEMPLATES["chatml"]
            text = self.tokenizer.apply_chat_template(messages, chat_template=template, tokenize=False,
                                                      add_generation_prompt=True)
            return list(self.tokenizer(text, add_special_tokens=False).input_ids)

    def submit(self, job: Job) -> None:
        with self._wake:
            self._jobs.append(job)
            self._wake.notify()

    def call(self, command: Callable[[AdapterStack], Any]) -> Future:
        """Run `command(stack)` on the worker between batches; the future holds its result or exception."""
        future: Future = Future()
        with self._wake:
            self._commands.append((command, future))
            self._wake.notify()
        return future

    def pending_adapters(self) -> set[tuple[str, int]]:
        with self._wake:
            return {job.adapter.key for job in self._jobs if job.adapter is not None}

    # ------------------------------------------------------------------------------------------ the worker

    def _run(self) -> None:
        while True:
            with self._wake:
                while not (self._jobs or self._commands or self._stopping):
                    self._wake.wait()
                if self._stopping:
                    break
            if self._jobs and len(self._jobs) < self.max_batch:
                self._gather()
            self._run_commands()
            batch = self._take_batch()
            if batch:
                self._generate(batch)
        for job in self._drain():
            job.on_done(RuntimeError("the server is shutting down"))

    def _gather(self) -> None:
        """Let requests that arrive together share the batch: wait while they keep coming (no new one for
        batch_window_s ends it), at most max_wait_s. A batch runs to its end: a request arriving later waits for
        the next one (no joining a running batch)."""
        deadline = time.monotonic() + self.max_wait_s
        seen = len(self._jobs)
        while time.monotonic() < deadline and seen < self.max_batch:
            time.sleep(self.batch_window_s)
            if len(self._jobs) == seen:
                return
            seen = len(self._jobs)

    def _run_commands(self) -> None:
        while True:
            with self._wake:
                if not self._commands:
                    return
                command, future = self._commands.popleft()
            try:
                future.set_result(command(self.stack))
            except Exception as exc:  # handed to the caller through the future, who reports it
                future.set_exception(exc)

    def _take_batch(self) -> list[Job]:
        """The oldest job and the queued ones that fit with it: same sampling, at most max_adapters adapters."""
        with self._wake:
            live = [job for job in self._jobs if not job.cancelled]
            for job in self._jobs:
                if job.cancelled:
                    job.on_done("cancelled")
            if not live:
                self._jobs.clear()
                return []
            batch: list[Job] = []
            adapters: set[tuple[str, int]] = set()
            rest: deque[Job] = deque()
            for job in live:
                key = job.adapter.key if job.adapter else None
                fits = job.sampling == live[0].sampling and len(batch) < self.max_batch and (
                    key is None or key in adapters or len(adapters) < self.stack.max_resident)
                if fits:
                    batch.append(job)
                    adapters |= {key} if key else set()
                else:
                    rest.append(job)
            self._jobs = rest
            return batch

    def _drain(self) -> list[Job]:
        with self._wake:
            jobs, self._jobs = list(self._jobs), deque()
            return jobs

    def _generate(self, batch: list[Job]) -> None:
        from gristmill.serve.batch import run_batch

        self.batches.append(len(batch))
        try:
            run_batch(self.stack, self.tokenizer, batch, self.eos_ids, self.tokenizer_lock)
        except Exception as exc:  # one bad batch must not stop the server: its requests get the error
            log.exception("generation failed for a batch of %d requests", len(batch))
            for job in batch:
                if job.finish_reason is None:
                    job.finish_reason = "error"
                    job.on_done(exc)


def eos_token_ids(model: Any, tokenizer: Any) -> list[int]:
    """Every token that ends a turn: the tokenizer's EOS and the generation config's (an int or a list)."""
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    listed = configured if isinstance(configured, list) else [configured]
    return sorted({int(e) for e in [tokenizer.eos_token_id, *listed] if e is not None})
