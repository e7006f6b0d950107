"""Members' goals: a focus area (at most two) and a goal in the member's words."""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import MAX_AREAS, MAX_GOAL, FocusArea, Goal, Group
from ..refusal import INVALID, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from .rules import check_member, text

Areas = Annotated[list[FocusArea], msgspec.Meta(max_length=8)]


class SetGoal(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member_id: str
    areas: Areas
    text: str = ""


class Share(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member_id: str
    shared: bool


class Who(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member_id: str


@command("goal.set", roles=FACILITATORS, args=SetGoal)
def set_goal(doc: Group, args: SetGoal, actor: Actor, now: int) -> None:
    """Record a member's focus area(s) and goal in their words."""
    member = check_member(doc, args.member_id)
    areas = list(dict.fromkeys(args.areas))
    if len(areas) > MAX_AREAS:
        raise Refused(INVALID, "A goal has at most two focus areas.")
    words = text(args.text, field=Phrase("goal"), limit=MAX_GOAL, allow_empty=True)
    if not areas and not words:
        raise Refused(INVALID, "Give a focus area or the goal in the member's words.")
    goal = doc.course.goals.get(member)
    if goal is not None and goal.areas == areas and goal.text == words:
        raise Unchanged()
    shared = goal.shared if goal is not None else False
    doc.course.goals[member] = Goal(areas=areas, text=words, shared=shared, updated_at=now)


@command("goal.share", roles=FACILITATORS, args=Share)
def share(doc: Group, args: Share, actor: Actor, now: int) -> None:
    """Show (or stop showing) a member's goal to the other members."""
    goal = doc.course.goals.get(check_member(doc, args.member_id))
    if goal is None:
        raise Refused(INVALID, "Record this member's goal first.")
    if goal.shared == args.shared:
        raise Unchanged()
    goal.shared = args.shared


@command("goal.clear", roles=FACILITATORS, args=Who)
def clear(doc: Group, args: Who, actor: Actor, now: int) -> None:
    """Remove a member's goal."""
    if doc.course.goals.pop(check_member(doc, args.member_id), None) is None:
        raise Unchanged()
