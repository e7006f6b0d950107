"""The self-report over real sockets: a member's answers reach the facilitators' consoles, the
safety signal reaches every facilitator socket and no member's, the member alone sees what they
sent (and the crisis text); other members and the display see nothing of it in any frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import Settings
from tests.support.client import Client

# A crisis line no other frame could carry by chance.
CRISIS = "Call Dana at the clinic 5550142"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", command_burst=1000)


async def test_answers_reach_facilitators_only_and_item_9_raises_a_safety_signal(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    cofac: Client = await connect(links["cofacilitator"])
    display: Client = await connect(links["display"])
    ann, bo, cy = [await connect(m["url"]) for m in links["members"]]
    setting = await fac.cmd("selfreport.settings", {"instruments": "both", "crisis_text": CRISIS})
    assert setting["type"] == "ack"
    for member in (ann, bo, cy):
        await member.wait_for(lambda m: m["type"] == "state" and (m.get("me") or {}).get("selfreport"))
    assert ann.state["me"]["selfreport"]["asked"] == ["phq9", "gad7"]
    assert bo.state["me"]["selfreport"]["sent"] == {"phq9": None, "gad7": None}

    before = {id(c): len(c.states()) for c in (display, bo, cy)}
    answers = [1, 2, 1, 2, 1, 2, 1, 2, 3]  # 15, item 9 answered 3
    sent = await ann.cmd("selfreport.submit", {"instrument": "phq9", "answers": answers})
    assert sent["type"] == "ack" and sent["changed"] is True
    # A last change everyone sees, so every socket has had every frame before we read them.
    last = await fac.cmd("session.start", {"number": 1})
    assert last["type"] == "ack"
    for client in (fac, cofac, display, ann, bo, cy):
        await client.wait_for(lambda m: m["type"] == "state" and m["view"]["session"] is not None)
    # The submit itself reached none of them: the one frame each got since is the session's.
    for client in (display, bo, cy):
        assert len(client.states()) == before[id(client)] + 1

    for client in (fac, cofac):
        [alert] = [s for s in client.view["signals"] if s["kind"] == "safety"]
        assert (alert["member"], alert["answer"], alert["instrument"]) == ("m1", 3, "phq9")
        m1 = client.view["selfreport"]["members"]["m1"]["phq9"]["latest"]
        assert (m1["score"], m1["band"], m1["answers"]) == (15, "moderately_severe", answers)
        assert client.view["selfreport"]["waiting"] == ["m1", "m2", "m3"]  # the GAD-7 is still due
    me = ann.state["me"]["selfreport"]
    assert me["sent"]["phq9"]["answers"] == answers
    assert me["crisis"]["text"] == CRISIS
    assert ann.state["me"]["signals"] == []
    for client in (display, ann, bo, cy):
        assert all("selfreport" not in s["view"] and "signals" not in s["view"] for s in client.states())
        assert "safety" not in client.received()
    for client in (display, bo, cy):
        text = client.received()
        assert CRISIS not in text and "moderately_severe" not in text
        for state in client.states():
            own = (state.get("me") or {}).get("selfreport") or {"sent": {}}
            assert own["sent"].get("phq9") is None


async def test_refusals_say_why_and_change_nothing(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    display: Client = await connect(links["display"])
    ann: Client = await connect(links["members"][0]["url"])
    calm = {"instrument": "phq9", "answers": [0] * 9}

    off = await ann.cmd("selfreport.submit", calm)
    assert off["type"] == "error" and off["code"] == "conflict" and "questionnaire" in off["message"]
    await fac.cmd("selfreport.settings", {"instruments": "phq9"})
    for args, code in [
        ({"instrument": "gad7", "answers": [0] * 7}, "conflict"),
        ({"instrument": "phq9", "answers": [0] * 7}, "invalid"),
        ({"instrument": "phq9", "answers": [0] * 8 + [7]}, "invalid"),
    ]:
        err = await ann.cmd("selfreport.submit", args)
        assert (err["type"], err["code"]) == ("error", code), args
        assert err["message"]
    assert (await fac.cmd("selfreport.submit", calm))["code"] == "forbidden"
    assert (await display.cmd("selfreport.submit", calm))["code"] == "forbidden"
    assert (await ann.cmd("selfreport.settings", {"show_own": True}))["code"] == "forbidden"

    await fac.cmd("session.start", {"number": 1})
    moved = await fac.cmd("segment.next", {"from_index": 0})
    assert moved["type"] == "ack"
    await ann.wait_for(lambda m: m["type"] == "state" and (m["view"]["session"] or {}).get("current") == 1)
    closed = await ann.cmd("selfreport.submit", calm)
    assert closed["code"] == "conflict" and "closed" in closed["message"]
    assert ann.state["me"]["selfreport"]["closes_at"] is not None
    assert ann.state["me"]["selfreport"]["sent"]["phq9"] is None
