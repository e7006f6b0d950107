"""No client input ever raises: whatever a frame holds -- random text and bytes, JSON of any
shape, envelopes with wrong fields, nesting thousands deep, huge numbers -- the answer is a
message or an error with a documented code, the socket either lives on or is closed with a
documented code, and the server logs no traceback.

The decoder is fuzzed on its own (fast, many examples), then the endpoint's read path over
real sockets to a real server (fewer examples: each one opens sockets)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import websockets
from aiohttp.test_utils import TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import protocol
from server.app import create_app
from server.config import Settings
from server.domain import COMMANDS
from tests.support.client import create_group, token_of

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def deep(n: int, opener: str) -> str:
    closer = {"[": "]", "{": "}"}[opener]
    inner = (opener + ('"k":' if opener == "{" else "")) * n + "1" + closer * n
    return '{"type":"cmd","id":"a","name":"b","args":{"x":' + inner + "}}"


ENVELOPES = st.fixed_dictionaries(
    {"type": st.sampled_from(["hello", "cmd", "ping", "pong", "state", ""])},
    optional={
        "id": JSON,
        "name": st.sampled_from(sorted(COMMANDS)) | st.text(max_size=70),
        "args": JSON,
        "token": JSON,
        "t0": JSON,
    },
).map(json.dumps)
FRAMES = st.one_of(
    TEXT,
    JSON.map(json.dumps),
    ENVELOPES,
    st.builds(deep, st.integers(1, 3000), st.sampled_from("[{")),
    st.integers(1, 3000).map(lambda n: "[" * n),
    st.integers(1, 20_000).map(lambda n: '{"type":"ping","t0":' + "9" * n + "}"),
    st.integers(1, 6000).map(lambda n: '{"type":"hello","token":"' + "a" * n + '"}'),
    st.binary(max_size=200),
)
SERVER_MESSAGES = {"welcome", "state", "pong", "ack", "error", "ballot"}
CLOSE_CODES = {1000, 1001, 1008, 1009, 1013}


@given(FRAMES)
@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_the_decoder_reads_a_message_or_refuses_with_a_documented_code(frame: str | bytes) -> None:
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    try:
        message = protocol.decode(text)
    except protocol.Failure as refusal:
        assert refusal.code in protocol.ERROR_CODES and refusal.message
        return
    assert isinstance(message, protocol.Hello | protocol.Cmd | protocol.Ping)


class Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)


class Background:
    """A real server on a real port, run by an event loop in a thread of its own, so that
    hypothesis (which drives plain functions) can talk to it example after example."""

    def __init__(self, tmp: Any) -> None:
        # Budgets large enough that the examples exercise reading, not the limiter.
        self.settings = dataclasses.replace(
            Settings(data_dir=tmp / "data"), ping_burst=1e6, command_burst=1e6, sockets_per_link=1000
        )
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = TestServer(create_app(self.settings), host="127.0.0.1")
        self.run(self.server.start_server())
        self.url = str(self.server.make_url("")).rstrip("/")

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(60)

    def close(self) -> None:
        self.run(self.server.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="module")
def background(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Background, Tracebacks]]:
    caught = Tracebacks()
    logging.getLogger().addHandler(caught)
    srv = Background(tmp_path_factory.mktemp("fuzz"))
    try:
        yield srv, caught
    finally:
        srv.close()
        logging.getLogger().removeHandler(caught)


async def exchange(
    url: str, token: str | None, frames: list[str | bytes]
) -> tuple[list[dict[str, Any]], int | None]:
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/ws", compression=None, max_size=None
    ) as ws:
        if token is not None:
            await ws.send(json.dumps({"type": "hello", "token": token}))
        for frame in frames:
            await ws.send(frame)
        await ws.send('{"type":"ping","t0":-1}')  # the last answer, if the socket lives on
        received: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(10):
                async for raw in ws:
                    received.append(json.loads(raw))
                    if received[-1] == {"type": "pong", "t0": -1, "t1": received[-1].get("t1")}:
                        return received, None
        except websockets.ConnectionClosed:
            pass
        return received, ws.close_code


@pytest.mark.slow
def test_the_endpoint_answers_every_frame_and_never_raises(background: tuple[Background, Tracebacks]) -> None:
    srv, caught = background
    group = srv.run(create_group(srv.url, members=["Ann", "Bo"]))
    links = [None, token_of(group["links"]["facilitator"]), token_of(group["links"]["members"][0]["url"])]

    @given(st.sampled_from(links), st.lists(FRAMES, min_size=1, max_size=6))
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def one(token: str | None, frames: list[str | bytes]) -> None:
        received, closed = asyncio.run(exchange(srv.url, token, frames))
        for message in received:
            assert message["type"] in SERVER_MESSAGES, message
            if message["type"] == "error":
                assert message["code"] in protocol.ERROR_CODES and message["message"], message
        if closed is not None:
            # Only a hello with a bad token closes here (1008), or an over-large frame (1009).
            assert closed in CLOSE_CODES, (closed, received[-3:])
        assert not caught.records, [r.getMessage() for r in caught.records]

    one()
