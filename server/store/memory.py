"""The embedded store: documents in memory, every commit written to the data dir first.

Each group is one file, replaced atomically (write, fsync, rename, fsync dir), so a crash at
any instant leaves either the old or the new version and never a torn one. A file holds
only the latest version: no history of earlier versions accumulates on disk.

At startup every file is read (`datadir.scan`): an older format is brought forward and written
back, a newer one is left untouched and its group refused, an unreadable one is moved aside to
`quarantine/` so that one bad file never keeps every other group down.

A write the disk refuses (full, read-only, failing) changes nothing -- neither the file nor
what is in memory -- and is answered `unavailable`; the store then reports itself unhealthy
until a write succeeds again. Deleting a group writes nothing: its file is removed (which
frees space and needs none) and this process's sockets hear the tombstone from memory.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..domain import Group, NewerFormat, encode
from . import datadir
from .base import MAX_DOCUMENT, GroupExists, Listener, TooLarge, Unwatch, VersionConflict, WriteFailed
from .keyring import FileKeyring, Keyring, MemoryKeyring

log = logging.getLogger(__name__)

WRITERS = 32
# While unhealthy, /healthz tries a write at most this often.
PROBE_EVERY = 1.0


class MemoryStore:
    def __init__(self, data_dir: Path | None) -> None:
        self._dir = data_dir / "groups" if data_dir is not None else None
        self.keys: Keyring = FileKeyring(data_dir / "keys") if data_dir is not None else MemoryKeyring()
        self._docs: dict[str, Group] = {}
        # Groups stored by a newer release: refused, never overwritten (id -> their format).
        self._newer: dict[str, int] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)
        # Commits of different groups wait on fsync side by side: the disk serves several
        # at once, while asyncio's default pool (CPU count + 4 threads) would queue them.
        self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="holdspace-store")
        # Why the last write failed, until one succeeds again.
        self._failing: str | None = None
        self._probed = 0.0

    @classmethod
    async def open(cls, data_dir: Path | None) -> MemoryStore:
        store = cls(data_dir)
        if store._dir is not None:
            found = datadir.scan(store._dir, repair=True)
            store._docs = found.groups
            store._newer = found.newer
        return store

    async def create(self, doc: Group) -> None:
        async with self._locks[doc.id]:
            if doc.id in self._docs or doc.id in self._newer:
                raise GroupExists(doc.id)
            await self._persist(doc)
            self._docs[doc.id] = doc

    async def load(self, group_id: str) -> Group | None:
        if group_id in self._newer:
            raise NewerFormat(self._newer[group_id])
        return self._docs.get(group_id)

    async def commit(self, doc: Group, expected_version: int) -> None:
        async with self._locks[doc.id]:
            current = self._docs.get(doc.id)
            if current is None or current.version != expected_version:
                raise VersionConflict(doc.id)
            if doc.deleted_at is None:
                await self._persist(doc)
            else:
                await self._remove(doc.id)
            self._docs[doc.id] = doc
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
            await self._remove(group_id)
            self._docs.pop(group_id, None)
        self._locks.pop(group_id, None)

    async def group_ids(self) -> list[str]:
        return list(self._docs)

    def compact(self) -> None:
        """Nothing to do: each group's file holds only its latest version."""

    async def owned(self, key_id: str) -> list[Group]:
        return [d for d in self._docs.values() if d.owner == key_id and d.deleted_at is None]

    async def healthy(self) -> bool:
        if self._failing is None or self._dir is None:
            return True
        now = time.monotonic()
        if now - self._probed < PROBE_EVERY:
            return False
        self._probed = now
        try:
            await asyncio.get_running_loop().run_in_executor(self._writers, datadir.probe, self._dir)
        except OSError:
            return False
        self._recovered()
        return True

    async def close(self) -> None:
        self._listeners.clear()
        self._writers.shutdown(wait=True)

    async def _persist(self, doc: Group) -> None:
        data = encode(doc)
        if len(data) > MAX_DOCUMENT:
            raise TooLarge(doc.id)
        if self._dir is None:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._writers, datadir.atomic_write, self._dir, f"{doc.id}.json", data
            )
        except datadir.Renamed as exc:
            # The new version is the file now (memory follows it), but may not survive a crash.
            self._failed(exc)
        except OSError as exc:
            self._failed(exc)
            raise WriteFailed(exc.strerror or str(exc)) from exc
        else:
            self._recovered()

    async def _remove(self, group_id: str) -> None:
        if self._dir is None:
            return
        path = self._dir / f"{group_id}.json"
        try:
            await asyncio.get_running_loop().run_in_executor(self._writers, path.unlink, True)
        except OSError as exc:
            self._failed(exc)
            raise WriteFailed(exc.strerror or str(exc)) from exc

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
