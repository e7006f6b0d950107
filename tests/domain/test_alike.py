"""Parts most groups have alike are one object for all of them (domain/document/alike.py), and a
group that changes one gets its own without touching the others."""

from __future__ import annotations

import sys

import msgspec
import pytest

from server.domain import (
    Group,
    GroupSpec,
    LinkHashes,
    apply,
    decode,
    encode,
    encode_after,
    load,
    new_group,
    shared_view,
)
from server.domain.clock.agenda import SegmentSpec
from server.domain.document import alike
from tests.support import feedback_kit
from tests.support.domain_kit import FAC, T0, group
from tests.support.traced import traced


def agenda(title: str = "Check-in") -> list[SegmentSpec]:
    return [SegmentSpec(title=title, minutes=10, kind="round"), SegmentSpec(title="Close", minutes=5)]


def parts(doc: Group) -> tuple[object, ...]:
    return doc.template, doc.feedback.library, doc.course.agreements.items


def test_new_groups_hold_one_library_template_and_agreements() -> None:
    a, b = group(), group(members=5)
    assert all(x is y for x, y in zip(parts(a), parts(b), strict=True))


def test_a_whole_copy_keeps_the_shared_parts() -> None:
    """session.start copies the whole document: what it left as it was stays the shared object."""
    a, b = group(), group()
    started = apply(a, "session.start", {"number": 1}, FAC, T0)
    assert all(x is y for x, y in zip(parts(started), parts(b), strict=True))


def test_a_whole_copy_keeps_every_part_it_left_as_it_was() -> None:
    """session.start copies the whole group and changes the session, the floor and the course:
    every other part is the version before's object again, not a copy of it."""
    doc = group()
    started = apply(doc, "session.start", {"number": 1}, FAC, T0)
    kept = [name for name in Group.__struct_fields__ if getattr(started, name) is getattr(doc, name)]
    assert {"members", "credentials", "template", "signals", "feedback", "selfreport"} <= set(kept)
    assert {"session", "floor", "course"}.isdisjoint(kept)
    assert started.course.agreements.items is doc.course.agreements.items


def test_groups_read_from_their_bytes_share_the_few_words_of_their_links() -> None:
    """Member ids and links' labels are the same few words in every group; hashes are not."""
    links = LinkHashes("a" * 64, "b" * 64, "c" * 64, ["d" * 64, "e" * 64])
    spec = GroupSpec(name="Tuesday", members=["Ann", "Bo"])
    a, b = (load(encode(new_group(spec, f"g000000{n}", T0, links)))[0] for n in range(2))
    assert [c.label for c in a.credentials] == [
        "facilitator",
        "co-facilitator",
        "display",
        "member",
        "member",
    ]
    assert all(x.id is y.id for x, y in zip(a.members, b.members, strict=True))
    for x, y in zip(a.credentials, b.credentials, strict=True):
        assert x.label is y.label and x.member is y.member


def test_a_copied_part_keeps_what_it_holds_alike() -> None:
    """A ballot copies the feedback part (cards change); its library is still the shared one."""
    a = feedback_kit.open_card(feedback_kit.group(), [{"library": "safe"}])
    a = feedback_kit.take(a, 0)[0]
    assert a.feedback.cards[0].issued and a.feedback.library is group().feedback.library


def test_a_group_that_changes_a_shared_part_gets_its_own_and_the_others_keep_theirs() -> None:
    a, b = group(), group()
    library, before = b.feedback.library, encode(b)
    text = "Did the group feel safe today?"
    changed = apply(a, "feedback.library_add", {"kind": "yesno", "text": text}, FAC, T0)
    assert changed.feedback.library is not library and text in [i.text for i in changed.feedback.library]
    assert b.feedback.library is library and encode(b) == before
    assert text not in msgspec.json.encode(shared_view(b, "facilitator")).decode()
    assert text in msgspec.json.encode(shared_view(changed, "facilitator")).decode()
    # The group it came from is as it was, and still shares.
    assert a.feedback.library is library


