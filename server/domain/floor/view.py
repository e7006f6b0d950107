"""What each role sees of the floor.

Everyone sees who speaks (with the turn's instants, so each page counts its time down), the
queue, and who is still to come in a round. Only facilitators see the ledger, the settings and
the in-depth suggestions; a member sees their own floor time only if a facilitator allows it.
The ledger holds closed turns: pages add the running turn's held time themselves.
"""

from __future__ import annotations

from typing import Any

from ..document import FACILITATOR, Floor, Group, Role, Turn
from .rules import active_round, course_ms, current_segment_id, in_depth_counts, round_to_come


def _turn(turn: Turn) -> dict[str, Any]:
    return {
        "id": turn.id,
        "member": turn.member,
        "kind": turn.kind,
        "segment_id": turn.segment_id,
        "started_at": turn.started_at,
        "share_ms": turn.share_ms,
        "elapsed_ms": turn.elapsed_ms,
        "run_started_at": turn.run_started_at,
        "paused_with_segment": turn.paused_with_segment,
    }


def _session_ms(doc: Group) -> dict[str, int]:
    ledger = doc.floor.ledger
    if doc.session is None or not ledger or ledger[-1].session != doc.session.number:
        return {}
    return dict(ledger[-1].ms)


def suggestions(doc: Group) -> list[str]:
    """Members by fewest in-depth turns in the course, then least floor time, then roster order."""
    counts = in_depth_counts(doc.floor)
    course = course_ms(doc.floor)
    # A stable sort: members alike in both keep their roster order.
    return sorted([m.id for m in doc.members], key=lambda m: (counts.get(m, 0), course.get(m, 0)))


def floor_view(doc: Group, role: Role) -> dict[str, Any]:
    floor: Floor = doc.floor
    speaker = floor.turn.member if floor.turn else None
    out: dict[str, Any] = {
        "turn": _turn(floor.turn) if floor.turn else None,
        "queue": list(floor.queue),
        "round": None,
        "spotlight": None,
    }
    rnd = active_round(doc)
    if rnd is not None:
        out["round"] = {
            "segment_id": rnd.segment_id,
            "order": list(rnd.order),
            "to_come": round_to_come(rnd, speaker),
        }
        if role == FACILITATOR:
            out["round"]["present"] = list(rnd.present)
            out["round"]["visited"] = list(rnd.visited)
    spot = floor.in_depth
    if spot is not None and doc.session is not None and spot.segment_id == current_segment_id(doc.session):
        out["spotlight"] = {
            "segment_id": spot.segment_id,
            "picks": list(spot.picks),
            "done": list(spot.done),
            "turn_ms": spot.turn_ms,
        }
    if role == FACILITATOR:
        settings = floor.settings
        out["settings"] = {
            "least_heard_first": settings.least_heard_first,
            "auto_advance": settings.auto_advance,
            "show_own_airtime": settings.show_own_floor_time,
            "hand_turn_ms": settings.hand_turn_ms,
            "pause_turn_with_segment": settings.pause_turn_with_segment,
        }
        out["airtime"] = {"session": _session_ms(doc), "course": course_ms(floor)}
        out["spotlights"] = in_depth_counts(floor)
        out["suggestions"] = suggestions(doc)
    return out


def own_floor_time(doc: Group, member_id: str) -> dict[str, int] | None:
    """A member's own floor time (closed turns), if the facilitator lets members see it."""
    if not doc.floor.settings.show_own_floor_time:
        return None
    return {
        "session_ms": _session_ms(doc).get(member_id, 0),
        "course_ms": course_ms(doc.floor).get(member_id, 0),
    }
