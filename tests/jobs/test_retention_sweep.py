"""The retention sweep over a real embedded store, with `now` given instead of waited for."""

from __future__ import annotations

from server.domain import apply
from server.domain.retention import DAY_MS
from server.jobs.attendance import unrecorded
from server.jobs.sweep import sweep
from server.store.memory import MemoryStore
from tests.support.domain_kit import FAC, T0, group


def held(group_id: str, ended: int):
    doc = group()
    doc.id = group_id
    doc = apply(doc, "session.start", {"number": 1}, FAC, ended - 90 * 60_000)
    return apply(doc, "session.end", {"number": 1}, FAC, ended)


async def test_sweep_deletes_only_groups_past_their_days(tmp_path) -> None:
    store = await MemoryStore.open(tmp_path)
    await store.create(held("gold0001", T0))
    await store.create(held("gnew0001", T0 + 20 * DAY_MS))
    unused = group()
    unused.id = "gunused1"
    await store.create(unused)  # created at T0, never met
    assert await sweep(store, T0 + 30 * DAY_MS - 1, 30) == 0
    assert await sweep(store, T0 + 30 * DAY_MS, 30) == 2
    assert sorted(await store.group_ids()) == ["gnew0001"]
    await store.checkpoint()  # the journal's versions into the group files, deletions too
    assert sorted(p.name for p in (tmp_path / "groups").glob("*.json")) == ["gnew0001.json"]
    assert await sweep(store, T0 + 50 * DAY_MS, 30) == 1
    assert await store.group_ids() == []
    await store.close()


def test_attendance_records_only_unrecorded_members_of_a_live_session() -> None:
    doc = group()
    assert unrecorded(doc, ["m1"]) == []  # no session
    doc = apply(doc, "session.start", {"number": 1}, FAC, T0)
    assert unrecorded(doc, ["m2", "m1", "m9"]) == ["m1", "m2"]
    doc = apply(doc, "attendance.mark", {"session": 1, "member_ids": ["m1"]}, FAC, T0)
    assert unrecorded(doc, ["m2", "m1"]) == ["m2"]
    doc = apply(doc, "session.end", {"number": 1}, FAC, T0)
    assert unrecorded(doc, ["m2"]) == []
