"""JSON report of `checker gate` (gate schema version 1). Keys and list order are stable.

{
  "schema_version": 2, "kind": "gate", "tool": {"name": "checker", "version": "..."},
  "corpus": {"sources": n, "claims": n}, "min_confidence": 0.35,
  "drafts": [{
    "path", "source_id", "published", "published_basis": "option" | "front matter" | "today",
    "counts": {"conflict": n, "not understood": n, "new": n, "consistent": n},
    "figures": [{"id", "line", "column", "sentence", "quote", "metric", "scope", "value", "qualifier",
                 "unit", "window", "window_basis", "confidence", "verdict",
                 "reason" (not understood: see checker/gate/reasons.py), "detail",
                 "findings": [fingerprint, ...], "accepted", "window_guessed",
                 "guessed": ["window" | "scope" | "metric", ...] (what of its reading was guessed),
                 "support": [{"relation", "claim": {...as in the check report...}}],
                 "holdings": {"claims", "sources", "scopes", "first_end", "last_end"} | null}],
    "findings": [{...as in the check report...}],
    "tentative_findings": [{...}],  # findings that rest on a reading too weak to count (checker/gate/readings.py)
    "unused_accepts": [{"line", "metric", "reason"}]}]
}
"""

from __future__ import annotations

import json
from typing import Any

from checker import __version__
from checker.report.gate_common import counts
from checker.report.jsonout import claim_json, finding_json

SCHEMA_VERSION = 2  # 2: findings carry details.message_kind and their facts, as the check report


def figure_json(verdict) -> dict[str, Any]:
    figure = verdict.figure
    held = verdict.holdings
    return {
        "id": figure.claim_id, "line": figure.line, "column": figure.column, "sentence": figure.sentence,
        "quote": figure.quote, "metric": figure.metric, "scope": figure.scope or None, "value": figure.printed, "qualifier": figure.qualifier,
        "unit": figure.unit, "window": figure.window, "window_basis": figure.window_basis, "confidence": figure.confidence,
        "verdict": verdict.verdict, "reason": verdict.reason or None, "detail": verdict.detail or None,
        "findings": [f.fingerprint for f in verdict.findings], "accepted": verdict.accepted, "window_guessed": verdict.window_guessed, "guessed": list(verdict.guessed),
        "support": [{"relation": s.relation, "claim": claim_json(s.claim)} for s in verdict.support],
        "holdings": None if held is None else {"claims": held.claims, "sources": held.sources, "scopes": list(held.scopes), "first_end": held.first_end or None, "last_end": held.last_end or None},
    }


def render_gate_json(result) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": "gate",
        "tool": {"name": "checker", "version": __version__},
        "corpus": {"sources": result.corpus_sources, "claims": result.corpus_claims},
        "min_confidence": result.min_confidence,
        "drafts": [
            {
                "path": gate.draft.path,
                "source_id": gate.draft.source_id,
                "published": gate.draft.published.iso(),
                "published_basis": gate.draft.published_basis,
                "counts": counts(gate),
                "figures": [figure_json(v) for v in gate.verdicts],
                "findings": [finding_json(f) for f in gate.findings],
                "tentative_findings": [finding_json(f) for f in gate.tentative],
                "unused_accepts": [{"line": a.line, "metric": a.metric, "reason": a.reason} for a in gate.unused_accepts],
            }
            for gate in result.drafts
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
