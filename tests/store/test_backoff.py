"""The reconnect schedule: immediate first retry, then growing, never beyond the cap."""

from hypothesis import given
from hypothesis import strategies as st

from server.store.backoff import Backoff

attempts = st.integers(min_value=0, max_value=10_000)
rands = st.floats(min_value=0.0, max_value=1.0, exclude_max=True)


def test_the_first_retry_is_immediate() -> None:
    assert Backoff().delay(0, 0.7) == 0.0


@given(attempts, rands)
def test_never_longer_than_the_cap(attempt: int, rand: float) -> None:
    backoff = Backoff(base=0.1, cap=5.0)
    assert 0.0 <= backoff.delay(attempt, rand) <= 5.0


@given(attempts, rands, rands)
def test_later_retries_never_wait_less_at_worst_than_earlier_ones_at_best(
    attempt: int, early: float, late: float
) -> None:
    backoff = Backoff(base=0.1, cap=5.0)
    # Equal jitter: the window of attempt n+1 starts where n's ceiling was halved, so the
    # schedule grows even with unlucky draws, until the cap.
    assert backoff.delay(attempt + 1, late) >= backoff.delay(attempt, early) / 2


def test_it_grows_then_holds_at_the_cap() -> None:
    backoff = Backoff(base=0.1, cap=5.0)
    highs = [backoff.delay(n, 0.999999) for n in range(1, 12)]
    assert highs == sorted(highs)
    assert highs[0] < 0.11 and highs[-1] > 4.99
