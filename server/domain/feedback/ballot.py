"""Ballots: one answer per member per card, without anything that names the member.

A member's page picks a random 128-bit nonce and asks for a ballot. The server records an
issue in the card under an opaque *slot* (a hash of the card key and the member's *holder*,
itself a hash of their link secret, which is never stored) and gives back
`<group>.<card>.<nonce>.<mac>`, the MAC keyed by the card's random key. Answering spends it:
the server checks the MAC and stores a hash of the nonce among the spent ones.

The issue record hashes (slot, nonce) and the spent record hashes (key, nonce) under
different labels: without the nonce, which only the member's browser holds, neither can be
joined to the other, so a spend says nothing about which slot -- and so which member -- it was.
Pure functions; the randomness (card key, nonce) comes from outside the domain.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, NamedTuple

from .rules import find_card

if TYPE_CHECKING:
    from ..document import Group

_BALLOT = re.compile(r"^([a-z0-9]{1,32})\.([a-z0-9]{1,16})\.([0-9a-f]{32})\.([0-9a-f]{32})$")


class Ballot(NamedTuple):
    group_id: str
    card_id: str
    nonce: str
    mac: str


def _h(label: str, *parts: str) -> str:
    return hashlib.sha256("\0".join((label, *parts)).encode()).hexdigest()


def holder(link_secret: str) -> str:
    """Stands for a member in ballot bookkeeping; derived from their link secret at hello."""
    return _h("holdspace/ballot-holder", link_secret)


def slot(key: str, holder_: str) -> str:
    return _h("holdspace/ballot-slot", key, holder_)[:32]


def issue_check(slot_: str, nonce: str) -> str:
    """Lets a page that lost the answer to its ballot request ask again with the same nonce."""
    return _h("holdspace/ballot-issue", slot_, nonce)[:32]


def spent_hash(key: str, nonce: str) -> str:
    return _h("holdspace/ballot-spent", key, nonce)[:32]


def mac(key: str, group_id: str, card_id: str, nonce: str) -> str:
    msg = "\0".join((group_id, card_id, nonce)).encode()
    return hmac.new(bytes.fromhex(key), msg, hashlib.sha256).hexdigest()[:32]


def make(key: str, group_id: str, card_id: str, nonce: str) -> str:
    return f"{group_id}.{card_id}.{nonce}.{mac(key, group_id, card_id, nonce)}"


def parse(text: str) -> Ballot | None:
    m = _BALLOT.match(text)
    return Ballot(*m.groups()) if m else None


def genuine(key: str, ballot: Ballot) -> bool:
    expected = mac(key, ballot.group_id, ballot.card_id, ballot.nonce)
    return hmac.compare_digest(expected, ballot.mac)


def comment_order(key: str, text: str) -> str:
    """Comments are kept sorted by this: an order that is random-looking and says nothing."""
    return hmac.new(bytes.fromhex(key), text.encode(), hashlib.sha256).hexdigest()


def issued_to(doc: Group, card_id: str, nonce: str, holder_: str) -> str | None:
    """The ballot for (card, nonce) if it was issued to this holder, else None."""
    card = find_card(doc.feedback, card_id)
    if card is None or card.key is None:
        return None
    slot_ = slot(card.key, holder_)
    if card.issued.get(slot_) != issue_check(slot_, nonce):
        return None
    return make(card.key, doc.id, card.id, nonce)
