"""Reading stored documents of any format this build knows, and refusing newer ones.

Every stored group carries `format` (none at all means 1: release c3c67d0). A document of the
current format is decoded straight into the schema. An older one is read as plain JSON, brought
forward by each migration in turn, then converted; the caller writes it back in the current
format only after that succeeded. A newer one is refused: this build cannot know what it means,
so it must neither show nor overwrite it (during a rolling upgrade on Redis, an instance of the
old release meets groups the new one has already written).

Migrations are pure functions of the JSON object; each one's fixture (tests/fixtures/releases/)
proves it against what that release really wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import msgspec

from .alike import share_alike
from .feedback import COMMENT_MIN_GROUP, MIN_K
from .group import DEFAULT_LANGUAGE, FORMAT, Group
from .signals import link_key, signal_id

Raw = dict[str, Any]


class NewerFormat(Exception):
    """Stored by a newer release: this build refuses to read or overwrite it."""

    def __init__(self, found: int) -> None:
        super().__init__(f"stored in format {found}; this build reads formats 1 to {FORMAT}")
        self.found = found


def _without_selfreport(doc: Raw) -> Raw:
    """Groups of format 1 never asked for a self-report."""
    return {**doc, "selfreport": None}


def _without_schedule(doc: Raw) -> Raw:
    """Sessions of format 1 had no planned start times."""
    return {**doc, "course": {**doc.get("course", {}), "schedule": []}}


def _first_segment_end(doc: Raw) -> Raw:
    """Format 1 did not record when a session moved on from its first segment. A session whose
    clock is past it (or has been: a later segment has run) did so no later than its start plus
    the first segment's run time, which is all the self-report window needs to know."""
    session = doc.get("session")
    if session is None or "first_segment_ended_at" in session:
        return doc
    segments = session.get("segments", [])
    left = session.get("current", 0) > 0 or any(s.get("elapsed_ms", 0) > 0 for s in segments[1:])
    at = session["started_at"] + segments[0].get("elapsed_ms", 0) if left and segments else None
    return {**doc, "session": {**session, "first_segment_ended_at": at}}


def _latest_instant(value: Any) -> int:
    """The latest instant recorded anywhere in the document (every `at` and `*_at` field)."""
    latest = 0
    if isinstance(value, dict):
        for name, item in value.items():
            if (name == "at" or name.endswith("_at")) and isinstance(item, int):
                latest = max(latest, item)
            else:
                latest = max(latest, _latest_instant(item))
    elif isinstance(value, list):
        for item in value:
            latest = max(latest, _latest_instant(item))
    return latest


def _recent_with_times(doc: Raw) -> Raw:
    """c3c67d0 remembered the last 64 command keys; now each key carries when it was applied.

    When is not known, so each gets the latest instant the document records: no key is
    remembered for less than 10 minutes after that, and none is forgotten for being undated.
    """
    at = _latest_instant(doc)
    return {**doc, "recent": {key: at for key in doc.get("recent", [])}}


# The reference agenda's homework segment as c3c67d0 created it (a round with this title).
REFERENCE_HOMEWORK_TITLE = "Homework setting"


def _homework_kind(doc: Raw) -> Raw:
    """Homework is a segment kind now: c3c67d0's reference homework segment becomes one.

    Only an exact match of title and kind, so no segment a facilitator made is guessed at: a
    round titled exactly "Homework setting", in the template and in the session the group
    holds (live or ended), becomes kind `homework`.
    """

    def segment(seg: Raw) -> Raw:
        if seg.get("title") == REFERENCE_HOMEWORK_TITLE and seg.get("kind") == "round":
            return {**seg, "kind": "homework"}
        return seg

    out = {**doc, "template": [segment(s) for s in doc.get("template", [])]}
    if isinstance(doc.get("session"), dict):
        session = doc["session"]
        out["session"] = {**session, "segments": [segment(s) for s in session.get("segments", [])]}
    return out


def _group_language(doc: Raw) -> Raw:
    """Groups of release c3c67d0 had no default language: they were English."""
    return {**doc, "language": doc.get("language", DEFAULT_LANGUAGE)}


