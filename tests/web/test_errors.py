"""One error body everywhere: every route of the app, driven down every error path we know of,
answers `{"error": {"code", "message"}}` with a documented code and its HTTP status.

The walk is checked against the app's router: a new route without error cases here fails.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from server import protocol
from server.appkeys import STORE
from tests.conftest import app_of
from tests.support.client import token_of
from tests.support.keys import add_key, bearer, create_with

G = "{group_id}"
KEY = "{key}"

# (method, route as the router names it) -> error requests: (method, path, headers, body, code).
Case = tuple[str, str, dict[str, str], bytes | None, str]


@pytest.fixture
async def keys(server: TestServer) -> dict[str, str]:
    store = app_of(server)[STORE]
    return {
        "mine": await add_key(store, "Dr Mine"),
        "other": await add_key(store, "Dr Other"),
        "revoked": await add_key(store, "Dr Gone", revoked=True),
    }


@pytest.fixture
async def group(base_url: str, keys: dict[str, str]) -> dict[str, Any]:
    made = await create_with(base_url, keys["mine"], members=["Ann", "Bo", "Cy"])
    made["keys"] = keys
    return made


def cases(group: dict[str, Any]) -> dict[tuple[str, str], list[Case]]:
    gid = group["group_id"]
    keys = group["keys"]
    mine, theirs, revoked = bearer(keys["mine"]), bearer(keys["other"]), bearer(keys["revoked"])
    unknown = bearer("k0123456789." + "A" * 43)
    text = {"Content-Type": "text/plain", "Origin": "https://evil.example"}

    def key_only(method: str, path: str, owned: bool = True) -> list[Case]:
        found = [
            (method, path, {}, None, "unauthorized"),
            (method, path, unknown, None, "unauthorized"),
            (method, path, fac, None, "unauthorized"),  # a link token is not a key
            (method, path, revoked, None, "forbidden"),
            (method, path + "?key=x", mine, None, "invalid"),
        ]
        if owned:
            found += [
                (method, path, theirs, b'{"name": "Dee"}', "not_found"),
                (method, path.replace(gid, "zzzzzzzzzzzz"), mine, b'{"name": "Dee"}', "not_found"),
                (method, path.replace(gid, "..%2F..%2Fetc"), mine, None, "not_found"),
            ]
        return found

    fac = {"Authorization": f"Bearer {token_of(group['links']['facilitator'])}"}
    mem = {"Authorization": f"Bearer {token_of(group['links']['members'][0]['url'])}"}
    bad = {"Authorization": f"Bearer {gid}.{'A' * 32}"}
    other = {"Authorization": "Bearer abcdef012345.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}

    def facilitator_only(method: str, path: str) -> list[Case]:
        return [
            (method, path, {}, None, "unauthorized"),
            (method, path, bad, None, "unauthorized"),
            (method, path, other, None, "unauthorized"),
            (method, path, mem, None, "forbidden"),
            (method, path + "?token=x", fac, None, "invalid"),
            (method, path.replace(gid, "zzzzzzzzzzzz"), fac, None, "unauthorized"),
        ]

    api = f"/api/groups/{gid}"
    deep = b'{"name": "x", "members": ' + b"[" * 2000 + b"]" * 2000 + b"}"
    return {
        ("POST", "/api/groups"): [
            ("POST", "/api/groups", mine, b"{", "invalid"),
            ("POST", "/api/groups", mine, b'{"name": "x", "members": []}', "invalid"),
            ("POST", "/api/groups", mine, b'{"name": "x", "members": ["A"], "extra": 1}', "invalid"),
            ("POST", "/api/groups", mine, deep, "invalid"),
            ("POST", "/api/groups", mine, b"x" * (65 * 1024), "too_large"),
            ("PUT", "/api/groups", mine, b"{}", "invalid"),
            # Keys exist here: creating needs one, a valid one, not revoked.
            ("POST", "/api/groups", {}, b'{"name": "x", "members": ["A"]}', "unauthorized"),
            ("POST", "/api/groups", unknown, b'{"name": "x", "members": ["A"]}', "unauthorized"),
            ("POST", "/api/groups", revoked, b'{"name": "x", "members": ["A"]}', "forbidden"),
            ("POST", "/api/groups", {**mine, **text}, b'{"name": "x", "members": ["A"]}', "forbidden"),
        ],
        ("GET", "/api/groups"): [*key_only("GET", "/api/groups", owned=False)],
        ("POST", f"/api/groups/{G}/console"): [
            *key_only("POST", f"{api}/console"),
            ("GET", f"{api}/console", mine, None, "invalid"),
        ],
        ("POST", f"/api/groups/{G}/members"): [
            *key_only("POST", f"{api}/members"),
            ("POST", f"{api}/members", mine, b"{", "invalid"),
            ("POST", f"{api}/members", mine, b'{"name": ""}', "invalid"),
            ("POST", f"{api}/members", mine, b'{"name": "ann"}', "invalid"),
            ("POST", f"{api}/members", mine, b'{"name": "D\\u202ee"}', "invalid"),
            ("POST", f"{api}/members", mine, b'{"name": "Dee", "x": 1}', "invalid"),
            ("POST", f"{api}/members", mine, b"x" * 5000, "too_large"),
            ("POST", f"{api}/members", {**mine, **text}, b'{"name": "Dee"}', "forbidden"),
        ],
        ("POST", f"/api/groups/{G}/members/{{member_id}}/link"): [
            *key_only("POST", f"{api}/members/m1/link"),
            ("POST", f"{api}/members/m9/link", mine, None, "not_found"),
        ],
        ("GET", "/healthz"): [("POST", "/healthz", {}, b"", "invalid")],
        ("GET", "/metrics"): [
            ("POST", "/metrics", {}, b"", "invalid"),
            ("GET", "/metrics", {"X-Forwarded-For": "203.0.113.9"}, None, "forbidden"),
        ],
        ("GET", "/"): [("POST", "/", {}, b"", "invalid"), ("GET", "/nothing-here", {}, None, "not_found")],
        ("GET", "/groups"): [
            ("POST", "/groups", mine, b"", "invalid"),
            ("DELETE", "/groups", {}, None, "invalid"),
            ("GET", "/groups/anything", {}, None, "not_found"),
        ],
        ("GET", f"/g/{G}/{{view}}"): [
            ("GET", f"/g/{gid}/admin", {}, None, "not_found"),
            ("GET", "/g/AB/member", {}, None, "not_found"),
            ("POST", f"/g/{gid}/member", {}, b"", "invalid"),
        ],
        ("GET", f"/api/groups/{G}/summary"): facilitator_only("GET", f"{api}/summary"),
        ("GET", f"/api/groups/{G}/export"): facilitator_only("GET", f"{api}/export"),
        ("DELETE", f"/api/groups/{G}"): [
            *facilitator_only("DELETE", api),
            ("PATCH", api, fac, None, "invalid"),
            ("DELETE", api, {**fac, "Origin": "https://evil.example"}, None, "forbidden"),
            ("DELETE", api, {**fac, "Sec-Fetch-Site": "cross-site"}, None, "forbidden"),
        ],
        ("GET", f"/api/groups/{G}/feedback/course"): facilitator_only("GET", f"{api}/feedback/course"),
        ("GET", f"/api/groups/{G}/feedback/course.csv"): facilitator_only(
            "GET", f"{api}/feedback/course.csv"
        ),
        ("GET", f"/api/groups/{G}/feedback/chart/{KEY}.svg"): [
            *facilitator_only("GET", f"{api}/feedback/chart/respected.svg"),
            ("GET", f"{api}/feedback/chart/no-such-prompt.svg", fac, None, "not_found"),
        ],
        ("GET", f"/api/groups/{G}/selfreport.csv"): facilitator_only("GET", f"{api}/selfreport.csv"),
        ("GET", "/api/instruments"): [("POST", "/api/instruments", {}, b"", "invalid")],
        ("GET", "/ws"): [
            ("GET", "/ws", {}, None, "invalid"),  # no upgrade
            ("GET", "/ws", {"Origin": "https://evil.example"}, None, "forbidden"),
        ],
        ("GET", "/overlay/{path}"): [
            ("GET", "/overlay/no-such-module.js", {}, None, "not_found"),
            ("POST", "/overlay/core/page.js", {}, b"", "invalid"),
        ],
        ("GET", "/static/{path}"): [
            ("GET", "/static/%2E%2E/server/app.py", {}, None, "not_found"),
            ("GET", "/static/nothing.css", {}, None, "not_found"),
        ],
    }


def routes(server: TestServer) -> set[tuple[str, str]]:
    found = set()
    for route in app_of(server).router.routes():
        if route.method == "HEAD":
            continue  # aiohttp adds one beside every GET
        found.add((route.method, route.resource.canonical if route.resource else ""))
    return found


async def test_every_route_is_walked(server, group) -> None:
    assert routes(server) == set(cases(group))


async def test_every_error_path_answers_the_one_body(base_url, group) -> None:
    seen_codes = set()
    async with aiohttp.ClientSession() as http:
        for walk in cases(group).values():
            for method, path, headers, body, code in walk:
                async with http.request(method, base_url + path, headers=headers, data=body) as r:
                    raw = await r.read()
                    where = f"{method} {path}"
                    assert r.content_type == "application/json", where
                    out = await r.json()
                assert set(out) == {"error"}, where
                assert set(out["error"]) == {"code", "message"}, where
                assert out["error"]["code"] == code, (where, out)
                assert isinstance(out["error"]["message"], str) and len(out["error"]["message"]) > 10
                # HTTP says more than the code only for a method or media type it does not take.
                assert r.status in (protocol.HTTP_STATUS[code], 405, 415), (where, r.status)
                assert b"Traceback" not in raw
                seen_codes.add(code)
    assert seen_codes <= set(protocol.ERROR_CODES)


async def test_every_code_has_a_status_and_a_description() -> None:
    assert set(protocol.HTTP_STATUS) == set(protocol.ERROR_CODES)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (protocol.Failure("too_large", "That message is larger than 16 KiB."), "too_large"),
        (ValueError("a bug"), "internal"),
        (KeyError("x"), "internal"),
    ],
)
def test_failure_maps_anything_to_a_documented_code(exc: Exception, code: str) -> None:
    got, message = protocol.failure(exc)
    assert got == code and message
