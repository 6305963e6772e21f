"""Section `units`: [{id, label, aliases, convert: {to, factor}, measure}], added to the built-in units.

A rules file may redefine a built-in unit, but not a unit another rules file defines. A unit
converts to another by a factor (1 thousand = 1000 count); `to` must name a known unit.
`measure: true` says figures in the unit are amounts (tons, crore of rupees), not counts of whole
things: an integer is read as rounded to its last digit ("17 tons" stands for 16.5 to 17.5 tons).
"""

from __future__ import annotations

from typing import Any

from checker.errors import did_you_mean
from checker.rules.ruleset import Unit
from checker.rules.schema import BUILT_IN, Collector, Documents, Origin, aliases_of, defined_before, identified_entries, name_table
from checker.vocabulary import builtin_units
from checker.yamlio import LineDict

DEFAULT_UNITS: dict[str, dict[str, Any]] = builtin_units()
UNIT_KEYS = ("id", "label", "aliases", "convert", "measure")


def load_units(c: Collector, documents: Documents) -> tuple[dict[str, Unit], dict[str, str]]:
    """The units by id, and the table of the names (ids, labels, aliases) they go by."""
    specs: dict[str, dict[str, Any]] = dict(DEFAULT_UNITS)
    origins: dict[str, Origin] = dict.fromkeys(DEFAULT_UNITS, BUILT_IN)
    for path, node, where, line, uid in identified_entries(c, documents, "units", UNIT_KEYS):
        if defined_before(c, "unit", uid, origins, path, line, where):
            continue
        specs[uid] = _unit_spec(c, path, node, where, uid)
        origins[uid] = (path, line)
    units = {}
    for uid, spec in specs.items():
        convert = spec.get("convert") or {}
        units[uid] = Unit(uid, spec["label"], tuple(spec["aliases"]), convert.get("to"), convert.get("factor", 1.0), bool(spec.get("measure", False)))
    for uid, unit in units.items():
        if unit.to is not None and unit.to not in units:
            c.add(origins[uid][0], specs[uid]["convert"].get("line", origins[uid][1]), "units.convert.to", f"unknown unit {unit.to!r}", did_you_mean(unit.to, units))
    return units, name_table(c, "unit", {u.id: u.aliases + (u.label,) for u in units.values()}, origins)


def _unit_spec(c: Collector, path: str, node: LineDict, where: str, uid: str) -> dict[str, Any]:
    """One entry in the shape of the built-in units: label, aliases and (when valid) convert."""
    spec: dict[str, Any] = {"label": str(node.get("label", uid)), "aliases": list(aliases_of(c, path, node, where))}
    measure = node.get("measure", False)
    if isinstance(measure, bool):
        spec["measure"] = measure
    else:
        c.add(path, node.line_of("measure"), f"{where}.measure", f"expected true or false, got {measure!r}",
              "true for amounts (tons, money), whose integers are rounded to the unit")
    convert = node.get("convert")
    if convert is not None:
        if not isinstance(convert, LineDict) or set(convert) - {"to", "factor"} or "to" not in convert or "factor" not in convert:
            c.add(path, node.line_of("convert"), f"{where}.convert", "expected {to: <unit id>, factor: <number>}")
        elif isinstance(convert["factor"], bool) or not isinstance(convert["factor"], (int, float)) or not (1e-12 <= convert["factor"] <= 1e12):
            c.add(path, convert.line_of("factor"), f"{where}.convert.factor", f"expected a positive number from 1e-12 to 1e12, got {convert['factor']!r}")
        else:
            spec["convert"] = {"to": str(convert["to"]), "factor": float(convert["factor"]), "line": convert.line_of("to")}
    return spec
