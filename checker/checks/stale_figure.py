"""stale-figure: the identical cumulative figure for windows that end far apart.

A cumulative count (victims since X) that is printed with exactly the same number for windows
whose ends are at least ``min_gap_days`` apart has probably been copied from an older report
or not updated. The windows must start on the same date (within ``date_tolerance_days``).
A figure with no upper bound ("more than 4,000") is left alone: it stays true as the count grows.
The final count of a finished period ("between November 2020 and November 2023") repeated years
later for that period is not stale either: both windows end on the same day. Only a window that
runs later (to publication, or to a later date) says the count should have moved.

Runs only where the rules name it (`checks: stale-figure: {severity: warning}`): whether a count
is still running when a later source repeats it is knowledge of the topic. Victims of mines
keep being counted years on, so a repeat two years later is stale; a disaster's final toll, a
shipwreck's survivors or a breach's final count repeated months later is right. On the fourteen
evaluation topics of benchmarks/eval/ (disasters, outbreaks, strikes, a breach), all twelve
repeats it flagged when it ran by default were final counts.

Options:
  min_gap_days          how far apart the window ends must be (default 180)
  date_tolerance_days   slack on the window starts (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "$464 million since 2020" on 4 and 9 December 2025 (ends five days apart).
Fails:  412 victims between November 2020 and November 2023, and 412 victims "during the
        ceasefire period" in a December 2025 article: two years later, the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import GROUP_KEYS, Budget, Seen, Twins, code_pairs, metric_scope_codes, span_gap
from checker.claim import Claims, as_claims
from checker.facts import figure_of
from checker.model import Draft

ID = "stale-figure"
DEFAULT_SEVERITY = "warning"
RUNS_BY_DEFAULT = False  # a repeat is stale only if the count was still running: the rules say so
KINDS = ("cumulative",)
RELATION_KIND = None  # compares claims of one metric, not a relation


@dataclass(frozen=True)
class Options:
    min_gap_days: int = 180
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    drafts: list[Draft] = []
    tolerance = float(options.date_tolerance_days or 0)
    bounded = np.isfinite(frame["high"].to_numpy(float))  # "more than X" stays true as it grows
    columns = Claims(frame)
    groups, figures = metric_scope_codes(columns), _figure_keys(columns)
    # Claims equal in figure and window are one: a figure copied a thousand times into one
    # window is compared once with the others, and reported for each copy up to the limit.
    twins = Twins(columns, [*GROUP_KEYS, "start_first", "start_last", "end_first", "end_last"], groups, (figures, bounded))
    seen, budget = Seen(columns), Budget(columns, options.max_findings, groups)
    reps = twins.reps[bounded[twins.reps]]
    # Metric and scope, then figure, in their sorted order: both are ranks already.
    same_figure = groups[reps] * (int(figures.max(initial=0)) + 1) + figures[reps]
    for i, j in code_pairs(same_figure):
        i, j = reps[i], reps[j]
        a, b = columns.take(i), columns.take(j)
        start_gap = span_gap(a["start_first"], a["start_last"], b["start_first"], b["start_last"])
        same_start = start_gap <= tolerance  # NaN (unknown start) compares False
        end_gap = span_gap(a["end_first"], a["end_last"], b["end_first"], b["end_last"])
        seen.mark(a, same_start)
        seen.mark(b, same_start)
        stale = np.flatnonzero(same_start & (end_gap >= options.min_gap_days))
        gaps = dict(zip(zip(a.positions[stale].tolist(), b.positions[stale].tolist()), end_gap[stale].tolist()))
        for i, j in budget.pairs(a, b, stale, twins):
            x, y = columns.claim(i), columns.claim(j)
            earlier, later = (x, y) if x.end_last <= y.end_last else (y, x)
            days = int(gaps[(int(twins.reps[twins.codes[i]]), int(twins.reps[twins.codes[j]]))])
            facts = (("days", days), ("earlier", figure_of(earlier)), ("later", figure_of(later)))
            drafts.append(Draft(x.metric, x.scope, "stale.repeated_unchanged", (earlier.claim_id, later.claim_id), facts))
    known_start = ~np.isnan(columns["start_first"].astype(float))  # twins with unknown starts are not compared
    return drafts + budget.drafts(), seen.rows(twins, repeated=known_start & bounded)


def _figure_keys(claims: "pd.DataFrame | Claims") -> np.ndarray:
    """Each claim's figure as a number: the rank of its text "value|qualifier" (the value to nine
    places), so figures group, and their groups sort, as those texts do. Only the distinct
    figures are written out as text; qualifiers are the table's numbering of them, shared."""
    columns = as_claims(claims)
    if not len(columns):
        return np.zeros(0, np.int64)
    values, distinct_values = pd.factorize(np.round(columns["norm_value"].astype(float), 9), use_na_sentinel=False)
    qualifiers, distinct_qualifiers = columns.table.coded("qualifier")  # a missing qualifier is numbered past them
    width = len(distinct_qualifiers) + 1
    codes, distinct = pd.factorize(values * width + qualifiers)
    # A missing value has no text (as pandas writes it), so its figure's text is missing too.
    numbers = np.array([None if value != value else str(value) for value in np.asarray(distinct_values, float).tolist()], dtype=object)[distinct // width]
    spelled = np.array([*np.asarray(distinct_qualifiers, dtype=object).tolist(), None], dtype=object)[distinct % width]
    texts = np.array([None if number is None or spelling is None else f"{number}|{spelling}" for number, spelling in zip(numbers, spelled)], dtype=object)
    return pd.factorize(texts, sort=True, use_na_sentinel=False)[0][codes]  # a missing value's text is missing: last
