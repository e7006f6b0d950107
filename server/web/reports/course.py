"""The course as a facilitator takes it away: the summary page's numbers and the JSON export.

Pure functions of the group document. Both are for facilitators only (web/course.py checks).
Neither includes link secrets' hashes, retry keys, or anything anonymous feedback keeps
below its threshold.
"""

from __future__ import annotations

from typing import Any

from ...domain import (
    FOCUS_LABELS,
    SIGNAL_TEXT,
    Goal,
    Group,
    Homework,
    Signal,
    deletes_at,
    in_depth_counts,
    phase,
    selfreport_settings,
)
from ...domain import feedback_series as course
from .feedback import as_json
from .selfreport import rows as selfreport_rows
from .selfreport import trends as selfreport_trends

FORMAT = "holdspace-course/1"


def _goal(goal: Goal | None) -> dict[str, Any] | None:
    if goal is None:
        return None
    return {"areas": list(goal.areas), "text": goal.text, "shared": goal.shared}


def _homework(hw: Homework) -> dict[str, Any]:
    return {"session": hw.session, "text": hw.text, "by": hw.by}


def floor_time(doc: Group) -> dict[int, dict[str, int]]:
    """Floor time per session per member, from the floor-time ledger."""
    return {line.session: dict(line.ms) for line in doc.floor.ledger}


def feedback_trends(doc: Group) -> list[dict[str, Any]]:
    """Anonymous feedback across the course: per prompt, the counts of each card that asked
    it, only where the threshold let them out, never comments (domain/feedback/course.py)."""
    return as_json(course(doc))


def _sessions(doc: Group) -> list[dict[str, Any]]:
    floor = floor_time(doc)
    attendance = {a.session: a.members for a in doc.course.attendance}
    return [
        {
            "number": held.number,
            "phase": phase(held.number, doc.sessions_planned),
            "started_at": held.started_at,
            "ended_at": held.ended_at,
            "attended": list(attendance.get(held.number, [])),
            "airtime": floor.get(held.number, {}),
        }
        for held in doc.course.held
    ]


def summary(doc: Group, days: int) -> dict[str, Any]:
    """What the course summary page shows."""
    in_depth = in_depth_counts(doc.floor)
    sessions = _sessions(doc)
    acks = doc.course.agreements.acks
    members = []
    for m in doc.members:
        members.append(
            {
                "id": m.id,
                "name": m.name,
                "goal": _goal(doc.course.goals.get(m.id)),
                "agreements_ack": acks[m.id].revision if m.id in acks else None,
                "attended": [s["number"] for s in sessions if m.id in s["attended"]],
                "homework": [_homework(hw) for hw in doc.course.homework if hw.member == m.id],
                "spotlights": in_depth.get(m.id, 0),
            }
        )
    return {
        "group": {
            "id": doc.id,
            "name": doc.name,
            "sessions_planned": doc.sessions_planned,
            "agreements_revision": doc.course.agreements.revision,
            "retention_days": days,
            "deletes_at": deletes_at(doc, days),
        },
        "focus_areas": FOCUS_LABELS,
        "members": members,
        "sessions": sessions,
        "feedback": feedback_trends(doc),
        "selfreport": selfreport_trends(doc),
    }


def export(doc: Group, now: int, days: int) -> dict[str, Any]:
    """Everything the course holds that a facilitator may take away, as plain JSON."""
    course = doc.course
    return {
        "format": FORMAT,
        "exported_at": now,
        "group": {
            "id": doc.id,
            "name": doc.name,
            "created_at": doc.created_at,
            "sessions_planned": doc.sessions_planned,
            "retention_days": days,
            "deletes_at": deletes_at(doc, days),
        },
        "members": [{"id": m.id, "name": m.name} for m in doc.members],
        "agenda_template": [
            {"title": s.title, "kind": s.kind, "minutes": s.duration_ms // 60_000} for s in doc.template
        ],
        "agreements": {
            "items": list(course.agreements.items),
            "revision": course.agreements.revision,
            "acknowledged": {
                m: {"revision": a.revision, "at": a.at} for m, a in course.agreements.acks.items()
            },
        },
        "goals": {m: _goal(g) for m, g in course.goals.items()},
        "homework": [{"member": hw.member, **_homework(hw), "at": hw.at} for hw in course.homework],
        "sessions": _sessions(doc),
        "in_depth_turns": in_depth_counts(doc.floor),
        "signals": [_signal(s) for s in doc.signals.items],
        "feedback": feedback_trends(doc),
        "selfreport": {
            "settings": _selfreport_settings(doc),
            "schedule": [{"number": s.number, "at": s.at} for s in course.schedule],
            "reports": selfreport_rows(doc),
        },
    }


def _signal(s: Signal) -> dict[str, Any]:
    out = {
        "kind": s.kind,
        "text": SIGNAL_TEXT[s.kind],
        "note": s.note,
        "member": s.member,
        "at": s.at,
        "session": s.session,
        "acknowledged_at": s.acknowledged_at,
    }
    if s.instrument is not None:
        out.update(instrument=s.instrument, answer=s.answer, score=s.score, change=s.change)
    return out


def _selfreport_settings(doc: Group) -> dict[str, Any] | None:
    return None if doc.selfreport is None else selfreport_settings(doc.selfreport.settings)
