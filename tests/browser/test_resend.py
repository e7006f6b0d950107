"""A command whose ack is lost with the socket is re-sent with the same id and applied once.

The page's websocket is routed through the test (Playwright's route_web_socket) to the real
server. The first `segment.next` reaches the server and is applied, but its ack is held back
and the socket is cut, as if the network failed at that instant. The page reconnects by
itself and re-sends the command with the same id; the server acknowledges it without
applying it again.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import WebSocketRoute, expect

from tests.browser.conftest import Pages, ServerProcess, create_group

pytestmark = pytest.mark.browser


def test_lost_ack_resend_same_id_applies_once(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url)
    member = pages.open(group["links"]["members"][0]["url"], width=360)
    console = pages.open("")
    sent: list[dict[str, object]] = []  # every cmd frame the page sent, in order
    acks: list[dict[str, object]] = []  # every ack the page was given
    cut = {"done": False}

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame["type"] == "cmd":
                sent.append(frame)
            server.send(message)

        def from_server(message: str | bytes) -> None:
            frame = json.loads(message)
            is_next = bool(sent) and frame.get("id") == sent[-1]["id"] and sent[-1]["name"] == "segment.next"
            if frame["type"] == "ack" and is_next and not cut["done"]:
                cut["done"] = True  # applied on the server; the page never hears of it
                server.close()
                ws.close(code=1001, reason="network gone")
                return
            if frame["type"] == "ack":
                acks.append(frame)
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)

    console.route_web_socket(re.compile(r"/ws$"), route)
    console.goto(group["links"]["facilitator"])
    console.get_by_role("button", name="Start session 1").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Grounding meditation")

    console.get_by_role("button", name="Next", exact=True).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")

    # The page reconnects, says hello again and re-sends the unacknowledged command.
    def retry_acked() -> bool:
        return cut["done"] and any(a["id"] == sent[-1]["id"] for a in acks)

    deadline = time.monotonic() + 15
    while not retry_acked() and time.monotonic() < deadline:
        console.wait_for_timeout(50)  # lets Playwright deliver the routed frames to `route`
    assert retry_acked(), (sent, acks)
    nexts = [f for f in sent if f["name"] == "segment.next"]
    assert len(nexts) == 2 and nexts[0]["id"] == nexts[1]["id"], sent
    assert nexts[0]["args"] == nexts[1]["args"] == {"from_index": 0}
    retry_ack = next(a for a in acks if a["id"] == nexts[0]["id"])
    assert retry_ack["changed"] is False
    expect(console.get_by_role("status")).to_have_text("")
    # Applied once: still the second segment, and the console shows no error.
    expect(member.get_by_text("Segment 2 of 5")).to_be_visible()
    expect(console.get_by_role("alert")).to_have_text("")
