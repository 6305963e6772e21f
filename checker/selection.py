"""`--select` / `--ignore`: which checks' findings a run reports, by check id.

Each option takes check ids, repeated or comma-separated. `--select` keeps only the named
checks' findings; `--ignore` drops the named ones (it wins over `--select`). An unknown id is
an input error with a "did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.checks import REGISTRY
from checker.errors import InputIssue, did_you_mean
from checker.model import Finding


@dataclass(frozen=True)
class Selection:
    select: frozenset[str] = frozenset()  # empty: every check
    ignore: frozenset[str] = frozenset()

    def keeps(self, finding: Finding) -> bool:
        if finding.rule in self.ignore:
            return False
        return not self.select or finding.rule in self.select


def split_ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_selection(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Selection, list[InputIssue]]:
    issues = []
    for option, values in (("--select", select), ("--ignore", ignore)):
        for check_id in split_ids(values):
            if check_id not in REGISTRY:
                issues.append(InputIssue(option, None, None, f"unknown check {check_id!r}", did_you_mean(check_id, REGISTRY) or "see `checker explain`"))
    return Selection(frozenset(split_ids(select)), frozenset(split_ids(ignore))), issues
