"""A token bucket per socket: bursts allowed, a sustained flood refused."""

from __future__ import annotations

import time


class Bucket:
    __slots__ = ("_last", "_tokens", "burst", "rate", "refusals")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._last = time.monotonic()
        self.refusals = 0

    def take(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            self.refusals = 0
            return True
        self.refusals += 1
        return False
