"""The Redis store: many server instances share groups through one Redis.

Each group is one hash `<prefix>group:<id>` with fields `v` (the version, so Lua can compare
it without parsing JSON) and `doc` (the msgspec JSON document). A commit is one Lua script:
compare the version, write, and PUBLISH the new document on `<prefix>changed:<id>`.

The whole document is published, not just its version: every instance watching the group
renders it straight from the message, saving a GET round trip per instance on the hot path
(the cross-instance delay a facilitator's click takes to reach a member). Documents are a few
KB, so the message costs little; Redis delivers one channel's messages in publish order, and
the hub ignores any version it has already passed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections import defaultdict
from typing import Any

import msgspec
from redis.asyncio import BlockingConnectionPool, ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError

from ..domain import Encoded, Group, NewerFormat, encode_after, load, stored_version
from .base import MAX_DOCUMENT, GroupExists, Listener, StoreUnavailable, TooLarge, Unwatch, VersionConflict
from .commits import Commits, pack
from .history import HistoryEraser
from .keyring import Keyring
from .pubsub import Hook, Link
from .reach import UNREACHABLE, reach
from .rediskeys import RedisKeyring

log = logging.getLogger(__name__)


# KEYS[2], when the group has an owner: the set of groups that owner's key created.
CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'doc', ARGV[2])
if KEYS[2] then redis.call('SADD', KEYS[2], ARGV[3]) end
return 1
"""

# 1 = committed; 0 = the stored version is not the expected one; -1 = no such group.
COMMIT = """
local current = redis.call('HGET', KEYS[1], 'v')
if not current then return -1 end
if tonumber(current) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[3])
return 1
"""

# What EVALSHA names COMMIT by (commits go down their own connection, not through a Script).
COMMIT_SHA = hashlib.sha1(COMMIT.encode()).hexdigest().encode()

# A group brought forward from an older format is written back in the current one, unless it
# changed meanwhile (then the newer commit already holds the current format). No PUBLISH: the
# group's state did not change, only how it is written.
REWRITE = """
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'doc', ARGV[2])
return 1
"""

# Loads after a reconnect go in pipelines of this many groups.
RESYNC_BATCH = 500
# Seconds: a Redis call or connection attempt that takes longer has failed; the pub/sub link
# PINGs this often to notice a silent peer; pages are sent to reconnect after this long an outage.
TIMEOUT = 3.0
# Connections to Redis per process; more concurrent calls wait (up to TIMEOUT) for one.
POOL_SIZE = 64
PING_EVERY = 5.0
OUTAGE_GRACE = 3.0


