"""Clock arithmetic over a session: pure functions of the stored instants and `now`.

overlay/core/clock.js is a line-for-line port; keep the two in step.
"""

from __future__ import annotations

from ..document import Session


def segment_elapsed(session: Session, index: int, now: int) -> int:
    seg = session.segments[index]
    if index == session.current and session.run_started_at is not None:
        return seg.elapsed_ms + max(0, now - session.run_started_at)
    return seg.elapsed_ms


def remaining(session: Session, now: int) -> int:
    """Milliseconds left in the current segment; negative means overtime."""
    seg = session.segments[session.current]
    return seg.duration_ms - segment_elapsed(session, session.current, now)


def planned_end(session: Session) -> int:
    return session.started_at + sum(s.duration_ms for s in session.segments)


def projected_end(session: Session, now: int) -> int:
    """When the session will end if every segment from here on runs to its planned length.

    Past segments count as they actually ran, the current one at least as long as planned.
    """
    if session.status == "ended" and session.ended_at is not None:
        return session.ended_at
    cur = session.segments[session.current]
    cur_elapsed = segment_elapsed(session, session.current, now)
    future = sum(s.duration_ms for s in session.segments[session.current + 1 :])
    # Past segments already lie behind `now`; only the plan still ahead is added to it.
    return now + max(0, cur.duration_ms - cur_elapsed) + future
