"""Feedback cards, ballots and answers in the pure domain."""

from __future__ import annotations

import pytest

from server.domain import COMMANDS, Refused, Unchanged, apply, encode, shared_view, view
from server.domain.document import builtin_library
from server.domain.feedback import ballot as ballots
from tests.support.feedback_kit import DISPLAY, FAC, NAMES, answer, group, holder, member, open_card, take

EXCLUSION = [{"library": "exclusion"}]
YES, NO = 0, 1


def refused(code: str, fn, *args) -> Refused:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as info:
        fn(*args)
    assert info.value.code == code, info.value.message
    return info.value


FACILITATOR_COMMANDS = sorted(
    n for n, s in COMMANDS.items() if n.startswith("feedback.") and "member" not in s.roles
)


@pytest.mark.parametrize("name", FACILITATOR_COMMANDS)
@pytest.mark.parametrize("actor", [member(0), DISPLAY])
def test_members_and_display_cannot_run_feedback(name: str, actor) -> None:  # type: ignore[no-untyped-def]
    doc = open_card(group(), EXCLUSION)
    refused("forbidden", apply, doc, name, {"card_id": "c1"}, actor, 5)


@pytest.mark.parametrize("name", ["feedback.ballot", "feedback.answer"])
@pytest.mark.parametrize("actor", [FAC, DISPLAY])
def test_only_members_take_and_spend_ballots(name: str, actor) -> None:  # type: ignore[no-untyped-def]
    refused("forbidden", apply, open_card(group(), EXCLUSION), name, {}, actor, 5)


def test_library_has_the_prompts_these_groups_need() -> None:
    lib = {i.id: i for i in builtin_library()}
    assert len(lib) >= 12
    assert lib["respected"].text == "My identity and culture were respected in today's group."
    assert (lib["exclusion"].kind, lib["exclusion"].comment) == ("yesno", True)
    assert lib["exclusion"].text == "Something today felt exclusionary or hurtful."
    assert lib["myself"].text == "I felt I could be myself here."
    assert lib["airtime"].text == "I had enough space to speak today."
    assert {i.topic for i in lib.values()} >= {"inclusion", "airtime", "safety", "usefulness"}
    assert {i.kind for i in lib.values()} == {"agree", "choice", "yesno", "text"}


def test_open_copies_library_items_and_written_questions() -> None:
    doc = open_card(
        group(),
        [
            {"library": "respected"},
            {"kind": "choice", "text": "  Best  part? ", "options": ["Check-in", "Turns"], "comment": True},
            {"kind": "text", "text": "Anything else?", "comment": True},
        ],
        title="After session 1",
    )
    card = doc.feedback.cards[0]
    assert (card.id, card.title, card.k, card.status) == ("c1", "After session 1", 3, "open")
    q1, q2, q3 = card.questions
    assert (q1.kind, q1.source, len(q1.options)) == ("agree", "respected", 5)
    assert (q2.text, q2.options, q2.comment) == ("Best part?", ["Check-in", "Turns"], True)
    assert (q3.kind, q3.comment, q3.options) == ("text", False, [])
    assert [len(t.counts) for t in card.tallies] == [5, 2, 0]


@pytest.mark.parametrize(
    "questions",
    [
        [],
        [{"library": "respected"}] * 9,
        [{"library": "nope"}],
        [{"library": "respected", "text": "x"}],
        [{"kind": "choice", "text": "Pick", "options": ["only one"]}],
        [{"kind": "choice", "text": "Pick", "options": ["a", "A"]}],
        [{"kind": "yesno", "text": "Q", "options": ["a", "b"]}],
        [{"kind": "agree", "text": ""}],
        [{"kind": "agree"}],
        [{"kind": "agree", "text": "x" * 201}],
    ],
)
def test_bad_questions_are_refused(questions) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as info:
        open_card(group(), questions)
    assert info.value.code in ("invalid", "not_found")


