"""Creating a group document from what a facilitator typed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import msgspec

from . import limits
from .clock.agenda import REFERENCE_AGENDA, SegmentSpec, check_size, segment_from
from .document import DISPLAY, FACILITATOR, MEMBER, Credential, Group, Member, share_alike
from .refusal import INVALID, Phrase, Refused
from .text import clean


class GroupSpec(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    members: list[str]
    sessions: int = 8
    agenda: list[SegmentSpec] | None = None


class LinkHashes(NamedTuple):
    """Hashes of a new group's link secrets (minted outside the domain: they are random)."""

    facilitator: str
    cofacilitator: str
    display: str
    members: Sequence[str]  # in roster order


def credentials(links: LinkHashes) -> list[Credential]:
    return [
        Credential(hash=links.facilitator, role=FACILITATOR, label="facilitator"),
        Credential(hash=links.cofacilitator, role=FACILITATOR, label="co-facilitator"),
        Credential(hash=links.display, role=DISPLAY, label="display"),
        *(
            Credential(hash=h, role=MEMBER, member=f"m{i + 1}", label="member")
            for i, h in enumerate(links.members)
        ),
    ]


def new_group(
    spec: GroupSpec, group_id: str, now: int, links: LinkHashes | None = None, owner: str | None = None
) -> Group:
    """A new group; without `links` it has no credentials (no link can open it). `owner` is
    the id of the facilitator key that creates it, if any."""
    name = clean(spec.name, field=Phrase("group name"), limit=limits.MAX_NAME)
    if not 1 <= spec.sessions <= limits.MAX_SESSIONS:
        raise Refused(INVALID, "A course has between 1 and {max} sessions.", max=limits.MAX_SESSIONS)
    if not 1 <= len(spec.members) <= limits.MAX_MEMBERS:
        raise Refused(INVALID, "A group has between 1 and {max} members.", max=limits.MAX_MEMBERS)
    names = [clean(n, field=Phrase("member name"), limit=limits.MAX_MEMBER_NAME) for n in spec.members]
    if len({n.casefold() for n in names}) != len(names):
        raise Refused(INVALID, "Two members have the same name; give each a name of their own.")
    agenda = list(REFERENCE_AGENDA) if spec.agenda is None else spec.agenda
    if not agenda:
        raise Refused(INVALID, "The agenda needs at least one segment.")
    check_size(len(agenda))
    template = [segment_from(s, f"s{i + 1}") for i, s in enumerate(agenda)]
    if links is not None and len(links.members) != len(names):
        raise ValueError("one link per member")
    doc = Group(
        id=group_id,
        name=name,
        created_at=now,
        sessions_planned=spec.sessions,
        members=[Member(id=f"m{i + 1}", name=n) for i, n in enumerate(names)],
        credentials=[] if links is None else credentials(links),
        template=template,
        seq=len(template),
        owner=owner,
    )
    return share_alike(doc)
