"""The hello phase: a socket is useless until a valid token arrives, and only from our origin."""

import dataclasses

import pytest
import websockets

from server.config import Settings
from tests.support.client import Client


async def test_each_link_gets_its_role(group, connect) -> None:
    links = group["links"]
    cases = [
        (links["facilitator"], "facilitator", None),
        (links["cofacilitator"], "facilitator", None),
        (links["display"], "display", None),
        (links["members"][1]["url"], "member", "m2"),
    ]
    for link, role, member in cases:
        client: Client = await connect(link)
        assert client.welcome is not None
        assert (client.welcome["role"], client.welcome["member"]) == (role, member)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "nonsense",
        "abcdef0123456789.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "../../etc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "x" * 199,
        "x" * 201,
        "abcdef0123456789." + "A" * 10_000,
        "abcdef0123456789.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0000",
        5,
        None,
        ["abcdef0123456789.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
        {"token": "x"},
    ],
)
@pytest.mark.usefixtures("group")
async def test_bad_token_is_refused_and_closed(connect, token) -> None:
    client: Client = await connect(None, hello=False)
    await client.send({"type": "hello", "token": token})
    err = await client.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "unauthorized" and "link is not valid" in err["message"]
    assert await client.closed() == 1008
    assert client.state is None


@pytest.mark.usefixtures("group")
async def test_a_hello_without_a_token_is_unauthorized(connect) -> None:
    client: Client = await connect(None, hello=False)
    await client.send({"type": "hello"})
    err = await client.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "unauthorized"
    assert await client.closed() == 1008


async def test_a_valid_secret_for_another_group_is_refused(base_url, group, connect) -> None:
    from tests.support.client import create_group, token_of

    other = await create_group(base_url)
    secret = token_of(other["links"]["facilitator"]).split(".", 1)[1]
    client: Client = await connect(None, hello=False)
    await client.send({"type": "hello", "token": f"{group['group_id']}.{secret}"})
    err = await client.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "unauthorized"


async def test_commands_before_hello_are_unauthorized(group, connect) -> None:
    client: Client = await connect(None, hello=False)
    await client.send({"type": "cmd", "id": "c1", "name": "session.start", "args": {"number": 1}})
    err = await client.wait_for(lambda m: m["type"] == "error")
    assert (err["id"], err["code"]) == ("c1", "unauthorized")
    # Time sync works before hello; then hello still succeeds.
    await client.send({"type": "ping", "t0": 12.5})
    pong = await client.wait_for(lambda m: m["type"] == "pong")
    assert pong["t0"] == 12.5 and isinstance(pong["t1"], int)
    await client.send({"type": "hello", "token": group["links"]["facilitator"].split("#t=")[1]})
    await client.wait_for(lambda m: m["type"] == "state")
    assert client.view["session"] is None


async def test_hello_twice_is_invalid(group, connect) -> None:
    client: Client = await connect(group["links"]["facilitator"])
    await client.send({"type": "hello", "token": group["links"]["facilitator"].split("#t=")[1]})
    err = await client.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "invalid"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(data_dir=tmp_path / "data"), hello_timeout=0.3)


async def test_silence_after_connecting_is_closed(connect) -> None:
    client: Client = await connect(None, hello=False)
    assert await client.closed() == 1008


async def test_upgrade_from_a_foreign_origin_is_refused(base_url) -> None:
    url = base_url.replace("http", "ws", 1) + "/ws"
    with pytest.raises(websockets.InvalidStatus) as exc:
        await websockets.connect(url, origin="https://evil.example")
    assert exc.value.response.status_code == 403
    # The page's own origin is accepted.
    ws = await websockets.connect(url, origin=base_url)
    await ws.close()
