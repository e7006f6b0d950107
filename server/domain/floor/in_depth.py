"""In-depth turns: the facilitator picks who goes in depth in a spotlight segment.

The console suggests the members with the fewest in-depth turns so far in the course (see
floor_view.suggestions); the group's feedback is part of each turn's time.

A pick names the picks it replaces (what the console showed), so two consoles picking at once
cannot silently overwrite each other: the second is told to look again.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from .. import limits
from ..document import IN_DEPTH_TURNS, MAX_TURN_MINUTES, Group, InDepth
from ..refusal import CONFLICT, INVALID, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from ..session.live import live_session
from .rules import check_members

Picks = Annotated[list[str], msgspec.Meta(max_length=limits.MAX_MEMBERS)]


class Pick(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    members: list[str]
    # Each turn's length; omitted: the segment's planned length shared by 3 (3 x 20 in 60 min).
    minutes: int | None = None
    # The picks this one replaces, as the console saw them ([] for none). Omitted (consoles
    # from before it existed): not checked, the last pick wins.
    replaces: Picks | None = None


@command("spotlight.pick", roles=FACILITATORS, args=Pick, changes=("floor",))
def pick(doc: Group, args: Pick, actor: Actor, now: int) -> None:
    """Pick who has the in-depth turns of the current spotlight segment, in order."""
    session = live_session(doc)
    segment = session.segments[session.current]
    if segment.kind != "spotlight":
        raise Refused(CONFLICT, "In-depth turns are picked in an in-depth (spotlight) segment.")
    if len(args.members) > limits.MAX_MEMBERS:
        raise Refused(INVALID, "Pick at most {max} members.", max=limits.MAX_MEMBERS)
    members = check_members(doc, args.members)
    if args.minutes is None:
        turn_ms = max(60_000, segment.duration_ms // IN_DEPTH_TURNS // 60_000 * 60_000)
    elif 1 <= args.minutes <= MAX_TURN_MINUTES:
        turn_ms = args.minutes * 60_000
    else:
        raise Refused(INVALID, "An in-depth turn lasts between 1 and {max} minutes.", max=MAX_TURN_MINUTES)
    spot = doc.floor.in_depth
    if spot is None or spot.segment_id != segment.id:
        spot = None
    if spot is not None and spot.picks == members and spot.turn_ms == turn_ms:
        raise Unchanged()  # already so: a retry, or the same pick from another console
    if args.replaces is not None and args.replaces != (spot.picks if spot else []):
        raise Refused(CONFLICT, "The in-depth turns were just picked by someone else; look again.")
    if spot is not None:
        spot.picks = members
        spot.turn_ms = turn_ms
        return
    doc.floor.in_depth = InDepth(segment_id=segment.id, picks=members, turn_ms=turn_ms)
