"""Kept, the bounded table of things many groups have alike: at most `size` values, the ones used
last stay, the first key object held stays the key, and `dropped` hears of every value let go."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.domain import Kept


@given(st.integers(1, 5), st.lists(st.integers(0, 8), max_size=60))
def test_kept_is_a_bounded_table_whose_last_used_stay(size: int, uses: list[int]) -> None:
    dropped: list[str] = []
    kept: Kept[int, str] = Kept(size, dropped.append)
    model: list[int] = []  # keys, the one used last at the end
    for n, key in enumerate(uses):
        value = f"{key}@{n}"
        held = kept.hold(key, value)
        if key in model:
            model.remove(key)
            assert held != value and held.startswith(f"{key}@")  # the value first held
        else:
            assert held == value
            if len(model) == size:
                gone = model.pop(0)
                assert dropped[-1].startswith(f"{gone}@")
        model.append(key)
        assert len(kept) == len(model) <= size
    assert sorted(k for k in range(9) if kept.get(k) is not None) == sorted(model)


def test_the_first_key_object_stays_the_key() -> None:
    first, later = bytes(bytearray(b"piece")), bytes(bytearray(b"piece"))
    kept: Kept[bytes, bytes] = Kept(4)
    assert kept.hold(first, first) is first
    assert kept.hold(later, later) is first
    assert next(iter(kept._held)) is first
