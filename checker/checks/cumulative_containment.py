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
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

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
    max_findings: int | None = None


TABLE_LIMIT = 4_000_000  # cells of one metric's dominance table; larger groups pair directly


def check(frame: pd.DataFrame, options: Options) -> tuple[list[Draft], set[str]]:
    """Two phases. A dominance table per metric and scope finds, for each claim, the highest
    figure among the claims whose windows it could contain (and whether it contains or is
    contained by any). Only claims that could be contradicted are then paired exactly."""
    tolerance = float(options.date_tolerance_days or 0)
    known = frame[frame["start_first"].notna()].reset_index(drop=True)
    if len(known) < 2:
        return [], set()
    codes = known.groupby(["metric", "scope"], sort=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    known = known.take(order).reset_index(drop=True)
    codes = codes[order]
    columns = Columns(known)
    bounds = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1], True])
    candidates: list[np.ndarray] = []
    related = np.zeros(len(known), dtype=bool)
    direct: list[tuple[int, int]] = []
    for begin, end in zip(bounds[:-1], bounds[1:]):
        if end - begin < 2:
            continue
        group = slice(begin, end)
        flagged, linked = _dominance(columns, group, tolerance)
        if flagged is None:
            direct.append((begin, end))  # too many distinct dates for a table: pair directly
            continue
        candidates.append(begin + np.flatnonzero(flagged))
        related[group] = linked
    compared = set(columns["claim_id"][related].tolist())
    outer_pos, inner_pos = _exact_pairs(columns, np.concatenate(candidates) if candidates else np.zeros(0, int), bounds, codes, direct, tolerance, compared)
    drafts: list[Draft] = []
    if len(outer_pos) == 0:
        return drafts, compared
    # One finding per low claim: the contained claims it falls furthest below, and how many more.
    shortfall = columns["low"][inner_pos] - columns["high"][outer_pos]
    order = np.lexsort((inner_pos, -shortfall, outer_pos))  # rows are in content order (loader)
    outer_pos, inner_pos, shortfall = outer_pos[order], inner_pos[order], shortfall[order]
    firsts = np.flatnonzero(np.r_[True, outer_pos[1:] != outer_pos[:-1]])
    counts = np.diff(np.r_[firsts, len(outer_pos)])
    for start, count in zip(firsts, counts):
        worst = [k for k in range(start, start + count) if shortfall[k] == shortfall[start]]
        inners = [columns.record(inner_pos[k]) for k in worst]
        drafts.append(_draft(columns.record(outer_pos[start]), inners, int(count) - len(worst)))
    return drafts, compared


def _dominance(columns: Columns, group: slice, tolerance: float) -> tuple[np.ndarray | None, np.ndarray]:
    """For one metric and scope: which claims could be lower than a claim inside their window
    (`flagged`), and which contain or are contained by another claim (`linked`)."""
    start_first, start_last = columns["start_first"][group], columns["start_last"][group]
    end_last, end_early = columns["end_last"][group], columns["end_early"][group]
    low, high = columns["low"][group].astype(float), columns["high"][group].astype(float)
    low_open, high_open = columns["low_open"][group].astype(bool), columns["high_open"][group].astype(bool)
    starts, ends = np.unique(start_first), np.unique(end_last)
    if len(starts) * len(ends) > TABLE_LIMIT:
        return None, np.ones(len(low), dtype=bool)
    s_rank, e_rank = np.searchsorted(starts, start_first), np.searchsorted(ends, end_last)
    effective = np.where(low_open, np.nextafter(low, np.inf), low)
    best = np.full((len(starts), len(ends)), -np.inf)
    np.maximum.at(best, (s_rank, e_rank), effective)
    count = np.zeros((len(starts), len(ends)), dtype=np.int64)
    np.add.at(count, (s_rank, e_rank), 1)
    # Region of claims a claim can contain: start >= its latest start - tolerance, end <= its
    # earliest end + tolerance. Suffix over starts, prefix over ends.
    best = np.maximum.accumulate(np.maximum.accumulate(best[::-1], axis=0)[::-1], axis=1)
    count = np.cumsum(np.cumsum(count[::-1], axis=0)[::-1], axis=1)
    s_query = np.searchsorted(starts, start_last - tolerance, side="left")
    e_query = np.searchsorted(ends, end_early + tolerance, side="right") - 1
    valid = (s_query < len(starts)) & (e_query >= 0)
    s_query, e_query = np.minimum(s_query, len(starts) - 1), np.maximum(e_query, 0)
    highest = np.where(valid, best[s_query, e_query], -np.inf)
    inside = np.where(valid, count[s_query, e_query], 0)
    own = (start_first >= start_last - tolerance) & (end_last <= end_early + tolerance)
    flagged = (highest > high) | (high_open & (highest >= high))
    linked = (inside - own) > 0
    # Claims that some other claim contains: the same table read the other way round.
    outer_starts, outer_ends = np.unique(start_last), np.unique(end_early)
    if len(outer_starts) * len(outer_ends) <= TABLE_LIMIT:
        reverse = np.zeros((len(outer_starts), len(outer_ends)), dtype=np.int64)
        np.add.at(reverse, (np.searchsorted(outer_starts, start_last), np.searchsorted(outer_ends, end_early)), 1)
        reverse = np.cumsum(np.cumsum(reverse, axis=0)[:, ::-1], axis=1)[:, ::-1]
        s_back = np.searchsorted(outer_starts, start_first + tolerance, side="right") - 1
        e_back = np.searchsorted(outer_ends, end_last - tolerance, side="left")
        ok = (s_back >= 0) & (e_back < len(outer_ends))
        containers = np.where(ok, reverse[np.maximum(s_back, 0), np.minimum(e_back, len(outer_ends) - 1)], 0)
        linked |= (containers - own) > 0
    return flagged, linked


def _exact_pairs(columns: Columns, outers: np.ndarray, bounds: np.ndarray, codes: np.ndarray, direct: list[tuple[int, int]], tolerance: float, compared: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every (outer, inner) violation among the candidate outers (each against its whole group)
    and within the groups too large for a table (every pair)."""
    group = np.searchsorted(bounds, np.arange(len(codes)), side="right") - 1
    group_start, group_size = bounds[group], bounds[group + 1] - bounds[group]
    pieces_outer: list[np.ndarray] = []
    pieces_inner: list[np.ndarray] = []
    if len(outers):
        sizes = group_size[outers]
        first = np.repeat(outers, sizes)
        offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        second = np.repeat(group_start[outers], sizes) + offsets
        keep = first != second
        pieces_outer.append(first[keep])
        pieces_inner.append(second[keep])
    for begin, end in direct:
        # every pair of the group, in bounded chunks, both ways round
        for i, j in group_pairs(columns.frame.iloc[begin:end]):
            pieces_outer += [begin + i, begin + j]
            pieces_inner += [begin + j, begin + i]
    if not pieces_outer:
        return np.zeros(0, int), np.zeros(0, int)
    first, second = np.concatenate(pieces_outer), np.concatenate(pieces_inner)
    outer, inner = take(columns, first), take(columns, second)
    mask = contains(outer, inner, tolerance) & ~contains(inner, outer, tolerance) & ~same_window(outer, inner, tolerance)
    mask &= strictly_below(outer["high"], outer["high_open"], inner["low"], inner["low_open"])
    compared.update(outer["claim_id"][mask])
    compared.update(inner["claim_id"][mask])
    return first[mask], second[mask]


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
