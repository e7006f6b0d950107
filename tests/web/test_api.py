"""The REST API: creating groups, and one error body for every failure."""

import io
import json
import re
from typing import get_args

import aiohttp
import pytest

from server.domain import REFERENCE_AGENDA
from server.domain.document import SegmentKind
from tests.support.datadir import stored_text

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


async def post(base_url: str, body: str, path: str = "/api/groups") -> tuple[int, dict]:
    data = io.BytesIO(body.encode())
    async with aiohttp.ClientSession() as http, http.post(f"{base_url}{path}", data=data) as r:
        return r.status, await r.json(content_type=None)


async def test_create_group_gives_every_link_once(base_url) -> None:
    body = {"name": "Tuesday", "members": ["Ann", "Bo"], "sessions": 12}
    status, out = await post(base_url, json.dumps(body))
    assert status == 201
    links = out["links"]
    urls = [links["facilitator"], links["cofacilitator"], links["display"]]
    urls += [m["url"] for m in links["members"]]
    assert len(set(urls)) == 5
    for url in urls:
        path, token = url.split("#t=")
        assert path.startswith(f"{base_url}/g/{out['group_id']}/")
        assert token.startswith(out["group_id"] + ".") and len(token.split(".")[1]) >= 22
    assert [m["name"] for m in links["members"]] == ["Ann", "Bo"]


async def test_tokens_are_stored_only_as_hashes(base_url, settings) -> None:
    status, out = await post(base_url, json.dumps({"name": "T", "members": ["Ann"]}))
    assert status == 201
    stored = stored_text(settings.data_dir)
    secret = out["links"]["members"][0]["url"].split("#t=")[1].split(".")[1]
    assert secret not in stored and "Ann" in stored


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("not json", 400, "invalid"),
        ("[]", 400, "invalid"),
        ('{"name": "T"}', 400, "invalid"),
        ('{"name": "T", "members": ["A"], "colour": 1}', 400, "invalid"),
        ('{"name": "T", "members": ["A"], "sessions": "8"}', 400, "invalid"),
        ('{"name": "T", "members": ["A"], "sessions": -1}', 400, "invalid"),
        ('{"name": "T", "members": ["A", "a"]}', 400, "invalid"),
        ('{"name": "T", "members": ["\\u200b\\u200b"]}', 400, "invalid"),
        ('{"name": "T", "members": ["Ann\\u202eoB"]}', 400, "invalid"),
        ('{"name": "\\u3164", "members": ["Ann"]}', 400, "invalid"),
        ('{"name": "T", "members": ["A"], "agenda": [{"title": "X", "minutes": -5}]}', 400, "invalid"),
        (
            json.dumps({"name": "T", "members": ["A"], "agenda": [{"title": "X", "minutes": 1}] * 10_000}),
            413,
            "too_large",
        ),
        (json.dumps({"name": "n" * 5_000_000, "members": ["A"]}), 413, "too_large"),
    ],
)
async def test_bad_groups_get_one_error_shape(base_url, body, status, code) -> None:
    got_status, out = await post(base_url, body)
    assert got_status == status
    assert set(out) == {"error"} and set(out["error"]) == {"code", "message"}
    assert out["error"]["code"] == code and len(out["error"]["message"]) > 10


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/groups", 401), ("POST", "/api/nothing", 404), ("DELETE", "/api/groups", 405)],
)
async def test_every_api_error_has_the_canonical_body(base_url, method, path, status) -> None:
    async with aiohttp.ClientSession() as http, http.request(method, f"{base_url}{path}") as r:
        assert r.status == status
        out = await r.json()
    assert set(out) == {"error"} and set(out["error"]) == {"code", "message"}


@pytest.mark.parametrize(
    "path", ["/", "/groups", "/g/abcdef0123/member", "/g/abcdef0123/console", "/g/abcdef0123/display"]
)
async def test_pages_carry_the_headers_zoom_requires(base_url, path) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}{path}") as r:
        assert r.status == 200
        for header in SECURITY_HEADERS:
            assert header in r.headers
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in r.headers  # only over TLS


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nothing-here", 404),  # aiohttp's own refusal, given our body
        ("DELETE", "/", 405),
        ("POST", "/api/groups", 400),  # a handler's refusal
        ("GET", "/ws", 400),  # the socket route answers its own refusals (web/edge.py)
        ("GET", "/overlay/core/clock.js", 200),
    ],
)
async def test_errors_and_assets_carry_the_security_headers(base_url, method, path, status) -> None:
    async with aiohttp.ClientSession() as http, http.request(method, f"{base_url}{path}") as r:
        assert r.status == status
        for header in SECURITY_HEADERS:
            assert header in r.headers, (path, header)
        assert r.headers["Server"] == "Holdspace"


@pytest.mark.parametrize("path", ["/g/../etc/passwd", "/g/abc/member", "/g/abcdef0123/admin"])
async def test_unknown_pages_are_404(base_url, path) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}{path}") as r:
        assert r.status == 404


async def test_hsts_when_served_over_tls_behind_a_proxy(base_url) -> None:
    headers = {"X-Forwarded-Proto": "https"}
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}/", headers=headers) as r:
        assert r.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_health_and_metrics(base_url, group, connect) -> None:
    fac = await connect(group["links"]["facilitator"])
    ann = await connect(group["links"]["members"][0]["url"])
    await fac.cmd("agenda.rename", {"segment_id": "s1", "title": "Arriving"})  # the console's alone
    await ann.sync()
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base_url}/healthz") as r:
            assert r.status == 200 and (await r.json())["ok"] is True
        async with http.get(f"{base_url}/metrics") as r:
            text = await r.text()
    assert "holdspace_sockets 2" in text and "holdspace_groups_active 1" in text
    # State frames by role: the console's first, Ann's presence, the rename; Ann's first only.
    assert len(fac.states()) == 3 and len(ann.states()) == 1
    assert 'holdspace_frames_total{role="facilitator"} 3' in text
    assert 'holdspace_frames_total{role="member"} 1' in text
    assert 'holdspace_frames_total{role="display"} 0' in text


async def test_the_start_page_offers_every_segment_kind_and_shows_each_reference_segments_own(
    base_url,
) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}/") as r:
        html = await r.text()
    rows = re.findall(r'<select name="kind">(.*?)</select>', html, re.S)
    assert len(rows) == len(REFERENCE_AGENDA)
    for row, spec in zip(rows, REFERENCE_AGENDA, strict=True):
        assert set(re.findall(r'<option value="([a-z]+)"', row)) == set(get_args(SegmentKind))
        # A kind the page did not offer would fall back to the first option, silently.
        assert re.findall(r'<option value="([a-z]+)" selected', row) == [spec.kind]
