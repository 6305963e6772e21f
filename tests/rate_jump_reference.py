"""rate-jump as first written: one series at a time in Python. The plain reading the vectorised
check (checker/checks/rate_jump.py) must agree with (tests/test_scale_paths.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from checker.checks.rate_jump import Options  # noqa: F401  (the same options)
from checker.claim import Claims
from checker.facts import figure_of
from checker.model import Draft

MIN_PERIODS = 3


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    compared: set[str] = set()
    tolerance = float(options.date_tolerance_days or 0)
    known = frame[frame["start_first"].notna()]
    if known.empty:
        return drafts, compared
    # One sort, then one pass: a series is a run of one metric and scope whose starts stay
    # within the tolerance of the run's first start.
    ordered = known.sort_values(["metric", "scope", "start_first", "end_last"], kind="stable").reset_index(drop=True)
    columns = Claims(ordered)
    metric, scope, start = columns["metric"].tolist(), columns["scope"].tolist(), columns["start_first"].tolist()
    label = np.empty(len(ordered), dtype=np.int64)
    current, anchor = -1, None
    for i in range(len(ordered)):
        if anchor is None or (metric[i], scope[i]) != anchor[:2] or start[i] > anchor[2] + tolerance:
            current += 1
            anchor = (metric[i], scope[i], start[i])
        label[i] = current
    ordered["_series"] = label
    ordered = ordered.sort_values(["_series", "end_last"], kind="stable").reset_index(drop=True)
    columns = Claims(ordered)
    bounds = np.flatnonzero(np.r_[True, ordered["_series"].to_numpy()[1:] != ordered["_series"].to_numpy()[:-1], True])
    for begin, end in zip(bounds[:-1], bounds[1:]):
        if end - begin < 2:
            continue
        found, used = _jumps(columns, range(begin, end), options)
        drafts.extend(found)
        compared |= used
    return drafts, compared


def medians_of_the_others(values: list[float]) -> list[float]:
    """For each k, the median of `values` without the k-th (what np.median(np.delete(values, k))
    gives), from one sort instead of one median per period."""
    n = len(values)
    if n < 2 or any(math.isnan(v) for v in values):
        array = np.array(values)
        return [float(np.median(np.delete(array, k))) for k in range(n)]
    order = sorted(range(n), key=values.__getitem__)
    ranked = [values[k] for k in order]
    rank = [0] * n
    for r, k in enumerate(order):
        rank[k] = r

    def kth(j: int, skipped: int) -> float:  # the j-th smallest once rank `skipped` is gone
        return ranked[j if j < skipped else j + 1]

    middle = (n - 1) // 2
    if (n - 1) % 2:
        return [kth(middle, rank[k]) for k in range(n)]
    return [(kth(middle - 1, rank[k]) + kth(middle, rank[k])) / 2 for k in range(n)]


def _jumps(columns: Claims, rows: range, options: Options) -> tuple[list[Draft], set[str]]:
    # Plain lists of this series only: indexing numpy arrays one element at a time is slow.
    span = slice(rows.start, rows.stop)
    low, high, value = (columns[c][span].astype(float).tolist() for c in ("low", "high", "norm_value"))
    end_last, end_early = columns["end_last"][span].tolist(), columns["end_early"][span].tolist()
    start_first, start_last = float(columns["start_first"][rows.start]), float(columns["start_last"][rows.start])
    # Identical figures for the same date (from several sources) are one point of the series.
    same_point: dict[int, list[int]] = {}
    points: list[int] = []
    for i in range(len(low)):
        if points:
            p = points[-1]
            if (end_last[i], end_early[i], low[i], high[i]) == (end_last[p], end_early[p], low[p], high[p]):
                same_point[p].append(i)
                continue
        points.append(i)
        same_point[i] = [i]
    periods = []  # (row, lowest rate, middle rate, row the period starts from or None)
    previous = None
    for i in points:
        if previous is None:
            days_max = end_last[i] - start_first
            days_min = end_early[i] - start_last
            increase_min, increase_mid = max(low[i], 0.0), value[i]
        else:
            days_max = end_last[i] - end_early[previous]
            days_min = end_early[i] - end_last[previous]
            increase_min = max(low[i] - high[previous], 0.0)
            increase_mid = value[i] - value[previous]
        if days_min >= options.min_period_days and math.isfinite(increase_min):
            rate_min = increase_min / max(days_max, 1.0)
            rate_mid = max(increase_mid, 0.0) / ((days_max + days_min) / 2)
            periods.append((i, rate_min, rate_mid, previous))
            previous = i
        elif previous is None:
            previous = i
        # else: too close to the previous point to rate; the earlier point stays the period start
    drafts: list[Draft] = []
    used = {str(columns["claim_id"][i]) for i in rows} if len(periods) >= MIN_PERIODS else set()
    if len(periods) < MIN_PERIODS:
        return drafts, used
    usuals = medians_of_the_others([p[2] for p in periods])
    for k, (i, rate_min, _, start_row) in enumerate(periods):
        if start_row is None:
            continue  # the opening period: tolls often come early
        usual = usuals[k]
        if usual <= 0 or rate_min < options.factor * usual:
            continue
        if any(j != k and other[3] is not None and 2 * other[2] >= rate_min for j, other in enumerate(periods)):
            continue  # another later period ran at least half as fast: no sudden jump
        days = max(end_last[i] - end_early[start_row], 1.0)
        expected = usual * days
        if rate_min * days <= expected + 3 * math.sqrt(expected):
            continue  # within what chance allows for a count at the usual rate
        base = rows.start
        end_row = columns.claim(base + i)
        end_ids = tuple(str(columns["claim_id"][base + x]) for x in same_point[i])
        begin = columns.claim(base + start_row)
        ids = tuple(str(columns["claim_id"][base + x]) for x in same_point[start_row]) + end_ids
        facts = (("rate", float(rate_min)), ("usual", usual), ("from", figure_of(begin)), ("to", figure_of(end_row)))
        drafts.append(Draft(str(end_row.metric), str(end_row.scope), "rate_jump.jump", ids, facts))
    return drafts, used
