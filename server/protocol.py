"""The wire envelope: client messages, server messages, error codes and frame limits.

Every server message is built here, so there is one shape for each; `failure()` is the one
place that turns a refusal or a failure into an error code and a sentence in the reader's
language, for a socket's `error` message and an HTTP error body alike.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec

from .domain import CONFLICT, DEFAULT_LANGUAGE, FORBIDDEN, INVALID, NOT_FOUND, Message, NewerFormat, Refusal
from .i18n import N_, sentence
from .store import StoreUnavailable, TooLarge, WriteFailed

__all__ = ["CONFLICT", "FORBIDDEN", "INVALID", "NOT_FOUND"]

RATE_LIMITED = "rate_limited"
TOO_LARGE = "too_large"
UNAUTHORIZED = "unauthorized"
UNAVAILABLE = "unavailable"
INTERNAL = "internal"

ERROR_CODES: dict[str, str] = {
    INVALID: "The message or its arguments are malformed or out of range.",
    FORBIDDEN: "Your role may not send this command.",
    NOT_FOUND: "The thing the command names does not exist (any more).",
    CONFLICT: "The group is not in a state where this command makes sense.",
    RATE_LIMITED: "Too many commands too quickly; wait a moment.",
    TOO_LARGE: "The frame is larger than 16 KiB.",
    UNAUTHORIZED: "Say hello with a valid link token before anything else.",
    UNAVAILABLE: "The store is out of reach; nothing was changed. Try again shortly.",
    INTERNAL: "The server failed unexpectedly; nothing was changed.",
}

# The HTTP status that carries each code.
HTTP_STATUS: dict[str, int] = {
    INVALID: 400,
    UNAUTHORIZED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    TOO_LARGE: 413,
    RATE_LIMITED: 429,
    INTERNAL: 500,
    UNAVAILABLE: 503,
}

UNAVAILABLE_TEXT = N_("The server cannot reach its store; nothing changed. Try again shortly.")
WRITE_FAILED_TEXT = N_("The server cannot save changes right now; nothing changed. Try again shortly.")
INTERNAL_TEXT = N_("Something went wrong on the server; nothing changed.")
STORE_FULL_TEXT = N_("That would make the group too large to store.")
NEWER_TEXT = N_("This group was saved by a newer version of Holdspace; this server cannot open it yet.")

MAX_FRAME = 16 * 1024
# JSON nested deeper than this is refused before it is decoded: msgspec decodes nesting by
# recursion, and ~1,200 levels (2 KB) exhausted it (RecursionError, a traceback per frame).
# Holdspace's own messages nest 4 levels deep.
MAX_DEPTH = 32
# Frames up to this size are read and answered with too_large; larger ones close the socket
# with 1009 before they are buffered whole.
MAX_READ = 1024 * 1024

CmdId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
CmdName = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# Longer tokens are not ours: refused as `unauthorized`, like any other bad token.
MAX_TOKEN = 200


class Hello(msgspec.Struct, tag="hello", forbid_unknown_fields=True):
    # Anything at all: whatever is not a well-formed token of a group is `unauthorized`,
    # never `invalid`, so a page learns the same thing from every bad link.
    token: Any = None
    # The page's language, for the sentences this socket is sent; anything Holdspace does not
    # ship is no error (the socket keeps the language its request asked for).
    lang: Any = None


class Cmd(msgspec.Struct, tag="cmd", forbid_unknown_fields=True):
    id: CmdId
    name: CmdName
    args: dict[str, Any] = msgspec.field(default_factory=dict)


class Ping(msgspec.Struct, tag="ping", forbid_unknown_fields=True):
    t0: float


ClientMessage = Hello | Cmd | Ping

_decoder = msgspec.json.Decoder(ClientMessage)
_encoder = msgspec.json.Encoder()


class Failure(Refusal):
    """A refusal at the edge (a frame, a request, a link)."""


class Limited(Failure):
    """`rate_limited`, and when to try again (HTTP answers it in `Retry-After`)."""

    def __init__(self, message: Message, retry_after: float, /, **params: Any) -> None:
        super().__init__(RATE_LIMITED, message, **params)
        self.retry_after = retry_after


def failure(exc: BaseException, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The code and sentence (in `lang`) any refusal or failure is reported with; `internal`
    for bugs."""
    if isinstance(exc, Refusal):
        return exc.code, sentence(lang, exc.msgid, exc.params)
    code, text = _fixed(exc)
    return code, sentence(lang, text, {})


