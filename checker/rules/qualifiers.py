"""Section `qualifiers`: {id: {low, high, low_open, high_open, rounding, aliases}}.

A qualifier turns a printed figure into an interval by the factors low and high ("about":
0.95 to 1.05). An entry for a built-in qualifier changes only the keys it gives.
"""

from __future__ import annotations

import math
from typing import Any

from checker.rules.schema import BUILT_IN, Collector, Documents, aliases_of, check_keys, name_table, section_mappings
from checker.values import QualifierRule
from checker.vocabulary import QUALIFIER_SYNONYMS, qualifier_aliases
from checker.yamlio import LineDict

# Bounds of the built-in qualifiers; their aliases are the phrases of checker/vocabulary.py.
DEFAULT_QUALIFIERS: dict[str, dict[str, Any]] = {
    qid: {**bounds, "aliases": qualifier_aliases(qid)}
    for qid, bounds in {
        "exact": {"low": 1.0, "high": 1.0},
        "about": {"low": 0.95, "high": 1.05, "rounding": False},
        "approximately": {"low": 0.95, "high": 1.05, "rounding": False},
        "more_than": {"low": 1.0, "high": math.inf, "low_open": True, "rounding": False},
        "at_least": {"low": 1.0, "high": math.inf, "rounding": False},
        "nearly": {"low": 0.9, "high": 1.0, "high_open": True, "rounding": False},
        "up_to": {"low": 0.0, "high": 1.0, "rounding": False},
        "less_than": {"low": 0.0, "high": 1.0, "high_open": True, "rounding": False},
        "range": {"low": 1.0, "high": 1.0},
    }.items()
}
QUALIFIER_KEYS = ("low", "high", "low_open", "high_open", "rounding", "aliases")


def load_qualifiers(c: Collector, documents: Documents) -> tuple[dict[str, QualifierRule], dict[str, str]]:
    """The qualifiers by id, and the table of the names (ids, aliases, synonyms) they go by."""
    specs: dict[str, tuple[str, int, dict[str, Any]]] = {qid: (*BUILT_IN, dict(spec)) for qid, spec in DEFAULT_QUALIFIERS.items()}
    for path, node in section_mappings(c, documents, "qualifiers", "expected a mapping of qualifier id to {low, high, ...}"):
        for qid, spec in node.items():
            where = f"qualifiers.{qid}"
            if not isinstance(spec, LineDict):
                c.add(path, node.line_of(qid), where, "expected a mapping such as {low: 0.95, high: 1.05}")
                continue
            check_keys(c, path, spec, QUALIFIER_KEYS, where)
            merged = _merged(c, path, spec, where, specs.get(str(qid), ("", 0, {"low": 1.0, "high": 1.0}))[2])
            specs[str(qid)] = (path, spec.line, merged)
    qualifiers = {
        qid: QualifierRule(qid, spec.get("low", 1.0), spec.get("high", 1.0), spec.get("low_open", False), spec.get("high_open", False), spec.get("rounding", True), tuple(spec.get("aliases", ())))
        for qid, (_, _, spec) in specs.items()
    }
    names: dict[str, tuple[str, ...]] = {qid: q.aliases for qid, q in qualifiers.items()}
    for synonym, target in QUALIFIER_SYNONYMS.items():
        if target in names and synonym not in qualifiers:
            names[target] = names[target] + (synonym,)
    return qualifiers, name_table(c, "qualifier", names, {qid: (path, line) for qid, (path, line, _) in specs.items()})


def _merged(c: Collector, path: str, spec: LineDict, where: str, earlier: dict[str, Any]) -> dict[str, Any]:
    """The earlier definition of the qualifier with the valid keys of this entry put over it."""
    merged = dict(earlier)
    for key in ("low", "high"):
        if key in spec:
            value = spec[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or math.isnan(value):
                c.add(path, spec.line_of(key), f"{where}.{key}", f"expected a non-negative factor (or .inf), got {value!r}")
            else:
                merged[key] = float(value)
    for key in ("low_open", "high_open", "rounding"):
        if key in spec:
            if not isinstance(spec[key], bool):
                c.add(path, spec.line_of(key), f"{where}.{key}", f"expected true or false, got {spec[key]!r}")
            else:
                merged[key] = spec[key]
    if "aliases" in spec:
        merged["aliases"] = list(aliases_of(c, path, spec, where))
    if merged.get("low", 1.0) > merged.get("high", 1.0):
        c.add(path, spec.line, where, "low factor is above high factor")
    return merged
