"""Recording attendance from presence.

Which pages are open is connection state, held by the hub, not by the group document. When
the hub sees a member's page open while a session runs (the page joined during the session,
or the session started while it was open), this records them as present with one
`attendance.mark` command per group at a time. The server acts for the facilitators here:
it writes down what it saw, and the facilitators can correct it.

Several server processes may each hold some of a group's pages: each records its own, and
the command is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from ..clock import now_ms
from ..domain import FACILITATOR, Actor, Group, Refused, attended
from ..store import Store, StoreUnavailable
from ..write import execute
from ..ws.connection import Connection
from ..ws.hub import Hub

log = logging.getLogger(__name__)

SERVER = Actor(FACILITATOR)
# How many groups' "all recorded" the keeper remembers at once.
MEMORY = 4096


def unrecorded(doc: Group, connected: Iterable[str]) -> list[str]:
    """Members with a page open during the live session who are not yet recorded as present."""
    if doc.deleted_at is not None or doc.session is None or doc.session.status != "live":
        return []
    known = {m.id for m in doc.members}
    present = set(attended(doc.course, doc.session.number))
    return sorted(set(connected) & known - present)


def _members(conns: Iterable[Connection]) -> set[str]:
    return {c.member for c in conns if c.member is not None}


class AttendanceKeeper:
    def __init__(self, store: Store, hub: Hub) -> None:
        self._store = store
        self._hub = hub
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()
        # Per group, what was last found fully recorded: its course and roster (the objects,
        # which versions share until a command changes them), the session's number and status,
        # and the members seen. Most versions (the clock, the floor) leave all of that as it was.
        self._recorded: dict[str, tuple[object, object, int, str, set[str]]] = {}

    def seen(self, doc: Group, conns: list[Connection]) -> None:
        """A hub hook: a new version of `doc`, with these sockets open for it."""
        session = doc.session
        if session is None:
            return
        here = _members(conns)
        last = self._recorded.get(doc.id)
        if (
            last is not None
            and last[0] is doc.course
            and last[1] is doc.members
            and last[2:4] == (session.number, session.status)
            and here <= last[4]
        ):
            return
        if not unrecorded(doc, here):
            if len(self._recorded) >= MEMORY:
                self._recorded.clear()  # forgotten wholesale: the next version checks again
            self._recorded[doc.id] = (doc.course, doc.members, session.number, session.status, here)
            return
        if doc.id in self._tasks:
            self._again.add(doc.id)  # the running task looks once more when it is done
            return
        task = asyncio.get_running_loop().create_task(self._record(doc.id))
        self._tasks[doc.id] = task

    async def _record(self, group_id: str) -> None:
        try:
            while True:
                self._again.discard(group_id)
                doc = await self._store.load(group_id)
                if doc is None or doc.session is None:
                    return
                missing = unrecorded(doc, _members(self._hub.connections(group_id)))
                if missing:
                    args = {"session": doc.session.number, "member_ids": missing}
                    await execute(self._store, group_id, "attendance.mark", args, SERVER, now_ms)
                if group_id not in self._again:
                    return
        except Refused:
            pass  # the session ended meanwhile, or the group is gone: nothing to record
        except StoreUnavailable:
            log.warning("attendance not recorded: the store is out of reach")
        finally:
            self._tasks.pop(group_id, None)

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
