"""A role's sockets are sent the same bytes; a member's own part travels only when it changed.

The server makes each role's state frame once per change and writes it to every socket of that
role (docs/protocol.md): so no frame may carry anything of one socket (its count, the group's
version), and a member's `me` is in a frame only when it changed for that member.
"""

from __future__ import annotations

import json
from typing import Any

from server.appkeys import HUB
from tests.conftest import app_of
from tests.support.client import Client, create_group


def states_since(page: Client, mark: int) -> list[str | bytes]:
    return [r for r in page.raw[mark:] if json.loads(r)["type"] == "state"]


async def test_a_roles_sockets_get_the_same_frame_and_me_only_when_it_changed(
    group: dict[str, Any], connect: Any
) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    display: Client = await connect(links["display"])
    ann, bo, cy = [await connect(m["url"]) for m in links["members"]]
    members = [ann, bo, cy]
    pages = [*members, display, fac]
    await fac.cmd("session.start", {"number": 1})
    for page in pages:
        await page.sync()
    for page in members:
        first = json.loads(states_since(page, 0)[0])
        assert "me" in first, "a socket's first frame carries the member's own part"

    # Everyone's view changes, nobody's own part: one frame per role, byte for byte the same.
    marks = [len(p.raw) for p in pages]
    assert (await bo.cmd("hand.raise"))["changed"]
    for page in pages:
        await page.sync()
    new = [states_since(p, mark) for p, mark in zip(pages, marks, strict=True)]
    # (The console may get another: attendance is recorded when members are seen, a change only
    # facilitators see.)
    assert [len(n) for n in new[:4]] == [1, 1, 1, 1] and new[4]
    assert new[0][0] == new[1][0] == new[2][0]
    frame = json.loads(new[0][0])
    assert "me" not in frame and "version" not in frame
    assert frame["view"]["floor"]["queue"] == ["m2"]
    assert new[3][0] != new[0][0] and "me" not in json.loads(new[3][0])
    assert all("presence" in json.loads(f) and "me" not in json.loads(f) for f in new[4])
    # The page keeps the own part it was last sent.
    assert ann.state is not None and ann.state["me"]["id"] == "m1"

    # Only Ann's own part changes: she alone gets a frame, and it carries her part.
    marks = [len(p.raw) for p in pages]
    await ann.cmd("homework.set", {"text": "call my sister"})
    for page in pages:
        await page.sync()
    assert [len(states_since(p, mark)) for p, mark in zip(members, marks[:3], strict=True)] == [1, 0, 0]
    mine = json.loads(states_since(ann, marks[0])[0])
    assert mine["me"]["course"]["homework"]["this"]["text"] == "call my sister"

    # The next shared change reaches her without `me`; her page still holds it.
    marks = [len(p.raw) for p in pages]
    await bo.cmd("hand.lower")
    for page in pages:
        await page.sync()
    frames = [states_since(p, mark) for p, mark in zip(members, marks[:3], strict=True)]
    assert frames[0] == frames[1] == frames[2] and len(frames[0]) == 1
    assert "me" not in json.loads(frames[0][0])
    assert ann.view["floor"]["queue"] == []
    assert ann.state is not None and ann.state["me"]["course"]["homework"]["this"]["text"] == "call my sister"


async def test_groups_with_the_same_library_hold_one_encoding_of_it(base_url: str, server: Any) -> None:
    """The built-in feedback library, encoded for facilitators, is one bytes object however many
    groups show it (ws/hub.py: _ALIKE); a group that changed its library has its own, and shows it."""
    hub = app_of(server)[HUB]
    groups = [await create_group(base_url, name=f"Group {n}", members=["Ann"]) for n in range(3)]
    consoles = [await Client.open(base_url, g["links"]["facilitator"]) for g in groups]
    try:
        key = ("feedback", "facilitator")
        pieces = [hub._rooms[g["group_id"]].pieces[key][1] for g in groups]
        assert pieces[0] is pieces[1] is pieces[2]
        # One group writes a question of its own: its piece is its own, the others keep theirs.
        text = "Did the group feel safe today?"
        done = await consoles[2].cmd("feedback.library_add", {"kind": "yesno", "text": text})
        assert done["type"] == "ack", done
        own = hub._rooms[groups[2]["group_id"]].pieces[key][1]
        assert own is not pieces[0] and text.encode() in own
        assert hub._rooms[groups[0]["group_id"]].pieces[key][1] is pieces[0]
        assert text not in json.dumps(consoles[0].view) and text in json.dumps(consoles[2].view)
    finally:
        for console in consoles:
            await console.close()
