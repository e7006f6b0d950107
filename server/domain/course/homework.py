"""Homework: the task each member sets themselves for the week, reported on the week after.

A member writes their own; a facilitator may record it for them. Homework belongs to the
session held most recently, and can be written until the next session starts.
"""

from __future__ import annotations

import msgspec

from ..document import MAX_HOMEWORK, MEMBER, Group, Homework, Writer
from ..refusal import Phrase, Unchanged
from ..registry import PARTICIPANTS, Actor, command
from .rules import homework_for, subject, text, this_week


class SetHomework(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    text: str
    member_id: str | None = None


class Whose(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member_id: str | None = None


@command("homework.set", roles=PARTICIPANTS, args=SetHomework, changes=("course",))
def set_homework(doc: Group, args: SetHomework, actor: Actor, now: int) -> None:
    """Write this week's homework (a member: their own; a facilitator: `member_id`'s)."""
    member = subject(doc, actor, args.member_id, Phrase("homework"))
    session = this_week(doc)
    words = text(args.text, field=Phrase("homework"), limit=MAX_HOMEWORK)
    by: Writer = "member" if actor.role == MEMBER else "facilitator"
    hw = homework_for(doc.course, member, session)
    if hw is None:
        doc.course.homework.append(Homework(member=member, session=session, text=words, by=by, at=now))
        return
    if hw.text == words:
        raise Unchanged()
    hw.text, hw.by, hw.at = words, by, now


@command("homework.clear", roles=PARTICIPANTS, args=Whose, changes=("course",))
def clear(doc: Group, args: Whose, actor: Actor, now: int) -> None:
    """Remove this week's homework (a member: their own)."""
    member = subject(doc, actor, args.member_id, Phrase("homework"))
    hw = homework_for(doc.course, member, this_week(doc))
    if hw is None:
        raise Unchanged()
    doc.course.homework.remove(hw)
