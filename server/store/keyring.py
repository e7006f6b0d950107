"""Facilitator keys in the store, beside the groups, so every instance knows them.

Embedded store: one file per key, `<data dir>/keys/<key id>.json`, written atomically like a
group file. Redis: `<prefix>key:<key id>` (the record) and the set `<prefix>keys` (every id).
The operator's CLI (`holdspace key ...`, server/ops/keys.py) writes them while the service
runs, and the service reads them on demand, never from a copy of its own: a key added or
revoked counts from the next request on, on every instance.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Protocol

import msgspec

from ..domain import KEY_ID, FacilitatorKey, NewerFormat, encode_key, load_key
from . import datadir
from .base import StoreUnavailable

log = logging.getLogger(__name__)


class KeyExists(Exception):
    pass


class Keyring(Protocol):
    async def add(self, key: FacilitatorKey) -> None:
        """Store a new key; KeyExists if its id is taken."""

    async def get(self, key_id: str) -> FacilitatorKey | None: ...

    async def all(self) -> list[FacilitatorKey]: ...

    async def put(self, key: FacilitatorKey) -> None:
        """Replace a stored key's record (to revoke it)."""

    async def any(self) -> bool:
        """Whether any key was ever added (revoked ones count: creation stays closed)."""


async def revoke(keyring: Keyring, key_id: str, now: int) -> FacilitatorKey | None:
    """Revoke a key (once: a second revocation keeps the first instant); None if unknown."""
    key = await keyring.get(key_id)
    if key is None:
        return None
    if key.revoked_at is None:
        key = msgspec.structs.replace(key, revoked_at=now)
        await keyring.put(key)
    return key


class MemoryKeyring:
    """Keys of a store without a data dir (tests)."""

    def __init__(self) -> None:
        self._keys: dict[str, FacilitatorKey] = {}

    async def add(self, key: FacilitatorKey) -> None:
        if key.id in self._keys:
            raise KeyExists(key.id)
        self._keys[key.id] = key

    async def get(self, key_id: str) -> FacilitatorKey | None:
        return self._keys.get(key_id)

    async def all(self) -> list[FacilitatorKey]:
        return sorted(self._keys.values(), key=lambda k: k.created_at)

    async def put(self, key: FacilitatorKey) -> None:
        self._keys[key.id] = key

    async def any(self) -> bool:
        return bool(self._keys)


class FileKeyring:
    def __init__(self, directory: Path) -> None:
        self._dir = directory

    async def add(self, key: FacilitatorKey) -> None:
        await asyncio.to_thread(self._add, key)

    async def get(self, key_id: str) -> FacilitatorKey | None:
        if not KEY_ID.match(key_id):
            return None  # never a path built from what a request sent
        return await asyncio.to_thread(self._read, self._dir / f"{key_id}.json")

    async def all(self) -> list[FacilitatorKey]:
        return await asyncio.to_thread(self._all)

    async def put(self, key: FacilitatorKey) -> None:
        await asyncio.to_thread(self._write, key)

    async def any(self) -> bool:
        return await asyncio.to_thread(self._any)

    def _add(self, key: FacilitatorKey) -> None:
        try:
            self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if (self._dir / f"{key.id}.json").exists():
                raise KeyExists(key.id)
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc
        self._write(key)

    def _write(self, key: FacilitatorKey) -> None:
        try:
            datadir.atomic_write(self._dir, f"{key.id}.json", encode_key(key))
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc

    def _read(self, path: Path) -> FacilitatorKey | None:
        try:
            return load_key(path.read_bytes())
        except FileNotFoundError:
            return None
        except PermissionError as exc:
            # Written by someone else (`holdspace key add` run as another user than the service).
            log.error(
                "cannot read the key file %s (%s); run `holdspace key` as the service's user", path, exc
            )
            return None
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc
        except (msgspec.DecodeError, NewerFormat) as exc:
            log.error("cannot read the key file %s (%s); that key does not work", path, exc)
            return None

    def _all(self) -> list[FacilitatorKey]:
        found = [self._read(path) for path in self._files()]
        return sorted((k for k in found if k is not None), key=lambda k: k.created_at)

    def _any(self) -> bool:
        return any(True for _ in self._files())

    def _files(self) -> list[Path]:
        try:
            return sorted(p for p in self._dir.iterdir() if p.suffix == ".json" and KEY_ID.match(p.stem))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreUnavailable(str(exc)) from exc


def file_keyring(data_dir: Path) -> FileKeyring:
    return FileKeyring(data_dir / "keys")
