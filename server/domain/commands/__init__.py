"""Importing this package registers every command."""

from . import agenda, segment, session

__all__ = ["agenda", "segment", "session"]
