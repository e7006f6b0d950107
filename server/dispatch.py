"""Running one command against the store: load, apply, compare-and-set, retry on a race."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .domain import Actor, Refused, Unchanged, apply
from .domain.errors import CONFLICT, INVALID, NOT_FOUND
from .store import Store, TooLarge, VersionConflict

ATTEMPTS = 8


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
    for _ in range(ATTEMPTS):
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
