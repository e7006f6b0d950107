"""Scoring against the published bands, at every boundary; and properties of any answers."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import INSTRUMENTS
from server.domain.selfreport.scoring import band, direction, reliable, score

PHQ9, GAD7 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"]

# Kroenke et al. 2001: 0-4, 5-9, 10-14, 15-19, 20-27.
PHQ9_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "moderately_severe"),
    (19, "moderately_severe"),
    (20, "severe"),
    (27, "severe"),
]
# Spitzer et al. 2006: 0-4, 5-9, 10-14, 15-21.
GAD7_BOUNDARIES = [
    (0, "minimal"),
    (4, "minimal"),
    (5, "mild"),
    (9, "mild"),
    (10, "moderate"),
    (14, "moderate"),
    (15, "severe"),
    (21, "severe"),
]


def vector(total: int, items: int) -> list[int | None]:
    """Answers adding up to `total`, spread as evenly as the items allow."""
    base, extra = divmod(total, items)
    return [base + (1 if i < extra else 0) for i in range(items)]


@pytest.mark.parametrize(("total", "expected"), PHQ9_BOUNDARIES)
def test_phq9_bands_at_every_boundary(total: int, expected: str) -> None:
    assert band(PHQ9, total) == expected
    assert score(PHQ9, vector(total, 9)) == (total, expected, 0)


@pytest.mark.parametrize(("total", "expected"), GAD7_BOUNDARIES)
def test_gad7_bands_at_every_boundary(total: int, expected: str) -> None:
    assert band(GAD7, total) == expected
    assert score(GAD7, vector(total, 7)) == (total, expected, 0)


@pytest.mark.parametrize(("instrument", "top"), [(PHQ9, 27), (GAD7, 21)])
def test_a_total_beyond_the_scale_has_no_band(instrument, top: int) -> None:
    assert instrument.max_score == top
    for outside in (-1, top + 1):
        with pytest.raises(ValueError):
            band(instrument, outside)


@pytest.mark.parametrize(("instrument", "threshold"), [(PHQ9, 5), (GAD7, 4)])
def test_reliable_change_starts_exactly_at_the_published_criterion(instrument, threshold: int) -> None:
    assert reliable(instrument, threshold) == "deteriorated"
    assert reliable(instrument, threshold - 1) is None
    assert reliable(instrument, -threshold) == "improved"
    assert reliable(instrument, -(threshold - 1)) is None
    assert reliable(instrument, 0) is None


def test_one_skipped_item_still_scores_and_two_do_not() -> None:
    answers: list[int | None] = [3, 3, 3, 3, 3, 3, 3, 3, None]
    assert score(PHQ9, answers) == (24, "severe", 1)
    assert score(PHQ9, [None, *answers[1:]]) == (None, None, 2)
    assert score(GAD7, [None] * 7) == (None, None, 7)


def test_direction_words() -> None:
    assert (direction(-1), direction(0), direction(2)) == ("lower", "same", "higher")


def answers_for(instrument):
    return st.lists(st.none() | st.integers(0, 3), min_size=instrument.items, max_size=instrument.items)


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=["phq9", "gad7"])
def test_the_bands_cover_the_scale_without_gaps(instrument) -> None:
    bands = instrument.bands
    assert bands[0].low == 0 and bands[-1].high == instrument.max_score
    for before, after in itertools.pairwise(bands):
        assert after.low == before.high + 1


@given(st.data())
def test_any_answers_score_as_the_sum_of_those_given(data) -> None:
    instrument = data.draw(st.sampled_from([PHQ9, GAD7]))
    answers = data.draw(answers_for(instrument))
    total, severity, skipped = score(instrument, answers)
    assert skipped == answers.count(None)
    if skipped > 1:
        assert total is None and severity is None
    else:
        assert total == sum(a for a in answers if a is not None)
        assert 0 <= total <= instrument.max_score
        assert severity == band(instrument, total)


@given(st.sampled_from([PHQ9, GAD7]), st.data())
def test_bands_never_go_down_as_the_total_goes_up(instrument, data) -> None:
    order = [b.key for b in instrument.bands]
    low = data.draw(st.integers(0, instrument.max_score))
    high = data.draw(st.integers(low, instrument.max_score))
    assert order.index(band(instrument, low)) <= order.index(band(instrument, high))


@given(st.data())
def test_skipping_one_item_never_raises_the_total(data) -> None:
    instrument = data.draw(st.sampled_from([PHQ9, GAD7]))
    filled = data.draw(st.lists(st.integers(0, 3), min_size=instrument.items, max_size=instrument.items))
    skip = data.draw(st.integers(0, instrument.items - 1))
    answers: list[int | None] = [None if i == skip else a for i, a in enumerate(filled)]
    full, partial = score(instrument, filled).total, score(instrument, answers).total
    assert full is not None and partial is not None
    assert full - 3 <= partial <= full
