"""The anonymity proof on Redis: every key under the test's prefix at every committed version,
every byte of the append-only file (each version the store ever wrote), and the server log.
A Redis of this test's own, AOF with fsync on every write, uncompressed, so nothing can hide."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from redis.asyncio import Redis

from server.app import create_app
from server.config import Settings
from tests.support.anonymity_audit import NAMES, audit, run_scenario, server_log
from tests.support.client import Client, create_group
from tests.support.redis_kit import RedisServer, unique_prefix

pytestmark = pytest.mark.redis


class RedisCapture:
    """Every key under the prefix (read by type, never a compressed dump) and every file in
    the Redis server's directory, after each command; and every version the store ever wrote,
    from the append-only file (the server also commits on its own, e.g. attendance when a
    member's page connects, between two commands of the test)."""

    def __init__(self, client: Redis, prefix: str, directory: Path, group_id: str) -> None:
        self.client = client
        self.prefix = prefix
        self.directory = directory
        self.group_id = group_id
        self._blobs: dict[int, dict[str, bytes]] = {}
        self._docs: dict[int, dict[str, Any]] = {}
        self.aof = b""
        self.written: list[dict[str, Any]] = []

    async def _value(self, key: bytes) -> bytes:
        kind = await self.client.type(key)
        if kind == b"hash":
            fields = await self.client.hgetall(key)
            return b"\n".join(k + b"=" + v for k, v in sorted(fields.items()))
        if kind == b"string":
            return bytes(await self.client.get(key))
        if kind == b"list":
            return b"\n".join(await self.client.lrange(key, 0, -1))
        if kind in (b"set", b"zset"):
            members = await (self.client.smembers(key) if kind == b"set" else self.client.zrange(key, 0, -1))
            return b"\n".join(sorted(members))
        raise AssertionError(f"a key of a type this audit cannot read: {key!r} is {kind!r}")

    async def snapshot(self) -> None:
        keys = sorted([k async for k in self.client.scan_iter(match=f"{self.prefix}*", count=500)])
        blobs = {k.decode(): await self._value(k) for k in keys}
        blobs |= {
            str(p.relative_to(self.directory)): p.read_bytes()
            for p in self.directory.rglob("*")
            if p.is_file()
        }
        (doc,) = [
            json.loads(v.split(b"doc=", 1)[1].split(b"\nv=")[0]) for k, v in blobs.items() if ":group:" in k
        ]
        self._blobs[doc["version"]] = blobs
        self._docs[doc["version"]] = doc

    def read_aof(self) -> None:
        self.aof = b"".join(p.read_bytes() for p in sorted(self.directory.rglob("*.aof")))
        self.written = [
            json.loads(cmd[cmd.index(b"doc") + 1])
            for cmd in resp_commands(self.aof)
            if cmd[0].upper() == b"HSET" and cmd[1].endswith(self.group_id.encode())
        ]

    def blobs(self) -> dict[int, dict[str, bytes]]:
        return self._blobs

    def documents(self) -> dict[int, dict[str, Any]]:
        """Every version written (from the AOF); what the keys held agrees with it."""
        history = {doc["version"]: doc for doc in self.written}
        assert {v: history[v] for v in self._docs} == self._docs
        return history


def resp_commands(data: bytes) -> list[list[bytes]]:
    """The commands of an append-only file (RESP arrays of bulk strings)."""
    out, i = [], 0
    while i < len(data):
        assert data[i : i + 1] == b"*", f"not RESP at byte {i}"
        end = data.index(b"\r\n", i)
        count, i = int(data[i + 1 : end]), end + 2
        parts = []
        for _ in range(count):
            end = data.index(b"\r\n", i)
            size = int(data[i + 1 : end])
            parts.append(data[end + 2 : end + 2 + size])
            i = end + 2 + size + 2
        out.append(parts)
    return out


@pytest.fixture
async def redis_dir(tmp_path: Path) -> AsyncIterator[RedisServer]:
    server = RedisServer(tmp_path / "redis", appendfsync="always")
    server.dir.mkdir()
    await server.start()
    client = Redis.from_url(server.url)
    # Plain RESP and no compression in anything Redis writes, so a byte search sees it all.
    await client.config_set("aof-use-rdb-preamble", "no")
    await client.config_set("rdbcompression", "no")
    await client.aclose()
    yield server
    await server.kill()


async def test_nothing_in_redis_or_its_aof_ties_an_answer_to_a_member(redis_dir, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    prefix = unique_prefix()
    app = create_app(Settings(data_dir=None, redis_url=redis_dir.url, redis_prefix=prefix))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    base_url = str(server.make_url("")).rstrip("/")
    clients: list[Client] = []

    async def connect(link: str) -> Client:
        clients.append(await Client.open(base_url, link))
        return clients[-1]

    client = Redis.from_url(redis_dir.url)
    try:
        course = await create_group(base_url, members=NAMES)
        capture = RedisCapture(client, prefix, redis_dir.dir, course["group_id"])
        played = await run_scenario(course, connect, capture)
        capture.read_aof()
        # The AOF holds every version the store wrote, once each and in order.
        assert [d["version"] for d in capture.written] == list(range(1, played.revealed + 1))
        audit(played, capture, server_log(caplog.records), extra_blobs=(capture.aof,))
    finally:
        for c in clients:
            await c.close()
        await server.close()
        await client.aclose()
