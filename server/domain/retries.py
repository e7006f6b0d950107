"""The retry memory: which commands were applied lately, so a retry is acknowledged, not re-applied.

A page resends a command whose ack it never saw (after a reconnect, possibly minutes later).
Its key is remembered for RETRY_MEMORY_MS by the server clock, however many commands the
group saw meanwhile; a count alone forgot a retry after any busy stretch. The list is still
capped, so a flood cannot grow the document: keys older than the window go first, then, only
if more than RECENT_COMMANDS were applied within it, the oldest of those.
"""

from __future__ import annotations

from . import limits
from .document import Recent


def seen(recent: list[Recent], key: str) -> bool:
    return any(r.key == key for r in recent)


def remember(recent: list[Recent], key: str, now: int) -> list[Recent]:
    """The memory after applying command `key` at `now`."""
    # An instance whose clock runs a little behind another's writes `at` values from the
    # "future": they are kept, never a reason to forget early.
    kept = [r for r in recent if now - r.at < limits.RETRY_MEMORY_MS]
    kept.append(Recent(key, now))
    return kept[-limits.RECENT_COMMANDS :]
