"""A Redis that cannot keep what it is given (disk or memory full) is `unavailable` like one out
of reach: nothing changed, try again. Any other error of Redis's is a bug and stays one."""

from __future__ import annotations

import pytest
from redis.exceptions import OutOfMemoryError, ResponseError

from server.store import StoreUnavailable
from server.store.reach import reach


async def failing(exc: Exception) -> None:
    raise exc


@pytest.mark.parametrize(
    "exc",
    [
        ResponseError("MISCONF Errors writing to the AOF file: No space left on device"),
        OutOfMemoryError("OOM command not allowed when used memory > 'maxmemory'."),
        ConnectionResetError("reset"),
    ],
)
async def test_a_redis_that_cannot_keep_writes_is_unavailable(exc: Exception) -> None:
    with pytest.raises(StoreUnavailable):
        await reach(failing(exc))


async def test_other_redis_errors_stay_errors() -> None:
    with pytest.raises(ResponseError):
        await reach(failing(ResponseError("WRONGTYPE Operation against a key holding the wrong kind")))
