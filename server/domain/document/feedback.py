"""Anonymous feedback: the part of the group document that holds prompts and their answers.

What is stored is chosen so that nothing can tie an answer to a member (docs/privacy.md):
- answers live only as counts per option and a list of comments kept in a keyed order
  that says nothing about who wrote them or when;
- one answer per member is enforced with ballots (domain/feedback/ballot.py): the document keeps
  an opaque "slot" per ballot holder and opaque hashes of spent ballots, which cannot be
  joined to each other or to a member;
- a card has no timestamps at all, and once it closes its ballot bookkeeping is wiped.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from .library import Kind, LibraryItem, builtin_library

CardStatus = Literal["open", "closed"]

AGREE_LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
YESNO_LABELS = ["Yes", "No"]

MIN_K = 3  # results of fewer answers identify people in a group of five
# A comment's wording can name its author where a count cannot, so comments need more: at least
# one answer more than the card's k, and a group of at least this many members (docs/privacy.md).
COMMENT_MIN_GROUP = 5
MAX_QUESTIONS = 8  # an end-of-session survey stays short
MAX_QUESTION_TEXT = 200
MAX_TITLE = 80
MAX_OPTION = 60
MIN_OPTIONS = 2
MAX_OPTIONS = 8
MAX_COMMENT = 500
MAX_LIBRARY = 60
MAX_CARDS = 200

__all__ = ["Kind", "LibraryItem"]

Hex32 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{32}$")]
Hex64 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]


class Question(msgspec.Struct, kw_only=True):
    id: str
    kind: Kind
    text: str
    options: list[str]  # the labels answers count against ([] for free text)
    comment: bool = False
    source: str | None = None  # the library item it came from, for course charts


class Tally(msgspec.Struct, kw_only=True):
    """Everything kept of the answers to one question: nothing per answer."""

    counts: list[int]
    answered: int = 0
    # Comments in the order of a keyed hash of their text: neither arrival nor author shows.
    comments: list[str] = msgspec.field(default_factory=list)
    # After close: how many comments there were when too few answered for their text to be kept.
    withheld: int = 0
    # Indexes into `comments` that a facilitator read and chose to show members and the display.
    shown: list[int] = msgspec.field(default_factory=list)


class Card(msgspec.Struct, kw_only=True):
    """One push to members: a single prompt or a short survey, answered with one ballot."""

    id: str
    session: int  # 0 before the first session of the course
    title: str
    questions: list[Question]
    tallies: list[Tally]
    k: int  # the threshold promised to members when they answered
    # The fewest answers to a question for its comments to be kept and read at close; None: the
    # group is too small for comments to be shown at all. Also promised when the card opened.
    comment_k: int | None = None
    status: CardStatus = "open"
    revealed: bool = False
    answers: int = 0  # ballots spent
    # Ballot bookkeeping, only while open (wiped on close):
    key: str | None = None  # MAC key of this card's ballots, minted by the server
    issued: dict[str, str] = msgspec.field(default_factory=dict)  # holder slot -> nonce check
    spent: list[str] = msgspec.field(default_factory=list)  # sorted hashes of spent ballots


class Feedback(msgspec.Struct, kw_only=True):
    k: int = MIN_K
    cards: list[Card] = msgspec.field(default_factory=list)
    library: list[LibraryItem] = msgspec.field(default_factory=builtin_library)
    seq: int = 0  # ids for cards and added library items
