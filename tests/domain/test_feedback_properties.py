"""Properties of anonymous feedback, for any group size, threshold, card and answers."""

from __future__ import annotations

import json
import secrets
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain import Group, Refused, Unchanged, apply, encode, shared_view, view
from server.domain.feedback.course import course
from server.web.reports.course import export, summary
from server.web.reports.feedback import as_json, csv_text, svg_chart
from tests.support.feedback_kit import FAC, answer, group, open_card, take

QUESTIONS = [
    {"library": "exclusion"},  # yes/no + comment
    {"library": "respected"},  # agree scale
    {"library": "better"},  # free text
    {"kind": "choice", "text": "Best part?", "options": ["Check-in", "Turns", "Homework"], "comment": True},
]
MARK = "zq"  # every comment in these tests contains this, and nothing else does

CI = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def answer_sets(draw: st.DrawFn, questions: list[dict[str, Any]], count: int) -> list[list[dict[str, Any]]]:
    """`count` members' answers; each answers at least one question, skips the others."""
    out = []
    for _ in range(count):
        chosen = draw(st.lists(st.integers(0, len(questions) - 1), min_size=1, unique=True))
        items = []
        for qi in sorted(chosen):
            q = questions[qi]
            qid = f"q{qi + 1}"
            comment = draw(st.none() | st.text("abc ", min_size=1, max_size=6).map(lambda t: f"{MARK}{t}"))
            if q.get("library") == "better":
                items.append({"question": qid, "comment": comment or f"{MARK}!"})
                continue
            options = {"exclusion": 2, "respected": 5}.get(q.get("library", ""), len(q.get("options", [])))
            item: dict[str, Any] = {"question": qid, "choice": draw(st.integers(0, options - 1))}
            if comment is not None and (q.get("comment") or q.get("library") == "exclusion"):
                item["comment"] = comment
            items.append(item)
        out.append(items)
    return out


def _everything_visible(doc: Group) -> tuple[str, str]:
    """Every byte any role could be sent, plus the course API, CSV, charts, summary and export;
    and, of those, the feedback parts (where a count would sit)."""
    views = [shared_view(doc, role) for role in ("facilitator", "member", "display")]
    views += [view(doc, "member", m.id) for m in doc.members]
    series = course(doc)
    reports = [summary(doc, 30), export(doc, 0, 30)]
    assert [r["feedback"] for r in reports] == [as_json(series)] * 2
    feedback = [encode_view(v["feedback"]) for v in views] + [str(as_json(series)), csv_text(series)]
    feedback += [svg_chart(s) for s in series] + [json.dumps(r["feedback"]) for r in reports]
    return "\n".join([*map(encode_view, views), *map(encode_view, reports), *feedback]), "\n".join(feedback)


def encode_view(v: dict[str, Any]) -> str:
    return json.dumps(v)


def _answer_all(doc: Group, sets: list[list[dict[str, Any]]]) -> Group:
    for i, items in enumerate(sets):
        doc, b = take(doc, i)
        doc = answer(doc, b, items, i)
    return doc


@CI
@given(
    data=st.data(),
    n=st.integers(3, 8),
    k=st.integers(3, 6),
    qs=st.lists(st.sampled_from(range(len(QUESTIONS))), min_size=1, max_size=3, unique=True),
)
def test_results_of_fewer_than_k_answers_never_leave_in_any_view(
    data: st.DataObject, n: int, k: int, qs: list[int]
) -> None:
    questions = [QUESTIONS[i] for i in qs]
    doc = apply(group(n), "feedback.threshold", {"k": k}, FAC, 1) if k != 3 else group(n)
    doc = open_card(doc, questions)
    count = data.draw(st.integers(0, min(k - 1, n)))
    sets = data.draw(answer_sets(questions, count))
    for i, items in enumerate(sets):
        doc, b = take(doc, i)
        doc = answer(doc, b, items, i)
        _assert_nothing_shown(doc)
    # Whatever the facilitator does next, nothing of these answers is ever shown.
    for step in data.draw(st.lists(st.sampled_from(["close", "reveal", "hide", "threshold"]), max_size=4)):
        try:
            args = {"k": 3} if step == "threshold" else {"card_id": "c1"}
            doc = apply(doc, f"feedback.{step}", args, FAC, 9)
        except Exception as exc:  # Refused / Unchanged: the doc stays as it was
            assert type(exc).__name__ in ("Refused", "Unchanged")
        _assert_nothing_shown(doc)


def _assert_nothing_shown(doc: Group) -> None:
    seen, feedback = _everything_visible(doc)
    assert MARK not in seen
    assert "counts" not in feedback and '"shown"' not in feedback
    assert course(doc) == []


@CI
@given(
    data=st.data(),
    n=st.integers(3, 12),
    qs=st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True),
)
def test_counts_add_up_to_exactly_the_answers_given(data: st.DataObject, n: int, qs: list[int]) -> None:
    questions = [QUESTIONS[i] for i in qs]
    sets = data.draw(answer_sets(questions, data.draw(st.integers(0, n))))
    open_doc = _answer_all(open_card(group(n), questions), sets)
    doc = apply(open_doc, "feedback.close", {"card_id": "c1"}, FAC, 9)
    assert doc.feedback.cards[0].answers == open_doc.feedback.cards[0].answers == len(sets)
    for index, q in enumerate(open_doc.feedback.cards[0].questions):
        given_ = [a for items in sets for a in items if a["question"] == q.id]
        counted, kept = open_doc.feedback.cards[0].tallies[index], doc.feedback.cards[0].tallies[index]
        assert counted.answered == kept.answered == len(given_)
        if q.kind != "text":
            assert sum(counted.counts) == counted.answered
            assert Counter({i: c for i, c in enumerate(counted.counts) if c}) == Counter(
                a["choice"] for a in given_
            )
        # Comments are stored with their whitespace tidied, like every text people type.
        assert Counter(counted.comments) == Counter(
            " ".join(a["comment"].split()) for a in given_ if "comment" in a
        )
        # Past close, answers too few to ever be shown are not kept: only how many there were;
        # comments need one answer more than counts, in a group of at least five.
        readable = n >= 5 and len(given_) >= 4
        assert kept.counts == (counted.counts if len(given_) >= 3 else [0] * len(counted.counts))
        assert kept.comments == (counted.comments if readable else [])
        assert kept.withheld == (len(counted.comments) if 3 <= len(given_) and not readable else 0)
        result = shared_view(doc, "facilitator")["feedback"]["cards"][0]["questions"][index]["result"]
        assert (result["state"] == "shown") == (len(given_) >= 3)