def test_the_server_supplies_the_key_and_one_card_is_open_at_a_time() -> None:
    doc = group()
    refused("invalid", apply, doc, "feedback.open", {"questions": EXCLUSION}, FAC, 5)
    refused("invalid", apply, doc, "feedback.open", {"questions": EXCLUSION, "key": "short"}, FAC, 5)
    doc = open_card(doc, EXCLUSION)
    refused("conflict", open_card, doc, EXCLUSION)


def test_a_ballot_is_issued_once_per_holder() -> None:
    doc, first = take(open_card(group(), EXCLUSION), 0, nonce="a" * 32)
    # The same page asking again (lost reply): nothing changes, the same ballot is sent again.
    with pytest.raises(Unchanged):
        apply(doc, "feedback.ballot", {"card_id": "c1", "nonce": "a" * 32, "holder": holder(0)}, member(0), 5)
    assert ballots.issued_to(doc, "c1", "a" * 32, holder(0)) == first
    # Another window of the same member, with its own nonce, gets nothing.
    refused(
        "conflict",
        apply,
        doc,
        "feedback.ballot",
        {"card_id": "c1", "nonce": "b" * 32, "holder": holder(0)},
        member(0),
        5,
    )
    assert ballots.issued_to(doc, "c1", "b" * 32, holder(0)) is None
    refused(
        "not_found",
        apply,
        doc,
        "feedback.ballot",
        {"card_id": "c9", "nonce": "b" * 32, "holder": holder(1)},
        member(1),
        5,
    )


def test_a_ballot_spends_once_and_counts_the_answer() -> None:
    doc = open_card(group(), EXCLUSION)
    doc, b = take(doc, 0)
    doc = answer(doc, b, [{"question": "q1", "choice": YES, "comment": "A joke about my accent."}])
    tally = doc.feedback.cards[0].tallies[0]
    assert (tally.counts, tally.answered, tally.comments) == ([1, 0], 1, ["A joke about my accent."])
    e = refused("conflict", answer, doc, b, [{"question": "q1", "choice": NO}])
    assert "already been used" in e.message


def test_forged_and_foreign_ballots_are_refused() -> None:
    doc = open_card(group(), EXCLUSION)
    doc, b = take(doc, 0)
    gid, cid, nonce, mac = b.split(".")
    ok = [{"question": "q1", "choice": NO}]
    assert "not genuine" in refused("invalid", answer, doc, f"{gid}.{cid}.{nonce}.{'0' * 32}", ok).message
    assert "not genuine" in refused("invalid", answer, doc, f"{gid}.{cid}.{'1' * 32}.{mac}", ok).message
    assert "another group" in refused("invalid", answer, doc, f"othergrp.{cid}.{nonce}.{mac}", ok).message
    assert "not a ballot" in refused("invalid", answer, doc, "hello", ok).message
    # A ballot of an earlier card, spent on the next one.
    doc = apply(doc, "feedback.close", {"card_id": "c1"}, FAC, 5)
    doc = open_card(doc, EXCLUSION)
    assert "another prompt" in refused("invalid", answer, doc, b, ok, 0, "c2").message
    # And a ballot of another group's card with the same id.
    other = open_card(group(group_id="grp0002"), EXCLUSION)
    other, foreign = take(other, 0)
    doc2 = open_card(group(), EXCLUSION)
    assert "another group" in refused("invalid", answer, doc2, foreign, ok).message


@pytest.mark.parametrize(
    "answers",
    [
        [],
        [{"question": "q9", "choice": 0}],
        [{"question": "q1", "choice": 2}],
        [{"question": "q1", "choice": -1}],
        [{"question": "q1"}],
        [{"question": "q1", "choice": 0}, {"question": "q1", "choice": 1}],
        [{"question": "q2", "choice": 0}],
        [{"question": "q2", "comment": "   "}],
        [{"question": "q3", "choice": 1, "comment": "no comment box here"}],
        [{"question": "q1", "choice": 0, "comment": "x" * 501}],
    ],
)
def test_bad_answers_change_nothing_and_keep_the_ballot(answers) -> None:  # type: ignore[no-untyped-def]
    doc = open_card(group(), [{"library": "exclusion"}, {"library": "better"}, {"library": "respected"}])
    doc, b = take(doc, 0)
    refused("invalid", answer, doc, b, answers)
    doc = answer(doc, b, [{"question": "q1", "choice": NO}])  # the ballot is still good
    assert doc.feedback.cards[0].answers == 1


