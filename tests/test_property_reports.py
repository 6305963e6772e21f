"""Any claim text renders: Markdown stays inert and keeps its tables, JSON parses, the terminal prints."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.engine import run_audit
from checker.errors import InputErrors
from checker.corpus import load_corpus
from checker.report import render_markdown, render_terminal
from checker.report.jsonout import render_json
from checker.rules import load_rules
from checker.textnorm import BIDI_CONTROLS, visible
from support import BASE_RULES, write
from test_hostile import assert_tables_keep_their_columns

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE_BITS = ["<script>", "</td>", "|", "||", "`", "```", "[", "]", "](javascript:alert(1))", "(", ")", "#", "## ", "\n",
                "\n\n## H\n", "*", "_", "~", "\\", "\\|", "&", "&lt;", "&#60;", "<!--", "-->", '"', "'", "“", "—", "\u202e",
                "\u2028", "\t", "- ", "1. ", "> ", "=", "$", "{", "}", "![x](y)", "<https://e.org>", "\ufeff", "ﷺ", "🙂", "ア",
                "\u061c", "\u200e", "\u200f", "\u2066", "\u2069", "@octocat", "www.example.org", "http://x.example"]
PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
text = st.lists(st.one_of(st.sampled_from(HOSTILE_BITS), PRINTABLE), min_size=1, max_size=12).map("".join).map(
    lambda s: s if visible(s) else s + "x"  # text with nothing visible is refused as a quote
)

BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_RULES = []


def rules():
    if not _RULES:
        with tempfile.TemporaryDirectory() as folder:
            _RULES.append(load_rules([write(Path(folder) / "rules.yaml", BASE_RULES)]))
    return _RULES[0]


def audit(title: str, publisher: str, quotes: list[str], said_by: str, scope: str):
    claims = [
        {"metric": "deaths", "value": value, "window": "since end_of_war", "quote": quote, "attributed_to": said_by, "scope": scope}
        for value, quote in zip(["30", "35", "40"], quotes)
    ]
    claims.append({"metric": "victims", "value": "5", "window": "since end_of_war", "quote": quotes[0]})  # a not-checked claim
    document = {"source": {"id": "src", "title": title, "publisher": publisher, "published": "2021-11-02",
                           "url": "https://example.org/" + title[:20]}, "claims": claims}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            corpus = load_corpus([path], rules())
        except InputErrors as exc:
            # Only one field can be refused: a URL that is not http(s) after YAML quoting quirks.
            assert all(issue.field == "source.url" for issue in exc.issues), exc.issues
            return None
        return run_audit(corpus, rules())


@SETTINGS
@given(text, text, st.lists(text, min_size=3, max_size=3), text, text)
@example("<script>alert(1)</script>", "| a | b |", ["](javascript:x)", "```", "\n\n## Fake\n"], "<b>x</b>", "a|b")
def test_any_claim_text_renders_safely(title, publisher, quotes, said_by, scope):
    result = audit(title, publisher, quotes, said_by, scope)
    if result is None:
        return
    markdown = render_markdown(result)
    assert "<" not in re.sub(r'<a name="[A-Za-z0-9_.-]+"></a>', "", markdown)  # every '<' from a source is an entity
    assert not re.search(r"(?<!\\)\]\((?!https?://|#)", markdown)  # links only to http(s) and to anchors
    assert_tables_keep_their_columns(markdown)
    for line in markdown.splitlines():
        # A heading is only ever one checker wrote, never one smuggled in from a source.
        if line.startswith("#"):
            assert re.match(r'^#{1,4} <a name="[A-Za-z0-9_.-]+"></a>(checker audit|Findings at a glance|Summary|Findings|Metrics|Not checked|Sources|\d+\. |`)', line), line

    document = json.loads(render_json(result), parse_constant=_reject)
    quotes_out = {c["quote"] for f in document["findings"] for c in f["claims"]} | {n["claim"]["quote"] for n in document["not_checked"]}
    assert quotes_out <= {str(q) for q in result.claims["quote"]}

    terminal = render_terminal(result, color=False)
    assert isinstance(terminal, str) and "\x1b" not in terminal
    assert not BIDI.search(markdown) and not BIDI.search(terminal)  # nothing reorders what a reader sees
    text_only = re.sub(r"\]\([^)]*\)", "]", markdown)  # link targets are URLs checker wrote, not text
    assert not re.search(r"@[A-Za-z0-9]|www\.|https?://", text_only)  # no live mention or bare link


def _reject(name):
    raise AssertionError(f"not valid JSON: {name}")
