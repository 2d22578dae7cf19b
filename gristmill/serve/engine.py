"""The embedded engine: one worker thread owns the model and runs a continuous batch (`batch.RunningBatch`).

Requests for different adapters share one forward pass per token (the stack's mixed-adapter batch). A request that
arrives while others are being generated joins them at the next step (prefilled on its own, merged into the
running batch's KV cache), and each row leaves on its own (EOS, its own `max_tokens`, a stop string, or its client
hanging up), freeing its place. Between steps the worker runs adapter loads and unloads, so a swap never lands
mid-forward; the adapters of running rows are pinned, so a load that would need one of their slots waits (and no
new row joins meanwhile) until a row finishes.
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
from gristmill.serve.stack import AdapterStack, SlotsBusy

log = logging.getLogger("gristmill.serve")


class EmbeddedEngine:
    """Queue → a running batch that requests join and leave at every step, on one worker thread."""

    def __init__(self, model: Any, tokenizer: Any, base_name: str, max_adapters: int = 8, max_batch: int = 32,
                 batch_window_s: float = 0.01, max_wait_s: float = 0.1, lora_engine: str = "packed") -> None:
        from gristmill.serve.batch import RunningBatch

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
        self._running = RunningBatch(self.stack, tokenizer, self.eos_ids, self.tokenizer_lock)
        self._thread = threading.Thread(target=self._run, name="gristmill-engine", daemon=True)
        # records for tests and benchmarks: rows admitted by each join, and (rows running before it, step number)
        self.batches: list[int] = []
        self.joins: list[tuple[int, int]] = []
        self.step_rows: list[int] = []  # live rows in each decode step
        self.step_started: list[float] = []  # each decode step's start (perf_counter) and its time on this thread
        self.step_seconds: list[float] = []  # (the forward, the picks, the rows' text)

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
        """Run `command(stack)` on the worker between steps; the future holds its result or exception."""
        future: Future = Future()
        with self._wake:
            self._commands.append((command, future))
            self._wake.notify()
        return future

    def pending_adapters(self) -> set[tuple[str, int]]:
        """Adapters that queued or running requests still need."""
        with self._wake:
            return {job.adapter.key for job in self._jobs if job.adapter is not None} | self.stack.pinned

    # ------------------------------------------------------------------------------------------ the worker

    def _run(self) -> None:
        running = self._running
        while True:
            with self._wake:
                while not (self._jobs or self._commands or running.jobs or self._stopping):
                    self._wake.wait()
                if self._stopping:
                    break
            if not running.jobs and self._jobs and len(self._jobs) < self.max_batch:
                self._gather()
            waiting = self._run_commands()
            joining = [] if waiting else self._take_batch()
            if joining:
                self._join(joining)
            if running.jobs:
                self._step()
        for job in self._drain() + [job for job in running.jobs if job.finish_reason is None]:
            job.on_done(RuntimeError("the server is shutting down"))

    def _gather(self) -> None:
        """With nothing running, let requests that arrive together share the first prefill: wait while they keep
        coming (no new one for batch_window_s ends it), at most max_wait_s. Later ones join at the next step."""
        deadline = time.monotonic() + self.max_wait_s
        seen = len(self._jobs)
        while time.monotonic() < deadline and seen < self.max_batch:
            time.sleep(self.batch_window_s)
            if len(self._jobs) == seen:
                return
            seen = len(self._jobs)

    def _run_commands(self) -> bool:
        """Run the queued commands; → True when one waits for running rows to free an adapter slot."""
        while True:
            with self._wake:
                if not self._commands:
                    return False
                command, future = self._commands[0]
            self.stack.pinned = self._running.adapters
            try:
                result = command(self.stack)
            except SlotsBusy as exc:
                if self._running.jobs:  # retried after the next step; no row joins meanwhile, so slots free up
                    return True
                self._commands.popleft()  # (nothing pins a slot with no rows running)
                future.set_exception(exc)
                continue
            except Exception as exc:  # handed to the caller through the future, who reports it
                self._commands.popleft()
                future.set_exception(exc)
                continue
            self._commands.popleft()
            future.set_result(result)

    def _take_batch(self) -> list[Job]:
        """The oldest queued jobs that fit beside the running rows: at most max_batch rows, max_adapters adapters."""
        with self._wake:
            live = [job for job in self._jobs if not job.cancelled]
            for job in self._jobs:
                if job.cancelled:
                    job.on_done("cancelled")
            if not live:
                self._jobs.clear()
                return []
            batch: list[Job] = []
            adapters = self._running.adapters
            room = self.max_batch - len(self._running.jobs)
            rest: deque[Job] = deque()
            for job in live:
                key = job.adapter.key if job.adapter else None
                if len(batch) < room and (key is None or key in adapters or len(adapters) < self.stack.max_resident):
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

    def _join(self, jobs: list[Job]) -> None:
        self.batches.append(len(jobs))
        self.joins.append((len(self._running.jobs), len(self.step_rows)))
        self.stack.pinned = self._running.adapters
        try:
            self._running.join(jobs)
        except Exception as exc:  # one bad prefill must not stop the server: its requests get the error
            log.exception("prefill failed for %d requests", len(jobs))
            for job in jobs:
                if job.finish_reason is None:
                    job.finish_reason = "error"
                    job.on_done(exc)
            if any(job in jobs for job in self._running.jobs):  # failed after the merge: the cache is unsure
                self._running.fail(exc)
        self.stack.pinned = self._running.adapters

    def _step(self) -> None:
        self._running.drop_cancelled()
        if not self._running.jobs:
            return
        self.step_rows.append(len(self._running.jobs))
        started = time.perf_counter()
        self.step_started.append(started)
        try:
            self._running.step()
        except Exception as exc:  # the cache is unusable after a failed forward: its rows get the error
            log.exception("a decode step failed for %d requests", len(self._running.jobs))
            self._running.fail(exc)
        self.step_seconds.append(time.perf_counter() - started)
        self.stack.pinned = self._running.adapters


def eos_token_ids(model: Any, tokenizer: Any) -> list[int]:
    """Every token that ends a turn: the tokenizer's EOS and the generation config's (an int or a list)."""
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    listed = configured if isinstance(configured, list) else [configured]
    return sorted({int(e) for e in [tokenizer.eos_token_id, *listed] if e is not None})
