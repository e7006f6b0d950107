"""The process's one Redis pub/sub connection: subscriptions, keepalive and reconnects.

A channel is subscribed while somebody in this process watches it. When the connection drops
(Redis restarted, the network broke, `CLIENT KILL`), the link reconnects with capped
exponential backoff, subscribes every wanted channel again and, once Redis has confirmed them,
calls `resync` so the store re-delivers the latest documents: a notification published while
the link was down is never lost for good. If the link stays down longer than `outage_grace`,
the `on_outage` hooks run once (the hub then asks its pages to reconnect, which they show).

redis-py's own PubSub reconnects and resubscribes silently, which would hide exactly the gap
we must repair, so this drives a plain redis-py connection itself.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable

from redis.asyncio.connection import AbstractConnection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from .backoff import Backoff
from .connections import drop

log = logging.getLogger(__name__)

Deliver = Callable[[bytes, bytes], None]
Resync = Callable[[list[bytes]], Awaitable[None]]
Hook = Callable[[], Awaitable[None]]

# What a broken or unreachable Redis raises (redis-py wraps most socket errors itself).
LINK_ERRORS = (RedisError, OSError, TimeoutError)
# A connection that stayed healthy this long was not a flap: the next retry is immediate again.
STABLE_AFTER = 10.0
# How much the link may take off its socket per turn of the event loop. Every commit of this
# process comes back to it on this link (a published copy, ~8 KB), and asyncio reads a socket once
# per turn: 256 KB, and its stream pauses reading at 128 KB. A saturated loop commits more than
# that per turn, so the copies piled up in Redis until it cut the link at its pub/sub output
# limit (32 MB by default), and every page of this process was sent away to reconnect
# (bench/README.md, fifth round).
INTAKE = 4 * 1024 * 1024


class Link:
    def __init__(
        self,
        pool: ConnectionPool,
        deliver: Deliver,
        resync: Resync,
        *,
        timeout: float,
        ping_every: float,
        outage_grace: float,
        backoff: Backoff | None = None,
    ) -> None:
        self._pool = pool
        self._deliver = deliver
        self._resync = resync
        self.timeout = timeout
        self.ping_every = ping_every
        self.outage_grace = outage_grace
        self._backoff = backoff or Backoff()
        self.on_outage: list[Hook] = []
        self._wanted: set[bytes] = set()
        # Redis confirms each SUBSCRIBE of a channel in order: waiters per channel, oldest first.
        self._waiters: dict[bytes, collections.deque[asyncio.Future[None]]] = {}
        # The first confirmation of a fresh subscription, awaited by concurrent subscribers.
        self._pending: dict[bytes, asyncio.Future[None]] = {}
        self._conn: AbstractConnection | None = None
        self._healthy_since: float | None = None
        self._hooks: set[asyncio.Task[None]] = set()
        self._last_seen = 0.0
        self._task: asyncio.Task[None] | None = None
        # Set while subscribed and resynced; `sessions` counts connections that got there.
        self.up = asyncio.Event()
        self.sessions = 0
        self._narrow_noted = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="redis-pubsub-link")

    async def close(self) -> None:
        for hook in list(self._hooks):
            hook.cancel()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def subscribe(self, channel: bytes) -> None:
        """Return once Redis has confirmed the subscription, or the link is down (the next
        connection subscribes it and resyncs). Never raises for a broken link."""
        if channel in self._wanted:
            pending = self._pending.get(channel)
            if pending is not None:
                await asyncio.shield(pending)
            return
        self._wanted.add(channel)
        conn = self._conn
        if conn is None:
            return
        confirmed = self._expect(channel)
        self._pending[channel] = confirmed
        try:
            await self._send(conn, "SUBSCRIBE", channel)
            async with asyncio.timeout(self.timeout):
                await asyncio.shield(confirmed)
        except LINK_ERRORS as exc:
            log.warning("Redis pub/sub link failed while subscribing (%s); reconnecting", exc)
            await drop(conn)
        finally:
            if self._pending.get(channel) is confirmed:
                del self._pending[channel]

    async def unsubscribe(self, channel: bytes) -> None:
        self._wanted.discard(channel)
        conn = self._conn
        if conn is not None:
            try:
                await self._send(conn, "UNSUBSCRIBE", channel)
            except LINK_ERRORS:
                await drop(conn)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        attempt = 0
        down_since = loop.time()
        reported = False
        while True:
            self._healthy_since = None
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except LINK_ERRORS as exc:
                error: Exception = exc
            except Exception as exc:  # the listener must outlive any surprise
                log.exception("Redis pub/sub link failed unexpectedly")
                error = exc
            now = loop.time()
            if self._healthy_since is not None:
                down_since, reported = now, False
                if now - self._healthy_since >= STABLE_AFTER:
                    attempt = 0
                log.warning("Redis pub/sub link lost (%s); reconnecting", error)
            elif not reported and now - down_since >= self.outage_grace:
                reported = True
                log.warning("Redis unreachable for %.1f s (%s); still retrying", now - down_since, error)
                self._report_outage()
            await asyncio.sleep(self._backoff.delay(attempt, random.random()))
            attempt += 1

    async def _session(self) -> None:
        """One connection, from connect to its failure (this always ends by raising)."""
        conn: AbstractConnection = self._pool.make_connection()  # type: ignore[no-untyped-call]
        tend: asyncio.Task[None] | None = None
        try:
            async with asyncio.timeout(self.timeout):
                await conn.connect()  # type: ignore[no-untyped-call]
            if not widen(conn) and not self._narrow_noted:
                self._narrow_noted = True
                log.info(
                    "the Redis pub/sub link reads at asyncio's default pace (TLS, or another "
                    "redis-py): under a saturated loop, Redis may cut it at its pub/sub output limit"
                )
            self._last_seen = asyncio.get_running_loop().time()
            # From here on subscribe() sends its own SUBSCRIBE; the ones wanted so far go now.
            self._conn = conn
            channels = sorted(self._wanted)
            confirmed = [self._expect(channel) for channel in channels]
            if channels:
                await self._send(conn, "SUBSCRIBE", *channels)
            tend = asyncio.get_running_loop().create_task(self._tend(conn, channels, confirmed))
            await self._read(conn)
        finally:
            self._conn = None
            self.up.clear()
            for waiters in self._waiters.values():
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)
            self._waiters.clear()
            if tend is not None:
                tend.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await tend
            await drop(conn)

    async def _read(self, conn: AbstractConnection) -> None:
        loop = asyncio.get_running_loop()
        while True:
            # No read timeout: silence is normal; _tend's PINGs find a dead peer.
            reply = await conn.read_response(push_request=True)
            self._last_seen = loop.time()
            if not isinstance(reply, list) or len(reply) < 3:
                continue  # a PONG
            kind, channel, data = reply[0], reply[1], reply[2]
            if kind == b"message" and channel in self._wanted:
                self._deliver(channel, data)
            elif kind == b"subscribe":
                waiters = self._waiters.get(channel)
                if waiters:
                    waiter = waiters.popleft()
                    if not waiters:
                        del self._waiters[channel]
                    if not waiter.done():
                        waiter.set_result(None)

    async def _tend(
        self, conn: AbstractConnection, channels: list[bytes], confirmed: list[asyncio.Future[None]]
    ) -> None:
        """Resync once the subscriptions are confirmed, then PING so a silent peer is noticed."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout):
                await asyncio.gather(*confirmed)
            await self._resync(channels)
            self._healthy_since = loop.time()
            self.sessions += 1
            self.up.set()
            while True:
                sent = loop.time()
                await self._send(conn, "PING")
                await asyncio.sleep(self.ping_every)
                if self._last_seen < sent:
                    raise TimeoutError(f"no reply from Redis within {self.ping_every} s")
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("Redis pub/sub link unhealthy (%s); reconnecting", exc)
            await drop(conn)

    def _expect(self, channel: bytes) -> asyncio.Future[None]:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(channel, collections.deque()).append(waiter)
        return waiter

    async def _send(self, conn: AbstractConnection, *args: bytes | str) -> None:
        # send_command would quietly reconnect a closed connection; a dead one must stay dead.
        if not conn.is_connected:
            raise RedisConnectionError("the pub/sub connection is closed")
        await conn.send_command(*args, check_health=False)

    def _report_outage(self) -> None:
        # In tasks of their own: closing every page must not delay the next reconnect attempt.
        for hook in list(self.on_outage):
            task = asyncio.get_running_loop().create_task(_run_hook(hook))
            self._hooks.add(task)
            task.add_done_callback(self._hooks.discard)


async def _run_hook(hook: Hook) -> None:
    try:
        await hook()
    except Exception:
        log.exception("an outage hook failed")


def widen(conn: AbstractConnection) -> bool:
    """Let `conn` take up to INTAKE off its socket per turn of the loop; False if this redis-py or
    asyncio does not keep them where this looks (a TLS link keeps asyncio's own limit)."""
    reader = getattr(conn, "_reader", None)
    writer = getattr(conn, "_writer", None)
    transport = getattr(writer, "transport", None)
    if not isinstance(reader, asyncio.StreamReader) or not hasattr(transport, "max_size"):
        return False
    transport.max_size = INTAKE  # type: ignore[union-attr]
    reader._limit = INTAKE  # type: ignore[attr-defined]  # pauses reading at twice this
    return True
