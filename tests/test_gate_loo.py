"""Leave-one-out on the seed corpus (benchmarks/gate_loo.py), when the seed texts are present.

With --infer-windows the gate's conflicts are exactly the bundled findings that involve each
article; by default none is false and the ones it does not count rest on guessed windows.
"""

from __future__ import annotations

import runpy

import pytest

from support import REPO, SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")


def rows(infer_windows: bool):
    loo = runpy.run_path(str(REPO / "benchmarks" / "gate_loo.py"))
    return loo["leave_one_out"](REPO / "claims", REPO / "rules", SEEDS, None, False, infer_windows)


def test_with_inferred_windows_the_conflicts_are_exactly_the_bundled_findings():
    found = rows(True)
    assert len(found) == 5
    assert all(not r.check_false and not r.check_missed for r in found)
    assert sum(len(r.check_expected) for r in found) == 14


def test_by_default_no_conflict_is_false_and_every_missed_one_rests_on_a_guessed_window():
    found = rows(False)
    assert all(not r.check_false for r in found)
    assert sum(len(r.check_missed) for r in found) == sum(r.tentative for r in found)
