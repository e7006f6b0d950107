"""Running one command against the store: load, apply, compare-and-set, retry on a race."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any

from .domain import Actor, Refused, Unchanged, apply
from .domain.refusal import CONFLICT, INVALID, NOT_FOUND
from .store import Store, TooLarge, VersionConflict

ATTEMPTS = 12
# Rivals that lost a race would otherwise reload and collide again in lockstep (with several
# instances, or a burst of raised hands); a short random pause spreads them out.
RETRY_PAUSE = 0.002
RETRY_PAUSE_CAP = 0.05


async def execute(
    store: Store,
    group_id: str,
    name: str,
    args: Any,
    actor: Actor,
    now: Callable[[], int],
    key: str | None = None,
) -> tuple[int, bool]:
    """Apply and commit; returns (version, changed). Raises Refused."""
    for attempt in range(ATTEMPTS):
        if attempt:
            await asyncio.sleep(random.uniform(0, min(RETRY_PAUSE_CAP, RETRY_PAUSE * 2**attempt)))
        doc = await store.load(group_id)
        if doc is None:
            raise Refused(NOT_FOUND, "This group no longer exists.")
        try:
            new = apply(doc, name, args, actor, now(), key)
        except Unchanged:
            return doc.version, False
        try:
            await store.commit(new, doc.version)
        except VersionConflict:
            continue
        except TooLarge:
            raise Refused(INVALID, "That would make the group too large to store.") from None
        return new.version, True
    raise Refused(CONFLICT, "The group is changing very quickly; please try again.")
