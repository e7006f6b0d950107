"""The instruments this build ships. Only measures released for free use are here: licensed
ones (BDI, ORS/SRS/GSRS, OQ/GQ) must never be added."""

from __future__ import annotations

from ..document import InstrumentKey
from .gad7 import GAD7
from .instrument import Instrument
from .phq9 import PHQ9

INSTRUMENTS: dict[InstrumentKey, Instrument] = {"phq9": PHQ9, "gad7": GAD7}
