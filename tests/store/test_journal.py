"""The journal's files: each starts with its format, and reading finds every record where it lies,
in files with the header and in files written before it had one."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from pathlib import Path

import pytest

from server.store.journal import HEADER, Journal, NewerJournal, record, records


def journal_files(directory: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(directory.glob("*.log"))}


async def test_every_file_starts_with_the_format_and_records_read_back(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.recover()
    first = await journal.append("g1", b'{"a": 1}')
    second = await journal.append("g2", b"")
    await journal.rotate()
    third = await journal.append("g1", b'{"a": 2}')
    journal.close()
    files = journal_files(tmp_path)
    assert len(files) == 2 and all(content.startswith(HEADER) for content in files.values())
    assert journal.read(first) == b'{"a": 1}' and second.length == 0 and journal.read(third) == b'{"a": 2}'
    found = [(g, length) for path in files for g, _, length in records(path)]
    assert found == [("g1", 8), ("g2", 0), ("g1", 8)]
    again = Journal(tmp_path)  # recover and read use no thread
    again.recover()
    assert again.read(again.index["g1"]) == b'{"a": 2}' and again.index["g2"].length == 0


def test_a_file_without_the_header_is_read_as_before(tmp_path: Path) -> None:
    (tmp_path / "00000001.log").write_bytes(record("g1", b'{"a": 1}') + record("g2", b'{"b": 2}'))
    journal = Journal(tmp_path)
    journal.recover()
    assert journal.read(journal.index["g1"]) == b'{"a": 1}'
    assert journal.read(journal.index["g2"]) == b'{"b": 2}'


def test_a_newer_format_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    path = tmp_path / "00000001.log"
    path.write_bytes(HEADER[:-1] + bytes([HEADER[-1] + 1]) + record("g1", b"{}"))
    with pytest.raises(NewerJournal) as newer:
        Journal(tmp_path).recover()
    assert newer.value.path == path and newer.value.found == HEADER[-1] + 1


async def test_a_rotation_waits_for_the_batch_in_flight_whose_records_it_then_names(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.recover()
    try:
        writing = asyncio.ensure_future(journal.append("g1", b'{"a": 1}'))
        await asyncio.sleep(0)  # the batch is handed to the writer thread
        assert not writing.done()
        older = await journal.rotate()
        # The record was in flight when the rotation was asked for: it lies in a file the
        # checkpoint may drop, so the index must already say where (checkpoints read it).
        assert writing.done()
        entry = writing.result()
        assert entry.file in older and journal.index["g1"] == entry
        later = await journal.append("g1", b'{"a": 2}')
        assert later.file not in older and journal.index["g1"] == later
    finally:
        journal.close()


async def test_a_failed_batch_fails_its_commits_and_the_next_one_lands_whole(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    journal.recover()
    try:
        first = await journal.append("g1", b'{"a": 1}')
        (tmp_path / "journal").rename(tmp_path / "away")  # its file cannot be opened now
        with pytest.raises(OSError):
            await journal.append("g1", b'{"a": 2}')
        (tmp_path / "away").rename(tmp_path / "journal")
        third = await journal.append("g1", b'{"a": 3}')
        assert journal.read(first) == b'{"a": 1}' and journal.read(third) == b'{"a": 3}'
        assert third.offset == first.offset + len(record("g1", b'{"a": 1}'))  # nothing of the failed one
    finally:
        journal.close()
    again = Journal(tmp_path / "journal")
    again.recover()
    assert again.read(again.index["g1"]) == b'{"a": 3}'


async def test_a_batch_larger_than_one_writev_lands_whole_and_in_order(tmp_path: Path) -> None:
    # Two buffers a record: 700 records waiting behind the batch in flight exceed the 1,024
    # buffers one writev takes, so the writer must write them in more than one call.
    journal = Journal(tmp_path)
    journal.recover()
    first = asyncio.ensure_future(journal.append("g0", b'{"n": 0}'))
    await asyncio.sleep(0)  # the first batch is in flight: the rest wait and go as one batch
    rest = [asyncio.ensure_future(journal.append(f"g{n}", b'{"n": %d}' % n)) for n in range(1, 701)]
    entries = await asyncio.gather(first, *rest)
    journal.close()
    assert [journal.read(entry) for entry in entries] == [b'{"n": %d}' % n for n in range(701)]
    again = Journal(tmp_path)
    again.recover()
    assert len(again.index) == 701 and again.read(again.index["g700"]) == b'{"n": 700}'


def fail_next_sync(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> threading.Event:
    """Make the next fdatasync wait for `release`, then fail (the journal's threads call it: a
    real disk cannot be made to fail one on cue); the event returned says it began."""
    real = os.fdatasync
    syncing = threading.Event()
    armed = [True]

    def fdatasync(fd: int) -> None:
        if armed and armed.pop():
            syncing.set()
            release.wait(10)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(fd)

    monkeypatch.setattr(os, "fdatasync", fdatasync)
    return syncing


async def test_a_failed_sync_fails_every_batch_since_the_last_good_one_and_cuts_them_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches written while the failing sync is held are lost with it.
    lost: set[str] = set()
    journal = Journal(tmp_path, lost.update)
    journal.recover()
    release = threading.Event()
    try:
        good = await journal.append("g1", b'{"a": 1}')
        kept = journal.path(good.file).stat().st_size
        syncing = fail_next_sync(monkeypatch, release)
        first_written, first = journal.submit("g2", b'{"b": 1}')
        await first_written
        await asyncio.to_thread(syncing.wait, 10)
        # Written (and so shown by the store) while the sync of the batch before it is held.
        second_written, second = journal.submit("g3", b'{"c": 1}')
        await second_written
        release.set()
        for future in (first, second):
            with pytest.raises(OSError):
                await future
        assert lost == {"g2", "g3"}
        later = await journal.append("g4", b'{"d": 1}')
        # Later records go to a new file; the records that may be lost are cut off the old one.
        assert later.file > good.file
        assert journal.path(good.file).stat().st_size == kept
        assert set(journal.index) == {"g1", "g4"}
    finally:
        release.set()
        journal.close()
    again = Journal(tmp_path)
    again.recover()
    assert set(again.index) == {"g1", "g4"} and again.read(again.index["g4"]) == b'{"d": 1}'


async def test_a_batch_being_written_when_a_sync_fails_fails_even_if_its_own_sync_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its record follows the lost ones in the file and is cut off with them, so it must not be
    # acknowledged, however quickly its own sync comes back.
    lost: set[str] = set()
    journal = Journal(tmp_path, lost.update)
    journal.recover()
    real_writev = os.writev
    fail_sync = threading.Event()
    writing, finish_write = threading.Event(), threading.Event()
    writes = [False, True]  # hold the second write

    def writev(fd: int, buffers: list[bytes]) -> int:
        if writes and writes.pop(0):
            writing.set()
            finish_write.wait(10)
        return real_writev(fd, buffers)

    try:
        good = await journal.append("g0", b'{"z": 0}')
        kept = journal.path(good.file).stat().st_size
        syncing = fail_next_sync(monkeypatch, fail_sync)
        monkeypatch.setattr(os, "writev", writev)
        first_written, first = journal.submit("g1", b'{"a": 1}')
        await first_written  # shown, its sync held
        await asyncio.to_thread(syncing.wait, 10)
        _, second = journal.submit("g2", b'{"b": 1}')
        await asyncio.to_thread(writing.wait, 10)  # its write is under way
        fail_sync.set()
        with pytest.raises(OSError):
            await first
        finish_write.set()  # now its write ends, and its own sync succeeds
        with pytest.raises(OSError):
            await second
        assert lost == {"g1", "g2"}
        later = await journal.append("g3", b'{"c": 1}')
        assert journal.path(good.file).stat().st_size == kept and later.file > good.file
    finally:
        fail_sync.set()
        finish_write.set()
        journal.close()
    again = Journal(tmp_path)
    again.recover()
    assert set(again.index) == {"g0", "g3"}
