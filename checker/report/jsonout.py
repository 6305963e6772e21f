"""JSON report. Schema (schema_version 2), stable across releases of the same major version:

{
  "schema_version": 2,
  "tool": {"name": "checker", "version": "..."},
  "as_of": "YYYY-MM-DD",
  "summary": {"sources": n, "claims": n (as written), "derived_claims": n, "metrics": n, "findings": n,
              "by_severity": {"error": n, "warning": n, "info": n}, "accepted": n,
              "not_checked": n, "quotes": {"verified": n, "not verified": n}},
  "findings": [{"rule", "severity", "metric", "scope", "message", "fingerprint", "accepted",
                "details": {"message_kind", ...},  # the sentence's kind and facts (docs/reports.md)
                "claims": [{"id", "source", "published", "value", "qualifier", "unit",
                            "low", "high", "window_start", "window_end", "quote", "file", "line",
                            "compared", "derived_from"}]}],
  "not_checked": [{"claim": {...same as above...}, "reason": "..."}],
  "relations_not_checked": [{"relation", "check", "reason"}],  # declared relations no claims could test (added, not breaking)
  "stale_accepted": [{"fingerprint", "reason"}],  # accepted entries that matched no finding
  "unresolved": [{"source_id", "value", "unit", "quote", "file", "line"}]  # drafts with metric: unresolved
}
Infinite bounds are written as null. Keys and list order are deterministic.
Version 2 added `details.message_kind` and the facts each message is worded from (claims as
{"claim", "window": {"start", "end", "as_of_publication"}, "interval": {"low", "high", "low_open",
"high_open"}}); nothing was removed or renamed.
"""

from __future__ import annotations

from collections import Counter

import dataclasses
import math
from typing import Any

from checker import __version__
from checker.model import ClaimRef
from checker.report import jsontext

SCHEMA_VERSION = 2


def _num(x: float) -> float | int | None:
    if x is None or not math.isfinite(x):
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def _fact(value: Any) -> Any:
    """A fact as JSON: frozen values (checker/facts.py) as objects, tuples as lists."""
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, (tuple, list)):
        return [_fact(item) for item in value]
    names = _field_names(type(value))
    if names is not None:
        # A nested finding's facts (Alongside.details) as an object, as a finding's are.
        return {name: _facts(getattr(value, name)) if name == "details" else _fact(getattr(value, name)) for name in names}
    return value


def _facts(pairs: tuple) -> dict[str, Any]:
    return {name: _fact(value) for name, value in pairs}


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a frozen value's type (None for other types), looked up once per type:
    dataclasses.fields is slow, and a report writes thousands of facts."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELDS[kind]


def finding_json(finding) -> dict[str, Any]:
    """One finding as the JSON reports (audit and gate) give it."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "metric": finding.metric,
        "scope": finding.scope,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
        "accepted": finding.accepted,
        "details": {"message_kind": finding.message_kind, **{name: _fact(value) for name, value in finding.details}},
        "claims": [claim_json(c) for c in finding.claims],
    }


def claim_json(ref: ClaimRef) -> dict[str, Any]:
    return {
        "id": ref.claim_id,
        "source": ref.source,
        "published": ref.published,
        "metric": ref.metric,
        "scope": ref.scope,
        "value": ref.printed,
        "qualifier": ref.qualifier,
        "unit": ref.unit,
        "low": _num(ref.low),
        "high": _num(ref.high),
        "window_start": ref.window_start or None,
        "window_end": ref.window_end,
        "attributed_to": ref.attributed_to or None,
        "quote": ref.quote,
        "file": ref.file,
        "line": ref.line,
        "compared": ref.compared,
        "derived_from": ref.derived_from.split(",") if ref.derived_from else [],
    }


def summary(result) -> dict[str, Any]:
    counts = result.counts()
    provenance = result.corpus.provenance
    provenance = provenance.counts() if hasattr(provenance, "counts") else Counter(provenance.values())  # Provenance counts its unread claims without a list of them
    claims, derived, metrics = result.claim_counts()
    return {
        "sources": len(result.corpus.sources),
        "claims": claims,
        "derived_claims": derived,
        "metrics": metrics,
        "findings": len(result.findings),
        "by_severity": {k: counts[k] for k in ("error", "warning", "info")},
        "accepted": counts["accepted"],
        "not_checked": len(result.not_checked),
        "unresolved": len(result.corpus.unresolved),
        "quotes": {
            "verified": provenance["verified"],
            "not verified": provenance["not verified"],
        },
    }


def render_json(result) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "checker", "version": __version__},
        "as_of": result.as_of,
        "summary": summary(result),
        "findings": [finding_json(f) for f in result.findings],
        "not_checked": [{"claim": claim_json(ref), "reason": reason} for ref, reason in result.not_checked],
        "relations_not_checked": [{"relation": rid, "check": check, "reason": reason} for rid, check, reason in result.relations_not_checked],
        "stale_accepted": [{"fingerprint": fp, "reason": reason} for fp, reason in result.stale_accepted],
        "unresolved": [dict(item) for item in result.corpus.unresolved],
    }
    return jsontext.dumps(document) + "\n"  # json.dumps(indent=2, ensure_ascii=False, allow_nan=False), faster
