"""Hypothesis state machine over the pure floor domain (no IO).

A model keeps its own account of how long each member held the floor, advancing only when
time passes while a turn runs unpaused; the ledger must agree with it to the millisecond. The
model decides for itself when a turn runs: paused and resumed by hand, or with the session
clock (the `pause_turn_with_segment` setting), where only the clock's own pause is undone by
the clock.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from server.domain import Actor, Group, GroupSpec, Refused, Unchanged, apply, new_group, private_view
from server.domain.clock.agenda import SegmentSpec
from server.domain.floor.rules import active_round, course_ms, held, round_to_come
from server.domain.floor.view import floor_view

NAMES = ["Ann", "Bo", "Cy", "Di", "Eve"]
IDS = [f"m{i + 1}" for i in range(len(NAMES))]
FAC = Actor("facilitator")
DISPLAY = Actor("display")
AGENDA = [
    SegmentSpec(title="Check-in", minutes=15, kind="round"),
    SegmentSpec(title="Discussion", minutes=15, kind="discussion"),
    SegmentSpec(title="In depth", minutes=60, kind="spotlight"),
]
TURN_COMMANDS = [
    "hand.raise", "hand.lower", "hand.lower_all", "hand.move", "floor.next", "floor.give",
    "turn.end", "turn.pause", "turn.resume", "floor.settings", "round.start", "round.pass",
    "round.stop", "spotlight.pick", "turn.adjust",
]  # fmt: skip
MIN = 60_000

members = st.sampled_from(IDS)
subsets = st.lists(members, unique=True).map(lambda xs: sorted(xs))
# Mostly fresh clicks, sometimes a stale one (a turn that has already ended).
stale_click = st.sampled_from([False, False, False, True])
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def member(mid: str) -> Actor:
    return Actor("member", mid)


class FloorMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        spec = GroupSpec(name="Tuesday", members=NAMES, sessions=40, agenda=AGENDA)
        self.doc: Group = new_group(spec, "grp0001", 0)
        self.now = 1_000_000
        self.heard: dict[str, int] = dict.fromkeys(IDS, 0)
        self.session = 0
        # The model's own idea of the turn: which one, whether it is paused, and whether the
        # session clock paused it (then only the clock's resume runs it again).
        self.turn_seen: str | None = None
        self.paused = False
        self.by_clock = False
        # Who has had a round turn in each segment's round, as the model saw turns open.
        self.round_turns: dict[str, set[str]] = {}
        self.start_session()

    # --- helpers ------------------------------------------------------------------------

    def send(self, name: str, args: Any, actor: Actor = FAC) -> bool:
        """Apply a command; only Refused and Unchanged may come out of the domain."""
        before = self.doc
        try:
            new = apply(before, name, args, actor, self.now)
        except (Refused, Unchanged):
            return False
        assert new.version == before.version + 1
        self.doc = new
        if name in ("round.start", "session.start", "round.stop"):
            self.round_turns.clear() if name == "session.start" else self.round_turns.pop(
                self.segment_id(), None
            )
        self.follow_the_turn(name)
        return True

    def follow_the_turn(self, name: str) -> None:
        """What the model expects of the turn's running after an applied command."""
        follows_clock = self.doc.floor.settings.pause_turn_with_segment
        if self.turn_id() != self.turn_seen:
            # A new turn runs, unless it was given while the clock stands and turns follow it.
            self.turn_seen = self.turn_id()
            self.by_clock = self.turn_seen is not None and follows_clock and not self.clock_runs()
            self.paused = self.by_clock
            self.saw_turn_open()
        elif name == "segment.pause" and follows_clock and not self.paused:
            self.paused = self.by_clock = True
        elif name in ("segment.resume", "segment.start") and self.by_clock:
            self.paused = self.by_clock = False
        elif name in ("turn.pause", "turn.resume"):
            self.paused, self.by_clock = name == "turn.pause", False

    def clock_runs(self) -> bool:
        return self.doc.session is not None and self.doc.session.state == "running"

    def start_session(self) -> None:
        self.session += 1
        assert self.send("session.start", {"number": self.session})

    def segment_id(self) -> str:
        assert self.doc.session is not None
        return self.doc.session.segments[self.doc.session.current].id

    def saw_turn_open(self) -> None:
        """A round turn goes only to a present member who has not had one in this round."""
        turn = self.doc.floor.turn
        if turn is None or turn.kind != "round":
            return
        seen = self.round_turns.setdefault(turn.segment_id, set())
        assert turn.member not in seen, f"{turn.member} had two turns in one round"
        seen.add(turn.member)
        rnd = self.doc.floor.round
        assert rnd is not None and turn.member in rnd.present

    def turn_id(self) -> str | None:
        return self.doc.floor.turn.id if self.doc.floor.turn else None

    # --- time ---------------------------------------------------------------------------

    @rule(dt=st.integers(min_value=0, max_value=600_000))
    def tick(self, dt: int) -> None:
        turn = self.doc.floor.turn
        if turn is not None and not self.paused:
            self.heard[turn.member] += dt
        self.now += dt

    # --- hands --------------------------------------------------------------------------

    @rule(who=members, by_self=st.booleans())
    def raise_hand(self, who: str, by_self: bool) -> None:
        actor = member(who) if by_self else FAC
        self.send("hand.raise", {} if by_self else {"member": who}, actor)

    @rule(who=members, by_self=st.booleans())
    def lower_hand(self, who: str, by_self: bool) -> None:
        actor = member(who) if by_self else FAC
        self.send("hand.lower", {} if by_self else {"member": who}, actor)

    @rule()
    def lower_all(self) -> None:
        self.send("hand.lower_all", {})

    @rule(pick=st.integers(min_value=0, max_value=5), to=st.integers(min_value=-1, max_value=5))
    def move(self, pick: int, to: int) -> None:
        queue = self.doc.floor.queue
        who = queue[pick % len(queue)] if queue else IDS[pick % len(IDS)]
        self.send("hand.move", {"member": who, "to_index": to % (len(queue) + 1) if to >= 0 else to})

    @rule(who=members, other=members, name=st.sampled_from(["hand.raise", "hand.lower"]))
    def member_acts_for_someone_else(self, who: str, other: str, name: str) -> None:
        if who == other:
            return
        before = self.doc
        try:
            apply(before, name, {"member": other}, member(who), self.now)
        except Refused as refused:
            assert refused.code == "forbidden"
        else:
            raise AssertionError(f"a member could {name} for someone else")

    # --- the floor ----------------------------------------------------------------------

    @rule(present=st.none() | subsets, stale=stale_click, auto=stale_click)
    def next_(self, present: list[str] | None, stale: bool, auto: bool) -> None:
        turn_id = "t-old" if stale else self.turn_id()
        args: dict[str, Any] = {"turn_id": turn_id, "auto": auto}
        if present is not None:
            args["present"] = present
        if self.send("floor.next", args):
            # The twin of an applied advance (a co-facilitator's simultaneous click) is a no-op.
            twin = self.doc
            assert not self.send("floor.next", args)
            assert self.doc is twin

    @rule(who=members, stale=stale_click)
    def give(self, who: str, stale: bool) -> None:
        self.send("floor.give", {"member": who, "turn_id": "t-old" if stale else self.turn_id()})

    @rule(by_self=st.booleans(), who=members)
    def end(self, by_self: bool, who: str) -> None:
        turn_id = self.turn_id()
        if turn_id is None:
            return
        speaker = self.doc.floor.turn.member if self.doc.floor.turn else who
        actor = member(who) if by_self else FAC
        applied = self.send("turn.end", {"turn_id": turn_id}, actor)
        assert applied == (not by_self or who == speaker)

    @rule()
    def pause(self) -> None:
        if self.turn_id():
            self.send("turn.pause", {"turn_id": self.turn_id()})

    @rule(
        delta=st.sampled_from([MIN, -MIN, 5 * MIN, -5 * MIN]) | st.integers(-70 * MIN, 70 * MIN),
        stale=stale_click,
    )
    def adjust(self, delta: int, stale: bool) -> None:
        turn = self.doc.floor.turn
        if turn is None:
            return
        before, so_far = turn.share_ms, held(turn, self.now)
        applied = self.send("turn.adjust", {"turn_id": "t-old" if stale else turn.id, "delta_ms": delta})
        assert not (applied and stale)
        if applied:
            after = self.doc.floor.turn.share_ms if self.doc.floor.turn else None
            assert after is not None and after >= so_far  # never below the time already held
            assert (
                (before is None or after > before) if delta > 0 else (before is not None and after < before)
            )
            assert 0 < abs(delta) <= 60 * MIN

    @rule(name=st.sampled_from(["segment.pause", "segment.resume", "segment.start"]), stale=stale_click)
    def clock(self, name: str, stale: bool) -> None:
        if self.doc.session is not None:
            self.send(name, {"index": self.doc.session.current + (1 if stale else 0)})

    @rule(
        who=members,
        away=st.integers(min_value=0, max_value=600_000),
        by_hand=st.sampled_from([None, "turn.pause", "turn.resume"]),
    )
    def break_mid_turn(self, who: str, away: int, by_hand: str | None) -> None:
        """The facilitator pauses the session clock while someone speaks, maybe touches the
        turn by hand during the break, and resumes the clock."""
        if self.turn_id() is None:
            self.send("floor.give", {"member": who, "turn_id": None})
        assert self.doc.session is not None
        self.send("segment.pause", {"index": self.doc.session.current})
        self.tick(away)
        if by_hand and self.turn_id():
            self.send(by_hand, {"turn_id": self.turn_id()})
        self.tick(away // 2)
        self.send("segment.resume", {"index": self.doc.session.current})

    @rule(first=subsets, second=subsets)
    def two_consoles_pick_at_once(self, first: list[str], second: list[str]) -> None:
        """Both consoles saw the same picks; the second to arrive is told, not applied."""
        assert self.doc.session is not None
        kinds = [s.kind for s in self.doc.session.segments]
        self.segment_goto(kinds.index("spotlight"))
        spot = self.doc.floor.in_depth
        seen = list(spot.picks) if spot is not None and spot.segment_id == self.segment_id() else []
        self.send("spotlight.pick", {"members": first, "replaces": seen})
        after_first = self.doc
        applied = self.send("spotlight.pick", {"members": second, "replaces": seen})
        if applied:
            assert after_first.floor.in_depth is not None and after_first.floor.in_depth.picks == seen

    @rule(who=members)
    def arrive(self, who: str) -> None:
        """A member's page opens: the server records them present, late or not."""
        rnd = active_round(self.doc)
        speaker = self.doc.floor.turn.member if self.doc.floor.turn else None
        late = rnd is not None and who not in rnd.present and who not in rnd.visited and who != speaker
        waiting = round_to_come(rnd, speaker) if rnd is not None else []
        self.send("attendance.mark", {"session": self.session, "member_ids": [who]})
        if late:
            rnd = active_round(self.doc)
            assert rnd is not None and round_to_come(rnd, speaker) == [*waiting, who]

    @rule()
    def resume(self) -> None:
        if self.turn_id():
            self.send("turn.resume", {"turn_id": self.turn_id()})

    @rule(
        least=st.booleans(),
        auto=st.booleans(),
        own=st.booleans(),
        minutes=st.none() | st.integers(min_value=-2, max_value=130),
        with_clock=st.booleans(),
    )
    def change_settings(
        self, least: bool, auto: bool, own: bool, minutes: int | None, with_clock: bool
    ) -> None:
        self.send(
            "floor.settings",
            {
                "least_heard_first": least,
                "auto_advance": auto,
                "show_own_airtime": own,
                "hand_turn_minutes": minutes,
                "pause_turn_with_segment": with_clock,
            },
        )

    # --- rounds and in-depth turns ------------------------------------------------------

    @rule(present=st.none() | subsets)
    def round_start(self, present: list[str] | None) -> None:
        self.send("round.start", {} if present is None else {"present": present})

    @rule(by_self=st.booleans(), present=st.none() | subsets)
    def round_pass(self, by_self: bool, present: list[str] | None) -> None:
        turn = self.doc.floor.turn
        if turn is None:
            return
        args: dict[str, Any] = {"turn_id": turn.id}
        if present is not None and not by_self:
            args["present"] = present
        self.send("round.pass", args, member(turn.member) if by_self else FAC)

    @rule()
    def round_stop(self) -> None:
        if self.doc.session is not None:
            self.send("round.stop", {"segment_id": self.doc.session.segments[self.doc.session.current].id})

    @rule(
        picks=st.lists(members, max_size=4),
        minutes=st.none() | st.integers(min_value=0, max_value=30),
        replaces=st.sampled_from(["seen", "omitted"]) | st.lists(members, max_size=3),
    )
    def spotlight_pick(self, picks: list[str], minutes: int | None, replaces: str | list[str]) -> None:
        spot = self.doc.floor.in_depth
        current = (
            spot.picks
            if spot is not None and self.doc.session and spot.segment_id == self.segment_id()
            else []
        )
        args: dict[str, Any] = {"members": picks, "minutes": minutes}
        if replaces != "omitted":
            args["replaces"] = list(current) if replaces == "seen" else replaces
        applied = self.send("spotlight.pick", args)
        if applied and "replaces" in args:
            assert args["replaces"] == current  # a pick never overwrites picks it did not see

    # --- the session clock --------------------------------------------------------------

    @rule(to=st.integers(min_value=0, max_value=len(AGENDA) - 1))
    def segment_goto(self, to: int) -> None:
        if self.doc.session is not None:
            self.send("segment.goto", {"from_index": self.doc.session.current, "to_index": to})

    @precondition(lambda self: self.session < 40)
    @rule()
    def next_session(self) -> None:
        self.send("session.end", {"number": self.session})
        self.start_session()

    # --- hostile input ------------------------------------------------------------------

    @rule(
        name=st.sampled_from(TURN_COMMANDS),
        args=junk,
        role=st.sampled_from(["facilitator", "member", "display"]),
    )
    def garbage(self, name: str, args: Any, role: str) -> None:
        actor = Actor(role, "m1" if role == "member" else None)  # type: ignore[arg-type]
        self.send(name, args, actor)

    @rule(name=st.sampled_from(TURN_COMMANDS))
    def display_is_read_only(self, name: str) -> None:
        try:
            apply(self.doc, name, {}, DISPLAY, self.now)
        except Refused as refused:
            assert refused.code == "forbidden"
        else:
            raise AssertionError(f"the display could send {name}")

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def queue_holds_each_member_once_and_never_the_speaker(self) -> None:
        floor = self.doc.floor
        assert len(floor.queue) == len(set(floor.queue))
        assert set(floor.queue) <= set(IDS)
        if floor.turn is not None:
            assert floor.turn.member not in floor.queue

    @invariant()
    def ledger_equals_floor_time_held(self) -> None:
        course = course_ms(self.doc.floor)
        turn = self.doc.floor.turn
        for mid in IDS:
            live = held(turn, self.now) if turn is not None and turn.member == mid else 0
            assert course.get(mid, 0) + live == self.heard[mid], mid
        assert sum(course.values()) + (held(turn, self.now) if turn else 0) == sum(self.heard.values())

    @invariant()
    def the_turn_runs_exactly_when_the_model_says(self) -> None:
        turn = self.doc.floor.turn
        if turn is not None:
            assert (turn.run_started_at is None) == self.paused
            assert turn.paused_with_segment == self.by_clock

    @invariant()
    def rounds_visit_each_member_at_most_once(self) -> None:
        rnd = self.doc.floor.round
        if rnd is not None:
            assert len(rnd.visited) == len(set(rnd.visited))
            assert set(rnd.visited) <= set(rnd.order)
            assert sorted(rnd.order) == sorted(IDS)
        spot = self.doc.floor.in_depth
        if spot is not None:
            assert len(spot.done) == len(set(spot.done))

    @invariant()
    def members_never_see_airtime_but_their_own(self) -> None:
        shared = floor_view(self.doc, "member")
        assert "airtime" not in shared and "spotlights" not in shared and "suggestions" not in shared
        own = private_view(self.doc, "m1")["airtime"]
        assert (own is not None) == self.doc.floor.settings.show_own_floor_time


TestFloorMachine = FloorMachine.TestCase
TestFloorMachine.settings = settings(
    max_examples=100, stateful_step_count=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
