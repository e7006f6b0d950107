"""This release's migration steps (domain/document/format.py), on what c3c67d0 really stored
and on hand-made documents for the cases that release's fixture does not hold."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Unchanged, apply, encode, encode_after, load, stored_format, stored_version
from server.domain.document.format import MIGRATIONS
from tests.support.domain_kit import FAC, started
from tests.support.releases import RELEASES

C3C67D0 = RELEASES / "c3c67d0"


def stored_by_c3c67d0() -> list[bytes]:
    embedded = [p.read_bytes() for p in (C3C67D0 / "datadir" / "groups").glob("*.json")]
    redis = [fields["doc"].encode() for fields in json.loads((C3C67D0 / "redis.json").read_text()).values()]
    return embedded + redis


def instants(value: Any) -> list[int]:
    if isinstance(value, dict):
        out = []
        for name, item in value.items():
            out += (
                [item] if (name == "at" or name.endswith("_at")) and isinstance(item, int) else instants(item)
            )
        return out
    if isinstance(value, list):
        return [i for item in value for i in instants(item)]
    return []


@pytest.mark.parametrize("data", stored_by_c3c67d0(), ids=["embedded", "redis"])
def test_c3c67d0_keys_are_kept_with_the_latest_instant_the_document_records(data: bytes) -> None:
    raw = json.loads(data)
    doc, upgraded = load(data)
    assert upgraded
    latest = max(instants(raw))
    assert latest == raw["session"]["ended_at"]  # that release's last act: ending session 2
    assert list(doc.recent.items()) == [(key, latest) for key in raw["recent"]]
    # A page retrying one of those commands right after the upgrade is recognised ...
    key = raw["recent"][0]
    with pytest.raises(Unchanged):
        apply(doc, "agreements.show", {"shown": True}, FAC, latest + 60_000, key=key)
    # ... and the first command after ten quiet minutes forgets them all.
    later = apply(doc, "agreements.show", {"shown": True}, FAC, latest + 10 * 60_000, key="new")
    assert list(later.recent) == ["new"]


@pytest.mark.parametrize("data", stored_by_c3c67d0(), ids=["embedded", "redis"])
def test_c3c67d0_reference_homework_segment_becomes_kind_homework(data: bytes) -> None:
    doc, _ = load(data)
    assert [(s.title, s.kind) for s in doc.template][-1] == ("Homework setting", "homework")
    assert doc.session is not None
    assert [s.kind for s in doc.session.segments] == ["lead", "round", "discussion", "spotlight", "homework"]
    # Brought forward once, it stays as it is: format 2 is read straight into the schema.
    assert load(encode(doc))[0] == doc


def segment(title: str, kind: str, sid: str = "s1") -> dict[str, Any]:
    return {"id": sid, "title": title, "kind": kind, "duration_ms": 300_000, "elapsed_ms": 0}


@pytest.mark.parametrize(
    ("title", "kind", "becomes"),
    [
        ("Homework setting", "round", "homework"),
        ("Homework setting", "discussion", "discussion"),  # the facilitator made it a discussion
        ("homework setting", "round", "round"),  # not the reference title: never guessed at
        ("Between-session practice", "round", "round"),
        ("Homework setting ", "round", "round"),
    ],
)
def test_only_the_reference_homework_round_changes_kind(title: str, kind: str, becomes: str) -> None:
    doc = {
        "template": [segment(title, kind)],
        "session": {"number": 1, "status": "live", "segments": [segment(title, kind)]},
        "recent": [],
        "created_at": 5,
    }
    out = MIGRATIONS[1](doc)
    assert out["template"][0]["kind"] == becomes
    assert out["session"]["segments"][0]["kind"] == becomes
    assert out["format"] == 2
    assert doc["template"][0]["kind"] == kind  # the input is left as it was


def test_a_group_without_a_session_or_keys_upgrades() -> None:
    out = MIGRATIONS[1](
        {"template": [segment("Homework setting", "round")], "session": None, "created_at": 7}
    )
    assert out["session"] is None and out["recent"] == {} and out["template"][0]["kind"] == "homework"


@given(
    version=st.integers(min_value=1, max_value=2**53),
    group_id=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    name=st.text(max_size=40),
    last=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_the_version_is_read_from_the_first_bytes_or_else_from_the_whole(
    version: int, group_id: str, name: str, last: bool
) -> None:
    doc = msgspec.structs.replace(started(), version=version, id=group_id, name=name)
    for data in (encode(doc), encode_after(doc, None)[0], encode_after(doc, encode_after(doc, None)[1])[0]):
        assert stored_version(data) == version and load(data)[0] == doc
    # Written another way (another key order, or a name that looks like the start): the same.
    raw = json.loads(encode(doc))
    raw["name"] = '","version":1,"x":"'
    other = json.dumps({k: raw[k] for k in sorted(raw, reverse=last)}).encode()
    assert stored_version(other) == version and load(other)[0].version == version


def test_a_damaged_document_is_still_refused_whole() -> None:
    data = encode(started())
    with pytest.raises(msgspec.DecodeError):
        stored_format(data[:-1])
    with pytest.raises(msgspec.DecodeError):
        load(data[:-1])
