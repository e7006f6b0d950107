"""A checkpoint's slow disk work happens off the event loop: commands are applied and shown while
it deletes the journal files it made redundant (on ext4 an unlink can wait out the disk's journal
commit: 71-290 ms on the seventh round's VM, which the loop used to sit through)."""

from __future__ import annotations

import asyncio
import secrets
import threading
from pathlib import Path

import pytest

from server.domain import Actor, GroupSpec, apply, new_group
from server.store.memory import MemoryStore

T0 = 1_700_000_000_000
FAC = Actor("facilitator")


async def test_commands_go_on_while_a_checkpoint_deletes_journal_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await MemoryStore.open(tmp_path / "data")
    doc = new_group(GroupSpec(name="Tuesday", members=["Ann", "Bo"]), secrets.token_hex(8), T0)
    await store.create(doc)
    real = Path.unlink
    unlinking, release = threading.Event(), threading.Event()
    waited: list[bool] = []

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.suffix == ".log":
            unlinking.set()
            # On the loop this would wait out the whole timeout: the release below is the loop's.
            waited.append(release.wait(5))
        real(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    try:
        checkpoint = asyncio.ensure_future(store.checkpoint())
        await asyncio.to_thread(unlinking.wait, 5)
        assert unlinking.is_set()
        started = apply(doc, "session.start", {"number": 1}, FAC, T0)
        await store.commit(started, doc.version)  # while the unlink is held
        assert (await store.load(doc.id)) is started
        release.set()
        await checkpoint
        assert waited == [True]
        assert not list((tmp_path / "data" / "journal").glob("00000001.log"))
    finally:
        release.set()
        await store.close()
