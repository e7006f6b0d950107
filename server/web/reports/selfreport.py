"""Self-report scores as the facilitators take them away: per member and session, in the
course summary (for its trend charts), the JSON export and a CSV. Named clinical data: these
are for the group's facilitators only (web/course.py and web/selfreport.py check the token).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from ...domain import INSTRUMENTS, Group, score, selfreport_points
from ...domain import SelfReportPoint as Point
from .feedback import cell

CSV_COLUMNS = (
    "member_id",
    "member",
    "session",
    "instrument",
    "score",
    "band",
    "skipped",
    *(f"item_{n}" for n in range(1, 10)),
    "answered_at",
)


def _point(p: Point) -> dict[str, Any]:
    return {"session": p.session, "score": p.score.total, "band": p.score.band, "skipped": p.score.skipped}


def trends(doc: Group) -> dict[str, Any]:
    """Per member and instrument, one point per session answered: the summary's charts."""
    selfreport = doc.selfreport
    if selfreport is None:
        return {"instruments": [], "members": {m.id: {} for m in doc.members}}
    used = [key for key in INSTRUMENTS if any(r.instrument == key for r in selfreport.reports)]
    return {
        "instruments": used,
        "members": {
            m.id: {
                key: [_point(p) for p in selfreport_points(selfreport, m.id, INSTRUMENTS[key])]
                for key in used
            }
            for m in doc.members
        },
    }


def rows(doc: Group) -> list[dict[str, Any]]:
    """Every report the group keeps, with its score: the export's record, in session order."""
    if doc.selfreport is None:
        return []
    order = {m.id: i for i, m in enumerate(doc.members)}
    reports = sorted(doc.selfreport.reports, key=lambda r: (r.session, order.get(r.member, 0), r.instrument))
    out = []
    for r in reports:
        total, severity, skipped = score(INSTRUMENTS[r.instrument], r.answers)
        out.append(
            {
                "member": r.member,
                "session": r.session,
                "instrument": r.instrument,
                "score": total,
                "band": severity,
                "skipped": skipped,
                "answers": list(r.answers),
                "at": r.at,
            }
        )
    return out


def csv_text(doc: Group) -> str:
    names = {m.id: m.name for m in doc.members}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows(doc):
        items = [("" if a is None else a) for a in row["answers"]]
        items += [""] * (9 - len(items))
        at = datetime.fromtimestamp(row["at"] / 1000, UTC).isoformat(timespec="seconds")
        score_cell = "" if row["score"] is None else row["score"]
        writer.writerow(
            [
                row["member"],
                cell(names.get(row["member"], "")),
                row["session"],
                INSTRUMENTS[row["instrument"]].name,
                score_cell,
                row["band"] or "",
                row["skipped"],
                *items,
                at,
            ]
        )
    return out.getvalue()
