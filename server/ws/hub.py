"""Sockets of this process by group; a socket gets a frame only when its own view changed.

On each new version, each role's shared view is built and encoded once; members add only their
small private part. A socket whose shared part, private part and (facilitators) presence are
byte-for-byte what it last got is sent nothing: what a role cannot see -- an answer, a ballot,
someone else's signal -- must not reach it even as a new frame, or its timing would tell.
For the same reason a frame carries no version: a page counts its own frames (an ack says the
count it should have reached), so the group's version, which counts every change, visible or not,
is never on the wire, and every socket of a role is sent the same bytes. A member's own part
goes in a frame only when it changed for them. The hub watches a group in the store while
it holds a socket for it.

Presence (which members have a page open) is connection state, not part of the document: the
hub adds it to facilitators' frames and sends them a frame when it changes.

Each socket remembers the credential (the stored hash of its link) it said hello with. A
version whose credentials no longer hold it -- the link was re-issued -- closes the socket
before anything of that version reaches it, on every server process that holds one.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSCloseCode

from .. import protocol
from ..domain import (
    DISPLAY,
    FACILITATOR,
    MEMBER,
    Group,
    Kept,
    Role,
    private_inputs,
    private_view,
    same,
    same_inputs,
    shared_parts,
)
from ..store import Store
from .connection import Connection, prepare

# Every part any role's view has, by key.
_PARTS = {part.key: part for role in (FACILITATOR, MEMBER, DISPLAY) for part in shared_parts(role)}
# Each role's parts, each with the key its encoding is kept under (its key and audience).
_SHARED = {
    role: tuple((part, (part.key, part.audience(role))) for part in shared_parts(role))
    for role in (FACILITATOR, MEMBER, DISPLAY)
}


# Parts that most groups have alike: the built-in feedback library, an agenda template left as it
# came, the self-report's instruments. Their encodings are kept once for every group that has
# the same bytes, not once per group: 0.25 KB a socket in groups of 12 (bench.memory, seventh
# round). Bytes never change, so sharing them is safe; the table is bounded, and the ones used
# last stay.
_ALIKE = frozenset({"feedback", "template", "selfreport"})
ALIKE_KEPT = 256
_alike: Kept[bytes, bytes] = Kept(ALIKE_KEPT)


def _credentials(doc: Group) -> set[str]:
    return {cred.hash for cred in doc.credentials}


class _Room:
    __slots__ = (
        "changed_at",
        "conns",
        "current",
        "doc",
        "held",
        "inputs",
        "inputs_of",
        "pieces",
        "presence",
        "private",
        "private_of",
        "shared",
        "tick",
        "unwatch",
    )

    def __init__(self) -> None:
        self.conns: set[Connection] = set()
        self.doc: Group | None = None
        self.unwatch: Callable[[], Awaitable[None]] | None = None
        # Each part's encoding (with its key) by audience (domain/views.py: Part), with the tick
        # of the version it was built for; each role's pieces, with the version they are of.
        # The joined view is not kept: it lives for one fan-out (_Fanout.view), and a group's
        # sockets hold only the pieces, which the parts' cache holds anyway.
        self.pieces: dict[tuple[str, Role], tuple[int, bytes]] = {}
        self.shared: dict[Role, tuple[Group, tuple[bytes, ...]]] = {}
        # Every part's inputs as of `current` (the tick-th version seen), and the tick of the
        # version they last changed in (Hub._stale).
        self.inputs_of: dict[str, tuple[Any, ...]] = {}
        self.changed_at: dict[str, int] = {}
        self.current: Group | None = None
        self.tick = 0
        self.presence = b"[]"
        # The credentials list of the last version every socket was checked against.
        self.held: list[Any] | None = None
        # Members' private views, encoded, for the inputs they were made of (_private).
        self.inputs: tuple[Any, ...] | None = None
        self.private: dict[str, bytes] = {}
        self.private_of: Group | None = None  # the version `inputs` were last checked for


class _Fanout:
    """What one version's fan-out makes once for all sockets of a role: its view joined into
    one JSON object, and its whole frame. Dropped after the fan-out, so the joined bytes of a
    view are not held beside its pieces between versions."""

    __slots__ = ("frames", "views")

    def __init__(self) -> None:
        self.views: dict[Role, tuple[tuple[bytes, ...], bytes]] = {}
        self.frames: dict[Role, tuple[tuple[bytes, ...], bytes | None, bytes]] = {}

    def view(self, role: Role, pieces: tuple[bytes, ...]) -> bytes:
        held = self.views.get(role)
        if held is None or held[0] is not pieces:
            held = self.views[role] = (pieces, b"{" + b",".join(pieces) + b"}")
        return held[1]


class Hub:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._rooms: dict[str, _Room] = {}
        # Called with each new version of a group and the sockets this process holds for it,
        # after their frames went out (jobs/attendance.py records who is here from it).
        self.on_version: list[Callable[[Group, list[Connection]], None]] = []
        self._closing: set[asyncio.Task[None]] = set()
        # State frames sent, by role (/metrics: holdspace_frames_total).
        self.frames: Counter[str] = Counter()

    def connections(self, group_id: str) -> set[Connection]:
        room = self._rooms.get(group_id)
        return set(room.conns) if room else set()

    def presence(self, group_id: str) -> list[str]:
        """Members of the group with at least one page open on this server, by id."""
        room = self._rooms.get(group_id)
        if room is None:
            return []
        return sorted({c.member for c in room.conns if c.member is not None})

    def count(self) -> int:
        return sum(len(r.conns) for r in self._rooms.values())

    async def join(self, conn: Connection) -> bool:
        """Add the socket and send it the latest state; False if the group is gone."""
        room = self._rooms.get(conn.group_id)
        if room is None:
            room = self._rooms[conn.group_id] = _Room()

            def listener(doc: Group, room: _Room = room) -> None:
                # The store hands versions over in order; a lower one means the store itself
                # went back (Redis restored from a backup), and the pages follow it.
                if room.doc is None or doc.version != room.doc.version:
                    self._changed(room, doc)

            # Watch before loading, so no commit can fall between the load and the watch.
            room.unwatch = await self._store.watch(conn.group_id, listener)
        before = self.presence(conn.group_id)
        room.conns.add(conn)
        room.held = None  # the next version checks this socket's link too
        doc = await self._store.load(conn.group_id)
        if doc is None or doc.deleted_at is not None:
            return False
        if room.doc is None or doc.version > room.doc.version:
            # To every socket of the room, not just this one: a socket that joined while the
            # watch was still being set up may have loaded an older version than this.
            self._changed(room, doc)
        elif room.doc.deleted_at is not None:
            return False
        elif conn.credential in _credentials(room.doc):
            self._update(room, conn)
            self._notify(room.doc, [conn])
        assert room.doc is not None  # every path above leaves it set (_changed sets it)
        if conn not in room.conns or conn.credential not in _credentials(room.doc):
            # Its link was replaced between its hello and now.
            room.conns.discard(conn)
            return False
        self._presence_changed(conn.group_id, room, before)
        return True

    async def leave(self, conn: Connection) -> None:
        room = self._rooms.get(conn.group_id)
        if room is None:
            return
        before = self.presence(conn.group_id)
        room.conns.discard(conn)
        self._presence_changed(conn.group_id, room, before)
        if not room.conns and self._rooms.get(conn.group_id) is room:
            del self._rooms[conn.group_id]
            # The listener refers to the room, the room to its unwatch, and that to the listener:
            # dropped, the room (its document and views) is freed at once, not at the collector's
            # full pass (server/web/teardown.py says why that matters).
            unwatch, room.unwatch = room.unwatch, None
            if unwatch is not None:
                await unwatch()

    async def reconnect_all(self, reason: str) -> None:
        """Close every socket with 1013 so its page shows "reconnecting" and comes back on
        its own: while the store is out of reach these pages would silently go stale."""
        conns = [conn for room in self._rooms.values() for conn in room.conns]
        await asyncio.gather(*(conn.close(WSCloseCode.TRY_AGAIN_LATER, reason) for conn in conns))

    def _changed(self, room: _Room, doc: Group) -> None:
        room.doc = doc
        if doc.deleted_at is not None:
            self._close(room.conns, WSCloseCode.GOING_AWAY, "this group was deleted")
            return
        replaced: set[Connection] = set()
        if room.held is not doc.credentials:
            # Most versions share the credentials list with the one before, and every socket
            # was checked against it (here, or by join).
            room.held = doc.credentials
            held = _credentials(doc)
            replaced = {conn for conn in room.conns if conn.credential not in held}
        if replaced:
            room.conns -= replaced
            for conn in replaced:
                gone = protocol.Failure(
                    protocol.UNAUTHORIZED,
                    "This link was replaced by a new one. Ask your facilitator for your new link.",
                )
                conn.send(protocol.error(None, *protocol.failure(gone, conn.lang)))
            self._close(replaced, WSCloseCode.POLICY_VIOLATION, "link replaced")
        fanout = _Fanout()
        for conn in list(room.conns):
            self._update(room, conn, fanout)
        self._notify(doc, list(room.conns))

    def _notify(self, doc: Group, conns: list[Connection]) -> None:
        for hook in self.on_version:
            hook(doc, conns)

    def _close(self, conns: set[Connection], code: int, reason: str) -> None:
        """Close sockets from a listener (which cannot await): the tasks are kept until done."""
        loop = asyncio.get_running_loop()
        for conn in list(conns):
            task = loop.create_task(conn.close(code, reason))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    def _presence_changed(self, group_id: str, room: _Room, before: list[str]) -> None:
        """Facilitators see who is connected: they get a frame when that changes."""
        now = self.presence(group_id)
        if now == before:
            return
        room.presence = protocol.encode_kept(now)
        if room.doc is None:
            return
        for conn in list(room.conns):
            if conn.role == FACILITATOR:
                self._update(room, conn)

    def _update(self, room: _Room, conn: Connection, fanout: _Fanout | None = None) -> None:
        """Send `conn` a state frame if what it may see differs from its last frame. A frame
        without a new own part is the role's frame, the same bytes for each of its sockets: made
        once per version when `fanout` (kept for one version by the caller) is given."""
        doc = room.doc
        assert doc is not None
        role = conn.role
        made = room.shared.get(role)
        shared = made[1] if made is not None and made[0] is doc else self._shared(room, doc, role)
        me = None if conn.member is None else self._private(room, doc, conn.member)
        presence = room.presence if role == FACILITATOR else None
        seen = (shared, me, presence)
        # Kept even when its bytes are what the socket last got: they may be other objects (a
        # private view encoded again for new inputs), and the old ones can then go (bench.memory:
        # 0.25 KB a socket).
        last, conn.seen = conn.seen, seen
        if seen == last:
            return
        conn.frames += 1
        self.frames[role] += 1
        if fanout is None:
            fanout = _Fanout()
        if me is not None and (last is None or last[1] != me):
            conn.send(protocol.state(fanout.view(role, shared), me, presence))
            return
        held = fanout.frames.get(role)
        if held is None or held[0] is not shared or held[1] is not presence:
            frame = prepare(protocol.state(fanout.view(role, shared), None, presence))
            held = fanout.frames[role] = (shared, presence, frame)
        conn.write(held[2])

    def _shared(self, room: _Room, doc: Group, role: Role) -> tuple[bytes, ...]:
        """A role's shared view of `doc`, as its encoded parts: each rebuilt only if its inputs
        changed since it was last built (once for every role of its audience). A part left as it
        was is the same bytes object as before, so comparing with a socket's last frame is cheap."""
        self._stale(room, doc)
        pieces = []
        kept, changed_at = room.pieces, room.changed_at
        for part, key in _SHARED[role]:
            held = kept.get(key)
            if held is None or held[0] < changed_at[part.key]:
                # Kept with its key, ready to join.
                body = protocol.encode(part.build(doc, role))
                piece = b'"' + part.key.encode() + b'":' + body
                if part.key in _ALIKE:
                    piece = _alike.hold(piece, piece)
                held = kept[key] = (room.tick, piece)
            pieces.append(held[1])
        shared = tuple(pieces)
        room.shared[role] = (doc, shared)
        return shared

    @staticmethod
    def _stale(room: _Room, doc: Group) -> None:
        """Note, once per version, which parts' inputs changed (`changed_at`: the tick of the
        version they last changed in)."""
        if room.current is doc:
            return
        room.current = doc
        room.tick += 1
        for key, part in _PARTS.items():
            inputs = part.inputs(doc)
            held = room.inputs_of.get(key)
            if held is None or not same(held, inputs):
                room.inputs_of[key] = inputs
                room.changed_at[key] = room.tick

    def _private(self, room: _Room, doc: Group, member: str) -> bytes:
        """A member's private view, encoded; kept while its inputs stay the same objects (most
        commands change the floor or the clock, which no private view reads)."""
        if room.private_of is not doc:
            inputs = private_inputs(doc)
            if room.inputs is None or not same_inputs(room.inputs, inputs):
                room.inputs, room.private = inputs, {}
            room.private_of = doc
        me = room.private.get(member)
        if me is None:
            me = room.private[member] = protocol.encode_kept(private_view(doc, member))
        return me

    def snapshot(self) -> dict[str, Any]:
        return {"groups": len(self._rooms), "sockets": self.count(), "frames": dict(self.frames)}
