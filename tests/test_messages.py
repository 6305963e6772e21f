"""Facts in drafts, words in renderers: every message kind a check drafts has its words in
checker/report/messages.py, the JSON report carries the kind and the facts the sentence was
worded from, and drafts are told apart by structure, not by their words."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from click.testing import CliRunner

from checker.checks.relation_common import unique_drafts
from checker.cli import main
from checker.facts import Figure, Restatement, Window
from checker.model import ClaimRef, Draft, Finding, Interval, Severity
from checker.report.messages import MESSAGES, render

ROOT = Path(__file__).resolve().parents[1]
KIND = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _drafted_kinds() -> set[str]:
    """The message kinds written in the checks and the engine (string constants shaped a.b)."""
    sources = [*sorted((ROOT / "checker" / "checks").glob("*.py")), ROOT / "checker" / "engine.py"]
    return {
        node.value
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KIND.match(node.value)
    }


def test_every_drafted_kind_has_words_and_every_worded_kind_is_drafted():
    assert _drafted_kinds() == set(MESSAGES)


def test_no_check_writes_a_sentence():
    # The phrase helpers that wrote English in the checks are gone; checks import no words.
    for path in (ROOT / "checker" / "checks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bmessage\s*=", text), path.name
        assert "checker.report" not in text, path.name


def _figures(details) -> list[dict]:
    """Every claim fact in a JSON details object, however nested."""
    out = []
    for value in details.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "claim" in item and "window" in item:
                out.append(item)
    return out


def test_the_json_report_carries_each_findings_kind_and_facts():
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never"], catch_exceptions=False)
    findings = json.loads(result.stdout)["findings"]
    assert findings
    for finding in findings:
        details = finding["details"]
        assert details["message_kind"] in MESSAGES
        named = _figures(details)
        assert named, details["message_kind"]  # every kind of the bundled corpus names claims
        assert {f["claim"] for f in named} <= {c["id"] for c in finding["claims"]}


def _claim(claim_id: str, source: str, printed: str) -> ClaimRef:
    return ClaimRef(claim_id, source, "", "", "", "2025-01-01", "deaths", "", printed, float(printed), "exact", "people",
                    float(printed), float(printed), "2024-01 .. 2024-12", "2024-01", "2024-12", "", "", "f.yaml", 1)


def _figure(claim_id: str, value: float) -> Figure:
    return Figure(claim_id, Window("2024-01", "2024-12", False), Interval(value, value))


def _finding(kind: str, claims: tuple[ClaimRef, ...], details: tuple) -> Finding:
    return Finding("same-window-agreement", Severity.ERROR, "deaths", "", "", claims, details, message_kind=kind)


def test_the_sentence_follows_the_facts_not_the_order_of_the_claims():
    a, b = _claim("a#1", "alpha", "64"), _claim("b#1", "beta", "71")
    facts = (("gap", 7.0), ("figures", (_figure("a#1", 64), _figure("b#1", 71))))
    first_lower = render(_finding("same_window.disagree", (a, b), facts + (("lower", "a#1"),)))
    second_lower = render(_finding("same_window.disagree", (a, b), facts + (("lower", "b#1"),)))
    assert "64 against 71" in first_lower and "71 against 64" in second_lower
    assert "alpha (2025-01-01)" in first_lower and "beta (2025-01-01)" in first_lower


def test_restating_sources_are_named_only_when_there_are_some():
    a, b, c = _claim("a#1", "alpha", "64"), _claim("b#1", "beta", "71"), _claim("c#1", "gamma", "71")
    facts = (("gap", 7.0), ("figures", (_figure("a#1", 64), _figure("b#1", 71))), ("lower", "a#1"))
    alone = render(_finding("same_window.disagree", (a, b), facts + (("restated", ()),)))
    restatement = Restatement(_figure("b#1", 71), (_figure("c#1", 71),))
    restated = render(_finding("same_window.disagree", (a, b, c), facts + (("restated", (restatement,)),)))
    assert "gamma" not in alone and restated.startswith(alone) and "gamma" in restated


def test_a_restatement_names_its_window_only_where_it_differs():
    a, b, c = _claim("a#1", "alpha", "64"), _claim("b#1", "beta", "71"), _claim("c#1", "gamma", "71")
    facts = (("gap", 7.0), ("figures", (_figure("a#1", 64), _figure("b#1", 71))), ("lower", "a#1"))
    later = Figure("c#1", Window("2024-01", "2026-03", True), Interval(71, 71))
    same = render(_finding("same_window.disagree", (a, b, c), facts + (("restated", (Restatement(_figure("b#1", 71), (_figure("c#1", 71),)),)),)))
    other = render(_finding("same_window.disagree", (a, b, c), facts + (("restated", (Restatement(_figure("b#1", 71), (later,)),)),)))
    assert "2026-03" not in same and "2026-03" in other.split("gamma")[1]


def test_drafts_with_the_same_kind_and_claims_are_one_whatever_their_facts():
    one = Draft("deaths", "", "parts_sum.parts_do_not_add_up", ("a#1", "b#1"), (("gap", 3.0),))
    same = Draft("deaths", "", "parts_sum.parts_do_not_add_up", ("b#1", "a#1"), (("gap", 4.0),))
    assert unique_drafts([one, same]) == [one]


def test_drafts_of_different_kinds_on_the_same_claims_are_two():
    one = Draft("beds", "", "stock_flow.not_balanced", ("a#1", "b#1"))
    other = Draft("beds", "", "stock_flow.remaining_fits_as_total", ("a#1", "b#1"))
    assert unique_drafts([one, other]) == [one, other]


def test_a_word_fraction_is_worded_without_its_unit(tmp_path):
    # "a third" of a country under water is a share by itself: "a third", not "a third percent".
    from support import Project

    project = Project(tmp_path, """
metrics:
  - {id: flooded, label: Share of the country under water, kind: level, unit: percent}
""")
    project.source("a", "2022-09-01", '- {metric: flooded, value: "a third", unit: percent, window: as of 2022-08-30, quote: "a third"}')
    project.source("b", "2022-09-02", '- {metric: flooded, value: "10", unit: percent, window: as of 2022-08-30, quote: "10%"}')
    [finding] = project.findings("same-window-agreement")
    assert "a third from a" in finding["message"] and "a third percent" not in finding["message"]
    assert "10 percent from b" in finding["message"]  # twin: a number keeps its unit