def test_answers_are_never_remembered_for_retries_but_ballot_requests_are() -> None:
    doc = open_card(group(), EXCLUSION)
    nonce = "c" * 32
    doc = apply(
        doc, "feedback.ballot", {"card_id": "c1", "nonce": nonce, "holder": holder(0)}, member(0), 5, "k1"
    )
    assert list(doc.recent)[-1] == "k1"
    b = ballots.issued_to(doc, "c1", nonce, holder(0))
    assert b is not None
    args = {"card_id": "c1", "ballot": b, "answers": [{"question": "q1", "choice": NO}]}
    after = apply(doc, "feedback.answer", args, member(0), 6, "k2")
    assert after.recent == doc.recent


def test_the_answer_does_not_depend_on_who_sent_it() -> None:
    doc = open_card(group(), EXCLUSION)
    doc, b = take(doc, 2)
    args = [{"question": "q1", "choice": YES, "comment": "Felt talked over."}]
    outcomes = {encode(answer(doc, b, args, i)) for i in range(5)}
    assert len(outcomes) == 1


def test_close_wipes_ballot_bookkeeping_and_never_reopens() -> None:
    doc = open_card(group(), EXCLUSION)
    doc, b = take(doc, 0)
    doc = answer(doc, b, [{"question": "q1", "choice": NO}])
    doc = apply(doc, "feedback.close", {"card_id": "c1"}, FAC, 5)
    card = doc.feedback.cards[0]
    assert (card.key, card.issued, card.spent, card.status, card.answers) == (None, {}, [], "closed", 1)
    with pytest.raises(Unchanged):
        apply(doc, "feedback.close", {"card_id": "c1"}, FAC, 6)
    assert "closed" in refused("conflict", answer, doc, b, [{"question": "q1", "choice": NO}]).message
    refused(
        "conflict",
        apply,
        doc,
        "feedback.ballot",
        {"card_id": "c1", "nonce": "d" * 32, "holder": holder(1)},
        member(1),
        6,
    )


def _answered(n: int, k: int | None = None):  # type: ignore[no-untyped-def]
    doc = group(6)
    if k is not None:
        doc = apply(doc, "feedback.threshold", {"k": k}, FAC, 1)
    doc = open_card(doc, EXCLUSION)
    for i in range(n):
        doc, b = take(doc, i)
        doc = answer(doc, b, [{"question": "q1", "choice": i % 2}])
    return doc


def test_reveal_needs_k_answers_closes_and_can_be_hidden() -> None:
    refused("conflict", apply, _answered(2), "feedback.reveal", {"card_id": "c1"}, FAC, 5)
    doc = apply(_answered(3), "feedback.reveal", {"card_id": "c1"}, FAC, 5)
    assert (doc.feedback.cards[0].status, doc.feedback.cards[0].revealed) == ("closed", True)
    assert shared_view(doc, "member")["feedback"]["card"]["questions"][0]["result"]["counts"] == [2, 1]
    doc = apply(doc, "feedback.hide", {"card_id": "c1"}, FAC, 6)
    assert shared_view(doc, "member")["feedback"]["card"] is None
    assert (
        shared_view(doc, "facilitator")["feedback"]["cards"][0]["questions"][0]["result"]["state"] == "shown"
    )


