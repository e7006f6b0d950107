"""A turn's time: how long it has held the floor, stopping and running it, changing its share.

A turn stops either by hand (`turn.pause`) or with the session clock (`segment.pause`, while
the floor's `pause_turn_with_segment` setting is on, the default). Only a stop made by the
clock is undone by the clock: a turn the facilitator paused by hand stays paused when the
clock resumes, and a hand's pause or resume takes the turn out of the clock's keeping.
"""

from __future__ import annotations

from .. import limits
from ..document import Group, Turn
from ..refusal import CONFLICT, Refused, Unchanged


def held(turn: Turn, now: int) -> int:
    """Milliseconds the turn has held the floor (pauses excluded)."""
    if turn.run_started_at is None:
        return turn.elapsed_ms
    return turn.elapsed_ms + max(0, now - turn.run_started_at)


def stop(turn: Turn, now: int, *, with_segment: bool = False) -> None:
    turn.elapsed_ms = held(turn, now)
    turn.run_started_at = None
    turn.paused_with_segment = with_segment


def run(turn: Turn, now: int) -> None:
    turn.run_started_at = now
    turn.paused_with_segment = False


def waits_for_clock(doc: Group) -> bool:
    """A turn opened now starts stopped: the session clock is not running and turns follow it."""
    session = doc.session
    return session is not None and session.state != "running" and doc.floor.settings.pause_turn_with_segment


def clock_stopped(doc: Group, now: int) -> None:
    """The session clock was paused: the running turn stops with it, if turns follow the clock."""
    turn = doc.floor.turn
    if turn is not None and turn.run_started_at is not None and doc.floor.settings.pause_turn_with_segment:
        stop(turn, now, with_segment=True)


def clock_started(doc: Group, now: int) -> None:
    """The session clock runs again: a turn it stopped runs again too (one paused by hand stays)."""
    turn = doc.floor.turn
    if turn is not None and turn.paused_with_segment:
        run(turn, now)


def adjusted_share(turn: Turn, delta_ms: int, now: int) -> int:
    """The turn's share after giving (+) or taking (-) `delta_ms`.

    More time counts from the planned end, or from now for a turn with no share or one already
    past it, so "+1 min" always leaves at least a minute. Less time never goes below the time
    already held: the turn is then at its end, and overtime shows as it goes on.
    """
    so_far = held(turn, now)
    share = turn.share_ms
    if delta_ms > 0:
        base = share if share is not None and share >= so_far else so_far
        # Bounded like a segment's length; never shorter than before.
        new = min(base + delta_ms, max(base, limits.MAX_SEGMENT_MS))
    else:
        if share is None:
            raise Refused(CONFLICT, "This turn has no time limit to shorten.")
        new = min(share, max(so_far, share + delta_ms))
    if new == share:
        raise Unchanged()
    return new
