"""Importing this package registers every command."""

from . import agenda, agreements, attendance, goals, homework, segment, session, signals

__all__ = ["agenda", "agreements", "attendance", "goals", "homework", "segment", "session", "signals"]
