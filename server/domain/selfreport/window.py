"""When members may answer: the window before each session.

The window belongs to one session: the live one, or else the next of the course. It opens
`opens_before_min` minutes before that session's scheduled time, but never before the previous
session ended (without a schedule: when the previous session ended; for the first session,
when the group was created). It closes when the session's clock first moves on from its first
segment (grounding), or when the session ends, whichever comes first; going back to the first
segment does not reopen it. Views carry the two instants; pages compare them with the clock.
"""

from __future__ import annotations

from typing import NamedTuple

from ..document import Group, SelfReportSettings
from ..limits import MINUTE_MS
from ..refusal import CONFLICT, Refused
from ..session.schedule import scheduled_at


class Window(NamedTuple):
    session: int
    opens_at: int
    # None while it is still open-ended: the session has not yet left its first segment.
    closes_at: int | None

    def is_open(self, now: int) -> bool:
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


def window_session(doc: Group) -> int | None:
    """The session members answer for now: the live one, else the next; None after the last."""
    session = doc.session
    if session is not None and session.status == "live":
        return session.number
    upcoming = (session.number if session else 0) + 1
    return upcoming if upcoming <= doc.sessions_planned else None


def _previous_end(doc: Group, number: int) -> int:
    if number == 1:
        return doc.created_at
    held = next((h for h in doc.course.held if h.number == number - 1), None)
    if held is not None and held.ended_at is not None:
        return held.ended_at
    session = doc.session
    if session is not None and session.number == number - 1 and session.ended_at is not None:
        return session.ended_at
    return doc.created_at


def _closes_at(doc: Group, number: int) -> int | None:
    session = doc.session
    # An ended session is never the window's: the window has moved on to the next one.
    if session is None or session.number != number:
        return None
    return session.first_segment_ended_at


def window(doc: Group) -> Window | None:
    number = window_session(doc)
    if number is None:
        return None
    opens = _previous_end(doc, number)
    planned = scheduled_at(doc.course, number)
    if planned is not None:
        settings = doc.selfreport.settings if doc.selfreport else SelfReportSettings()
        opens = max(opens, planned - settings.opens_before_min * MINUTE_MS)
    return Window(number, opens, _closes_at(doc, number))


def open_window(doc: Group, now: int) -> int:
    """The session whose window is open now, or a refusal that says why there is none."""
    found = window(doc)
    if found is None:
        raise Refused(CONFLICT, "The course has ended: there is no questionnaire to answer.")
    if now < found.opens_at:
        raise Refused(
            CONFLICT, "The questionnaire for session {number} is not open yet.", number=found.session
        )
    if not found.is_open(now):
        raise Refused(
            CONFLICT,
            "The questionnaire for session {number} closed when the session moved on from its first segment.",
            number=found.session,
        )
    return found.session
