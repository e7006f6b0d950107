"""apply(): roles, unknown commands, de-duplication of retries, versions."""

import pytest

from server.domain import COMMANDS, Refused, Unchanged, apply
from server.domain.registry import FACILITATORS
from tests.support.domain_kit import DISPLAY, FAC, MEM, T0, group, started

FACILITATOR_ONLY = sorted(name for name, spec in COMMANDS.items() if spec.roles == FACILITATORS)


@pytest.mark.parametrize("name", FACILITATOR_ONLY)
@pytest.mark.parametrize("actor", [MEM, DISPLAY], ids=["member", "display"])
def test_facilitator_commands_are_forbidden_to_others(name, actor) -> None:
    doc = started()
    with pytest.raises(Refused) as exc:
        apply(doc, name, {}, actor, T0)
    assert exc.value.code == "forbidden"


def test_unknown_command_is_invalid() -> None:
    with pytest.raises(Refused) as exc:
        apply(group(), "segment.explode", {}, FAC, T0)
    assert exc.value.code == "invalid"


def test_a_retry_with_the_same_key_is_not_applied_twice() -> None:
    doc = started()
    once = apply(doc, "segment.adjust", {"index": 0, "delta_ms": 60_000}, FAC, T0, key="k1")
    with pytest.raises(Unchanged):
        apply(once, "segment.adjust", {"index": 0, "delta_ms": 60_000}, FAC, T0, key="k1")
    twice = apply(once, "segment.adjust", {"index": 0, "delta_ms": 60_000}, FAC, T0, key="k2")
    assert twice.session is not None and twice.session.segments[0].duration_ms == 7 * 60_000


def test_apply_never_mutates_its_input() -> None:
    doc = started()
    before = doc.session.segments[0].duration_ms if doc.session else None
    apply(doc, "segment.adjust", {"index": 0, "delta_ms": 60_000}, FAC, T0)
    assert doc.session is not None and doc.session.segments[0].duration_ms == before
    assert doc.version == 2
