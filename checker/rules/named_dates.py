"""Section `named_dates`: [{id: end_of_hostilities, date: 2020-11-10, label, aliases}].

Windows name them ("since end_of_hostilities"). A name that reads as a date ("2020-11") would
shadow the literal date, so it is refused.
"""

from __future__ import annotations

from checker.dates import DateSpan, parse_date
from checker.rules.ruleset import NamedDate
from checker.rules.schema import Collector, Documents, Origin, aliases_of, defined_before, identified_entries, name_table
from checker.yamlio import LineDict

NAMED_DATE_KEYS = ("id", "date", "label", "aliases", "description")


def load_named_dates(c: Collector, documents: Documents) -> tuple[dict[str, NamedDate], dict[str, str]]:
    """The named dates by id, and the table of the names (ids, aliases) they go by."""
    dates: dict[str, NamedDate] = {}
    origins: dict[str, Origin] = {}
    for path, node, where, line, did in identified_entries(c, documents, "named_dates", NAMED_DATE_KEYS):
        if defined_before(c, "named date", did, origins, path, line, where):
            continue
        if "date" not in node:
            c.add(path, line, f"{where}.date", "missing required field")
            continue
        try:
            span = parse_date(node["date"])
        except ValueError as exc:
            c.add(path, node.line_of("date"), f"{where}.date", str(exc))
            continue
        aliases = aliases_of(c, path, node, where)
        if _reads_as_a_date(c, path, node, where, (did, *aliases), span):
            continue
        origins[did] = (path, line)
        dates[did] = NamedDate(did, span, str(node.get("label", "")), aliases)
    return dates, name_table(c, "named date", {d.id: d.aliases for d in dates.values()}, origins)


def _reads_as_a_date(c: Collector, path: str, node: LineDict, where: str, names: tuple[str, ...], own: DateSpan) -> bool:
    """A named date called "2020-11" would shadow the literal date in every window: refused,
    unless the name is its own date written out ("January 1 2023" for 2023-01-01)."""
    for name in names:
        try:
            if parse_date(name) == own:
                continue
        except ValueError:
            continue
        key = "id" if name == names[0] else "aliases"
        c.add(path, node.line_of(key), f"{where}.{key}", f"{name!r} reads as a date, so it cannot name one", "name it in words, e.g. end_of_hostilities")
        return True
    return False
