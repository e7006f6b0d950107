"""A member's scores across the course on one instrument, and how the latest compares with
the week before and with the start."""

from __future__ import annotations

from typing import NamedTuple

from ..document import InstrumentKey, Report, SelfReport
from .instrument import Instrument
from .scoring import Reliable, Score, reliable, score


class Point(NamedTuple):
    session: int
    score: Score
    report: Report


class Change(NamedTuple):
    change: int
    from_session: int
    reliable: Reliable | None


def report_for(selfreport: SelfReport, member: str, session: int, instrument: InstrumentKey) -> Report | None:
    for report in selfreport.reports:
        if report.member == member and report.session == session and report.instrument == instrument:
            return report
    return None


def points(selfreport: SelfReport, member: str, instrument: Instrument) -> list[Point]:
    """The member's reports on `instrument`, one per session, in session order."""
    mine = [r for r in selfreport.reports if r.member == member and r.instrument == instrument.key]
    return [Point(r.session, score(instrument, r.answers), r) for r in sorted(mine, key=lambda r: r.session)]


def _scored(series: list[Point]) -> list[Point]:
    """The points with a total, if the latest has one (else there is nothing to compare)."""
    if not series or series[-1].score.total is None:
        return []
    return [p for p in series if p.score.total is not None]


def _change(instrument: Instrument, later: Point, earlier: Point) -> Change:
    assert later.score.total is not None and earlier.score.total is not None
    delta = later.score.total - earlier.score.total
    return Change(delta, earlier.session, reliable(instrument, delta))


def since_last(instrument: Instrument, series: list[Point]) -> Change | None:
    """The latest total against the one before it (last week's, or older if a week was missed)."""
    scored = _scored(series)
    return _change(instrument, scored[-1], scored[-2]) if len(scored) >= 2 else None


def since_start(instrument: Instrument, series: list[Point]) -> Change | None:
    """The latest total against the member's first one."""
    scored = _scored(series)
    return _change(instrument, scored[-1], scored[0]) if len(scored) >= 2 else None
