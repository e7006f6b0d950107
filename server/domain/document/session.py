"""The live session: this week's segments and the segment clock's stored instants.

Instants are server milliseconds since the epoch; "time remaining" is never stored
(domain/clock/countdown.py derives it from `now`).
"""

from __future__ import annotations

from typing import Literal

import msgspec

# What a segment is for; behaviour follows the kind, never the title. `homework` runs its
# turns as a round, and members' pages offer the homework box in it.
SegmentKind = Literal["lead", "round", "discussion", "spotlight", "homework"]
SegmentState = Literal["idle", "running", "paused"]
SessionStatus = Literal["live", "ended"]


class Segment(msgspec.Struct, kw_only=True):
    id: str
    title: str
    kind: SegmentKind = "discussion"
    duration_ms: int
    # Time this segment has run in the live session, not counting the current run.
    elapsed_ms: int = 0


class Session(msgspec.Struct, kw_only=True):
    number: int
    status: SessionStatus = "live"
    started_at: int
    ended_at: int | None = None
    segments: list[Segment]
    current: int = 0
    state: SegmentState = "idle"
    # When the current segment's present run began; None unless state == "running".
    run_started_at: int | None = None
    # When the clock first moved on from the first segment (grounding); going back to it
    # later does not undo it. The self-report window closes then.
    first_segment_ended_at: int | None = None
