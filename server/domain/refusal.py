"""The two ways a command can fail to change a group."""

from __future__ import annotations

# The wire error codes that a domain refusal may carry. The transport adds its own
# (rate_limited, too_large, unauthorized, unavailable); protocol.py owns the full list.
INVALID = "invalid"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
CONFLICT = "conflict"


class Refused(Exception):
    """The command is not allowed now; `message` is a sentence for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Unchanged(Exception):
    """The command is already satisfied (a retry or a racing twin): acknowledge, commit nothing."""
