"""Timeline charts beside the Markdown report (checker/report/charts.py): one per metric and
scope with two or more claims, claims in findings labelled with their numbers, written
atomically, embedded with relative links, and a Mermaid version for job summaries.
Byte-identical charts across processes: tests/test_reports.py."""

from __future__ import annotations

import re

import pytest

from checker.cli import main
from checker.engine import run_audit
from checker.corpus import load_corpus
from checker.report.charts import chart_series, render_mermaid
from checker.report.common import numbered_findings
from checker.rules import load_rules
from support import REPO

CITY = REPO / "examples" / "city"


@pytest.fixture(scope="module")
def bundled():
    rules = load_rules([REPO / "rules"])
    return run_audit(load_corpus([REPO / "claims"], rules), rules)


def chartable_groups(result) -> set[tuple[str, str]]:
    """Worked out here from the claims table, not from the module under test."""
    frame = result.claims[result.claims["low"].notna()]
    counts = frame.groupby(["metric", "scope"]).size()
    return {key for key, n in counts.items() if n >= 2}


def test_one_series_per_metric_and_scope_with_two_claims(bundled):
    series = chart_series(bundled)
    assert {(s.metric, s.scope) for s in series} == chartable_groups(bundled)
    assert len({s.slug for s in series}) == len(series)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", s.slug) for s in series)


def test_claims_in_findings_carry_the_finding_numbers(bundled):
    expected: dict[str, set[int]] = {}
    for number, finding in numbered_findings(bundled.findings):
        for claim in finding.claims:
            expected.setdefault(claim.claim_id, set()).add(number)
    drawn = {p.claim_id: set(p.findings) for s in chart_series(bundled) for p in s.points}
    assert drawn and any(drawn.values())
    for claim_id, numbers in drawn.items():
        assert numbers == expected.get(claim_id, set()), claim_id
    # and the twin: a claim in no finding is drawn plain
    assert any(not numbers for numbers in drawn.values())


def test_open_findings_are_numbered_before_accepted_ones(bundled):
    from dataclasses import replace

    from checker.model import Finding

    # The bundled corpus needs no accepted entry: accept its most severe finding here.
    findings = sorted(bundled.findings, key=Finding.sort_key)
    findings[0] = replace(findings[0], accepted="reviewed")
    accepted = [f.accepted is not None for _, f in numbered_findings(sorted(findings, key=Finding.sort_key))]
    assert any(accepted) and accepted == sorted(accepted)


