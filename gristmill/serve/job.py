"""A completion request as the engine and the batch loop see it: prompt ids, adapter, sampling, callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gristmill.serve.stack import AdapterRef


@dataclass(frozen=True)
class Sampling:
    """A row's decoding: greedy when temperature is 0, else a draw under temperature and top-p (rows with
    different settings still share each forward pass; `batch.pick` applies each row's own)."""

    temperature: float = 0.0
    top_p: float = 1.0


@dataclass(eq=False)
class Job:
    """One completion request. `on_text` receives each new piece of text (a request that does not stream and has
    no stop strings: all of it at the end), `on_done` the finish reason ("stop", "length", "cancelled") or the
    exception that ended it; both are called from the worker thread."""

    prompt_ids: list[int]
    adapter: AdapterRef | None
    max_new_tokens: int
    sampling: Sampling
    on_text: Callable[[str], object]
    on_done: Callable[[str | BaseException], object]
    stop: tuple[str, ...] = ()
    streaming: bool = True  # text goes out as it comes; otherwise it is decoded once, at the end
    tokens: list[int] = field(default_factory=list)
    text: str = ""  # decoded so far (stop strings cut off)
    sent: int = 0  # characters of `text` already handed to on_text
    finish_reason: str | None = None
    cancelled: bool = False
    decoder: Any = field(default=None, repr=False)  # the batch's incremental decoder of `tokens` (False: none)
