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

    Keys are kept in order of their times. So while the oldest is still within the window, the
    memory is not full and `now` is not before the newest (the usual case), the new memory is a
    copy and one more key. Otherwise it is rebuilt: expired keys out, then the oldest beyond the
    cap. An instance whose clock runs a little behind another's writes a time before the newest:
    the key goes in its place by time, and is never a reason to forget the others early.
    """
    if recent:
        oldest, newest = next(iter(recent.values())), next(reversed(recent.values()))
        if now - oldest < limits.RETRY_MEMORY_MS and now >= newest and len(recent) < limits.RECENT_COMMANDS:
            kept = dict(recent)
            kept.pop(key, None)
            kept[key] = now
            return kept
    times = sorted([(at, k) for k, at in recent.items() if k != key and now - at < limits.RETRY_MEMORY_MS])
    times.append((now, key))
    times.sort()
    return {k: at for at, k in times[-limits.RECENT_COMMANDS :]}
