"""The engine's two ways to read derived claims (checker.engine.AuditTable) give the same
reports: checks on the stated claims plus a small table of the metrics linked to a derived
claim, or checks on one table of every claim. The split is what a million claims with a few
derived ones take; the one table is what many derived claims take."""

from __future__ import annotations

import pytest

from checker.corpus import load_corpus
from checker.engine import AuditTable, prepare, run_audit
from checker.report.jsonout import render_json
from checker.report.markdown import render_markdown
from checker.rules import load_rules
from support import REPO

CORPORA = [(REPO / "claims", REPO / "rules"), (REPO / "examples" / "city" / "claims", REPO / "examples" / "city" / "rules")]


def _audited(monkeypatch, claims, rules_dir, share: float):
    monkeypatch.setattr(AuditTable, "SMALL_SHARE", share)
    rules = load_rules([rules_dir])
    corpus = load_corpus(sorted(claims.glob("*.yaml")), rules)
    return run_audit(corpus, rules), AuditTable(prepare(corpus.claims, rules), rules)


@pytest.mark.parametrize("claims, rules_dir", CORPORA, ids=["bundled", "city"])
def test_the_split_tables_and_one_table_give_identical_reports(monkeypatch, claims, rules_dir):
    split, split_table = _audited(monkeypatch, claims, rules_dir, 1.0)
    whole, whole_table = _audited(monkeypatch, claims, rules_dir, -1.0)
    assert len(split_table.derived) > 0  # the corpus derives claims, so both ways are taken
    assert split_table.small is not None and len(split_table.tables) == 2
    assert whole_table.small is None and len(whole_table.tables) == 1
    assert render_json(split) == render_json(whole)
    assert render_markdown(split) == render_markdown(whole)


def test_the_split_checks_read_the_derived_claims(monkeypatch):
    """Twin of the above: a derived claim is in the small table, so the checks can flag it."""
    result, table = _audited(monkeypatch, REPO / "claims", REPO / "rules", 1.0)
    derived_ids = set(table.derived["claim_id"])
    assert table.linked and derived_ids <= set(table.small["claim_id"])
    assert any(c.claim_id in derived_ids for f in result.findings for c in f.claims)
