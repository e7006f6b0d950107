"""The instruments as shipped: only the two free measures, each language complete, the wording
of the official forms (spot-checked here against the texts the sources print)."""

from __future__ import annotations

import pytest

from server.domain import INSTRUMENTS
from server.domain.selfreport.phq9 import SAFETY_ITEM


def test_only_the_free_measures_are_shipped() -> None:
    assert set(INSTRUMENTS) == {"phq9", "gad7"}
    assert {i.name for i in INSTRUMENTS.values()} == {"PHQ-9", "GAD-7"}


@pytest.mark.parametrize("key", ["phq9", "gad7"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_language_has_the_whole_form(key: str, lang: str) -> None:
    instrument = INSTRUMENTS[key]
    texts = instrument.texts[lang]
    assert len(texts["items"]) == instrument.items
    assert len(texts["options"]) == 4
    every = (texts["title"], texts["stem"], texts["credit"], *texts["items"], *texts["options"])
    assert all(t and t.strip() == t for t in every)
    assert "Pfizer" in texts["credit"]
    assert instrument.sources and "phqscreeners.com" in instrument.sources[0]


def test_the_wording_is_the_official_forms() -> None:
    phq9, gad7 = INSTRUMENTS["phq9"].texts, INSTRUMENTS["gad7"].texts
    assert phq9["en"]["items"][SAFETY_ITEM] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert phq9["es"]["items"][SAFETY_ITEM] == (
        "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
    )
    assert phq9["en"]["options"] == (
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    )
    assert phq9["es"]["options"] == (
        "Ningún día",
        "Varios días",
        "Más de la mitad de los días",
        "Casi todos los días",
    )
    assert gad7["es"]["options"] == phq9["es"]["options"] and gad7["en"]["options"] == phq9["en"]["options"]
    assert phq9["es"]["stem"] == gad7["es"]["stem"]
    assert gad7["en"]["items"][0] == "Feeling nervous, anxious or on edge"
    assert gad7["es"]["items"][0] == "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta"
