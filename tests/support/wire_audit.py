"""What each socket receives while members answer a card and send signals (issue 14).

Five members, the display and a facilitator; a card is open and every member's page has taken
its ballot. Then four members answer and two anonymous signals are sent. Members' and the
display's sockets must receive no frame at all (only each sender's own ack), and the
facilitator's frames must never carry a running count: one frame when the k-th answer is in,
one per signal, and no other. After close and reveal, members and the display see the counts
but a comment only once a facilitator chose it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.client import Client
from tests.support.feedback_wire import take_ballot
from tests.support.waiting import until

NAMES = ["Ann", "Bo", "Cy", "Dee", "Eli"]
COMMENTS = ["walrus-remark stung", "felt warm today", "spoken over twice", "more silence please"]

# (page, role) -> a connected client
Connect = Callable[[str, str], Awaitable[Client]]


async def settle(fac: Client, members: list[Client], others: list[Client]) -> None:
    """Until the console shows every member recorded as present, and every frame sent so far
    has arrived everywhere. (A member's presence frame precedes the server's attendance commit
    for that member; presence lists the members on the console's own instance only.)"""
    here = [f"m{i + 1}" for i in range(len(members))]

    def shown(state: dict[str, Any] | None) -> bool:
        return state is not None and sorted(state["view"]["course"]["attendance"]["members"]) == here

    await until(lambda: shown(fac.state))
    for client in (fac, *members, *others):
        await client.sync()


async def play(course: dict[str, Any], connect: Connect) -> dict[str, Any]:
    links = course["links"]
    fac = await connect(links["facilitator"], "facilitator")
    display = await connect(links["display"], "display")
    assert (await fac.cmd("session.start", {"number": 1}))["type"] == "ack"
    members = [await connect(m["url"], "member") for m in links["members"]]
    reply = await fac.cmd("feedback.open", {"questions": [{"library": "exclusion"}]})
    assert reply["type"] == "ack"
    for page in (display, *members):
        await page.wait_view(lambda v: v["feedback"]["card"]["status"] == "open")
    # Every page takes its ballot as soon as it sees the card.
    ballots = [await take_ballot(page) for page in members]
    await settle(fac, members, [display])
    card = fac.view["feedback"]["cards"][0]
    k = card["k"]
    assert (card["answers"], card["enough"], k, card["comment_k"]) == (None, False, 3, 4)

    before = {id(c): len(c.messages) for c in (fac, display, *members)}
    steps: list[tuple[Client, str, dict[str, Any]]] = []
    for i in range(4):
        answer = [{"question": "q1", "choice": i % 2, "comment": COMMENTS[i]}]
        steps.append(
            (members[i], "feedback.answer", {"card_id": "c1", "ballot": ballots[i], "answers": answer})
        )
        if i in (1, 2):  # a signal after the second answer, one after the third (the k-th)
            sender = members[4 if i == 1 else 0]
            steps.append((sender, "signal.send_anonymous", {"kind": "moment", "note": f"signal {i}"}))
    for page, name, args in steps:
        reply = await page.cmd(name, args)
        assert reply["type"] == "ack" and reply["changed"], (name, reply)
    for client in (fac, display, *members):
        await client.sync()
    received = {id(c): c.messages[before[id(c)] :] for c in (fac, display, *members)}

    # Members and the display: not a single frame; each sender only its own acks (and pongs).
    assert [m["type"] for m in received[id(display)]] == ["pong"]
    for page in members:
        kinds = [m["type"] for m in received[id(page)]]
        sent = sum(1 for p, _, _ in steps if p is page)
        assert kinds.count("ack") == sent and kinds.count("pong") == 1 and len(kinds) == sent + 1, kinds
    # The facilitator: one frame per signal and one when the k-th answer came in; never a count.
    frames = [m for m in received[id(fac)] if m["type"] == "state"]
    assert len(frames) == 3, [f["view"]["feedback"]["cards"][0] for f in frames]
    for frame in frames:
        shown_card = frame["view"]["feedback"]["cards"][0]
        assert shown_card["answers"] is None and shown_card["status"] == "open"
        assert '"counts"' not in json.dumps(frame["view"]["feedback"])
    assert [f["view"]["feedback"]["cards"][0]["enough"] for f in frames] == [False, True, True]
    assert [len(f["view"]["signals"]) for f in frames] == [1, 1, 2]

    # Close: the exact count now; reveal: counts for everyone, no comment until one is chosen.
    assert (await fac.cmd("feedback.close", {"card_id": "c1"}))["type"] == "ack"
    assert fac.view["feedback"]["cards"][0]["answers"] == 4
    assert (await fac.cmd("feedback.reveal", {"card_id": "c1"}))["type"] == "ack"
    result = fac.view["feedback"]["cards"][0]["questions"][0]["result"]
    assert sorted(result["comments"]) == sorted(COMMENTS) and result["chosen"] == []
    for page in (display, *members):
        seen = await page.wait_view(lambda v: v["feedback"]["card"]["revealed"])
        assert seen["view"]["feedback"]["card"]["questions"][0]["result"]["comments"] == []
    chosen = result["comments"].index(COMMENTS[1])
    show = {"card_id": "c1", "question_id": "q1", "comments": [chosen]}
    assert (await fac.cmd("feedback.comments_show", show))["type"] == "ack"
    for page in (display, *members):
        seen = await page.wait_view(lambda v: v["feedback"]["card"]["questions"][0]["result"]["comments"])
        assert seen["view"]["feedback"]["card"]["questions"][0]["result"]["comments"] == [COMMENTS[1]]
    everything = json.dumps([m for page in (display, *members) for m in page.messages])
    for words in (COMMENTS[0], COMMENTS[2], COMMENTS[3], "signal 1", "signal 2"):
        assert words not in everything
    return {"facilitator frames": len(frames)}
