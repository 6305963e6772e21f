"""Text from sources cannot reorder what a reader sees or ping anyone: bidi controls become
spaces in the terminal and Markdown reports, GitHub mentions and bare links are neutralised in
Markdown, and the JSON report keeps the exact text."""

from __future__ import annotations

import re

import pytest

from checker.report.escape import md
from checker.textnorm import BIDI_CONTROLS

CONTROLS = ["\u202e", "\u202a", "\u2066", "\u2069", "\u061c", "\u200e", "\u200f"]
QUOTE = "33 died \u202e12 \u061cand \u200fmore\u2067, thanks @octocat and @org/team, see www.example.org or https://x.example/a"


@pytest.fixture
def report(project):
    project.source("a", "2021-11-02", f'- {{metric: deaths, value: 33, window: since end_of_war, quote: "{QUOTE}", attributed_to: "@chief\u202e"}}')
    project.source("b", "2021-11-02", '- {metric: deaths, value: 40, window: since end_of_war, quote: "40 died"}', extra="  url: https://www.example.org/story\n")
    return project


def test_bidi_controls_never_reach_the_terminal_or_markdown(report):
    terminal = report.run("--fail-on", "never", "--color").stdout
    markdown = report.run("--format", "markdown", "--fail-on", "never").stdout
    for control in CONTROLS + ["\u2067"]:
        assert control not in terminal and control not in markdown, f"U+{ord(control):04X}"
    assert "12" in terminal and "more" in terminal  # the text stays, only the controls go


def test_json_keeps_the_exact_text(report):
    document = report.json()
    quotes = {c["quote"] for f in document["findings"] for c in f["claims"]}
    assert QUOTE in quotes


def test_mentions_and_bare_links_are_not_live_in_markdown(report):
    markdown = report.run("--format", "markdown", "--fail-on", "never").stdout
    assert "@&#8203;octocat" in markdown and "@&#8203;org/team" in markdown and "@&#8203;chief" in markdown
    assert "www&#8203;.example.org" in markdown and "https&#8203;://x.example/a" in markdown
    assert "@octocat" not in markdown and " www.example.org" not in markdown


def test_links_checker_writes_stay_live(report):
    markdown = report.run("--format", "markdown", "--fail-on", "never").stdout
    assert "[b](https://www.example.org/story)" in markdown


@pytest.mark.parametrize("text, expected", [
    ("mail a@b.org", "mail a@&#8203;b.org"),
    ("no mention @ here", "no mention @ here"),
    ("WWW.EXAMPLE.ORG", "WWW&#8203;.EXAMPLE.ORG"),
    ("plain words", "plain words"),
])
def test_md_neutralises_only_what_github_would_link(text, expected):
    assert md(text) == expected


def test_every_bidi_control_is_listed():
    pattern = re.compile(f"[{BIDI_CONTROLS}]")
    listed = {chr(c) for c in range(0x3000) if pattern.fullmatch(chr(c))}
    assert listed == {chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
