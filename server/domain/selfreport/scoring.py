"""Scores: the total of a set of answers, its severity band, and how two totals compare.

Items are scored 0-3 and summed (the published scoring of both instruments). Members may skip
an item; the published forms say nothing about blanks, so we chose the rule published with the
PHQ-8 by Stanford's Patient Education Research Center ("if more than 1 item missing, set the
value of the scale to missing"): with one item skipped the total is the sum of the others,
marked with the number skipped (it can be at most 3 below the full total); with two or more
there is no total, no band and no change. PHQ-9 item 9 is read on its own, whatever the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from .instrument import Instrument

Reliable = Literal["improved", "deteriorated"]
Direction = Literal["lower", "higher", "same"]


class Score(NamedTuple):
    total: int | None
    band: str | None
    skipped: int


def band(instrument: Instrument, total: int) -> str:
    for b in instrument.bands:
        if b.low <= total <= b.high:
            return b.key
    raise ValueError(f"{instrument.name} has no band for {total}")


def score(instrument: Instrument, answers: Sequence[int | None]) -> Score:
    skipped = sum(1 for a in answers if a is None)
    if skipped > instrument.max_skipped:
        return Score(None, None, skipped)
    total = sum(a for a in answers if a is not None)
    return Score(total, band(instrument, total), skipped)


def reliable(instrument: Instrument, change: int) -> Reliable | None:
    """Whether a change from an earlier total to a later one is reliable; higher is worse."""
    if change >= instrument.reliable_change:
        return "deteriorated"
    if change <= -instrument.reliable_change:
        return "improved"
    return None


def direction(change: int) -> Direction:
    return "lower" if change < 0 else "higher" if change > 0 else "same"