def _comments_reviewed(doc: Raw) -> Raw:
    """Comments are shown only once a facilitator chose them, and kept only past a stricter
    threshold than counts. Cards stored before then get the threshold they would have had; the
    text of comments below it is dropped (their number kept), and no comment starts out chosen,
    so comments that release showed on reveal wait for a facilitator's review like new ones."""
    if "feedback" not in doc:
        return doc
    members = len(doc.get("members", []))
    cards = []
    for card in doc["feedback"].get("cards", []):
        k = max(card.get("k", MIN_K), MIN_K)
        comment_k = None if members < COMMENT_MIN_GROUP else k + 1
        tallies = []
        for tally in card.get("tallies", []):
            tally = {**tally, "shown": [], "withheld": 0}
            answered = tally.get("answered", 0)
            below = comment_k is None or answered < comment_k
            if card.get("status") == "closed" and answered >= k and below:
                tally["withheld"] = len(tally.get("comments", []))
                tally["comments"] = []
            tallies.append(tally)
        cards.append({**card, "comment_k": comment_k, "tallies": tallies})
    return {**doc, "feedback": {**doc["feedback"], "cards": cards}}


def _signal_ids_unnumbered(doc: Raw) -> Raw:
    """Signal ids were their numbers (`g1`, `g2`, ...): a member seeing their own `g1` and `g4`
    knew two other signals were sent in between. Each becomes what this release would have
    given it: its number hashed under the group's link hashes, which no page ever receives."""
    signals = doc.get("signals")
    if signals is None:
        return doc
    key = link_key(c.get("hash", "") for c in doc.get("credentials", []))
    items = []
    for item in signals.get("items", []):
        number = item["id"][1:]
        new_id = signal_id(key, int(number)) if number.isdigit() else item["id"]
        items.append({**item, "id": new_id})
    return {**doc, "signals": {**signals, "items": items}}


def _no_owner(doc: Raw) -> Raw:
    """Groups stored before facilitator keys belong to no key."""
    return {**doc, "owner": None}


# This release's changes of shape, in order; each is a pure function of the JSON object.
_V1_TO_V2_STEPS: tuple[Callable[[Raw], Raw], ...] = (
    _without_selfreport,
    _without_schedule,
    _first_segment_end,
    _recent_with_times,
    _homework_kind,
    _group_language,
    _comments_reviewed,
    _signal_ids_unnumbered,
    _no_owner,
)


def _v1_to_v2(doc: Raw) -> Raw:
    for step in _V1_TO_V2_STEPS:
        doc = step(doc)
    return {**doc, "format": 2}


# MIGRATIONS[n] brings a format-n document to format n + 1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2}


class _Head(msgspec.Struct):
    format: int = 1
    version: int = 1


_head = msgspec.json.Decoder(_Head)
_current = msgspec.json.Decoder(Group)


# How this build writes a document (encode, encode_after): format, id and version come first.
# The id is a JSON string without escapes, so nothing nested can look like this start.
_LEADING = re.compile(rb'\{"format":(\d{1,9}),"id":"[^"\\]*","version":(\d{1,18})[,}]')


def _leading(data: bytes | str) -> tuple[int, int] | None:
    """(format, version) from the document's first bytes, if it starts as this build writes."""
    found = _LEADING.match(data) if isinstance(data, bytes) else None
    return None if found is None else (int(found[1]), int(found[2]))


def stored_format(data: bytes | str) -> int:
    """The format `data` was stored in; the whole document is parsed, so damage anywhere in
    it raises DecodeError (the embedded store's audit relies on that)."""
    return _head.decode(data).format


def stored_version(data: bytes | str) -> int:
    """The group's version, and nothing else checked: read from the first bytes where this build
    puts it, else by skipping through the whole document. Each published copy of a version an
    instance has already seen (its own commits' included) is only read this far."""
    head = _leading(data)
    return head[1] if head is not None else _head.decode(data).version


def load(data: bytes | str) -> tuple[Group, bool]:
    """The group in `data`, and whether it was brought forward from an older format."""
    head = _leading(data)
    if head is not None and head[0] == FORMAT:  # decoding it whole checks all of it
        return share_alike(_current.decode(data)), False
    found = stored_format(data)
    if found == FORMAT:
        return share_alike(_current.decode(data)), False
    if found > FORMAT:
        raise NewerFormat(found)
    if found < 1:
        raise msgspec.ValidationError(f"there is no format {found}")
    raw: Raw = msgspec.json.decode(data)
    for n in range(found, FORMAT):
        raw = MIGRATIONS[n](raw)
    return share_alike(msgspec.convert(raw, Group, strict=True)), True


def decode(data: bytes | str) -> Group:
    """The group in `data`, of any format this build reads."""
    return load(data)[0]
