"""End to end on the bundled corpus (claims/ and rules/ built from the five seed articles)."""

from __future__ import annotations

import json

import pytest

from checker.cli import main
from support import REPO, SEEDS


@pytest.fixture(scope="module")
def audit():
    from click.testing import CliRunner

    args = ["check", "--format", "json", "--fail-on", "never"]
    if SEEDS.is_dir():
        args += ["--sources", str(SEEDS)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def pairs(audit, rule):
    return {
        tuple(sorted((c["metric"], c["value"], c["source"]) for c in f["claims"]))
        for f in audit["findings"]
        if f["rule"] == rule
    }


def test_deaths_since_the_ceasefire_below_a_contained_window_are_flagged(audit):
    assert (
        ("mine_deaths", "68", "azemedia-2025-06"),
        ("mine_deaths", "71", "report-2025-12-09"),
    ) in pairs(audit, "cumulative-containment")


def test_victims_since_the_ceasefire_below_a_contained_window_are_flagged(audit):
    assert (
        ("mine_victims", "361", "azemedia-2025-06"),
        ("mine_victims", "412", "report-2025-12-09"),
    ) in pairs(audit, "cumulative-containment")


def test_nearly_then_more_than_3400_five_days_later_is_growth(audit):
    # The same official: "nearly 3,400" on 4 December, "more than 3,400" on 9 December.
    assert pairs(audit, "qualifier-conflict") == set()


def test_412_repeated_two_years_later_is_stale(audit):
    assert (
        ("mine_victims", "412", "aa-2025-12-04"),
        ("mine_victims", "412", "report-2025-12-09"),
    ) in pairs(audit, "stale-figure")


def test_consistent_figures_are_not_flagged(audit):
    flagged = {(f["rule"], c["metric"], c["value"]) for f in audit["findings"] for c in f["claims"]}
    metrics = {(m, v) for _, m, v in flagged}
    # 33 (2021) then 55 (2023) deaths: growth, not contradiction.
    assert ("mine_deaths", "33") not in metrics and ("mine_deaths", "55") not in metrics
    # anti-personnel + anti-tank = mines; mines + UXO = objects; spending shares; hectares vs acres.
    for metric in ("antipersonnel_mines_found", "antitank_mines_found", "mines_found", "uxo_found",
                   "demining_spending", "demining_foreign_aid", "domestic_share_of_demining_cost",
                   "contaminated_share_of_territory"):
        assert all(m != metric for m, _ in metrics), metric
    assert not any(rule == "parts-sum" for rule, _, _ in flagged)  # 39,728 + 22,822 = 62,550 etc.
    assert not any(m == "area_cleared" and rule == "same-window-agreement" for rule, m, _ in flagged)


def test_every_finding_is_expected(audit):
    # The bundled corpus has exactly these findings; a new one must be reviewed (docs/corpus.md).
    assert sorted((f["rule"], f["metric"], f["severity"], bool(f["accepted"])) for f in audit["findings"]) == [
        ("cumulative-containment", "mine_deaths", "error", False),
        ("cumulative-containment", "mine_injuries", "error", False),  # derived: 361 - 68 = 293 < 341
        ("cumulative-containment", "mine_victims", "error", False),
        ("estimate-disagreement", "clearance_duration_estimate", "info", False),  # 10-13 vs nearly 30 years
        ("rate-jump", "explosive_objects_found", "warning", False),  # ~120,000 to 232,000 in six months
        ("share-consistency", "cleared_share_of_contaminated", "error", False),  # 2,427 / (2,427 + 11,667)
        ("stale-figure", "mine_victims", "warning", False),
        ("stock-flow", "contaminated_area_remaining", "error", False),  # 11,667 only fits as the total
    ]


def test_relations_that_hold_produce_derived_claims_and_no_findings(audit):
    derived = {c["metric"]: c for f in audit["findings"] for c in f["claims"] if c["derived_from"]}
    assert derived["contaminated_area_total"]["value"] == "14,094"
    assert audit["summary"]["derived_claims"] == 6


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available")
def test_every_bundled_quote_is_verbatim_in_its_source(audit):
    assert audit["summary"]["quotes"] == {"verified": audit["summary"]["claims"], "not verified": 0}


def test_exit_code_reflects_fail_on(runner):
    assert runner.invoke(main, ["check"]).exit_code == 1  # errors present
    assert runner.invoke(main, ["check", "--fail-on", "never"]).exit_code == 0


def test_metrics_command_lists_claim_counts(runner):
    result = runner.invoke(main, ["metrics"])
    assert result.exit_code == 0
    line = next(line.strip() for line in result.stdout.splitlines() if line.strip().startswith("mine_deaths "))
    assert "cumulative" in line and "2021-11-02 .. 2025-12-09" in line


def test_explain_prints_the_check_documentation(runner):
    result = runner.invoke(main, ["explain", "cumulative-containment"])
    assert result.exit_code == 0
    assert result.stdout.startswith("cumulative-containment: a count over a longer window")
    assert "Fails:" in result.stdout and "Passes:" in result.stdout
    bad = runner.invoke(main, ["explain", "stale-figures"])
    assert bad.exit_code == 2 and "did you mean 'stale-figure'?" in bad.stderr


def test_committed_report_is_current(runner, tmp_path, monkeypatch):
    """reports/audit.md and reports/audit-charts/ are what README's quick-start command 1 writes
    (run from the checkout, so file links are relative to reports/); the report doubles as the
    golden report of the bundled corpus. Regenerate both on purpose (README, Development) and
    review the diff. Chart bytes are compared across runs in test_reports.py, not here: they
    follow matplotlib's version."""
    import shutil

    for folder in ("claims", "rules"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "reports").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "--markdown", "reports/audit.md"])
    assert result.exit_code == 1
    committed = REPO / "reports"
    assert (tmp_path / "reports" / "audit.md").read_text(encoding="utf-8") == (committed / "audit.md").read_text(encoding="utf-8")
    charts = sorted(p.name for p in (tmp_path / "reports" / "audit-charts").iterdir())
    assert charts == sorted(p.name for p in (committed / "audit-charts").iterdir())