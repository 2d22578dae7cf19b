"""How hard to push an endpoint: AIMD concurrency, and a timeout that follows the server's speed.

A slow or saturated server must not be made slower by its client. Concurrency starts at the configured cap; a
timeout or an overload answer (429, 5xx) halves it (never below one request in flight), and each answer adds
1/limit, so one more request is in flight after a round of answers, up to the cap: TCP's additive increase,
multiplicative decrease. A request's timeout is the configured one or, once answers have come back, its
`max_tokens` at the generation speed seen so far (tokens/s, a moving average) times `margin`, whichever is longer:
a long generation on a slow server is waited for instead of abandoned and sent again while the server still
generates the first copy.
"""

from __future__ import annotations

import asyncio
from types import TracebackType


class Pacer:
    def __init__(self, cap: int, timeout_s: float, margin: float = 3.0) -> None:
        self.cap, self.timeout_s, self.margin = cap, timeout_s, margin
        self.limit = float(cap)
        self.lowest = cap  # the fewest requests allowed in flight at any time (reported in usage)
        self.in_flight = 0
        self.speed: float | None = None  # completion tokens per second of one request, moving average
        self._slot = asyncio.Condition()

    async def __aenter__(self) -> Pacer:
        async with self._slot:
            await self._slot.wait_for(lambda: self.in_flight < max(1, int(self.limit)))
            self.in_flight += 1
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        async with self._slot:
            self.in_flight -= 1
            self._slot.notify_all()

    def answered(self, completion_tokens: int, seconds: float) -> None:
        self.limit = min(float(self.cap), self.limit + 1.0 / self.limit)
        if completion_tokens > 0 and seconds > 0:
            speed = completion_tokens / seconds
            self.speed = speed if self.speed is None else 0.8 * self.speed + 0.2 * speed

    def overloaded(self) -> None:
        self.limit = max(1.0, self.limit / 2)
        self.lowest = min(self.lowest, int(self.limit))

    def timeout(self, max_tokens: int | None) -> float:
        if not max_tokens or not self.speed:
            return self.timeout_s
        return max(self.timeout_s, self.margin * max_tokens / self.speed)
