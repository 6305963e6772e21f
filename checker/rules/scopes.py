"""Section `scopes`: [{name: DRC, aliases: [Democratic Republic of the Congo, DR Congo], part_of: Africa}].

A name or alias used by two scopes is an error. `part_of` names the wholer scopes this one is
part of; the relations loader turns each into subset relations.
"""

from __future__ import annotations

from checker.rules.ruleset import Scope, normalize_name
from checker.rules.schema import Collector, Documents, aliases_of, check_keys, section_entries
from checker.textnorm import normalize_label
from checker.yamlio import LineDict

SCOPE_KEYS = ("name", "aliases", "part_of", "description")


def load_scopes(c: Collector, documents: Documents) -> dict[str, Scope]:
    scopes: dict[str, Scope] = {}
    owner: dict[str, tuple[str, str, int]] = {}
    for path, node, where, line in section_entries(c, documents, "scopes"):
        check_keys(c, path, node, SCOPE_KEYS, where)
        name = " ".join(str(node.get("name") or "").split())
        if not name:
            c.add(path, line, f"{where}.name", "missing required field")
            continue
        aliases = aliases_of(c, path, node, where)
        for text in (name, *aliases):
            key = normalize_name(text)
            if key in owner and owner[key][0] != name:
                c.add(path, line, f"{where}.aliases", f"{text!r} already names scope {owner[key][0]!r} ({owner[key][1]}:{owner[key][2]})")
            owner.setdefault(key, (name, path, line))
        scopes[name] = Scope(name, aliases, _part_of(c, path, node, where))
    return scopes


def _part_of(c: Collector, path: str, node: LineDict, where: str) -> tuple[str, ...]:
    part_of = node.get("part_of") or ()
    if isinstance(part_of, str):
        part_of = (part_of,)
    if not isinstance(part_of, (list, tuple)) or not all(isinstance(x, str) and x.strip() for x in part_of):
        c.add(path, node.line_of("part_of"), f"{where}.part_of", f"expected a scope or a list of scopes, got {part_of!r}")
        return ()
    return tuple(normalize_label(x) for x in part_of)
