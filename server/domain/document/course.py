"""The course across its weeks: agreements, members' goals, homework and attendance.

One sub-document of the group (`Group.course`). Everything here lives in the one group
document, so it carries from one weekly session to the next by itself: `session.start` only
replaces the live session, never the course.
"""

from __future__ import annotations

from typing import Literal

import msgspec

FocusArea = Literal["grief", "role_transition", "dispute", "isolation"]
Writer = Literal["member", "facilitator"]

FOCUS_LABELS: dict[str, str] = {
    "grief": "Grief and loss",
    "role_transition": "Role transition",
    "dispute": "Interpersonal dispute",
    "isolation": "Interpersonal deficits / isolation",
}

# DOMAIN.md, "Group agreements": sent before the first meeting and discussed in it.
DEFAULT_AGREEMENTS: tuple[str, ...] = (
    "Show up on time.",
    "Keep other members' privacy and anonymity outside the group.",
    "Challenge yourself to speak more if you are usually quiet, and to make space if you usually talk a lot.",
    "If a microaggression or other transgression happens, raise it with the group — or "
    "privately with the facilitators if that feels too uncomfortable.",
)

# Bounds: generous for real words, small enough that a course of 52 weeks stays a few KB.
MAX_AGREEMENTS = 12
MAX_AGREEMENT = 280
MAX_GOAL = 240
MAX_HOMEWORK = 240
MAX_AREAS = 2


class Ack(msgspec.Struct, kw_only=True):
    """A member read the agreements at `revision`."""

    revision: int
    at: int


class Agreements(msgspec.Struct, kw_only=True):
    items: list[str] = msgspec.field(default_factory=lambda: list(DEFAULT_AGREEMENTS))
    # Bumped on every edit: an acknowledgement names the wording the member read.
    revision: int = 1
    # Shown on the display view (e.g. at the start of a session) while true.
    shown: bool = False
    acks: dict[str, Ack] = msgspec.field(default_factory=dict)


class Goal(msgspec.Struct, kw_only=True):
    """A member's focus area(s) and goal in their own words, as the facilitator recorded it."""

    areas: list[FocusArea] = msgspec.field(default_factory=list)
    text: str = ""
    # Other members see this goal only if a facilitator chose to share it.
    shared: bool = False
    updated_at: int = 0


class Homework(msgspec.Struct, kw_only=True):
    """The task a member set themselves in session `session`, to report on the week after."""

    member: str
    session: int
    text: str
    by: Writer
    at: int


class Attendance(msgspec.Struct, kw_only=True):
    """Members who were there in session `session` (their page was open, or a facilitator said so)."""

    session: int
    members: list[str] = msgspec.field(default_factory=list)


class Held(msgspec.Struct, kw_only=True):
    """When session `number` ran: the live session is replaced each week, this record stays."""

    number: int
    started_at: int
    ended_at: int | None = None


class Scheduled(msgspec.Struct, kw_only=True):
    """When session `number` is planned to start, as a facilitator set it."""

    number: int
    at: int


class Course(msgspec.Struct, kw_only=True):
    agreements: Agreements = msgspec.field(default_factory=Agreements)
    goals: dict[str, Goal] = msgspec.field(default_factory=dict)
    homework: list[Homework] = msgspec.field(default_factory=list)
    attendance: list[Attendance] = msgspec.field(default_factory=list)
    held: list[Held] = msgspec.field(default_factory=list)
    # Planned start times of coming sessions, by number (sessions have no fixed weekday).
    schedule: list[Scheduled] = msgspec.field(default_factory=list)
