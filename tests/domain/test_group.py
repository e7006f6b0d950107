"""Creating a group from what a facilitator typed."""

import pytest

from server.domain import GroupSpec, Refused, new_group
from tests.support.domain_kit import T0


def spec(**kw) -> GroupSpec:
    return GroupSpec(**{"name": "Tuesday", "members": ["Ann", "Bo"], **kw})


def test_defaults_follow_the_reference_agenda() -> None:
    doc = new_group(spec(), "g0000001", T0)
    assert doc.sessions_planned == 8
    assert doc.template[0].title == "Grounding meditation"
    assert [m.id for m in doc.members] == ["m1", "m2"]


@pytest.mark.parametrize(
    "kw",
    [
        {"members": []},
        {"members": [f"M{i}" for i in range(13)]},
        {"members": ["Ann", "ann"]},
        {"members": ["x" * 41]},
        {"name": ""},
        {"name": "n" * 5_000_000},
        {"sessions": 0},
        {"sessions": 53},
        {"agenda": []},
    ],
)
def test_bad_groups_are_refused(kw) -> None:
    with pytest.raises(Refused) as exc:
        new_group(spec(**kw), "g0000001", T0)
    assert exc.value.code == "invalid"


def test_names_are_kept_as_typed_but_trimmed() -> None:
    doc = new_group(spec(name="  <script>alert(1)</script>  "), "g0000001", T0)
    assert doc.name == "<script>alert(1)</script>"
