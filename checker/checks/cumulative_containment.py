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


TABLE_LIMIT = 4_000_000  # cells of one metric's dominance table; larger groups are swept
BATCH_CELLS = 1_000_000  # cells of the tables of many groups built at once: memory stays bounded
INNERS_PER_OUTER = 64  # contained claims tried for each low claim: the highest first
INNERS_LISTED = 12  # contained figures each low claim gets a finding for; the rest are counted
PAIR_BLOCK = 20_000  # low claims paired at a time: memory stays bounded whatever the group size
# The columns the comparisons read. A reading may read some of them differently.
COMPARED = ("start_first", "start_last", "end_first", "end_early", "end_last", "low", "high", "low_open", "high_open")


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], set[str]]:
    """Containment read several ways. With the reporting lag, an end "as of publication" may be
    that much older: a violation that survives it is a proof. One that holds only when the figure
    is as fresh as its publication date is likely, and says so. Round figures are read as rounded
    ("1,200" for 1,150-1,250); a violation that shows only when they are read as printed is
    likely too, and names the rounding that would excuse it."""
    tolerance = float(options.date_tolerance_days or 0)
    claims = Claims(frame)
    groups = _groups(frame)
    round_figure = round_figures(frame)
    claim_ids, known = claims["claim_id"], ~np.isnan(claims["start_first"].astype(float))
    drafts: list[Draft] = []
    compared = np.zeros(len(frame), bool)
    listed: set[tuple[str, str]] = set()
    for reading in _readings(claims, groups, round_figure):
        if np.count_nonzero(reading.rows) < 2:
            continue
        found, reached = _violations(reading, groups, claims["window_text"], tolerance, options.max_findings)
        # A filled-in start is not a comparison of the claim as given, unless it is in a finding.
        compared |= reached & known if reading.starts_filled else reached
        for outer_row, inner_rows, others in found:
            compared[[outer_row, *inner_rows]] = True
            pairs = {(claim_ids[outer_row], claim_ids[row]) for row in inner_rows}
            if pairs <= listed:
                continue  # a stronger reading already showed it
            listed |= pairs
            outer, inners = reading.claim(claims, outer_row), [reading.claim(claims, row) for row in inner_rows]
            if reading.name == ROUNDED:
                # The outer claim's end before the readings moved it: the window reading it needs too.
                shown_by = (_window_reading(outer, inners[0], float(claims["end_early"][outer_row]), tolerance), ROUNDED)
                rounding = _rounding(outer, bool(round_figure[outer_row]), inners[0], bool(round_figure[inner_rows[0]]))
                drafts.append(_draft(outer, inners, others, reading.evidence, shown_by, rounding))
            else:
                drafts.append(_draft(outer, inners, others, reading.evidence, reading.name))
    return drafts, set(claim_ids[compared].tolist())


FRESH = "the lower figure is as fresh as its publication date"
FROM_START = "figures given 'as of' a date count from the start of the series"
ROUNDED = AS_PRINTED
SERIES_START = -1e9  # an ordinal day before any date: "from the start of the series"


@dataclass(frozen=True)
class _Groups:
    """The metric and scope of each row as a number, numbered in sorted order, and the rows
    group by group (in table order within each): every reading compares in this order."""

    codes: np.ndarray
    order: np.ndarray
    count: int


def _groups(frame: pd.DataFrame) -> _Groups:
    if frame.empty:
        return _Groups(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)
    codes = frame.groupby(["metric", "scope"], sort=True).ngroup().to_numpy(np.int64) + 1  # 0: a missing key
    return _Groups(codes, np.argsort(codes, kind="stable"), int(codes.max()) + 1)


@dataclass(frozen=True)
class _Reading:
    """One way to read the claims: the rows it compares and the COMPARED columns as it reads
    them, as arrays over every row of the check's table."""

    name: str  # "" for the windows and figures as given; else the reading a finding names
    evidence: str
    rows: np.ndarray
    columns: dict[str, np.ndarray]
    changed: tuple[str, ...] = ()  # the columns it reads differently from the table
    starts_filled: bool = False  # unknown starts read as the start of the series

    def claim(self, claims: Claims, row: int) -> Claim:
        """The claim at `row` as this reading reads it (built only for claims in findings)."""
        return claims.claim(row)._replace(**{name: self.columns[name][row].item() for name in self.changed})


