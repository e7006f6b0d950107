"""Speaking turns over real sockets: roles, the co-facilitator race, presence, privacy."""

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
