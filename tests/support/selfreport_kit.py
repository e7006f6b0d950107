"""A course with a hand-cranked clock for the pure self-report tests: weeks, settings, answers."""

from __future__ import annotations

from typing import Any

from server.domain import Actor, Group, GroupSpec, apply, new_group
from tests.support.course_kit import member
from tests.support.domain_kit import FAC, MIN, T0

HOUR = 60 * MIN
WEEK = 7 * 24 * HOUR
CALM_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 0]


def phq9(total: int, item9: int = 0) -> list[int | None]:
    """Eight items adding up to `total` (at most 24) and item 9 as given."""
    answers: list[int | None] = []
    left = total
    for _ in range(8):
        answers.append(min(3, left))
        left -= answers[-1]
    assert left == 0, "eight items give at most 24"
    return [*answers, item9]


def gad7(total: int) -> list[int | None]:
    answers: list[int | None] = []
    left = total
    for _ in range(7):
        answers.append(min(3, left))
        left -= answers[-1]
    assert left == 0
    return answers


class Course:
    """One group of three members (or as many as asked) and its server clock."""

    def __init__(self, members: int = 3, sessions: int = 8, **settings: Any) -> None:
        names = [f"Member {i + 1}" for i in range(members)]
        spec = GroupSpec(name="Tuesday", members=names, sessions=sessions)
        self.doc: Group = new_group(spec, "g0000001", T0)
        self.now = T0 + MIN
        if settings:
            self("selfreport.settings", **settings)

    def __call__(self, name: str, actor: Actor = FAC, **args: Any) -> Group:
        self.doc = apply(self.doc, name, args, actor, self.now)
        return self.doc

    def tick(self, ms: int) -> None:
        self.now += ms

    def submit(self, who: int, instrument: str, answers: list[int | None]) -> Group:
        return self("selfreport.submit", member(who), instrument=instrument, answers=answers)

    def start(self, number: int) -> None:
        self("session.start", number=number)

    def leave_grounding(self) -> None:
        assert self.doc.session is not None
        self("segment.next", from_index=self.doc.session.current)

    def end(self) -> None:
        assert self.doc.session is not None
        self("session.end", number=self.doc.session.number)

    def week(self, number: int) -> None:
        """Hold session `number` from start to end, an hour and a half, a week after the last."""
        self.start(number)
        self.tick(90 * MIN)
        self.end()
        self.tick(WEEK - 90 * MIN)
