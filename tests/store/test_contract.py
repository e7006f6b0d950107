"""The contract every store keeps; each test runs against the embedded store and Redis."""

from __future__ import annotations

import asyncio
import secrets

import msgspec
import pytest

from server.domain import Group, GroupSpec, new_group
from server.store import GroupExists, Store, TooLarge, VersionConflict
from server.store.base import MAX_DOCUMENT


def make_group(name: str = "Tuesday group") -> Group:
    return new_group(GroupSpec(name=name, members=["Ann", "Bo"]), secrets.token_hex(8), 1_700_000_000_000)


def successor(doc: Group, **changes: object) -> Group:
    return msgspec.structs.replace(doc, version=doc.version + 1, **changes)


class Heard:
    """A watch listener that remembers every version it was handed."""

    def __init__(self) -> None:
        self.docs: list[Group] = []
        self._event = asyncio.Event()

    def __call__(self, doc: Group) -> None:
        self.docs.append(doc)
        self._event.set()

    @property
    def versions(self) -> list[int]:
        return [d.version for d in self.docs]

    async def version(self, version: int, timeout: float = 5.0) -> Group:
        async with asyncio.timeout(timeout):
            while True:
                for doc in self.docs:
                    if doc.version == version:
                        return doc
                self._event.clear()
                await self._event.wait()


async def test_create_then_load_gives_the_same_document(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    assert await store.load(doc.id) == doc


async def test_load_of_an_unknown_group_is_none(store: Store) -> None:
    assert await store.load(secrets.token_hex(8)) is None


async def test_create_never_overwrites(store: Store) -> None:
    doc = make_group("First")
    await store.create(doc)
    with pytest.raises(GroupExists):
        await store.create(msgspec.structs.replace(doc, name="Second"))
    loaded = await store.load(doc.id)
    assert loaded is not None and loaded.name == "First"


async def test_commit_with_the_expected_version(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    new = successor(doc, name="Renamed")
    await store.commit(new, doc.version)
    assert await store.load(doc.id) == new


async def test_commit_on_a_stale_version_conflicts_and_changes_nothing(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    v2 = successor(doc, name="v2")
    await store.commit(v2, doc.version)
    with pytest.raises(VersionConflict):
        await store.commit(successor(doc, name="lost"), doc.version)
    assert await store.load(doc.id) == v2


async def test_commit_to_a_missing_group_conflicts(store: Store) -> None:
    doc = make_group()
    with pytest.raises(VersionConflict):
        await store.commit(successor(doc), doc.version)
    assert await store.load(doc.id) is None


async def test_racing_commits_on_one_version_exactly_one_wins(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    rivals = [successor(doc, name=f"rival {i}") for i in range(10)]
    results = await asyncio.gather(*(store.commit(r, doc.version) for r in rivals), return_exceptions=True)
    winners = [r for r, res in zip(rivals, results, strict=True) if res is None]
    assert len(winners) == 1
    assert all(isinstance(res, VersionConflict) for res in results if res is not None)
    assert await store.load(doc.id) == winners[0]


async def test_watch_hears_each_commit_in_order(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    heard = Heard()
    unwatch = await store.watch(doc.id, heard)
    current = doc
    for i in range(5):
        new = successor(current, name=f"v{i}")
        await store.commit(new, current.version)
        current = new
    assert await heard.version(current.version) == current
    assert heard.versions == list(range(doc.version + 1, current.version + 1))
    await unwatch()


async def test_a_watcher_in_this_process_hears_a_commit_before_it_returns(store: Store) -> None:
    # The hub's frame for a sender's own command then goes out before the command's ack.
    doc = make_group()
    await store.create(doc)
    heard = Heard()
    unwatch = await store.watch(doc.id, heard)
    current = doc
    for i in range(3):
        new = successor(current, name=f"v{i}")
        await store.commit(new, current.version)
        assert heard.docs[-1] == new
        current = new
    await unwatch()


async def test_watchers_of_one_group_all_hear_and_others_do_not(store: Store) -> None:
    a, b = make_group("A"), make_group("B")
    await store.create(a)
    await store.create(b)
    first, second, other = Heard(), Heard(), Heard()
    unwatch_first = await store.watch(a.id, first)
    unwatch_second = await store.watch(a.id, second)
    unwatch_other = await store.watch(b.id, other)
    await store.commit(successor(a), a.version)
    await first.version(a.version + 1)
    await second.version(a.version + 1)
    # One listener leaving does not silence the other.
    await unwatch_first()
    await store.commit(successor(successor(a)), a.version + 1)
    await second.version(a.version + 2)
    # b's watcher hears b's commit, and only it.
    await store.commit(successor(b), b.version)
    await other.version(b.version + 1)
    assert other.versions == [b.version + 1]
    assert first.versions == [a.version + 1]
    await unwatch_second()
    await unwatch_other()


async def test_unwatch_stops_delivery(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    heard, witness = Heard(), Heard()
    unwatch = await store.watch(doc.id, heard)
    await store.watch(doc.id, witness)
    await unwatch()
    await store.commit(successor(doc), doc.version)
    # The witness, still watching, proves the commit was announced; `heard` stays silent.
    await witness.version(doc.version + 1)
    assert heard.docs == []


async def test_many_groups_stay_apart(store: Store) -> None:
    docs = [make_group(f"Group {i}") for i in range(40)]
    for doc in docs:
        await store.create(doc)
    heard = {doc.id: Heard() for doc in docs}
    for doc in docs:
        await store.watch(doc.id, heard[doc.id])
    news = [successor(doc, name=f"{doc.name} renamed") for doc in docs]
    await asyncio.gather(*(store.commit(new, doc.version) for new, doc in zip(news, docs, strict=True)))
    for new in news:
        assert await heard[new.id].version(new.version) == new
        assert heard[new.id].versions == [new.version]
        assert await store.load(new.id) == new


async def test_a_document_too_large_is_refused_and_nothing_changes(store: Store) -> None:
    doc = make_group()
    with pytest.raises(TooLarge):
        await store.create(msgspec.structs.replace(doc, name="x" * MAX_DOCUMENT))
    assert await store.load(doc.id) is None
    await store.create(doc)
    with pytest.raises(TooLarge):
        await store.commit(successor(doc, name="x" * MAX_DOCUMENT), doc.version)
    assert await store.load(doc.id) == doc


async def test_delete_forgets_the_group(store: Store) -> None:
    doc = make_group()
    await store.create(doc)
    await store.delete(doc.id)
    assert await store.load(doc.id) is None
    with pytest.raises(VersionConflict):
        await store.commit(successor(doc), doc.version)
    await store.delete(doc.id)  # deleting twice is harmless
    await store.create(doc)  # and the id can be used again
    assert await store.load(doc.id) == doc


async def test_the_store_lists_its_groups(store: Store) -> None:
    # The retention sweep needs the list; both stores provide it.
    docs = [make_group(f"Group {i}") for i in range(3)]
    for doc in docs:
        await store.create(doc)
    await store.delete(docs[1].id)
    assert sorted(await store.group_ids()) == sorted([docs[0].id, docs[2].id])
