"""Importing this package registers every command."""

from . import agenda, floor, hands, rounds, segment, session, spotlight

__all__ = ["agenda", "floor", "hands", "rounds", "segment", "session", "spotlight"]
