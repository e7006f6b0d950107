"""How long a group is kept: pure decisions, so the sweep can be tested without waiting days.

A group is deleted `days` after its most recent session ended. A session left running counts
from when it started (nobody runs one for days); a group that never held a session counts
from its creation. A course that pauses for longer than `days` is deleted too: the setting
says how long Holdspace may keep what members wrote after the group last met.
"""

from __future__ import annotations

from .document import Group

DAY_MS = 24 * 60 * 60_000


def last_met(doc: Group) -> int:
    """The instant the group last met (or was created, if it never met)."""
    session = doc.session
    if session is None:
        return doc.created_at
    if session.ended_at is not None:
        return session.ended_at
    return session.started_at


def deletes_at(doc: Group, days: int) -> int:
    return last_met(doc) + days * DAY_MS


def due(doc: Group, now: int, days: int) -> bool:
    """True once the group has been kept as long as it may be."""
    return now >= deletes_at(doc, days)


def tombstone(doc: Group, now: int) -> Group:
    """The last version of a deleted group: no names, no words, no credentials; only enough
    for every server holding its sockets to notice and close them."""
    return Group(
        id=doc.id,
        version=doc.version + 1,
        name="",
        created_at=doc.created_at,
        sessions_planned=doc.sessions_planned,
        members=[],
        credentials=[],
        template=[],
        deleted_at=now,
    )
