"""The embedded store: groups loaded on first use, every commit durable before it is acknowledged.

A commit appends the new version to the journal (server/store/journal.py), which many commits
share one fsync of. Every few seconds a checkpoint writes the groups the journal holds to their
files (`groups/<id>.json`, replaced atomically) and drops the journal files behind them, so the
journal stays short: startup reads the journal only, never the group files, and a group is read
from its file (or its latest journal record) the first time a page or a command needs it. A
group no page has open leaves memory after a while. So memory and startup time grow with the
groups in use, not with the groups stored.

Reading a group file brings an older format forward (the new version goes to the journal), and
refuses a newer one (left untouched); an unreadable file is moved aside to `quarantine/`, so one
bad file never keeps every other group down.

A write the disk refuses (full, read-only, failing) changes nothing -- neither the disk nor what
is in memory -- and is answered `unavailable`; the store then reports itself unhealthy until a
write succeeds again. Deleting a group needs almost no space, and takes it from a small reserve
file when the disk is full.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import msgspec

from ..domain import FORMAT, Encoded, Group, NewerFormat, encode_after, stored_format
from . import datadir
from .base import MAX_DOCUMENT, GroupExists, Listener, TooLarge, Unwatch, VersionConflict, WriteFailed
from .journal import Entry, Journal
from .keyring import FileKeyring, Keyring, MemoryKeyring

log = logging.getLogger(__name__)

# While unhealthy, /healthz tries a write at most this often.
PROBE_EVERY = 1.0
# How often the journal is checkpointed into the group files (and the journal emptied).
CHECKPOINT_EVERY = 15.0
# A group no page has open leaves memory after this long unused (--idle-after).
IDLE = 300.0
# Space kept back for deletions on a full disk (a deletion frees far more than it writes).
RESERVE = 16 * 1024


@dataclass(slots=True)
class _Ahead:
    """A group's last durable version, and the versions shown after it, oldest first, each with
    the future that says when it is durable."""

    durable: Group
    versions: list[tuple[Group, asyncio.Future[Entry]]]

    def settle(self) -> bool:
        """Move past the versions that are durable (their futures are set in the loop callback
        that learns of it, before any committer resumes); True if none is left."""
        while self.versions:
            doc, future = self.versions[0]
            if not future.done() or future.cancelled() or future.exception() is not None:
                break
            self.durable = doc
            del self.versions[0]
        return not self.versions


class MemoryStore:
    def __init__(self, data_dir: Path | None, idle_after: float = IDLE) -> None:
        self._root = data_dir
        self._idle_after = idle_after
        self._dir = data_dir / "groups" if data_dir is not None else None
        self.keys: Keyring = FileKeyring(data_dir / "keys") if data_dir is not None else MemoryKeyring()
        self._docs: dict[str, Group] = {}
        self._used: dict[str, float] = {}
        # The last encoding of each group in memory, lending its rarely-changing parts to the
        # next (domain: encode_after).
        self._encoded: dict[str, Encoded] = {}
        # Groups stored by a newer release: refused, never overwritten (id -> their format).
        self._newer: dict[str, int] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)
        self._io = ThreadPoolExecutor(4, thread_name_prefix="holdspace-store")
        self._journal = Journal(data_dir / "journal", self._lost) if data_dir is not None else None
        # Groups with versions shown but not yet durable.
        self._ahead: dict[str, _Ahead] = {}
        self._tending: asyncio.Task[None] | None = None
        self._auditing: asyncio.Task[None] | None = None
        self._checkpoint_now = asyncio.Event()
        self._checkpointing = asyncio.Lock()  # one checkpoint at a time (they write the same files)
        # Why the last write failed, until one succeeds again.
        self._failing: str | None = None
        self._probed = 0.0

    @classmethod
    async def open(cls, data_dir: Path | None, idle_after: float = IDLE) -> MemoryStore:
        store = cls(data_dir, idle_after)
        if store._dir is not None and store._journal is not None:
            store._dir.mkdir(parents=True, exist_ok=True)
            datadir.remove_leftovers(store._dir)
            store._journal.recover()
            store._reserve()
            store._tending = asyncio.get_running_loop().create_task(store._tend())
            store._auditing = asyncio.get_running_loop().create_task(store._audit())
        return store

    @property
    def in_memory(self) -> int:
        """How many groups are held in memory now (/metrics)."""
        return len(self._docs)

    # ---- the store contract -------------------------------------------------------------

    async def create(self, doc: Group) -> None:
        async with self._locks[doc.id]:
            if await self._exists(doc.id):
                raise GroupExists(doc.id)
            if doc.owner is not None:
                self._own(doc.owner, doc.id)
            await self._persist(doc)
            self._keep(doc)

    async def load(self, group_id: str) -> Group | None:
        doc = self._docs.get(group_id)
        if doc is not None:
            self._used[group_id] = time.monotonic()
            return doc
        if group_id in self._newer:
            raise NewerFormat(self._newer[group_id])
        doc = await self._read(group_id)
        if doc is not None and group_id not in self._docs:
            self._keep(doc)
        return self._docs.get(group_id, doc)

    def cached(self, group_id: str) -> Group | None:  # noqa: ARG002 -- the Store signature
        return None  # `load` is this store's memory already, and the truth

    async def peek(self, group_id: str) -> Group | None:
        """The group, without keeping it in memory (the retention sweep walks every group)."""
        return self._docs.get(group_id) or await self._read(group_id, write_back=False)

    async def commit(self, doc: Group, expected_version: int) -> None:
        async with self._locks[doc.id]:
            current = await self.load(doc.id)
            if current is None or current.version != expected_version:
                raise VersionConflict(doc.id)
            if doc.deleted_at is not None:
                await self._remove(current)
                self._keep(doc)
                durable = None
            else:
                durable = await self._write(doc)
                if durable is not None:
                    ahead = self._ahead.get(doc.id)
                    if ahead is None:
                        ahead = self._ahead[doc.id] = _Ahead(current, [])
                    ahead.versions.append((doc, durable))
                self._keep(doc)
        # Shown as soon as its record is written, acknowledged once it is synced: pages need not
        # wait for the disk's sync, which on a busy disk takes 20 to 650 ms (bench/README.md,
        # seventh round), and the group's next command may build on it meanwhile. A full disk
        # has refused the write by now, so a refused change is never shown; a failed sync, rarer,
        # takes the pages back (_lost).
        self._notify(doc)
        if durable is None:
            return
        await self._synced(durable)
        ahead = self._ahead.get(doc.id)
        if ahead is not None and ahead.settle():
            del self._ahead[doc.id]

    def _lost(self, group_ids: set[str]) -> None:
        """A sync failed: every version not yet durable is lost (the journal fails their commits).
        Called before any of those committers resumes, so no command builds on a lost version:
        each group goes back to its last durable version, and so do its pages."""
        for group_id in group_ids:
            ahead = self._ahead.pop(group_id, None)
            if ahead is not None and group_id in self._docs:
                ahead.settle()
                self._keep(ahead.durable)
                self._notify(ahead.durable)

    def _notify(self, doc: Group) -> None:
        for listener in list(self._listeners.get(doc.id, ())):
            listener(doc)

    async def watch(self, group_id: str, listener: Listener) -> Unwatch:
        self._listeners[group_id].add(listener)

        async def unwatch() -> None:
            listeners = self._listeners.get(group_id)
            if listeners is not None:
                listeners.discard(listener)
                if not listeners:
                    del self._listeners[group_id]

        return unwatch

    async def delete(self, group_id: str) -> None:
        if group_id in self._newer:
            raise NewerFormat(self._newer[group_id])
        async with self._locks[group_id]:
            doc = await self.load(group_id)
            if doc is not None and doc.deleted_at is None:
                await self._remove(doc)
            self._docs.pop(group_id, None)
            self._used.pop(group_id, None)
            self._encoded.pop(group_id, None)
        self._locks.pop(group_id, None)

    async def group_ids(self) -> list[str]:
        if self._dir is None or self._journal is None:
            return [g for g, d in self._docs.items() if d.deleted_at is None]
        # The journal first: a checkpoint drops a record only after its group's file is written,
        # so whatever the listing misses while a checkpoint runs, the journal still holds.
        journal = dict(self._journal.index)
        on_disk = set(
            await asyncio.get_running_loop().run_in_executor(self._io, datadir.group_files, self._dir)
        )
        for group_id, entry in journal.items():
            (on_disk.add if entry.length else on_disk.discard)(group_id)
        return sorted(on_disk)

    def compact(self) -> None:
        """Checkpoint soon: the journal's versions of a card while it was open (each answer's
        counts, in arrival order) need not outlive the card (docs/privacy.md)."""
        self._checkpoint_now.set()

    async def owned(self, key_id: str) -> list[Group]:
        if self._root is None:
            return [d for d in self._docs.values() if d.owner == key_id and d.deleted_at is None]
        folder = self._root / "owners" / key_id
        names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        docs = [await self.peek(name) for name in names]
        return [d for d in docs if d is not None and d.owner == key_id and d.deleted_at is None]

    async def healthy(self) -> bool:
        if self._failing is None or self._dir is None:
            return True
        now = time.monotonic()
        if now - self._probed < PROBE_EVERY:
            return False
        self._probed = now
        try:
            await asyncio.get_running_loop().run_in_executor(self._io, datadir.probe, self._dir)
        except OSError:
            return False
        self._recovered()
        self._reserve()
        return True

    async def close(self) -> None:
        self._listeners.clear()
        if self._auditing is not None:
            self._auditing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._auditing
        if self._tending is not None:
            self._tending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tending
            with contextlib.suppress(OSError):
                await self.checkpoint()  # a clean stop leaves no journal to read at the next start
        if self._journal is not None:
            self._journal.close()
        self._io.shutdown(wait=True)

    # ---- reading -----------------------------------------------------------------------

    async def _exists(self, group_id: str) -> bool:
        if group_id in self._docs or group_id in self._newer:
            return True
        if self._dir is None or self._journal is None:
            return False
        entry = self._journal.index.get(group_id)
        if entry is not None:
            return entry.length > 0
        return (self._dir / f"{group_id}.json").exists()

    async def _read(self, group_id: str, *, write_back: bool = True) -> Group | None:
        if self._dir is None or self._journal is None:
            return None
        entry = self._journal.index.get(group_id)
        if entry is not None and entry.length == 0:
            return None
        path = self._dir / f"{group_id}.json"
        try:
            data = self._journal.read(entry) if entry is not None else path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc, migrated = datadir.decode(group_id, data)
        except NewerFormat as newer:
            self._newer[group_id] = newer.found
            raise
        except (msgspec.DecodeError, UnicodeDecodeError) as exc:
            if entry is None and write_back:
                datadir.set_aside(path, exc)
            else:
                log.error("could not read group %s (%s)", group_id, exc)
            return None
        if migrated and write_back:
            try:
                await self._persist(doc)
            except WriteFailed as exc:
                # Served as read; written in the current format with its next change.
                log.error("could not write group %s back in the current format (%s)", group_id, exc)
            else:
                log.info("group %s brought forward to the current format", group_id)
        return doc

    def _keep(self, doc: Group) -> None:
        self._docs[doc.id] = doc
        self._used[doc.id] = time.monotonic()

    # ---- writing -----------------------------------------------------------------------

    async def _persist(self, doc: Group) -> None:
        """Write `doc` and wait until it is durable."""
        durable = await self._write(doc)
        if durable is not None:
            await self._synced(durable)

    async def _synced(self, durable: asyncio.Future[Entry]) -> None:
        """Wait for a written record's sync; a failed one is refused like a failed write."""
        try:
            await durable
        except OSError as exc:
            self._failed(exc)
            raise WriteFailed(exc.strerror or str(exc)) from exc
        self._recovered()

    async def _write(self, doc: Group) -> asyncio.Future[Entry] | None:
        """Write `doc`'s record; returns once it is written, with what says when it is durable
        (None without a data dir)."""
        data, self._encoded[doc.id] = encode_after(doc, self._encoded.get(doc.id))
        if len(data) > MAX_DOCUMENT:
            raise TooLarge(doc.id)
        if self._journal is None:
            return None
        written, durable = self._journal.submit(doc.id, data)
        try:
            await written
            lost = durable.exception() if durable.done() else None
            if lost is not None:
                # A sync failed between the write and now, before this committer could count
                # its version as shown (_lost): it is refused without ever being shown.
                raise lost
        except OSError as exc:
            self._failed(exc)
            raise WriteFailed(exc.strerror or str(exc)) from exc
        return durable

    async def _remove(self, doc: Group) -> None:
        """Delete for good: its record says so, then its file and owner mark go."""
        if self._journal is None or self._dir is None or self._root is None:
            return
        try:
            await self._journal.append(doc.id, b"")
        except OSError as exc:
            if exc.errno != errno.ENOSPC or not self._release_reserve():
                self._failed(exc)
                raise WriteFailed(exc.strerror or str(exc)) from exc
            await self._journal.append(doc.id, b"")
        with contextlib.suppress(OSError):
            (self._dir / f"{doc.id}.json").unlink(missing_ok=True)
        if doc.owner is not None:
            with contextlib.suppress(OSError):
                (self._root / "owners" / doc.owner / doc.id).unlink(missing_ok=True)

    def _own(self, key_id: str, group_id: str) -> None:
        """A mark that the key's holder owns the group (their "my groups" list reads these)."""
        assert self._root is not None
        folder = self._root / "owners" / key_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / group_id).touch()
        except OSError as exc:
            self._failed(exc)
            raise WriteFailed(exc.strerror or str(exc)) from exc

    def _reserve(self) -> None:
        if self._root is None:
            return
        path = self._root / "journal" / ".reserve"
        if not path.exists():
            with contextlib.suppress(OSError):
                path.write_bytes(b"\0" * RESERVE)

    def _release_reserve(self) -> bool:
        assert self._root is not None
        try:
            (self._root / "journal" / ".reserve").unlink()
        except OSError:
            return False
        return True

    def _failed(self, exc: OSError) -> None:
        if self._failing is None:
            log.error(
                "cannot write to the data dir (%s): changes are refused with 'unavailable' "
                "and /healthz answers 503 until a write succeeds again",
                exc.strerror or exc,
            )
        self._failing = exc.strerror or str(exc)

    def _recovered(self) -> None:
        if self._failing is not None:
            log.info("writing to the data dir works again")
        self._failing = None

    # ---- checkpoints and eviction ----------------------------------------------------------

    async def checkpoint(self) -> None:
        """Write every group the journal holds to its file, then drop the journal files behind."""
        async with self._checkpointing:
            await self._checkpoint()

    async def _checkpoint(self) -> None:
        journal = self._journal
        if journal is None or self._dir is None or not journal.index:
            return
        older = await journal.rotate()
        targets = {g: e for g, e in journal.index.items() if e.file in older}
        directory = self._dir

        def work() -> None:
            datadir.write_all(
                directory, {g: (journal.read(e) if e.length else None) for g, e in targets.items()}
            )

        await asyncio.get_running_loop().run_in_executor(self._io, work)
        journal.forget(older)
        await asyncio.get_running_loop().run_in_executor(self._io, journal.remove, older)

    async def _tend(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(CHECKPOINT_EVERY, self._idle_after)):
                    await self._checkpoint_now.wait()
            self._checkpoint_now.clear()
            try:
                await self.checkpoint()
            except OSError as exc:
                log.warning("checkpoint failed (%s); the journal keeps every change meanwhile", exc.strerror)
            self._evict()

    async def _audit(self) -> None:
        """After startup, look at every group file once, in the background: an unreadable one is
        set aside and named in the log, one of a newer release named, without anyone having to
        open it first (startup itself reads none of them). A file is only parsed here, not
        decoded into a group: the whole check of a group waits for its first use."""
        assert self._dir is not None and self._journal is not None
        loop = asyncio.get_running_loop()
        names = await loop.run_in_executor(self._io, datadir.group_files, self._dir)
        for i, group_id in enumerate(names):
            if i % 50 == 0:
                await asyncio.sleep(0)  # a millisecond at a time: pages and commands first
            if group_id in self._docs or group_id in self._newer or group_id in self._journal.index:
                continue
            path = self._dir / f"{group_id}.json"
            try:
                found = stored_format(path.read_bytes())
            except FileNotFoundError:
                continue  # deleted meanwhile
            except (msgspec.DecodeError, UnicodeDecodeError, OSError) as exc:
                if group_id not in self._docs and group_id not in self._journal.index:
                    datadir.set_aside(path, exc)
                continue
            if found > FORMAT:
                with contextlib.suppress(NewerFormat):
                    await self._read(group_id, write_back=False)

    def _evict(self) -> None:
        idle = time.monotonic() - self._idle_after
        for group_id in [g for g, used in self._used.items() if used < idle]:
            busy = group_id in self._listeners or group_id in self._ahead or self._locks[group_id].locked()
            if not busy:
                self._docs.pop(group_id, None)
                self._used.pop(group_id, None)
                self._encoded.pop(group_id, None)
                self._locks.pop(group_id, None)
