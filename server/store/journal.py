"""The embedded store's journal: every committed version, appended and fsynced in batches.

A commit is durable once its record is on disk: records wait in memory for at most one write
and one fsync (group commit), so many commits, of any groups, share them instead of each
rewriting and syncing its group's whole file. Two threads do the disk's work while the loop goes
on: one writes each batch and tells the loop it is written (the system holds it; a full disk has
refused it by then, if it was going to), the other syncs whatever has been written and tells the
loop up to which batch it is durable. A slow sync does not hold up the next batches' writes, so
a committer may show its version once written and acknowledge it once durable
(store/memory.py); the loop indexes records before any committer resumes from the second. A
failed sync fails every batch written since the last good one, and cuts them off the file.
The group files (`groups/<id>.json`) are
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
import collections
import contextlib
import logging
import os
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEAD = struct.Struct(">II")
SUFFIX = ".log"
MAGIC = b"HSJ"
FORMAT = 1
HEADER = MAGIC + bytes([FORMAT])
# How long the writer waits for a batch's sync before telling the loop it is written anyway
# (seconds): a sync takes 0.4 ms at the median on the seventh round's disk, and 20 to 650 ms when
# the disk stalls (bench/README.md).
EARLY = 0.002
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


# A record waiting to be durable: group id, document, and the futures of its two moments
# (Journal.submit).
Record = tuple[str, bytes, asyncio.Future[None], asyncio.Future[Entry]]


@dataclass(slots=True)
class _Batch:
    """Records written together: the batch's number, its records, and where it starts."""

    seq: int
    records: list[Record]
    file: int
    start: int


