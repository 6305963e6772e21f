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
A round figure is read as rounded ("1,200" for 1,150-1,250); a violation that shows only with
round figures read as printed is a warning that names the rounding that would excuse it.

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

from checker.checks.common import AS_PRINTED, contains, read_as_printed, round_figures, same_window, strictly_below
from checker.claim import Claim, Claims
from checker.facts import Rounding, figure_of
from checker.model import Draft

ID = "cumulative-containment"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative",)
RELATION_KIND = None  # compares claims of one metric, not a relation


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


TABLE_LIMIT = 4_000_000  # cells of one metric's dominance table; larger groups pair directly
INNERS_PER_OUTER = 64  # contained claims tried for each low claim: the highest first
INNERS_LISTED = 12  # contained figures each low claim gets a finding for; the rest are counted


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], set[str]]:
    """Containment read several ways. With the reporting lag, an end "as of publication" may be
    that much older: a violation that survives it is a proof. One that holds only when the figure
    is as fresh as its publication date is likely, and says so. Round figures are read as rounded
    ("1,200" for 1,150-1,250); a violation that shows only when they are read as printed is
    likely too, and names the rounding that would excuse it."""
    tolerance = float(options.date_tolerance_days or 0)
    known = frame[frame["start_first"].notna()].reset_index(drop=True)
    drafts: list[Draft] = []
    compared: set[str] = set()
    listed: set[tuple[str, str]] = set()
    readings = [(known, "proof", ""), (known.assign(end_early=known["end_first"]), "likely", FRESH)]
    if frame["start_first"].isna().any():
        # A running total "as of" a date most often counts from the start of the series.
        from_start = frame.assign(end_early=frame["end_first"], start_first=frame["start_first"].fillna(SERIES_START),
                                  start_last=frame["start_last"].fillna(SERIES_START))
        readings.append((from_start.reset_index(drop=True), "likely", FROM_START))
    # Last, round figures read as printed, over the widest windows: what only this shows, only
    # rounding excuses (besides the window reading each pair needs, found by _window_reading).
    widest, lagged_from = readings[-1][0], (frame if readings[-1][2] == FROM_START else known)
    starts_filled = {FROM_START, ROUNDED} if readings[-1][2] == FROM_START else {FROM_START}
    readings.append((read_as_printed(_with_round_figures(widest.assign(end_lagged=lagged_from["end_early"].to_numpy()))), "likely", ROUNDED))
    for table, evidence, reading in readings:
        if len(table) < 2:
            continue
        found, reached = _violations(table, tolerance, options.max_findings)
        compared |= reached & set(known["claim_id"]) if reading in starts_filled else reached
        # What a Claim does not hold: each claim's lagged end and roundness, in this reading.
        marks = dict(zip(table["claim_id"], zip(table["end_lagged"], table["round_figure"]))) if reading == ROUNDED else {}
        for outer, inners, others in found:
            compared |= {outer.claim_id, *(x.claim_id for x in inners)}
            pairs = {(outer.claim_id, x.claim_id) for x in inners}
            if pairs <= listed:
                continue  # a stronger reading already showed it
            listed |= pairs
            if reading == ROUNDED:
                (outer_end_lagged, outer_round), inner_round = marks[outer.claim_id], marks[inners[0].claim_id][1]
                shown_by = (_window_reading(outer, inners[0], float(outer_end_lagged), tolerance), ROUNDED)
                drafts.append(_draft(outer, inners, others, evidence, shown_by, _rounding(outer, bool(outer_round), inners[0], bool(inner_round))))
            else:
                drafts.append(_draft(outer, inners, others, evidence, reading))
    return drafts, compared


FRESH = "the lower figure is as fresh as its publication date"
FROM_START = "figures given 'as of' a date count from the start of the series"
ROUNDED = AS_PRINTED
SERIES_START = -1e9  # an ordinal day before any date: "from the start of the series"


def _with_round_figures(table: pd.DataFrame) -> pd.DataFrame:
    """The metrics and scopes of `table` that hold a round figure: only there can reading round
    figures as printed show a violation the rounded reading does not."""
    if table.empty:
        return table
    marked = table.assign(round_figure=round_figures(table))
    holds_one = marked.groupby(["metric", "scope"], sort=False)["round_figure"].transform("any")
    return marked[holds_one.to_numpy(bool)].reset_index(drop=True)


def _window_reading(outer: Claim, inner: Claim, outer_end_lagged: float, tolerance: float) -> str:
    """The window reading a pair found with round figures read as printed needs as well: none
    when the outer window contains the inner even with the reporting lag (`outer_end_lagged`,
    the outer claim's end_early before the readings moved it)."""
    if SERIES_START in (outer.start_first, inner.start_first):
        return FROM_START
    return "" if outer_end_lagged >= inner.end_last - tolerance else FRESH


