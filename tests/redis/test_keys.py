"""Facilitator keys on Redis: the CLI adds and revokes them while two instances run, and each
instance honours them at once; a group created on one is its key's on the other; a link
re-issued through one closes the old link's pages on the other."""

from __future__ import annotations

import pytest

from tests.ops.test_keys import GROUP, added, holdspace
from tests.support.client import token_of
from tests.support.keys import call
from tests.support.process import ServerProcess
from tests.support.redis_kit import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.slow]


async def test_keys_from_the_cli_count_on_every_instance(two, prefix) -> None:
    a, b = two
    store = ("--redis-url", REDIS_URL, "--redis-prefix", prefix)
    key_id, key = added(holdspace("key", "add", "Dr Ana Ruiz", *store))
    status, out, _ = await call("POST", f"{b.url}/api/groups", json=GROUP)
    assert (status, out["error"]["code"]) == (401, "unauthorized")  # a key exists: no more open creation
    status, made, _ = await call("POST", f"{a.url}/api/groups", key, json=GROUP)
    assert status == 201
    status, mine, _ = await call("GET", f"{b.url}/api/groups", key)
    assert status == 200 and [g["id"] for g in mine["groups"]] == [made["group_id"]]

    # Bo's pages are on A; his link is re-issued through B: A closes them.
    bo = await a.connect(made["links"]["members"][1]["url"])
    status, out, _ = await call("POST", f"{b.url}/api/groups/{made['group_id']}/members/m2/link", key)
    assert status == 200
    assert await bo.closed() == 1008
    new = await a.connect(out["member"]["url"])
    assert new.welcome["member"] == "m2"
    stale = await b.connect(made["links"]["members"][1]["url"], hello=False)
    await stale.send({"type": "hello", "token": token_of(made["links"]["members"][1]["url"])})
    assert (await stale.wait_for(lambda m: m["type"] == "error"))["code"] == "unauthorized"

    listing = holdspace("key", "list", *store)
    row = next(line for line in listing.stdout.splitlines() if line.startswith(key_id))
    assert row.split()[-4] == "1"
    assert holdspace("key", "revoke", key_id, *store).returncode == 0
    for instance in (a, b):
        assert (await call("POST", f"{instance.url}/api/groups", key, json=GROUP))[0] == 403
        assert (await call("GET", f"{instance.url}/api/groups", key))[0] == 403


async def test_deleted_groups_leave_the_keys_list(two, prefix) -> None:
    a, b = two
    key_id, key = added(holdspace("key", "add", "Dr Ben", "--redis-url", REDIS_URL, "--redis-prefix", prefix))
    kept = (await call("POST", f"{a.url}/api/groups", key, json=GROUP))[1]
    gone = (await call("POST", f"{a.url}/api/groups", key, json=GROUP))[1]
    fac = token_of(gone["links"]["facilitator"])
    assert (await call("DELETE", f"{b.url}/api/groups/{gone['group_id']}", fac))[0] == 200
    _, mine, _ = await call("GET", f"{a.url}/api/groups", key)
    assert [g["id"] for g in mine["groups"]] == [kept["group_id"]]
    assert await a.store._redis.smembers(a.store.owned_key(key_id)) == {kept["group_id"].encode()}


def test_a_public_instance_on_redis_needs_a_key_to_start(prefix) -> None:
    store = ("--redis-url", REDIS_URL, "--redis-prefix", prefix)
    with pytest.raises(RuntimeError) as refused:
        ServerProcess("--host", "0.0.0.0", *store).start()
    expected = f'holdspace key add "Their name" --redis-url {REDIS_URL} --redis-prefix {prefix}'
    assert expected in str(refused.value)
    added(holdspace("key", "add", "Dr Ana", *store))
    ServerProcess("--host", "0.0.0.0", *store).start().stop()
