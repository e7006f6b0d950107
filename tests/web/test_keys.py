"""Facilitator keys over HTTP: who may create groups, a key's own groups, and what its holder
can do with them -- reopen a console, re-issue a member's link, add a member -- each seen by
real sockets (a replaced link's open pages are closed; everyone else carries on)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from server.appkeys import STORE
from server.store import revoke
from tests.conftest import app_of
from tests.support.client import Client, token_of
from tests.support.keys import add_key, call, create_with


@pytest.fixture
async def store(server):
    return app_of(server)[STORE]


async def test_without_keys_loopback_creation_is_open_and_the_first_key_closes_it(base_url, store) -> None:
    made = await create_with(base_url, None)
    assert (await store.load(made["group_id"])).owner is None
    # A request that came through a reverse proxy is not "this machine".
    status, out, _ = await call(
        "POST",
        f"{base_url}/api/groups",
        json={"name": "T", "members": ["A"]},
        headers={"X-Forwarded-For": "1.2.3.4"},
    )
    assert (status, out["error"]["code"]) == (401, "unauthorized")
    key = await add_key(store, "Dr Ana")
    status, out, _ = await call("POST", f"{base_url}/api/groups", json={"name": "T", "members": ["A"]})
    assert (status, out["error"]["code"]) == (401, "unauthorized")
    assert "facilitator key" in out["error"]["message"]
    made = await create_with(base_url, key)
    assert (await store.load(made["group_id"])).owner == key.split(".")[0]


async def test_a_key_lists_its_own_groups_and_nothing_else(base_url, store) -> None:
    ana, ben = await add_key(store, "Dr Ana"), await add_key(store, "Dr Ben")
    first = await create_with(base_url, ana, name="Monday", members=["Ann", "Bo"], sessions=12)
    second = await create_with(base_url, ana, name="Thursday", members=["Cy"])
    await create_with(base_url, ben, name="Ben's")
    status, out, headers = await call("GET", f"{base_url}/api/groups", ana)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert out["key"] == {"id": ana.split(".")[0], "name": "Dr Ana"}
    assert [g["id"] for g in out["groups"]] == [second["group_id"], first["group_id"]]  # newest first
    monday = out["groups"][1]
    assert monday["name"] == "Monday" and monday["sessions_planned"] == 12 and monday["sessions_held"] == 0
    assert monday["members"] == [{"id": "m1", "name": "Ann"}, {"id": "m2", "name": "Bo"}]
    assert monday["live"] is False and monday["deletes_at"] > monday["created_at"]
    assert not any("token" in str(v) or "hash" in str(v) for v in monday.values())


async def test_a_revoked_key_creates_nothing_and_lists_nothing(base_url, store) -> None:
    key = await add_key(store, "Dr Ana")
    made = await create_with(base_url, key)
    await revoke(store.keys, key.split(".")[0], 1)
    for method, path, body in [
        ("POST", "/api/groups", {"name": "T", "members": ["A"]}),
        ("GET", "/api/groups", None),
        ("POST", f"/api/groups/{made['group_id']}/console", None),
    ]:
        status, out, _ = await call(method, f"{base_url}{path}", key, json=body)
        assert (status, out["error"]["code"]) == (403, "forbidden"), path
        assert "revoked" in out["error"]["message"]
    # Its groups keep working for their members.
    page = await Client.open(base_url, made["links"]["members"][0]["url"])
    await page.close()


async def owned(base_url: str, store: Any) -> tuple[str, dict[str, Any]]:
    key = await add_key(store, "Dr Ana")
    return key, await create_with(base_url, key, members=["Ann", "Bo", "Cy"])


async def test_reopening_the_console_replaces_only_the_console_link(base_url, store, connect) -> None:
    key, group = await owned(base_url, store)
    old = await connect(group["links"]["facilitator"])
    co = await connect(group["links"]["cofacilitator"])
    status, out, _ = await call("POST", f"{base_url}/api/groups/{group['group_id']}/console", key)
    assert status == 200 and out["facilitator"].startswith(f"{base_url}/g/{group['group_id']}/console#t=")
    assert out["facilitator"] != group["links"]["facilitator"]
    replaced = await old.wait_for(lambda m: m["type"] == "error")
    assert replaced["code"] == "unauthorized" and "replaced" in replaced["message"]
    assert await old.closed() == 1008
    # The old link is refused from now on; the new one and the co-facilitator's work.
    again = await connect(group["links"]["facilitator"], hello=False)
    await again.send({"type": "hello", "token": token_of(group["links"]["facilitator"])})
    assert (await again.wait_for(lambda m: m["type"] == "error"))["code"] == "unauthorized"
    new = await connect(out["facilitator"])
    assert new.welcome["role"] == "facilitator"
    ack = await co.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack"
    await new.wait_view(lambda v: v["session"] is not None)


async def test_reissuing_a_members_link_closes_the_old_one_at_once(base_url, store, connect) -> None:
    key, group = await owned(base_url, store)
    gid = group["group_id"]
    fac = await connect(group["links"]["facilitator"])
    ann_page = await connect(group["links"]["members"][0]["url"])
    ann_popout = await connect(group["links"]["members"][0]["url"], lang="es")
    bo = await connect(group["links"]["members"][1]["url"])
    before = {id(page): len(page.states()) for page in (ann_page, ann_popout)}
    status, out, _ = await call("POST", f"{base_url}/api/groups/{gid}/members/m1/link", key)
    assert status == 200 and out["member"]["id"] == "m1" and out["member"]["name"] == "Ann"
    assert out["member"]["url"] != group["links"]["members"][0]["url"]
    assert await ann_page.closed() == 1008 and await ann_popout.closed() == 1008
    # Each page is told why, in its own language.
    told = [(await page.wait_for(lambda m: m["type"] == "error")) for page in (ann_page, ann_popout)]
    assert [m["code"] for m in told] == ["unauthorized", "unauthorized"]
    assert told[0]["message"].startswith("This link was replaced by a new one.")
    assert told[1]["message"].startswith("Este enlace se sustituyó por uno nuevo.")
    # The replaced pages got nothing of the version that replaced their link.
    for page in (ann_page, ann_popout):
        assert len(page.states()) == before[id(page)]
    stale = await connect(group["links"]["members"][0]["url"], hello=False)
    await stale.send({"type": "hello", "token": token_of(group["links"]["members"][0]["url"])})
    assert (await stale.wait_for(lambda m: m["type"] == "error"))["code"] == "unauthorized"
    new = await connect(out["member"]["url"])
    assert (new.welcome["role"], new.welcome["member"]) == ("member", "m1")
    # Everyone else carries on.
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack"
    for page in (bo, new):
        await page.wait_view(lambda v: v["session"] is not None)


async def test_no_reissue_while_a_feedback_question_is_open(base_url, store, connect) -> None:
    key, group = await owned(base_url, store)
    fac = await connect(group["links"]["facilitator"])
    opened = await fac.cmd("feedback.open", {"questions": [{"kind": "yesno", "text": "Heard?"}]})
    assert opened["type"] == "ack", opened
    status, out, _ = await call("POST", f"{base_url}/api/groups/{group['group_id']}/members/m2/link", key)
    assert (status, out["error"]["code"]) == (409, "conflict") and "answer twice" in out["error"]["message"]


async def test_adding_a_member_mid_course(base_url, store, connect) -> None:
    key, group = await owned(base_url, store)
    gid = group["group_id"]
    fac = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    status, out, _ = await call("POST", f"{base_url}/api/groups/{gid}/members", key, json={"name": " Dee "})
    assert status == 201 and out["member"]["id"] == "m4" and out["member"]["name"] == "Dee"
    dee = await connect(out["member"]["url"])
    assert (dee.welcome["role"], dee.welcome["member"]) == ("member", "m4")
    seen = await fac.wait_for(lambda m: m["type"] == "state" and len(m["view"]["members"]) == 4)
    assert seen["view"]["members"][-1] == {"id": "m4", "name": "Dee"}
    assert (await dee.cmd("hand.raise"))["type"] == "ack"
    status, out, _ = await call("POST", f"{base_url}/api/groups/{gid}/members", key, json={"name": "dee"})
    assert (status, out["error"]["code"]) == (400, "invalid")


async def test_a_socket_cannot_send_the_server_only_commands(base_url, store, connect) -> None:
    _, group = await owned(base_url, store)
    fac = await connect(group["links"]["facilitator"])
    for name, args in [
        ("console.reopen", {"hash": "a" * 64}),
        ("link.reissue", {"member_id": "m1", "hash": "a" * 64}),
        ("member.add", {"name": "Mallory", "hash": "a" * 64}),
    ]:
        err = await fac.cmd(name, args)
        assert (err["type"], err["code"]) == ("error", "forbidden"), name
    doc = await store.load(group["group_id"])
    assert "a" * 64 not in {c.hash for c in doc.credentials} and len(doc.members) == 3


async def test_the_start_page_says_whether_this_visitor_needs_a_key(base_url, store) -> None:
    async def page(**headers: str) -> str:
        async with aiohttp.ClientSession() as http, http.get(f"{base_url}/", headers=headers) as r:
            assert r.status == 200
            return await r.text()

    # On loopback without keys: no key needed, the form is there at once.
    body = await page()
    assert 'data-open="yes"' in body and 'aria-labelledby="create-title">' in body
    # Through a proxy, or once a key exists: the page asks for the key before the form.
    assert 'data-open="no"' in (proxied := await page(**{"X-Forwarded-For": "1.2.3.4"}))
    assert 'aria-labelledby="create-title" hidden>' in proxied
    await add_key(store, "Dr Ana")
    assert 'data-open="no"' in await page()


async def test_my_groups_is_a_page_that_carries_no_groups_itself(base_url, store) -> None:
    key = await add_key(store, "Dr Ana")
    await create_with(base_url, key, name="Monday")
    spanish = {"Accept-Language": "es-MX,es;q=0.9"}
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}/groups", headers=spanish) as r:
        assert r.status == 200 and r.headers["Cache-Control"] == "no-store"
        body = await r.text()
    assert '<html lang="es" dir="ltr">' in body and "Mis grupos" in body
    assert 'data-view="groups"' in body and "/overlay/pages/groups.js" in body
    assert "Monday" not in body and "Dr Ana" not in body  # the script fetches them with the key