def _violations(known: pd.DataFrame, tolerance: float, limit: int | None) -> tuple[list[tuple[Claim, list[Claim], int]], set[str]]:
    """Each claim below a claim whose window it certainly contains: (outer, worst inners, others)."""
    codes = known.groupby(["metric", "scope"], sort=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    known = known.take(order).reset_index(drop=True)
    codes = codes[order]
    columns = Claims(known)
    bounds = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1], True])
    related = np.zeros(len(known), dtype=bool)
    outers: list[np.ndarray] = []
    highest_of: list[np.ndarray] = []
    for begin, end in zip(bounds[:-1], bounds[1:]):
        if end - begin < 2:
            continue
        group = slice(begin, end)
        flagged, highest, linked = _dominance(columns, group, tolerance)
        related[group] = linked
        picked = np.flatnonzero(flagged)
        if limit:
            picked = picked[: int(limit) * 4]  # the engine lists `limit` per group; spare for ties
        outers.append(begin + picked)
        highest_of.append(highest[picked])
    compared = set(columns["claim_id"][related].tolist())
    if not outers:
        return [], compared
    outer_pos, inner_pos = _clashing_pairs(columns, np.concatenate(outers), np.concatenate(highest_of), bounds, codes, tolerance)
    compared.update(columns["claim_id"][outer_pos].tolist())
    compared.update(columns["claim_id"][inner_pos].tolist())
    found: list[tuple[Claim, list[Claim], int]] = []
    if len(outer_pos) == 0:
        return found, compared
    # One finding per low claim: the contained claims it falls furthest below, and how many more.
    shortfall = columns["low"][inner_pos] - columns["high"][outer_pos]
    order = np.lexsort((inner_pos, -shortfall, outer_pos))  # rows are in content order (loader)
    outer_pos, inner_pos, shortfall = outer_pos[order], inner_pos[order], shortfall[order]
    firsts = np.flatnonzero(np.r_[True, outer_pos[1:] != outer_pos[:-1]])
    counts = np.diff(np.r_[firsts, len(outer_pos)])
    for start, count in zip(firsts, counts):
        # One finding per contained figure the low claim falls below, worst first; the same
        # figure restated by several sources is one finding that lists every restatement.
        outer = columns.claim(outer_pos[start])
        restated: dict[tuple, list[Claim]] = {}
        for k in range(start, start + int(count)):
            inner = columns.claim(inner_pos[k])
            key = (inner.low, inner.high, inner.low_open, inner.high_open, inner.window_text)
            if key in restated or len(restated) < INNERS_LISTED:
                restated.setdefault(key, []).append(inner)
        listed = sum(len(group) for group in restated.values())
        for number, group in enumerate(restated.values()):
            found.append((outer, group, int(count) - listed if number == len(restated) - 1 else 0))
    return found, compared


