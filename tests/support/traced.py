"""How many bytes a call leaves held, by tracemalloc (what it returns and all it keeps)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def traced(make: Callable[[], T]) -> tuple[T, int]:
    """What `make()` returns, and the bytes allocated while it ran that are still held."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        return kept, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
