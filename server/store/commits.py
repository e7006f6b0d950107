"""The Redis store's commits, pipelined on one connection of their own.

A commit through redis-py's client borrows a pooled connection (a Condition and a timer for
each call), passes its retry, event and observability layers and its script wrapper, and gives
the connection back: most of what a command cost on the Redis store beyond the embedded one
(bench/README.md). Here each commit's EVALSHA is written the moment it is made, on a connection
that stays open, and one reader hands Redis's replies, which come in the order of the requests,
to the commits in that order: many groups' commits share the connection and its round trips.
redis-py still opens the connection (address, TLS, password, database and client name, as the
URL says) and parses the replies.

Failures are the pooled client's: a commit answered by nobody within `timeout` fails, and
the connection is dropped with every commit still waiting on it; the next commit opens a new
one. A commit whose connection failed is sent once more on a new one, as redis-py's one retry
did. That is safe: a commit is a compare-and-set, and a retry that meets its own first write is
refused as a conflict, reloads, and is acknowledged by the command's key in the document.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from redis.asyncio.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .connections import drop

# What makes a commit worth one more try on a new connection (a reply that is an error is not).
RETRY = (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)


def pack(*args: bytes) -> bytes:
    """One command in Redis's protocol: an array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        out += (b"$%d\r\n" % len(arg), arg, b"\r\n")
    return b"".join(out)


class _Line:
    """One connection and the commits waiting on it, oldest first, with their deadlines."""

    __slots__ = ("conn", "pending", "reader")

    def __init__(self, conn: AbstractConnection) -> None:
        self.conn = conn
        self.pending: deque[tuple[asyncio.Future[Any], float]] = deque()
        self.reader: asyncio.Task[None] | None = None


class Commits:
    def __init__(self, pool: ConnectionPool, timeout: float) -> None:
        # The client's pool, for what its connections are made with (never borrowed from).
        self._pool = pool
        self.timeout = timeout
        self._line: _Line | None = None
        self._opening: asyncio.Future[_Line] | None = None
        # One timer for the whole line: it looks at the oldest commit's deadline.
        self._watch: asyncio.TimerHandle | None = None
        self._dropping: set[asyncio.Task[None]] = set()
        self._closed = False

    async def call(self, packed: bytes) -> Any:
        """Send a command made by `pack`; its reply. An error reply is raised as redis-py raises it."""
        try:
            return await self._send(packed)
        except RETRY:
            return await self._send(packed)

    async def close(self) -> None:
        self._closed = True
        if self._opening is not None:
            self._opening.cancel()
        if self._line is not None:
            self._drop(self._line, RedisConnectionError("the store is closing"))
        if self._dropping:
            await asyncio.gather(*self._dropping, return_exceptions=True)

    async def _send(self, packed: bytes) -> Any:
        line = self._line if self._line is not None else await self._open()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        line.pending.append((future, loop.time() + self.timeout))
        if self._watch is None:
            self._watch = loop.call_at(line.pending[0][1], self._check)
        try:
            if not line.conn.is_connected:  # send_packed_command would reconnect it unseen
                raise RedisConnectionError("the commit connection is closed")
            # Written at once, whole: nothing else can write between this commit's place in
            # `pending` and its bytes (this runs without yielding up to the write).
            await line.conn.send_packed_command(packed, check_health=False)
        except asyncio.CancelledError:
            future.cancel()  # its reply, when it comes, goes to nobody
            raise
        except Exception as exc:
            self._drop(line, exc)
        return await future

    async def _open(self) -> _Line:
        if self._closed:
            raise RedisConnectionError("the store is closed")
        if self._opening is None:
            self._opening = asyncio.ensure_future(self._connect())
            self._opening.add_done_callback(self._opened)
        return await asyncio.shield(self._opening)

    def _opened(self, opening: asyncio.Future[_Line]) -> None:
        self._opening = None
        if not opening.cancelled():
            opening.exception()  # retrieved here: every caller re-raises it from its own await

    async def _connect(self) -> _Line:
        # No socket timeout: the deadlines here time each commit, with one timer for all.
        kwargs = {**self._pool.connection_kwargs, "socket_timeout": None}
        conn: AbstractConnection = self._pool.connection_class(**kwargs)
        try:
            async with asyncio.timeout(self.timeout):
                await conn.connect()  # type: ignore[no-untyped-call]
        except BaseException:
            await drop(conn)
            raise
        line = _Line(conn)
        line.reader = asyncio.get_running_loop().create_task(self._read(line))
        self._line = line
        return line

    async def _read(self, line: _Line) -> None:
        try:
            while True:
                try:
                    reply: Any = await line.conn.read_response(disconnect_on_error=False)
                except ResponseError as error:
                    reply = error
                if not line.pending:
                    raise RedisConnectionError("Redis answered a command nobody sent")
                future, _ = line.pending.popleft()
                if future.done():
                    continue  # its caller gave up (a cancelled socket handler)
                if isinstance(reply, ResponseError):
                    future.set_exception(reply)
                else:
                    future.set_result(reply)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._drop(line, exc)

    def _check(self) -> None:
        self._watch = None
        line = self._line
        if line is None or not line.pending:
            return
        loop = asyncio.get_running_loop()
        deadline = line.pending[0][1]
        if deadline <= loop.time():
            self._drop(line, RedisTimeoutError(f"no reply from Redis within {self.timeout} s"))
        else:
            self._watch = loop.call_at(deadline, self._check)

    def _drop(self, line: _Line, error: BaseException) -> None:
        """Fail every commit waiting on `line` and close it; the next commit opens a new one."""
        if self._line is line:
            self._line = None
            if self._watch is not None:
                self._watch.cancel()
                self._watch = None
        failure = error if isinstance(error, RETRY) else RedisConnectionError(str(error))
        while line.pending:
            future, _ = line.pending.popleft()
            if not future.done():
                future.set_exception(failure)
        if line.reader is not None and line.reader is not asyncio.current_task():
            line.reader.cancel()
        task = asyncio.get_running_loop().create_task(drop(line.conn))
        self._dropping.add(task)
        task.add_done_callback(self._dropping.discard)
