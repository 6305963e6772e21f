"""Reports: golden Markdown, determinism, escaping, JSON schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from checker.report.escape import md, md_link
from support import FIXTURES, REPO

CORE = FIXTURES / "core"


def render(runner, fmt, *paths):
    args = ["check", *(paths or [str(CORE / "claims")]), "--rules", str(CORE / "rules"), "--format", fmt, "--fail-on", "never"]
    result = runner.invoke(__import__("checker.cli", fromlist=["main"]).main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_markdown_report_matches_golden(runner):
    # Regenerate on purpose with: checker check tests/fixtures/core/claims --rules tests/fixtures/core/rules
    #   --format markdown --fail-on never > tests/fixtures/core/golden.md  (from the repo root; on standard
    #   output, so no charts and no file links)
    golden = (CORE / "golden.md").read_text(encoding="utf-8")
    text = render(runner, "markdown").replace(str(CORE), "tests/fixtures/core")
    assert text == golden


def test_input_order_does_not_change_reports(runner, tmp_path):
    files = sorted((CORE / "claims").glob("*.yaml"))
    forward = render(runner, "json", *map(str, files))
    backward = render(runner, "json", *map(str, reversed(files)))
    assert forward == backward


def test_reports_and_charts_are_identical_across_runs_and_hash_seeds(tmp_path):
    """The Markdown report and every chart beside it, byte for byte, in two processes (charts
    take a few seconds: JSON and terminal reports are compared over three seeds in
    test_determinism.py)."""
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / seed / "audit.md"
        out.parent.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "checker", "check", "--format", "markdown", "--output", str(out), "--fail-on", "never"],
            cwd=REPO, env=env, check=True, capture_output=True,
        )
        charts = sorted((out.parent / "audit-charts").iterdir())
        outputs.append([out.read_bytes()] + [(p.name, p.read_bytes()) for p in charts])
    assert len(outputs[0]) > 2  # the report and its charts
    assert outputs[0] == outputs[1]


def test_json_report_has_the_documented_shape(runner):
    document = json.loads(render(runner, "json"))
    assert document["schema_version"] == 2
    assert set(document) == {"schema_version", "tool", "as_of", "summary", "findings", "not_checked", "relations_not_checked", "stale_accepted", "unresolved"}
    finding = document["findings"][0]
    assert set(finding) >= {"rule", "severity", "metric", "message", "claims", "fingerprint"}
    assert set(finding["claims"][0]) >= {"source", "published", "value", "qualifier", "unit", "window_start", "window_end", "quote", "file", "line"}
    assert document["as_of"] == "2025-07-09"  # the latest publication, not today


def test_as_of_is_explicit(runner):
    args = ["check", str(CORE / "claims"), "--rules", str(CORE / "rules"), "--format", "json", "--fail-on", "never", "--as-of", "2026-01-01"]
    from checker.cli import main

    assert json.loads(runner.invoke(main, args).stdout)["as_of"] == "2026-01-01"


def test_source_text_cannot_inject_markdown_or_html():
    hostile = "<script>alert(1)</script> | [x](javascript:alert(1)) **bold** `code` # head\n\n## new section"
    escaped = md(hostile)
    assert "<script>" not in escaped and "\n" not in escaped
    assert "\\|" in escaped and "\\[x\\]" in escaped and "\\*\\*bold\\*\\*" in escaped and "\\`code\\`" in escaped
    assert md_link("t", "javascript:alert(1)") == "t"
    assert md_link("t", "https://e.org/a b)") == "[t](https://e.org/a%20b%29)"


def test_hostile_quote_renders_safely_end_to_end(project):
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "<img src=x onerror=alert(1)> | ](javascript:x) ### H"}
        - {metric: deaths, value: 30, window: since end_of_war, quote: "`tick` *star*"}
    """, extra="  url: \"https://example.org/a)(b\"\n")
    out = project.root / "r.md"
    result = project.run("--format", "markdown", "--output", str(out), "--fail-on", "never")
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    import re

    assert "<img" not in text and not re.search(r"(?<!\\)\]\(javascript", text)
    # Every table row keeps its header's column count: escaped pipes do not split cells.
    columns = None
    rows_checked = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        count = line.replace("\\|", "").count("|")
        if columns is None:
            columns = count
        assert count == columns, line
        rows_checked += "&lt;img" in line
    assert rows_checked == 2  # the finding's table and the metric's timeline


def test_output_is_written_atomically_and_replaces_old_report(project):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}')
    out = project.root / "r.md"
    out.write_text("old", encoding="utf-8")
    assert project.run("--format", "markdown", "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith('# <a name="checker-audit"></a>checker audit')
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".r.md")] == []
