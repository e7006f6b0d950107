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

from collections.abc import Callable
from typing import Any

import msgspec

from .group import FORMAT, Group

Raw = dict[str, Any]


class NewerFormat(Exception):
    """Stored by a newer release: this build refuses to read or overwrite it."""

    def __init__(self, found: int) -> None:
        super().__init__(f"stored in format {found}; this build reads formats 1 to {FORMAT}")
        self.found = found


def _no_owner(doc: Raw) -> Raw:
    """Groups stored before facilitator keys belong to no key."""
    return {**doc, "owner": None}


# This release's changes to the stored shape, each a small named step, in order.
V1_TO_V2: tuple[Callable[[Raw], Raw], ...] = (_no_owner,)


def _v1_to_v2(doc: Raw) -> Raw:
    for step in V1_TO_V2:
        doc = step(doc)
    return {**doc, "format": 2}


# MIGRATIONS[n] brings a format-n document to format n + 1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2}


class _Head(msgspec.Struct):
    format: int = 1


_head = msgspec.json.Decoder(_Head)
_current = msgspec.json.Decoder(Group)


def stored_format(data: bytes | str) -> int:
    return _head.decode(data).format


def load(data: bytes | str) -> tuple[Group, bool]:
    """The group in `data`, and whether it was brought forward from an older format."""
    found = stored_format(data)
    if found == FORMAT:
        return _current.decode(data), False
    if found > FORMAT:
        raise NewerFormat(found)
    if found < 1:
        raise msgspec.ValidationError(f"there is no format {found}")
    raw: Raw = msgspec.json.decode(data)
    for n in range(found, FORMAT):
        raw = MIGRATIONS[n](raw)
    return msgspec.convert(raw, Group, strict=True), True


def decode(data: bytes | str) -> Group:
    """The group in `data`, of any format this build reads."""
    return load(data)[0]
