"""A facilitator key: what the operator's `holdspace key add` stores about a clinician.

Only a hash of the key's secret is kept. Each record carries the number of the format it was
written in (`format`), like groups do: a build refuses records of a newer format instead of
misreading them. Format 1 is the first.
"""

from __future__ import annotations

import re

import msgspec

from .format import NewerFormat

KEY_FORMAT = 1
MAX_KEY_NAME = 80
KEY_ID = re.compile(r"^k[0-9a-f]{10}$")


class FacilitatorKey(msgspec.Struct, kw_only=True):
    format: int = KEY_FORMAT
    id: str
    # Whose key it is, as the operator typed it (shown by `holdspace key list`).
    name: str
    # sha256 of the secret, hex.
    hash: str
    created_at: int
    revoked_at: int | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class _Head(msgspec.Struct):
    format: int = KEY_FORMAT


_head = msgspec.json.Decoder(_Head)
_decoder = msgspec.json.Decoder(FacilitatorKey)
_encoder = msgspec.json.Encoder()


def encode_key(key: FacilitatorKey) -> bytes:
    return _encoder.encode(key)


def load_key(data: bytes | str) -> FacilitatorKey:
    """The key record in `data`; NewerFormat if a newer release wrote it, DecodeError if unreadable."""
    found = _head.decode(data).format
    if found > KEY_FORMAT:
        raise NewerFormat(found)
    return _decoder.decode(data)
