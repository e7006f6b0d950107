"""What a Redis that cannot serve raises, and the one wrapper that makes it `StoreUnavailable`.

Out of reach (connection refused, reset, timed out, a replica that cannot take writes) and
unable to keep what it is given (its disk full or failing: MISCONF; its memory full: OOM) are
the same to a page: nothing changed, try again shortly. Any other error is a bug and surfaces
as one.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .base import StoreUnavailable

T = TypeVar("T")

UNREACHABLE = (
    RedisConnectionError,
    RedisTimeoutError,
    ReadOnlyError,
    OutOfMemoryError,
    OSError,
    TimeoutError,
)


async def reach(call: Awaitable[T]) -> T:
    """Await a Redis call; a Redis that cannot serve becomes StoreUnavailable (nothing written)."""
    try:
        return await call
    except UNREACHABLE as exc:
        raise StoreUnavailable(str(exc)) from exc
    except ResponseError as exc:
        if str(exc).startswith("MISCONF"):
            raise StoreUnavailable(str(exc)) from exc
        raise