class RedisStore:
    def __init__(
        self,
        redis: Redis,
        sub_pool: ConnectionPool,
        prefix: str,
        tag: str,
        *,
        timeout: float,
        ping_every: float,
        outage_grace: float,
        rewrite_aof: bool = True,
    ) -> None:
        self._redis = redis
        self._sub_pool = sub_pool
        self._prefix = prefix
        # Names this instance's connections in CLIENT LIST (operators and fault tests find them).
        self.tag = tag
        self._create = redis.register_script(CREATE)
        # Commits go down a pipelined connection of their own (commits.py): the hot path.
        self._commits = Commits(redis.connection_pool, timeout)
        self._rewrite = redis.register_script(REWRITE)
        self.keys: Keyring = RedisKeyring(redis, prefix)
        # Groups already reported as stored by a newer release (one log line each).
        self._newer_seen: set[str] = set()
        self._listeners: defaultdict[str, set[Listener]] = defaultdict(set)
        # The newest version handed to this group's listeners: what `cached` offers the write
        # path, and below which a published copy is not even decoded.
        self._latest: dict[str, Group] = {}
        # The last encoding this process committed of each group it watches, lending its
        # rarely-changing parts to the next (domain: encode_after).
        self._encoded: dict[str, Encoded] = {}
        # Each group's commit awaiting its reply here: its bytes and its version.
        self._committing: dict[str, tuple[bytes, Group]] = {}
        # Rewrites the append-only file when a card closes; None: the operator turned it off.
        self.eraser = HistoryEraser(redis) if rewrite_aof else None
        self.link = Link(
            sub_pool,
            self._deliver,
            self._resync,
            timeout=timeout,
            ping_every=ping_every,
            outage_grace=outage_grace,
        )

    @classmethod
    async def open(
        cls,
        url: str,
        prefix: str = "holdspace:",
        *,
        timeout: float | None = None,
        ping_every: float | None = None,
        outage_grace: float | None = None,
        rewrite_aof: bool = True,
    ) -> RedisStore:
        """Connect lazily: a Redis that is down at startup is retried, not fatal."""
        timeout = TIMEOUT if timeout is None else timeout
        ping_every = PING_EVERY if ping_every is None else ping_every
        outage_grace = OUTAGE_GRACE if outage_grace is None else outage_grace
        tag = secrets.token_hex(4)
        common: dict[str, Any] = {
            "socket_connect_timeout": timeout,
            "socket_keepalive": True,
            "health_check_interval": 0,
        }
        # One quick retry reconnects a pooled connection that Redis dropped; a Redis that is
        # really gone then fails fast with `unavailable`. Retrying a commit is safe: it is a
        # compare-and-set, and a retry that finds its own write gets a conflict, reloads, and
        # is acknowledged as already applied (the command's dedupe key is in the document).
        # A bounded pool that waits for a free connection: a burst of pages joining at once
        # (an instance restarting, a clinic's groups starting on the hour) queues for a
        # moment instead of failing with "too many connections".
        redis = Redis.from_pool(
            BlockingConnectionPool.from_url(
                url,
                max_connections=POOL_SIZE,
                timeout=timeout,
                socket_timeout=timeout,
                retry=Retry(NoBackoff(), 1),
                client_name=f"holdspace-{tag}",
                **common,
            )
        )
        sub_pool = ConnectionPool.from_url(
            url,
            socket_timeout=None,
            retry=Retry(NoBackoff(), 0),
            # RESP2: published messages are plain replies. redis-py (8.1) hands each RESP3 push
            # to a handler that builds a debug line of the whole message, logged or not: a
            # repr of every published document, our own commits' copies included.
            protocol=2,
            client_name=f"holdspace-sub-{tag}",
            **common,
        )
        store = cls(
            redis,
            sub_pool,
            prefix,
            tag,
            timeout=timeout,
            ping_every=ping_every,
            outage_grace=outage_grace,
            rewrite_aof=rewrite_aof,
        )
        store.link.start()
        return store

    def key(self, group_id: str) -> str:
        return f"{self._prefix}group:{group_id}"

    def channel(self, group_id: str) -> bytes:
        return f"{self._prefix}changed:{group_id}".encode()

    @property
    def reachable(self) -> bool:
        """Whether the notification link is connected and current (for /healthz)."""
        return self.link.up.is_set()

    def on_outage(self, hook: Hook) -> None:
        """Run `hook` once whenever the notification link stays down past the grace period."""
        self.link.on_outage.append(hook)

    def owned_key(self, key_id: str) -> str:
        return f"{self._prefix}owned:{key_id}"

    async def create(self, doc: Group) -> None:
        data, _ = _encode(doc)
        keys = [self.key(doc.id)] + ([self.owned_key(doc.owner)] if doc.owner else [])
        created = await reach(self._create(keys=keys, args=[doc.version, data, doc.id]))
        if created != 1:
            raise GroupExists(doc.id)

    async def owned(self, key_id: str) -> list[Group]:
        """The groups key `key_id` created that still exist. Deleted ones leave the index here,
        when they are first missed (deletion knows only the group's id)."""
        members = await reach(self._redis.smembers(self.owned_key(key_id)))
        ids = sorted(i.decode() if isinstance(i, bytes) else i for i in members)
        found, gone = [], []
        for group_id, data in await self._stored(ids):
            if data is None:
                gone.append(group_id)
                continue
            try:
                doc = self._read(group_id, data)[0]
            except (NewerFormat, msgspec.DecodeError):
                continue
            if doc.deleted_at is None:
                found.append(doc)
        if gone:
            await reach(self._redis.srem(self.owned_key(key_id), *gone))
        return found

    async def healthy(self) -> bool:
        return self.reachable

    async def load(self, group_id: str) -> Group | None:
        data = await reach(self._redis.hget(self.key(group_id), "doc"))
        if data is None:
            return None
        doc, migrated = self._read(group_id, data)
        if migrated:
            await reach(self._rewrite(keys=[self.key(group_id)], args=[doc.version, _encode(doc)[0]]))
        if self._listeners.get(group_id) and doc.version > self._heard(group_id):
            # Read ahead of the pub/sub link (another instance's commits whose copies are still on
            # their way): heard now, so listeners get it, and those copies, older, are ignored
            # when they come. Else a page that joined on this read would show it and then be
            # taken back to the copies (tests/redis/test_no_going_back.py).
            self._hand_over(group_id, doc)
        return doc

    async def peek(self, group_id: str) -> Group | None:
        """The group as `load` gives it, but never written back (for `holdspace check`)."""
        data = await reach(self._redis.hget(self.key(group_id), "doc"))
        return None if data is None else self._read(group_id, data)[0]

    def _read(self, group_id: str, data: bytes | str) -> tuple[Group, bool]:
        try:
            return load(data)
        except NewerFormat as newer:
            if group_id not in self._newer_seen:
                self._newer_seen.add(group_id)
                log.error(
                    "group %s was stored by a newer release of Holdspace (%s); this instance "
                    "does not serve or change it",
                    group_id,
                    newer,
                )
            raise

    async def commit(self, doc: Group, expected_version: int) -> None:
        data, encoded = _encode(doc, self._encoded.get(doc.id))
        if doc.id in self._latest:  # kept only for groups this process watches, like _latest
            self._encoded[doc.id] = encoded
        packed = pack(
            b"EVALSHA",
            COMMIT_SHA,
            b"1",
            self.key(doc.id).encode(),
            b"%d" % expected_version,
            b"%d" % doc.version,
            data,
            self.channel(doc.id),
        )
        # Its published copy may come back before its reply does (they share no connection):
        # it is then recognised by its bytes and this version handed over, not a decoded copy.
        self._committing[doc.id] = (data, doc)
        try:
            result = await reach(self._commits.call(packed))
        except NoScriptError:  # a restarted (or flushed) Redis: load the script, then commit
            await reach(self._redis.script_load(COMMIT))
            result = await reach(self._commits.call(packed))
        finally:
            mine = self._committing.get(doc.id)
            if mine is not None and mine[1] is doc:  # not a later commit's of the same group
                del self._committing[doc.id]
        if result != 1:
            raise VersionConflict(doc.id)
        # This process's watchers hear of it now, not when the published copy comes back: the
        # sender's frame then goes out before its ack (which carries no group version to wait
        # for). The published copy is then ignored like any version already heard.
        if doc.version > self._heard(doc.id) and self._listeners.get(doc.id):
            self._hand_over(doc.id, doc)

    async def watch(self, group_id: str, listener: Listener) -> Unwatch:
        self._listeners[group_id].add(listener)

        async def unwatch() -> None:
            current = self._listeners.get(group_id)
            if current is None:
                return
            current.discard(listener)
            if not current:
                del self._listeners[group_id]
                self._latest.pop(group_id, None)
                self._encoded.pop(group_id, None)
                await self.link.unsubscribe(self.channel(group_id))

        try:
            await self.link.subscribe(self.channel(group_id))
        except asyncio.CancelledError:
            await asyncio.shield(unwatch())
            raise
        return unwatch

    async def delete(self, group_id: str) -> None:
        await reach(self._redis.delete(self.key(group_id)))
        self._latest.pop(group_id, None)
        self._encoded.pop(group_id, None)

    async def group_ids(self) -> list[str]:
        """Every stored group (for the retention sweep): a SCAN, which never blocks Redis."""
        start = len(self.key(""))
        pattern = _glob_escape(self.key("")) + "*"
        try:
            return [
                key.decode()[start:]
                async for key in self._redis.scan_iter(match=pattern, count=1000, _type="HASH")
            ]
        except UNREACHABLE as exc:
            raise StoreUnavailable(str(exc)) from exc

    def compact(self) -> None:
        if self.eraser is not None:
            self.eraser.request()

    async def close(self) -> None:
        if self.eraser is not None:
            await self.eraser.close()
        await self.link.close()
        self._listeners.clear()
        await self._commits.close()
        await self._redis.aclose()
        await self._sub_pool.aclose()

    def _group_of(self, channel: bytes) -> str:
        return channel.decode()[len(self._prefix) + len("changed:") :]

    def _heard(self, group_id: str) -> int:
        latest = self._latest.get(group_id)
        return 0 if latest is None else latest.version

    def cached(self, group_id: str) -> Group | None:
        return self._latest.get(group_id)

    def _deliver(self, channel: bytes, data: bytes) -> None:
        group_id = self._group_of(channel)
        # A resync's read and a published message can arrive in either order (two
        # connections): listeners get each version once, never an older one after a newer.
        # This process's own commits were handed over before their copies come back, so most
        # copies need not be decoded at all.
        try:
            if stored_version(data) <= self._heard(group_id):
                return
        except msgspec.DecodeError:
            pass  # _decoded says so
        mine = self._committing.get(group_id)
        # This process's own version, as it made it (sharing the parts it did not change with
        # the version before, which keeps the views of those parts): no decoding either.
        if mine is not None and mine[0] == data:
            doc = mine[1] if self._listeners.get(group_id) else None
        else:
            doc = self._decoded(group_id, data)
        if doc is not None and doc.version > self._heard(group_id):
            self._hand_over(group_id, doc)

    def _decoded(self, group_id: str, data: bytes) -> Group | None:
        if not self._listeners.get(group_id):
            return None
        try:
            return self._read(group_id, data)[0]
        except NewerFormat:
            return None
        except msgspec.DecodeError:
            log.error("ignoring an undecodable document on a Redis channel")
            return None

    def _hand_over(self, group_id: str, doc: Group) -> None:
        self._latest[group_id] = doc
        for listener in list(self._listeners.get(group_id, ())):
            try:
                listener(doc)
            except Exception:
                log.exception("a store listener failed")

    async def _resync(self, channels: list[bytes]) -> None:
        """After (re)connecting: hand every listener the latest document of its group.

        Redis may have come back *older* (restored from a backup, a replica promoted before it
        caught up): then its version is below what this instance last heard, and pages must follow
        Redis rather than freeze on a version that no longer exists. A lower version can also be
        a read that crossed a newer published message, so it is read once more to be sure:
        versions in Redis never go down otherwise.
        """
        groups = [self._group_of(c) for c in channels]
        behind: list[str] = []
        for group_id, doc in await self._read_many(groups):
            if doc.version > self._heard(group_id):
                self._hand_over(group_id, doc)
            elif doc.version < self._heard(group_id):
                behind.append(group_id)
        for group_id, doc in await self._read_many(behind):
            heard = self._heard(group_id)
            if doc.version < heard:
                log.warning(
                    "group %s is at version %d in Redis but this instance had seen version %d: "
                    "Redis came back older (a restore?); its pages now show what Redis holds",
                    group_id,
                    doc.version,
                    heard,
                )
                self._hand_over(group_id, doc)

    async def _read_many(self, groups: list[str]) -> list[tuple[str, Group]]:
        found: list[tuple[str, Group]] = []
        for group_id, data in await self._stored(groups):
            doc = None if data is None else self._decoded(group_id, data)
            if doc is not None:
                found.append((group_id, doc))
        return found

    async def _stored(self, groups: list[str]) -> list[tuple[str, bytes | None]]:
        """Each group's stored document (None: no such group), read in pipelined batches."""
        stored: list[tuple[str, bytes | None]] = []
        for start in range(0, len(groups), RESYNC_BATCH):
            batch = groups[start : start + RESYNC_BATCH]
            pipe = self._redis.pipeline(transaction=False)
            for group_id in batch:
                pipe.hget(self.key(group_id), "doc")
            stored += zip(batch, await reach(pipe.execute()), strict=True)
        return stored


def _glob_escape(text: str) -> str:
    """`text` matched literally in a SCAN pattern (a prefix may hold *, ?, [ or \\)."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _encode(doc: Group, last: Encoded | None = None) -> tuple[bytes, Encoded]:
    """The stored bytes of `doc` (encode_after: `last` lends its rarely-changing parts)."""
    data, encoded = encode_after(doc, last)
    if len(data) > MAX_DOCUMENT:
        raise TooLarge(doc.id)
    return data, encoded
