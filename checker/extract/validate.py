"""Drafts always load: every draft is read back by the claims loader `checker check` uses.

A drafted claim the loader refuses (a range that runs backwards, a window that ends after
publication, a value it cannot read) is kept for the reviewer as ``metric: unresolved``, with the
loader's own words as the reason, so `extract` then `check` never stops on a draft extract wrote.
A problem with the draft as a whole (its source, its size) is an :class:`ExtractError`.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, Callable

from checker.errors import InputErrors, InputIssue
from checker.extract.metrics import UNRESOLVED
from checker.corpus import load_corpus

_CLAIM_FIELD_RE = re.compile(r"^claims\[(?P<index>\d+)\]")
_MAX_ROUNDS = 3  # a claim set aside cannot make another fail; one more round confirms it


class DraftError(Exception):
    """A draft that cannot be made to load; the message names the problem."""


def loadable(document: dict[str, Any], rules: Any, dump: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    """`document` with every claim the loader refuses set aside as unresolved, with the reason."""
    for _ in range(_MAX_ROUNDS):
        text = dump(document)
        issues = _load_issues(text, rules)
        if not issues:
            return document
        starts = _claim_lines(text)
        refused: dict[int, str] = {}
        for issue in issues:
            index = _claim_index(issue, starts)
            if index is None:
                raise DraftError(issue.format().split(": ", 1)[-1])
            refused.setdefault(index, issue.message + (f" ({issue.hint})" if issue.hint else ""))
        for index, reason in refused.items():
            set_aside(document["claims"][index], f"not a valid claim as drafted: {reason}")
    raise DraftError("the draft does not load after setting aside the claims the loader refused")


def set_aside(claim: dict[str, Any], reason: str) -> None:
    """Keep a claim for the reviewer without checking it: metric unresolved, the reason in its note."""
    metric = claim.get("metric")
    if metric and metric != UNRESOLVED:
        reason = f"{reason}; drafted as {metric}"
    claim["metric"] = UNRESOLVED
    note = claim.get("note")
    claim["note"] = f"{reason}; {note}" if note else reason


def _load_issues(text: str, rules: Any) -> list[InputIssue]:
    with tempfile.TemporaryDirectory(prefix="checker-draft-") as folder:
        path = Path(folder) / "draft.claims.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_corpus([path], rules)
        except InputErrors as exc:
            return list(exc.issues)
    return []


def _claim_lines(text: str) -> list[int]:
    """The line where each claim of a dumped draft starts (``- id:`` under ``claims:``)."""
    lines = text.splitlines()
    try:
        begin = lines.index("claims:")
    except ValueError:
        return []
    return [number for number, line in enumerate(lines, start=1) if number > begin + 1 and line.startswith("- ")]


def _claim_index(issue: InputIssue, starts: list[int]) -> int | None:
    match = _CLAIM_FIELD_RE.match(issue.field or "")
    if match is not None:
        return int(match.group("index"))
    if issue.line is None or not starts or issue.line < starts[0]:
        return None
    return max(i for i, start in enumerate(starts) if start <= issue.line)
