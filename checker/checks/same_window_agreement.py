"""same-window-agreement: figures of one metric for the same window must agree.

Two claims of the same metric and scope whose windows start and end on the same dates (each
edge within ``date_tolerance_days``; an "as of publication" end may lag by the reporting lag)
describe the same quantity, so their intervals must overlap. Each figure is an interval: its
printed precision and qualifier widen it ("about 6,000" = 5,700-6,300).

Pairs that clash only through their qualifiers ("more than 3,400" against "nearly 3,400") are
left to qualifier-conflict. Estimates are left to estimate-disagreement.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "almost 6,000 hectares" and "14,800 acres" since 2020-11-10, both in one article
        (14,800 acres = 5,989 hectares lies inside [5,400, 6,000)).
Fails:  "341 people" and "290 people" injured between 2020-11 and 2023-11 in two reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import SAME_FIGURE, Budget, Columns, Seen, Twins, disjoint, figure, interval_text, percent, same_window_pairs, who, window
from checker.model import Draft, format_number

ID = "same-window-agreement"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative", "level", "share")


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    columns = Columns(frame)
    seen, budget, twins = Seen(columns), Budget(columns, options.max_findings), Twins(columns, SAME_FIGURE)
    tolerance = float(options.date_tolerance_days or 0)
    for a, b, same, qualifier_only in same_window_pairs(columns, tolerance, twins):
        seen.mark(a, same)
        seen.mark(b, same)
        for x, y in budget.pairs(a, b, np.flatnonzero(same & disjoint(a, b) & ~qualifier_only), twins):
            drafts.append(_draft(columns.record(x), columns.record(y)))
    return drafts + budget.drafts(), seen.ids(twins, repeated=True)


def _draft(a: dict, b: dict) -> Draft:
    low_first = a if a["high"] <= b["low"] else b
    high_first = b if low_first is a else a
    gap = high_first["low"] - low_first["high"]
    message = (
        f"{figure(a)} from {who(a)} and {figure(b)} from {who(b)} cover the same window "
        f"({window(a)} and {window(b)}) but cannot both hold: {interval_text(low_first)} against "
        f"{interval_text(high_first)}, at least {format_number(gap)} apart{percent(gap, high_first['low'])}."
    )
    return Draft(a["metric"], a["scope"], message, (a["claim_id"], b["claim_id"]), (("gap", float(gap)),))
