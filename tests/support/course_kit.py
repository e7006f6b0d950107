"""Builders for the course tests: run weeks of a course through apply()."""

from __future__ import annotations

from typing import Any

from server.domain import Actor, Group, apply
from tests.support.domain_kit import FAC, MIN, T0

WEEK = 7 * 24 * 60 * MIN


def member(n: int) -> Actor:
    return Actor("member", f"m{n}")


def run(doc: Group, name: str, args: dict[str, Any] | None, actor: Actor, now: int = T0) -> Group:
    return apply(doc, name, args or {}, actor, now)


def start_week(doc: Group, number: int, now: int) -> Group:
    return run(doc, "session.start", {"number": number}, FAC, now)


def end_week(doc: Group, number: int, now: int) -> Group:
    return run(doc, "session.end", {"number": number}, FAC, now)
