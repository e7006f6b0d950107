"""The retry memory: which commands were applied lately, so a retry is acknowledged, not re-applied.

A page resends a command whose ack it never saw (after a reconnect, possibly minutes later).
Its key is remembered for RETRY_MEMORY_MS by the server clock, however many commands the
group saw meanwhile; a count alone forgot a retry after any busy stretch. The list is still
capped, so a flood cannot grow the document: keys older than the window go first, then, only
if more than RECENT_COMMANDS were applied within it, the oldest of those.
"""

from __future__ import annotations

from . import limits


def seen(recent: dict[str, int], key: str) -> bool:
    return key in recent


def remember(recent: dict[str, int], key: str, now: int) -> dict[str, int]:
    """The memory after applying command `key` at `now` (a new dict: the old version keeps its own).

    Keys are kept in order of their times, so forgetting takes from the front: the expired
    ones, then the oldest beyond the cap. An instance whose clock runs a little behind another's
    writes a time before the newest: then the memory is rebuilt in order of time (rare), and such a
    time is never a reason to forget the others early.
    """
    # copy(), not dict(): it clones the table even with the holes forgetting leaves (up to a
    # third), where dict() re-inserts every key, which is 4x the time with 256 keys.
    kept = recent.copy()
    kept.pop(key, None)
    if kept and now < next(reversed(kept.values())):
        kept = dict(sorted(kept.items(), key=lambda item: item[1]))
    while kept:
        first = next(iter(kept))
        if now - kept[first] < limits.RETRY_MEMORY_MS and len(kept) < limits.RECENT_COMMANDS:
            break
        del kept[first]
    if not kept or now >= next(reversed(kept.values())):
        kept[key] = now
        return kept
    return dict(sorted([*kept.items(), (key, now)], key=lambda item: item[1]))
