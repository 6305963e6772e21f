"""The terminal report: fits the console (no table row wraps at 80 or 100 columns), summary and
findings by default, timelines on request, one line with -q, colour as asked even in a pipe."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from rich.padding import Padding
from rich.table import Table

from checker.cli import main
from checker.engine import run_audit
from checker.corpus import load_corpus
from checker.report.terminal import render_terminal, report_blocks, summary_line
from checker.rules import load_rules
from support import REPO

CITY = REPO / "examples" / "city"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def audit(claims, rules):
    loaded = load_rules([rules])
    return run_audit(load_corpus([claims], loaded), loaded)


@pytest.fixture(scope="module")
def results():
    return {"bundled": audit(REPO / "claims", REPO / "rules"), "city": audit(CITY / "claims", CITY / "rules")}


def lines_of(renderable, width: int) -> list[str]:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, markup=False, highlight=False).print(renderable)
    return buffer.getvalue().splitlines()


def tables(blocks, width: int):
    """Each table of the report with the width it is printed in (less its indent)."""
    for block in blocks:
        inner, room = (block.renderable, width - block.left) if isinstance(block, Padding) else (block, width)
        for item in getattr(inner, "renderables", [inner]):
            if isinstance(item, Table):
                yield item, room


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("corpus", ["bundled", "city"])
def test_no_table_row_wraps_and_no_line_overflows(results, corpus, width):
    result = results[corpus]
    blocks = report_blocks(result, width, timelines=True)
    checked = 0
    for table, room in tables(blocks, width):
        assert len(lines_of(table, room)) == table.row_count + 1  # the header and one line per row
        checked += 1
    assert checked > len(result.findings)  # the checks table, every finding's claims, the timelines
    text = render_terminal(result, width=width, timelines=True)
    assert max(len(line) for line in text.splitlines()) <= width
    quotes = [q for q in result.claims["quote"] if q and len(q) > 40]
    assert any(q[:15] in text and q not in text for q in quotes)  # long quotes are cut, not dropped


def test_a_table_left_to_rich_would_wrap(results):
    """The twin: the same finding's rows in a plain table wrap at 80 columns."""
    finding = next(f for f in results["bundled"].findings if len(f.claims) >= 2)
    table = Table(box=None)
    for name in ("source", "said by", "published", "figure", "window", "quote", "file"):
        table.add_column(name)
    for c in finding.claims:
        table.add_row(c.source, c.attributed_to, c.published, c.printed, c.window_text, c.quote, f"{c.file}:{c.line}")
    assert len(lines_of(table, 80 - 3)) > table.row_count + 1


def test_default_shows_findings_and_timelines_only_on_request(runner):
    plain = runner.invoke(main, ["check", "--fail-on", "never"], env={"COLUMNS": "100"}).stdout
    for flag in ("--timelines", "-v"):
        verbose = runner.invoke(main, ["check", "--fail-on", "never", flag], env={"COLUMNS": "100"}).stdout
        assert verbose.startswith(plain.rsplit("\n\n", 1)[0])  # the same summary and findings, then the timelines
        assert "donor_countries: Countries supporting demining" in verbose  # a metric in no finding
    assert "donor_countries" not in plain
    assert re.search(r"^1\. error", plain, re.M) and "cumulative-containment on mine_deaths" in plain


def test_quiet_prints_the_one_line_summary(runner, results):
    result = runner.invoke(main, ["check", "-q"])
    assert result.exit_code == 1  # the gate is unchanged
    assert result.stdout == summary_line(results["bundled"]) + "\n"
    assert result.stdout.startswith("checker as of 2025-12-09: 5 errors, 2 warnings, 1 info open; 0 accepted")
    both = runner.invoke(main, ["check", "-q", "-v"])
    assert both.exit_code == 2


@pytest.mark.parametrize("args, env, coloured", [
    (["--color", "always"], {}, True),
    (["--color"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # an explicit flag beats the environment
    (["--color", "never"], {}, False),
    (["--no-color"], {}, False),
    ([], {}, False),  # auto, and a pipe is not a terminal
])
def test_color_is_what_was_asked_for_even_in_a_pipe(runner, args, env, coloured):
    text = runner.invoke(main, ["check", "--fail-on", "never", *args], env=env).stdout
    assert bool(ANSI.search(text)) is coloured


def test_auto_colour_on_a_terminal_honours_no_color(monkeypatch):
    from checker import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_color("auto", None) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_color("auto", None) is False
    assert cli._use_color("auto", REPO / "r.txt") is False  # a file is not a terminal


@pytest.mark.parametrize("columns", ["80", "100", "132"])
def test_the_width_follows_columns(runner, columns):
    text = runner.invoke(main, ["check", "--fail-on", "never", "-v"], env={"COLUMNS": columns}).stdout
    widths = [len(line) for line in text.splitlines()]
    assert max(widths) <= int(columns) and max(widths) > int(columns) - 10


def test_a_terminal_report_written_to_a_file_is_100_columns(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    out = tmp_path / "r.txt"
    assert runner.invoke(main, ["check", "--fail-on", "never", "-v", "--output", str(out)]).exit_code == 0
    assert max(len(line) for line in out.read_text(encoding="utf-8").splitlines()) == 100
