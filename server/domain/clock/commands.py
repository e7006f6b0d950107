"""Running the session clock: start, pause, resume, move between segments, extend or shorten.

The speaker's turn pauses and resumes with the clock (floor/timing.py); moving to another
segment ends it (floor/rules.segment_changed).
"""

from __future__ import annotations

import msgspec

from .. import limits
from ..document import Group, Session
from ..floor.rules import segment_changed
from ..floor.timing import clock_started, clock_stopped
from ..refusal import CONFLICT, INVALID, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from ..session.live import live_session, move_to, start_run, stop_run


class At(msgspec.Struct, forbid_unknown_fields=True):
    index: int


class From(msgspec.Struct, forbid_unknown_fields=True):
    from_index: int


class Goto(msgspec.Struct, forbid_unknown_fields=True):
    from_index: int
    to_index: int


class Adjust(msgspec.Struct, forbid_unknown_fields=True):
    index: int
    delta_ms: int


def _current(doc: Group, index: int) -> Session:
    """The live session, if `index` is still its current segment; otherwise a stale click."""
    session = live_session(doc)
    if index != session.current:
        raise Unchanged()
    return session


@command("segment.start", roles=FACILITATORS, args=At, changes=("session", "floor"))
def start(doc: Group, args: At, actor: Actor, now: int) -> None:
    """Start the current segment's countdown (it is idle after an agenda change or a session start)."""
    session = _current(doc, args.index)
    if session.state == "running":
        raise Unchanged()
    start_run(session, now)
    clock_started(doc, now)


@command("segment.pause", roles=FACILITATORS, args=At, changes=("session", "floor"))
def pause(doc: Group, args: At, actor: Actor, now: int) -> None:
    """Pause the current segment's countdown."""
    session = _current(doc, args.index)
    if session.state != "running":
        raise Unchanged()
    stop_run(session, now)
    session.state = "paused"
    clock_stopped(doc, now)


@command("segment.resume", roles=FACILITATORS, args=At, changes=("session", "floor"))
def resume(doc: Group, args: At, actor: Actor, now: int) -> None:
    """Resume the paused current segment."""
    session = _current(doc, args.index)
    if session.state == "running":
        raise Unchanged()
    start_run(session, now)
    clock_started(doc, now)


def _goto(doc: Group, from_index: int, to_index: int, now: int) -> None:
    session = _current(doc, from_index)
    if not 0 <= to_index < len(session.segments):
        if to_index >= len(session.segments):
            raise Refused(CONFLICT, "This is the last segment. End the session instead.")
        raise Refused(CONFLICT, "This is the first segment.")
    if to_index == from_index:
        raise Unchanged()
    segment_changed(doc, now)
    move_to(session, to_index, now)


@command("segment.next", roles=FACILITATORS, args=From, changes=("session", "floor"))
def next_(doc: Group, args: From, actor: Actor, now: int) -> None:
    """Move from segment `from_index` to the one after it, which starts running."""
    _goto(doc, args.from_index, args.from_index + 1, now)


@command("segment.prev", roles=FACILITATORS, args=From, changes=("session", "floor"))
def prev(doc: Group, args: From, actor: Actor, now: int) -> None:
    """Go back from segment `from_index` to the one before it; it resumes with its time so far."""
    _goto(doc, args.from_index, args.from_index - 1, now)


@command("segment.goto", roles=FACILITATORS, args=Goto, changes=("session", "floor"))
def goto(doc: Group, args: Goto, actor: Actor, now: int) -> None:
    """Jump from segment `from_index` to segment `to_index`, which runs."""
    _goto(doc, args.from_index, args.to_index, now)


@command("segment.adjust", roles=FACILITATORS, args=Adjust, changes=("session",))
def adjust(doc: Group, args: Adjust, actor: Actor, now: int) -> None:
    """Extend (positive) or shorten (negative) the current segment by `delta_ms`."""
    if args.delta_ms == 0 or abs(args.delta_ms) > limits.MAX_ADJUST_MS:
        raise Refused(INVALID, "Extend or shorten by up to 60 minutes at a time.")
    session = _current(doc, args.index)
    seg = session.segments[session.current]
    # Shortening below zero just shows overtime; it never loses time already spent.
    seg.duration_ms = min(limits.MAX_SEGMENT_MS, max(0, seg.duration_ms + args.delta_ms))
