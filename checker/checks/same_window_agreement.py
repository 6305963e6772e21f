"""same-window-agreement: figures of one metric for the same window must agree.

Two claims of the same metric and scope whose windows start and end on the same dates (each
edge within ``date_tolerance_days``; an "as of publication" end may lag by the reporting lag)
describe the same quantity, so their intervals must overlap. Each figure is an interval: its
printed precision and qualifier widen it ("about 6,000" = 5,700-6,300).

For a cumulative count, edges within the tolerance may really differ: where the higher figure's
window may end after the lower's (their ends are not the same dates within their precision,
and the higher's can fall later), a day's growth explains the gap and nothing is flagged, as
for running counts whose lower figure is the older. Only a count that can move without bound
in a day would make such a pair more than a guess, so it gives no warning either. The pair
stays an error where the ends are the same dates, or the higher figure certainly ends no later.

Pairs that clash only through their qualifiers ("more than 3,400" against "nearly 3,400") are
left to qualifier-conflict. Estimates are left to estimate-disagreement.

One source's list is not compared within itself: where an article gives three or more different
figures for one metric and window, some of no stated scope (`scope_basis: inferred`, as `checker
extract` drafts a figure whose sentence named no place or population), as in "7", "16" and "51"
bridges damaged by one day, it is listing places its sentences did not name. Two such figures
(a headline's "150 missing" against the body's "151") are still compared, and so are figures
from two sources, and a list once a reviewer states its scopes.

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

from checker.checks.common import SAME_FIGURE, Budget, Seen, Twins, disjoint, higher_may_end_later, metric_scope_codes, same_window_pairs, updates_of_a_running_count
from checker.claim import Claim, Claims
from checker.facts import figure_of
from checker.model import Draft

ID = "same-window-agreement"
DEFAULT_SEVERITY = "error"
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
    rates = _peak_daily_rates(columns, groups)
    listing = _listing_rows(frame)
    for a, b, same, qualifier_only in same_window_pairs(columns, tolerance, twins, codes=groups):
        seen.mark(a, same)
        seen.mark(b, same)
        pairs = budget.pairs(a, b, np.flatnonzero(same & disjoint(a, b) & ~qualifier_only), twins)
        columns.claims_at(np.asarray(pairs, np.int64).reshape(-1))  # built together, a column at a time
        for x, y in pairs:
            if listing[x] and listing[y] and columns.claim(x).source_id == columns.claim(y).source_id:
                continue  # one article's list of figures for places it did not name
            draft = _draft(columns.claim(x), columns.claim(y), float(rates[groups[x]]))
            if draft is not None:
                drafts.append(draft)
    return drafts + budget.drafts(), seen.rows(twins, repeated=True)


LIST_LENGTH = 3  # different figures one source gives for one metric, scope and window: a list


def _listing_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows that belong to a list: one source giving three or more different figures for one
    metric, scope and window, some of no stated scope (`scope_basis: inferred`). An article that
    gives "7", "16" and "51" bridges damaged for one day is listing places its sentences did not
    name, not contradicting itself three times; two such figures (a headline's 150 against the
    body's 151) are still compared."""
    listing = np.zeros(len(frame), bool)
    inferred = frame["scope_basis"].to_numpy() == "inferred" if "scope_basis" in frame else listing
    if not inferred.any():
        return listing
    keys = ["source_id", "metric", "scope", "start_first", "start_last", "end_first", "end_last"]
    grouped = frame.assign(_inferred=inferred).groupby(keys, sort=False, dropna=False)
    lists = (grouped["norm_value"].transform("nunique") >= LIST_LENGTH) & grouped["_inferred"].transform("any")
    return lists.to_numpy(bool)


# Factors that turn one figure into the other when a thousands word or a unit was lost.
SCALE_SLIPS = (1e3, 1e6, 1e9)
SLIP_TOLERANCE = 0.03


def _peak_daily_rates(columns: Claims, groups: np.ndarray) -> np.ndarray:
    """For each metric and scope (by its code in `groups`), the fastest average daily growth any
    claim of a cumulative metric shows (its figure over the days since its window start): how
    much a running count can move in a day. NaN where no claim tells."""
    peak = np.full(int(groups.max()) + 1 if len(groups) else 0, np.nan)
    known = (columns["kind"] == "cumulative") & ~np.isnan(columns["start_first"].astype(float))
    days = np.maximum(columns["end_last"][known].astype(float) - columns["start_first"][known].astype(float) + 1, 1.0)
    np.fmax.at(peak, groups[known], columns["norm_value"][known].astype(float) / days)
    return peak


def _scale_slip(a: Claim, b: Claim) -> float | None:
    """The factor (1,000, a unit's conversion) by which one central figure is the other's."""
    small, large = sorted((abs(float(a.norm_value)), abs(float(b.norm_value))))
    if small == 0:
        return None
    ratio = large / small
    factors = [*SCALE_SLIPS]
    unit_ratio = max(float(a.factor), float(b.factor)) / max(min(float(a.factor), float(b.factor)), 1e-300)
    if a.unit != b.unit and unit_ratio > 1 + SLIP_TOLERANCE:
        factors.append(unit_ratio)
    for factor in factors:
        if abs(ratio / factor - 1) <= SLIP_TOLERANCE:
            return factor
    return None


def _draft(a: Claim, b: Claim, rate: float) -> Draft | None:
    low_first = a if a.high <= b.low else b
    high_first = b if low_first is a else a
    gap = float(high_first.low - low_first.high)
    if a.kind == "cumulative" and higher_may_end_later(high_first.end_first, high_first.end_last, low_first.end_first, low_first.end_last):
        return None  # ends that only the tolerance joins: the higher figure may be the later one, and a count grows
    details: list[tuple[str, object]] = [("gap", gap)]
    evidence = "proof"
    kind = "same_window.disagree"
    if updates_of_a_running_count(a, b):
        # Two sources updating one running count: it may have moved between their statements.
        if a.kind == "cumulative" and low_first.end_last < high_first.end_last:
            return None  # the lower figure is the older one: growth explains it
        evidence = "likely"
        kind = "same_window.disagree_unless_different_updates"
        if rate > 0:  # NaN when no claim of the metric and scope shows its growth
            days = gap / rate
            if days <= 1.0:
                return None  # within what the count itself moves in a day
            details += [("daily_rate", rate), ("days_of_growth", days)]
            kind = "same_window.disagree_unless_updates_within_a_day"
    slip = _scale_slip(a, b)
    if slip is not None:
        details.append(("likely_slip_factor", slip))
    details += [("figures", (figure_of(a), figure_of(b))), ("lower", str(low_first.claim_id))]
    return Draft(a.metric, a.scope, kind, (a.claim_id, b.claim_id), tuple(details), evidence)
