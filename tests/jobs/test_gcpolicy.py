"""The GC schedule (server/jobs/gcpolicy.py): survivors leave the collector's sight, and the periodic
full pass still reclaims cycles among them. Run in a child process: the test runner's own
collector is left alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.support.process import ROOT

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
    # ... and the periodic full pass reclaims it.
    found = gcpolicy.full_pass()
    assert gone() is None and found >= 2, (gone(), found)
    gcpolicy.uninstall()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == (700, 10, 10)
    print("ok")
    """
)


def test_frozen_survivors_are_skipped_until_the_full_pass_reclaims_their_cycles() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
