"""What each role sees of feedback. `result()` is the one gate every path (views, course
API, CSV, charts) goes through: results of fewer than k answers, or of a card still open,
never leave the server.
"""

from __future__ import annotations

from typing import Any

from ..document import FACILITATOR, MIN_K, TOPICS, Card, Group, Question, Role
from .builtin import builtin_item, builtin_question, builtin_title
from .rules import current_card


def shown(card: Card, index: int) -> bool:
    """May the answers to this question be shown to facilitators? (Members: also `revealed`.)"""
    return card.status == "closed" and card.tallies[index].answered >= max(card.k, MIN_K)


def result(card: Card, index: int) -> dict[str, Any]:
    if card.status == "open":
        return {"state": "collecting"}
    if not shown(card, index):
        return {"state": "too_few"}  # "not enough answers to show"
    tally = card.tallies[index]
    return {
        "state": "shown",
        "answered": tally.answered,
        "counts": list(tally.counts),
        "comments": list(tally.comments),
    }


def _question(q: Question, card: Card, index: int) -> dict[str, Any]:
    return {
        "id": q.id,
        "kind": q.kind,
        "text": q.text,
        "options": list(q.options),
        "comment": q.comment,
        "source": q.source,
        "builtin": builtin_question(q),
        "result": result(card, index),
    }


def card_view(card: Card, role: Role, members: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": card.id,
        "session": card.session,
        "title": card.title,
        "builtin_title": builtin_title(card.title),
        "status": card.status,
        "revealed": card.revealed,
        "k": card.k,
        "questions": [_question(q, card, i) for i, q in enumerate(card.questions)],
    }
    if role == FACILITATOR:
        # The live count is for facilitators only: on a shared screen or a member's page it
        # would let people time each other's answers.
        out["answers"] = card.answers
        out["eligible"] = members
    return out


def feedback_view(doc: Group, role: Role) -> dict[str, Any]:
    fb = doc.feedback
    members = len(doc.members)
    if role == FACILITATOR:
        session = doc.session.number if doc.session else 0
        return {
            "k": fb.k,
            "cards": [
                card_view(c, role, members) for c in fb.cards if c.session == session or c.status == "open"
            ],
            "library": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "text": i.text,
                    "options": list(i.options),
                    "comment": i.comment,
                    "topic": i.topic,
                    "survey": i.survey,
                    "builtin": builtin_item(i),
                }
                for i in fb.library
            ],
            "topics": dict(TOPICS),
        }
    card = current_card(fb)
    return {"k": fb.k, "card": card_view(card, role, members) if card else None}
