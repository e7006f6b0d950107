"""Speaking turns over real sockets: roles, the co-facilitator race, presence, privacy, the
speaker's time, turns that pause with the clock, late arrivals, in-depth picks and retries."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from server.appkeys import HUB
from server.domain import COMMANDS
from tests.conftest import app_of
from tests.support.client import Client
from tests.support.waiting import until

TURN_PREFIXES = ("hand.", "floor.", "turn.", "round.", "spotlight.")
# Valid arguments for every turn command, each naming member m1 where a member is named.
ARGS: dict[str, dict[str, Any]] = {
    "hand.raise": {"member": "m1"},
    "hand.lower": {"member": "m1"},
    "hand.lower_all": {},
    "hand.move": {"member": "m1", "to_index": 0},
    "floor.next": {"turn_id": None},
    "floor.give": {"member": "m1", "turn_id": None},
    "turn.end": {"turn_id": "t1"},
    "turn.pause": {"turn_id": "t1"},
    "turn.resume": {"turn_id": "t1"},
    "turn.adjust": {"turn_id": "t1", "delta_ms": 60_000},
    "floor.settings": {"show_own_airtime": True},
    "round.start": {},
    "round.pass": {"turn_id": "t1"},
    "round.stop": {"segment_id": "s2"},
    "spotlight.pick": {"members": ["m1"]},
}


def turn_commands() -> list[str]:
    names = [n for n in COMMANDS if n.startswith(TURN_PREFIXES)]
    assert set(names) == set(ARGS), "a new turn command needs arguments in ARGS"
    return names


async def started(fac: Client) -> int:
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack", ack
    ack = await fac.cmd("segment.goto", {"from_index": 0, "to_index": 2})  # the discussion
    return int(ack["version"])


async def test_every_turn_command_from_the_display_or_another_member_is_forbidden(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    bo: Client = await connect(links["members"][1]["url"])
    display: Client = await connect(links["display"])
    await started(fac)
    # Ann holds the floor in turn t1 and has her hand... lowered; a state worth protecting.
    ack = await fac.cmd("floor.give", {"member": "m1", "turn_id": None})
    assert ack["changed"], ack
    version = ack["version"]
    for page in (ann, bo, display):
        await page.wait_view(lambda v: v["floor"]["turn"] is not None)
    seen = [len(p.states()) for p in (ann, bo, display)]
    for name in turn_commands():
        err = await display.cmd(name, ARGS[name])
        assert (err["type"], err.get("code")) == ("error", "forbidden"), (name, err)
        # Bo acts on Ann's hand or Ann's turn, or sends a facilitator's command.
        err = await bo.cmd(name, ARGS[name])
        assert (err["type"], err.get("code")) == ("error", "forbidden"), (name, err)
    # Nothing changed for anyone: no page got a frame, and the console's next frame is the next
    # change's.
    for page in (ann, bo, display):
        await page.sync()
    assert [len(p.states()) for p in (ann, bo, display)] == seen
    ack = await fac.cmd("hand.raise", {"member": "m2"})
    assert ack["version"] == version + 1


async def test_members_raise_and_lower_their_own_hands(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    bo: Client = await connect(links["members"][1]["url"])
    await started(fac)
    assert (await bo.cmd("hand.raise"))["changed"]
    ack = await ann.cmd("hand.raise", {"member": "m1"})
    assert ack["changed"]
    for page in (fac, ann, bo):
        await page.wait_view(lambda v: v["floor"]["queue"] == ["m2", "m1"])
    await ann.cmd("hand.lower")
    await bo.wait_view(lambda v: v["floor"]["queue"] == ["m2"])
    # Ann speaks: her own "I'm done" ends her turn.
    await fac.cmd("floor.give", {"member": "m1", "turn_id": None})
    st = await ann.wait_view(lambda v: v["floor"]["turn"] is not None)
    turn_id = st["view"]["floor"]["turn"]["id"]
    ack = await ann.cmd("turn.end", {"turn_id": turn_id})
    assert ack["changed"]


async def test_co_facilitators_clicking_next_at_once_move_the_floor_once(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    cofac: Client = await connect(links["cofacilitator"])
    await started(fac)
    for mid in ("m1", "m2", "m3"):
        await fac.cmd("hand.raise", {"member": mid})
    # Nobody holds the floor yet: both name "no turn".
    acks = await asyncio.gather(
        fac.cmd("floor.next", {"turn_id": None}), cofac.cmd("floor.next", {"turn_id": None})
    )
    assert sorted(a["changed"] for a in acks) == [False, True], acks
    await cofac.wait_view(lambda v: v["floor"]["turn"] is not None)
    await cofac.sync()
    floor = cofac.view["floor"]
    assert floor["turn"]["member"] == "m1" and floor["queue"] == ["m2", "m3"]
    # Now both end Ann's turn at once; then the first console retries its click after a drop.
    turn_id = floor["turn"]["id"]
    acks = await asyncio.gather(
        fac.cmd("floor.next", {"turn_id": turn_id}, cmd_id="same-click"),
        cofac.cmd("floor.next", {"turn_id": turn_id}),
    )
    acks.append(await fac.cmd("floor.next", {"turn_id": turn_id}, cmd_id="same-click"))
    assert sorted(a["changed"] for a in acks) == [False, False, True], acks
    await fac.wait_view(lambda v: (v["floor"]["turn"] or {}).get("member") == "m2")
    await fac.sync()
    floor = fac.view["floor"]
    assert floor["turn"]["member"] == "m2" and floor["queue"] == ["m3"]
    assert floor["airtime"]["session"].keys() == {"m1"}


async def test_the_console_sees_who_is_connected_and_a_dropped_member_keeps_their_place(
    server, group, connect
) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    assert fac.state is not None and fac.state["presence"] == []
    ann: Client = await connect(links["members"][0]["url"])
    bo: Client = await connect(links["members"][1]["url"])
    await fac.wait_for(lambda m: m["type"] == "state" and m.get("presence") == ["m1", "m2"])
    await started(fac)
    await ann.cmd("hand.raise")
    await bo.cmd("hand.raise")
    await fac.wait_view(lambda v: v["floor"]["queue"] == ["m1", "m2"])
    # Ann has the overlay open twice (a popped-out window, a second device): one closing is not
    # leaving.
    hub = app_of(server)[HUB]
    ann_again: Client = await connect(links["members"][0]["url"])
    await until(lambda: len(hub.connections(group["group_id"])) == 4)
    await ann.close()
    await until(lambda: len(hub.connections(group["group_id"])) == 3)
    await bo.cmd("hand.lower")
    mark = len(fac.messages)
    await bo.cmd("hand.raise")
    st = await fac.wait_view(lambda v: v["floor"]["queue"] == ["m1", "m2"], start=mark)
    assert st["presence"] == ["m1", "m2"]
    await ann_again.close()
    st = await fac.wait_for(lambda m: m["type"] == "state" and m.get("presence") == ["m2"])
    assert st["view"]["floor"]["queue"] == ["m1", "m2"]  # Ann is away, still first in line
    # Members and the display never get presence.
    assert "presence" not in (bo.state or {})


async def test_members_never_receive_anyones_airtime_unless_their_own_is_allowed(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    display: Client = await connect(links["display"])
    await started(fac)
    ack = await fac.cmd("floor.give", {"member": "m2", "turn_id": None})
    st = await fac.state_at(ack["version"])
    ack = await fac.cmd("turn.end", {"turn_id": st["view"]["floor"]["turn"]["id"]})
    st = await fac.state_at(ack["version"])
    assert st["view"]["floor"]["airtime"]["session"]["m2"] >= 0
    for page in (ann, display):
        await page.wait_view(lambda v: v["floor"]["turn"] is None)
        assert all("airtime" not in json.dumps(s["view"]) for s in page.states())
    assert ann.state is not None and ann.state["me"]["airtime"] is None
    await fac.cmd("floor.settings", {"show_own_airtime": True})
    st = await ann.wait_for(lambda m: m["type"] == "state" and m["me"]["airtime"] is not None)
    assert st["me"]["airtime"] == {"session_ms": 0, "course_ms": 0}
    assert "airtime" not in json.dumps(st["view"])


def states(page: Client) -> list[dict[str, Any]]:
    return [m for m in page.messages if m["type"] == "state"]


async def in_depth_segment(fac: Client) -> None:
    assert (await fac.cmd("session.start", {"number": 1}))["changed"]
    assert (await fac.cmd("segment.goto", {"from_index": 0, "to_index": 3}))["changed"]


async def test_two_consoles_picking_in_depth_turns_at_once_the_second_is_told(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    cofac: Client = await connect(links["cofacilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    display: Client = await connect(links["display"])
    await in_depth_segment(fac)
    wanted = {fac: ["m1", "m2"], cofac: ["m3"]}
    # Both consoles saw no picks yet and pick at the same moment.
    replies = await asyncio.gather(
        *(
            page.cmd("spotlight.pick", {"members": members, "replaces": []})
            for page, members in wanted.items()
        )
    )
    assert sorted(r["type"] for r in replies) == ["ack", "error"], replies
    (winner, _ack), (loser, err) = sorted(zip(wanted, replies, strict=True), key=lambda pr: pr[1]["type"])
    assert err["code"] == "conflict"
    assert err["message"] == "The in-depth turns were just picked by someone else; look again."
    for page in (fac, cofac, ann, display):
        await page.wait_view(lambda v: v["floor"]["spotlight"]["picks"] == wanted[winner])
    # The refused pick changed nothing: no page got a frame after the winner's.
    seen_frames = [len(p.states()) for p in (fac, cofac, ann, display)]
    for page in (fac, cofac, ann, display):
        await page.sync()
    assert [len(p.states()) for p in (fac, cofac, ann, display)] == seen_frames
    # Having looked again, the second console replaces what it now sees.
    seen = loser.view["floor"]["spotlight"]["picks"]
    ack3 = await loser.cmd("spotlight.pick", {"members": wanted[loser], "replaces": seen})
    assert ack3["type"] == "ack" and ack3["changed"], ack3
    await ann.wait_view(lambda v: v["floor"]["spotlight"]["picks"] == wanted[loser])


async def test_pausing_the_session_clock_pauses_the_speakers_turn_on_every_page(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    bo: Client = await connect(links["members"][1]["url"])
    display: Client = await connect(links["display"])
    await started(fac)  # the discussion, segment 2
    ack = await fac.cmd("floor.give", {"member": "m1", "turn_id": None})
    mark = {id(p): len(p.messages) for p in (ann, bo, display)}
    ack = await fac.cmd("segment.pause", {"index": 2})
    assert ack["type"] == "ack"
    for page in (ann, bo, display):
        view = await page.wait_view(lambda v: v["session"]["state"] == "paused", start=mark[id(page)])
        view = view["view"]
        assert view["floor"]["turn"]["run_started_at"] is None
        assert view["floor"]["turn"]["paused_with_segment"] is True
    mark = {id(p): len(p.messages) for p in (ann, bo, display)}
    ack = await fac.cmd("segment.resume", {"index": 2})
    for page in (ann, bo, display):
        view = (await page.wait_view(lambda v: v["session"]["state"] == "running", start=mark[id(page)]))[
            "view"
        ]
        assert view["floor"]["turn"]["run_started_at"] == view["session"]["run_started_at"] is not None
        assert view["floor"]["turn"]["paused_with_segment"] is False
    # The setting is the facilitators' alone: members and the display get no frame for it.
    seen = [len(p.states()) for p in (ann, bo, display)]
    ack = await fac.cmd("floor.settings", {"pause_turn_with_segment": False})
    await fac.wait_view(lambda v: v["floor"]["settings"]["pause_turn_with_segment"] is False)
    for page in (ann, bo, display):
        await page.sync()
    assert [len(p.states()) for p in (ann, bo, display)] == seen
    mark = {id(p): len(p.messages) for p in (ann, bo, display)}
    ack = await fac.cmd("segment.pause", {"index": 2})
    for page in (ann, bo, display):
        view = (await page.wait_view(lambda v: v["session"]["state"] == "paused", start=mark[id(page)]))[
            "view"
        ]
        assert view["floor"]["turn"]["run_started_at"] is not None
        assert "pause_turn_with_segment" not in json.dumps(page.messages)


async def test_the_speaker_and_everyone_see_the_time_given_to_the_turn(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    display: Client = await connect(links["display"])
    await in_depth_segment(fac)
    await fac.cmd("spotlight.pick", {"members": ["m1"], "replaces": []})
    await fac.cmd("floor.next", {"turn_id": None})
    turn = (await ann.wait_view(lambda v: v["floor"]["turn"] is not None))["view"]["floor"]["turn"]
    assert turn["member"] == "m1" and turn["share_ms"] == 20 * 60_000
    args = {"turn_id": turn["id"], "delta_ms": 5 * 60_000}
    ack = await fac.cmd("turn.adjust", args, cmd_id="plus-five")
    assert (await fac.cmd("turn.adjust", args, cmd_id="plus-five"))["changed"] is False  # a retry
    assert ack["type"] == "ack"
    for page in (ann, display):
        view = (await page.wait_view(lambda v: v["floor"]["turn"]["share_ms"] != 20 * 60_000))["view"]
        assert view["floor"]["turn"]["share_ms"] == 25 * 60_000
        assert view["session"]["segments"][3]["duration_ms"] == 60 * 60_000  # the segment is as it was
    err = await ann.cmd("turn.adjust", {"turn_id": turn["id"], "delta_ms": 60_000})
    assert err["code"] == "forbidden"
    err = await fac.cmd("turn.adjust", {"turn_id": turn["id"], "delta_ms": 0})
    assert err["code"] == "invalid"
    ack = await fac.cmd("floor.next", {"turn_id": turn["id"]})
    stale = await fac.cmd("turn.adjust", args)
    assert stale["type"] == "ack" and stale["changed"] is False


async def test_a_member_whose_page_opens_during_a_round_joins_it_at_the_end(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    bo: Client = await connect(links["members"][1]["url"])
    cy: Client = await connect(links["members"][2]["url"])
    assert (await fac.cmd("session.start", {"number": 1}))["changed"]
    await fac.cmd("segment.goto", {"from_index": 0, "to_index": 1})  # the check-in round
    await fac.cmd("round.start", {"present": ["m2", "m3"]})  # the pages open now
    floor = (await bo.wait_view(lambda v: v["floor"]["round"] is not None))["view"]["floor"]
    assert floor["turn"]["member"] == "m2" and floor["round"]["to_come"] == ["m3"]
    # Ann, first in the roster, opens her page late: the server records her, and she speaks
    # after Cy, who was already waiting.
    ann: Client = await connect(links["members"][0]["url"])

    def ann_last(m: dict[str, Any]) -> bool:
        return m["type"] == "state" and (m["view"]["floor"]["round"] or {}).get("to_come") == ["m3", "m1"]

    for page in (fac, bo, cy, ann):
        await page.wait_for(ann_last)
    st = await fac.wait_for(ann_last)
    assert st["view"]["course"]["attendance"]["members"] == ["m1", "m2", "m3"]
    await fac.cmd("floor.next", {"turn_id": st["view"]["floor"]["turn"]["id"]})
    st = await ann.wait_view(lambda v: v["floor"]["turn"]["member"] == "m3")
    await fac.cmd("floor.next", {"turn_id": st["view"]["floor"]["turn"]["id"]})
    st = await ann.wait_view(lambda v: v["floor"]["turn"]["member"] == "m1")
    assert st["view"]["floor"]["round"]["to_come"] == []
