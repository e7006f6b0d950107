"""Checks shared by the course commands: whose record a command is about, and which week."""

from __future__ import annotations

from ..document.group import MEMBER, Group
from ..refusal import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, Refused
from ..registry import Actor
from ..text import clean


def check_member(doc: Group, member: str) -> str:
    if not any(m.id == member for m in doc.members):
        raise Refused(NOT_FOUND, "There is no such member in this group.")
    return member


def subject(doc: Group, actor: Actor, member: str | None, what: str) -> str:
    """The member a command is about. A member acts only for themselves; a facilitator names
    the member."""
    if actor.role == MEMBER:
        assert actor.member is not None
        if member is not None and member != actor.member:
            raise Refused(FORBIDDEN, f"You can only change your own {what}.")
        return actor.member
    if member is None:
        raise Refused(INVALID, "Say which member (member_id).")
    return check_member(doc, member)


def this_week(doc: Group) -> int:
    """The number of the session held most recently (running or ended): homework set now
    belongs to it."""
    if doc.session is None:
        raise Refused(CONFLICT, "No session has been held yet; homework is set in a session.")
    return doc.session.number


def text(value: str, *, field: str, limit: int, allow_empty: bool = False) -> str:
    if allow_empty and not value.strip():
        return ""
    return clean(value, field=field, limit=limit)
