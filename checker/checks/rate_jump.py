"""rate-jump: a cumulative series whose daily rate suddenly runs far above its other periods.

For a cumulative metric, claims whose windows start on the same date (within
``date_tolerance_days``) form a series; sorted by window end, consecutive claims give periods
with a daily rate (increase / days). A period is flagged when even its lowest possible rate
(smallest increase over the longest possible time, counting printed precision, qualifiers and
the reporting lag) is at least ``factor`` times the median rate of the series' other periods.
Periods shorter than ``min_period_days`` are not rated. The first period runs from the
window start to the first claim; it sets the usual rate but is never flagged itself, because
many tolls come early (a disaster's dead are counted in its first days). A series needs at
least three rated periods, so that "usual" is more than one other period. A jump is sudden: a
period is not flagged when another later period ran at least half as fast (a count found in a
few big steps, as a breach's victims are by a data review, has no single usual pace). Counts
are noisy: the increase must also exceed what chance allows at the usual rate (a Poisson-style
bound: the expected increase plus three of its standard deviations), so 40 deaths becoming 47
over three months says nothing.

Options:
  factor                how many times the usual rate counts as a jump (default 8)
  min_period_days       shortest period that gets a rate (default 30)
  date_tolerance_days   slack on the window starts (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: 33 deaths after one year, 55 after two and a half, 68 after four and a half.
Fails:  about 27,000 objects found in the first year, about 120,000 after four and a half
        years, then 232,522 six months later: some 600 a day against about 75.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import SPREAD, metric_scope_codes
from checker.claim import Claims
from checker.facts import figure_of
from checker.model import Draft

ID = "rate-jump"
DEFAULT_SEVERITY = "warning"
KINDS = ("cumulative",)
RELATION_KIND = None  # compares claims of one metric, not a relation


MIN_PERIODS = 3  # a jump needs a usual rate drawn from at least two other periods
OPENING, NOT_RATED = -1, -2  # where a point's period starts when not from an earlier point


@dataclass(frozen=True)
class Options:
    factor: float = 8.0
    min_period_days: int = 30
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    """Every series at once, with numpy: one sort into series, then the periods of all series
    walked together (tests/test_scale_paths.py holds the plain one-series-at-a-time reading)."""
    compared = np.zeros(len(frame), bool)
    known = np.flatnonzero(frame["start_first"].notna().to_numpy())
    if not len(known):
        return [], compared
    columns = Claims(frame)
    rows, series = _series_rows(columns, known, float(options.date_tolerance_days or 0))
    points = Points(columns, rows, series)
    begin, rate_min, rate_mid = _periods(points, options.min_period_days)
    rated = np.flatnonzero(begin != NOT_RATED)
    enough = np.bincount(points.series[rated], minlength=int(series[-1]) + 1) >= MIN_PERIODS
    compared[rows[enough[series]]] = True
    rated = rated[enough[points.series[rated]]]
    usual = leave_one_out_medians(rate_mid[rated], points.series[rated])
    later = np.where(begin[rated] >= 0, rate_mid[rated], -np.inf)
    fastest_other = leave_one_out_maxima(np.where(np.isnan(later), -np.inf, later), points.series[rated])
    drafts = []
    for k in _jumps(points, rated, begin, rate_min, usual, fastest_other, options.factor).tolist():
        drafts.append(_draft(columns, points, int(rated[k]), int(begin[rated[k]]), float(rate_min[rated[k]]), float(usual[k])))
    return drafts, compared


def _series_rows(columns: Claims, known: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """The rows with a known start, ordered by series then window end, and each row's series.

    A series is a run of one metric and scope, ordered by start, whose starts stay within the
    tolerance of the run's first start (its anchor): the row after an anchor's reach anchors
    the next series. All groups step from anchor to anchor together, one searchsorted a step.
    """
    group = metric_scope_codes(columns)[known]
    start = columns["start_first"][known].astype(float)
    key = group * SPREAD + start  # groups apart, starts in order
    # Rows of one series and end keep the order of their starts (then the table's): the second
    # sort, by series and end, is stable.
    order = _stable_order(group, start)
    group, key, end = group[order], key[order], columns["end_last"][known[order]].astype(float)
    anchor = np.zeros(len(order), bool)
    frontier = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    while len(frontier):
        anchor[frontier] = True
        reach = np.searchsorted(key, key[frontier] + tolerance, side="right")
        inside = reach < len(key)
        frontier = reach[inside][group[reach[inside]] == group[frontier[inside]]]
    series = np.cumsum(anchor) - 1
    # One key again: series apart, ends in order within each (an unknown end last in its series).
    # Already in series order, so this stable sort finds long sorted runs: fast as it is.
    by_end = np.argsort(series * SPREAD + np.where(np.isnan(end), SPREAD - 1, end), kind="stable")
    return known[order][by_end], series[by_end]


def _stable_order(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """np.argsort(major * SPREAD + minor, kind="stable") for codes `major` and known days
    `minor`: rows by major code, then minor value, ties in row order.

    Day numbers are whole and below SPREAD, so the two are packed with the row number into one
    integer and sorted by value, twice as fast as a stable sort of a million keys in no order;
    other values take the stable sort itself."""
    n = len(major)
    low, high = (float(minor.min()), float(minor.max())) if n else (0.0, 0.0)
    width = high - low + 1
    exact = n and 0 <= low and high < SPREAD and float(major.max()) * SPREAD + high < 2.0**53  # the float key orders as (major, minor)
    if exact and float(major.max() + 1) * width * n < 2.0**62 and (minor == np.floor(minor)).all():
        packed = (major.astype(np.int64) * int(width) + (minor - low).astype(np.int64)) * n + np.arange(n)
        return np.sort(packed) % n
    return np.argsort(major * SPREAD + minor, kind="stable")


class Points:
    """The points of every series, in series order: identical figures for the same date (from
    several sources) are one point. Columns are the point's first row's values."""

    def __init__(self, columns: Claims, rows: np.ndarray, series: np.ndarray):
        same = series[1:] == series[:-1]
        for name in ("end_last", "end_early", "low", "high"):
            values = columns[name][rows].astype(float)
            same &= values[1:] == values[:-1]
        self.rows = rows
        self.first = np.flatnonzero(np.r_[True, ~same])  # each point's first place in rows
        self.last = np.r_[self.first[1:], len(rows)]
        self.series = series[self.first]
        firsts = rows[self.first]
        self.end_last, self.end_early, self.low, self.high, self.value = (
            columns[name][firsts].astype(float) for name in ("end_last", "end_early", "low", "high", "norm_value")
        )
        self.heads = np.flatnonzero(np.r_[True, self.series[1:] != self.series[:-1]])
        # Each series' window start, as its first row (by end) gives it.
        head_rows = rows[self.first[self.heads]]
        self.start_first = columns["start_first"][head_rows].astype(float)
        self.start_last = columns["start_last"][head_rows].astype(float)

    def row_range(self, point: int) -> np.ndarray:
        return self.rows[self.first[point]: self.last[point]]


def _periods(points: Points, min_days: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each point's period: the point it runs from (OPENING from the window start, NOT_RATED
    when too short to rate), its lowest rate and its middle rate.

    A period runs from the last rated point, so each point depends on the ones before it: the
    series are walked together, one position at a time, each step a few numpy operations over
    the series that are that long. The points are laid out step by step (Steps), so each step
    reads and writes contiguous slices, and each series' current start is kept beside it.
    """
    steps = Steps(points)
    at = steps.order  # the points, step by step
    end_last, end_early, low, high, value = (column[at] for column in (points.end_last, points.end_early, points.low, points.high, points.value))
    heads = slice(0, steps.counts[0])
    days_max, days_min, rise_min, rise_mid = (np.empty(len(at)) for _ in range(4))
    days_max[heads] = end_last[heads] - points.start_first[steps.series]
    days_min[heads] = end_early[heads] - points.start_last[steps.series]
    rise_min[heads] = np.maximum(low[heads], 0.0)
    rise_mid[heads] = value[heads]
    begin = np.full(len(at), NOT_RATED)
    begin[heads][_ratable(days_min[heads], rise_min[heads], min_days)] = OPENING
    # The opening point starts the next period, rated or not: each series' start, by its values.
    start, start_early, start_last, start_high, start_value = (x[heads].copy() for x in (at, end_early, end_last, high, value))
    for first, count in zip(steps.offsets[1:].tolist(), steps.counts[1:].tolist()):
        here, was = slice(first, first + count), slice(0, count)
        days_max[here] = end_last[here] - start_early[was]
        days_min[here] = end_early[here] - start_last[was]
        rise_min[here] = np.maximum(low[here] - start_high[was], 0.0)
        rise_mid[here] = value[here] - start_value[was]
        ok = _ratable(days_min[here], rise_min[here], min_days)
        begin[here] = np.where(ok, start[was], NOT_RATED)
        for current, column in ((start, at), (start_early, end_early), (start_last, end_last), (start_high, high), (start_value, value)):
            current[was] = np.where(ok, column[here], current[was])  # too close: the earlier point stays the start
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_min = rise_min / np.maximum(days_max, 1.0)
        rate_mid = np.maximum(rise_mid, 0.0) / ((days_max + days_min) / 2)
    return steps.in_point_order(begin), steps.in_point_order(rate_min), steps.in_point_order(rate_mid)


