"""When coming sessions are planned to start. Sessions have no fixed weekday: a facilitator
sets each one's time (members see the next one), and the self-report window opens from it."""

from __future__ import annotations

import msgspec

from ..document import Course, Group, Scheduled
from ..refusal import CONFLICT, INVALID, Plural, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from ..retention import DAY_MS

# A time more than a day in the past is a typing slip, not a plan.
PAST_SLACK_MS = DAY_MS
AHEAD_MS = 2 * 366 * DAY_MS


class Schedule(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    number: int
    at: int | None


def scheduled_at(course: Course, number: int) -> int | None:
    return next((s.at for s in course.schedule if s.number == number), None)


@command("session.schedule", roles=FACILITATORS, args=Schedule)
def schedule(doc: Group, args: Schedule, actor: Actor, now: int) -> None:
    """Plan when session `number` starts (`at`, server ms), or clear it (`null`)."""
    if not 1 <= args.number <= doc.sessions_planned:
        raise Refused(
            INVALID,
            Plural("The course has only session 1.", "The course has sessions 1 to {n}."),
            n=doc.sessions_planned,
        )
    if doc.session is not None and args.number <= doc.session.number:
        raise Refused(CONFLICT, "Session {number} has already started.", number=args.number)
    if args.at is not None and not now - PAST_SLACK_MS <= args.at <= now + AHEAD_MS:
        raise Refused(INVALID, "Choose a time from today to two years ahead.")
    plan = doc.course.schedule
    if scheduled_at(doc.course, args.number) == args.at:
        raise Unchanged()
    plan[:] = [s for s in plan if s.number != args.number]
    if args.at is not None:
        plan.append(Scheduled(number=args.number, at=args.at))
        plan.sort(key=lambda s: s.number)
