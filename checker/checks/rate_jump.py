"""rate-jump: a cumulative series whose daily rate suddenly runs far above its other periods.

For a cumulative metric, claims whose windows start on the same date (within
``date_tolerance_days``) form a series; sorted by window end, consecutive claims give periods
with a daily rate (increase / days). A period is flagged when even its lowest possible rate
(smallest increase over the longest possible time, counting printed precision, qualifiers and
the reporting lag) is at least ``factor`` times the median rate of the series' other periods.
Periods shorter than ``min_period_days`` are not rated. The first period runs from the
window start to the first claim.

Options:
  factor                how many times the usual rate counts as a jump (default 4)
  min_period_days       shortest period that gets a rate (default 30)
  date_tolerance_days   slack on the window starts (default: settings)

Passes: 33 deaths after one year, 55 after two and a half, 68 after four and a half.
Fails:  about 27,000 objects found in the first year, about 120,000 after four and a half
        years, then 232,522 six months later: some 600 a day against about 75.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import figure, who
from checker.model import Draft, format_number

ID = "rate-jump"
DEFAULT_SEVERITY = "warning"
KINDS = ("cumulative",)


@dataclass(frozen=True)
class Options:
    factor: float = 4.0
    min_period_days: int = 30
    date_tolerance_days: int | None = None


def check(frame: pd.DataFrame, options: Options) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    compared: set[str] = set()
    tolerance = float(options.date_tolerance_days or 0)
    known = frame[frame["start_first"].notna()]
    for _, group in known.groupby(["metric", "scope"], sort=True):
        for series in _series_by_start(group, tolerance):
            if len(series) < 2:
                continue
            found, used = _jumps(series, options)
            drafts.extend(found)
            compared |= used
    return drafts, compared


def _series_by_start(group: pd.DataFrame, tolerance: float) -> list[pd.DataFrame]:
    ordered = group.sort_values(["start_first", "end_last", "claim_id"], kind="stable")
    starts = ordered["start_first"].to_numpy()
    anchor = starts[0]
    labels = np.zeros(len(ordered), dtype=int)
    label = 0
    for i, start in enumerate(starts):  # one pass over sorted starts
        if start > anchor + tolerance:
            label += 1
            anchor = start
        labels[i] = label
    return [part.sort_values(["end_last", "claim_id"], kind="stable") for _, part in ordered.groupby(labels, sort=True)]


def _jumps(series: pd.DataFrame, options: Options) -> tuple[list[Draft], set[str]]:
    rows = list(series.itertuples(index=False))
    periods = []  # (index of period end, min rate, mid rate, min days, from row or None)
    first = rows[0]
    previous = None
    for i, row in enumerate(rows):
        if previous is None:
            days_max = row.end_last - first.start_first
            days_min = row.end_early - first.start_last
            increase_min, increase_mid = max(row.low, 0.0), row.value * row.factor
        else:
            days_max = row.end_last - previous.end_early
            days_min = row.end_early - previous.end_last
            increase_min = max(row.low - previous.high, 0.0)
            increase_mid = row.value * row.factor - previous.value * previous.factor
        if days_min >= options.min_period_days and np.isfinite(increase_min):
            rate_min = increase_min / max(days_max, 1.0)
            rate_mid = max(increase_mid, 0.0) / ((days_max + days_min) / 2)
            periods.append((i, rate_min, rate_mid, previous))
            previous = row
        elif previous is None:
            previous = row
        else:
            # Too close to the previous point to rate: keep the earlier point as the period start.
            continue
    drafts: list[Draft] = []
    used = {str(r.claim_id) for r in rows} if len(periods) >= 2 else set()
    for k, (i, rate_min, _, start_row) in enumerate(periods):
        others = [p[2] for j, p in enumerate(periods) if j != k]
        if not others:
            continue
        usual = float(np.median(others))
        if usual <= 0 or rate_min < options.factor * usual:
            continue
        row = rows[i]
        end_row = pd.Series(row._asdict())
        if start_row is None:
            opening = f"from the window start {row.window_text.split(' .. ')[0]}"
            ids = (str(row.claim_id),)
        else:
            begin = pd.Series(start_row._asdict())
            opening = f"from {figure(begin)} ({who(begin)})"
            ids = (str(start_row.claim_id), str(row.claim_id))
        message = (
            f"{row.metric} rises {opening} to {figure(end_row)} ({who(end_row)}) at no less than "
            f"{format_number(round(rate_min, 1))} a day, {rate_min / usual:.1f} times the series' usual "
            f"{format_number(round(usual, 1))} a day over its other periods. Check the later figure's "
            f"window and definition."
        )
        drafts.append(Draft(str(row.metric), str(row.scope), message, ids, (("rate", float(rate_min)), ("usual", usual))))
    return drafts, used
