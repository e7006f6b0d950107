"""The built-in feedback library, written for IPT groups (DOMAIN.md, "Feedback on diversity
and inclusion"). Every group starts with a copy it can edit; ids are stable so results of the
same prompt line up across sessions.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Kind = Literal["agree", "choice", "yesno", "text"]


class LibraryItem(msgspec.Struct, kw_only=True):
    """A prompt the facilitators can push again and again; results are charted across sessions."""

    id: str
    kind: Kind
    text: str
    options: list[str] = msgspec.field(default_factory=list)  # only for "choice"
    comment: bool = False  # an optional comment box under the answer
    topic: str = "other"
    survey: bool = False  # part of the end-of-session survey by default


def _item(
    id: str,
    topic: str,
    kind: Kind,
    text: str,
    *,
    options: tuple[str, ...] = (),
    comment: bool = False,
    survey: bool = False,
) -> LibraryItem:
    return LibraryItem(
        id=id, kind=kind, text=text, options=list(options), comment=comment, topic=topic, survey=survey
    )


TOPICS = {
    "inclusion": "Diversity and inclusion",
    "airtime": "Airtime",
    "safety": "Safety and cohesion",
    "usefulness": "Usefulness",
    "other": "Other",
}

_BUILTIN: tuple[LibraryItem, ...] = (
    _item("respected", "inclusion", "agree", "My identity and culture were respected in today's group.",
          survey=True),
    _item("exclusion", "inclusion", "yesno", "Something today felt exclusionary or hurtful.",
          comment=True, survey=True),
    _item("myself", "inclusion", "agree", "I felt I could be myself here."),
    _item("belong", "inclusion", "agree", "People like me belong in this group."),
    _item("differences", "inclusion", "agree", "Differences between us were handled with care today."),
    _item("airtime", "airtime", "agree", "I had enough space to speak today.", survey=True),
    _item("talk_share", "airtime", "choice", "Today I talked…",
          options=("Less than I wanted", "About as much as I wanted", "More than I wanted")),
    _item("safe", "safety", "agree", "I felt safe sharing in the group today.", survey=True),
    _item("understood", "safety", "agree", "I felt understood by the group."),
    _item("trust", "safety", "agree", "I trust the people in this group."),
    _item("connected", "safety", "agree", "I feel connected to the other members."),
    _item("useful", "usefulness", "agree", "Today's session was useful to me.", comment=True,
          survey=True),
    _item("goal", "usefulness", "agree", "This week I moved a step toward my goal."),
    _item("pace", "usefulness", "choice", "The pace of today's session was…",
          options=("Too slow", "About right", "Too fast")),
    _item("listened", "usefulness", "agree", "The facilitators listened to me."),
    _item("better", "usefulness", "text", "One thing that would make this group better for you:",
          survey=True),
)  # fmt: skip


def builtin_library() -> list[LibraryItem]:
    return [msgspec.structs.replace(i, options=list(i.options)) for i in _BUILTIN]
