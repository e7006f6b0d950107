"""Facilitator keys and the groups each created: one contract, kept by both stores."""

from __future__ import annotations

import pytest

from server import write
from server.domain import FacilitatorKey, GroupSpec
from server.store import KeyExists, Store, revoke

SPEC = GroupSpec(name="Tuesday", members=["Ann"])


def key(key_id: str, at: int = 1) -> FacilitatorKey:
    return FacilitatorKey(id=key_id, name=f"Dr {key_id}", hash="ab" * 32, created_at=at)


async def test_keys_are_added_once_read_listed_and_revoked(store: Store) -> None:
    assert not await store.keys.any() and await store.keys.all() == []
    await store.keys.add(key("k0000000002", at=2))
    await store.keys.add(key("k0000000001", at=1))
    with pytest.raises(KeyExists):
        await store.keys.add(key("k0000000001"))
    assert await store.keys.any()
    assert [k.id for k in await store.keys.all()] == ["k0000000001", "k0000000002"]  # oldest first
    assert await store.keys.get("k0000000001") == key("k0000000001", at=1)
    assert await store.keys.get("k9999999999") is None
    assert await store.keys.get("../groups/x") is None
    revoked = await revoke(store.keys, "k0000000001", 50)
    assert revoked is not None and revoked.revoked_at == 50
    again = await revoke(store.keys, "k0000000001", 60)
    assert again is not None and again.revoked_at == 50  # the first revocation stands
    assert (await store.keys.get("k0000000001")).revoked  # type: ignore[union-attr]
    assert await revoke(store.keys, "k9999999999", 1) is None


async def test_a_keys_groups_are_the_ones_it_created_and_still_exist(store: Store) -> None:
    mine = [(await write.create(store, SPEC, 1, owner="k0000000001"))[0] for _ in range(2)]
    await write.create(store, SPEC, 1, owner="k0000000002")
    await write.create(store, SPEC, 1)
    assert sorted(d.id for d in await store.owned("k0000000001")) == sorted(d.id for d in mine)
    assert await write.delete(store, mine[0].id, 2)
    assert [d.id for d in await store.owned("k0000000001")] == [mine[1].id]
    assert await store.owned("k0000000003") == []
