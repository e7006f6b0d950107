"""A tiny driver for pure-domain floor tests: a group, a clock, and apply()."""

from __future__ import annotations

from typing import Any

from server.domain import Actor, Group, GroupSpec, apply, new_group
from server.domain.clock.agenda import REFERENCE_AGENDA, SegmentSpec

FAC = Actor("facilitator")


def member(mid: str) -> Actor:
    return Actor("member", mid)


class Room:
    """One group with a live session and a hand-cranked server clock."""

    def __init__(self, names: list[str], agenda: list[SegmentSpec] | None = None, session: int = 1) -> None:
        spec = GroupSpec(name="Tuesday", members=names, sessions=52, agenda=agenda or list(REFERENCE_AGENDA))
        self.doc: Group = new_group(spec, "grp0001", 0)
        self.now = 1_000_000
        for n in range(1, session + 1):
            if n > 1:
                self("session.end", number=n - 1)
            self("session.start", number=n)

    def __call__(self, name: str, actor: Actor = FAC, **args: Any) -> Group:
        self.doc = apply(self.doc, name, args, actor, self.now)
        return self.doc

    def tick(self, ms: int) -> None:
        self.now += ms

    @property
    def speaker(self) -> str | None:
        return self.doc.floor.turn.member if self.doc.floor.turn else None

    @property
    def turn_id(self) -> str | None:
        return self.doc.floor.turn.id if self.doc.floor.turn else None

    def goto(self, kind: str) -> None:
        assert self.doc.session is not None
        index = next(i for i, s in enumerate(self.doc.session.segments) if s.kind == kind)
        if index != self.doc.session.current:
            self("segment.goto", from_index=self.doc.session.current, to_index=index)
