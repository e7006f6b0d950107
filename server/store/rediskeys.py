"""Facilitator keys in Redis (see keyring.py): `<prefix>key:<id>` holds a key's record as
JSON, the set `<prefix>keys` every key id, so "is there any key?" and "list the keys" never
scan the keyspace."""

from __future__ import annotations

import logging

import msgspec
from redis.asyncio import Redis

from ..domain import KEY_ID, FacilitatorKey, NewerFormat, encode_key, load_key
from .keyring import KeyExists
from .reach import reach

log = logging.getLogger(__name__)

ADD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('SADD', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


class RedisKeyring:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._add = redis.register_script(ADD)

    def _key(self, key_id: str) -> str:
        return f"{self._prefix}key:{key_id}"

    @property
    def _index(self) -> str:
        return f"{self._prefix}keys"

    async def add(self, key: FacilitatorKey) -> None:
        added = await reach(self._add(keys=[self._key(key.id), self._index], args=[encode_key(key), key.id]))
        if added != 1:
            raise KeyExists(key.id)

    async def get(self, key_id: str) -> FacilitatorKey | None:
        if not KEY_ID.match(key_id):
            return None
        data = await reach(self._redis.get(self._key(key_id)))
        return self._decoded(key_id, _bytes(data))

    async def all(self) -> list[FacilitatorKey]:
        ids = sorted(_text(k) for k in await reach(self._redis.smembers(self._index)))
        if not ids:
            return []
        records = await reach(self._redis.mget([self._key(i) for i in ids]))
        found = [self._decoded(i, _bytes(data)) for i, data in zip(ids, records, strict=True)]
        return sorted((k for k in found if k is not None), key=lambda k: k.created_at)

    async def put(self, key: FacilitatorKey) -> None:
        await reach(self._redis.set(self._key(key.id), encode_key(key), xx=True))

    async def any(self) -> bool:
        return bool(await reach(self._redis.scard(self._index)))

    def _decoded(self, key_id: str, data: bytes | None) -> FacilitatorKey | None:
        if data is None:
            return None
        try:
            return load_key(data)
        except (msgspec.DecodeError, NewerFormat) as exc:
            log.error("cannot read facilitator key %s in Redis (%s); that key does not work", key_id, exc)
            return None


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _bytes(value: bytes | str | None) -> bytes | None:
    return value.encode() if isinstance(value, str) else value
