"""What each role sees of the self-report.

- Facilitators: the settings, the window, and per member and instrument the scores across the
  course (a sparkline's series), the latest with its band, the change since the previous score
  and since the first, each marked when reliable; and who has not answered yet this week.
- A member, in their private part only: what to answer, the window, what they sent this week,
  their own scores and trend if a facilitator allows it, and the group's crisis text after an
  answer above 0 to PHQ-9 item 9.
- Other members and the display: nothing at all, not even that someone answered.
"""

from __future__ import annotations

from typing import Any

from ..document import ASKED, DEFAULT_CRISIS_TEXT, Group, InstrumentKey, SelfReport, SelfReportSettings
from .instrument import Instrument
from .instruments import INSTRUMENTS
from .phq9 import SAFETY_ITEM
from .scoring import Score, direction
from .trend import Change, Point, points, report_for, since_last, since_start
from .window import Window, window


def settings_view(settings: SelfReportSettings) -> dict[str, Any]:
    """The settings as the console shows them and the course export keeps them."""
    return {
        "instruments": settings.instruments,
        "opens_before": settings.opens_before_min,
        "show_own": settings.show_own,
        "crisis_text": settings.crisis_text,
        "crisis_number": settings.crisis_number,
        "default_crisis_text": DEFAULT_CRISIS_TEXT,
    }


def _window(found: Window | None) -> dict[str, Any]:
    return {
        "session": found.session if found else None,
        "opens_at": found.opens_at if found else None,
        "closes_at": found.closes_at if found else None,
    }


def _score(score: Score) -> dict[str, Any]:
    return {"score": score.total, "band": score.band, "skipped": score.skipped}


def _change(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {"change": change.change, "from_session": change.from_session, "reliable": change.reliable}


def _trend(instrument: Instrument, series: list[Point]) -> dict[str, Any]:
    latest = series[-1] if series else None
    return {
        # Every state frame carries it: the sparkline needs only the totals.
        "series": [{"session": p.session, "score": p.score.total} for p in series],
        "latest": None
        if latest is None
        else {
            "session": latest.session,
            **_score(latest.score),
            "answers": list(latest.report.answers),
            "at": latest.report.at,
        },
        "since_last": _change(since_last(instrument, series)),
        "since_start": _change(since_start(instrument, series)),
    }


def _shown(selfreport: SelfReport) -> list[InstrumentKey]:
    """The instruments asked now, then any the group asked earlier in the course."""
    asked = list(ASKED[selfreport.settings.instruments])
    earlier = {r.instrument for r in selfreport.reports}
    return asked + [key for key in INSTRUMENTS if key in earlier and key not in asked]


def facilitators_view(doc: Group) -> dict[str, Any]:
    selfreport = doc.selfreport or SelfReport()
    found = window(doc)
    asked = ASKED[selfreport.settings.instruments]
    shown = _shown(selfreport)
    members = {
        m.id: {key: _trend(INSTRUMENTS[key], points(selfreport, m.id, INSTRUMENTS[key])) for key in shown}
        for m in doc.members
    }
    waiting = []
    if found is not None and asked:
        waiting = [
            m.id
            for m in doc.members
            if any(report_for(selfreport, m.id, found.session, key) is None for key in asked)
        ]
    return {
        "settings": settings_view(selfreport.settings),
        **_window(found),
        "asked": list(asked),
        "members": members,
        "waiting": waiting,
    }


def _own_trend(instrument: Instrument, series: list[Point]) -> dict[str, Any] | None:
    if not series:
        return None
    last, start = since_last(instrument, series), since_start(instrument, series)
    return {
        "session": series[-1].session,
        **_score(series[-1].score),
        "since_last": direction(last.change) if last else None,
        "since_start": direction(start.change) if start else None,
        "series": [{"session": p.session, "score": p.score.total} for p in series],
    }


def own_selfreport(doc: Group, member: str) -> dict[str, Any] | None:
    """A member's own part; None when the group asks for no questionnaire."""
    selfreport = doc.selfreport
    if selfreport is None or not ASKED[selfreport.settings.instruments]:
        return None
    settings = selfreport.settings
    asked = ASKED[settings.instruments]
    found = window(doc)
    sent: dict[str, Any] = {}
    for key in asked:
        report = report_for(selfreport, member, found.session, key) if found else None
        sent[key] = None if report is None else {"answers": list(report.answers), "at": report.at}
    phq9 = sent.get("phq9")
    thoughts = phq9 is not None and (phq9["answers"][SAFETY_ITEM] or 0) > 0
    return {
        "asked": list(asked),
        **_window(found),
        "sent": sent,
        "own": {
            key: _own_trend(INSTRUMENTS[key], points(selfreport, member, INSTRUMENTS[key])) for key in asked
        }
        if settings.show_own
        else None,
        "crisis": {
            "text": settings.crisis_text or DEFAULT_CRISIS_TEXT,
            "custom": settings.crisis_text is not None,
            "number": settings.crisis_number,
        }
        if thoughts
        else None,
    }
