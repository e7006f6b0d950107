"""The group's default language, and which words views flag as built in (so each reader's page
shows them in the reader's language) — docs/translating.md."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import Refused, Unchanged, apply, shared_view
from server.domain.document import DEFAULT_AGREEMENTS, LANGUAGES, builtin_library, load
from server.domain.document.format import MIGRATIONS
from server.domain.feedback.builtin import builtin_item, builtin_prompt, builtin_title
from server.domain.feedback.course import course
from tests.support.course_kit import run
from tests.support.domain_kit import DISPLAY, FAC, MEM, T0, group
from tests.support.feedback_kit import open_card

BUILTIN_IDS = [i.id for i in builtin_library()]


def test_a_group_starts_in_english_and_a_facilitator_sets_its_default() -> None:
    doc = group()
    assert doc.language == "en"
    for role in ("facilitator", "member", "display"):
        assert shared_view(doc, role)["group"]["language"] == "en"
    doc = run(doc, "group.language", {"lang": "es"}, FAC)
    assert doc.language == "es"
    assert shared_view(doc, "member")["group"]["language"] == "es"
    with pytest.raises(Unchanged):
        apply(doc, "group.language", {"lang": "es"}, FAC, T0)


@pytest.mark.parametrize("lang", ["fr", "ES", "", "es-MX", "en; DROP"])
def test_only_a_shipped_language_is_accepted(lang: str) -> None:
    with pytest.raises(Refused) as err:
        apply(group(), "group.language", {"lang": lang}, FAC, T0)
    assert err.value.code == "invalid"
    assert "es" in err.value.message


@pytest.mark.parametrize("actor", [MEM, DISPLAY])
def test_members_and_the_display_cannot_set_it(actor) -> None:
    with pytest.raises(Refused) as err:
        apply(group(), "group.language", {"lang": "es"}, actor, T0)
    assert err.value.code == "forbidden"


def test_a_group_of_the_previous_release_reads_as_english() -> None:
    doc = msgspec.json.decode(msgspec.json.encode(group()))
    del doc["language"], doc["format"]
    assert "language" not in doc
    migrated = MIGRATIONS[1](doc)
    assert migrated["language"] == "en" and migrated["format"] == 2
    loaded, upgraded = load(json.dumps({k: v for k, v in doc.items()}))
    assert upgraded and loaded.language == "en"


def test_default_agreements_are_flagged_by_index_and_edited_ones_are_not() -> None:
    doc = group()
    view = shared_view(doc, "member")["course"]["agreements"]
    assert view["builtin"] == list(range(len(DEFAULT_AGREEMENTS)))
    items = [DEFAULT_AGREEMENTS[2], "Be kind.", DEFAULT_AGREEMENTS[0] + " Please."]
    doc = run(doc, "agreements.set", {"items": items}, FAC)
    assert shared_view(doc, "member")["course"]["agreements"]["builtin"] == [2, None, None]
    doc = run(doc, "agreements.show", {"shown": True}, FAC)
    assert shared_view(doc, "display")["course"]["agreements"]["builtin"] == [2, None, None]


def test_library_items_are_built_in_until_a_facilitator_edits_them() -> None:
    doc = group()
    library = shared_view(doc, "facilitator")["feedback"]["library"]
    assert all(item["builtin"] for item in library)
    doc = run(doc, "feedback.library_update", {"item_id": "safe", "text": "I felt safe today."}, FAC)
    doc = run(doc, "feedback.library_add", {"kind": "agree", "text": "We laughed."}, FAC)
    flags = {i["id"]: i["builtin"] for i in shared_view(doc, "facilitator")["feedback"]["library"]}
    assert flags["safe"] is False and flags["u1"] is False and flags["trust"] is True
    doc = run(doc, "feedback.library_reset", {}, FAC)
    assert {i["id"]: i["builtin"] for i in shared_view(doc, "facilitator")["feedback"]["library"]}["safe"]


def test_questions_and_titles_say_whether_they_are_built_in() -> None:
    doc = open_card(group(), [{"library": "pace"}])
    card = shared_view(doc, "member")["feedback"]["card"]
    assert card["builtin_title"] == "single" and card["questions"][0]["builtin"] is True
    doc = run(doc, "feedback.close", {"card_id": card["id"]}, FAC)
    spec = {"kind": "yesno", "text": "Was it useful?"}
    doc = open_card(doc, [spec, {"library": "safe"}], title="Quick check")
    card = shared_view(doc, "facilitator")["feedback"]["cards"][-1]
    assert card["builtin_title"] is None
    assert [q["builtin"] for q in card["questions"]] == [False, True]
    doc = run(doc, "feedback.close", {"card_id": card["id"]}, FAC)
    doc = open_card(doc, [{"library": "safe"}, {"library": "trust"}])
    assert shared_view(doc, "member")["feedback"]["card"]["builtin_title"] == "survey"


def test_one_prompt_asked_twice_is_one_series_whatever_language_it_was_read_in() -> None:
    # The stored question is the same English one whoever reads it: one series, one key.
    doc = group(members=3)
    for _ in range(2):
        doc = open_card(doc, [{"library": "pace"}])
        card = doc.feedback.cards[-1]
        card.tallies[0].answered = 3
        card.tallies[0].counts = [1, 1, 1]
        doc = run(doc, "feedback.close", {"card_id": card.id}, FAC)
    (series,) = course(doc)
    assert series.builtin and series.source == "pace" and len(series.points) == 2


@given(st.sampled_from(BUILTIN_IDS), st.text(min_size=1, max_size=40))
def test_any_other_wording_is_not_built_in(item_id: str, text: str) -> None:
    ship = next(i for i in builtin_library() if i.id == item_id)
    edited = msgspec.structs.replace(ship, text=text)
    assert builtin_item(edited) == (text == ship.text)
    assert builtin_prompt(item_id, text, []) is False or text == ship.text
    assert builtin_prompt(None, ship.text, []) is False


@given(st.text(max_size=30))
def test_only_the_two_default_titles_are_built_in(title: str) -> None:
    assert builtin_title(title) in (None, "single", "survey")
    assert (builtin_title(title) is None) == (title not in ("Your feedback", "End-of-session survey"))


def test_languages_are_two_letter_codes_english_first() -> None:
    assert LANGUAGES[0] == "en"
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)
