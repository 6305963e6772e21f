"""Leave-one-out on the seed corpus (benchmarks/gate_loo.py), when the seed texts are present.

By default, as with --infer-windows, the gate's conflicts are exactly the bundled findings that
involve each article, no more and no fewer (issue 13), but for one figure the drafts read otherwise
than the hand-made claims (see the test). Those that rest on a window the rules
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
    # but one reading: "412 new incidents were recorded, in which 341 people were injured and 71 were
    # killed". The hand-made claims read 412 as victims; the drafts do not (incidents are no victims,
    # since the round that read nouns), so the two bundled findings on that claim are not found as
    # such, and the stale-figure one is found through the victims the rules derive from 341 and 71.
    victims = "report-2025-12-09#victims-2020-2023"
    derived = {"report-2025-12-09#deaths-2020-2023", "report-2025-12-09#injured-2020-2023"}
    assert all(victims in claims for r in found for _, claims, *_ in r.check_missed)
    assert all(check == "stale-figure" and derived <= claims for r in found for check, claims, *_ in r.check_false)
    assert sum(len(r.check_missed) for r in found) == 2 and sum(len(r.check_false) for r in found) == 1
    assert sum(len(r.check_expected) for r in found) == 14
    assert sum(r.tentative for r in found) == 0


def test_by_default_the_conflicts_on_guessed_windows_do_not_fail_and_with_infer_windows_they_do():
    failing = {mode: sum(c[4] for r in rows(mode) for c in r.conflicts) for mode in (False, True)}
    assert failing[False] < failing[True]
