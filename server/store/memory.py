"""The embedded store: documents in memory, every commit written to the data dir first.

Each group is one file, replaced atomically (write, fsync, rename, fsync dir), so a crash at
any instant leaves either the old or the new version and never a torn one. A file holds
only the latest version: no history of earlier versions accumulates on disk.

At startup every file is read (`datadir.scan`): an older format is brought forward and written
back, a newer one is left untouched and its group refused, an unreadable one is moved aside to
`quarantine/` so that one bad file never keeps every other group down.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..domain import Group, NewerFormat, encode
from . import datadir
from .base import MAX_DOCUMENT, GroupExists, Listener, TooLarge, Unwatch, VersionConflict

WRITERS = 32


class MemoryStore:
    def __init__(self, data_dir: Path | None) -> None:
        self._dir = data_dir / "groups" if data_dir is not None else None
        self._docs: dict[str, Group] = {}
        # Groups stored by a newer release: refused, never overwritten (id -> their format).
        self._newer: dict[str, int] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)
        # Commits of different groups wait on fsync side by side: the disk serves several
        # at once, while asyncio's default pool (CPU count + 4 threads) would queue them.
        self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="holdspace-store")

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
            await self._persist(doc)
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
            self._docs.pop(group_id, None)
            if self._dir is not None:
                with contextlib.suppress(FileNotFoundError):
                    (self._dir / f"{group_id}.json").unlink()
        self._locks.pop(group_id, None)

    async def group_ids(self) -> list[str]:
        return list(self._docs)

    def compact(self) -> None:
        """Nothing to do: each group's file holds only its latest version."""

    async def close(self) -> None:
        self._listeners.clear()
        self._writers.shutdown(wait=True)

    async def _persist(self, doc: Group) -> None:
        data = encode(doc)
        if len(data) > MAX_DOCUMENT:
            raise TooLarge(doc.id)
        if self._dir is not None:
            await asyncio.get_running_loop().run_in_executor(
                self._writers, datadir.atomic_write, self._dir, f"{doc.id}.json", data
            )
