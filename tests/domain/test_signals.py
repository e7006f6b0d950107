"""Private signals in the pure domain: only facilitators see them; anonymous ones name nobody."""

from __future__ import annotations

import re

import pytest

from server.domain import Refused, Unchanged, apply, encode, private_view, shared_view
from server.domain.document import MAX_NOTE, MAX_SIGNALS, link_key, signal_id
from tests.support.course_kit import member, run
from tests.support.domain_kit import FAC, MEM, MIN, T0, started

NOTE = "what Bo said about mothers hurt"


def test_a_named_signal_reaches_facilitators_only_and_its_sender_sees_it_acknowledged() -> None:
    doc = run(started(), "signal.send", {"kind": "check_in", "note": NOTE}, MEM, T0 + 5_123)
    first = doc.signals.items[0].id
    inbox = shared_view(doc, "facilitator")["signals"]
    assert inbox == [
        {
            "id": first,
            "kind": "check_in",
            "note": NOTE,
            "member": "m1",
            "at": T0 + 5_123,
            "session": 1,
            "acknowledged_at": None,
        }
    ]
    for role in ("member", "display"):
        assert "signals" not in shared_view(doc, role)
        assert NOTE not in repr(shared_view(doc, role))
    assert private_view(doc, "m2")["signals"] == []
    assert private_view(doc, "m1")["signals"] == [
        {"id": first, "kind": "check_in", "at": T0 + 5_123, "acknowledged": False}
    ]
    doc = run(doc, "signal.ack", {"signal_id": first}, FAC, T0 + 60_000)
    assert private_view(doc, "m1")["signals"][0]["acknowledged"] is True
    with pytest.raises(Unchanged):
        apply(doc, "signal.ack", {"signal_id": first}, FAC, T0)
    with pytest.raises(Refused) as err:
        apply(doc, "signal.ack", {"signal_id": "g9"}, FAC, T0)
    assert err.value.code == "not_found"


def test_an_anonymous_signal_stores_no_member_and_only_the_minute() -> None:
    doc = started()
    args = {"kind": "not_right", "note": NOTE}
    doc = apply(doc, "signal.send_anonymous", args, MEM, T0 + 42_321, key="k1")
    sent = doc.signals.items[0]
    assert sent.member is None and sent.at % MIN == 0 and sent.at <= T0 + 42_321
    # Not remembered as a retry key either: nothing added besides the signal itself.
    assert doc.recent == {}
    assert private_view(doc, "m1")["signals"] == []
    assert shared_view(doc, "facilitator")["signals"][0]["member"] is None


def test_the_anonymous_document_is_the_same_whoever_sent_it() -> None:
    args = {"kind": "moment", "note": "", "nonce": "n" * 20}
    by_one = apply(started(), "signal.send_anonymous", args, member(1), T0 + 1_000, key="a")
    by_two = apply(started(), "signal.send_anonymous", args, member(2), T0 + 1_000, key="b")
    assert encode(by_one) == encode(by_two)


def test_a_resent_anonymous_signal_counts_once() -> None:
    args = {"kind": "moment", "nonce": "abcdefghijklmnop"}
    doc = run(started(), "signal.send_anonymous", args, MEM)
    with pytest.raises(Unchanged):
        apply(doc, "signal.send_anonymous", args, member(2), T0)


@pytest.mark.parametrize(
    "args",
    [
        {"kind": "help"},
        {"kind": "moment", "note": "x" * (MAX_NOTE + 1)},
        {"kind": "moment", "note": "\x00"},
        {"kind": "moment", "member": "m2"},
        {"kind": "moment", "id": "g1"},
        {},
    ],
)
def test_bad_signals_are_refused(args) -> None:
    for name in ("signal.send", "signal.send_anonymous"):
        with pytest.raises(Refused) as err:
            apply(started(), name, args, MEM, T0)
        assert err.value.code == "invalid"


def test_a_short_nonce_is_refused() -> None:
    with pytest.raises(Refused):
        apply(started(), "signal.send_anonymous", {"kind": "moment", "nonce": "x"}, MEM, T0)


def test_a_full_inbox_forgets_the_oldest_acknowledged_signal() -> None:
    doc = started()
    for _ in range(MAX_SIGNALS):
        doc = run(doc, "signal.send", {"kind": "moment"}, MEM)
    with pytest.raises(Refused) as err:
        apply(doc, "signal.send", {"kind": "moment"}, MEM, T0)
    assert err.value.code == "conflict"
    third = doc.signals.items[2].id
    doc = run(doc, "signal.ack", {"signal_id": third}, FAC)
    doc = run(doc, "signal.send", {"kind": "check_in"}, MEM)
    ids = [s.id for s in doc.signals.items]
    assert len(ids) == len(set(ids)) == MAX_SIGNALS and third not in ids


def test_the_inbox_keeps_unacknowledged_signals_across_weeks() -> None:
    doc = run(started(), "signal.send", {"kind": "moment"}, MEM)
    doc = run(doc, "signal.send", {"kind": "check_in"}, MEM)
    first, second = (s.id for s in doc.signals.items)
    doc = run(doc, "signal.ack", {"signal_id": first}, FAC)
    doc = run(doc, "session.end", {"number": 1}, FAC)
    doc = run(doc, "session.start", {"number": 2}, FAC)
    assert [s["id"] for s in shared_view(doc, "facilitator")["signals"]] == [second]


def test_a_signal_id_says_nothing_about_other_signals_to_anyone_without_the_link_hashes() -> None:
    """Ids that were the signals' numbers told a member who saw their own `g1` and `g4` that two
    other signals were sent in between; now an id is the number hashed under the group's link
    hashes, which no page ever receives."""
    doc = run(started(), "signal.send", {"kind": "moment"}, MEM)
    doc = run(doc, "signal.send_anonymous", {"kind": "moment"}, member(2))
    doc = run(doc, "signal.send", {"kind": "moment"}, MEM)
    mine = [s["id"] for s in private_view(doc, "m1")["signals"]]
    key = link_key(c.hash for c in doc.credentials)
    assert mine == [signal_id(key, 1), signal_id(key, 3)]
    assert all(re.fullmatch(r"g[0-9a-f]{16}", i) for i in mine)
    # Under another group's links the same numbers give unrelated ids.
    assert signal_id("another group's link hashes", 1) not in mine
    for text in (repr(shared_view(doc, "member")), repr(private_view(doc, "m1"))):
        assert all(c.hash not in text for c in doc.credentials)
