"""Who is in the group and which links open it, changed after creation by the holder of the
facilitator key that created it: a fresh console link, a member's link re-issued, a member
added mid-course.

Each new link's secret is minted outside the domain (it is random); the command carries only
its hash, so these are `server_only`: a socket cannot send them, whatever its role, or a
client could choose a link secret of its own.
"""

from __future__ import annotations

import msgspec

from .. import limits
from ..document import FACILITATOR, MEMBER, Credential, Group, Hex64, Member
from ..feedback.rules import open_card
from ..refusal import CONFLICT, INVALID, Phrase, Refused
from ..registry import FACILITATORS, Actor, command
from ..text import clean
from .rules import check_member

CONSOLE = "facilitator"  # the label of the console link (the co-facilitator's is another)


class NewConsole(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    hash: Hex64


class NewLink(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member_id: str
    hash: Hex64


class NewMember(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    hash: Hex64


def _replace(doc: Group, old: Credential | None, new: Credential) -> None:
    if old is not None:
        doc.credentials.remove(old)
    doc.credentials.append(new)


@command("console.reopen", roles=FACILITATORS, args=NewConsole, server_only=True)
def reopen_console(doc: Group, args: NewConsole, actor: Actor, now: int) -> None:
    """Give the console a fresh link; the old console link stops working (the co-facilitator's stays)."""
    old = next((c for c in doc.credentials if c.role == FACILITATOR and c.label == CONSOLE), None)
    _replace(doc, old, Credential(hash=args.hash, role=FACILITATOR, label=CONSOLE))


@command("link.reissue", roles=FACILITATORS, args=NewLink, server_only=True)
def reissue(doc: Group, args: NewLink, actor: Actor, now: int) -> None:
    """Give a member a fresh personal link; the old one stops working at once."""
    member = check_member(doc, args.member_id)
    if open_card(doc.feedback) is not None:
        # A new link is a new ballot holder: mid-card, the member could answer twice.
        raise Refused(
            CONFLICT,
            "A feedback question is open. Re-issue this link once it is closed, "
            "so that nobody can answer twice.",
        )
    old = next((c for c in doc.credentials if c.member == member), None)
    _replace(doc, old, Credential(hash=args.hash, role=MEMBER, member=member, label="member"))


@command("member.add", roles=FACILITATORS, args=NewMember, server_only=True)
def add_member(doc: Group, args: NewMember, actor: Actor, now: int) -> None:
    """Add a member mid-course, with their own link (name rules as when the group was created)."""
    if len(doc.members) >= limits.MAX_MEMBERS:
        raise Refused(INVALID, "A group has at most {max} members.", max=limits.MAX_MEMBERS)
    name = clean(args.name, field=Phrase("member name"), limit=limits.MAX_MEMBER_NAME)
    if name.casefold() in {m.name.casefold() for m in doc.members}:
        raise Refused(INVALID, "Another member has this name already; give each a name of their own.")
    number = 1 + max((int(m.id[1:]) for m in doc.members if m.id[1:].isdigit()), default=0)
    member = f"m{number}"
    doc.members.append(Member(id=member, name=name))
    doc.credentials.append(Credential(hash=args.hash, role=MEMBER, member=member, label="member"))