class Steps:
    """The points laid out step by step: first every series' first point, then every second
    point, and so on, the series longest first, so the series still going at each step are a
    prefix of the previous step's and each step is one slice."""

    def __init__(self, points: Points):
        n, heads = len(points.series), points.heads
        lengths = np.diff(np.r_[heads, n])
        self.series = np.argsort(-lengths, kind="stable")  # the series, longest first
        longest_first = lengths[self.series]
        self.counts = np.searchsorted(-longest_first, -np.arange(1, int(lengths.max(initial=0)) + 1), side="right")
        self.offsets = np.r_[0, np.cumsum(self.counts)[:-1]]
        rank = np.empty(len(heads), np.int64)
        rank[self.series] = np.arange(len(heads))
        series = np.repeat(np.arange(len(heads)), lengths)
        step = np.arange(n) - heads[series]
        self.place = self.offsets[step] + rank[series]  # each point's place, step by step
        self.order = np.empty(n, np.int64)
        self.order[self.place] = np.arange(n)

    def in_point_order(self, values: np.ndarray) -> np.ndarray:
        return values[self.place]


def _ratable(days_min: np.ndarray, rise_min: np.ndarray, min_days: float) -> np.ndarray:
    return (days_min >= min_days) & np.isfinite(rise_min)


def _jumps(points: Points, rated: np.ndarray, begin: np.ndarray, rate_min: np.ndarray, usual: np.ndarray, fastest_other: np.ndarray, factor: float) -> np.ndarray:
    """Which of the `rated` periods jump: not the opening one (tolls often come early), at
    least `factor` times the usual rate, more than twice as fast as any other later period
    (a sudden jump, not one of several big steps), and more than chance allows at the usual
    rate."""
    start = begin[rated]
    lowest = rate_min[rated]
    later = start >= 0
    with np.errstate(invalid="ignore"):
        fast = later & ~((usual <= 0) | (lowest < factor * usual)) & ~(2 * fastest_other >= lowest)
        days = np.maximum(points.end_last[rated] - points.end_early[np.where(later, start, 0)], 1.0)
        expected = usual * days
        beyond_chance = ~(lowest * days <= expected + 3 * np.sqrt(expected))
    return np.flatnonzero(fast & beyond_chance)


