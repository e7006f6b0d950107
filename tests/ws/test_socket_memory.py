"""What a socket costs in memory while it is open, and that it costs nothing once closed.

An open socket holds only its own handler's frames: each frame a middleware keeps alive for the
life of a socket costs ~0.3-0.5 KB per socket (bench/README.md), so the socket route is served
without them (web/edge.py); its refusals still get the one error body (tests/web/test_errors.py).

A closed socket, a room whose last socket left and a closed HTTP connection are freed by
reference counting alone: the service freezes what survives (jobs/gcpolicy.py), so a cycle among
them would wait for the collector's rare full pass (web/teardown.py)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

import server
from server.appkeys import HUB, SOCKETS, TRANSPORTS
from tests.conftest import app_of
from tests.support.client import Client

SERVER = str(Path(server.__file__).parent)


def _awaiting(task: asyncio.Task[Any]) -> list[str]:
    """The functions a task is suspended in, outermost first, with the file they are from."""
    chain: list[str] = []
    coro: Any = task.get_coro()
    while coro is not None and hasattr(coro, "cr_code"):
        chain.append(f"{coro.cr_code.co_filename}:{coro.cr_code.co_name}")
        coro = coro.cr_await
    return chain


async def test_an_open_socket_is_awaited_by_no_middleware(group: dict[str, Any], connect: Any) -> None:
    page: Client = await connect(group["links"]["members"][0]["url"])
    await page.sync()
    chains = [_awaiting(task) for task in asyncio.all_tasks()]
    held = [chain for chain in chains if any(f.startswith(SERVER) and f.endswith(":handler") for f in chain)]
    assert len(held) == 1, held
    ours = [frame for frame in held[0] if frame.startswith(SERVER)]
    # The endpoint's own handler and the command loop it awaits; nothing of server/web/.
    assert ours[0].endswith("ws/endpoint.py:handler"), ours
    assert not [frame for frame in ours if "/web/" in frame], ours


@contextmanager
def collector_off() -> Iterator[None]:
    """Only reference counting frees anything meanwhile; the test runner's garbage goes first."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def until(check: Callable[[], bool], what: Callable[[], object]) -> None:
    for _ in range(1000):  # 10 s at most
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(what())


def cyclic_garbage_of_the_server(port: int) -> list[str]:
    """The server's objects that only a collector pass would free (the clients' are left out:
    a transport is the server's if its own address has the server's port)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    ours = ("server.", "aiohttp.web_")

    def of_server(o: object) -> bool:
        if isinstance(o, asyncio.Transport):
            sockname = o.get_extra_info("sockname")
            return isinstance(sockname, tuple) and sockname[1] == port
        return type(o).__module__.startswith(ours)

    found = [type(o) for o in gc.garbage if of_server(o)]
    return sorted(f"{t.__module__}.{t.__qualname__}" for t in found)


async def test_closed_sockets_and_their_room_are_freed_without_the_collector(
    server: TestServer, group: dict[str, Any], connect: Any
) -> None:
    app = app_of(server)
    assert server.runner is not None
    with collector_off():
        pages = [
            await connect(group["links"]["facilitator"]),
            await connect(group["links"]["members"][0]["url"]),
        ]
        await pages[0].sync()
        # The server's side of each socket: its response and the transport it runs on.
        held = [weakref.ref(ws) for ws in app[SOCKETS]]
        held += [weakref.ref(h.transport) for h in server.runner.server.connections if h.transport]
        assert len(held) == 4
        for page in pages:
            await page.close()
        del pages

        def alive() -> list[str]:
            return [repr(ref()) for ref in held if ref() is not None]

        await until(lambda: not alive(), lambda: f"still held after close: {alive()}")
        assert not server.runner.server.connections
        assert cyclic_garbage_of_the_server(server.port) == []


async def test_closed_http_connections_are_freed_without_the_collector(server: TestServer) -> None:
    app = app_of(server)
    with collector_off():
        # A page, an API answer, a refusal and a refused upgrade (another site's page), each on a
        # connection of its own that then closes.
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
            for path in ("/", "/healthz", "/no-such-page"):
                async with http.get(f"{server.make_url(path)}") as r:
                    await r.read()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(server.make_url("/ws"), headers={"Origin": "https://elsewhere.example"})
            assert refused.value.status == 403
        await until(lambda: len(app[TRANSPORTS]) == 0, lambda: f"{len(app[TRANSPORTS])} still watched")
        found = cyclic_garbage_of_the_server(server.port)
        assert found == [], found


async def test_a_socket_holds_the_rooms_encoding_of_what_it_was_last_sent(
    group: dict[str, Any], connect: Any, server: TestServer
) -> None:
    """A command that changes what members' own parts are made of encodes every member's part
    again; a socket whose part came out the same bytes gets no frame, and holds the room's new
    bytes instead of its old ones, which can then go (one copy per member, not two)."""
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann, bo = [await connect(m["url"]) for m in links["members"][:2]]
    await fac.cmd("session.start", {"number": 1})
    for page in (fac, ann, bo):
        await page.sync()
    marks = [len(page.states()) for page in (ann, bo)]
    await ann.cmd("homework.set", {"text": "call my sister"})
    for page in (fac, ann, bo):
        await page.sync()
    assert [len(page.states()) - mark for page, mark in zip((ann, bo), marks, strict=True)] == [1, 0]
    room = app_of(server)[HUB]._rooms[group["group_id"]]
    held = {conn.member: conn.seen for conn in room.conns if conn.member is not None}
    assert held["m2"] is not None and held["m2"][1] is room.private["m2"]


async def test_a_socket_names_its_link_by_the_groups_own_hash(
    group: dict[str, Any], connect: Any, server: TestServer
) -> None:
    """The link's budget is found by the hash the group already holds, not by a key each socket
    makes for itself."""
    page: Client = await connect(group["links"]["members"][0]["url"])
    await page.sync()
    room = app_of(server)[HUB]._rooms[group["group_id"]]
    assert room.doc is not None
    (conn,) = room.conns
    assert any(conn.link_key is cred.hash for cred in room.doc.credentials)
