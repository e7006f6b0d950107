"""The GC schedule (server/jobs/gcpolicy.py): survivors leave the collector's sight, and the periodic
full pass still reclaims cycles among them. Run in a child process: the test runner's own
collector is left alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from server.jobs import gcpolicy
from tests.support.process import ROOT


def run(script: str) -> None:
    """Run `script` in a child process, where the collector is its own; it prints "ok"."""
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


SCRIPT = textwrap.dedent(
    """
    import gc, weakref
    from server.jobs import gcpolicy

    class Node:
        pass

    gcpolicy.install()
    # No automatic pass over the old generation: the process runs those itself.
    assert gc.get_threshold()[2] >= 10**9
    # A cycle that is alive when the old generation is frozen ...
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    frozen_before = gc.get_freeze_count()
    gcpolicy.freeze_old()
    assert gc.get_freeze_count() > frozen_before, "freezing left objects in the collector's sight"
    # ... so once dropped, ordinary passes no longer see it (that is what makes them short) ...
    del a, b
    gc.collect()
    assert gone() is not None, "a frozen object was collected by an ordinary pass"
    # ... and the periodic full pass reclaims it, which the operator's metrics count.
    found = gcpolicy.full_pass()
    assert gone() is None and found >= 2, (gone(), found)
    from server.metrics import Metrics
    text = Metrics().render(0, 0, {})
    assert "holdspace_gc_full_passes_total 1\\n" in text, text
    assert f"holdspace_gc_full_pass_collected_total {found}\\n" in text, text
    assert f"holdspace_gc_frozen_objects {gc.get_freeze_count()}\\n" in text, text
    assert gc.get_freeze_count() > 0
    gcpolicy.uninstall()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == (700, 10, 10)
    print("ok")
    """
)


def test_frozen_survivors_are_skipped_until_the_full_pass_reclaims_their_cycles() -> None:
    run(SCRIPT)


SCHEDULE = textwrap.dedent(
    """
    import asyncio, gc, weakref
    from server.jobs import gcpolicy

    class Node:
        pass

    def in_sight(obj):
        # gc.get_objects() lists the three generations, never the frozen objects.
        return any(o is obj for o in gc.get_objects())

    async def until(check):
        for _ in range(2000):  # 20 s at most
            if check():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("timed out")

    async def cycle_under(freeze_every, full_every):
        ctx = gcpolicy.cleanup_ctx(freeze_every=freeze_every, full_every=full_every)(None)
        await ctx.__anext__()  # installed, and its schedule running
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        assert in_sight(a)
        await until(lambda: not in_sight(a))
        try:
            await ctx.__anext__()
        except StopAsyncIteration:
            pass
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == (700, 10, 10)

    async def full_pass_on_growth():
        passes = gcpolicy.PASSES
        ctx = gcpolicy.cleanup_ctx(freeze_every=0.02, full_every=0.1)(None)
        await ctx.__anext__()
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        await until(lambda: not in_sight(a))
        del a, b
        # Nothing grew: each time a full pass is due by the clock, it is skipped ...
        await until(lambda: passes.skipped >= 3)
        assert passes.count == 0 and gone() is not None
        # ... until the frozen objects outgrow what was alive after the last one by a quarter.
        grown = [Node() for _ in range(gc.get_freeze_count())]
        await until(lambda: passes.count == 1)
        assert gone() is None and passes.found >= 2, passes
        # Right after it, the new baseline counts them as alive: no second pass.
        skipped = passes.skipped
        await until(lambda: passes.skipped >= skipped + 3)
        assert passes.count == 1 and len(grown) > 0
        try:
            await ctx.__anext__()
        except StopAsyncIteration:
            pass

    async def main():
        # The schedule freezes what is alive by itself, long before any full pass ...
        await cycle_under(0.02, 10_000)
        # ... and its own full pass reclaims a frozen cycle once dropped, when it is worth it.
        await full_pass_on_growth()
        print("ok")

    asyncio.run(main())
    """
)


def test_the_schedule_freezes_what_is_alive_and_its_full_pass_reclaims_dropped_cycles() -> None:
    run(SCHEDULE)


@pytest.mark.parametrize(
    ("frozen", "after_last", "due"),
    [(0, 0, False), (125, 100, False), (126, 100, True), (2_000_000, 1_500_000, True), (99, 100, False)],
)
def test_a_full_pass_is_due_once_frozen_objects_grew_by_a_quarter(
    frozen: int, after_last: int, due: bool
) -> None:
    assert gcpolicy.due(frozen, after_last) is due
