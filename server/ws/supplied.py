"""The IO half of feedback ballots, kept out of the pure domain.

- `holder_of`: at hello, a member's link secret becomes their ballot *holder* (a hash),
  kept on the connection in memory only; the document never sees the secret or the holder.
- `prepare`: the server, not the client, supplies a new card's random key and the
  sender's holder; whatever a client put in those arguments is replaced.
- `deliver`: after a ballot request is committed (or repeated), the ballot is sent to the
  requesting socket and no other.

Nothing here logs: a ballot, a nonce or a holder in a log line could tie an answer to a member.
"""

from __future__ import annotations

import secrets
from typing import Any

from .. import protocol
from ..domain.feedback import ballot
from ..store import Store
from .connection import Connection

OPEN = "feedback.open"
TAKE = "feedback.ballot"


def holder_of(link_secret: str) -> str:
    return ballot.holder(link_secret)


def prepare(conn: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
    if name == OPEN:
        return {**args, "key": secrets.token_hex(16)}
    if name == TAKE:
        return {**args, "holder": conn.holder or ""}
    return args


async def deliver(store: Store, conn: Connection, name: str, args: dict[str, Any]) -> None:
    if name != TAKE or conn.holder is None:
        return
    card_id, nonce = args.get("card_id"), args.get("nonce")
    if not isinstance(card_id, str) or not isinstance(nonce, str):
        return
    doc = await store.load(conn.group_id)
    issued = ballot.issued_to(doc, card_id, nonce, conn.holder) if doc is not None else None
    if issued is not None:
        conn.send(protocol.ballot(card_id, issued))
