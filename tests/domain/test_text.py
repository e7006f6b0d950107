"""The one rule for typed text (server/domain/text.py): what is kept is NFC, tidy and visible;
bidi controls and invisible characters are refused with `invalid` and a sentence; emoji and
scripts that join characters keep working."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from server.domain import INVALID, Refused
from server.domain.text import BIDI, clean, visible

LIMIT = 200

BIDI_CONTROLS = sorted(BIDI)
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space (BOM)
    "\u00ad",  # soft hyphen
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler
    "\u115f",  # Hangul choseong filler
    "\uffa0",  # halfwidth Hangul filler
    "\u034f",  # combining grapheme joiner
    "\U000e0041",  # a stray tag letter
    "\ufff9",  # interlinear annotation anchor
]
KEPT = [
    "Ann",
    "José",
    "محمد",
    "שרה",
    "李小龍",
    "👩\u200d👩\u200d👧",  # family: ZWJ between visible characters
    "👩🏽\u200d💻",  # skin tone, then ZWJ
    "🏳\ufe0f\u200d🌈",  # rainbow flag: variation selector, then ZWJ
    "👁\ufe0f\u200d🗨\ufe0f",
    "1\ufe0f\u20e3",  # keycap
    "❤\ufe0f",
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: zero-width non-joiner inside a word
    "क\u094d\u200dष",  # Devanagari: virama, ZWJ
    "\u0661\u0662 \u0600\u0661",  # Arabic number sign, visible
    "Ann ⠀ Bo",  # a braille blank between visible words is only a symbol
]


def refused(text: str) -> str:
    with pytest.raises(Refused) as exc:
        clean(text, field="name", limit=LIMIT)
    assert exc.value.code == INVALID
    assert exc.value.message.startswith("The name ") and exc.value.message.endswith(".")
    return exc.value.message


@pytest.mark.parametrize("text", KEPT)
def test_emoji_and_joining_scripts_are_kept_as_typed(text: str) -> None:
    assert clean(text, field="name", limit=LIMIT) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bidi_controls_are_refused_with_a_sentence_that_says_so(control: str) -> None:
    assert "text-direction" in refused(f"Ann{control}eoB")
    assert "text-direction" in refused(f"{control}Ann")


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_refused(char: str) -> None:
    assert "invisible" in refused(f"An{char}n")


@pytest.mark.parametrize(
    "text",
    [
        "\u200b",
        "\u200b\u200b \u2060",
        "\u3164",
        "\u200d",
        " \u200c ",
        "\ufe0f",
        "\u0301",  # a combining accent on nothing
        "⠀⠀",
        "\U000e0041\U000e0042",
    ],
)
def test_text_with_no_visible_character_is_refused(text: str) -> None:
    refused(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ann\u200d",  # a joiner that joins nothing
        "\u200dAnn",
        "Ann \u200d Bo",
        "Ann\u200d\u200dBo",
        "Ann \ufe0f",  # a selector after a space
        "🏴\U000e0067\U000e0062\U000e007f\U000e0041",  # a tag after the flag has ended
        "A\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tags without the flag
    ],
)
def test_joiners_and_selectors_out_of_place_are_refused(text: str) -> None:
    assert "invisible" in refused(text)


def test_nfc_and_whitespace() -> None:
    assert clean("  Jose\u0301 \t\n  Ana ", field="name", limit=LIMIT) == "José Ana"
    assert clean("\uff21\u3000B", field="name", limit=LIMIT) == "\uff21 B"  # ideographic space


def test_control_characters_and_length() -> None:
    assert "cannot be shown" in refused("Ann\x00")
    assert "cannot be shown" in refused("Ann\ue000")  # private use
    assert "cannot be shown" in refused("Ann\ufffe")
    assert "too long" in refused("x" * (LIMIT + 1))
    assert "empty" in refused(" \t ")


@given(st.text(max_size=60))
@example("\u202eAnn")
@example("A\u200dB")
@example("🏴\U000e0067\U000e007f")
def test_anything_is_kept_tidy_or_refused_with_invalid(value: str) -> None:
    try:
        kept = clean(value, field="name", limit=LIMIT)
    except Refused as refusal:
        assert refusal.code == INVALID and refusal.message
        return
    assert kept == unicodedata.normalize("NFC", kept)
    assert kept == kept.strip() and "  " not in kept and 0 < len(kept) <= LIMIT
    assert any(visible(ch) for ch in kept)
    assert not BIDI & set(kept)
    for i, ch in enumerate(kept):
        category = unicodedata.category(ch)
        assert category not in ("Cc", "Cs", "Co")
        if ch in "\u200c\u200d":
            assert 0 < i < len(kept) - 1 and visible(kept[i + 1]) and not kept[i - 1].isspace()
    assert clean(kept, field="name", limit=LIMIT) == kept  # idempotent


@given(st.sampled_from(KEPT), st.integers(min_value=0), st.sampled_from(BIDI_CONTROLS + INVISIBLE))
def test_one_hidden_character_anywhere_is_enough_to_refuse(text: str, at: int, hidden: str) -> None:
    at %= len(text) + 1
    refused(text[:at] + hidden + text[at:])


@given(
    st.lists(
        st.sampled_from([*BIDI_CONTROLS, *INVISIBLE, "\u200d", "\u200c", "\ufe0f", " ", "⠀"]), min_size=1
    )
)
def test_nothing_but_invisible_characters_is_always_refused(chars: list[str]) -> None:
    refused("".join(chars))
