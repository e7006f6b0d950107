"""Small builders shared by the feedback tests (pure domain: no server)."""

from __future__ import annotations

import secrets
from typing import Any

from server.domain import Actor, Group, GroupSpec, apply, new_group
from server.domain.feedback import ballot as ballots

FAC = Actor("facilitator")
DISPLAY = Actor("display")
NAMES = ["Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kit", "Lu"]


def member(i: int) -> Actor:
    return Actor("member", f"m{i + 1}")


def group(n: int = 5, group_id: str = "grp0001") -> Group:
    return new_group(GroupSpec(name="Tuesday group", members=NAMES[:n]), group_id, 1_000)


def open_card(doc: Group, questions: list[dict[str, Any]], key: str | None = None, **kw: Any) -> Group:
    args = {"questions": questions, "key": key or secrets.token_hex(16), **kw}
    return apply(doc, "feedback.open", args, FAC, 2_000)


def holder(i: int) -> str:
    return ballots.holder(f"link-secret-of-member-{i}")


def take(doc: Group, i: int, card_id: str | None = None, nonce: str | None = None) -> tuple[Group, str]:
    """Member i takes a ballot; returns the new doc and the ballot the server would send."""
    card_id = card_id or doc.feedback.cards[-1].id
    nonce = nonce or secrets.token_hex(16)
    doc = apply(
        doc, "feedback.ballot", {"card_id": card_id, "nonce": nonce, "holder": holder(i)}, member(i), 3_000
    )
    sent = ballots.issued_to(doc, card_id, nonce, holder(i))
    assert sent is not None
    return doc, sent


def answer(
    doc: Group, ballot: str, answers: list[dict[str, Any]], i: int = 0, card_id: str | None = None
) -> Group:
    card_id = card_id or doc.feedback.cards[-1].id
    args = {"card_id": card_id, "ballot": ballot, "answers": answers}
    return apply(doc, "feedback.answer", args, member(i), 4_000)
