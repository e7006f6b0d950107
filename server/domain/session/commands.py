"""Starting and ending the week's session."""

from __future__ import annotations

import msgspec

from ..course.rules import session_ended, session_started
from ..document import Group, Segment, Session
from ..floor.rules import begin_session, end_session
from ..refusal import CONFLICT, Plural, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from .live import stop_run


class SessionNumber(msgspec.Struct, forbid_unknown_fields=True):
    number: int


def next_number(doc: Group) -> int:
    return (doc.session.number if doc.session else 0) + 1


@command("session.start", roles=FACILITATORS, args=SessionNumber)
def start(doc: Group, args: SessionNumber, actor: Actor, now: int) -> None:
    """Start session `number` (the next of the course) from the agenda template; its first segment runs."""
    expected = next_number(doc)
    if doc.session is not None and args.number <= doc.session.number:
        raise Unchanged()  # that session was already started, by this click or a co-facilitator's
    if doc.session is not None and doc.session.status == "live":
        raise Refused(CONFLICT, "Session {number} is still running. End it first.", number=doc.session.number)
    if args.number != expected:
        raise Refused(
            CONFLICT,
            "The next session is number {expected}, not {number}.",
            expected=expected,
            number=args.number,
        )
    if args.number > doc.sessions_planned:
        raise Refused(
            CONFLICT,
            Plural("The course's only session was held.", "The course has {n} sessions and all were held."),
            n=doc.sessions_planned,
        )
    if not doc.template:
        raise Refused(CONFLICT, "The agenda is empty. Add a segment first.")
    segments = [Segment(id=s.id, title=s.title, kind=s.kind, duration_ms=s.duration_ms) for s in doc.template]
    doc.session = Session(
        number=args.number,
        started_at=now,
        segments=segments,
        state="running",
        run_started_at=now,
    )
    session_started(doc.course, args.number, now)
    begin_session(doc)


@command("session.end", roles=FACILITATORS, args=SessionNumber)
def end(doc: Group, args: SessionNumber, actor: Actor, now: int) -> None:
    """End the running session `number`; its times are kept."""
    session = doc.session
    if session is None or args.number != session.number or session.status == "ended":
        if session is not None and args.number <= session.number:
            raise Unchanged()
        raise Refused(CONFLICT, "Session {number} is not running.", number=args.number)
    end_session(doc, now)
    stop_run(session, now)
    session.state = "idle"
    session.status = "ended"
    session.ended_at = now
    session_ended(doc.course, args.number, now)
