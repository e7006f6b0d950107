"""Token buckets: bursts allowed, a sustained flood refused; and tables of them by key.

Used per link for a socket's commands and pings (server/ws/links.py) and per key and client
address for group creation (server/web/limits.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Bucket:
    __slots__ = ("_last", "_tokens", "burst", "rate")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._last = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def take(self) -> bool:
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def retry_after(self) -> float:
        """Seconds until the next token."""
        self._refill()
        return max(0.0, (1 - self._tokens) / self.rate)

    def full(self) -> bool:
        self._refill()
        return self._tokens >= self.burst


class Table:
    """Buckets by key, made on first use. Entries that are full again are forgotten now and
    then, so a table keyed by client address cannot grow without bound."""

    SWEEP_EVERY = 60.0

    def __init__(self, make: Callable[[], Bucket]) -> None:
        self._make = make
        self._buckets: dict[str, Bucket] = {}
        self._swept = time.monotonic()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> Bucket | None:
        """None if a token was taken; else the empty bucket (for its retry_after)."""
        self._sweep()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = self._make()
        return None if bucket.take() else bucket

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept < self.SWEEP_EVERY:
            return
        self._swept = now
        for key in [k for k, b in self._buckets.items() if b.full()]:
            del self._buckets[key]
