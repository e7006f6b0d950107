"""Link tokens: `<group id>.<secret>`, the secret 192 random bits, only its hash stored."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from .domain.document import DISPLAY, FACILITATOR, MEMBER, Credential, Group

GROUP_ID = re.compile(r"^[a-z0-9]{6,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def new_group_id() -> str:
    return secrets.token_hex(8)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Links:
    """Tokens minted for a new group; they exist only in the creation answer."""

    facilitator: str = ""
    cofacilitator: str = ""
    display: str = ""
    members: dict[str, str] = field(default_factory=dict)


def issue_links(doc: Group) -> Links:
    links = Links()

    def mint(role: str, member: str | None, label: str) -> str:
        secret = secrets.token_urlsafe(24)
        doc.credentials.append(
            Credential(hash=_hash(secret), role=role, member=member, label=label)  # type: ignore[arg-type]
        )
        return f"{doc.id}.{secret}"

    links.facilitator = mint(FACILITATOR, None, "facilitator")
    links.cofacilitator = mint(FACILITATOR, None, "co-facilitator")
    links.display = mint(DISPLAY, None, "display")
    for m in doc.members:
        links.members[m.id] = mint(MEMBER, m.id, "member")
    return links


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
