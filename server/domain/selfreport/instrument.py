"""What an instrument is, as data: its items and wording per language, its severity bands, and
the change in score that counts as reliable. The instruments themselves are phq9.py and gad7.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

from ..document import InstrumentKey

# Every item of both instruments is answered on the same four-point frequency scale.
OPTIONS = 4


class Texts(TypedDict):
    """One language's wording, exactly as the published form prints it."""

    title: str
    stem: str
    options: tuple[str, str, str, str]
    items: tuple[str, ...]
    credit: str


@dataclass(frozen=True, slots=True)
class Band:
    """Scores from `low` to `high` (both included) have this severity."""

    key: str
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Instrument:
    key: InstrumentKey
    name: str
    items: int
    bands: tuple[Band, ...]
    # A change of at least this many points between two administrations is reliable.
    reliable_change: int
    # A total is reported with at most this many items skipped (scoring.py says why).
    max_skipped: int
    texts: Mapping[str, Texts]
    # Where the wording, the bands and the reliable change come from.
    sources: tuple[str, ...]

    @property
    def max_score(self) -> int:
        return (OPTIONS - 1) * self.items
