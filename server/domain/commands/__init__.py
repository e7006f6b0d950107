"""Importing this package registers every command."""

from . import (
    agenda,
    agreements,
    attendance,
    ballots,
    feedback,
    feedback_library,
    floor,
    goals,
    hands,
    homework,
    rounds,
    segment,
    session,
    signals,
    spotlight,
)

__all__ = [
    "agenda",
    "agreements",
    "attendance",
    "ballots",
    "feedback",
    "feedback_library",
    "floor",
    "goals",
    "hands",
    "homework",
    "rounds",
    "segment",
    "session",
    "signals",
    "spotlight",
]