def test_groups_read_from_their_bytes_share_with_each_other_and_with_new_groups() -> None:
    a = load(encode(group()))[0]
    b = load(encode(apply(group(), "session.start", {"number": 1}, FAC, T0)))[0]
    fresh = group()
    assert all(x is y is z for x, y, z in zip(parts(a), parts(b), parts(fresh), strict=True))


def test_a_template_of_its_own_is_shared_by_the_groups_that_have_it() -> None:
    spec = GroupSpec(name="Thursday", members=["Ann"], agenda=agenda())
    one, two = new_group(spec, "g0000001", T0), new_group(spec, "g0000002", T0)
    assert one.template is two.template and one.template is not group().template
    assert load(encode(one))[0].template is one.template


def test_the_table_is_bounded_and_groups_keep_what_they_hold() -> None:
    def made(title: str) -> Group:
        return new_group(GroupSpec(name="G", members=["Ann"], agenda=agenda(title)), "g0000001", T0)

    first = made("T0")
    held = first.template
    assert made("T0").template is held
    for n in range(1, alike.KEPT + 1):
        made(f"T{n}")
    assert len(alike._held) <= alike.KEPT and len(alike._bytes_of) == len(alike._held)
    assert first.template is held and first.template[0].title == "T0"
    # Pushed out: the next group with those bytes holds a new object, equal to the old one.
    again = made("T0")
    assert again.template == held and again.template is not held


def test_stored_encodings_hold_the_shared_parts_bytes_once() -> None:
    """The stores keep each group's rarely-changing parts encoded (encode_after): the library's
    and the template's bytes are the table's, one object for every group that shares them."""
    a, b = group(), apply(group(members=5), "session.start", {"number": 1}, FAC, T0)
    own = apply(a, "feedback.library_add", {"kind": "yesno", "text": "Was it useful?"}, FAC, T0)
    (data_a, (_, cold_a)), (data_b, (_, cold_b)) = encode_after(a, None), encode_after(b, None)
    data_own, (_, cold_own) = encode_after(own, None)
    library, template = alike.encoding(a.feedback.library), alike.encoding(a.template)
    assert library is not None and template is not None
    held = {id(library), id(template)}
    assert held <= {id(p) for p in cold_a} and held <= {id(p) for p in cold_b}
    assert {id(p) for p in cold_own} & held == {id(template)} and b"Was it useful?" in data_own
    assert [decode(data_a), decode(data_b), decode(data_own)] == [a, b, own]


def test_a_stored_encoding_holds_just_its_bytes() -> None:
    """msgspec hands back its output buffer as it grew (up to half of it unused); the part of
    the stored encoding a store keeps for the group's life is cut to its bytes."""
    for members in range(1, 13):
        doc = group(members=members)
        cold, held = traced(lambda doc=doc: encode_after(doc, None)[1][1])
        # The rest are constants and the table's bytes, held before.
        assert [alike.encoding(doc.feedback.library), alike.encoding(doc.template)] == [cold[2], cold[4]]
        # A tuple may come from CPython's free list, untraced.
        assert held - sys.getsizeof(cold[0]) in (0, sys.getsizeof(cold))


def test_parts_like_the_last_held_are_not_encoded_to_be_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis instance reads every copy another instance publishes: finding the built-in parts
    again costs a comparison, not an encoding."""
    data = encode(group())
    load(data)
    encoded: list[object] = []

    class Counting:
        def encode(self, value: object) -> bytes:
            encoded.append(value)
            return msgspec.json.encode(value)

    monkeypatch.setattr(alike, "_encoder", Counting())
    doc = load(data)[0]
    assert encoded == [] and all(x is y for x, y in zip(parts(doc), parts(group()), strict=True))
    mine = new_group(GroupSpec(name="Thursday", members=["Ann"], agenda=agenda("Own")), "g0000003", T0)
    assert encoded == [mine.template]