def _fixed(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, WriteFailed):
        return UNAVAILABLE, WRITE_FAILED_TEXT
    if isinstance(exc, StoreUnavailable):
        return UNAVAILABLE, UNAVAILABLE_TEXT
    if isinstance(exc, NewerFormat):
        return UNAVAILABLE, NEWER_TEXT
    if isinstance(exc, TooLarge):
        return INVALID, STORE_FULL_TEXT
    return INTERNAL, INTERNAL_TEXT


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def depth(text: str) -> int:
    """How deeply `text`'s JSON nests (brackets inside strings do not count); cheap enough to
    run on every frame before decoding it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than it has brackets: no need to look closer
    deepest = level = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        level += 1 if bracket in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def check_depth(text: str) -> None:
    if depth(text) > MAX_DEPTH:
        raise Failure(INVALID, "That message nests more than {max} levels deep.", max=MAX_DEPTH)


def decode(frame: str) -> Hello | Cmd | Ping:
    """A client's frame, or Failure (`too_large`, `invalid`) -- never anything else."""
    if len(frame) > MAX_FRAME or len(frame.encode("utf-8", "surrogatepass")) > MAX_FRAME:
        raise Failure(TOO_LARGE, "That message is larger than {max} KiB.", max=MAX_FRAME // 1024)
    check_depth(frame)
    try:
        message: Hello | Cmd | Ping = _decoder.decode(frame)
        return message
    except msgspec.DecodeError as exc:
        raise Failure(INVALID, "That message could not be read: {detail}.", detail=str(exc)) from None
    except Exception:
        # Whatever a frame holds, its sender gets an answer and the socket lives on.
        raise Failure(INVALID, "That message could not be read.") from None


def encode(message: Any) -> bytes:
    return _encoder.encode(message)


def encode_kept(message: Any) -> bytes:
    """`encode(message)` for bytes held beyond one send: msgspec hands back its buffer as it grew,
    up to half of it unused, so this is an exact copy (the members' private views: 0.11 KB a socket)."""
    return bytes(memoryview(_encoder.encode(message)))


def welcome(role: str, member: str | None, group_id: str) -> bytes:
    return encode({"type": "welcome", "role": role, "member": member, "group": group_id})


def state(shared: bytes, me: bytes | None = None, presence: bytes | None = None) -> bytes:
    """A state frame around an already-encoded shared view (encoded once per role).

    It carries no version: a page counts the state frames its socket received (1, 2, 3, ...),
    and an ack's `version` is that count on the server's side, so every socket of a role can be
    sent the same bytes. `me` (a member's own part) is sent when it changed, else the page keeps
    the last one; `presence` (facilitators only) lists the members with a page open.
    """
    head = b'{"type":"state"'
    if me is not None:
        head += b',"me":' + me
    if presence is not None:
        head += b',"presence":' + presence
    return head + b',"view":' + shared + b"}"


def ack(cmd_id: str, frame: int, changed: bool) -> bytes:
    """`frame`: the count of state frames already sent on this socket (the page's own count of
    state frames received, once this one's frames are in)."""
    return encode({"type": "ack", "id": cmd_id, "version": frame, "changed": changed})


def error(cmd_id: str | None, code: str, message: str) -> bytes:
    return encode({"type": "error", "id": cmd_id, "code": code, "message": message})


def error_body(code: str, message: str) -> bytes:
    """The body of every HTTP error response."""
    return encode({"error": {"code": code, "message": message}})


def pong(t0: float, t1: int) -> bytes:
    return encode({"type": "pong", "t0": t0, "t1": t1})
