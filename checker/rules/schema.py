"""What every section validator shares: the collector of problems, the walks over a section's
entries, the checks of keys, ids, aliases and numbers, and the table of names an id goes by.

A validator never stops at the first problem: it adds each one to the Collector (file, line,
field, message, hint) and goes on with the entries it can still read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from checker.errors import InputIssue, did_you_mean
from checker.model import ID_RE
from checker.rules.ruleset import normalize_name
from checker.yamlio import LineDict, LineList

Documents = list[tuple[str, LineDict]]  # (path as displayed, the file's top-level mapping)
Origin = tuple[str, int]  # where an id is defined: (path, line); ("<built-in>", 0) for built-ins
BUILT_IN: Origin = ("<built-in>", 0)

# Ranges of the numeric settings and check options: wide enough for any corpus, narrow enough that
# no value overflows a date or a count (day ordinals run to about 3.65 million, and windows of
# different metrics are kept apart by 100 million days in one sort key).
MAX_DAYS = 36_525  # a century
NUMBER_LIMITS: dict[str, tuple[float, float, str]] = {
    "reporting_lag_days": (0, MAX_DAYS, "a number of days"),
    "date_tolerance_days": (0, MAX_DAYS, "a number of days"),
    "min_gap_days": (0, MAX_DAYS, "a number of days"),
    "min_period_days": (1, MAX_DAYS, "a number of days; a period of 0 days has no rate"),
    "max_findings": (0, 10_000_000, "0 lists every finding"),
    "max_claims": (1, 1_000_000_000, "claims in one run"),
    "max_file_bytes": (1, 1 << 40, "bytes"),
    "factor": (1, 1_000_000, "how many times the usual rate"),
    "min_ratio": (1, 1_000_000, "how many times the lower bound"),
    "min_lead_days": (0, MAX_DAYS, "a number of days"),
}
WHOLE_NUMBERS = {name for name in NUMBER_LIMITS if name not in ("factor", "min_ratio")}


def number_problem(name: str, value: Any) -> str | None:
    """Why `value` cannot be the setting or option `name`, or None when it can."""
    whole = name in WHOLE_NUMBERS
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value != value:
        return f"expected {'a whole number' if whole else 'a number'}, got {value!r}"
    low, high, unit = NUMBER_LIMITS.get(name, (0, math.inf, ""))
    if not low <= value <= high:
        return f"expected {low:,} to {high:,} ({unit}), got {value:,}" if high < math.inf else f"expected at least {low:,}, got {value!r}"
    return None


class Collector:
    """Every problem found while loading the rules, reported together."""

    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(self, path: str, line: int | None, field_name: str | None, message: str, hint: str | None = None) -> None:
        self.issues.append(InputIssue(path, line, field_name, message, hint))


def check_keys(c: Collector, path: str, mapping: LineDict, allowed: tuple[str, ...], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            c.add(path, mapping.line_of(key), f"{where}.{key}" if where else str(key), "unknown key", did_you_mean(str(key), allowed))


def aliases_of(c: Collector, path: str, node: LineDict, where: str) -> tuple[str, ...]:
    raw = node.get("aliases", [])
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(a, (str, int, float)) for a in raw):
        c.add(path, node.line_of("aliases"), f"{where}.aliases", "expected a list of strings")
        return ()
    return tuple(str(a) for a in raw)


def entry_id(c: Collector, path: str, node: LineDict, where: str) -> str | None:
    value = node.get("id")
    if value is None:
        c.add(path, node.line, f"{where}.id", "missing required field")
        return None
    text = str(value)
    if not ID_RE.match(text):
        c.add(path, node.line_of("id"), f"{where}.id", f"{text!r} is not a valid id (letters, digits, '_', '.', '-')")
        return None
    return text


def section_mappings(c: Collector, documents: Documents, section: str, message: str) -> Iterator[tuple[str, LineDict]]:
    """(path, mapping) for each rules file that has `section` as a mapping."""
    for path, doc in documents:
        node = doc.get(section)
        if node is None:
            continue
        if not isinstance(node, LineDict):
            c.add(path, doc.line_of(section), section, message)
            continue
        yield path, node


def section_entries(c: Collector, documents: Documents, section: str) -> Iterator[tuple[str, LineDict, str, int]]:
    """(path, entry, field name, line) for each mapping in the list `section` of every rules file."""
    for path, doc in documents:
        node = doc.get(section)
        if node is None:
            continue
        if not isinstance(node, LineList):
            c.add(path, doc.line_of(section), section, "expected a list")
            continue
        for index, item in enumerate(node):
            where = f"{section}[{index}]"
            if not isinstance(item, LineDict):
                c.add(path, node.line_of(index), where, "expected a mapping with an id")
                continue
            yield path, item, where, item.line


def identified_entries(c: Collector, documents: Documents, section: str, keys: tuple[str, ...]) -> Iterator[tuple[str, LineDict, str, int, str]]:
    """(path, entry, field name, line, id) for each entry of the list `section` with a valid id;
    unknown keys are reported."""
    for path, node, where, line in section_entries(c, documents, section):
        check_keys(c, path, node, keys, where)
        entry = entry_id(c, path, node, where)
        if entry is not None:
            yield path, node, where, line, entry


def defined_before(c: Collector, what: str, entry: str, origins: Mapping[str, Origin], path: str, line: int, where: str) -> bool:
    """Whether a rules file defined `entry` already (reported); a built-in may be redefined."""
    origin = origins.get(entry)
    if origin is None or origin == BUILT_IN:
        return False
    c.add(path, line, f"{where}.id", f"{what} {entry!r} is already defined in {origin[0]}:{origin[1]}")
    return True


def name_key(alias: str) -> str:
    """An alias as the lookups compare names (ignoring case, '-', '_' and punctuation)."""
    return normalize_name(alias) or alias.strip()


def name_table(c: Collector, what: str, names: Mapping[str, tuple[str, ...]], origins: Mapping[str, Origin]) -> dict[str, str]:
    """Map each normalised id and alias to its id; an alias shared by two ids is an error."""
    table: dict[str, str] = {}
    for key in sorted(names):
        owner = table.get(normalize_name(key))
        if owner is not None and owner != key:  # "flood-deaths" and "Flood_Deaths" are one name to the lookups
            path, line = origins.get(key, ("<rules>", 0))
            if path != BUILT_IN[0]:
                c.add(path, line or None, f"{what} {key}", f"reads the same as {what} {owner!r} (names match ignoring case, '-', '_' and punctuation)", "rename one, or make one an alias of the other")
            continue
        table[normalize_name(key)] = key
        table[key] = key
    for key in sorted(names):
        for alias in names[key]:
            norm = name_key(alias)
            owner = table.get(norm)
            if owner is not None and owner != key:
                path, line = origins.get(key, ("<rules>", 0))
                if path != BUILT_IN[0]:
                    c.add(path, line or None, f"{what} {key}", f"alias {alias!r} is already used by {what} {owner!r}")
                continue
            table[norm] = key
    return table