@CI
@given(
    data=st.data(),
    n=st.integers(3, 10),
    k=st.integers(3, 6),
    qs=st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True),
)
def test_comments_reach_members_and_the_display_only_once_chosen(
    data: st.DataObject, n: int, k: int, qs: list[int]
) -> None:
    questions = [QUESTIONS[i] for i in qs]
    doc = apply(group(n), "feedback.threshold", {"k": k}, FAC, 1) if k != 3 else group(n)
    sets = data.draw(answer_sets(questions, data.draw(st.integers(0, n))))
    doc = _answer_all(open_card(doc, questions), sets)
    chosen: dict[str, set[int]] = {}
    for step in data.draw(
        st.lists(st.sampled_from(["close", "reveal", "show", "hide", "unshow"]), max_size=8)
    ):
        q = data.draw(st.sampled_from([f"q{i + 1}" for i in range(len(questions))]))
        picks = data.draw(st.lists(st.integers(0, 5), min_size=1, max_size=3))
        name, args = {
            "close": ("feedback.close", {"card_id": "c1"}),
            "reveal": ("feedback.reveal", {"card_id": "c1"}),
            "hide": ("feedback.hide", {"card_id": "c1"}),
            "show": ("feedback.comments_show", {"card_id": "c1", "question_id": q, "comments": picks}),
            "unshow": ("feedback.comments_hide", {"card_id": "c1", "question_id": q, "comments": picks}),
        }[step]
        try:
            doc = apply(doc, name, args, FAC, 9)
        except (Refused, Unchanged):
            continue
        if step in ("show", "unshow"):
            now = chosen.setdefault(q, set())
            chosen[q] = now | set(picks) if step == "show" else now - set(picks)
        _assert_comments_gated(doc, n, k, chosen)
    _assert_comments_gated(doc, n, k, chosen)


def _assert_comments_gated(doc: Group, n: int, k: int, chosen: dict[str, set[int]]) -> None:
    # Whatever was chosen, nothing that may leave the room (course API, CSV, charts, summary,
    # export) carries a comment.
    reports = [summary(doc, 30), export(doc, 0, 30)]
    series = course(doc)
    outside = [str(as_json(series)), csv_text(series), *map(svg_chart, series), *map(json.dumps, reports)]
    assert MARK not in "\n".join(outside)
    card = doc.feedback.cards[0]
    fac = shared_view(doc, "facilitator")["feedback"]["cards"][0]
    for index, q in enumerate(fac["questions"]):
        tally = card.tallies[index]
        result = q["result"]
        readable = card.status == "closed" and n >= 5 and tally.answered >= k + 1
        if result["state"] == "shown":
            assert bool(result["comments"]) == (readable and bool(tally.comments))
            assert result["chosen"] == sorted(chosen.get(q["id"], set()))
        else:
            assert "comments" not in result
    for role in ("member", "display"):
        seen = shared_view(doc, role)["feedback"]["card"]
        if seen is None:
            continue
        for index, q in enumerate(seen["questions"]):
            if q["result"]["state"] == "shown":
                picked = [card.tallies[index].comments[i] for i in sorted(chosen.get(q["id"], set()))]
                assert q["result"]["comments"] == picked
            else:
                assert MARK not in json.dumps(q)


@CI
@given(data=st.data(), n=st.integers(2, 6))
def test_any_arrival_order_and_any_senders_store_the_same_bytes(data: st.DataObject, n: int) -> None:
    """Nothing stored depends on who answered or in which order: the orders are indistinguishable."""
    questions = [QUESTIONS[0], QUESTIONS[2]]
    sets = data.draw(answer_sets(questions, n))
    doc = open_card(group(n), questions, key="ab" * 16)
    ballots_ = []
    for i in range(n):
        doc, b = take(doc, i, nonce=secrets.token_hex(16))
        ballots_.append(b)
    order = data.draw(st.permutations(range(n)))
    senders = data.draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    one, other = doc, doc
    for i in range(n):
        one = answer(one, ballots_[i], sets[i], i)
    for j, i in enumerate(order):
        other = answer(other, ballots_[i], sets[i], senders[j])
    assert encode(one) == encode(other)


@CI
@given(data=st.data())
def test_a_ballot_spends_exactly_once(data: st.DataObject) -> None:
    questions = [QUESTIONS[1], QUESTIONS[3]]
    doc = open_card(group(4), questions)
    doc, b = take(doc, 0)
    first, again = data.draw(answer_sets(questions, 2))
    doc = answer(doc, b, first)
    before = encode(doc)
    for sender in range(4):
        try:
            answer(doc, b, again, sender)
        except Refused as refused:
            assert refused.code == "conflict"
        else:
            raise AssertionError("a spent ballot was accepted")
    assert encode(doc) == before and doc.feedback.cards[0].answers == 1
