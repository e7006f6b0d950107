"""The embedded store's journal: every committed version, appended and fsynced in batches.

A commit is durable once its record is on disk: records wait in memory for at most one fsync
(group commit), so many commits, of any groups, share one `write` and one `fsync` instead of
each rewriting and syncing its group's whole file. The group files (`groups/<id>.json`) are
checkpoints: `checkpoint()` writes every group the journal holds to its file, then drops the
journal files it no longer needs, so the journal stays short and startup reads only it.

On disk, `journal/<n>.log` starts with `HSJ` and the journal's format number (one byte), then
holds records `<length:4><crc32:4><group id>\\0<document>`; a deleted group's record has no
document. The documents carry their own format numbers (domain/document/format.py); the byte
after `HSJ` numbers the record layout, so a release that changes it is refused by this one
instead of being read as damage (which would drop its records). A record that a crash cut short
(or that a failed write left) fails its checksum: reading stops there, and a failed write
truncates the file back first, so no good record ever follows a bad one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import struct
import zlib
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEAD = struct.Struct(">II")
SUFFIX = ".log"
MAGIC = b"HSJ"
FORMAT = 1
HEADER = MAGIC + bytes([FORMAT])


class NewerJournal(Exception):
    """A journal file written by a newer release: not read, never written to or removed."""

    def __init__(self, path: Path, found: int) -> None:
        super().__init__(
            f"{path} was written by a newer release of Holdspace (journal format {found}; this "
            f"build reads format {FORMAT}). Run that release, or restore a backup into a new data "
            "directory; the file is left untouched."
        )
        self.path = path
        self.found = found


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a group's latest record is: `length` 0 means the group was deleted."""

    file: int
    offset: int
    length: int


def records(path: Path, data: bytes | None = None) -> Iterator[tuple[str, int, int]]:
    """(group id, offset of its document, length) of each whole record, in order (`data`: the
    file's bytes, if already read)."""
    data = path.read_bytes() if data is None else data
    pos = 0
    if data[: len(MAGIC)] == MAGIC:
        if len(data) > len(MAGIC) and data[len(MAGIC)] > FORMAT:
            raise NewerJournal(path, data[len(MAGIC)])
        pos = len(HEADER)
    # Without the header: written before the journal had one (the same record layout).
    while pos + HEAD.size <= len(data):
        length, crc = HEAD.unpack_from(data, pos)
        body = data[pos + HEAD.size : pos + HEAD.size + length]
        if len(body) < length or zlib.crc32(body) != crc:
            if pos + HEAD.size + length < len(data):
                log.error("%s is damaged at byte %d; the records after it are ignored", path, pos)
            return
        group_id, _, doc = body.partition(b"\0")
        yield group_id.decode(), pos + HEAD.size + len(group_id) + 1, len(doc)
        pos += HEAD.size + length


def record(group_id: str, doc: bytes) -> bytes:
    body = group_id.encode() + b"\0" + doc
    return HEAD.pack(len(body), zlib.crc32(body)) + body


class Journal:
    def __init__(self, directory: Path, executor: Executor) -> None:
        self.dir = directory
        self._executor = executor
        self.files: list[int] = []
        # The latest record of each group still in the journal.
        self.index: dict[str, Entry] = {}
        self._size = 0
        self._pending: list[tuple[str, bytes, asyncio.Future[Entry]]] = []
        self._flushing: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()  # held while a batch is written, and to rotate

    def path(self, number: int) -> Path:
        return self.dir / f"{number:08d}{SUFFIX}"

    def recover(self) -> None:
        """Read what the journal holds (not the documents themselves: only where they are)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self.files = sorted(int(p.stem) for p in self.dir.glob(f"*{SUFFIX}") if p.stem.isdigit())
        for number in self.files:
            for group_id, offset, length in records(self.path(number)):
                self.index[group_id] = Entry(number, offset, length)
        self._open((self.files[-1] + 1) if self.files else 1)

    def _open(self, number: int) -> None:
        # A new file each start and each rotation: the previous one may end in a torn record.
        # It is opened for each batch and closed after, so no descriptor stays open for writing
        # between batches (an operator may remount the disk read-only, say).
        self._size = 0
        self.files.append(number)

    def read(self, entry: Entry) -> bytes:
        with open(self.path(entry.file), "rb") as f:
            f.seek(entry.offset)
            return f.read(entry.length)

    async def append(self, group_id: str, doc: bytes) -> Entry:
        """Make `doc` (b"" for a deleted group) durable; returns where it lies."""
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._pending.append((group_id, doc, future))
        if self._flushing is None:
            self._flushing = asyncio.get_running_loop().create_task(self._flush())
        entry = await future
        current = self.index.get(group_id)
        if current is None or (current.file, current.offset) < (entry.file, entry.offset):
            self.index[group_id] = entry
        return entry

    async def _flush(self) -> None:
        try:
            while self._pending:
                async with self.lock:
                    batch, self._pending = self._pending, []
                    data = [record(g, d) for g, d, _ in batch]
                    try:
                        start = await asyncio.get_running_loop().run_in_executor(
                            self._executor, self._write, b"".join(data)
                        )
                    except OSError as exc:
                        for _, _, future in batch:
                            if not future.done():
                                future.set_exception(exc)
                        continue
                    number = self.files[-1]
                    for (group_id, _, future), rec in zip(batch, data, strict=True):
                        offset = start + HEAD.size + len(group_id.encode()) + 1
                        if not future.done():
                            future.set_result(Entry(number, offset, len(rec) - (offset - start)))
                        start += len(rec)
        finally:
            self._flushing = None

    def _write(self, data: bytes) -> int:
        """Append `data`; returns the offset it starts at."""
        start = self._size
        if start == 0:
            data = HEADER + data
        fd = os.open(self.path(self.files[-1]), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fdatasync(fd)
        except OSError:
            # Never leave half a batch behind: the next good record must not follow a bad one.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise
        finally:
            os.close(fd)
        self._size += len(data)
        return start + (len(HEADER) if start == 0 else 0)

    async def rotate(self) -> list[int]:
        """Start a new file; returns the files before it (the ones a checkpoint may drop)."""
        async with self.lock:
            older = list(self.files)
            self._open(older[-1] + 1)
            return older

    def drop(self, files: list[int]) -> None:
        for number in files:
            with contextlib.suppress(FileNotFoundError):
                self.path(number).unlink()
        self.files = [n for n in self.files if n not in files]
        self.index = {g: e for g, e in self.index.items() if e.file not in files}

    def close(self) -> None:
        """Nothing stays open between batches."""
