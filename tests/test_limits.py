"""Values at and past their limits: one-line errors with exit 2, never a traceback; the limit
itself loads. And `checker extract` never writes a draft that `checker check` refuses."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from support import BASE_RULES, REPO, write

HUGE = "1" + "0" * 25

PAST_LIMITS = [
    ("settings:\n  max_findings: .inf\n", "settings.max_findings: expected a whole number, got inf"),
    ("settings:\n  max_findings: 2.5\n", "settings.max_findings: expected a whole number"),
    (f"settings:\n  date_tolerance_days: {HUGE}\n", "settings.date_tolerance_days: expected 0 to 36,525"),
    (f"settings:\n  reporting_lag_days: {HUGE}\n", "settings.reporting_lag_days: expected 0 to 36,525"),
    (f"settings:\n  max_claims: {HUGE}\n", "settings.max_claims: expected 1 to 1,000,000,000"),
    ("checks:\n  same-window-agreement: {max_findings: .inf}\n", "checks.same-window-agreement.max_findings: expected a whole number"),
    (f"checks:\n  stale-figure: {{min_gap_days: {HUGE}}}\n", "checks.stale-figure.min_gap_days: expected 0 to 36,525"),
    ("checks:\n  rate-jump: {min_period_days: 0}\n", "checks.rate-jump.min_period_days: expected 1 to 36,525"),
    (f"checks:\n  rate-jump: {{factor: {HUGE}}}\n", "checks.rate-jump.factor: expected 1 to 1,000,000"),
    ("checks:\n  rate-jump: {factor: .nan}\n", "checks.rate-jump.factor: expected a number, got nan"),
    (f"metrics:\n  - {{id: m2, label: M, kind: level, unit: count, reporting_lag_days: {HUGE}}}\n", "metrics[0].reporting_lag_days: expected 0 to 36,525"),
    ("units:\n  - {id: gigaton, convert: {to: count, factor: 1e300}}\n", "units[0].convert.factor: expected a positive number from 1e-12 to 1e12"),
]
AT_LIMITS = [
    "settings:\n  max_findings: 10000000\n  date_tolerance_days: 36525\n  reporting_lag_days: 36525\n",
    "checks:\n  rate-jump: {min_period_days: 1, factor: 1000000}\n  stale-figure: {min_gap_days: 36525}\n",
    "units:\n  - {id: gigaton, convert: {to: count, factor: 1e12}}\n",
]
TWO_METRICS = """
- {metric: deaths, value: 30, window: since end_of_war, quote: "30 died"}
- {metric: victims, value: 500, window: since end_of_war, quote: "500 victims"}
"""


@pytest.mark.parametrize("rules, message", PAST_LIMITS, ids=[m.split(":")[0] for _, m in PAST_LIMITS])
def test_rule_values_past_their_limits_are_one_line_errors(project, rules, message):
    project.source("a", "2021-11-02", TWO_METRICS)
    write(project.rules / "limits.yaml", rules)
    result = project.run()
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()[:-1]
    assert message in line, line


@pytest.mark.parametrize("rules", AT_LIMITS)
def test_rule_values_at_their_limits_load_and_keep_metrics_apart(project, rules):
    project.source("a", "2021-11-02", TWO_METRICS)
    write(project.rules / "limits.yaml", rules)
    assert project.findings() == []  # deaths and victims are never compared, whatever the tolerance


# -- paths -------------------------------------------------------------------------------------


def test_a_claim_file_name_that_is_not_utf8_is_shown_escaped(project):
    source = project.source("a", "2021-11-02", TWO_METRICS)
    odd = Path(os.fsdecode(bytes(project.claims) + b"/b\xff.yaml"))
    source.rename(odd)
    markdown = Path(os.fsdecode(bytes(project.root) + b"/r\xff.md"))
    result = project.run("--format", "json", "--markdown", str(markdown), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    import json

    files = {entry["claim"]["file"] for entry in json.loads(result.stdout)["not_checked"]}
    assert files and all(f.endswith("b\\xff.yaml") for f in files)
    assert markdown.read_text(encoding="utf-8").splitlines()[0].endswith("checker audit")


@pytest.mark.parametrize("name", ["a" * 300, "/".join(["b" * 250] * 20) + "/r.md"])
def test_an_overlong_output_path_is_a_one_line_error(project, name):
    project.source("a", "2021-11-02", TWO_METRICS)
    result = project.run("--output", str(project.root / name))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "cannot write report" in result.stderr


def test_eval_on_a_missing_shared_folder_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["eval", "--shared", str(tmp_path / "missing")], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'missing' / 'seeds'}: not found (--shared names the folder holding seeds/ and external/newsquant/)"]


# -- extract: every draft loads ----------------------------------------------------------------

ROUND_TRIP = {
    "form_feed.txt": "Since November 10, 2020, 167 citizens\x0c have been trapped by landmines, of which 33 died.\n",
    "escape.txt": "Since November 10, 2020, \x1b[31m167 citizens have been trapped by landmines, of which 33 died.\n",
    "late_nul.txt": "word " * 25_000 + "Since November 10, 2020, 167\x00 citizens have been trapped by landmines.\n",
    "scientific.txt": "Since November 10, 2020, 1.2 x 10^3 citizens have been trapped by landmines, 1e3 died and ½ million fled.\n",
    "decimal_comma.txt": "Since November 10, 2020, some 3,4 thousand citizens have been trapped by landmines.\n",
    "overflow.txt": "The damage was put at 1.5 × 10^309 dollars, and 12 people died.\n",
    "far_year.txt": "In the year 0005-03-12, 12 people died. Since 0005-03-12, 167 citizens have been trapped by landmines.\n",
}


def extract(*args: str):
    return CliRunner().invoke(main, ["extract", "--rules", str(REPO / "rules"), *args], catch_exceptions=False)


def check(folder: Path):
    return CliRunner().invoke(main, ["check", str(folder), "--rules", str(REPO / "rules"), "--fail-on", "never", "--format", "json"], catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_every_draft_extract_writes_loads_in_check(tmp_path, name):
    article = tmp_path / name
    article.write_bytes(ROUND_TRIP[name].encode("utf-8"))
    out = tmp_path / "drafts"
    result = extract(str(article), "--published", "2021-11-02", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    loaded = check(out)
    assert loaded.exit_code == 0, loaded.output
    document = yaml.safe_load(next(out.iterdir()).read_text(encoding="utf-8"))
    for claim in document["claims"]:
        assert claim["metric"] == "unresolved" or claim.get("note", "").startswith(("metric from", "printed as")) or "note" not in claim


def test_figures_the_reader_cannot_hold_are_kept_as_unresolved(tmp_path):
    article = tmp_path / "scientific.txt"
    article.write_text(ROUND_TRIP["scientific.txt"] + ROUND_TRIP["decimal_comma.txt"], encoding="utf-8")
    out = tmp_path / "drafts"
    assert extract(str(article), "--published", "2021-11-02", "--output", str(out)).exit_code == 0
    claims = yaml.safe_load((out / "scientific.claims.yaml").read_text(encoding="utf-8"))["claims"]
    unresolved = {c["value"]: c["note"] for c in claims if c["metric"] == "unresolved"}
    assert {"1.2 x 10^3", "1e3", "½ million", "3,4 thousand"} <= set(unresolved)
    assert "3" not in {str(c["value"]) for c in claims}  # never half of "3,4 thousand"


def test_a_draft_over_the_size_limit_is_not_written(tmp_path):
    rules = tmp_path / "rules"
    write(rules / "rules.yaml", BASE_RULES + "settings:\n  max_file_bytes: 2000\n")
    article = tmp_path / "table.txt"
    article.write_text(" ".join(f"{n} people died." for n in range(90)), encoding="utf-8")  # under 2,000 bytes; its draft is not
    result = CliRunner().invoke(main, ["extract", str(article), "--rules", str(rules), "--published", "2021-11-02", "--output", str(tmp_path / "d")],
                                catch_exceptions=False)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "over the limit" in line  # the draft, not the article, is over it
    assert not (tmp_path / "d" / "table.claims.yaml").exists()


def test_a_dateline_in_year_5_is_no_publication_date(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("BAKU, 12.03.0005. Over the last five years some 12 people died.\n", encoding="utf-8")
    result = extract(str(article), "--output", str(tmp_path / "d"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {article}: no publication date; pass --published YYYY-MM-DD or add a 'published:' header line"]


def test_a_pipe_larger_than_the_limit_is_read_only_to_the_limit(tmp_path, monkeypatch):
    from checker.extract import pipeline

    monkeypatch.setattr(pipeline, "MAX_INPUT_BYTES", 1000)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed():
        try:
            with open(fifo, "wb") as handle:
                for _ in range(100):  # far more than is read; the writer stops when the reader closes
                    handle.write(b"12 people died. " * 100)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    with pytest.raises(pipeline.ExtractError, match="more than 1,000 bytes"):
        pipeline.read_source(fifo)
    writer.join(timeout=10)
