"""The journal's files: each starts with its format, and reading finds every record where it lies,
in files with the header and in files written before it had one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from server.store.journal import HEADER, Journal, NewerJournal, record, records


def journal_files(directory: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(directory.glob("*.log"))}


async def test_every_file_starts_with_the_format_and_records_read_back(tmp_path: Path) -> None:
    with ThreadPoolExecutor(1) as io:
        journal = Journal(tmp_path, io)
        journal.recover()
        first = await journal.append("g1", b'{"a": 1}')
        second = await journal.append("g2", b"")
        await journal.rotate()
        third = await journal.append("g1", b'{"a": 2}')
    files = journal_files(tmp_path)
    assert len(files) == 2 and all(content.startswith(HEADER) for content in files.values())
    assert journal.read(first) == b'{"a": 1}' and second.length == 0 and journal.read(third) == b'{"a": 2}'
    found = [(g, length) for path in files for g, _, length in records(path)]
    assert found == [("g1", 8), ("g2", 0), ("g1", 8)]
    again = Journal(tmp_path, io)  # recover and read use no thread
    again.recover()
    assert again.read(again.index["g1"]) == b'{"a": 2}' and again.index["g2"].length == 0


def test_a_file_without_the_header_is_read_as_before(tmp_path: Path) -> None:
    (tmp_path / "00000001.log").write_bytes(record("g1", b'{"a": 1}') + record("g2", b'{"b": 2}'))
    journal = Journal(tmp_path, ThreadPoolExecutor(1))
    journal.recover()
    assert journal.read(journal.index["g1"]) == b'{"a": 1}'
    assert journal.read(journal.index["g2"]) == b'{"b": 2}'


def test_a_newer_format_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    path = tmp_path / "00000001.log"
    path.write_bytes(HEADER[:-1] + bytes([HEADER[-1] + 1]) + record("g1", b"{}"))
    with pytest.raises(NewerJournal) as newer:
        Journal(tmp_path, ThreadPoolExecutor(1)).recover()
    assert newer.value.path == path and newer.value.found == HEADER[-1] + 1
