"""The only path that changes a stored group: load, apply, compare-and-set, retry on a race.

Commands from pages, the attendance keeper's marks, creation and deletion all come here, so
there is one place that knows how a write can fail and what the caller is told.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any

from . import auth
from .domain import (
    CONFLICT,
    INVALID,
    NOT_FOUND,
    Actor,
    Group,
    GroupSpec,
    Refused,
    Unchanged,
    answering_ended,
    apply,
    new_group,
    tombstone,
)
from .store import GroupExists, Store, TooLarge, VersionConflict

ATTEMPTS = 12
# Rivals that lost a race would otherwise reload and collide again in lockstep (with several
# instances, or a burst of raised hands); a short random pause spreads them out.
RETRY_PAUSE = 0.002
RETRY_PAUSE_CAP = 0.05

Step = Callable[[Group], Group]


async def _write(store: Store, group_id: str, step: Step) -> tuple[Group, bool]:
    """Commit `step(latest)`; returns (the group as now stored, whether it changed)."""
    # First try the version this process already holds (Redis: the one it last heard), which
    # saves reading and decoding the group, and lets `step` share its unchanged parts with the
    # views built from it. Only a successful compare-and-set is decided on it: a refusal or
    # "nothing changed" may come from a version already passed, so it is asked again of a
    # fresh load.
    doc = store.cached(group_id)
    collisions = 0  # lost races on a fresh load
    while True:
        fresh = doc is None
        if doc is None:
            if collisions:
                await asyncio.sleep(random.uniform(0, min(RETRY_PAUSE_CAP, RETRY_PAUSE * 2**collisions)))
            doc = await store.load(group_id)
            if doc is None:
                raise Refused(NOT_FOUND, "This group no longer exists.")
        try:
            new = step(doc)
        except Unchanged:
            if fresh:
                return doc, False
            doc = None
            continue
        except Refused:
            if fresh:
                raise
            doc = None
            continue
        try:
            await store.commit(new, doc.version)
        except VersionConflict:
            if fresh:
                collisions += 1
                if collisions == ATTEMPTS:
                    raise Refused(CONFLICT, "The group is changing very quickly; please try again.") from None
            doc = None
            continue
        except TooLarge:
            raise Refused(INVALID, "That would make the group too large to store.") from None
        if answering_ended(doc, new):
            store.compact()  # the versions that counted each answer need not outlive the card
        return new, True


async def execute(
    store: Store,
    group_id: str,
    name: str,
    args: Any,
    actor: Actor,
    now: Callable[[], int],
    key: str | None = None,
) -> tuple[int, bool]:
    """Apply a command and commit it; returns (version, changed). Raises Refused."""
    doc, changed = await _write(store, group_id, lambda doc: apply(doc, name, args, actor, now(), key))
    return doc.version, changed


async def create(
    store: Store, spec: GroupSpec, now: int, owner: str | None = None
) -> tuple[Group, auth.Links]:
    """Store a new group (created with facilitator key `owner`, if any); returns it and its
    links (which exist nowhere else)."""
    while True:
        group_id = auth.new_group_id()
        links, hashes = auth.mint(group_id, len(spec.members))
        doc = new_group(spec, group_id, now, hashes, owner)
        try:
            await store.create(doc)
        except GroupExists:
            continue  # 64 random bits collided: draw again
        except TooLarge:
            raise Refused(INVALID, "That would make the group too large to store.") from None
        return doc, links


async def delete(store: Store, group_id: str, now: int) -> bool:
    """Delete the group and close its sockets everywhere; False if it was already gone.

    A tombstone version is committed first, so every server process holding the group's
    sockets hears of it and closes them; then the document is removed.
    """
    try:
        await _write(store, group_id, lambda doc: tombstone(doc, now))
    except Refused as refused:
        if refused.code == NOT_FOUND:
            return False
        raise
    await store.delete(group_id)
    store.compact()  # nor should the history of a deleted group
    return True
