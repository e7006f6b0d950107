"""The pub/sub link keeps up with a loop that publishes more per turn than asyncio reads off a
socket by default (server/store/pubsub.py, INTAKE). Every commit comes back to its own process
on this link; when a busy loop fell behind, Redis cut the link at its pub/sub output limit and
every page of the process was sent away to reconnect."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from redis.asyncio import ConnectionPool, Redis

from server.store.commits import pack
from server.store.pubsub import INTAKE, Link, widen
from tests.support.redis_kit import RedisServer
from tests.support.waiting import until

pytestmark = pytest.mark.redis

WARM = 20
TURNS = 300
BATCH = 64  # publishes per turn of the loop
SIZE = 10_000  # bytes each: 640 KB a turn, where asyncio reads 256 KB of a socket per turn


def replies(sock: socket.socket, count: int) -> list[int]:
    """The next `count` integer replies (PUBLISH answers how many subscribers got the message)."""
    data = b""
    while data.count(b"\r\n") < count:
        data += sock.recv(65536)
    return [int(line[1:]) for line in data.split(b"\r\n")[:count]]


async def test_a_loop_publishing_more_per_turn_than_one_read_keeps_its_link(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path, aof=False)
    await redis.start()
    admin = Redis.from_url(redis.url)
    # Redis's default (32 MB) takes longer to reach; a small limit shows the same fault sooner.
    await admin.config_set("client-output-buffer-limit", "pubsub 4mb 4mb 0")
    pool = ConnectionPool.from_url(redis.url)
    got: list[bytes] = []

    async def resync(_channels: list[bytes]) -> None:
        return None

    link = Link(pool, lambda _c, data: got.append(data), resync, timeout=5, ping_every=30, outage_grace=60)
    link.start()
    publisher = socket.create_connection(("127.0.0.1", redis.port))
    try:
        await link.subscribe(b"c")
        await asyncio.wait_for(link.up.wait(), 10)
        body = b"x" * SIZE

        def publish(turn: int) -> list[int]:
            batch = (pack(b"PUBLISH", b"c", b"%d:" % (turn * BATCH + n) + body) for n in range(BATCH))
            publisher.sendall(b"".join(batch))
            return replies(publisher, BATCH)

        answered: list[int] = []
        # First at an easy pace (each batch read before the next): the kernel grows the link's
        # receive window to what the traffic needs, as it has long done on a running server.
        for turn in range(WARM):
            answered += publish(turn)
            sent = len(answered)
            await until(lambda: len(got) == sent, timeout=10)  # noqa: B023 -- awaited here
        for turn in range(WARM, TURNS):
            # A turn's commits, published without yielding to the loop, as a busy one does.
            answered += publish(turn)
            await asyncio.sleep(0)
        # Each publish reached the link: none went out while Redis had cut it.
        assert answered == [1] * (TURNS * BATCH)
        await until(lambda: len(got) == TURNS * BATCH, timeout=30)
        assert [int(data.split(b":", 1)[0]) for data in got] == list(range(TURNS * BATCH))
        assert link.sessions == 1
    finally:
        publisher.close()
        await link.close()
        await pool.aclose()
        await admin.aclose()
        await redis.kill()


async def test_the_link_reads_up_to_its_intake_per_turn(tmp_path: Path) -> None:
    """A redis-py or asyncio release that keeps its reader elsewhere fails here, not silently."""
    redis = RedisServer(tmp_path, aof=False)
    await redis.start()
    pool = ConnectionPool.from_url(redis.url)
    conn = pool.make_connection()  # type: ignore[no-untyped-call]
    try:
        await conn.connect()
        assert widen(conn)
        assert conn._writer.transport.max_size == INTAKE
    finally:
        await conn.disconnect()
        await pool.aclose()
        await redis.kill()
