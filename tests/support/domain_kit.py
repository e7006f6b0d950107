"""Builders for pure-domain tests."""

from __future__ import annotations

from typing import Any

from server.domain import Actor, Group, GroupSpec, apply, new_group

FAC = Actor("facilitator")
MEM = Actor("member", "m1")
DISPLAY = Actor("display")
T0 = 1_700_000_000_000
MIN = 60_000


def group(members: int = 3, **spec: Any) -> Group:
    names = [f"Member {i + 1}" for i in range(members)]
    return new_group(GroupSpec(name="Tuesday", members=names, **spec), "g0000001", T0)


def started(now: int = T0) -> Group:
    return apply(group(), "session.start", {"number": 1}, FAC, now)
