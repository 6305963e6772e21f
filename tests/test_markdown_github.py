"""The Markdown report as GitHub shows it: rendered with markdown-it-py (CommonMark with GFM
tables and inline HTML), on the committed bundled report and on examples/city. No visible
escape characters, every image exists, every internal link lands on an anchor, every file link
on a file, every heading has an anchor, and every table row has its header's column count."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from checker.cli import main
from support import REPO

CITY = REPO / "examples" / "city"
ANCHOR = re.compile(r'<a name="([^"]+)"></a>')
DOUBLE_ESCAPED = ("&amp;quot;", "&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;#")  # an entity shown as text


def github() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@pytest.fixture(scope="module")
def city_report(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("city") / "city.md"
    result = CliRunner().invoke(main, ["check", str(CITY / "claims"), "--rules", str(CITY / "rules"), "--markdown", str(out), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    return out


def reports(city_report: Path) -> list[Path]:
    return [REPO / "reports" / "audit.md", city_report]


def inline_children(tokens):
    for token in tokens:
        if token.type == "inline":
            yield from token.children or []


def test_reports_show_no_escape_characters(city_report):
    for report in reports(city_report):
        tokens = github().parse(report.read_text(encoding="utf-8"))
        shown = [t.content for t in inline_children(tokens) if t.type in ("text", "code_inline")]
        assert shown
        for text in shown:
            assert "\\" not in text, (report.name, text)
        html = github().render(report.read_text(encoding="utf-8"))
        assert not any(escape in html for escape in DOUBLE_ESCAPED), report.name


def test_every_image_exists(city_report):
    for report in reports(city_report):
        images = [t.attrGet("src") for t in inline_children(github().parse(report.read_text(encoding="utf-8"))) if t.type == "image"]
        assert images, report.name
        for src in images:
            assert not re.match(r"^[a-z]+:", src) and (report.parent / unquote(src)).is_file(), src


def test_every_link_lands(city_report):
    for report in reports(city_report):
        text = report.read_text(encoding="utf-8")
        anchors = ANCHOR.findall(text)
        assert len(anchors) == len(set(anchors)), "anchors are unique"
        links = [t.attrGet("href") for t in inline_children(github().parse(text)) if t.type == "link_open"]
        internal = [href for href in links if href.startswith("#")]
        files = [href for href in links if not href.startswith(("#", "https://", "http://"))]
        assert internal and files, report.name
        for href in internal:
            assert href[1:] in anchors, href
        for href in files:
            path, _, line = href.partition("#L")
            target = report.parent / unquote(path)
            assert target.is_file(), href
            assert 1 <= int(line) <= len(target.read_text(encoding="utf-8").splitlines()), href


def test_every_heading_has_an_anchor(city_report):
    for report in reports(city_report):
        tokens = github().parse(report.read_text(encoding="utf-8"))
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                first = tokens[i + 1].children[0]
                assert first.type == "html_inline" and re.fullmatch(r'<a name="[^"]+">', first.content), tokens[i + 1].content


def test_tables_have_their_headers_column_count(city_report):
    for report in reports(city_report):
        lines = report.read_text(encoding="utf-8").splitlines()
        tables = [t for t in github().parse("\n".join(lines)) if t.type == "table_open"]
        assert tables
        for table in tables:
            start, end = table.map
            rows = [cells(line) for line in lines[start:end]]
            assert all(len(row) == len(rows[0]) for row in rows), lines[start:end]
        # and every line that looks like a table row belongs to a table markdown-it found
        in_tables = {n for t in tables for n in range(*t.map)}
        assert all(n in in_tables for n, line in enumerate(lines) if line.startswith("|"))


def cells(line: str) -> list[str]:
    """A table row's cells: split at pipes that are not escaped (GFM: `\\|` stays in the cell)."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def test_a_visible_escape_is_caught():
    """The twin of the tests above: an id escaped inside a code span shows its backslash."""
    shown = [t.content for t in inline_children(github().parse("`mine\\_deaths` and mine\\_deaths")) if t.type in ("text", "code_inline")]
    assert shown[0] == "mine\\_deaths" and "\\" not in shown[1]