def _readings(claims: Claims, groups: _Groups, round_figure: np.ndarray) -> list[_Reading]:
    """The readings, strongest first: the windows as given (with the reporting lag), the lower
    figure as fresh as its publication date, unknown starts as the start of the series, and
    last round figures read as printed."""
    given = {name: claims[name] for name in COMPARED}
    known = ~np.isnan(given["start_first"].astype(float))
    fresh = {**given, "end_early": given["end_first"]}
    readings = [_Reading("", "proof", known, given), _Reading(FRESH, "likely", known, fresh, ("end_early",))]
    if not known.all():
        # A running total "as of" a date most often counts from the start of the series.
        starts = {name: np.where(np.isnan(given[name].astype(float)), SERIES_START, given[name]) for name in ("start_first", "start_last")}
        changed = ("end_early", "start_first", "start_last")
        readings.append(_Reading(FROM_START, "likely", np.ones(len(known), bool), {**fresh, **starts}, changed, True))
    readings.append(_as_printed(claims, readings[-1], groups, round_figure))
    return readings


def _as_printed(claims: Claims, widest: _Reading, groups: _Groups, round_figure: np.ndarray) -> _Reading:
    """Round figures read as printed, over the widest windows: what only this shows, only rounding
    excuses. Only the metrics and scopes that hold a round figure can show it."""
    printed = read_as_printed(claims.frame)
    holds_one = np.bincount(groups.codes[widest.rows & round_figure], minlength=groups.count) > 0
    columns = {**widest.columns, "low": printed["low"].to_numpy(float), "high": printed["high"].to_numpy(float)}
    rows = widest.rows & holds_one[groups.codes]
    return _Reading(ROUNDED, "likely", rows, columns, widest.changed + ("low", "high"), widest.starts_filled)


def _window_reading(outer: Claim, inner: Claim, outer_end_lagged: float, tolerance: float) -> str:
    """The window reading a pair found with round figures read as printed needs as well: none
    when the outer window contains the inner even with the reporting lag (`outer_end_lagged`,
    the outer claim's end_early before the readings moved it)."""
    if SERIES_START in (outer.start_first, inner.start_first):
        return FROM_START
    return "" if outer_end_lagged >= inner.end_last - tolerance else FRESH


def _violations(reading: _Reading, groups: _Groups, window_text: np.ndarray, tolerance: float, limit: int | None) -> tuple[list[tuple[int, list[int], int]], np.ndarray]:
    """Each claim below a claim whose window it certainly contains, as rows of the check's table:
    (outer, the contained claims listed with it, how many more), and which rows some comparison
    reached. Every metric and scope at once, on the compared columns only, group by group."""
    rows = groups.order[reading.rows[groups.order]]
    codes = groups.codes[rows]
    starts = np.r_[True, codes[1:] != codes[:-1]]
    group = np.cumsum(starts) - 1
    bounds = np.r_[np.flatnonzero(starts), len(rows)]
    columns = {name: reading.columns[name][rows].astype(bool if name.endswith("_open") else float) for name in COMPARED}
    effective = np.where(columns["low_open"], np.nextafter(columns["low"], np.inf), columns["low"])
    figures, figure_rank = np.unique(effective, return_inverse=True)
    flagged, highest, linked = _dominance(columns, group, bounds, figure_rank, figures, tolerance)
    outers = _first_flagged(flagged, group, bounds, limit)
    outer_pos, inner_pos = _clashing_pairs(columns, group, bounds, figure_rank, outers, np.searchsorted(figures, highest[outers]), tolerance)
    reached = np.zeros(len(reading.rows), bool)
    for positions in (np.flatnonzero(linked), outer_pos, inner_pos):
        reached[rows[positions]] = True
    return _listed(columns, rows, window_text, outer_pos, inner_pos), reached


