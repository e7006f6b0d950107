"""Feedback over real sockets: ballots reach only their member's socket; refusals; threshold."""

from __future__ import annotations

import json
import secrets
from typing import Any

import pytest

from server.appkeys import STORE
from server.domain.feedback import ballot as ballots
from tests.conftest import app_of
from tests.support.client import create_group, token_of
from tests.support.feedback_wire import EXCLUSION, get_api, open_card, take_ballot, urls

MEMBERS = ["Ann", "Bo", "Cy", "Dee"]


@pytest.fixture
async def course(base_url: str) -> dict[str, Any]:
    return await create_group(base_url, members=MEMBERS)


async def test_a_ballot_goes_only_to_the_socket_that_asked(course, connect) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    display = await connect(course["links"]["display"])
    ann, ann_other_tab = await connect(urls(course)[0]), await connect(urls(course)[0])
    bo = await connect(urls(course)[1])
    await open_card(fac)
    nonce = secrets.token_hex(16)
    ballot = await take_ballot(ann, nonce=nonce)
    assert ballot.startswith(f"{course['group_id']}.c1.{nonce}.")
    # Asking again with the same nonce (a lost reply) returns the same ballot, changing nothing.
    again = await ann.cmd("feedback.ballot", {"card_id": "c1", "nonce": nonce})
    assert again["type"] == "ack" and again["changed"] is False
    assert [m["ballot"] for m in ann.messages if m["type"] == "ballot"] == [ballot, ballot]
    # Ann's other tab, with a nonce of its own, gets no second ballot.
    other = await ann_other_tab.cmd("feedback.ballot", {"card_id": "c1", "nonce": secrets.token_hex(16)})
    assert other["code"] == "conflict" and "another window" in other["message"]
    await take_ballot(bo)
    for client in (fac, display, ann_other_tab, bo):
        await client.sync()
    for client in (fac, display, ann_other_tab, bo):
        assert ballot not in json.dumps(client.messages)
        assert nonce not in json.dumps(client.messages)
    assert all(m["type"] != "ballot" for m in [*fac.messages, *display.messages, *ann_other_tab.messages])


async def test_the_server_mints_the_key_and_the_holder(course, connect, server) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    ann = await connect(urls(course)[0])
    await open_card(fac, {**EXCLUSION, "key": "0" * 32})
    forged_holder = "f" * 64
    nonce = secrets.token_hex(16)
    reply = await ann.cmd("feedback.ballot", {"card_id": "c1", "nonce": nonce, "holder": forged_holder})
    assert reply["type"] == "ack"
    doc = await app_of(server)[STORE].load(course["group_id"])
    card = doc.feedback.cards[0]
    assert card.key is not None and card.key != "0" * 32
    assert ballots.slot(card.key, forged_holder) not in card.issued
    assert ballots.slot(card.key, ballots.holder(token_of(urls(course)[0]).split(".")[1])) in card.issued


async def test_spent_forged_and_foreign_ballots_are_refused(course, connect, base_url) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    ann, bo = await connect(urls(course)[0]), await connect(urls(course)[1])
    await open_card(fac)
    ballot = await take_ballot(ann)
    ok = [{"question": "q1", "choice": 1}]
    first = await ann.cmd("feedback.answer", {"card_id": "c1", "ballot": ballot, "answers": ok})
    assert first["type"] == "ack" and first["changed"] is True
    for sender in (ann, bo):  # a spent ballot is spent whoever holds it
        spent = await sender.cmd("feedback.answer", {"card_id": "c1", "ballot": ballot, "answers": ok})
        assert spent["code"] == "conflict" and "already been used" in spent["message"]
    gid, cid, _nonce, mac = ballot.split(".")
    forged = await bo.cmd(
        "feedback.answer", {"card_id": "c1", "ballot": f"{gid}.{cid}.{'1' * 32}.{mac}", "answers": ok}
    )
    assert forged["code"] == "invalid" and "not genuine" in forged["message"]
    other = await create_group(base_url, members=["Zed", "Yu", "Xi"])
    other_fac = await connect(other["links"]["facilitator"])
    await open_card(other_fac)
    foreign = await take_ballot(await connect(other["links"]["members"][0]["url"]))
    refused = await bo.cmd("feedback.answer", {"card_id": "c1", "ballot": foreign, "answers": ok})
    assert refused["code"] == "invalid" and "another group" in refused["message"]
    closed = await fac.cmd("feedback.close", {"card_id": "c1"})
    state = await fac.state_at(closed["version"])
    assert state["view"]["feedback"]["cards"][0]["answers"] == 1


