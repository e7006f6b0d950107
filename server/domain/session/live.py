"""Helpers shared by commands that act on the live session."""

from __future__ import annotations

from ..document import Group, Session
from ..refusal import CONFLICT, Refused


def live_session(doc: Group) -> Session:
    if doc.session is None or doc.session.status != "live":
        raise Refused(CONFLICT, "No session is running. Start the session first.")
    return doc.session


def stop_run(session: Session, now: int) -> None:
    """Fold the current run into the segment's elapsed time; the segment is then not running."""
    if session.run_started_at is not None:
        seg = session.segments[session.current]
        seg.elapsed_ms += max(0, now - session.run_started_at)
    session.run_started_at = None


def start_run(session: Session, now: int) -> None:
    session.state = "running"
    session.run_started_at = now


def move_to(session: Session, index: int, now: int) -> None:
    """Leave the current segment and run the one at `index`, picking up its own elapsed time."""
    stop_run(session, now)
    if session.current == 0 and index != 0 and session.first_segment_ended_at is None:
        session.first_segment_ended_at = now
    session.current = index
    start_run(session, now)