def _first_flagged(flagged: np.ndarray, group: np.ndarray, bounds: np.ndarray, limit: int | None) -> np.ndarray:
    """The flagged claims in table order; with a limit, the first `limit` * 4 of each group (the
    engine lists `limit` per group; the rest are spare for ties)."""
    picked = np.flatnonzero(flagged)
    if not limit:
        return picked
    before = np.r_[0, np.cumsum(flagged)]
    nth = before[picked] - before[bounds[group[picked]]]
    return picked[nth < int(limit) * 4]


def _dominance(columns: dict[str, np.ndarray], group: np.ndarray, bounds: np.ndarray, figure_rank: np.ndarray, figures: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every claim of every group at once: which could be lower than a claim inside their
    window (`flagged`), the highest figure among the claims each could contain (`highest`), and
    which contain or are contained by another claim of their group (`linked`)."""
    start_first, start_last, end_last, end_early = (columns[name] for name in ("start_first", "start_last", "end_last", "end_early"))
    paired = np.diff(bounds) >= 2  # a claim alone in its group meets no other
    # Region of claims a claim can contain: start >= its latest start - tolerance, end <= its
    # earliest end + tolerance.
    within = (_axis(group, start_first, start_last - tolerance, "left", upward=True),
              _axis(group, end_last, end_early + tolerance, "right", upward=False))
    best, inside, tabled = _quadrants(group, bounds, *within, figure_rank + 1, paired)
    highest = np.where(best > 0, figures[best - 1], -np.inf)
    for g in np.flatnonzero(paired & ~tabled).tolist():  # too varied for a table
        rows = slice(bounds[g], bounds[g + 1])
        effective = figures[figure_rank[rows]]
        highest[rows] = _highest_by_sweep(start_first[rows], end_last[rows], effective, start_last[rows] - tolerance, end_early[rows] + tolerance)
    high, high_open = columns["high"], columns["high_open"]
    flagged = ((highest > high) | (high_open & (highest >= high))) & paired[group]
    own = (start_first >= start_last - tolerance) & (end_last <= end_early + tolerance)
    linked = (inside - own) > 0
    # Claims that some other claim contains: the same question with the roles swapped.
    containing = (_axis(group, start_last, start_first + tolerance, "right", upward=False),
                  _axis(group, end_early, end_last - tolerance, "left", upward=True))
    _, containers, _ = _quadrants(group, bounds, *containing, None, paired & tabled)
    linked |= (containers - own) > 0
    # A swept group has no counts: each of its claims counts as compared.
    return flagged, highest, (linked | ~tabled[group]) & paired[group]


def _axis(group: np.ndarray, values: np.ndarray, threshold: np.ndarray, side: str, upward: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One axis of the groups' tables: each row's place among the distinct `values` of its group,
    the place its region reaches to (its `threshold` found with `side` in the group's distinct
    values, as np.searchsorted would), and each group's number of distinct values. An `upward`
    region (values from the threshold up) is counted from the top, so every region is the
    places from 0 to its reach. Values become ranks first: one sorted key (group, rank) then
    serves every group exactly."""
    distinct = np.unique(values)
    stride = len(distinct) + 1
    key = group * stride + np.searchsorted(distinct, values)
    keys = np.unique(key)
    first = np.searchsorted(keys, np.arange(int(group[-1]) + 1) * stride)
    count = np.diff(np.r_[first, len(keys)])
    place = np.searchsorted(keys, key) - first[group]
    reach = np.searchsorted(keys, group * stride + np.searchsorted(distinct, threshold, side=side)) - first[group]
    if upward:
        return count[group] - 1 - place, count[group] - 1 - reach, count
    return place, reach - 1, count


def _quadrants(group: np.ndarray, bounds: np.ndarray, x_axis: tuple, y_axis: tuple, weight: np.ndarray | None, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, over the rows of its group whose places reach no further than its reach on both
    axes: the highest `weight` (0 if none; not computed when `weight` is None) and how many rows.
    Each wanted group is a table of its distinct x by distinct y places, accumulated along both
    axes; the tables of many groups are built together, about BATCH_CELLS cells at a time. Also
    returns which groups got a table: the wanted ones of at most TABLE_LIMIT cells."""
    x_count, y_count = x_axis[2], y_axis[2]
    tabled = wanted & (x_count * y_count <= TABLE_LIMIT)
    cells = np.where(tabled, x_count * y_count, 0)
    best, count = np.zeros(len(group), np.int64), np.zeros(len(group), np.int64)
    ends = np.cumsum(cells)
    first = 0
    while first < len(cells):
        last = max(int(np.searchsorted(ends, (ends[first - 1] if first else 0) + BATCH_CELLS, side="right")), first + 1)
        members = np.flatnonzero(tabled[first:last]) + first
        if len(members):
            rows = np.arange(bounds[first], bounds[last])
            rows = rows[tabled[group[rows]]]
            local = np.searchsorted(members, group[rows])
            shape = (x_count[members], y_count[members])
            places = (x_axis[0][rows], y_axis[0][rows])
            reaches = (x_axis[1][rows], y_axis[1][rows])
            best[rows], count[rows] = _batch(local, shape, places, reaches, None if weight is None else weight[rows])
        first = last
    return best, count, tabled


def _batch(local: np.ndarray, shape: tuple[np.ndarray, np.ndarray], places: tuple, reaches: tuple, weight: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The tables of some groups, flattened one after another (x-major), each accumulated along
    y (runs of each table's row) and then along x (runs of the transposed table)."""
    width, height = shape
    size = width * height
    offset = np.cumsum(size) - size
    total = int(size.sum())
    cell = offset[local] + places[0] * height[local] + places[1]
    # Where each cell goes in the transposed tables, for the runs along x.
    owner = np.repeat(np.arange(len(size)), size)
    inner = np.arange(total) - offset[owner]
    transposed = offset[owner] + (inner % height[owner]) * width[owner] + inner // height[owner]
    along_y, along_x = np.repeat(height, width), np.repeat(width, height)

    def accumulate(table: np.ndarray, maximum: bool) -> np.ndarray:
        table = _running(table, along_y, maximum)
        flipped = np.empty_like(table)
        flipped[transposed] = table
        return _running(flipped, along_x, maximum)[transposed]

    valid = (reaches[0] >= 0) & (reaches[1] >= 0)
    at = np.where(valid, offset[local] + reaches[0] * height[local] + reaches[1], 0)
    count = np.where(valid, accumulate(np.bincount(cell, minlength=total), False)[at], 0)
    if weight is None:
        return np.zeros(len(local), np.int64), count
    highest = np.zeros(total, np.int64)
    np.maximum.at(highest, cell, weight)
    return np.where(valid, accumulate(highest, True)[at], 0), count


def _running(values: np.ndarray, lengths: np.ndarray, maximum: bool) -> np.ndarray:
    """Running maximum or sum of non-negative integer `values` within consecutive runs of
    `lengths` (every length at least 1), all runs in one numpy pass."""
    run = np.repeat(np.arange(len(lengths)), lengths)
    if maximum:
        # Each run lifted above every run before it: one running maximum cannot cross runs.
        lift = run * (int(values.max()) + 1)
        return np.maximum.accumulate(values + lift) - lift
    total = np.cumsum(values)
    start = np.cumsum(lengths) - lengths
    return total - (total[start] - values[start])[run]


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


def _clashing_pairs(columns: dict[str, np.ndarray], group: np.ndarray, bounds: np.ndarray, figure_rank: np.ndarray, outers: np.ndarray, highest_rank: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """(outer, inner) violations for the low claims `outers` (positions). Each is tried against
    the few claims that can explain it: the highest figures of its group and the claims holding
    exactly its highest contained figure (rank `highest_rank`). Claims whose every such
    candidate shares its window are dropped (no proof)."""
    if not len(outers):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # The claims of each group holding a low claim, highest figure first (ties in table order).
    stride = int(figure_rank.max()) + 2
    members = np.flatnonzero(np.isin(group, group[outers]))
    descending = group[members] * stride + (stride - 1 - figure_rank[members])
    order = np.argsort(descending, kind="stable")
    ranked, keys = members[order], descending[order]
    begin = np.searchsorted(keys, group[outers] * stride)
    end = begin + np.diff(bounds)[group[outers]]
    first_equal = np.searchsorted(keys, group[outers] * stride + (stride - 1 - highest_rank))
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    for block in range(0, len(outers), PAIR_BLOCK):
        chunk = slice(block, block + PAIR_BLOCK)
        first, second = _candidates(ranked, outers[chunk], begin[chunk], end[chunk], first_equal[chunk])
        pair = np.unique(first * len(group) + second)
        first, second = pair // len(group), pair % len(group)
        keep = first != second
        first, second = first[keep], second[keep]
        outer, inner = ({name: values[at] for name, values in columns.items()} for at in (first, second))
        mask = contains(outer, inner, tolerance) & ~contains(inner, outer, tolerance) & ~same_window(outer, inner, tolerance)
        mask &= strictly_below(outer["high"], outer["high_open"], inner["low"], inner["low_open"])
        pieces.append((first[mask], second[mask]))
    return np.concatenate([p[0] for p in pieces]), np.concatenate([p[1] for p in pieces])


def _candidates(ranked: np.ndarray, outers: np.ndarray, begin: np.ndarray, end: np.ndarray, first_equal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(outer, candidate) pairs: each outer with the INNERS_PER_OUTER highest figures of its
    group (ranked[begin:end]) and as many from its highest contained figure down."""
    tops = np.minimum(end - begin, INNERS_PER_OUTER)
    step = np.arange(int(tops.sum())) - np.repeat(np.cumsum(tops) - tops, tops)
    top = ranked[np.repeat(begin, tops) + step]
    equal = ranked[np.minimum(first_equal[:, None] + np.arange(INNERS_PER_OUTER), end[:, None] - 1)].ravel()
    return np.r_[np.repeat(outers, tops), np.repeat(outers, INNERS_PER_OUTER)], np.r_[top, equal]


def _listed(columns: dict[str, np.ndarray], rows: np.ndarray, window_text: np.ndarray, outer_pos: np.ndarray, inner_pos: np.ndarray) -> list[tuple[int, list[int], int]]:
    """One finding per low claim and contained figure, as table rows: (outer, inners, how many
    more). The contained claims it falls furthest below come first; the same figure restated by
    several sources is one finding that lists every restatement; past INNERS_LISTED figures
    the rest are only counted, on the last finding."""
    if not len(outer_pos):
        return []
    shortfall = columns["low"][inner_pos] - columns["high"][outer_pos]
    order = np.lexsort((inner_pos, -shortfall, outer_pos))  # rows are in content order (loader)
    outer_pos, inner_pos = outer_pos[order], inner_pos[order]
    figure = zip(*(columns[name][inner_pos].tolist() for name in ("low", "high", "low_open", "high_open")), window_text[rows[inner_pos]].tolist())
    keys, outer_rows, inner_rows = list(figure), rows[outer_pos].tolist(), rows[inner_pos].tolist()
    firsts = np.flatnonzero(np.r_[True, outer_pos[1:] != outer_pos[:-1]])
    found: list[tuple[int, list[int], int]] = []
    for start, stop in zip(firsts.tolist(), np.r_[firsts[1:], len(outer_pos)].tolist()):
        restated: dict[tuple, list[int]] = {}
        for k in range(start, stop):
            if keys[k] in restated or len(restated) < INNERS_LISTED:
                restated.setdefault(keys[k], []).append(inner_rows[k])
        listed = sum(len(members) for members in restated.values())
        for number, members in enumerate(restated.values()):
            found.append((outer_rows[start], members, stop - start - listed if number == len(restated) - 1 else 0))
    return found


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
