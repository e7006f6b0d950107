"""The two ways a command can fail to change a group, and the sentence a refusal carries.

A refusal's sentence is a message id of the server's catalogs (server/i18n/) with `{name}`
placeholders, and its parameters beside it: the edge (`protocol.failure`) says it in the
reader's language. The domain translates nothing; `message` is the English, for logs, the
operator's CLI and tests. Write each message as a literal at the `Refused(...)` call, so
extraction finds it (tests/test_i18n.py checks that no call passes anything else).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

# The wire error codes that a domain refusal may carry. The transport adds its own
# (rate_limited, too_large, unauthorized, unavailable); protocol.py owns the full list.
INVALID = "invalid"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
CONFLICT = "conflict"


class Plural(NamedTuple):
    """A sentence whose words follow a number: English's singular and plural; the number is
    the parameter `n`, and each language picks its own form (CLDR's rules) at the edge."""

    one: str
    other: str


class Phrase(str):
    """Words of the catalogs placed inside another message (the name of the text being
    refused: "group name"); the edge translates them with the sentence."""


Message = str | Plural


def english(message: Message, params: Mapping[str, Any]) -> str:
    """The message in English (its id), placeholders filled; a list of words joined by commas."""
    if isinstance(message, Plural):
        message = message.one if params["n"] == 1 else message.other
    if not params:
        return message
    values = {k: ", ".join(v) if isinstance(v, tuple | list) else v for k, v in params.items()}
    return message.format(**values)


class Refusal(Exception):
    """An error code and a sentence for a person: `msgid` and `params` are what the edge
    translates, `message` is the English. The domain's `Refused` and the edge's `Failure`
    (server/protocol.py) are reported alike."""

    def __init__(self, code: str, message: Message, /, **params: Any) -> None:
        self.code = code
        self.msgid = message
        self.params = params
        self.message = english(message, params)
        super().__init__(self.message)


class Refused(Refusal):
    """The command is not allowed now."""


class Unchanged(Exception):
    """The command is already satisfied (a retry or a racing twin): acknowledge, commit nothing."""