FACILITATOR_ONLY = [
    ("feedback.open", EXCLUSION),
    ("feedback.close", {"card_id": "c1"}),
    ("feedback.reveal", {"card_id": "c1"}),
    ("feedback.hide", {"card_id": "c1"}),
    ("feedback.comments_show", {"card_id": "c1", "question_id": "q1", "comments": [0]}),
    ("feedback.comments_hide", {"card_id": "c1", "question_id": "q1", "comments": [0]}),
    ("feedback.threshold", {"k": 4}),
    ("feedback.library_add", {"kind": "agree", "text": "I felt heard."}),
    ("feedback.library_remove", {"item_id": "pace"}),
    ("feedback.library_reset", {}),
]


async def test_members_and_display_cannot_steer_feedback(course, connect) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    await open_card(fac)
    for link in (urls(course)[0], course["links"]["display"]):
        client = await connect(link)
        seen = len(client.states())
        for name, args in FACILITATOR_ONLY:
            reply = await client.cmd(name, args)
            assert reply["code"] == "forbidden", (name, reply)
        await fac.sync()
        await client.sync()
        assert len(client.states()) == seen
    display = await connect(course["links"]["display"])
    reply = await display.cmd("feedback.ballot", {"card_id": "c1", "nonce": "a" * 32})
    assert reply["code"] == "forbidden"


async def test_with_k_minus_one_answers_nothing_leaves_by_any_path(course, connect, base_url) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    display = await connect(course["links"]["display"])
    members = [await connect(u) for u in urls(course)]
    await open_card(fac, {"questions": [{"library": "exclusion"}, {"library": "better"}]})
    secret_words = ["quokka-remark", "pelican-silence"]
    for client, words in zip(members, secret_words, strict=False):
        b = await take_ballot(client)
        answers = [{"question": "q1", "choice": 0, "comment": words}, {"question": "q2", "comment": words}]
        assert (await client.cmd("feedback.answer", {"card_id": "c1", "ballot": b, "answers": answers}))[
            "type"
        ] == "ack"
    reveal = await fac.cmd("feedback.reveal", {"card_id": "c1"})
    assert reveal["code"] == "conflict"
    await fac.cmd("feedback.close", {"card_id": "c1"})
    for client in (display, *members):
        await client.sync()
    fac_card = fac.view["feedback"]["cards"][0]
    assert (fac_card["answers"], fac_card["eligible"]) == (2, 4)
    assert [q["result"] for q in fac_card["questions"]] == [{"state": "too_few"}] * 2
    token = token_of(course["links"]["facilitator"])
    gid = course["group_id"]
    paths = ("feedback/course", "feedback/course.csv", "summary", "export")
    api = [await get_api(base_url, f"/api/groups/{gid}/{p}", token) for p in paths]
    chart = await get_api(base_url, f"/api/groups/{gid}/feedback/chart/exclusion.svg", token)
    assert [s for s, _ in api] == [200] * 4 and chart[0] == 404
    frames = [m for c in (fac, display, *members) for m in c.messages]
    everything = json.dumps(frames) + "".join(t for _, t in api) + chart[1]
    for words in secret_words:
        assert words not in everything
    # No frame's feedback part ever carried a count, for any role, at any version.
    for frame in frames:
        if frame["type"] == "state":
            part = json.dumps(frame["view"]["feedback"])
            assert '"counts"' not in part and '"shown"' not in part and '"comments"' not in part
    assert json.loads(api[0][1])["series"] == []
    assert api[1][1].strip().count("\n") == 0  # the CSV is its header only
    assert json.loads(api[2][1])["feedback"] == [] and json.loads(api[3][1])["feedback"] == []