def test_threshold_is_per_group_never_below_three_and_fixed_per_card() -> None:
    doc = group()
    refused("invalid", apply, doc, "feedback.threshold", {"k": 2}, FAC, 1)
    refused("invalid", apply, doc, "feedback.threshold", {"k": 13}, FAC, 1)
    doc = _answered(4, k=5)
    doc = apply(doc, "feedback.threshold", {"k": 3}, FAC, 5)  # lowering k later frees nothing
    doc = apply(doc, "feedback.close", {"card_id": "c1"}, FAC, 6)
    assert shared_view(doc, "facilitator")["feedback"]["cards"][0]["questions"][0]["result"] == {
        "state": "too_few"
    }


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 6])
def test_while_open_facilitators_see_only_whether_k_answers_are_in(n: int) -> None:
    doc = _answered(n)
    fac = shared_view(doc, "facilitator")["feedback"]["cards"][0]
    assert (fac["answers"], fac["enough"], fac["eligible"], fac["k"]) == (None, n >= 3, 6, 3)
    for role in ("member", "display"):
        card = shared_view(doc, role)["feedback"]["card"]
        assert "answers" not in card and "eligible" not in card and "enough" not in card
        assert card["questions"][0]["result"] == {"state": "collecting"}
        assert (card["k"], card["comment_k"]) == (3, 4)  # promised before anyone answers
    assert "feedback" not in view(doc, "member", "m1")["me"]  # nothing per member
    # Between the answers that keep `enough` the same, no role's view changes at all.
    if 0 < n < 6:
        before = _answered(n - 1)
        if (n - 1 >= 3) == (n >= 3):
            for role in ("facilitator", "member", "display"):
                assert shared_view(before, role) == shared_view(doc, role)
    closed = apply(doc, "feedback.close", {"card_id": "c1"}, FAC, 5)
    assert shared_view(closed, "facilitator")["feedback"]["cards"][0]["answers"] == n


def _commented(n: int, members: int = 6, k: int | None = None):  # type: ignore[no-untyped-def]
    """n members answer the exclusion question, each with a comment; the card is closed."""
    doc = group(members)
    if k is not None:
        doc = apply(doc, "feedback.threshold", {"k": k}, FAC, 1)
    doc = open_card(doc, EXCLUSION)
    for i in range(n):
        doc, b = take(doc, i)
        doc = answer(doc, b, [{"question": "q1", "choice": i % 2, "comment": f"comment {i}"}])
    return apply(doc, "feedback.reveal", {"card_id": "c1"}, FAC, 5)


def _results(doc):  # type: ignore[no-untyped-def]
    fac = shared_view(doc, "facilitator")["feedback"]["cards"][0]["questions"][0]["result"]
    others = [
        shared_view(doc, r)["feedback"]["card"]["questions"][0]["result"] for r in ("member", "display")
    ]
    return fac, others


@pytest.mark.parametrize(
    ("members", "k", "answers", "comment_k", "readable"),
    [
        (6, None, 3, 4, False),  # counts shown, comments need one answer more
        (6, None, 4, 4, True),
        (6, 5, 5, 6, False),
        (6, 5, 6, 6, True),
        (4, None, 4, None, False),  # a group of four: comments are never shown
        (5, None, 4, 4, True),
    ],
)
def test_comments_need_a_stricter_threshold_than_counts(
    members: int, k: int | None, answers: int, comment_k: int | None, readable: bool
) -> None:
    doc = _commented(answers, members, k)
    card = doc.feedback.cards[0]
    assert card.comment_k == comment_k
    fac, others = _results(doc)
    assert fac["state"] == "shown" and sum(fac["counts"]) == answers
    if readable:
        assert sorted(fac["comments"]) == [f"comment {i}" for i in range(answers)] and fac["withheld"] == 0
    else:
        # Below it the text was not even kept; facilitators see only how many there were.
        assert fac["comments"] == [] and fac["withheld"] == answers and card.tallies[0].comments == []
        refused("conflict", apply, doc, "feedback.comments_show", _choice([0]), FAC, 6)
    for result in others:
        assert result["comments"] == []  # closing and revealing never show a comment


def _choice(indexes: list[int], question: str = "q1") -> dict[str, object]:
    return {"card_id": "c1", "question_id": question, "comments": indexes}


