"""Random interleavings of everything facilitators and members can do with feedback: the
domain refuses or moves on, and its promises hold after every step."""

from __future__ import annotations

import secrets
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from server.domain import Refused, Unchanged, apply, shared_view
from server.domain.feedback import ballot as ballots
from tests.support.feedback_kit import FAC, group, holder, member

N = 5
LIBRARY = ["exclusion", "respected", "better", "talk_share"]


class FeedbackMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.doc = group(N)
        self.ballots: dict[tuple[str, int], str] = {}  # (card, member) -> ballot held by the page
        self.spent: dict[str, int] = {}  # card -> answers the model saw accepted

    def _apply(self, name: str, args: dict[str, Any], actor: Any) -> bool:
        try:
            new = apply(self.doc, name, args, actor, 1)
        except (Refused, Unchanged):
            return False
        assert new.version == self.doc.version + 1
        self.doc = new
        return True

    def _card(self) -> Any:
        return self.doc.feedback.cards[-1] if self.doc.feedback.cards else None

    @rule(items=st.lists(st.sampled_from(LIBRARY), min_size=1, max_size=3, unique=True))
    def open(self, items: list[str]) -> None:
        was_open = any(c.status == "open" for c in self.doc.feedback.cards)
        ok = self._apply(
            "feedback.open", {"questions": [{"library": i} for i in items], "key": secrets.token_hex(16)}, FAC
        )
        assert ok != was_open

    @rule(i=st.integers(0, N - 1))
    def take(self, i: int) -> None:
        card = self._card()
        if card is None:
            return
        nonce = secrets.token_hex(16)
        if self._apply(
            "feedback.ballot", {"card_id": card.id, "nonce": nonce, "holder": holder(i)}, member(i)
        ):
            assert (card.id, i) not in self.ballots  # one ballot per member per card
            issued = ballots.issued_to(self.doc, card.id, nonce, holder(i))
            assert issued is not None
            self.ballots[(card.id, i)] = issued

    @rule(
        i=st.integers(0, N - 1), sender=st.integers(0, N - 1), choice=st.integers(0, 4), comment=st.booleans()
    )
    def answer(self, i: int, sender: int, choice: int, comment: bool) -> None:
        card = self._card()
        if card is None:
            return
        if (card.id, i) not in self.ballots:
            self.take(i)  # a member's page takes its ballot when the card shows, then answers
            if (card.id, i) not in self.ballots:
                return
        q = card.questions[0]
        item: dict[str, Any] = {"question": q.id}
        if q.kind == "text":
            item["comment"] = f"words {choice}"
        else:
            item["choice"] = choice % len(q.options)
            if comment and q.comment:
                item["comment"] = "a comment"
        args = {"card_id": card.id, "ballot": self.ballots[(card.id, i)], "answers": [item]}
        if self._apply("feedback.answer", args, member(sender)):
            self.spent[card.id] = self.spent.get(card.id, 0) + 1

    @rule(step=st.sampled_from(["close", "reveal", "hide"]))
    def steer(self, step: str) -> None:
        card = self._card()
        if card is not None:
            self._apply(f"feedback.{step}", {"card_id": card.id}, FAC)

    @rule(show=st.booleans(), picks=st.lists(st.integers(0, N), min_size=1, max_size=3))
    def choose_comments(self, show: bool, picks: list[int]) -> None:
        card = self._card()
        if card is None:
            return
        name = "feedback.comments_show" if show else "feedback.comments_hide"
        args = {"card_id": card.id, "question_id": card.questions[0].id, "comments": picks}
        if self._apply(name, args, FAC):
            tally = self.doc.feedback.cards[-1].tallies[0]
            assert set(picks) <= set(tally.shown) if show else not set(picks) & set(tally.shown)

    @rule(k=st.integers(1, 7))
    def threshold(self, k: int) -> None:
        expected = 3 <= k <= 7 and k != self.doc.feedback.k
        assert self._apply("feedback.threshold", {"k": k}, FAC) == expected

    @invariant()
    def promises_hold(self) -> None:
        cards = self.doc.feedback.cards
        assert sum(c.status == "open" for c in cards) <= 1
        for c in cards:
            assert c.answers == self.spent.get(c.id, 0) <= N
            if c.status == "open":
                assert len(c.spent) == c.answers and len(c.issued) <= N
            else:
                assert (c.key, c.issued, c.spent) == (None, {}, [])
            assert not c.revealed or c.status == "closed"
            assert c.comment_k == c.k + 1  # a group of five: comments need one answer more
            for q, t in zip(c.questions, c.tallies, strict=True):
                assert t.answered <= c.answers
                if c.status == "closed" and t.answered < c.k:  # never shown, so not kept
                    assert not any(t.counts) and t.comments == []
                else:
                    assert q.kind == "text" or sum(t.counts) == t.answered
                if c.status == "closed" and t.answered < c.comment_k:  # text never read, not kept
                    assert t.comments == []
                assert t.shown == sorted(set(t.shown)) and all(i < len(t.comments) for i in t.shown)
                assert not t.shown or c.status == "closed"
        fac = shared_view(self.doc, "facilitator")["feedback"]["cards"]
        others = [shared_view(self.doc, r)["feedback"]["card"] for r in ("member", "display")]
        for view_card in [*fac, *(c for c in others if c)]:
            card = next(c for c in cards if c.id == view_card["id"])
            for q, t in zip(view_card["questions"], card.tallies, strict=True):
                visible = card.status == "closed" and t.answered >= card.k
                assert (q["result"]["state"] == "shown") == visible
                if c_open := card.status == "open":
                    assert "comments" not in q["result"]
                assert c_open or q["result"]["state"] == "too_few" or "comments" in q["result"]
        for view_card in fac:
            card = next(c for c in cards if c.id == view_card["id"])
            assert view_card["answers"] == (None if card.status == "open" else card.answers)
            assert view_card["enough"] == (card.answers >= card.k)
        for view_card in others:
            assert view_card is None or view_card["status"] == "open" or view_card["revealed"]
            assert view_card is None or "answers" not in view_card
            if view_card is None:
                continue
            card = next(c for c in cards if c.id == view_card["id"])
            for q, t in zip(view_card["questions"], card.tallies, strict=True):
                if q["result"]["state"] == "shown":
                    assert q["result"]["comments"] == [t.comments[i] for i in t.shown]


FeedbackMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=40, deadline=None)
TestFeedbackMachine = FeedbackMachine.TestCase
