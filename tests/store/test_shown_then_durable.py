"""A change is shown on every page once its journal record is written, and acknowledged to its
sender once the record is synced: pages do not wait for the disk's sync (20 to 650 ms on a busy
disk, bench/README.md, seventh round), nor does a change of any group wait for another's sync,
and an acknowledged command is still never lost.

The sync is held or failed here by wrapping os.fdatasync in this process (the in-process
server's journal thread calls it): a real disk cannot be made to stall or fail a sync on cue.
A refused *write* (a full disk) is never shown at all: tests/store/test_disk.py."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.client import Client, create_group

TITLE = "Arriving"


def title(view: dict[str, Any]) -> str:
    return str(view["session"]["segments"][0]["title"])


@pytest.fixture
def sync(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[int], None]], None]:
    """Replace the next fdatasync with `instead(fd)`; the real one is put back afterwards."""
    real = os.fdatasync
    lock = threading.Lock()
    armed: list[Callable[[int], None]] = []

    def fdatasync(fd: int) -> None:
        with lock:
            instead = armed.pop() if armed else None
        if instead is None:
            real(fd)
        else:
            instead(fd)

    monkeypatch.setattr(os, "fdatasync", fdatasync)
    return armed.append


def hold(sync: Callable[[Callable[[int], None]], None]) -> tuple[threading.Event, threading.Event]:
    """Hold the next sync until the second event is set; the first says it began."""
    syncing, release = threading.Event(), threading.Event()

    def held(fd: int) -> None:
        syncing.set()
        release.wait(10)
        os.fsync(fd)

    sync(held)
    return syncing, release


async def started(connect: Any, group: dict[str, Any]) -> tuple[Client, Client, dict[str, Any]]:
    fac = await connect(group["links"]["facilitator"])
    ann = await connect(group["links"]["members"][0]["url"])
    await fac.cmd("session.start", {"number": 1})
    # The server records Ann as present (its own write): let that land first.
    state = await fac.wait_for(
        lambda m: m["type"] == "state" and m["view"]["course"]["attendance"]["members"] == ["m1"]
    )
    return fac, ann, state


async def test_pages_show_a_change_while_its_sync_is_pending_and_the_ack_waits_for_it(
    group: dict[str, Any], connect: Any, sync: Any
) -> None:
    fac, ann, _ = await started(connect, group)
    syncing, release = hold(sync)
    start = len(fac.messages)
    command = asyncio.ensure_future(fac.cmd("agenda.rename", {"segment_id": "s1", "title": TITLE}))
    try:
        # Every page, the sender's own too, shows the change while the sync is held ...
        await ann.wait_view(lambda v: title(v) == TITLE)
        await fac.wait_view(lambda v: title(v) == TITLE, start=start)
        assert syncing.is_set()
        # ... and the sender hears nothing of it until the record is durable.
        assert not command.done()
        assert not [m for m in fac.messages[start:] if m["type"] in ("ack", "error")]
    finally:
        release.set()
    ack = await command
    assert ack["type"] == "ack"


async def test_another_groups_change_is_shown_while_a_sync_is_held(
    base_url: str, group: dict[str, Any], connect: Any, sync: Any
) -> None:
    fac, _, _ = await started(connect, group)
    other = await create_group(base_url, members=["Di"])
    fac2, di, _ = await started(connect, other)
    syncing, release = hold(sync)
    first = asyncio.ensure_future(fac.cmd("agenda.rename", {"segment_id": "s1", "title": TITLE}))
    try:
        await asyncio.to_thread(syncing.wait, 10)
        # The first group's sync is stuck; the second group's change is written behind it and
        # shown at once (one thread writing and syncing would hold it until the sync ended).
        second = asyncio.ensure_future(fac2.cmd("agenda.rename", {"segment_id": "s1", "title": "Other"}))
        await di.wait_view(lambda v: title(v) == "Other")
        assert not first.done() and not second.done()
    finally:
        release.set()
    assert (await first)["type"] == "ack" and (await second)["type"] == "ack"


async def test_a_failed_sync_is_refused_and_takes_the_pages_back(
    group: dict[str, Any], connect: Any, sync: Any
) -> None:
    fac, ann, before = await started(connect, group)
    original = title(before["view"])
    release = threading.Event()

    def failing(_fd: int) -> None:
        release.wait(10)
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    sync(failing)
    sent = asyncio.ensure_future(
        fac.cmd("agenda.rename", {"segment_id": "s1", "title": TITLE}, cmd_id="rename-1")
    )
    try:
        await ann.wait_view(lambda v: title(v) == TITLE)  # shown while its sync is held
    finally:
        release.set()
    refused = await sent
    assert refused["type"] == "error" and refused["code"] == "unavailable"
    # The page is taken back to where it was (its frames were written before the refusal: a
    # round trip on its socket has them all).
    await ann.sync()
    assert title(ann.view) == original
    # What the server holds was taken back too: the page's retry of that very command is
    # applied, not acknowledged as already done (which would lose it).
    again = await fac.cmd("agenda.rename", {"segment_id": "s1", "title": TITLE}, cmd_id="rename-1")
    assert again["type"] == "ack"
    await ann.wait_view(lambda v: title(v) == TITLE)
    assert title(fac.view) == TITLE
