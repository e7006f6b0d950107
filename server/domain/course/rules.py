"""The course's rules: the phase of a week, homework and attendance lookups, and the checks
shared by the course commands (whose record a command is about, which week)."""

from __future__ import annotations

from typing import Literal

from ..document import MEMBER, Course, Group, Held, Homework
from ..refusal import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, Phrase, Refused
from ..registry import Actor
from ..text import clean


def session_started(course: Course, number: int, now: int) -> None:
    course.held.append(Held(number=number, started_at=now))


def session_ended(course: Course, number: int, now: int) -> None:
    for held in course.held:
        if held.number == number:
            held.ended_at = now


Phase = Literal["initial", "middle", "termination"]


def phase_lengths(planned: int) -> tuple[int, int]:
    """(initial, termination) session counts of a course of `planned` sessions.

    DOMAIN.md: initial = sessions 1-3, termination = the last 3-4. We take the last 4 for
    courses of 12 or more sessions (16-week courses have room for a longer goodbye), else 3.
    A course too short for both keeps its first half initial and its second half termination.
    """
    initial, termination = 3, (4 if planned >= 12 else 3)
    if planned < initial + termination:
        initial = (planned + 1) // 2
        termination = planned - initial
    return initial, termination


def phase(number: int, planned: int) -> Phase:
    """The phase of session `number` (1-based) of a course of `planned` sessions."""
    initial, termination = phase_lengths(planned)
    if number <= initial:
        return "initial"
    if number > planned - termination:
        return "termination"
    return "middle"


def homework_for(course: Course, member: str, session: int) -> Homework | None:
    for hw in course.homework:
        if hw.member == member and hw.session == session:
            return hw
    return None


def previous_homework(course: Course, member: str, before: int) -> Homework | None:
    """The member's latest homework set before session `before` (last week's, or older if
    they missed a week)."""
    found: Homework | None = None
    for hw in course.homework:
        if hw.member == member and hw.session < before and (found is None or hw.session > found.session):
            found = hw
    return found


def history(course: Course, member: str) -> list[Homework]:
    return sorted((hw for hw in course.homework if hw.member == member), key=lambda hw: hw.session)


def attended(course: Course, session: int) -> list[str]:
    for record in course.attendance:
        if record.session == session:
            return record.members
    return []


def check_member(doc: Group, member: str) -> str:
    if not any(m.id == member for m in doc.members):
        raise Refused(NOT_FOUND, "There is no such member in this group.")
    return member


def subject(doc: Group, actor: Actor, member: str | None, what: Phrase) -> str:
    """The member a command is about. A member acts only for themselves; a facilitator names
    the member."""
    if actor.role == MEMBER:
        assert actor.member is not None
        if member is not None and member != actor.member:
            # Translators: {what} names what is being changed ("homework"), an entry of its own here.
            raise Refused(FORBIDDEN, "You can only change your own {what}.", what=what)
        return actor.member
    if member is None:
        raise Refused(INVALID, "Say which member (member_id).")
    return check_member(doc, member)


def this_week(doc: Group) -> int:
    """The number of the session held most recently (running or ended): homework set now
    belongs to it."""
    if doc.session is None:
        raise Refused(CONFLICT, "No session has been held yet; homework is set in a session.")
    return doc.session.number


def text(value: str, *, field: Phrase, limit: int, allow_empty: bool = False) -> str:
    if allow_empty and not value.strip():
        return ""
    return clean(value, field=field, limit=limit)
