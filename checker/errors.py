"""Structured input problems and the exit codes they map to.

Problems stay structured (path, line, field, message, hint) until the CLI prints them, one per line.
Loaders collect every problem in a run instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Iterable


class ExitCode(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    INPUT_ERROR = 2


@dataclass(frozen=True, order=True)
class InputIssue:
    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None

    def format(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [location]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        text = ": ".join(parts)
        if self.hint:
            text += f" ({self.hint})"
        # One line per problem, whatever the input contained.
        return " ".join(text.split())


class InputErrors(Exception):
    """Raised with every problem found in one loading step."""

    def __init__(self, issues: Iterable[InputIssue]):
        self.issues = sorted(set(issues))
        super().__init__("\n".join(issue.format() for issue in self.issues))


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 60) -> str | None:
    """A "did you mean 'x'?" hint for an unknown name, or None when nothing is close."""
    options = sorted(set(choices))
    if not options or not isinstance(word, str):
        return None
    from rapidfuzz import fuzz, process  # only when a name is unknown: most runs never need it

    match = process.extractOne(
        word.lower(), options, scorer=fuzz.WRatio, processor=str.lower, score_cutoff=cutoff
    )
    if match is None:
        return None
    return f"did you mean {match[0]!r}?"
