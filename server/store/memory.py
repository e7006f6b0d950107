"""The embedded store: documents in memory, every commit written to the data dir first.

Each group is one file, replaced atomically (write, fsync, rename, fsync dir), so a crash at
any instant leaves either the old or the new version and never a torn one. A file holds
only the latest version: no history of earlier versions accumulates on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..domain import Group, decode, encode
from .base import MAX_DOCUMENT, GroupExists, Listener, TooLarge, Unwatch, VersionConflict

WRITERS = 32


class MemoryStore:
    def __init__(self, data_dir: Path | None) -> None:
        self._dir = data_dir / "groups" if data_dir is not None else None
        self._docs: dict[str, Group] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)
        # Commits of different groups wait on fsync side by side: the disk serves several
        # at once, while asyncio's default pool (CPU count + 4 threads) would queue them.
        self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="holdspace-store")

    @classmethod
    async def open(cls, data_dir: Path | None) -> MemoryStore:
        store = cls(data_dir)
        if store._dir is not None:
            store._dir.mkdir(parents=True, exist_ok=True)
            for path in store._dir.glob("*.json"):
                doc = decode(path.read_bytes())
                store._docs[doc.id] = doc
        return store

    async def create(self, doc: Group) -> None:
        async with self._locks[doc.id]:
            if doc.id in self._docs:
                raise GroupExists(doc.id)
            await self._persist(doc)
            self._docs[doc.id] = doc

    async def load(self, group_id: str) -> Group | None:
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
        async with self._locks[group_id]:
            self._docs.pop(group_id, None)
            if self._dir is not None:
                with contextlib.suppress(FileNotFoundError):
                    (self._dir / f"{group_id}.json").unlink()
        self._locks.pop(group_id, None)

    async def group_ids(self) -> list[str]:
        return list(self._docs)

    async def close(self) -> None:
        self._listeners.clear()
        self._writers.shutdown(wait=True)

    async def _persist(self, doc: Group) -> None:
        data = encode(doc)
        if len(data) > MAX_DOCUMENT:
            raise TooLarge(doc.id)
        if self._dir is not None:
            await asyncio.get_running_loop().run_in_executor(
                self._writers, _atomic_write, self._dir, f"{doc.id}.json", data
            )


def _atomic_write(directory: Path, name: str, data: bytes) -> None:
    tmp = directory / f".{name}.tmp"
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / name)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
