"""Section `relations`: [{kind: parts-sum | share | stock-flow | subset, ...}].

This validator only collects the entries; checker/relations.py parses them, once every metric
and constant they may name is known (docs/formats.md lists each kind's roles).
"""

from __future__ import annotations

from checker.rules.schema import Collector, Documents
from checker.yamlio import LineDict, LineList


def relation_specs(c: Collector, documents: Documents) -> list[tuple[str, LineDict]]:
    """(path, entry) for every relation in every rules file, in order."""
    specs: list[tuple[str, LineDict]] = []
    for path, doc in documents:
        node = doc.get("relations")
        if node is None:
            continue
        if not isinstance(node, LineList):
            c.add(path, doc.line_of("relations"), "relations", "expected a list of relations")
            continue
        for index, item in enumerate(node):
            if not isinstance(item, LineDict):
                c.add(path, node.line_of(index), f"relations[{index}]", "expected a mapping")
                continue
            specs.append((path, item))
    return specs
