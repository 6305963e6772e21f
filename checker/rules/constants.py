"""Section `constants`: [{id: population, value: 2_000_000, unit: count, label, source}].

Fixed figures relations may use as operands ({constant: population}).
"""

from __future__ import annotations

import math

from checker.errors import did_you_mean
from checker.rules.ruleset import Constant, RuleSet
from checker.rules.schema import Collector, Documents, identified_entries

CONSTANT_KEYS = ("id", "value", "unit", "label", "source")


def load_constants(c: Collector, documents: Documents, vocabulary: RuleSet) -> dict[str, Constant]:
    """`vocabulary` holds the units already loaded."""
    constants: dict[str, Constant] = {}
    for path, node, where, line, cid in identified_entries(c, documents, "constants", CONSTANT_KEYS):
        value = node.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            c.add(path, node.line_of("value"), f"{where}.value", f"expected a finite number, got {value!r}")
            continue
        unit = vocabulary.unit_id(str(node.get("unit", "count")))
        if unit is None:
            c.add(path, node.line_of("unit"), f"{where}.unit", f"unknown unit {node.get('unit')!r}", did_you_mean(str(node.get("unit")), vocabulary.unit_names()))
            continue
        if cid in constants:
            c.add(path, line, f"{where}.id", f"constant {cid!r} is defined twice")
            continue
        constants[cid] = Constant(cid, float(value), unit, str(node.get("label", "")), str(node.get("source", "")))
    return constants