def test_markdown_report_embeds_one_chart_per_chartable_metric(runner, tmp_path):
    out = tmp_path / "city.md"
    result = runner.invoke(main, ["check", str(CITY / "claims"), "--rules", str(CITY / "rules"), "--markdown", str(out), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    text = out.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert images and all(i.startswith("city-charts/") and i.endswith(".svg") for i in images)
    assert sorted(images) == sorted(f"city-charts/{p.name}" for p in (tmp_path / "city-charts").iterdir())
    for image in images:
        assert (tmp_path / image).read_text(encoding="utf-8").startswith("<?xml")


def test_markdown_on_standard_output_has_no_charts(runner, tmp_path):
    result = runner.invoke(main, ["check", str(CITY / "claims"), "--rules", str(CITY / "rules"), "--format", "markdown"])
    assert result.exit_code == 1
    assert "![" not in result.stdout and "-charts/" not in result.stdout


def test_a_chart_no_longer_drawn_is_removed(project):
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}
        - {metric: victims, value: 50, window: since end_of_war, quote: "50 victims"}
    """)
    project.source("b", "2022-11-02", """
        - {metric: deaths, value: 40, window: since end_of_war, quote: "40 died"}
        - {metric: victims, value: 60, window: since end_of_war, quote: "60 victims"}
    """)
    out = project.root / "r.md"
    assert project.run("--markdown", str(out), "--fail-on", "never").exit_code == 0
    assert sorted(p.name for p in (project.root / "r-charts").iterdir()) == ["deaths.svg", "victims.svg"]
    (project.claims / "b.yaml").write_text((project.claims / "b.yaml").read_text().replace("metric: victims", "metric: area"))
    assert project.run("--markdown", str(out), "--fail-on", "never").exit_code == 0
    assert sorted(p.name for p in (project.root / "r-charts").iterdir()) == ["deaths.svg"]
    assert "r-charts/victims.svg" not in out.read_text(encoding="utf-8")


def test_no_chart_folder_when_no_metric_has_two_claims(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}')
    out = project.root / "r.md"
    assert project.run("--markdown", str(out), "--fail-on", "never").exit_code == 0
    assert not (project.root / "r-charts").exists()


def test_without_matplotlib_the_report_is_written_and_says_why_there_are_no_charts(project, monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real_find_spec(name, *a))
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}')
    project.source("b", "2022-11-02", '- {metric: deaths, value: 40, window: since end_of_war, quote: "40 died"}')
    out = project.root / "r.md"
    result = project.run("--markdown", str(out), "--fail-on", "never")
    assert result.exit_code == 0
    assert "matplotlib" in result.stderr and "checker[charts]" in result.stderr
    assert "![" not in out.read_text(encoding="utf-8") and not (project.root / "r-charts").exists()


def test_a_symlinked_chart_folder_is_refused(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}')
    project.source("b", "2022-11-02", '- {metric: deaths, value: 40, window: since end_of_war, quote: "40 died"}')
    elsewhere = project.root / "elsewhere"
    elsewhere.mkdir()
    (project.root / "r-charts").symlink_to(elsewhere)
    result = project.run("--markdown", str(project.root / "r.md"), "--fail-on", "never")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == [] and not (project.root / "r.md").exists()


def test_mermaid_version_has_one_bar_per_claim(bundled):
    series = {s.metric: s for s in chart_series(bundled)}["mine_deaths"]
    text = render_mermaid(series)
    lines = text.splitlines()
    assert lines[0] == "```mermaid" and lines[1] == "xychart-beta" and lines[-1] == "```"
    labels = re.search(r"x-axis \[(.*)\]", text).group(1)
    bars = re.search(r"bar \[(.*)\]", text).group(1).split(", ")
    assert len(bars) == len(series.points) == labels.count('"') // 2
    assert [float(b) for b in bars] == [p.value for p in series.points]
    assert any("#" in label for label in labels.split('", "'))  # claims in findings are marked


def test_mermaid_labels_cannot_break_out_of_their_quotes(project):
    rules = project.rules / "rules.yaml"
    rules.write_text(rules.read_text().replace("label: People killed", 'label: "People \\"killed\\" ] ``` end"'))
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}')
    project.source("b", "2022-11-02", '- {metric: deaths, value: 40, window: since end_of_war, quote: "40 died"}')
    loaded = load_rules([project.rules])
    result = run_audit(load_corpus([project.claims], loaded), loaded)
    text = render_mermaid(chart_series(result)[0])
    title = text.splitlines()[2]
    assert title.startswith('    title "') and title.count('"') == 2 and "```" not in title and "]" not in title


def test_a_crowded_timeline_gets_no_chart_and_says_so(project):
    claims = "\n".join(f'- {{metric: deaths, value: {30 + i}, window: since end_of_war, quote: "{30 + i} died"}}' for i in range(151))
    project.source("a", "2021-11-02", claims)
    project.source("b", "2022-11-02", """
        - {metric: victims, value: 50, window: since end_of_war, quote: "50 victims"}
        - {metric: victims, value: 60, window: since end_of_war, quote: "60 victims"}
    """)
    out = project.root / "r.md"
    assert project.run("--markdown", str(out), "--fail-on", "never").exit_code == 0
    assert sorted(p.name for p in (project.root / "r-charts").iterdir()) == ["victims.svg"]
    assert "No chart: more claims than a chart shows legibly (150)." in out.read_text(encoding="utf-8")


def test_charts_with_findings_are_drawn_first_within_the_limit(bundled, monkeypatch):
    from checker.report import charts

    monkeypatch.setattr(charts, "MAX_CHARTS", 3)
    series = chart_series(bundled)
    drawn, skipped = charts.select_charts(series)
    assert len(drawn) == 3 and all(any(p.findings for p in s.points) for s in drawn)
    assert [s.slug for s in drawn] == [s.slug for s in series if s in drawn]  # report order
    assert set(skipped.values()) == {"limit"} and len(skipped) == len(series) - 3


def test_mermaid_charts_follow_the_drawn_charts(bundled):
    from checker.report.charts import mermaid_charts, select_charts

    blocks = mermaid_charts(bundled)
    drawn, _ = select_charts(chart_series(bundled))
    assert len(blocks) == len(drawn) > 0
    assert all(b.startswith("```mermaid\nxychart-beta\n") and b.endswith("\n```") for b in blocks)
