"""What each role sees of the course and of the signals.

- Everyone: which week of the course this is and its phase.
- Members: the agreements, and the goals a facilitator chose to share. Never signals, never
  who acknowledged, never anyone else's homework.
- The display: the agreements only while a facilitator shows them.
- Facilitators: all of it, and the signals. The full homework history and attendance go to
  the course summary (HTTP), not into every frame.
- A member's private part (`me`): their own acknowledgement, goal, homework and named signals
  (never the self-report's signals about them).
- Everyone: when the next session is planned, if a facilitator set it.
"""

from __future__ import annotations

from typing import Any

from ..document import (
    DEFAULT_AGREEMENTS,
    DISPLAY,
    FACILITATOR,
    MEMBER_SIGNAL_KINDS,
    Agreements,
    Course,
    Goal,
    Group,
    Homework,
    Role,
    Signal,
)
from ..session.schedule import scheduled_at
from .rules import attended, history, homework_for, phase, previous_homework

# A member's page lists this many of their own recent signals.
OWN_SIGNALS = 5


def week(doc: Group) -> dict[str, Any]:
    """Session N of M and its phase; `next` is the session a facilitator would start next."""
    planned = doc.sessions_planned
    number = doc.session.number if doc.session else 0
    upcoming = number + 1 if number < planned else None
    return {
        "number": number,
        "planned": planned,
        "phase": phase(number, planned) if number else None,
        "live": doc.session is not None and doc.session.status == "live",
        "next": upcoming,
        "next_phase": phase(upcoming, planned) if upcoming else None,
        "next_at": scheduled_at(doc.course, upcoming) if upcoming else None,
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {"areas": list(goal.areas), "text": goal.text, "shared": goal.shared}


def _homework(hw: Homework | None) -> dict[str, Any] | None:
    if hw is None:
        return None
    return {"session": hw.session, "text": hw.text, "by": hw.by}


def _homework_pair(course: Course, member: str, number: int) -> dict[str, Any]:
    """This week's homework and the one to report on at this week's check-in."""
    return {
        "this": _homework(homework_for(course, member, number)),
        "last": _homework(previous_homework(course, member, number)),
    }


def signal_item(signal: Signal) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": signal.id,
        "kind": signal.kind,
        "note": signal.note,
        "member": signal.member,
        "at": signal.at,
        "session": signal.session,
        "acknowledged_at": signal.acknowledged_at,
    }
    if signal.kind == "safety":
        item.update(instrument=signal.instrument, answer=signal.answer)
    elif signal.kind == "deterioration":
        item.update(instrument=signal.instrument, score=signal.score, change=signal.change)
    return item


def signals_inbox(doc: Group) -> list[dict[str, Any]]:
    """Unacknowledged signals, and this session's acknowledged ones."""
    number = doc.session.number if doc.session else None
    return [
        signal_item(s)
        for s in doc.signals.items
        if s.acknowledged_at is None or (number is not None and s.session == number)
    ]


def builtin_agreements(agreements: Agreements) -> list[int | None]:
    """Per agreement, which default one it still is word for word (None: a facilitator's own).
    Pages show a default agreement in each reader's language (`agreements.default.<n>`)."""
    return [DEFAULT_AGREEMENTS.index(i) if i in DEFAULT_AGREEMENTS else None for i in agreements.items]


def course_views(doc: Group, role: Role) -> dict[str, Any]:
    """The `course` part of a role's shared view (facilitators' `signals` part is
    signals_inbox)."""
    course = doc.course
    agreements = course.agreements
    out: dict[str, Any] = {"week": week(doc)}
    if role == DISPLAY:
        shown = {"items": list(agreements.items), "builtin": builtin_agreements(agreements)}
        out["agreements"] = shown if agreements.shown else None
        return out
    out["agreements"] = {
        "items": list(agreements.items),
        "builtin": builtin_agreements(agreements),
        "revision": agreements.revision,
    }
    if role != FACILITATOR:
        out["goals"] = {m: _goal(g) for m, g in course.goals.items() if g.shared}
        return out
    number = doc.session.number if doc.session else 0
    out["agreements"]["shown"] = agreements.shown
    out["agreements"]["acks"] = {m: a.revision for m, a in agreements.acks.items()}
    out["goals"] = {m: _goal(g) for m, g in course.goals.items()}
    out["homework"] = {m.id: _homework_pair(course, m.id, number) for m in doc.members}
    out["attendance"] = {"session": number, "members": list(attended(course, number))}
    out["schedule"] = [{"number": s.number, "at": s.at} for s in course.schedule]
    return out


def own_course(doc: Group, member: str) -> dict[str, Any]:
    """The `course` and `signals` parts of one member's private view."""
    course = doc.course
    ack = course.agreements.acks.get(member)
    goal = course.goals.get(member)
    number = doc.session.number if doc.session else 0
    homework = _homework_pair(course, member, number)
    homework["history"] = [_homework(hw) for hw in history(course, member)]
    sent = [s for s in doc.signals.items if s.member == member and s.kind in MEMBER_SIGNAL_KINDS]
    own = sent[-OWN_SIGNALS:]
    return {
        "course": {
            "agreements_ack": ack.revision if ack else None,
            "goal": _goal(goal) if goal else None,
            "homework": homework,
        },
        "signals": [
            {"id": s.id, "kind": s.kind, "at": s.at, "acknowledged": s.acknowledged_at is not None}
            for s in own
        ],
    }
