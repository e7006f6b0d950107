"""The GC schedule (server/jobs/gcpolicy.py): survivors leave the collector's sight, and the periodic
full pass still reclaims cycles among them. Run in a child process: the test runner's own
collector is left alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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

    async def cycle_under(freeze_every, full_every, reclaimed):
        ctx = gcpolicy.cleanup_ctx(freeze_every=freeze_every, full_every=full_every)(None)
        await ctx.__anext__()  # installed, and its schedule running
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        assert in_sight(a)
        await until(lambda: not in_sight(a))
        if reclaimed:
            del a, b
            await until(lambda: gone() is None)
        try:
            await ctx.__anext__()
        except StopAsyncIteration:
            pass
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == (700, 10, 10)

    async def main():
        # The schedule freezes what is alive by itself, long before any full pass ...
        await cycle_under(0.02, 10_000, reclaimed=False)
        # ... and its own full pass reclaims a frozen cycle once dropped.
        await cycle_under(0.02, 0.2, reclaimed=True)
        print("ok")

    asyncio.run(main())
    """
)


def test_the_schedule_freezes_what_is_alive_and_its_full_pass_reclaims_dropped_cycles() -> None:
    run(SCHEDULE)
