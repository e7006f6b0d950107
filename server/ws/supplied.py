"""Arguments the server supplies to a command, and the reply a command gives its sender.

A command declares the arguments that must come from the server (`supplied=` when it
registers): a new card's random key, the sender's ballot *holder*. Whatever a client put in
them is replaced here. The holder is derived from the member's link secret at hello and kept
on the connection in memory only; the document never sees the secret or the holder.

Nothing here logs: a ballot, a nonce or a holder in a log line could tie an answer to a member.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import msgspec

from .. import protocol
from ..domain import COMMANDS
from ..store import Store
from .connection import Connection

SUPPLIERS: dict[str, Callable[[Connection], str]] = {
    "key": lambda _conn: secrets.token_hex(16),  # randomness, not the sender
    "holder": lambda conn: conn.holder or "",
}


def supply(conn: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
    spec = COMMANDS.get(name)
    if spec is None or not spec.supplied:
        return args
    return {**args, **{arg: SUPPLIERS[arg](conn) for arg in spec.supplied}}


async def reply(store: Store, conn: Connection, name: str, args: dict[str, Any]) -> None:
    """Send the command's reply (if it has one) to this socket only; also after a repeat."""
    spec = COMMANDS.get(name)
    if spec is None or spec.reply is None:
        return
    doc = await store.load(conn.group_id)
    if doc is None:
        return
    message = spec.reply(doc, msgspec.convert(args, spec.args, strict=True))
    if message is not None:
        conn.send(protocol.encode(message))
