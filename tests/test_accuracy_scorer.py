"""benchmarks/accuracy.py scores checker's findings against a topic's gold.yaml."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from support import REPO, source_doc, write


def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", REPO / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()

RULES = """
metrics:
  - {id: deaths, label: People killed, kind: cumulative, unit: people}
"""


def claim(cid: str, value: int, end: str) -> str:
    return f"""
    - id: {cid}
      metric: deaths
      value: {value}
      window: between 2024-01-01 and {end}
      quote: "{value} killed"
    """


def topic(tmp_path: Path, gold: str) -> Path:
    """a (100 by mid-2024) and b (80 by the end of 2024) clash; c (190 by mid-2025) only rises."""
    root = tmp_path / "toy"
    write(root / "rules" / "metrics.yaml", RULES)
    write(root / "rules" / "settings.yaml", "settings: {reporting_lag_days: 0, date_tolerance_days: 0}\n")
    write(root / "claims" / "a.yaml", source_doc("a", "2024-07-01", claim("a#deaths", 100, "2024-06-30")))
    write(root / "claims" / "b.yaml", source_doc("b", "2025-01-01", claim("b#deaths", 80, "2024-12-31")))
    write(root / "claims" / "c.yaml", source_doc("c", "2025-07-01", claim("c#deaths", 190, "2025-06-30")))
    write(root / "gold.yaml", gold)
    return root


GOLD = """
topic: toy
must_flag:
  - {id: drop, claims: [a#deaths, b#deaths], kind: containment, why: "later, wider and lower"}
must_not_flag:
  - {id: rise, claims: [a#deaths, c#deaths], kind: monotone-series, why: "only rises"}
"""


def test_scores_clash_and_lookalike_in_both_variants(tmp_path, capsys):
    root = topic(tmp_path, GOLD)
    assert accuracy.main([str(root), "--json"]) == 0
    variants = json.loads(capsys.readouterr().out)["topics"][0]["variants"]
    assert set(variants) == {"rules", "no-settings"}
    for scores in variants.values():
        assert (scores["findings"], scores["true_findings"], scores["precision"]) == (1, 1, 1.0)
        assert (scores["must_flag_found"], scores["must_flag"], scores["recall"]) == (1, 1, 1.0)
        assert (scores["look_alikes_flagged"], scores["missed_must_flag"], scores["false_findings"]) == ([], [], [])


def test_a_flagged_lookalike_is_a_false_finding(tmp_path, capsys):
    """The twin: the same clash labelled a look-alike counts against precision."""
    gold = "must_flag: []\nmust_not_flag:\n  - {id: rise, claims: [a#deaths, b#deaths], kind: other, why: x}\n"
    assert accuracy.main([str(topic(tmp_path, gold)), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["topics"][0]["variants"]["rules"]
    assert (scores["findings"], scores["true_findings"], scores["precision"], scores["recall"]) == (1, 0, 0.0, None)
    assert scores["look_alikes_flagged"] == ["rise"]
    [false] = scores["false_findings"]
    assert false["rule"] == "cumulative-containment" and false["claims"] == ["a#deaths", "b#deaths"]


def test_text_report_names_false_findings_and_missed_items(tmp_path, capsys):
    gold = GOLD.replace("must_not_flag:", "  - {id: never-found, claims: [b#deaths, c#deaths], kind: containment, why: x}\nmust_not_flag:")
    assert accuracy.main([str(topic(tmp_path, gold))]) == 0
    out = capsys.readouterr().out
    assert "missed must-flag: never-found" in out
    assert "1/2 = 0.50" in out  # recall: one of two must_flag items found


@pytest.mark.parametrize("broken", [
    GOLD.replace("b#deaths", "b#death"),     # an unknown claim id would silently lower recall
    "topic: toy\nmust_flag: {}\n",           # not a list
    "must_flag: [\n",                        # not YAML
])
def test_broken_gold_is_one_line_and_exit_2(tmp_path, capsys, broken):
    assert accuracy.main([str(topic(tmp_path, broken))]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "gold.yaml" in err


def test_broken_claims_are_exit_2(tmp_path, capsys):
    root = topic(tmp_path, GOLD)
    write(root / "claims" / "c.yaml", source_doc("c", "2025-07-01", claim("c#deaths", 190, "2025-06-30")).replace("metric: deaths", "metric: deths"))
    assert accuracy.main([str(root)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_derived_claims_count_as_their_sources():
    finding = {"claims": [{"id": "x#derived", "derived_from": ["a#1", "a#2"]}, {"id": "b#1", "derived_from": []}], "details": {}}
    clashes = accuracy.involved(finding)
    assert clashes == [{"a#1", "a#2", "b#1"}]
    assert accuracy.matches(clashes, {"claims": {"a#1", "z#9"}}) is False
    assert accuracy.matches(clashes, {"claims": {"a#2", "b#1", "z#9"}}) is True
    assert accuracy.matches(clashes, {"claims": {"b#1"}}) is True  # a one-claim item needs that claim


def _restated_finding() -> dict:
    # 11,300 (a, restated by b) against 3,958 (c): the clashes a-c and b-c.
    claims = [{"id": cid, "derived_from": []} for cid in ("a#1", "c#1", "b#1")]
    return {"claims": claims, "details": {"restated": [{"of": {"claim": "a#1"}, "by": [{"claim": "b#1"}]}]}}


def test_two_claims_restating_one_figure_count_as_one():
    clashes = accuracy.involved(_restated_finding())
    assert sorted(map(sorted, clashes)) == [["a#1", "c#1"], ["b#1", "c#1"]]
    assert accuracy.matches(clashes, {"claims": {"a#1", "b#1", "z#9"}}) is False  # only restatements of one figure


def test_a_restated_clash_matches_each_pair_it_states():
    clashes = accuracy.involved(_restated_finding())
    assert accuracy.matches(clashes, {"claims": {"b#1", "c#1"}}) is True
    assert accuracy.matches(clashes, {"claims": {"a#1", "c#1", "z#9"}}) is True


def _shared_finding() -> dict:
    # 10 (w) below 30 (a, restated by b) and below 26 (c): the clashes w-a, w-b and w-c.
    claims = [{"id": cid, "derived_from": []} for cid in ("a#1", "w#1", "b#1", "c#1")]
    restated = [{"of": {"claim": "a#1"}, "by": [{"claim": "b#1"}]}]
    return {"rule": "scope-subset", "severity": "warning", "message": "x", "claims": claims,
            "details": {"restated": restated, "shared": {"claim": "w#1"},
                                          "also": [{"claims": ["c#1", "w#1"], "details": {}}]}}


def test_a_finding_setting_one_figure_against_several_is_scored_as_each_finding():
    members = accuracy.members(_shared_finding())
    assert [sorted(map(sorted, accuracy.involved(m))) for m in members] == [[["a#1", "w#1"], ["b#1", "w#1"]], [["c#1", "w#1"]]]
    gold = {"must_flag": [{"id": "behind", "claims": {"w#1", "a#1"}}], "must_not_flag": [{"id": "parts", "claims": {"a#1", "c#1"}}]}
    scores = accuracy.score([_shared_finding()], gold)
    # The clash with c is scored false on its own; a and c were never set against each other.
    assert (scores["findings"], scores["shown"], scores["true_findings"], scores["look_alikes_flagged"]) == (2, 1, 1, [])
