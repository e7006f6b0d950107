"""The embedded store's journal: every committed version, appended and fsynced in batches.

A commit is durable once its record is on disk: records wait in memory for at most one fsync
(group commit), so many commits, of any groups, share one `write` and one `fsync` instead of
each rewriting and syncing its group's whole file. The journal's own thread writes and syncs one
batch at a time while the loop goes on, and tells the loop when it is done; the loop indexes its
records before any committer resumes. The group files (`groups/<id>.json`) are
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
import queue
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEAD = struct.Struct(">II")
SUFFIX = ".log"
MAGIC = b"HSJ"
FORMAT = 1
HEADER = MAGIC + bytes([FORMAT])
# Buffers per writev: IOV_MAX on Linux and the BSDs.
_IOV_MAX = 1024


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
    return b"".join(_record(group_id, doc))


def _record(group_id: str, doc: bytes) -> tuple[bytes, bytes]:
    """A record as its head and the document: the document is written from the bytes it was
    encoded into, never copied into a record (it is most of every record)."""
    key = group_id.encode() + b"\0"
    return HEAD.pack(len(key) + len(doc), zlib.crc32(doc, zlib.crc32(key))) + key, doc


class Journal:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.files: list[int] = []
        # The latest record of each group still in the journal.
        self.index: dict[str, Entry] = {}
        self._size = 0
        # Records waiting for the batch in flight to end; the batch in flight (its records,
        # file and first byte); rotations waiting for it.
        self._pending: list[tuple[str, bytes, asyncio.Future[Entry]]] = []
        self._inflight: tuple[list[tuple[str, bytes, asyncio.Future[Entry]]], int, int] | None = None
        self._rotations: list[asyncio.Future[list[int]]] = []
        # One thread writes and syncs, one batch at a time, and hands each batch's end straight
        # back to the loop: no executor future, no task between it and the committers.
        self._requests: queue.SimpleQueue[tuple[str, list[bytes], int] | None] = queue.SimpleQueue()
        self._current = ""  # the path of the file being appended to
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

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
        self._current = str(self.path(number))

    def read(self, entry: Entry) -> bytes:
        with open(self.path(entry.file), "rb") as f:
            f.seek(entry.offset)
            return f.read(entry.length)

    async def append(self, group_id: str, doc: bytes) -> Entry:
        """Make `doc` (b"" for a deleted group) durable; returns where it lies."""
        future: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self._pending.append((group_id, doc, future))
        if self._inflight is None:
            self._submit()
        return await future

    def _submit(self) -> None:
        """Hand the writer thread every pending record, as one batch."""
        batch, self._pending = self._pending, []
        start = self._size
        parts = [HEADER] if start == 0 else []
        for group_id, doc, _ in batch:
            parts += _record(group_id, doc)
        self._size += sum(map(len, parts))  # taken back if the batch fails
        number = self.files[-1]
        self._inflight = (batch, number, start)
        if self._thread is None:
            self._loop = asyncio.get_running_loop()
            self._thread = threading.Thread(target=self._writer, name="holdspace-journal", daemon=True)
            self._thread.start()
        self._requests.put((self._current, parts, start))

    def _writer(self) -> None:
        """The writer thread: each batch written and synced, then its end sent to the loop."""
        assert self._loop is not None
        while (request := self._requests.get()) is not None:
            error: Exception | None = None
            try:
                _write(*request)
            except Exception as exc:  # the committers must hear of any failure, or wait forever
                error = exc
            try:
                self._loop.call_soon_threadsafe(self._written, error)
            except RuntimeError:
                return  # the loop is closed: nobody waits any more

    def _written(self, error: Exception | None) -> None:
        """On the loop: the batch in flight is on disk (or failed). Its records go in the index
        before any committer resumes, so a checkpoint never misses one."""
        assert self._inflight is not None
        batch, number, start = self._inflight
        self._inflight = None
        if error is not None:
            self._size = start  # the thread truncated the file back to it
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(error)
        else:
            pos = start + (len(HEADER) if start == 0 else 0)
            for group_id, doc, future in batch:
                offset = pos + HEAD.size + len(group_id.encode()) + 1
                # Batches end in the order they were written: this is the group's latest record.
                entry = self.index[group_id] = Entry(number, offset, len(doc))
                if not future.done():
                    future.set_result(entry)
                pos = offset + len(doc)
        if self._rotations:
            self._rotate()
        if self._pending:
            self._submit()

    async def rotate(self) -> list[int]:
        """Start a new file; returns the files before it (the ones a checkpoint may drop). It
        waits for the batch in flight, whose records then lie in those files."""
        if self._inflight is None:
            return self._rotate()
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._rotations.append(future)
        return await future

    def _rotate(self) -> list[int]:
        older = list(self.files)
        self._open(older[-1] + 1)
        for future in self._rotations:
            if not future.done():
                future.set_result(older)
        self._rotations = []
        return older

    def drop(self, files: list[int]) -> None:
        for number in files:
            with contextlib.suppress(FileNotFoundError):
                self.path(number).unlink()
        self.files = [n for n in self.files if n not in files]
        self.index = {g: e for g, e in self.index.items() if e.file not in files}

    def close(self) -> None:
        """Stop the writer thread once the batches handed to it are written (no file stays
        open between batches)."""
        if self._thread is not None:
            self._requests.put(None)
            self._thread.join()
            self._thread = None


def _write(path: str, parts: list[bytes], start: int) -> None:
    """Append `parts` to `path`, which is `start` bytes long, and sync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for first in range(0, len(parts), _IOV_MAX):
            chunk = parts[first : first + _IOV_MAX]
            done = os.writev(fd, chunk)
            if done < sum(map(len, chunk)):  # a short write: the rest, in one piece
                view = memoryview(b"".join(chunk))[done:]
                while view:
                    view = view[os.write(fd, view) :]
        os.fdatasync(fd)
    except BaseException:
        # Never leave half a batch behind: the next good record must not follow a bad one.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, start)
        raise
    finally:
        os.close(fd)
