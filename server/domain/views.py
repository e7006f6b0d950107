"""What each role may see of a group.

The shared part of a view is the same for everyone in a role, so the hub encodes it once;
`private_view` holds what only one member may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .course.view import course_views, own_course, signals_inbox
from .document import FACILITATOR, MEMBER, Group, Role, Segment, Session
from .feedback.view import feedback_view
from .floor.view import floor_view, own_floor_time
from .selfreport.view import facilitators_view, own_selfreport


def _segment(seg: Segment) -> dict[str, Any]:
    return {
        "id": seg.id,
        "title": seg.title,
        "kind": seg.kind,
        "duration_ms": seg.duration_ms,
        "elapsed_ms": seg.elapsed_ms,
    }


def _session(session: Session) -> dict[str, Any]:
    return {
        "number": session.number,
        "status": session.status,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "current": session.current,
        "state": session.state,
        "run_started_at": session.run_started_at,
        "segments": [_segment(s) for s in session.segments],
    }


@dataclass(frozen=True, slots=True)
class Part:
    """One key of a role's shared view: what it is built from (`inputs`: the parts of the group
    it reads, as objects, and the few plain values), and how it is built. Two versions whose
    inputs are the same give the same value, so a caller may keep the encoded part (the hub
    does: most commands change the floor or the clock and leave the rest as it was);
    tests/domain/test_views.py checks every part keeps that promise."""

    key: str
    inputs: Callable[[Group], tuple[Any, ...]]
    build: Callable[[Group, Role], Any]
    # The role whose build a role's equals (`build(doc, role) == build(doc, audience(role))`):
    # a part that is the same for every role, or for all but facilitators, is built once for all
    # of them (tests/domain/test_views.py checks the promise).
    audience: Callable[[Role], Role] = lambda role: role


def _anyone(_role: Role) -> Role:
    return MEMBER


def _facilitator_or_not(role: Role) -> Role:
    return FACILITATOR if role == FACILITATOR else MEMBER


def _group(doc: Group, _role: Role) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "sessions_planned": doc.sessions_planned,
        "language": doc.language,
    }


def _number(doc: Group) -> int:
    return doc.session.number if doc.session else 0


def _status(doc: Group) -> str | None:
    return doc.session.status if doc.session else None


# The session parts read only a few plain values of the session (its number, whether it is
# live, when it ended): so moving or pausing the clock, which makes a new session object,
# leaves the feedback, course, signals and self-report parts as they were.
_EVERYONE = (
    Part("group", lambda d: (d.id, d.name, d.sessions_planned, d.language), _group, _anyone),
    Part(
        "members",
        lambda d: (d.members,),
        lambda d, _r: [{"id": m.id, "name": m.name} for m in d.members],
        _anyone,
    ),
    Part(
        "session",
        lambda d: (d.session,),
        lambda d, _r: _session(d.session) if d.session else None,
        _anyone,
    ),
    Part("floor", lambda d: (d.floor, d.session, d.members), floor_view, _facilitator_or_not),
    Part("feedback", lambda d: (d.feedback, d.members, _number(d)), feedback_view, _facilitator_or_not),
    Part("course", lambda d: (d.course, _number(d), _status(d), d.members, d.sessions_planned), course_views),
)
_FACILITATORS = (
    *_EVERYONE,
    Part("signals", lambda d: (d.signals, _number(d)), lambda d, _r: signals_inbox(d)),
    Part("template", lambda d: (d.template,), lambda d, _r: [_segment(s) for s in d.template]),
    Part(
        "selfreport",
        lambda d: (
            d.selfreport,
            d.members,
            d.course,
            d.sessions_planned,
            _number(d),
            _status(d),
            d.session.ended_at if d.session else None,
            d.session.first_segment_ended_at if d.session else None,
        ),
        lambda d, _r: facilitators_view(d),
    ),
)


def shared_parts(role: Role) -> tuple[Part, ...]:
    return _FACILITATORS if role == FACILITATOR else _EVERYONE


def same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two inputs are the same: the same objects, or equal plain values."""
    for x, y in zip(a, b, strict=True):
        if x is not y and not (type(x) in _PLAIN and x == y):
            return False
    return True


_PLAIN = (int, str)


def shared_view(doc: Group, role: Role) -> dict[str, Any]:
    return {part.key: part.build(doc, role) for part in shared_parts(role)}


def private_inputs(doc: Group) -> tuple[Any, ...]:
    """Everything every member's private view is made of: two versions whose inputs are the same
    (the same objects, which committed versions share when a command did not change them; and
    equal values for the session's times) give every member the same private view, so a caller
    may keep the encoded views and skip building them again (server/ws/hub.py does). Kept beside
    private_view so the two change together; tests/domain/test_views.py checks the promise."""
    session = doc.session
    return (
        doc.members,
        doc.course,
        doc.signals,
        doc.selfreport,
        doc.floor if doc.floor.settings.show_own_floor_time else None,
        None
        if session is None
        else (
            session.number,
            session.status,
            session.started_at,
            session.ended_at,
            session.first_segment_ended_at,
        ),
    )


def same_inputs(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether two private_inputs() promise the same private views."""
    return same(a[:-1], b[:-1]) and a[-1] == b[-1]


def private_view(doc: Group, member_id: str) -> dict[str, Any]:
    member = next((m for m in doc.members if m.id == member_id), None)
    return {
        "id": member_id,
        "name": member.name if member else "",
        "airtime": own_floor_time(doc, member_id),
        **own_course(doc, member_id),
        "selfreport": own_selfreport(doc, member_id),
    }


def view(doc: Group, role: Role, member_id: str | None) -> dict[str, Any]:
    out = shared_view(doc, role)
    if member_id is not None:
        out["me"] = private_view(doc, member_id)
    return out
