"""Leave-one-out on the seed corpus (benchmarks/gate_loo.py), when the seed texts are present.

By default, as with --infer-windows, the gate's conflicts are exactly the bundled findings that
involve each article, no more and no fewer (issue 13). Those that rest on a window the rules
supplied (a start the sentence does not state) are warnings by default: they do not fail the
gate, and with --infer-windows they keep the check's severity.
"""

from __future__ import annotations

import runpy

import pytest

from support import REPO, SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")


def rows(infer_windows: bool):
    loo = runpy.run_path(str(REPO / "benchmarks" / "gate_loo.py"))
    return loo["leave_one_out"](REPO / "claims", REPO / "rules", SEEDS, None, False, infer_windows)


@pytest.mark.parametrize("infer_windows", [False, True])
def test_the_conflicts_are_exactly_the_bundled_findings(infer_windows):
    found = rows(infer_windows)
    assert len(found) == 5
    assert all(not r.check_false and not r.check_missed for r in found)
    assert sum(len(r.check_expected) for r in found) == 14
    assert sum(r.tentative for r in found) == 0


def test_by_default_the_conflicts_on_guessed_windows_do_not_fail_and_with_infer_windows_they_do():
    failing = {mode: sum(c[4] for r in rows(mode) for c in r.conflicts) for mode in (False, True)}
    assert failing[False] < failing[True]
