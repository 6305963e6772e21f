"""qualifier-conflict: the same figure with qualifiers that cannot both hold.

"More than 3,400" means above 3,400 and "nearly 3,400" means below it; said of the same metric,
scope and window (edges within ``date_tolerance_days``), they contradict each other even though
the number is the same. Bounds come from the rules' ``qualifiers`` section.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "more than 3,400" and "about 3,400" victims since 1991 (about = ±5% overlaps).
Fails:  "more than 3,400" victims since 1991 (9 Dec) and "nearly 3,400" since 1991 (4 Dec).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import SAME_FIGURE, Budget, Seen, Twins, disjoint, metric_scope_codes, same_window_pairs, sorted_codes, updates_of_a_running_count
from checker.claim import Claim, Claims
from checker.facts import figure_of
from checker.model import Draft

ID = "qualifier-conflict"
DEFAULT_SEVERITY = "warning"
KINDS = ("cumulative", "level", "share")
RELATION_KIND = None  # compares claims of one metric, not a relation


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    drafts: list[Draft] = []
    columns = Claims(frame)
    groups = metric_scope_codes(columns)
    seen, budget, twins = Seen(columns), Budget(columns, options.max_findings, groups), Twins(columns, SAME_FIGURE, groups)
    tolerance = float(options.date_tolerance_days or 0)
    # Only claims giving the same number can clash here, so pairs are formed within a number.
    numbers = _number_codes(groups, columns["norm_value"], twins.reps)
    for a, b, same, qualifier_only in same_window_pairs(columns, tolerance, twins, codes=numbers):
        candidates = same & qualifier_only
        seen.mark(a, candidates)
        seen.mark(b, candidates)
        for i, j in budget.pairs(a, b, np.flatnonzero(candidates & disjoint(a, b)), twins):
            x, y = columns.claim(i), columns.claim(j)
            evidence = _evidence(x, y)
            if evidence is None:
                continue
            facts = (("figures", (figure_of(x), figure_of(y))),)
            drafts.append(Draft(x.metric, x.scope, "qualifier.exclusive_qualifiers", (x.claim_id, y.claim_id), facts, evidence))
    return drafts + budget.drafts(), seen.rows(twins)


def _number_codes(groups: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each of `rows`' metric, scope and number (to nine places) as one number, in their sorted
    order (0 for the other rows, which are never paired): only twins' representatives pair."""
    numbers = np.zeros(len(groups), np.int64)
    numbers[rows] = sorted_codes(groups[rows], np.round(values[rows].astype(float), 9))
    return numbers


def _evidence(x: Claim, y: Claim) -> str | None:
    """A running count stated by two sources may have crossed the number between them: "nearly
    3,400" then "more than 3,400" five days later is growth, not a contradiction."""
    if not updates_of_a_running_count(x, y):
        return "proof"
    lower, higher = (x, y) if x.high <= y.low else (y, x)
    if lower.end_last < higher.end_last:
        return None  # the lower figure is the older one: growth explains it
    return "likely"