class Journal:
    def __init__(self, directory: Path, lost: Callable[[set[str]], None] | None = None) -> None:
        self.dir = directory
        # Told which groups' records a failed sync lost, before any of their committers resumes.
        self._lost = lost or (lambda _groups: None)
        self.files: list[int] = []
        # The latest durable record of each group still in the journal.
        self.index: dict[str, Entry] = {}
        self._size = 0
        # Records waiting for the batch being written; the batch being written; batches written
        # and waiting for a sync, oldest first; rotations waiting for their files' batches.
        self._pending: list[Record] = []
        self._writing: _Batch | None = None
        self._unsynced: collections.deque[_Batch] = collections.deque()
        self._rotations: list[tuple[int, list[int], asyncio.Future[list[int]]]] = []
        self._seq = 0  # the last batch's number
        # A failed sync condemns the batch being written too: its number, and the error.
        self._doomed: tuple[int, OSError] | None = None
        # Two threads: one writes batches, one syncs what has been written. A sync can stall for
        # hundreds of milliseconds on a busy disk (bench/README.md, seventh round); meanwhile
        # later batches are still written, and shown, and one sync then covers them all.
        self._writes: queue.SimpleQueue[tuple[int, str, list[bytes] | None, int] | None] = queue.SimpleQueue()
        self._syncs: queue.SimpleQueue[tuple[int, str, int | None] | None] = queue.SimpleQueue()
        # Between the two threads: whether the syncer is waiting for work; the batch the writer
        # waits to see synced (0: none); the batches syncs ended with, while it waits.
        self._sync_idle = True
        self._awaited = 0
        self._sync_ends: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._current = ""  # the path of the file being appended to
        self._threads: list[threading.Thread] = []
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
        # The writer opens it for each batch and closes it after, so no descriptor stays open
        # for writing between batches (an operator may remount the disk read-only, say).
        self._size = 0
        self.files.append(number)
        self._current = str(self.path(number))

    def read(self, entry: Entry) -> bytes:
        with open(self.path(entry.file), "rb") as f:
            f.seek(entry.offset)
            return f.read(entry.length)

    async def append(self, group_id: str, doc: bytes) -> Entry:
        """Make `doc` (b"" for a deleted group) durable; returns where it lies."""
        return await self.submit(group_id, doc)[1]

    def submit(self, group_id: str, doc: bytes) -> tuple[asyncio.Future[None], asyncio.Future[Entry]]:
        """Start making `doc` durable: the first future is done once its record is written (the
        system holds it: a full disk has refused it by then), the second once it is synced, with
        where it lies. A failed write fails both; a failed sync fails the second."""
        loop = asyncio.get_running_loop()
        written: asyncio.Future[None] = loop.create_future()
        durable: asyncio.Future[Entry] = loop.create_future()
        self._pending.append((group_id, doc, written, durable))
        if self._writing is None:
            self._submit()
        return written, durable

    def _submit(self) -> None:
        """Hand the writer every pending record, as one batch."""
        records, self._pending = self._pending, []
        start = self._size
        parts = [HEADER] if start == 0 else []
        for group_id, doc, _, _ in records:
            parts += _record(group_id, doc)
        self._size += sum(map(len, parts))  # taken back if the write fails
        self._seq += 1
        self._writing = _Batch(self._seq, records, self.files[-1], start)
        if not self._threads:
            self._loop = asyncio.get_running_loop()
            self._threads = [
                threading.Thread(target=self._writer, name="holdspace-journal", daemon=True),
                threading.Thread(target=self._syncer, name="holdspace-journal-sync", daemon=True),
            ]
            for thread in self._threads:
                thread.start()
        self._writes.put((self._seq, self._current, parts, start))

    # ---- the two threads -------------------------------------------------------------------

    def _post(self, callback: Callable[[int, OSError | None], None], seq: int, error: OSError | None) -> bool:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(callback, seq, error)
        except RuntimeError:
            return False  # the loop is closed: nobody waits any more
        return True

    def _writer(self) -> None:
        """Each batch written (not synced) and handed to the syncer; the loop told it is written
        unless its sync says so first. A request without parts truncates a file a failed sync
        left records in."""
        handed = ""  # the last file the syncer was given a descriptor of
        while (request := self._writes.get()) is not None:
            seq, path, parts, start = request
            if parts is None:
                _truncate(path, start)
                continue
            sync_fd: int | None = None
            try:
                if path != handed:
                    # The syncer's own descriptor, opened before anything is written to the
                    # file, so that every later writeback error is reported to its sync.
                    sync_fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
                _write(path, parts, start)
            except OSError as exc:  # the committers must hear of any failure, or wait forever
                if sync_fd is not None:
                    os.close(sync_fd)
                if not self._post(self._written, seq, exc):
                    break
                continue
            handed = path
            if self._sync_idle:
                self._awaited = seq
                self._syncs.put((seq, path, sync_fd))
                soon = self._synced_soon(seq)
                self._awaited = 0
                if soon:
                    continue  # its sync's word tells the loop it is written too: one wake-up
            else:
                self._syncs.put((seq, path, sync_fd))
            if not self._post(self._written, seq, None):
                break
        self._syncs.put(None)

    def _synced_soon(self, seq: int) -> bool:
        """Whether the sync of batch `seq` ends within EARLY: most do, on a disk that does not
        stall, and then its batch is shown no later than it was before there were two threads."""
        try:
            while self._sync_ends.get(timeout=EARLY) < seq:
                pass
        except queue.Empty:
            return False
        return True

    def _syncer(self) -> None:
        """Sync whatever has been written, as often as the disk allows: each sync covers every
        batch written before it began."""
        fds: dict[str, int] = {}  # in the order the files were first written to
        more = True
        while more:
            self._sync_idle = True
            request = self._syncs.get()
            self._sync_idle = False
            if request is None:
                break
            while request is not None:
                seq, path, fd = request
                if fd is not None:
                    fds[path] = fd
                if self._syncs.empty():
                    break
                request = self._syncs.get()
            else:
                more = False
            error: OSError | None = None
            try:
                for older, fd in list(fds.items()):
                    os.fdatasync(fd)
                    if older != path:  # nothing more is written to it
                        os.close(fd)
                        del fds[older]
            except OSError as exc:
                error = exc
            if not self._post(self._synced, seq, error):
                break
            if self._awaited and seq >= self._awaited:
                self._sync_ends.put(seq)
        for fd in fds.values():
            os.close(fd)

    # ---- on the loop ---------------------------------------------------------------------

    def _written(self, seq: int, error: OSError | None) -> None:
        """The batch being written is written (or failed): pages may show it."""
        batch = self._writing
        if batch is None or batch.seq != seq:
            return  # its sync ended first, and said so (_synced)
        self._writing = None
        if self._doomed is not None and self._doomed[0] == seq:
            error = error or self._doomed[1]
            self._doomed = None
        elif error is not None and batch.file == self.files[-1]:
            self._size = batch.start  # the writer truncated the file back to it
        if error is not None:
            _fail(batch.records, error)
        else:
            for _, _, written, _ in batch.records:
                if not written.done():
                    written.set_result(None)
            self._unsynced.append(batch)
        self._settle()
        if self._pending:
            self._submit()

    def _synced(self, seq: int, error: OSError | None) -> None:
        """Every batch up to `seq` is durable -- or, if the sync failed, may be lost, and so may
        any written after it: each of those fails and is cut off the disk, since no good record
        may follow a lost one."""
        if self._writing is not None and self._writing.seq <= seq:
            # Synced before the loop heard it was written (the writer's quick path): it is both.
            self._written(self._writing.seq, None)
        if error is None:
            while self._unsynced and self._unsynced[0].seq <= seq:
                self._index(self._unsynced.popleft())
        elif self._unsynced or self._writing is not None:
            lost = list(self._unsynced)
            self._unsynced.clear()
            if self._writing is not None:
                lost.append(self._writing)
                self._doomed = (self._writing.seq, error)
            cut: dict[int, int] = {}
            for batch in lost:
                cut[batch.file] = min(cut.get(batch.file, batch.start), batch.start)
            for number, size in cut.items():
                # Queued behind the batch being written, if any: it runs after that write.
                self._writes.put((0, str(self.path(number)), None, size))
            if self.files[-1] in cut:
                self._open(self.files[-1] + 1)  # later batches go after no cut
            # Records not yet written may build on lost versions: they fail too.
            pending, self._pending = self._pending, []
            self._lost({record[0] for batch in lost for record in batch.records} | {r[0] for r in pending})
            for batch in lost:
                if batch is not self._writing:
                    _fail(batch.records, error)
            _fail(pending, error)
        self._settle()
        if self._writing is None and self._pending:
            self._submit()

    def _index(self, batch: _Batch) -> None:
        """A durable batch's records go in the index before any committer resumes, so a
        checkpoint never misses one."""
        pos = batch.start + (len(HEADER) if batch.start == 0 else 0)
        for group_id, doc, written, durable in batch.records:
            offset = pos + HEAD.size + len(group_id.encode()) + 1
            # Batches are synced in the order they were written: this is the group's latest.
            entry = self.index[group_id] = Entry(batch.file, offset, len(doc))
            if not written.done():
                written.set_result(None)
            if not durable.done():
                durable.set_result(entry)
            pos = offset + len(doc)

    def _settle(self) -> None:
        """Rotations whose files hold no batch still being written or synced end."""
        if not self._rotations:
            return
        outstanding = [b.seq for b in (self._writing, self._unsynced[0] if self._unsynced else None) if b]
        oldest = min(outstanding, default=self._seq + 1)
        waiting = []
        for last, older, future in self._rotations:
            if oldest > last:
                if not future.done():
                    future.set_result(older)
            else:
                waiting.append((last, older, future))
        self._rotations = waiting

    async def rotate(self) -> list[int]:
        """Start a new file; returns the files before it (the ones a checkpoint may drop), once
        every batch in them is durable or failed."""
        older = list(self.files)
        self._open(older[-1] + 1)
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._rotations.append((self._seq, older, future))
        self._settle()
        return await future

    def forget(self, files: list[int]) -> None:
        """Stop reading `files` (a checkpoint holds what they did); `remove` deletes them."""
        self.files = [n for n in self.files if n not in files]
        self.index = {g: e for g, e in self.index.items() if e.file not in files}

    def remove(self, files: list[int]) -> None:
        """Delete `files` (after `forget`). Off the loop: on ext4 an unlink waits for the disk's
        journal commit a sync is forcing, which took 110-290 ms on the loop (bench/README.md)."""
        for number in files:
            with contextlib.suppress(FileNotFoundError):
                self.path(number).unlink()

    def close(self) -> None:
        """Stop both threads once the batches handed to them are written and synced (no file
        stays open for writing between batches)."""
        if self._threads:
            self._writes.put(None)
            for thread in self._threads:
                thread.join()
            self._threads = []


def _fail(records: list[Record], error: OSError) -> None:
    for _, _, written, durable in records:
        for future in (written, durable):
            if not future.done():
                future.set_exception(error)
                # Awaiting it still raises; a committer that awaits only one of the two must
                # not leave the other logged as "never retrieved".
                future.exception()


def _write(path: str, parts: list[bytes], start: int) -> None:
    """Append `parts` to `path`, which is `start` bytes long (not synced: the syncer's part)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for first in range(0, len(parts), _IOV_MAX):
            chunk = parts[first : first + _IOV_MAX]
            done = os.writev(fd, chunk)
            if done < sum(map(len, chunk)):  # a short write: the rest, in one piece
                view = memoryview(b"".join(chunk))[done:]
                while view:
                    view = view[os.write(fd, view) :]
    except BaseException:
        # Never leave half a batch behind: the next good record must not follow a bad one.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, start)
        raise
    finally:
        os.close(fd)


def _truncate(path: str, size: int) -> None:
    """Cut `path` back to `size` bytes, and sync that, as far as the disk still allows."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY)
        try:
            os.ftruncate(fd, size)
            os.fdatasync(fd)
        finally:
            os.close(fd)
