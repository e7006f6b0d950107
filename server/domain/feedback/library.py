"""Editing the group's own feedback library (it starts as a copy of the built-in one)."""

from __future__ import annotations

import msgspec

from ..document import MAX_LIBRARY, Feedback, Group, Kind, LibraryItem, builtin_library
from ..refusal import CONFLICT, INVALID, NOT_FOUND, Refused, Unchanged
from ..registry import FACILITATORS, Actor, NoArgs, command
from .questions import checked_comment, checked_options, checked_text, checked_topic


class Add(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    kind: Kind
    text: str
    options: list[str] | None = None
    comment: bool = False
    topic: str = "other"
    survey: bool = False


class Update(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    item_id: str
    text: str | None = None
    options: list[str] | None = None
    comment: bool | None = None
    topic: str | None = None
    survey: bool | None = None


class ItemRef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    item_id: str


def _item(fb: Feedback, item_id: str) -> LibraryItem:
    item = next((i for i in fb.library if i.id == item_id), None)
    if item is None:
        raise Refused(NOT_FOUND, "That prompt is no longer in the library.")
    return item


@command("feedback.library_add", roles=FACILITATORS, args=Add)
def add(doc: Group, args: Add, actor: Actor, now: int) -> None:
    """Add a prompt to this group's library."""
    fb = doc.feedback
    if len(fb.library) >= MAX_LIBRARY:
        raise Refused(CONFLICT, "The library holds at most {max} prompts.", max=MAX_LIBRARY)
    text = checked_text(args.text)
    if any(i.text.casefold() == text.casefold() and i.kind == args.kind for i in fb.library):
        raise Refused(CONFLICT, "That prompt is already in the library.")
    fb.seq += 1
    fb.library.append(
        LibraryItem(
            id=f"u{fb.seq}",
            kind=args.kind,
            text=text,
            options=checked_options(args.kind, args.options),
            comment=checked_comment(args.kind, args.comment),
            topic=checked_topic(args.topic),
            survey=args.survey,
        )
    )


@command("feedback.library_update", roles=FACILITATORS, args=Update)
def update(doc: Group, args: Update, actor: Actor, now: int) -> None:
    """Change a library prompt's wording, options, comment box, topic or survey membership."""
    item = _item(doc.feedback, args.item_id)
    before = msgspec.structs.replace(item)
    if args.text is not None:
        item.text = checked_text(args.text)
    if args.options is not None:
        item.options = checked_options(item.kind, args.options)
    if args.comment is not None:
        item.comment = checked_comment(item.kind, args.comment)
    if args.topic is not None:
        item.topic = checked_topic(args.topic)
    if args.survey is not None:
        item.survey = args.survey
    if item == before:
        raise Unchanged()


@command("feedback.library_remove", roles=FACILITATORS, args=ItemRef)
def remove(doc: Group, args: ItemRef, actor: Actor, now: int) -> None:
    """Remove a prompt from the library (results already collected are kept)."""
    fb = doc.feedback
    item = _item(fb, args.item_id)
    if len(fb.library) == 1:
        raise Refused(INVALID, "The library keeps at least one prompt.")
    fb.library.remove(item)


@command("feedback.library_reset", roles=FACILITATORS, args=NoArgs)
def reset(doc: Group, args: NoArgs, actor: Actor, now: int) -> None:
    """Put back the built-in prompts that were removed or changed; added prompts stay."""
    fb = doc.feedback
    builtin = builtin_library()
    ids = {i.id for i in builtin}
    library = builtin + [i for i in fb.library if i.id not in ids]
    if library == fb.library:
        raise Unchanged()
    fb.library = library