def _draft(columns: Claims, points: Points, point: int, start: int, rate: float, usual: float) -> Draft:
    ids = [str(x) for x in columns["claim_id"][np.r_[points.row_range(start), points.row_range(point)]].tolist()]
    begin, end = columns.claim(int(points.rows[points.first[start]])), columns.claim(int(points.rows[points.first[point]]))
    facts = (("rate", rate), ("usual", usual), ("from", figure_of(begin)), ("to", figure_of(end)))
    return Draft(str(end.metric), str(end.scope), "rate_jump.jump", tuple(ids), facts)


def leave_one_out_medians(values: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For each value, the median of the other values of its segment (segments numbered in
    runs), what np.median(np.delete(segment, k)) gives, from one sort of all segments: with the
    segment sorted, the median without rank r is read off next to the middle, one place later
    where the middle passes r. NaN sorts last; a NaN among the others makes the median NaN."""
    values = np.asarray(values, float)
    n = len(values)
    if n == 0:
        return np.zeros(0)
    heads = np.flatnonzero(np.r_[True, segments[1:] != segments[:-1]])
    sizes = np.diff(np.r_[heads, n])
    which = np.repeat(np.arange(len(heads)), sizes)
    order = np.lexsort((values, which))
    ranked = values[order]
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - heads[which[order]]
    others = sizes[which] - 1
    middle = np.maximum((others - 1) // 2, 0)
    base = heads[which]

    def kth(j: np.ndarray) -> np.ndarray:  # the j-th smallest of the others
        return ranked[np.minimum(base + j + (j >= rank), n - 1)]

    upper = kth(middle + (others % 2 == 0))
    result = np.where(others % 2 == 1, kth(middle), (kth(middle) + upper) / 2)
    nans = np.bincount(which, weights=np.isnan(values), minlength=len(heads))[which] - np.isnan(values)
    return np.where((nans > 0) | (others == 0), np.nan, result)


def leave_one_out_maxima(values: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For each value, the largest of the other values of its segment (segments numbered in
    runs; -inf when there is none): the segment's largest, or its second largest for the one
    place that holds the largest alone."""
    values = np.asarray(values, float)
    n = len(values)
    if n == 0:
        return np.zeros(0)
    heads = np.flatnonzero(np.r_[True, segments[1:] != segments[:-1]])
    which = np.repeat(np.arange(len(heads)), np.diff(np.r_[heads, n]))
    top = np.maximum.reduceat(values, heads)[which]
    is_top = values == top
    alone = np.bincount(which, weights=is_top, minlength=len(heads))[which] == 1
    second = np.maximum.reduceat(np.where(is_top, -np.inf, values), heads)[which]
    return np.where(is_top & alone, second, top)


def medians_of_the_others(values: list[float]) -> list[float]:
    """For each k, the median of `values` without the k-th: leave_one_out_medians of one segment."""
    return leave_one_out_medians(np.asarray(values, float), np.zeros(len(values), int)).tolist()
