"""Baselines: the current findings written as accepted, so a gate fails only on new ones.

An entry is keyed by the finding's fingerprint (rule, metric, scope and the claims' source,
figure, window and quote: no line numbers), so it survives unrelated edits to claim files.

Writing into a file that exists (``checker baseline --force``) merges: every entry already in
it is kept as written (reviewed reasons, comments, other sections and their layout), and only
findings it does not yet accept are added at the end of its ``accepted`` list. The merged text
is parsed back and compared with what it must hold before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from checker.yamlio import LineDict, LineList, compose_yaml, parse_yaml_text

HEADER = (
    "# Accepted findings (written by `checker baseline`). Each entry accepts one finding by its\n"
    "# fingerprint; accepted findings are still reported, marked accepted, but do not fail the gate.\n"
    "# Edit a reason to say why it was accepted. Remove an entry to make its finding fail again.\n"
)


@dataclass(frozen=True)
class Merged:
    """The text to write and what it changes: entries added, entries kept as they were."""

    text: str
    added: int
    kept: int
    stale: int  # kept entries that match no current finding


class MergeError(ValueError):
    """The existing file cannot take the new entries without losing or changing something."""


def baseline_entries(result, reason: str) -> list[dict[str, str]]:
    return [
        {
            "fingerprint": finding.fingerprint,
            "rule": finding.rule,
            "metric": finding.metric,
            "reason": finding.accepted or reason,
            "summary": " ".join(finding.message.split())[:300],
        }
        for finding in sorted(result.findings, key=lambda f: (f.rule, f.metric, f.fingerprint))
    ]


def render_baseline(result, reason: str) -> tuple[str, int]:
    entries = baseline_entries(result, reason)
    body = yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100) if entries else "accepted: []\n"
    return HEADER + body, len(entries)


def merge_baseline(existing: str, result, reason: str) -> Merged:
    """`existing` (a rules file's text) with the current findings it does not accept yet added."""
    document, issue = parse_yaml_text(existing, "baseline")
    if issue is not None:
        raise MergeError(f"it is not valid YAML ({issue.message}); fix or remove it")
    if document is not None and not isinstance(document, LineDict):
        raise MergeError("it is not a rules file (a mapping of sections); name another file")
    old = _accepted_fingerprints(document)
    current = {entry["fingerprint"] for entry in baseline_entries(result, reason)}
    new = [entry for entry in baseline_entries(result, reason) if entry["fingerprint"] not in old]
    text = _insert_entries(existing, new) if new else existing
    _verify(existing, text, old + [entry["fingerprint"] for entry in new])
    return Merged(text, len(new), len(old), sum(fingerprint not in current for fingerprint in old))


def _accepted_fingerprints(document: LineDict | None) -> list[str]:
    node = document.get("accepted") if document is not None else None
    if node is None:
        return []
    if not isinstance(node, LineList) or not all(isinstance(item, dict) for item in node):
        raise MergeError("its accepted section is not a list of entries; fix it first")
    return [str(item.get("fingerprint")) for item in node]


def _insert_entries(text: str, entries: list[dict[str, str]]) -> str:
    root = compose_yaml(text)
    value = next((v for k, v in (root.value if root is not None else []) if getattr(k, "value", None) == "accepted"), None)
    if value is None:
        joined = text if not text or text.endswith("\n") else text + "\n"
        return joined + yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100)
    if isinstance(value, yaml.ScalarNode):  # `accepted:` with no list yet
        after = _line_end(text, value.end_mark.index)
        head = text[: value.start_mark.index].rstrip(" ") + text[value.end_mark.index : after]
        return _with_newline(head) + _block_items(entries, 2) + text[after:]
    if value.flow_style:  # `accepted: [...]`: add before the closing bracket
        close = text.rindex("]", 0, value.end_mark.index)
        items = ", ".join(yaml.safe_dump(e, default_flow_style=True, allow_unicode=True, width=10**9).strip() for e in entries)
        return text[:close] + (", " if value.value else "") + items + text[close:]
    at = _line_end(text, _last_leaf_end(value))
    return _with_newline(text[:at]) + _block_items(entries, value.start_mark.column) + text[at:]


def _last_leaf_end(node: yaml.Node) -> int:
    """Where the last written character of a block collection is (block ends run to the next token)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def _line_end(text: str, index: int) -> int:
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _block_items(entries: list[dict[str, str]], indent: int) -> str:
    dumped = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
    return "".join(" " * indent + line if line.strip() else line for line in dumped.splitlines(keepends=True))


def _verify(before: str, after: str, fingerprints: list[str]) -> None:
    """The merged text holds the old sections unchanged and exactly the expected entries."""
    old, _ = parse_yaml_text(before, "baseline")
    new, issue = parse_yaml_text(after, "baseline")
    if issue is not None or not isinstance(new, LineDict):
        raise MergeError("its layout does not allow adding entries safely; add them by hand or remove the file")
    old = old or {}
    same_sections = {k: v for k, v in old.items() if k != "accepted"} == {k: v for k, v in new.items() if k != "accepted"}
    entries = new.get("accepted") or []
    kept = list(old.get("accepted") or [])
    if not same_sections or [str(e.get("fingerprint")) for e in entries] != fingerprints or list(entries[: len(kept)]) != kept:
        raise MergeError("its layout does not allow adding entries safely; add them by hand or remove the file")
