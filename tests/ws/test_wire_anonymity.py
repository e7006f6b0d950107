"""Anonymity on the wire, embedded store (tests/support/wire_audit.py says what is checked):
answers and signals reach no member's or the display's socket, not even as a frame, and the
console never sees a running count."""

from __future__ import annotations

from typing import Any

from tests.support.client import Client, create_group
from tests.support.wire_audit import NAMES, play


async def test_answers_and_signals_send_members_and_the_display_no_frame(base_url, connect) -> None:  # type: ignore[no-untyped-def]
    course = await create_group(base_url, members=NAMES)

    async def on_server(link: str, _role: str) -> Client:
        client: Client = await connect(link)
        return client

    result: dict[str, Any] = await play(course, on_server)
    assert result["facilitator frames"] == 3
