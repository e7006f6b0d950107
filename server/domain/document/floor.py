"""The floor: who speaks now, who waits, rounds, in-depth turns and the floor-time ledger.

Wire and stored names differ from the code's words in two places, kept for the protocol
and for stored groups: an in-depth turn is `spotlight`, floor time is `airtime` on the wire.

One sub-document of the group (`Group.floor`). Like the segment clock it stores instants and
accumulated durations, never "time left": a turn's held time is `elapsed_ms` plus, while it
runs, `now - run_started_at`. A paused turn has `run_started_at = None` and gains nothing.
"""

from __future__ import annotations

from typing import Literal

import msgspec

TurnKind = Literal["hand", "round", "spotlight"]

# A round or in-depth share is never shorter than this, even when the segment is in overtime.
MIN_SHARE_MS = 60_000
# An in-depth segment holds this many turns unless the facilitator says otherwise (3 x 20 min).
IN_DEPTH_TURNS = 3
# A console's automatic advance may arrive this early (its clock estimate is good to ~100 ms).
AUTO_EARLY_MS = 1_000
MAX_TURN_MINUTES = 120


class Turn(msgspec.Struct, kw_only=True):
    """One member holding the floor."""

    id: str
    member: str
    kind: TurnKind
    segment_id: str
    started_at: int
    # Planned length; None for an open turn (a raised hand with no limit set).
    share_ms: int | None = None
    # Held time before the present run; the present run began at run_started_at (None: paused).
    elapsed_ms: int = 0
    run_started_at: int | None = None
    # Stopped because the session clock stopped (not by hand): the clock's resume resumes it.
    paused_with_segment: bool = False


class Round(msgspec.Struct, kw_only=True):
    """Everyone in turn, for one segment. Passing leaves no mark: a pass is just a visit."""

    segment_id: str
    order: list[str]
    visited: list[str] = msgspec.field(default_factory=list)
    # Who the facilitator last said is in the room; absent members are skipped, not visited.
    present: list[str] = msgspec.field(default_factory=list)


class InDepth(msgspec.Struct, kw_only=True):
    """The in-depth turns of one segment: who, in what order, and how long each."""

    segment_id: str
    picks: list[str]
    turn_ms: int
    done: list[str] = msgspec.field(default_factory=list)


class FloorTime(msgspec.Struct, kw_only=True):
    """One session's floor ledger: milliseconds held per member, and who went in depth."""

    session: int
    ms: dict[str, int] = msgspec.field(default_factory=dict)
    in_depth: list[str] = msgspec.field(default_factory=list, name="spotlights")


class FloorSettings(msgspec.Struct, kw_only=True):
    least_heard_first: bool = False
    auto_advance: bool = False
    # Members see their own floor time only if the facilitator turns this on.
    show_own_floor_time: bool = msgspec.field(default=False, name="show_own_airtime")
    hand_turn_ms: int | None = None
    # Pausing the session clock pauses the speaker's turn too, and resuming it resumes the turn.
    pause_turn_with_segment: bool = True


class Floor(msgspec.Struct, kw_only=True):
    turn: Turn | None = None
    queue: list[str] = msgspec.field(default_factory=list)
    round: Round | None = None
    in_depth: InDepth | None = msgspec.field(default=None, name="spotlight")
    settings: FloorSettings = msgspec.field(default_factory=FloorSettings)
    # The ledger, one entry per session of the course; closed turns only (the running turn
    # is added when it ends).
    ledger: list[FloorTime] = msgspec.field(default_factory=list)
    # Counter for turn ids, never reset, so a turn id names one turn for the whole course.
    seq: int = 0