def _dominance(columns: Claims, group: slice, tolerance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For one metric and scope: which claims could be lower than a claim inside their window
    (`flagged`), the highest figure among the claims each could contain (`highest`), and which
    contain or are contained by another claim (`linked`)."""
    start_first, start_last = columns["start_first"][group], columns["start_last"][group]
    end_last, end_early = columns["end_last"][group], columns["end_early"][group]
    low, high = columns["low"][group].astype(float), columns["high"][group].astype(float)
    low_open, high_open = columns["low_open"][group].astype(bool), columns["high_open"][group].astype(bool)
    effective = np.where(low_open, np.nextafter(low, np.inf), low)
    starts, ends = np.unique(start_first), np.unique(end_last)
    if len(starts) * len(ends) > TABLE_LIMIT:
        highest = _highest_by_sweep(start_first, end_last, effective, start_last - tolerance, end_early + tolerance)
        flagged = (highest > high) | (high_open & (highest >= high))
        return flagged, highest, np.ones(len(low), dtype=bool)
    s_rank, e_rank = np.searchsorted(starts, start_first), np.searchsorted(ends, end_last)
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
    return flagged, highest, linked


def _highest_by_sweep(start: np.ndarray, end: np.ndarray, value: np.ndarray, start_min: np.ndarray, end_max: np.ndarray) -> np.ndarray:
    """For each query q: the highest `value` among rows with start >= start_min[q] and
    end <= end_max[q]. Rows enter a prefix-maximum tree over end ranks from the latest start
    down, queries are answered in the same order: n log n, for groups too varied for a table."""
    ends = np.unique(end)
    size = len(ends)
    tree = [-np.inf] * (size + 1)
    row_order = np.argsort(-start, kind="stable")
    query_order = np.argsort(-start_min, kind="stable")
    row_rank = (np.searchsorted(ends, end) + 1).tolist()
    query_rank = np.searchsorted(ends, end_max, side="right").tolist()
    start_list, start_min_list, values = start.tolist(), start_min.tolist(), value.tolist()
    highest = np.full(len(start_min), -np.inf)
    k = 0
    for q in query_order.tolist():
        while k < len(row_order) and start_list[row_order[k]] >= start_min_list[q]:
            row = int(row_order[k])
            i = row_rank[row]
            while i <= size:
                if tree[i] < values[row]:
                    tree[i] = values[row]
                i += i & -i
            k += 1
        best, i = -np.inf, query_rank[q]
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        highest[q] = best
    return highest


PAIR_BLOCK = 20_000  # low claims paired at a time: memory stays bounded whatever the group size


def _clashing_pairs(columns: Claims, outers: np.ndarray, highest: np.ndarray, bounds: np.ndarray, codes: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """(outer, inner) violations for the low claims `outers`. Each is tried against the few
    claims that can explain it: the highest figures of its group and the claims holding exactly
    its `highest`. Claims whose every such candidate shares its window are dropped (no proof)."""
    group_of = np.searchsorted(bounds, outers, side="right") - 1
    effective = np.where(columns["low_open"].astype(bool), np.nextafter(columns["low"].astype(float), np.inf), columns["low"].astype(float))
    by_low = np.lexsort((-effective, codes))  # within each group, highest figure first
    pieces_outer: list[np.ndarray] = []
    pieces_inner: list[np.ndarray] = []
    for g in np.unique(group_of).tolist():
        begin, end = int(bounds[g]), int(bounds[g + 1])
        ranked = by_low[begin:end]
        ascending = effective[ranked][::-1]
        mine = outers[group_of == g]
        top = ranked[:INNERS_PER_OUTER]
        for block in range(0, len(mine), PAIR_BLOCK):
            chunk = mine[block: block + PAIR_BLOCK]
            # claims whose figure equals each outer's highest, from the sorted group
            first_equal = len(ranked) - np.searchsorted(ascending, highest[group_of == g][block: block + PAIR_BLOCK], side="right")
            equal = ranked[np.minimum(first_equal[:, None] + np.arange(INNERS_PER_OUTER), len(ranked) - 1)]
            first = np.concatenate([np.repeat(chunk, len(top)), np.repeat(chunk, INNERS_PER_OUTER)])
            second = np.concatenate([np.tile(top, len(chunk)), equal.ravel()])
            pair = np.unique(np.stack([first, second]), axis=1)
            first, second = pair[0], pair[1]
            keep = first != second
            first, second = first[keep], second[keep]
            outer, inner = columns.take(first), columns.take(second)
            mask = contains(outer, inner, tolerance) & ~contains(inner, outer, tolerance) & ~same_window(outer, inner, tolerance)
            mask &= strictly_below(outer["high"], outer["high_open"], inner["low"], inner["low_open"])
            pieces_outer.append(first[mask])
            pieces_inner.append(second[mask])
    if not pieces_outer:
        return np.zeros(0, int), np.zeros(0, int)
    return np.concatenate(pieces_outer), np.concatenate(pieces_inner)


def _draft(outer: Claim, inners: list[Claim], others: int, evidence: str, reading: str | tuple[str, str], rounding: Rounding | None = None) -> Draft:
    inner = inners[0]
    shortfall = inner.low - outer.high
    details = (("shortfall", float(shortfall)),) + ((("other_contained_claims", others),) if others else ())
    rounded = isinstance(reading, tuple)
    window_reading = reading[0] if rounded else reading
    kind = "containment.lower_than_contained"
    if window_reading == FRESH:
        # The reading that excuses it: the lower figure was already this old when published.
        age = int(max(outer.end_first - inner.end_last, 0)) + 1
        details += (("reading", f"{FRESH}; {ROUNDED}" if rounded else FRESH), ("age_that_excuses_days", age))
        kind = "containment.lower_unless_fresh"
    elif window_reading == FROM_START:
        details += (("reading", f"{FROM_START}; {ROUNDED}" if rounded else FROM_START),)
        kind = "containment.lower_unless_counted_from_start"
    elif rounded:
        details += (("reading", ROUNDED),)
        kind = "containment.lower_unless_rounded"
    details += (("outer", figure_of(outer)), ("contained", figure_of(inner)), ("same_figure_from", tuple(figure_of(x) for x in inners[1:])))
    if rounding is not None:
        details += (("rounding", rounding),)
    return Draft(outer.metric, outer.scope, kind, (outer.claim_id, *(x.claim_id for x in inners)), details, evidence)


def _rounding(outer: Claim, outer_round: bool, inner: Claim, inner_round: bool) -> Rounding:
    """What rounding excuses it, read as printed: the outer figure rounded down or the inner one up."""
    return Rounding(str(outer.claim_id), outer_round, str(inner.claim_id), inner_round, float(inner.low), float(outer.high))
