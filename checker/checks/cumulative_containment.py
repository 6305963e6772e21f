"""cumulative-containment: a count over a longer window cannot be smaller than one it contains.

For a cumulative metric (deaths since X, objects found since X), if window B starts no later
and ends no earlier than window A, B's figure must be at least A's. Windows with different
starts count too: a total "since 1991" cannot be below one "since 2020" that ends no later,
and a figure for six weeks cannot exceed one for the decades that contain them.

Containment must be certain: B's latest possible start is no later than A's earliest possible
start, and B's earliest possible end no earlier than A's latest possible end, give or take
``date_tolerance_days`` at each edge. An end that is the source's publication date may lag by
the reporting lag (settings.reporting_lag_days, per metric ``reporting_lag_days``).
Windows that are the same (each contains the other) are left to same-window-agreement.

Options:
  date_tolerance_days   slack at each window edge, in days (default: settings)

Passes: 33 deaths since 2020-11-10 (Nov 2021), then 55 (May 2023): the later window is longer
        and its figure higher.
Fails:  68 deaths since 2020-11-10 (June 2025) against 71 killed between November 2020 and
        November 2023 (Dec 2025): the 2025 window contains the 2020-2023 one, yet is lower.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import Columns, contains, figure, group_pairs, interval_text, percent, same_window, strictly_below, take, who, window
from checker.model import Draft, format_number

ID = "cumulative-containment"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative",)


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None


def check(frame: pd.DataFrame, options: Options) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    compared: set[str] = set()
    tolerance = float(options.date_tolerance_days or 0)
    columns = Columns(frame)
    outers: list[np.ndarray] = []
    inners: list[np.ndarray] = []
    for i, j in group_pairs(frame):
        a, b = take(columns, i), take(columns, j)
        a_in_b = contains(b, a, tolerance)
        b_in_a = contains(a, b, tolerance)
        distinct = ~same_window(a, b, tolerance)  # the same window is same-window-agreement's
        for outer, inner, mask in ((b, a, a_in_b & ~b_in_a & distinct), (a, b, b_in_a & ~a_in_b & distinct)):
            compared.update(outer["claim_id"][mask])
            compared.update(inner["claim_id"][mask])
            lower = mask & strictly_below(outer["high"], outer["high_open"], inner["low"], inner["low_open"])
            outers.append(outer.positions[lower])
            inners.append(inner.positions[lower])
    if not outers:
        return drafts, compared
    outer_pos, inner_pos = np.concatenate(outers), np.concatenate(inners)
    if len(outer_pos) == 0:
        return drafts, compared
    # One finding per low claim: the contained claim it falls furthest below, and how many more.
    shortfall = columns["low"][inner_pos] - columns["high"][outer_pos]
    order = np.lexsort((inner_pos, -shortfall, outer_pos))  # rows are in content order (loader)
    outer_pos, inner_pos = outer_pos[order], inner_pos[order]
    shortfall = shortfall[order]
    firsts = np.flatnonzero(np.r_[True, outer_pos[1:] != outer_pos[:-1]])
    counts = np.diff(np.r_[firsts, len(outer_pos)])
    for start, count in zip(firsts, counts):
        # every contained claim the low one falls furthest below (ties are all named)
        worst = [k for k in range(start, start + count) if shortfall[k] == shortfall[start]]
        inners = [columns.record(inner_pos[k]) for k in worst]
        drafts.append(_draft(columns.record(outer_pos[start]), inners, int(count) - len(worst)))
    return drafts, compared


def _draft(outer: dict, inners: list[dict], others: int = 0) -> Draft:
    inner = inners[0]
    shortfall = inner["low"] - outer["high"]
    same = f" (and the identical figure from {', '.join(who(x) for x in inners[1:])})" if len(inners) > 1 else ""
    more = f" It is also below {others} other claim{'s' if others > 1 else ''} in windows it contains." if others else ""
    message = (
        f"{figure(outer)} from {who(outer)} covers {window(outer)}, a window that contains "
        f"{window(inner)} of {figure(inner)} from {who(inner)}{same}, yet it is lower: "
        f"{interval_text(outer)} against {interval_text(inner)}, short by at least "
        f"{format_number(shortfall)}{percent(shortfall, inner['low'])}. A count over a longer window "
        f"cannot be smaller than one over a window it contains.{more}"
    )
    details = (("shortfall", float(shortfall)),) + ((("other_contained_claims", others),) if others else ())
    return Draft(outer["metric"], outer["scope"], message, (outer["claim_id"], *(x["claim_id"] for x in inners)), details)