def test_members_and_the_display_see_only_the_comments_a_facilitator_chose() -> None:
    doc = _commented(5)
    fac, _ = _results(doc)
    listed = fac["comments"]
    doc = apply(doc, "feedback.comments_show", _choice([3, 1]), FAC, 6)
    fac, others = _results(doc)
    assert fac["chosen"] == [1, 3] and fac["comments"] == listed
    for result in others:
        assert result["comments"] == [listed[1], listed[3]] and "chosen" not in result
    with pytest.raises(Unchanged):
        apply(doc, "feedback.comments_show", _choice([1]), FAC, 7)
    doc = apply(doc, "feedback.comments_hide", _choice([1, 4]), FAC, 7)
    fac, others = _results(doc)
    assert fac["chosen"] == [3] and all(r["comments"] == [listed[3]] for r in others)
    with pytest.raises(Unchanged):
        apply(doc, "feedback.comments_hide", _choice([4]), FAC, 8)
    # Hidden results take the chosen comments with them; facilitators keep everything.
    doc = apply(doc, "feedback.hide", {"card_id": "c1"}, FAC, 8)
    assert shared_view(doc, "member")["feedback"]["card"] is None
    assert _results_fac(doc)["comments"] == listed


def _results_fac(doc):  # type: ignore[no-untyped-def]
    return shared_view(doc, "facilitator")["feedback"]["cards"][0]["questions"][0]["result"]


def test_choosing_comments_refuses_what_makes_no_sense() -> None:
    doc = _commented(5)
    refused("invalid", apply, doc, "feedback.comments_show", _choice([5]), FAC, 6)
    refused("invalid", apply, doc, "feedback.comments_show", _choice([-1]), FAC, 6)
    refused("invalid", apply, doc, "feedback.comments_show", _choice([]), FAC, 6)
    refused("not_found", apply, doc, "feedback.comments_show", _choice([0], "q9"), FAC, 6)
    refused("not_found", apply, doc, "feedback.comments_show", {**_choice([0]), "card_id": "c9"}, FAC, 6)
    refused("forbidden", apply, doc, "feedback.comments_show", _choice([0]), member(0), 6)
    still_open = open_card(group(6), EXCLUSION)
    refused("conflict", apply, still_open, "feedback.comments_show", _choice([0]), FAC, 6)


def test_the_stored_feedback_holds_no_member_id_name_or_secret() -> None:
    doc = open_card(group(5), [{"library": "exclusion"}, {"library": "better"}])
    for i in range(5):
        doc, b = take(doc, i)
        if i < 4:
            comment = {"question": "q2", "comment": f"comment number {i}"}
            doc = answer(doc, b, [{"question": "q1", "choice": i % 2}, comment])
    stored = encode(doc.feedback).decode()
    for i, name in enumerate(NAMES[:5]):
        assert f'"m{i + 1}"' not in stored and name not in stored
        assert holder(i) not in stored and f"link-secret-of-member-{i}" not in stored


def test_library_edits() -> None:
    doc = apply(
        group(), "feedback.library_add", {"kind": "agree", "text": "I felt heard.", "topic": "safety"}, FAC, 1
    )
    assert doc.feedback.library[-1].id == "u1"
    refused(
        "conflict", apply, doc, "feedback.library_add", {"kind": "agree", "text": "i felt heard."}, FAC, 2
    )
    refused(
        "invalid", apply, doc, "feedback.library_add", {"kind": "agree", "text": "x", "topic": "nope"}, FAC, 2
    )
    doc = apply(doc, "feedback.library_update", {"item_id": "respected", "text": "I felt respected."}, FAC, 3)
    with pytest.raises(Unchanged):
        apply(doc, "feedback.library_update", {"item_id": "respected", "text": "I felt respected."}, FAC, 4)
    doc = apply(doc, "feedback.library_remove", {"item_id": "pace"}, FAC, 5)
    refused("not_found", apply, doc, "feedback.library_remove", {"item_id": "pace"}, FAC, 6)
    doc = apply(doc, "feedback.library_reset", {}, FAC, 7)
    ids = [i.id for i in doc.feedback.library]
    assert "pace" in ids and ids[-1] == "u1"
    assert next(i for i in doc.feedback.library if i.id == "respected").text.startswith("My identity")
