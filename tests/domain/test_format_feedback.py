"""Bringing release c3c67d0's documents (format 1) forward: what changed shape this release."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import load, shared_view
from server.domain.document import link_key, signal_id
from server.domain.document.format import MIGRATIONS
from server.domain.feedback import view as feedback_view

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "releases" / "c3c67d0"


def released() -> dict[str, Any]:
    (path,) = (RELEASE / "datadir" / "groups").glob("*.json")
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def test_the_release_group_loads_with_its_comments_awaiting_review() -> None:
    doc, migrated = load(json.dumps(released()))
    assert migrated
    (card,) = doc.feedback.cards
    # Five members, k = 3: comments need four answers; four answered, so they are kept ...
    assert (card.k, card.comment_k, card.answers) == (3, 4, 4)
    assert sorted(card.tallies[1].comments) == [f"More time {i}" for i in range(4)]
    # ... but nobody chose any yet: members and the display see none until a facilitator does.
    assert [t.shown for t in card.tallies] == [[], []]
    result = feedback_view.result(card, 1, "facilitator")
    assert len(result["comments"]) == 4 and result["chosen"] == []
    assert feedback_view.result(card, 1, "member")["comments"] == []


def test_the_release_signal_ids_no_longer_count_signals() -> None:
    raw = released()
    doc, _ = load(json.dumps(raw))
    old = [s["id"] for s in raw["signals"]["items"]]
    new = [s.id for s in doc.signals.items]
    assert old == ["g1", "g2", "g3"]
    # Each is what this release would have given that signal: its number under the link key.
    key = link_key(c.hash for c in doc.credentials)
    assert new == [signal_id(key, n) for n in (1, 2, 3)]
    assert all(re.fullmatch(r"g[0-9a-f]{16}", i) for i in new)
    # Everything else about each signal is as it was, and the next one continues the numbers.
    kept = [{k: v for k, v in s.items() if k != "id"} for s in raw["signals"]["items"]]
    now = [msgspec.to_builtins(s) for s in doc.signals.items]
    # (fields this release added to a signal, e.g. a self-report alert's, are left out)
    assert [{k: s[k] for k in old} for s, old in zip(now, kept, strict=True)] == kept
    assert doc.signals.seq == 3


def test_signal_ids_depend_on_the_group_s_link_hashes_which_no_page_sees() -> None:
    raw = released()
    other = json.loads(json.dumps(raw))
    other["credentials"][0]["hash"] = "0" * 64
    ids = [s["id"] for s in MIGRATIONS[1](raw)["signals"]["items"]]
    assert ids == [s["id"] for s in MIGRATIONS[1](raw)["signals"]["items"]]  # stable
    assert ids != [s["id"] for s in MIGRATIONS[1](other)["signals"]["items"]]


def _card(status: str, k: int, answered: int, comments: int) -> dict[str, Any]:
    return {
        "id": "c1",
        "session": 1,
        "title": "Your feedback",
        "questions": [{"id": "q1", "kind": "text", "text": "Anything?", "options": []}],
        "tallies": [{"counts": [], "answered": answered, "comments": [f"c{i}" for i in range(comments)]}],
        "k": k,
        "status": status,
        "revealed": status == "closed",
        "answers": answered,
    }


@settings(max_examples=60, deadline=None)
@given(
    members=st.integers(1, 12),
    k=st.integers(3, 12),
    answered=st.integers(0, 12),
    status=st.sampled_from(["open", "closed"]),
    data=st.data(),
)
def test_any_release_card_keeps_comment_text_only_past_the_new_threshold(
    members: int, k: int, answered: int, status: str, data: st.DataObject
) -> None:
    comments = data.draw(st.integers(0, answered))
    raw = released()
    raw["members"] = [{"id": f"m{i + 1}", "name": f"N{i}"} for i in range(members)]
    if status == "closed" and answered < k:
        comments = 0  # that release already dropped what could never be shown
    raw["feedback"]["cards"] = [_card(status, k, answered, comments)]
    doc, _ = load(json.dumps(raw))
    card = doc.feedback.cards[0]
    tally = card.tallies[0]
    assert card.comment_k == (None if members < 5 else k + 1)
    readable = card.comment_k is not None and answered >= card.comment_k
    if status == "open" or readable or answered < k:
        assert (len(tally.comments), tally.withheld) == (comments, 0)
    else:
        assert (tally.comments, tally.withheld) == ([], comments)
    assert tally.shown == []
    for role in ("member", "display"):
        seen = shared_view(doc, role)["feedback"]["card"]
        assert seen is None or all(q["result"].get("comments", []) == [] for q in seen["questions"])
