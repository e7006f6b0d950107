"""Token buckets: bursts allowed, a sustained flood refused; and tables of them by key.

Used per link for a socket's commands and pings (server/ws/links.py) and per key and client
address for group creation (server/web/limits.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


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


class Table(Generic[T]):
    """Entries by key, made on first use. Entries `forget` says may go (by default, buckets full
    again) are forgotten now and then, so a table keyed by client address or by link cannot grow
    without bound."""

    SWEEP_EVERY = 60.0

    def __init__(self, make: Callable[[], T], forget: Callable[[T], bool] = Bucket.full) -> None:  # type: ignore[assignment]
        self._make = make
        self._forget = forget
        self._entries: dict[str, T] = {}
        self._swept = time.monotonic()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> T:
        self._sweep()
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = self._make()
        return entry

    def peek(self, key: str) -> T | None:
        return self._entries.get(key)

    def take(self: Table[Bucket], key: str) -> Bucket | None:
        """None if a token was taken; else the empty bucket (for its retry_after)."""
        bucket = self.get(key)
        return None if bucket.take() else bucket

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept < self.SWEEP_EVERY:
            return
        self._swept = now
        for key in [k for k, entry in self._entries.items() if self._forget(entry)]:
            del self._entries[key]
