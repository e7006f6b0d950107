"""Secrets and their hashes: link tokens and facilitator keys. Only hashes are ever stored.

A link token is `<group id>.<secret>`, the secret 192 random bits. A facilitator key is
`<key id>.<secret>`, the id `k` and 10 hex digits, the secret 256 random bits.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from .domain import Credential, FacilitatorKey, Group, LinkHashes

GROUP_ID = re.compile(r"^[a-z0-9]{6,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_KEY = re.compile(r"^(k[0-9a-f]{10})\.([A-Za-z0-9_-]{43})$")


def new_group_id() -> str:
    return secrets.token_hex(8)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Links:
    """Tokens minted for a new group; they exist only in the creation answer."""

    facilitator: str
    cofacilitator: str
    display: str
    members: list[str]  # in roster order


def mint(group_id: str, members: int) -> tuple[Links, LinkHashes]:
    """Fresh link tokens for a group of `members`, and the hashes the group keeps of them."""
    pairs = [new_secret_hash() for _ in range(3 + members)]
    tokens = [f"{group_id}.{secret}" for secret, _ in pairs]
    hashes = [digest for _, digest in pairs]
    links = Links(tokens[0], tokens[1], tokens[2], tokens[3:])
    return links, LinkHashes(hashes[0], hashes[1], hashes[2], hashes[3:])


def split(token: str) -> tuple[str, str] | None:
    """The group id and secret of a well-formed token, else None."""
    group_id, dot, secret = token.partition(".")
    if not dot or not GROUP_ID.match(group_id) or not _SECRET.match(secret):
        return None
    return group_id, secret


def authenticate(doc: Group, secret: str) -> Credential | None:
    digest = _hash(secret)
    found: Credential | None = None
    for cred in doc.credentials:
        # Compare every credential so timing does not tell which role a near-miss was.
        if hmac.compare_digest(cred.hash, digest):
            found = cred
    return found


def new_secret_hash() -> tuple[str, str]:
    """A fresh link secret and its hash (a re-issued or added link)."""
    secret = secrets.token_urlsafe(24)
    return secret, _hash(secret)


def mint_key() -> tuple[str, str, str]:
    """A new facilitator key: (its id, the whole key to hand over, the hash to store)."""
    key_id = "k" + secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    return key_id, f"{key_id}.{secret}", _hash(secret)


def split_key(text: str) -> tuple[str, str] | None:
    """The id and secret of a well-formed facilitator key, else None."""
    found = _KEY.match(text)
    return (found.group(1), found.group(2)) if found else None


def key_matches(record: FacilitatorKey, secret: str) -> bool:
    return hmac.compare_digest(record.hash, _hash(secret))
