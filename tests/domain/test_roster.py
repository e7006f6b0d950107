"""Links and members changed after creation (domain/course/roster.py): only the server may issue
these commands; each replaces exactly one credential or adds exactly one member."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import INVALID, LinkHashes, Refused, apply, limits, new_group, shared_view
from server.domain.creation import GroupSpec
from server.domain.registry import Actor
from tests.support.feedback_kit import open_card

SERVER = Actor("facilitator", server=True)
SOCKET_ROLES = [Actor("facilitator"), Actor("member", "m1"), Actor("display")]
T = 1_700_000_000_000


def h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def made(members: int = 3):
    links = LinkHashes(h("fac"), h("co"), h("disp"), [h(f"m{i}") for i in range(members)])
    spec = GroupSpec(name="Tuesday", members=[f"Member {i + 1}" for i in range(members)])
    return new_group(spec, "g0000001", T, links, owner="k0123456789")


COMMANDS = [
    ("console.reopen", {"hash": h("new")}),
    ("link.reissue", {"member_id": "m1", "hash": h("new")}),
    ("member.add", {"name": "Dee", "hash": h("new")}),
]


@pytest.mark.parametrize(("name", "args"), COMMANDS)
@pytest.mark.parametrize("actor", SOCKET_ROLES)
def test_no_socket_may_send_them_whatever_its_role(name, args, actor) -> None:
    with pytest.raises(Refused) as exc:
        apply(made(), name, args, actor, T)
    assert exc.value.code == "forbidden" and "Only the server" in exc.value.message


def test_reopening_the_console_replaces_only_the_console_link() -> None:
    before = made()
    after = apply(before, "console.reopen", {"hash": h("new")}, SERVER, T)
    hashes = {c.label if c.member is None else c.member: c.hash for c in after.credentials}
    assert hashes["facilitator"] == h("new")
    assert hashes["co-facilitator"] == h("co") and hashes["display"] == h("disp")
    assert [c.hash for c in after.credentials if c.member] == [h("m0"), h("m1"), h("m2")]
    assert h("fac") not in {c.hash for c in after.credentials}
    assert after.version == before.version + 1


def test_reissuing_replaces_one_members_link() -> None:
    after = apply(made(), "link.reissue", {"member_id": "m2", "hash": h("new")}, SERVER, T)
    by_member = {c.member: c.hash for c in after.credentials if c.member}
    assert by_member == {"m1": h("m0"), "m2": h("new"), "m3": h("m2")}
    assert len(after.credentials) == len(made().credentials)


def test_reissuing_an_unknown_member_or_during_an_open_card_is_refused() -> None:
    with pytest.raises(Refused) as exc:
        apply(made(), "link.reissue", {"member_id": "m9", "hash": h("new")}, SERVER, T)
    assert exc.value.code == "not_found"
    carded = open_card(made(), [{"kind": "yesno", "text": "Did you feel heard?"}])
    with pytest.raises(Refused) as exc:
        apply(carded, "link.reissue", {"member_id": "m1", "hash": h("new")}, SERVER, T)
    assert exc.value.code == "conflict" and "answer twice" in exc.value.message


def test_a_member_added_mid_course_gets_the_next_id_and_a_link() -> None:
    after = apply(made(), "member.add", {"name": "  Dee  ", "hash": h("dee")}, SERVER, T)
    assert [(m.id, m.name) for m in after.members][-1] == ("m4", "Dee")
    assert any(c.member == "m4" and c.hash == h("dee") and c.role == "member" for c in after.credentials)
    assert {"id": "m4", "name": "Dee"} in shared_view(after, "member")["members"]


@pytest.mark.parametrize(
    "name",
    ["member 1", "", "\u200b", "Dee\u202e", "x" * (limits.MAX_MEMBER_NAME + 1)],
)
def test_names_follow_the_rules_of_creation(name: str) -> None:
    with pytest.raises(Refused) as exc:
        apply(made(), "member.add", {"name": name, "hash": h("dee")}, SERVER, T)
    assert exc.value.code == INVALID


def test_a_full_group_takes_no_more_members() -> None:
    full = made(limits.MAX_MEMBERS)
    with pytest.raises(Refused) as exc:
        apply(full, "member.add", {"name": "One more", "hash": h("x")}, SERVER, T)
    assert exc.value.code == INVALID and str(limits.MAX_MEMBERS) in exc.value.message


@pytest.mark.parametrize("bad", [{"hash": "abc"}, {"hash": h("x"), "extra": 1}, {}])
def test_a_hash_must_be_a_hash(bad) -> None:
    with pytest.raises(Refused) as exc:
        apply(made(), "console.reopen", bad, SERVER, T)
    assert exc.value.code == INVALID


@given(st.lists(st.sampled_from(["add", "reissue", "reopen"]), max_size=12))
def test_ids_and_link_hashes_stay_unique_whatever_the_sequence(steps: list[str]) -> None:
    doc = made(2)
    for n, step in enumerate(steps):
        fresh = h(f"fresh{n}")
        try:
            if step == "add":
                doc = apply(doc, "member.add", {"name": f"New {n}", "hash": fresh}, SERVER, T)
            elif step == "reissue":
                member = doc.members[n % len(doc.members)].id
                doc = apply(doc, "link.reissue", {"member_id": member, "hash": fresh}, SERVER, T)
            else:
                doc = apply(doc, "console.reopen", {"hash": fresh}, SERVER, T)
        except Refused as refused:
            assert refused.code == INVALID and len(doc.members) == limits.MAX_MEMBERS
    ids = [m.id for m in doc.members]
    assert len(set(ids)) == len(ids)
    hashes = [c.hash for c in doc.credentials]
    assert len(set(hashes)) == len(hashes)
    # One credential per member, one console, one co-facilitator, one display.
    assert sorted(c.member for c in doc.credentials if c.member) == sorted(ids)
    assert sorted(c.label for c in doc.credentials if not c.member) == [
        "co-facilitator",
        "display",
        "facilitator",
    ]


def test_groups_of_the_previous_release_belong_to_no_key() -> None:
    from server.domain import load
    from tests.support.releases import RELEASES

    stored = next((RELEASES / "c3c67d0" / "datadir" / "groups").iterdir()).read_bytes()
    assert b'"owner"' not in stored
    doc, migrated = load(stored)
    assert migrated and doc.owner is None
    assert made().owner == "k0123456789"
