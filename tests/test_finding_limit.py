"""settings.max_findings: a check lists at most N findings per metric and scope and counts the rest,
and a figure repeated by many claims is compared once but reported for every claim that gives it."""

from __future__ import annotations

import pytest

from support import BASE_RULES, Project


def _same_window(project: Project, values: list[int], sid: str = "a") -> None:
    rows = "\n".join(
        f'- {{metric: deaths, value: {v}, window: since end_of_war, quote: "{v} killed"}}' for v in values
    )
    project.source(sid, "2021-11-02", rows)


@pytest.fixture
def limited(tmp_path):
    return Project(tmp_path, BASE_RULES + "settings:\n  max_findings: 2\n")


def _listed(findings):
    return [f for f in findings if f["claims"]]


def _counts(findings):
    return [f for f in findings if not f["claims"]]


def test_findings_over_the_limit_are_counted_in_one_finding(limited):
    _same_window(limited, [10, 20, 30, 40])  # 6 clashing pairs
    found = limited.findings("same-window-agreement")
    assert len(_listed(found)) == 2
    [count] = _counts(found)
    assert count["message"].startswith("4 more same-window-agreement findings for deaths are not listed")
    assert count["severity"] == "error"
    assert found[-1] is count  # the count comes after the findings it continues


def test_the_count_keeps_the_gate_closed(limited):
    _same_window(limited, [10, 20, 30, 40])
    assert limited.run("--fail-on", "error").exit_code == 1


def test_no_limit_lists_every_pair(tmp_path):
    project = Project(tmp_path, BASE_RULES + "settings:\n  max_findings: 0\n")
    _same_window(project, [10, 20, 30, 40])
    found = project.findings("same-window-agreement")
    assert len(found) == 6 and not _counts(found)


def test_the_default_limit_is_100(project):
    _same_window(project, [v for v in range(11, 40) if v % 10][:16])  # 120 clashing pairs (no round figures)
    found = project.findings("same-window-agreement")
    assert len(_listed(found)) == 100
    assert _counts(found)[0]["message"].startswith("20 more")


def test_per_check_option_overrides_the_setting(tmp_path):
    project = Project(tmp_path, BASE_RULES + "checks:\n  same-window-agreement: {max_findings: 1}\n")
    _same_window(project, [10, 20, 30])
    found = project.findings("same-window-agreement")
    assert len(_listed(found)) == 1
    assert _counts(found)[0]["message"].startswith("2 more")


def test_repeated_figures_are_one_finding_listing_each_claim(project):
    # The same figure from three sources, all against one other figure: one disagreement, so
    # one finding that lists every restatement (principle 7).
    for sid in ("a", "b", "c"):
        _same_window(project, [10], sid)
    _same_window(project, [20], "d")
    [finding] = project.findings("same-window-agreement")
    assert sorted(c["source"] for c in finding["claims"] if c["value"] in (10, "10")) == ["a", "b", "c"]


def test_repeated_figures_are_counted_past_the_limit(limited):
    for sid in ("a", "b", "c"):
        _same_window(limited, [10], sid)
    _same_window(limited, [20], "d")
    found = limited.findings("same-window-agreement")
    # The limit counts pairs before restatements are grouped: two listed pairs are one finding.
    assert len(_listed(found)) == 1
    assert _counts(found)[0]["message"].startswith("1 more")


def test_identical_claims_count_as_compared(project):
    for sid in ("a", "b"):
        _same_window(project, [10], sid)
    result = project.json()
    assert result["findings"] == []
    assert result["not_checked"] == []


def test_an_accepted_count_stops_covering_new_clashes(limited):
    from click.testing import CliRunner

    from checker.cli import main

    _same_window(limited, [10, 20, 30, 40])
    baseline = limited.root / "rules" / "baseline.yaml"
    result = CliRunner().invoke(main, ["baseline", str(limited.claims), "--rules", str(limited.rules), "--output", str(baseline)])
    assert result.exit_code == 0, result.output
    assert limited.run("--fail-on", "error").exit_code == 0
    _same_window(limited, [10, 20, 30, 40, 50])  # now 10 clashing pairs: 8 not listed instead of 4
    assert limited.run("--fail-on", "error").exit_code == 1


def test_copies_of_one_clash_never_crowd_another_out_of_the_listing(limited):
    # One wrong figure (40) printed by three sources against the 10 of three others (nine pairs),
    # and a second wrong figure (25, one source): with room for two, both clashes are listed.
    for sid in ("a", "b", "c"):
        _same_window(limited, [10], sid)
    for sid in ("d", "e", "f"):
        _same_window(limited, [40], sid)
    _same_window(limited, [25], "g")
    found = limited.findings("same-window-agreement")
    listed_figures = {frozenset(str(c["value"]) for c in f["claims"]) for f in _listed(found)}
    assert {"10", "40"} in listed_figures and {"10", "25"} in listed_figures
    [count] = _counts(found)
    # 13 pairs left out: copies of the two listed clashes (8 of 10 against 40, 2 of 10 against 25)
    # and the three pairs of 25 against 40, a clash not listed.
    assert count["details"]["not_listed"] == 13 and count["details"]["restating_listed"] == 10
    assert "Of these, 10 give the same figures for the same windows as clashes listed here" in count["message"]


def test_distinct_clashes_left_out_are_not_called_copies(limited):
    # Four figures of one source each: six distinct clashes, no copies. Four are left out, and
    # the count does not call them copies of those listed.
    _same_window(limited, [10, 20, 30, 40])
    [count] = _counts(limited.findings("same-window-agreement"))
    assert "restating_listed" not in count["details"]
    assert "same figures" not in count["message"]
