"""Bad input over the socket: a clear error, nothing changes, everyone else is still served."""

import contextlib
import json

import pytest
import websockets

from tests.support.client import Client

FRAMES = [
    ("{not json", "invalid"),
    ("[]", "invalid"),
    ('{"type":"dance"}', "invalid"),
    ('{"type":"cmd","name":"session.start"}', "invalid"),
    ('{"type":"cmd","id":"","name":"session.start","args":{}}', "invalid"),
    ('{"type":"cmd","id":"c","name":"session.start","args":[]}', "invalid"),
    ('{"type":"ping","t0":"noon"}', "invalid"),
    (json.dumps({"type": "cmd", "id": "c", "name": "x", "args": {"pad": "y" * 17_000}}), "too_large"),
    # Nested 1,200 deep (2.4 KB): msgspec's recursion gave out here, a traceback per frame.
    ('{"type":"cmd","id":"c","name":"x","args":{"a":' + "[" * 1200 + "]" * 1200 + "}}", "invalid"),
    ("[" * 1200, "invalid"),
    ('{"a":' * 33 + "1" + "}" * 33, "invalid"),
]


@pytest.mark.parametrize(("frame", "code"), FRAMES)
async def test_malformed_frames_get_a_clear_error(group, connect, frame, code) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    version = fac.state["version"] if fac.state else 0
    await fac.ws.send(frame)
    err = await fac.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == code and len(err["message"]) > 10
    # Still connected and served.
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack" and ack["version"] == version + 1


async def test_deep_json_before_hello_is_answered_and_the_socket_lives_on(group, connect) -> None:
    page: Client = await connect(None, hello=False)
    deep = '{"type":"cmd","id":"c","name":"x","args":{"a":' + "[" * 1200 + "]" * 1200 + "}}"
    for _ in range(5):
        await page.ws.send(deep)
    await page.wait_for(lambda _: len([x for x in page.messages if x.get("code") == "invalid"]) == 5)
    assert all("32 levels" in m["message"] for m in page.messages)
    await page.send({"type": "hello", "token": group["links"]["display"].split("#t=")[1]})
    await page.wait_for(lambda m: m["type"] == "state")


async def test_nesting_up_to_the_limit_is_read(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    nested: object = 1
    for _ in range(29):
        nested = [nested]
    err = await fac.cmd("session.start", {"number": nested})
    assert err["code"] == "invalid" and "arguments of session.start" in err["message"]


@pytest.mark.parametrize(
    ("name", "args", "code"),
    [
        ("segment.fly", {}, "invalid"),
        ("session.start", {}, "invalid"),
        ("session.start", {"number": "1"}, "invalid"),
        ("session.start", {"number": 1, "extra": 2}, "invalid"),
        ("segment.adjust", {"index": 0, "delta_ms": -999_999_999}, "invalid"),
        ("agenda.add", {"title": "Break", "minutes": -5}, "invalid"),
        ("agenda.add", {"title": "x" * 15_000, "minutes": 5}, "invalid"),
        ("agenda.add", {"title": "Break\u202e", "minutes": 5}, "invalid"),
        ("agenda.rename", {"segment_id": "s1", "title": "\u200b\u200b"}, "invalid"),
        ("agreements.set", {"items": ["Be on time", "Sh\u2066h"]}, "invalid"),
        ("agenda.remove", {"segment_id": "nope"}, "not_found"),
        ("segment.pause", {"index": 0}, "conflict"),
    ],
)
async def test_bad_commands_change_nothing(group, connect, name, args, code) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    ann: Client = await connect(group["links"]["members"][0]["url"])
    before = await fac.wait_for(lambda m: m["type"] == "state" and m["presence"] == ["m1"])
    seen = len(ann.states())
    err = await fac.cmd(name, args)
    assert err["type"] == "error" and err["code"] == code, err
    ok = await fac.cmd("agenda.rename", {"segment_id": "s1", "title": "Arriving"})
    # The refusal sent nobody a frame: the facilitator's next frame is the good command's ...
    assert ok["version"] == before["version"] + 1
    renamed = await fac.state_at(ok["version"])
    assert renamed["view"]["template"][0]["title"] == "Arriving"
    assert renamed["view"]["session"] == before["view"]["session"]
    # ... and a member, who sees no template, got nothing at all.
    await ann.sync()
    assert len(ann.states()) == seen


async def test_binary_frames_are_refused(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.ws.send(b"\x00\x01")
    err = await fac.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "invalid"


async def test_a_5mb_frame_closes_only_that_socket(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"], max_size=None)
    ann: Client = await connect(group["links"]["members"][0]["url"])
    big = json.dumps({"type": "cmd", "id": "c", "name": "agenda.rename", "args": {"title": "n" * 5_000_000}})
    with contextlib.suppress(websockets.ConnectionClosed):
        await fac.ws.send(big)
    assert await fac.closed() == 1009  # "message too big"
    co: Client = await connect(group["links"]["cofacilitator"])
    ack = await co.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack"
    await ann.wait_view(lambda v: v["session"] is not None)
