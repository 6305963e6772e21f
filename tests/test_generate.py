"""benchmarks/generate.py: the planted discrepancies are all found, and nothing else is.

The generated world is consistent by construction (every figure holds), so a finding that no
plant explains is a false alarm of a check, and a plant no finding names is a miss.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.engine import run_audit
from checker.corpus import load_corpus
from checker.rules import load_rules
from support import REPO

spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate  # its dataclasses look their module up
spec.loader.exec_module(generate)


def audit(paths: list[Path], rules_folder: Path) -> list[tuple[str, tuple[str, ...]]]:
    rules = load_rules([rules_folder])
    result = run_audit(load_corpus(paths, rules), rules)
    return [(f.rule, tuple(c.claim_id for c in f.claims)) for f in result.findings]


@pytest.mark.parametrize("claims, metrics, seed", [(2000, 40, 1), (3000, 8, 2)])
def test_planted_discrepancies_are_found_and_nothing_else(tmp_path: Path, claims: int, metrics: int, seed: int) -> None:
    frame, rules, planted = generate.generate(claims, metrics, seed)
    generate.write(tmp_path, frame, rules, planted, ("csv",))
    findings = audit([tmp_path / "claims.csv"], tmp_path / "rules")
    unexplained, missed = generate.score(findings, planted)
    assert set(planted["check"]) == set(generate.PLANTED_KINDS)
    assert missed == []
    assert unexplained == []


def test_a_broken_plant_is_missed_and_an_unplanted_finding_is_unexplained(tmp_path: Path) -> None:
    """The twin: the score notices a finding it cannot explain and a plant nobody found."""
    frame, rules, planted = generate.generate(2000, 40, 1)
    generate.write(tmp_path, frame, rules, planted, ("csv",))
    findings = audit([tmp_path / "claims.csv"], tmp_path / "rules")
    first = planted.iloc[0]
    other_kind = next(k for k in generate.PLANTED_KINDS if k != first["check"])
    unexplained, _ = generate.score([(other_kind, (first["claim_id"],))], planted)
    _, missed = generate.score([f for f in findings if first["claim_id"] not in f[1]], planted)
    assert unexplained and (first["check"], first["claim_id"]) in missed


def test_the_yaml_copy_gives_the_same_findings(tmp_path: Path) -> None:
    frame, rules, planted = generate.generate(1500, 30, 3)
    generate.write(tmp_path, frame, rules, planted, ("csv", "yaml"))
    assert audit([tmp_path / "yaml"], tmp_path / "rules") == audit([tmp_path / "claims.csv"], tmp_path / "rules")


def test_one_window_plants_are_listed_past_the_limit_and_the_rest_are_copies(tmp_path: Path) -> None:
    # 3,000 claims of one metric and month: the copies of each wrong figure's clashes run far past
    # the limit of 100, yet every wrong figure is listed and what is left out are copies.
    frame, rules, planted = generate.generate_one_window(3000, seed=2)
    generate.write(tmp_path, frame, rules, planted, ("csv",))
    rules_set = load_rules([tmp_path / "rules"])
    result = run_audit(load_corpus([tmp_path / "claims.csv"], rules_set), rules_set)
    listed = [(f.rule, tuple(c.claim_id for c in f.claims)) for f in result.findings if f.claims]
    unexplained, missed = generate.score(listed, planted)
    assert missed == [] and unexplained == []
    [count] = [dict(f.details) for f in result.findings if not f.claims]
    assert count["restating_listed"] == count["not_listed"] > 1000


def test_one_window_with_more_wrong_figures_than_the_limit_counts_clashes_that_are_not_copies(tmp_path: Path) -> None:
    """The twin: 16 wrong figures clash in 120 pairs among themselves, past the limit of 100:
    some clashes are not listed at all, and the count says so by not calling them all copies."""
    frame, rules, planted = generate.generate_one_window(3000, seed=2, plants=16)
    generate.write(tmp_path, frame, rules, planted, ("csv",))
    rules_set = load_rules([tmp_path / "rules"])
    result = run_audit(load_corpus([tmp_path / "claims.csv"], rules_set), rules_set)
    [count] = [dict(f.details) for f in result.findings if not f.claims]
    assert count.get("restating_listed", 0) < count["not_listed"]
