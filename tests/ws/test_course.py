"""The course over real sockets: signals reach facilitators only, attendance from presence,
homework carried to next week's check-in, and refusals that change nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.config import Settings
from tests.support.client import Client

NAMED_NOTE = "named-note-7f3a what Bo said stung"
ANON_NOTE = "anon-note-91c2 I am not ok"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", command_burst=1000)


async def test_a_signal_reaches_facilitators_sockets_and_nobody_elses(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    cofac: Client = await connect(links["cofacilitator"])
    display: Client = await connect(links["display"])
    ann, bo, cy = [await connect(m["url"]) for m in links["members"]]
    await fac.cmd("session.start", {"number": 1})
    await fac.wait_for(
        lambda m: m["type"] == "state" and len(m["view"]["course"]["attendance"]["members"]) == 3
    )
    for client in (cofac, display, ann, bo, cy):
        await client.wait_view(lambda v: v["session"] is not None)
        # The frame fac saw the third member arrive in went to every socket at once: wait for
        # it here too, or it could be counted below as a frame of the signals.
        await client.sync()
    before = {id(c): len(c.states()) for c in (fac, cofac, display, ann, bo, cy)}

    named = await ann.cmd("signal.send", {"kind": "check_in", "note": NAMED_NOTE})
    anon = await bo.cmd("signal.send_anonymous", {"kind": "not_right", "note": ANON_NOTE, "nonce": "x" * 24})
    assert named["type"] == anon["type"] == "ack"
    for client in (fac, cofac, display, ann, bo, cy):
        await client.sync()  # every frame sent so far has arrived
    # Not even a frame: a member or the display cannot tell that anything was sent. The named
    # sender gets one (their own list), the facilitators one per signal.
    assert [len(c.states()) - before[id(c)] for c in (fac, cofac, display, ann, bo, cy)] == [2, 2, 0, 1, 0, 0]

    for client in (fac, cofac):
        inbox = client.view["signals"]
        assert [(s["kind"], s["note"], s["member"]) for s in inbox] == [
            ("check_in", NAMED_NOTE, "m1"),
            ("not_right", ANON_NOTE, None),
        ]
    for client in (display, ann, bo, cy):
        text = client.received()
        assert NAMED_NOTE not in text and ANON_NOTE not in text
        assert "not_right" not in text
        assert all("signals" not in s["view"] for s in client.states())
    # The named sender sees that it arrived, and no one else sees even that.
    assert ann.state["me"]["signals"][0]["kind"] == "check_in"
    assert "check_in" not in bo.received() + cy.received() + display.received()
    # The anonymous sender's own frames carry nothing that ties it to them either.
    assert all(s["me"]["signals"] == [] for s in bo.states())

    signal_id = fac.view["signals"][0]["id"]
    assert signal_id == ann.state["me"]["signals"][0]["id"]
    await cofac.cmd("signal.ack", {"signal_id": signal_id})
    await ann.wait_for(lambda m: m["type"] == "state" and any(s["acknowledged"] for s in m["me"]["signals"]))


async def test_a_signal_s_id_is_not_its_number(group, connect) -> None:
    ann: Client = await connect(group["links"]["members"][0]["url"])
    bo: Client = await connect(group["links"]["members"][1]["url"])
    await ann.cmd("signal.send", {"kind": "moment"})
    await bo.cmd("signal.send_anonymous", {"kind": "moment"})
    await ann.cmd("signal.send", {"kind": "check_in"})
    refused = await ann.cmd("signal.send", {"kind": "moment", "id": "g7"})
    assert refused["code"] == "invalid"  # a page cannot name it either
    ids = [s["id"] for s in ann.state["me"]["signals"]]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"g[0-9a-f]{16}", i) for i in ids)


async def test_course_commands_refused_for_the_wrong_role_change_nothing(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    display: Client = await connect(links["display"])
    ann: Client = await connect(links["members"][0]["url"])
    await fac.cmd("session.start", {"number": 1})
    await fac.wait_for(lambda m: m["type"] == "state" and m["view"]["course"]["attendance"]["members"])
    seen = [len(c.states()) for c in (fac, display, ann)]
    attempts = [
        (display, "homework.set", {"text": "x", "member_id": "m1"}, "forbidden"),
        (display, "signal.send", {"kind": "moment"}, "forbidden"),
        (display, "agreements.ack", {"revision": 1}, "forbidden"),
        (fac, "agreements.ack", {"revision": 1}, "forbidden"),
        (fac, "signal.send_anonymous", {"kind": "moment"}, "forbidden"),
        (ann, "homework.set", {"text": "x", "member_id": "m2"}, "forbidden"),
        (ann, "homework.clear", {"member_id": "m3"}, "forbidden"),
        (ann, "goal.set", {"member_id": "m1", "areas": ["grief"]}, "forbidden"),
        (ann, "signal.ack", {"signal_id": "g1"}, "forbidden"),
        (ann, "homework.set", {"text": "x" * 241}, "invalid"),
        (ann, "signal.send", {"kind": "moment", "note": "n" * 281}, "invalid"),
        (ann, "signal.send", {"kind": "panic"}, "invalid"),
        (fac, "agreements.set", {"items": ["a" * 281]}, "invalid"),
        (fac, "goal.set", {"member_id": "m1", "areas": ["grief"], "text": "g" * 241}, "invalid"),
        (fac, "goal.set", {"member_id": "m1", "areas": ["grief", "dispute", "isolation"]}, "invalid"),
    ]
    for client, name, args, code in attempts:
        reply = await client.cmd(name, args)
        assert (reply["type"], reply.get("code")) == ("error", code), (name, args)
        assert reply["message"]
    for client in (fac, display, ann):
        await client.sync()
    assert [len(c.states()) for c in (fac, display, ann)] == seen  # nothing changed for anyone
    again: Client = await connect(links["cofacilitator"])
    assert again.view == fac.view


async def test_attendance_follows_open_pages_during_a_session(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    await connect(links["members"][0]["url"])  # Ann's page is open before the session

    def present(members: list[str]):
        return lambda m: m["type"] == "state" and m["view"]["course"]["attendance"]["members"] == members

    await fac.cmd("session.start", {"number": 1})
    await fac.wait_for(present(["m1"]))
    await connect(links["members"][2]["url"])  # Cy joins late
    await fac.wait_for(present(["m1", "m3"]))
    # Bo was on Zoom without the page: a facilitator corrects the record.
    await fac.cmd("attendance.mark", {"session": 1, "member_ids": ["m2"]})
    await fac.wait_for(present(["m1", "m2", "m3"]))
    await fac.cmd("session.end", {"number": 1})
    # After the session, opening a page records nothing (week 2 is not running).
    late: Client = await connect(links["members"][1]["url"])
    assert late.state is not None
    assert fac.view["course"]["attendance"] == {"session": 1, "members": ["m1", "m2", "m3"]}


async def test_last_weeks_homework_is_there_at_next_weeks_check_in(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    await fac.cmd("session.start", {"number": 1})
    await ann.cmd("homework.set", {"text": "call my sister"})
    await fac.cmd("homework.set", {"text": "walk twice", "member_id": "m2"})
    await fac.cmd("session.end", {"number": 1})
    started = await fac.cmd("session.start", {"number": 2})
    mine = await ann.wait_view(lambda v: v["course"]["week"]["number"] == 2)
    assert mine["me"]["course"]["homework"]["last"] == {
        "session": 1,
        "text": "call my sister",
        "by": "member",
    }
    assert mine["view"]["course"]["week"]["number"] == 2
    assert "homework" not in mine["view"]["course"]  # nobody else's
    console = (await fac.state_at(started["version"]))["view"]["course"]["homework"]
    assert console["m1"]["last"]["text"] == "call my sister"
    assert console["m2"]["last"] == {"session": 1, "text": "walk twice", "by": "facilitator"}
    assert console["m3"] == {"this": None, "last": None}
