"""What keeps the HTTP side safe on the internet: creation limits with JSON 429 answers, writes
only from our own pages, /metrics for the operator, and headers that decide framing and name
no version."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.appkeys import STORE
from server.config import Settings
from tests.conftest import app_of
from tests.support.keys import add_key, call

GROUP = {"name": "T", "members": ["Ann"]}


async def serve(settings: Settings) -> TestServer:
    srv = TestServer(create_app(settings), host="127.0.0.1")
    await srv.start_server()
    return srv


def url(srv: TestServer, path: str) -> str:
    return str(srv.make_url(path))


@pytest.fixture
async def make(tmp_path):
    """Start servers with settings of the test's choosing; all are closed afterwards."""
    servers: list[TestServer] = []

    async def start(**changes) -> TestServer:
        srv = await serve(dataclasses.replace(Settings(data_dir=tmp_path / f"d{len(servers)}"), **changes))
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        await srv.close()


async def test_creation_per_key_is_limited_with_a_json_429_and_retry_after(make) -> None:
    srv = await make(create_per_key=2)
    key = await add_key(app_of(srv)[STORE])
    for _ in range(2):
        status, _, _ = await call("POST", url(srv, "/api/groups"), key, json=GROUP)
        assert status == 201
    status, out, headers = await call("POST", url(srv, "/api/groups"), key, json=GROUP)
    assert (status, out["error"]["code"]) == (429, "rate_limited")
    assert "Your key" in out["error"]["message"]
    assert 1 <= int(headers["Retry-After"]) <= 1800  # one group of 2 an hour: 30 minutes
    # Another key is not affected.
    other = await add_key(app_of(srv)[STORE], "Dr Other")
    assert (await call("POST", url(srv, "/api/groups"), other, json=GROUP))[0] == 201


async def test_creation_per_address_counts_every_attempt(make) -> None:
    srv = await make(create_per_address=3)
    statuses = [
        (await call("POST", url(srv, "/api/groups"), json=body))[0] for body in (GROUP, {}, GROUP, GROUP)
    ]
    assert statuses == [201, 400, 201, 429]


async def test_the_address_behind_a_proxy_only_when_it_is_trusted(make) -> None:
    plain = await make(create_per_address=1, open_creation=True)
    first = await call(
        "POST", url(plain, "/api/groups"), json=GROUP, headers={"X-Forwarded-For": "198.51.100.1"}
    )
    second = await call(
        "POST", url(plain, "/api/groups"), json=GROUP, headers={"X-Forwarded-For": "198.51.100.2"}
    )
    assert (first[0], second[0]) == (201, 429)  # the header is anybody's to write
    trusting = await make(create_per_address=1, open_creation=True, trust_proxy=True)
    for client in ("198.51.100.1", "198.51.100.2", "2001:db8::1"):
        forwarded = {"X-Forwarded-For": f"203.0.113.66, {client}"}  # the proxy's entry is the last
        assert (await call("POST", url(trusting, "/api/groups"), json=GROUP, headers=forwarded))[0] == 201
    same_64 = {"X-Forwarded-For": "2001:db8::ffff"}
    assert (await call("POST", url(trusting, "/api/groups"), json=GROUP, headers=same_64))[0] == 429


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Content-Type": "text/plain"},
        {"Origin": "null", "Content-Type": "text/plain"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain"},
    ],
)
async def test_writes_from_pages_of_other_sites_are_refused(make, headers) -> None:
    srv = await make()
    status, out, _ = await call(
        "POST", url(srv, "/api/groups"), data=b'{"name":"T","members":["A"]}', headers=headers
    )
    assert (status, out["error"]["code"]) == (403, "forbidden")
    assert await app_of(srv)[STORE].group_ids() == []


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_every_kind_of_write_from_another_site_is_refused(make, method) -> None:
    srv = await make()
    headers = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    status, out, _ = await call(method, url(srv, "/api/groups/abcdef0123456789"), data=b"x", headers=headers)
    assert (status, out["error"]["code"]) == (403, "forbidden")


async def test_writes_from_our_own_pages_and_allowed_origins_pass(make) -> None:
    srv = await make(allowed_origins=("https://zoom.example",))
    own = str(srv.make_url("")).rstrip("/")
    for headers in ({"Origin": own, "Sec-Fetch-Site": "same-origin"}, {"Origin": "https://zoom.example"}, {}):
        assert (await call("POST", url(srv, "/api/groups"), json=GROUP, headers=headers))[0] == 201


async def test_metrics_need_the_token_when_one_is_set(make) -> None:
    srv = await make(metrics_token="s3cret-metrics-token")
    assert (await call("GET", url(srv, "/metrics")))[0] == 401
    assert (await call("GET", url(srv, "/metrics"), headers={"Authorization": "Bearer wrong"}))[0] == 401
    status, _, _ = await call_text(url(srv, "/metrics"), {"Authorization": "Bearer s3cret-metrics-token"})
    assert status == 200


async def test_metrics_without_a_token_answer_loopback_only(make) -> None:
    srv = await make()
    assert (await call_text(url(srv, "/metrics"), {}))[0] == 200
    status, out, _ = await call("GET", url(srv, "/metrics"), headers={"X-Forwarded-For": "203.0.113.1"})
    assert (status, out["error"]["code"]) == (403, "forbidden")


async def call_text(address: str, headers: dict[str, str]) -> tuple[int, str, object]:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(address, headers=headers) as r:
        return r.status, await r.text(), r.headers


async def test_framing_is_decided(make) -> None:
    own = await make()
    _, _, headers = await call_text(url(own, "/"), {})
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    zoom = await make(frame_ancestors=("https://zoom.us", "https://*.zoom.us"))
    _, _, headers = await call_text(url(zoom, "/g/abcdef0123/member"), {})
    assert "frame-ancestors 'self' https://zoom.us https://*.zoom.us" in headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in headers  # it cannot name Zoom; the CSP decides


async def test_no_version_in_the_server_header(make) -> None:
    srv = await make()
    for path in ("/", "/healthz", "/nothing-here", "/api/groups"):
        _, _, headers = await call_text(url(srv, path), {})
        assert headers["Server"] == "Holdspace", path
    # Upgrades, and a request aiohttp cannot even parse (answered before any middleware).
    for request in (
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    ):
        reader, writer = await asyncio.open_connection(srv.host, srv.port)
        writer.write(request)
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        writer.close()
        assert "aiohttp" not in head and "Python" not in head, head
        assert "Server: Holdspace" in head, head
