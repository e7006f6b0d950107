"""The anonymity proof on Redis: every key under the test's prefix at every committed version,
every byte of the append-only file (each version the store ever wrote), and the server log.
A Redis of this test's own, AOF with fsync on every write, uncompressed, so nothing can hide.
Once the card has closed, the server has Redis rewrite the file: then no byte of the open
period's history is left in it."""

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
from server.appkeys import STORE
from server.config import Settings
from server.store.redis import RedisStore
from tests.support.anonymity_audit import (
    NAMES,
    audit,
    audit_after_close,
    card_history,
    run_scenario,
    server_log,
)
from tests.support.client import Client, create_group
from tests.support.feedback_wire import take_ballot
from tests.support.redis_kit import RedisServer, unique_prefix
from tests.support.waiting import until

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

    def read_aof(self) -> tuple[bytes, list[dict[str, Any]]]:
        """The append-only files' bytes, and every version of the group written in them."""
        aof = b"".join(p.read_bytes() for p in sorted(self.directory.rglob("*.aof")))
        written = [
            json.loads(cmd[cmd.index(b"doc") + 1])
            for cmd in resp_commands(aof)
            # HSET as the store writes it; HMSET as a rewrite writes the hash back.
            if cmd[0].upper() in (b"HSET", b"HMSET") and cmd[1].endswith(self.group_id.encode())
        ]
        return aof, written

    async def closing(self) -> None:
        self.aof, self.written = self.read_aof()
        # The AOF holds every version the store wrote while the card was open, once each and
        # in order: the history a rewrite must erase.
        assert [d["version"] for d in self.written] == list(range(1, max(self._docs) + 1))

    def blobs(self) -> dict[int, dict[str, bytes]]:
        return self._blobs

    def documents(self) -> dict[int, dict[str, Any]]:
        """Every version written: up to the close from the AOF, then what the keys held (which
        agrees with the AOF where both saw a version)."""
        history = {doc["version"]: doc for doc in self.written}
        assert {v: history[v] for v in self._docs if v in history} == {
            v: d for v, d in self._docs.items() if v in history
        }
        return self._docs | history

    def stored(self) -> dict[str, bytes]:
        """Every file in the Redis server's directory now."""
        return {
            str(p.relative_to(self.directory)): p.read_bytes()
            for p in self.directory.rglob("*")
            if p.is_file()
        }


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
        audit(played, capture, server_log(caplog.records), extra_blobs=(capture.aof,))
        # The close had Redis rewrite its AOF: once it is done (and Redis has deleted the old
        # files), only versions from the close on are in it.
        store = app[STORE]
        assert isinstance(store, RedisStore) and store.eraser is not None
        await store.eraser.settled()
        assert store.eraser.rewrites >= 1
        closed = card_history(capture.documents())[1]
        await until(lambda: min(d["version"] for d in capture.read_aof()[1]) >= closed)
        await capture.snapshot()
        keys = capture.blobs()[max(capture.blobs())]
        audit_after_close(capture.documents(), {**keys, **capture.stored()}, capture.read_aof()[1])
    finally:
        for c in clients:
            await c.close()
        await server.close()
        await client.aclose()


def card_status(doc: dict[str, Any]) -> str | None:
    cards = doc["feedback"]["cards"]
    return str(cards[0]["status"]) if cards else None


@pytest.mark.parametrize("rewrite", [True, False])
async def test_after_a_close_the_aof_keeps_no_open_tallies_unless_rewriting_is_off(
    redis_dir: RedisServer, rewrite: bool
) -> None:
    """With `--aof-rewrite off` (docs/privacy.md) the open period stays in the file until Redis
    rewrites it on its own: the proof above would fail without the rewrite."""
    prefix = unique_prefix()
    app = create_app(
        Settings(data_dir=None, redis_url=redis_dir.url, redis_prefix=prefix, aof_rewrite=rewrite)
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    base_url = str(server.make_url("")).rstrip("/")
    pages: list[Client] = []
    client = Redis.from_url(redis_dir.url)
    try:
        course = await create_group(base_url, members=NAMES)
        fac = await Client.open(base_url, course["links"]["facilitator"])
        pages.append(fac)
        await fac.cmd("feedback.open", {"questions": [{"library": "better"}]})
        for i, words in enumerate(("okapi-one", "okapi-two", "okapi-three")):
            page = await Client.open(base_url, course["links"]["members"][i]["url"])
            pages.append(page)
            ballot = await take_ballot(page)
            answer = {"card_id": "c1", "ballot": ballot, "answers": [{"question": "q1", "comment": words}]}
            assert (await page.cmd("feedback.answer", answer))["type"] == "ack"
        capture = RedisCapture(client, prefix, redis_dir.dir, course["group_id"])
        _, before = capture.read_aof()
        assert "open" in map(card_status, before)
        await fac.cmd("feedback.close", {"card_id": "c1"})
        store = app[STORE]
        assert isinstance(store, RedisStore)
        if rewrite:
            assert store.eraser is not None
            await store.eraser.settled()
            await until(lambda: b"okapi" not in b"".join(capture.stored().values()))
            written = capture.read_aof()[1]
            assert written and set(map(card_status, written)) == {"closed"}
        else:
            assert store.eraser is None
            aof, written = capture.read_aof()
            assert b"okapi-one" in aof  # three answers, below comment_k: text only in the history
            assert "open" in map(card_status, written)
    finally:
        for page in pages:
            await page.close()
        await server.close()
        await client.aclose()
