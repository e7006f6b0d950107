"""Attendance: who was there in each session.

Presence is connection state and lives in the hub, not here. The server records it: when a
member's page is open while a session runs, it sends `attendance.mark` for them (acting for
the facilitators, who may also correct the record by hand, e.g. for someone on Zoom without
their page open).

Being recorded present in the live session also counts for a round running in it: a member
who arrives late and has not had their round turn speaks after everyone still to speak.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import Attendance, Group
from ..floor.rules import active_round, mark_present
from ..limits import MAX_MEMBERS
from ..refusal import CONFLICT, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from .rules import check_member

MemberIds = Annotated[list[str], msgspec.Meta(min_length=1, max_length=MAX_MEMBERS)]


class Mark(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    session: int
    member_ids: MemberIds
    present: bool = True


@command("attendance.mark", roles=FACILITATORS, args=Mark, changes=("course", "floor"))
def mark(doc: Group, args: Mark, actor: Actor, now: int) -> None:
    """Record members as present (or absent) in session `session` (one already started)."""
    held = doc.session.number if doc.session else 0
    if not 1 <= args.session <= held:
        raise Refused(CONFLICT, "Session {number} has not been held.", number=args.session)
    members = [check_member(doc, m) for m in args.member_ids]
    record = next((a for a in doc.course.attendance if a.session == args.session), None)
    if record is None:
        record = Attendance(session=args.session)
    before = set(record.members)
    after = before | set(members) if args.present else before - set(members)
    joined = args.present and args.session == held and _join_round(doc, members)
    if after == before and not joined:
        raise Unchanged()
    record.members = [m.id for m in doc.members if m.id in after]
    if record not in doc.course.attendance:
        doc.course.attendance.append(record)
        doc.course.attendance.sort(key=lambda a: a.session)


def _join_round(doc: Group, members: list[str]) -> bool:
    """Members now here join the round of the live session's segment, if one runs."""
    rnd = active_round(doc)
    if rnd is None or doc.session is None or doc.session.status != "live":
        return False
    arriving = [m for m in members if m not in rnd.present]
    if not arriving:
        return False
    mark_present(rnd, rnd.present + arriving, doc.floor.turn.member if doc.floor.turn else None)
    return True
