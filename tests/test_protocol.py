"""server/protocol.py: encodings held beyond one send."""

from __future__ import annotations

import sys

from server import protocol
from tests.support.traced import traced


def test_an_encoding_kept_holds_just_its_bytes() -> None:
    """msgspec hands back its output buffer as it grew; what the hub keeps per member for the
    group's life (a private view) is cut to its bytes."""
    unused = 0
    for n in range(0, 3000, 97):
        message = {"text": "x" * n, "numbers": list(range(n // 50))}
        kept, held = traced(lambda message=message: protocol.encode_kept(message))
        assert kept == protocol.encode(message)
        unused += held - sys.getsizeof(kept)
    assert unused == 0
