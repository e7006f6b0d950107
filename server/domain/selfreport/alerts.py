"""What a self-report tells the facilitators at once, in the same list as members' signals:
`safety` for any answer above 0 to PHQ-9 item 9, `deterioration` (quieter) for a reliable rise
since the member's previous score. Members never see these (course/view.py keeps them out of a
member's own list). Neither is ever refused for want of room: they may pass the list's cap.
"""

from __future__ import annotations

from ..course.signals import make_room, next_id
from ..document import Group, Report, Signal
from .trend import Change


def _append(doc: Group, signal: Signal) -> None:
    make_room(doc)
    doc.signals.items.append(signal)


def safety(doc: Group, member: str, session: int, answer: int, now: int) -> None:
    """One signal per answer per week: the same answer re-sent raises nothing; a different one
    updates the signal while nobody has acknowledged it, or raises a new one after."""
    raised = [
        s for s in doc.signals.items if s.kind == "safety" and s.member == member and s.session == session
    ]
    waiting = next((s for s in raised if s.acknowledged_at is None), None)
    if waiting is not None:
        if waiting.answer != answer:
            waiting.answer, waiting.at = answer, now
        return
    if any(s.answer == answer for s in raised):
        return
    _append(
        doc,
        Signal(
            id=next_id(doc),
            kind="safety",
            member=member,
            at=now,
            session=session,
            instrument="phq9",
            answer=answer,
        ),
    )


def deterioration(doc: Group, report: Report, total: int | None, change: Change | None, now: int) -> None:
    """At most one note per member, week and instrument. While unacknowledged it follows the
    last answers sent: it goes away if they no longer show a reliable rise."""
    about = ("deterioration", report.member, report.session, report.instrument)
    note = next((s for s in doc.signals.items if (s.kind, s.member, s.session, s.instrument) == about), None)
    rise = change.change if change is not None and change.reliable == "deteriorated" else None
    if note is None and rise is not None:
        _append(
            doc,
            Signal(
                id=next_id(doc),
                kind="deterioration",
                member=report.member,
                at=now,
                session=report.session,
                instrument=report.instrument,
                score=total,
                change=rise,
            ),
        )
    elif note is not None and note.acknowledged_at is None:
        if rise is None:
            doc.signals.items.remove(note)
        else:
            note.score, note.change, note.at = total, rise, now
