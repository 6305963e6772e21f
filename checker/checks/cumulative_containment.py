"""cumulative-containment: a count over a longer window cannot be smaller than one it contains.

For a cumulative metric (deaths since X, objects found since X), if window B starts no later
and ends no earlier than window A, B's figure must be at least A's. Windows with different
starts count too: a total "since 1991" cannot be below one "since 2020" that ends no later,
and a figure for six weeks cannot exceed one for the decades that contain them.

Containment must be certain: B's latest possible start is no later than A's earliest possible
start, and B's earliest possible end no earlier than A's latest possible end, give or take
``date_tolerance_days`` at each edge. An end that is the source's publication date may lag by
the reporting lag (settings.reporting_lag_days, per metric ``reporting_lag_days``).
Windows that are the same as given (each contains the other; an "as of publication" end spans
the reporting lag) are left to same-window-agreement. Windows that are the same only when the
lower figure is read as fresh as its publication date (530 "as of" 23 June, which may describe
21 June, against 672 to 23 June) are not that check's, and are flagged here under that reading.
The tolerance never makes a later end earlier: where the contained, higher figure's window may
end after the longer window's (ends a day apart within the tolerance, or spans of days that are
not the same), growth between the two ends explains it and nothing is flagged.
A round figure is read as rounded ("1,200" for 1,150-1,250); a violation that shows only with
round figures read as printed is a warning that names the rounding that would excuse it. A round
figure beside a precise figure of the same window within its rounding ("1,300" and "1,301" in
one article about one toll) is that figure rounded, and has no reading as exact: it gives no
such warning. Two claims that give one number and clash only through their qualifiers ("nearly
33 million" over the longer window, "over 33 million" over the shorter) are loose wording of one
figure as often as a contradiction: a warning that says the qualifiers must be read strictly.

Publication order matters too: a figure compiled at publication counts what had been reported
by then, and events within the reporting lag before it may be missing. So where the longer
count may have been published before the contained figure (by another statement: two sources
dated the same day may have come out in either order), and at most the reporting lag (plus the
tolerance on the contained window's end) after the contained window ends, it may be an early
tally revised upward since: the violation is a warning that says so, not a proof. A longer
count published long after the contained window's end is held to it whatever the order, and so
is one printed after (or beside) any restatement of the contained figure: the same figure for
the same window, printed again later by another source, is no later news.

Options:
  date_tolerance_days   slack at each window edge, in days (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)
  reporting_lag_days    how long an event may take to be reported: the metric's own
                        ``reporting_lag_days`` where it declares one (the engine passes it in),
                        else this option, else settings.reporting_lag_days. The same lag widens
                        the metric's "as of publication" ends, so a metric that declares none
                        gets the settings' lag for both unless this option is set

Passes: 33 deaths since 2020-11-10 (Nov 2021), then 55 (May 2023): the later window is longer
        and its figure higher.
Fails:  68 deaths since 2020-11-10 (June 2025) against 71 killed between November 2020 and
        November 2023 (Dec 2025): the 2025 window contains the 2020-2023 one, yet is lower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from checker.checks.common import AS_PRINTED, contains, compiled_before, higher_may_end_later, metric_scope_codes, one_number_two_qualifiers, same_window, sorted_codes, stable_order, strictly_below
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
    reporting_lag_days: int | None = None


DEFAULT_LAG_DAYS = 7  # settings.reporting_lag_days's default, for a check called without the engine
TABLE_LIMIT = 4_000_000  # cells of one metric's dominance table; larger groups are swept
BATCH_CELLS = 1_000_000  # cells of the tables of many groups built at once: memory stays bounded
INNERS_PER_OUTER = 64  # contained claims tried for each low claim: the highest first
INNERS_LISTED = 12  # contained figures each low claim gets a finding for; the rest are counted
PAIR_BLOCK = 20_000  # low claims paired at a time: memory stays bounded whatever the group size
# The columns the comparisons read. A reading may read some of them differently.
COMPARED = ("start_first", "start_last", "end_first", "end_early", "end_last", "low", "high", "low_open", "high_open")
PAIRED = tuple(name for name in COMPARED if name != "end_first")  # what testing a pair reads
WINDOW = ("start_first", "start_last", "end_early", "end_last")  # what telling the same window reads


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    """Containment read several ways. With the reporting lag, an end "as of publication" may be
    that much older: a violation that survives it is a proof. One that holds only when the figure
    is as fresh as its publication date is likely, and says so. Round figures are read as rounded
    ("1,200" for 1,150-1,250); a violation that shows only when they are read as printed is
    likely too, and names the rounding that would excuse it."""
    tolerance = float(options.date_tolerance_days or 0)
    ordered = _in_group_order(Claims(frame))
    round_figure, lagged_end = _round_figures(ordered), ordered.column("end_early", float)
    claim_ids, known = ordered.claims["claim_id"], ~np.isnan(ordered.column("start_first", float))
    drafts: list[Draft] = []
    compared = np.zeros(len(frame), bool)  # in group order, as every array here
    listed: set[tuple[str, str]] = set()
    shared = _Shared()
    lag = float(options.reporting_lag_days if options.reporting_lag_days is not None else DEFAULT_LAG_DAYS)
    readings = _readings(ordered, known, round_figure & ~_restated_precisely(ordered, round_figure))
    for reading in readings:
        if np.count_nonzero(reading.counted) < 2:
            continue
        # Whether a claim meets another is asked only where the answer can still change `compared`.
        pending = ~compared & known if reading.starts_filled else ~compared
        found, reached = _violations(reading, ordered, shared, tolerance, options.max_findings, pending, readings[0].columns)
        # A filled-in start is not a comparison of the claim as given, unless it is in a finding.
        compared |= reached & known if reading.starts_filled else reached
        cited = np.asarray([p for outer_at, inners_at, _ in found for p in (outer_at, *inners_at)], np.int64)
        ordered.claims.claims_at(ordered.order[cited])  # built together, a column at a time
        for outer_at, inners_at, others in found:
            compared[[outer_at, *inners_at]] = True
            pairs = {(claim_ids[ordered.order[outer_at]], claim_ids[ordered.order[p]]) for p in inners_at}
            if pairs <= listed:
                continue  # a stronger reading already showed it
            listed |= pairs
            outer, inners = reading.claim(ordered, outer_at), [reading.claim(ordered, p) for p in inners_at]
            if reading.name == ROUNDED:
                # The outer claim's end before the readings moved it: the window reading it needs too.
                shown_by = (_window_reading(outer, inners[0], float(lagged_end[outer_at]), tolerance), ROUNDED)
                rounding = _rounding(outer, bool(round_figure[outer_at]), inners[0], bool(round_figure[inners_at[0]]))
                drafts.append(_draft(outer, inners, others, reading.evidence, shown_by, rounding))
            elif reading.evidence == "proof":
                drafts += _proof_or_early_tally(outer, inners, others, lag, tolerance)
            else:
                drafts.append(_draft(outer, inners, others, reading.evidence, reading.name))
    in_table_order = np.zeros(len(frame), bool)
    in_table_order[ordered.order] = compared
    return drafts, in_table_order  # a row mask: a million id strings would cost the engine more than the check


def _proof_or_early_tally(outer: Claim, inners: list[Claim], others: int, lag: float, tolerance: float) -> list[Draft]:
    """The proof's drafts: one error for the contained claims the longer count must hold, one
    warning for those it may not have counted yet (an early tally, see common.compiled_before)."""
    is_early = [compiled_before(outer, inner, lag, tolerance) for inner in inners]
    # A figure some statement had already made public (the same figure for the same window) is
    # no later news for any restatement of it: 115 printed beside the 97, then again next day.
    public = {_figure_and_window(inner) for inner, flag in zip(inners, is_early) if not flag}
    is_early = [flag and _figure_and_window(inner) not in public for inner, flag in zip(inners, is_early)]
    early = [inner for inner, flag in zip(inners, is_early) if flag]
    late = [inner for inner, flag in zip(inners, is_early) if not flag]
    drafts = []
    if late:
        loose = _qualifiers_only(outer, late[0])
        drafts.append(_draft(outer, late, others, "likely" if loose else "proof", QUALIFIERS if loose else ""))
    if early:
        days = max(int(outer.published_first - early[0].end_last), 0)
        either_order = bool(outer.published_last >= early[0].published_first)  # dated the same day: not known to be first
        drafts.append(_draft(outer, early, 0 if late else others, "likely", COMPILED, compiled=(days, lag, tolerance, either_order)))
    return drafts


def _qualifiers_only(outer: Claim, inner: Claim) -> bool:
    """The two give one number and clash only at the end a directional qualifier leaves out
    ("nearly 33 million" against "over 33 million"): loose wording of one figure is no proof.
    The other claims of a draft give `inner`'s figure again, so one test holds for all."""
    return bool(one_number_two_qualifiers(outer.directional, inner.directional, outer.norm_value, inner.norm_value)) and inner.low <= outer.high


def _figure_and_window(claim: Claim) -> tuple:
    """What makes two claims restatements of one figure: its interval and its window."""
    return (claim.low, claim.high, claim.low_open, claim.high_open, claim.start_first, claim.start_last, claim.end_first, claim.end_last)


FRESH = "the lower figure is as fresh as its publication date"
COMPILED = "the longer count was compiled before the contained figure's last days were reported"
FROM_START = "figures given 'as of' a date count from the start of the series"
QUALIFIERS = "the qualifiers of one number are read strictly"
ROUNDED = AS_PRINTED
SERIES_START = -1e9  # an ordinal day before any date: "from the start of the series"


@dataclass(frozen=True)
class _Ordered:
    """The check's claims metric by metric and scope by scope (metrics and scopes in sorted
    order, the table's order within each): the order every reading compares in."""

    claims: Claims
    order: np.ndarray  # the table row at each position
    codes: np.ndarray  # the metric and scope at each position, numbered 0, 1, 2... (ascending)

    gathered: dict = field(default_factory=dict, compare=False, repr=False)  # columns gathered so far

    def column(self, name: str, dtype: type) -> np.ndarray:
        """A column in this order, gathered once (a million rows cost a few milliseconds a time)."""
        if (name, dtype) not in self.gathered:
            self.gathered[name, dtype] = np.asarray(self.claims[name], dtype)[self.order]
        return self.gathered[name, dtype]

    def printed(self) -> tuple[np.ndarray, np.ndarray]:
        """low and high with round figures read as printed (common.read_as_printed), in this order."""
        low, high = self.column("low", float), self.column("high", float)
        if "exact_low" not in self.claims.frame.columns:
            return low, high
        if "printed" not in self.gathered:  # read by the round figures and by their reading
            exact_low, exact_high = self.column("exact_low", float), self.column("exact_high", float)
            self.gathered["printed"] = (np.where(np.isnan(exact_low), low, exact_low), np.where(np.isnan(exact_high), high, exact_high))
        return self.gathered["printed"]


def _in_group_order(claims: Claims) -> _Ordered:
    if not len(claims):
        return _Ordered(claims, np.zeros(0, np.int64), np.zeros(0, np.int64))
    codes = metric_scope_codes(claims)  # numbered 0, 1, 2... already
    order = stable_order(codes)
    return _Ordered(claims, order, codes[order])


@dataclass(frozen=True)
class _Reading:
    """One way to read the claims: the positions it compares and the COMPARED columns as it
    reads them, in group order."""

    name: str  # "" for the windows and figures as given; else the reading a finding names
    evidence: str
    rows: np.ndarray
    columns: dict[str, np.ndarray]
    changed: tuple[str, ...] = ()  # the columns it reads differently from the table
    starts_filled: bool = False  # unknown starts read as the start of the series
    only: np.ndarray | None = None  # the metrics and scopes it asks about, if not all of `rows`
    figures_from: np.ndarray | None = None  # the `low` of a reading of the same rows whose figures differ in a few claims

    @property
    def counted(self) -> np.ndarray:
        """The positions whose comparisons count."""
        return self.rows if self.only is None else self.rows & self.only

    def claim(self, ordered: _Ordered, at: int) -> Claim:
        """The claim at position `at` as this reading reads it (built only for claims in findings)."""
        claim = ordered.claims.claim(ordered.order[at])
        return claim._replace(**{name: self.columns[name][at].item() for name in self.changed})


def _readings(ordered: _Ordered, known: np.ndarray, round_figure: np.ndarray) -> list[_Reading]:
    """The readings, strongest first: the windows as given (with the reporting lag), the lower
    figure as fresh as its publication date, unknown starts as the start of the series, and
    last round figures read as printed."""
    given = {name: ordered.column(name, bool if name.endswith("_open") else float) for name in COMPARED}
    fresh = {**given, "end_early": given["end_first"]}
    readings = [_Reading("", "proof", known, given), _Reading(FRESH, "likely", known, fresh, ("end_early",))]
    if not known.all():
        # A running total "as of" a date most often counts from the start of the series.
        starts = {name: np.where(np.isnan(given[name]), SERIES_START, given[name]) for name in ("start_first", "start_last")}
        changed = ("end_early", "start_first", "start_last")
        readings.append(_Reading(FROM_START, "likely", np.ones(len(known), bool), {**fresh, **starts}, changed, True))
    readings.append(_as_printed(ordered, readings[-1], round_figure))
    return readings


def _as_printed(ordered: _Ordered, widest: _Reading, round_figure: np.ndarray) -> _Reading:
    """Round figures read as printed, over the widest windows: what only this shows, only rounding
    excuses. Only the metrics and scopes that hold a round figure can show it."""
    low, high = ordered.printed()
    holds_one = np.bincount(ordered.codes[widest.rows & round_figure], minlength=int(ordered.codes.max()) + 1) > 0
    columns = {**widest.columns, "low": np.where(round_figure, low, widest.columns["low"]), "high": np.where(round_figure, high, widest.columns["high"])}
    # The rows and windows stay the widest reading's, so its work on the windows is reused.
    return _Reading(ROUNDED, "likely", widest.rows, columns, widest.changed + ("low", "high"), widest.starts_filled, holds_one[ordered.codes],
                    widest.columns["low"])


def _round_figures(ordered: _Ordered) -> np.ndarray:
    """Which claims read differently as printed (common.round_figures), in group order."""
    if "exact_low" not in ordered.claims.frame.columns:
        return np.zeros(len(ordered.order), bool)
    low, high = ordered.printed()
    return (low != ordered.column("low", float)) | (high != ordered.column("high", float))


def _restated_precisely(ordered: _Ordered, round_figure: np.ndarray) -> np.ndarray:
    """Round figures beside a precise figure of the same metric, scope and window that lies
    within their rounding ("1,300" beside 1,301): that figure rounded, with no reading as exact.
    In group order. Each round figure is tried against the precise figure of its window with
    the next lowest bound up from its own."""
    restated = np.zeros(len(round_figure), bool)
    if not round_figure.any() or round_figure.all():
        return restated
    edges = [ordered.column(name, float) for name in ("start_first", "start_last", "end_first", "end_last")]
    # Only rows whose window may be a round figure's are numbered: equal windows hash alike.
    hashed = _window_hashes(ordered.codes, edges)
    near = np.flatnonzero(pd.Series(hashed).isin(hashed[round_figure]).to_numpy())
    restated[near] = _restated_among(ordered.codes[near], [edge[near] for edge in edges], ordered.column("low", float)[near],
                                     ordered.column("high", float)[near], round_figure[near])
    return restated


def _window_hashes(codes: np.ndarray, edges: list[np.ndarray]) -> np.ndarray:
    """Each row's metric, scope and window as one 64-bit word: equal for equal windows (NaN
    read as 0, which only makes more words equal)."""
    mixed = codes.astype(np.uint64)
    for values in edges:
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= np.nan_to_num(values + 0.0).view(np.uint64)  # + 0.0: -0.0 is 0.0
        mixed ^= mixed >> np.uint64(31)
    return mixed


def _restated_among(codes: np.ndarray, edges: list[np.ndarray], low: np.ndarray, high: np.ndarray, round_figure: np.ndarray) -> np.ndarray:
    """_restated_precisely of some rows, in their order (every row of a round figure's window among them)."""
    restated = np.zeros(len(round_figure), bool)
    window = sorted_codes(codes, *edges).astype(np.int64)
    rank, lows = pd.factorize(low, sort=True)
    key = window * (len(lows) + 1) + rank
    precise = np.flatnonzero(~round_figure & np.isfinite(high))
    precise = precise[np.argsort(key[precise], kind="stable")]
    rounded = np.flatnonzero(round_figure)
    at = np.searchsorted(key[precise], key[rounded], side="left")
    found = at < len(precise)
    candidate = precise[np.minimum(at, len(precise) - 1)] if len(precise) else rounded
    restated[rounded] = found & (window[candidate] == window[rounded]) & (high[candidate] <= high[rounded])
    return restated


def _window_reading(outer: Claim, inner: Claim, outer_end_lagged: float, tolerance: float) -> str:
    """The window reading a pair found with round figures read as printed needs as well: none
    when the outer window contains the inner even with the reporting lag (`outer_end_lagged`,
    the outer claim's end_early before the readings moved it)."""
    if SERIES_START in (outer.start_first, inner.start_first):
        return FROM_START
    return "" if outer_end_lagged >= inner.end_last - tolerance else FRESH


class _Shared:
    """Work one reading did that a later one reuses: each result kept with the arrays it was
    computed from, found again by their identity (readings share the arrays they do not change;
    keeping them keeps their ids theirs)."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, ...], tuple[tuple[np.ndarray, ...], object]] = {}

    def get(self, sources: tuple[np.ndarray, ...], compute: Callable[[], Any]) -> Any:
        key = tuple(id(source) for source in sources)
        if key not in self._done:
            self._done[key] = (sources, compute())
        return self._done[key][1]

    def find(self, sources: tuple[np.ndarray, ...]) -> Any:
        """The work done on `sources`, None if none was."""
        done = self._done.get(tuple(id(source) for source in sources))
        return None if done is None else done[1]


def _violations(reading: _Reading, ordered: _Ordered, shared: _Shared, tolerance: float, limit: int | None, pending: np.ndarray,
                given: dict[str, np.ndarray]) -> tuple[list[tuple[int, list[int], int]], np.ndarray]:
    """Each claim below a claim whose window it certainly contains, as positions: (outer, the
    contained claims listed with it, how many more), and which positions some comparison
    reached (asked only where a `pending` position is). Every metric and scope at once, on the
    compared columns only; `given`: the columns as the claims give them (every position)."""
    read, at = reading.columns, reading.rows  # what shared work is found by
    rows, group, bounds = shared.get((at,), lambda: _groups(ordered.codes, at))
    whole = len(rows) == len(at)  # most often: no copy needed
    columns = reading.columns if whole else {name: values[rows] for name, values in reading.columns.items()}
    earlier = shared.find((at, reading.figures_from, read["low_open"])) if reading.figures_from is not None else None
    figure_rank, figures = shared.get((at, read["low"], read["low_open"]), lambda: _figures(columns) if earlier is None else _refigured(*earlier, columns))

    def axis(values: str, threshold: str, shift: float, side: str) -> _Axis:
        distinct = shared.get((at, read[values]), lambda: _distinct(group, bounds, columns[values]))
        return shared.get((at, read[values], read[threshold]), lambda: _axis(group, distinct, columns[threshold] + shift, side))

    # Region of claims a claim can contain: start >= its latest start - tolerance, end <= its
    # earliest end + tolerance. Each group is a table over its distinct starts and ends.
    axes = (axis("start_first", "start_last", -tolerance, "left"), axis("end_last", "end_early", tolerance, "right"))
    counted = np.bincount(group[reading.counted[rows]], minlength=len(bounds) - 1) > 0
    asked = counted & (np.bincount(group[pending[rows]], minlength=len(bounds) - 1) > 0)
    flagged, highest, linked = _dominance(columns, group, bounds, axes, figure_rank, figures, tolerance, counted, asked)
    outers = _first_flagged(flagged, group, bounds, limit)
    outer_pos, inner_pos = _clashing_pairs(columns, group, bounds, figure_rank, outers, np.searchsorted(figures, highest[outers]), tolerance, (given, rows))
    reached = np.zeros(len(reading.rows), bool)
    for positions in (np.flatnonzero(linked), outer_pos, inner_pos):
        reached[rows[positions]] = True
    window_text = ordered.claims["window_text"][ordered.order[rows[inner_pos]]]
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


def _figures(columns: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each claim's lowest possible figure as its rank among the distinct ones (-1: none), and those."""
    return pd.factorize(_lowest(columns), sort=True)


def _lowest(columns: dict[str, np.ndarray]) -> np.ndarray:
    # A figure "more than 5" is above 5: its lowest value is the next number up.
    return np.where(columns["low_open"], np.nextafter(columns["low"], np.inf), columns["low"]) + 0.0


def _refigured(rank: np.ndarray, figures: np.ndarray, columns: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """_figures of `columns` from the `rank` and `figures` of columns that differ in a few
    figures (round figures read as printed): only those few are ranked anew."""
    if not len(figures):
        return _figures(columns)
    lowest = _lowest(columns)
    before = np.where(rank >= 0, figures[np.maximum(rank, 0)], np.nan)
    moved = np.flatnonzero((lowest != before) & ~(np.isnan(lowest) & np.isnan(before)))
    candidates = np.union1d(figures, lowest[moved][~np.isnan(lowest[moved])])  # sorted, distinct
    ranks = np.where(rank >= 0, np.searchsorted(candidates, figures)[np.maximum(rank, 0)], -1)
    ranks[moved] = np.where(np.isnan(lowest[moved]), -1, np.searchsorted(candidates, lowest[moved]))
    # A figure only the moved claims held is gone: number the ones still held 0, 1, 2...
    held = np.bincount(ranks[ranks >= 0], minlength=len(candidates)) > 0
    renumbered = np.cumsum(held) - 1
    return np.where(ranks >= 0, renumbered[np.maximum(ranks, 0)], -1), candidates[held]


def _dominance(columns: dict[str, np.ndarray], group: np.ndarray, bounds: np.ndarray, axes: tuple[_Axis, _Axis], figure_rank: np.ndarray, figures: np.ndarray, tolerance: float, counted: np.ndarray, asked: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every claim of the `counted` groups at once: which could be lower than a claim inside
    their window (`flagged`), the highest figure among the claims each could contain
    (`highest`), and, in the `asked` groups, which contain or are contained by another claim
    (`linked`)."""
    start_first, start_last, end_last, end_early = (columns[name] for name in ("start_first", "start_last", "end_last", "end_early"))
    paired = (np.diff(bounds) >= 2) & counted  # a claim alone in its group meets no other
    tabled = paired & (axes[0].count * axes[1].count <= TABLE_LIMIT)
    best = np.zeros(len(group), np.int64)
    linked = ~tabled[group] & paired[group]  # a swept group has no counts: each claim counts as compared
    every_asked = not (tabled & ~asked).any()  # then one layout serves both questions
    for rows, layout in _layouts(group, bounds, axes, tabled):
        best[rows] = layout.highest(figure_rank[rows] + 1)
        if every_asked:
            linked[rows] = layout.linked()
    highest = np.where(best > 0, figures[best - 1], -np.inf)
    for g in np.flatnonzero(paired & ~tabled).tolist():  # too varied for a table
        rows = slice(bounds[g], bounds[g + 1])
        highest[rows] = _highest_by_sweep(start_first[rows], end_last[rows], figures[figure_rank[rows]], start_last[rows] - tolerance, end_early[rows] + tolerance)
    high, high_open = columns["high"], columns["high_open"]
    flagged = ((highest > high) | (high_open & (highest >= high))) & paired[group]
    if not every_asked:
        for rows, layout in _layouts(group, bounds, axes, tabled & asked):
            linked[rows] = layout.linked()
    return flagged, highest, linked


@dataclass(frozen=True)
class _Axis:
    """One axis of the groups' tables: each row's place among the distinct values of its group,
    the place its region reaches to (-1: none), and each group's number of distinct values.
    Places run so that a region is always the places from 0 to its reach."""

    place: np.ndarray
    reach: np.ndarray
    count: np.ndarray


@dataclass(frozen=True)
class _Distinct:
    """Each group's distinct values of one column, from one sort of (group, value) keys: the
    distinct keys in order, each row's place among its group's values and its group's first
    key, each group's count, and how a threshold becomes a key (`limit`, `span`)."""

    keys: np.ndarray
    place: np.ndarray
    first: np.ndarray
    count: np.ndarray
    span: int
    limit: Callable[[np.ndarray, str], np.ndarray]


def _groups(codes: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions `at` holds, their groups numbered 0, 1, 2... and where each group begins
    (and, last, where the positions end)."""
    rows = np.flatnonzero(at)
    if len(rows) == len(at):
        codes, group = codes, codes  # the codes of every position are numbered so already
    else:
        codes = codes[rows]
        group = np.cumsum(np.r_[True, codes[1:] != codes[:-1]]) - 1
    return rows, group, np.r_[np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]), len(rows)]


def _distinct(group: np.ndarray, bounds: np.ndarray, values: np.ndarray) -> _Distinct:
    """Each group's distinct `values`, counted as np.searchsorted would in each group's sorted
    distinct values. One sort of (group, value) serves every group (rows in table order are
    mostly in date order already, which this sort is quick to find)."""
    whole, limit, span = _as_whole(values)
    key = group * span + whole
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]]
    distinct = np.cumsum(new) - 1
    first = distinct[bounds[:-1]]  # sorting by key keeps each group's rows where they were
    count = distinct[bounds[1:] - 1] - first + 1
    first = first[group]
    place = np.empty_like(distinct)
    place[order] = distinct - first
    return _Distinct(ordered[new], place, first, count, span, limit)


def _axis(group: np.ndarray, distinct: _Distinct, threshold: np.ndarray, side: str) -> _Axis:
    """The axis of a column's `distinct` values for regions from `threshold` up (side "left":
    values >= threshold) or up to it (side "right": values <= threshold)."""
    # In place where it can be: each temporary of a million rows costs its page faults.
    key = group * distinct.span
    key += distinct.limit(threshold, side)
    reach = np.searchsorted(distinct.keys, key, side=side)
    reach -= distinct.first
    if side == "left":  # counted from the top, so the region is the places up to the reach
        top = distinct.count[group]
        top -= 1
        return _Axis(top - distinct.place, np.subtract(top, reach, out=reach), distinct.count)
    reach -= 1
    return _Axis(distinct.place, reach, distinct.count)


def _as_whole(values: np.ndarray) -> tuple[np.ndarray, Callable[[np.ndarray, str], np.ndarray], int]:
    """`values` as integers from 1 up that compare alike, a function giving thresholds as
    integers that compare with them alike (values >= threshold for side "left", values <=
    threshold for "right"), and a bound above both. Day ordinals are whole numbers and are
    used as they are; other values are replaced by their ranks."""
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    if high - low < 2**31 and bool(np.all(values == np.floor(values))):
        def whole_limit(threshold: np.ndarray, side: str) -> np.ndarray:
            rounded = np.ceil(threshold) if side == "left" else np.floor(threshold)
            rounded -= low
            np.clip(rounded, -1, high - low + 1, out=rounded)
            rounded += 1
            return rounded.astype(np.int64)

        return (values - low).astype(np.int64) + 1, whole_limit, int(high - low) + 3
    distinct = np.unique(values)

    def rank_limit(threshold: np.ndarray, side: str) -> np.ndarray:
        return np.searchsorted(distinct, threshold, side=side) - (1 if side == "right" else 0) + 1

    return np.searchsorted(distinct, values) + 1, rank_limit, len(distinct) + 2


def _layouts(group: np.ndarray, bounds: np.ndarray, axes: tuple[_Axis, _Axis], wanted: np.ndarray):
    """(rows, _Layout) for the `wanted` groups, about BATCH_CELLS cells of tables at a time."""
    cells = np.where(wanted, axes[0].count * axes[1].count, 0)
    ends = np.cumsum(cells)
    first = 0
    while first < len(cells):
        last = max(int(np.searchsorted(ends, (ends[first - 1] if first else 0) + BATCH_CELLS, side="right")), first + 1)
        members = np.flatnonzero(wanted[first:last]) + first
        if len(members) == last - first:  # every group of the batch, most often: slices, not copies
            rows = slice(int(bounds[first]), int(bounds[last]))
            yield rows, _Layout(group[rows] - first, *(_Axis(a.place[rows], a.reach[rows], a.count[first:last]) for a in axes))
        elif len(members):
            rows = np.arange(bounds[first], bounds[last])
            rows = rows[wanted[group[rows]]]
            yield rows, _Layout(np.searchsorted(members, group[rows]), *(_Axis(a.place[rows], a.reach[rows], a.count[members]) for a in axes))
        first = last


class _Layout:
    """The tables of some groups, one cell per pair of places (x, y), flattened so that
    accumulating along either axis is a few numpy passes. Each table is laid out by its shorter
    axis ("levels", so at most sqrt(TABLE_LIMIT) of them) and its longer ("columns"). Level by
    level, the rows of every group follow one another, groups with most levels first: those that
    reach a level are then a prefix of those that reach the level below, at the same offsets,
    and carrying a level into the next is one slice operation. Along the columns, each row of
    a table is a run of cells."""

    def __init__(self, local: np.ndarray, x: _Axis, y: _Axis):
        flip = x.count > y.count
        levels, columns = np.where(flip, y.count, x.count), np.where(flip, x.count, y.count)
        deepest = np.argsort(-levels, kind="stable")
        rank = np.empty_like(deepest)
        rank[deepest] = np.arange(len(deepest))
        offset = np.empty_like(deepest)
        offset[deepest] = np.cumsum(columns[deepest]) - columns[deepest]
        reaching = np.searchsorted(-levels[deepest], -np.arange(int(levels.max())), side="left")
        self.width = np.cumsum(columns[deepest])[reaching - 1]  # cells of each level
        self.block = np.cumsum(self.width) - self.width
        self.size = int(self.width.sum())
        runs_before = np.cumsum(reaching) - reaching
        run_group = deepest[np.arange(int(reaching.sum())) - np.repeat(runs_before, reaching)]
        run_length = columns[run_group]
        self.run = np.repeat(np.arange(len(run_group)), run_length)
        self.run_start = np.cumsum(run_length) - run_length
        # Each row's own cell and the corner of its region, as (level, column).
        turned = flip[local]
        place = (np.where(turned, y.place, x.place), np.where(turned, x.place, y.place))
        reach = (np.where(turned, y.reach, x.reach), np.where(turned, x.reach, y.reach))
        self.own = (place[0] <= reach[0]) & (place[1] <= reach[1])  # in its own region
        self.valid = (reach[0] >= 0) & (reach[1] >= 0)  # a region that is not empty
        level = np.maximum(reach[0], 0)
        self.place_cell = self.block[place[0]] + offset[local] + place[1]
        self.reach_cell = np.where(self.valid, self.block[level] + offset[local] + reach[1], 0)
        self.reach_run = np.where(self.valid, runs_before[level] + rank[local], 0)

    def highest(self, weight: np.ndarray) -> np.ndarray:
        """Per row, the highest positive `weight` of the rows in its region (0: none)."""
        table = np.zeros(self.size, np.int64)
        np.maximum.at(table, self.place_cell, weight)
        self._carry_up(table, np.maximum)
        # Each run lifted above every run before it: one running maximum cannot cross runs.
        step = int(weight.max()) + 1
        table += self.run * step
        np.maximum.accumulate(table, out=table)
        return np.where(self.valid, table[self.reach_cell] - self.reach_run * step, 0)

    def linked(self) -> np.ndarray:
        """Per row, whether its region holds another row or another row's region holds it."""
        inside = np.bincount(self.place_cell, minlength=self.size)
        self._carry_up(inside, np.add)
        inside = self._run_sums(inside)
        holders = np.bincount(self.reach_cell[self.valid], minlength=self.size)
        self._carry_down(holders)
        holders = self._run_sums(holders, backward=True)
        return (np.where(self.valid, inside[self.reach_cell], 0) - self.own > 0) | (holders[self.place_cell] - self.own > 0)

    def _carry_up(self, table: np.ndarray, operation) -> None:
        for level in range(1, len(self.width)):
            width, here, below = self.width[level], self.block[level], self.block[level - 1]
            operation(table[here: here + width], table[below: below + width], out=table[here: here + width])

    def _carry_down(self, table: np.ndarray) -> None:
        for level in range(len(self.width) - 2, -1, -1):
            width, here, above = self.width[level + 1], self.block[level], self.block[level + 1]
            table[here: here + width] += table[above: above + width]

    def _run_sums(self, table: np.ndarray, backward: bool = False) -> np.ndarray:
        """Running sums within each run: from its first cell on, or from its last back."""
        total = np.cumsum(table)
        forward = total - (total[self.run_start] - table[self.run_start])[self.run]
        if not backward:
            return forward
        return np.add.reduceat(table, self.run_start)[self.run] - forward + table


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


def _clashing_pairs(columns: dict[str, np.ndarray], group: np.ndarray, bounds: np.ndarray, figure_rank: np.ndarray, outers: np.ndarray, highest_rank: np.ndarray, tolerance: float,
                    given: tuple[dict[str, np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(outer, inner) violations for the low claims `outers` (positions). Each is tried against
    the few claims that can explain it: the highest figures of its group and the claims holding
    exactly its highest contained figure (rank `highest_rank`). Claims whose every such
    candidate shares its window are dropped (no proof). Windows are the same as the claims give
    them (`given`: those columns and each position's place in them), where same-window-agreement
    compares them: a pair that shares its window only when a reading moves an end (the lower
    figure as fresh as its publication) is this check's to flag, under that reading."""
    if not len(outers):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # The claims of each group holding a low claim, highest figure first (ties in table order).
    stride = int(figure_rank.max()) + 2
    holds_outer = np.zeros(int(group[-1]) + 1, bool)
    holds_outer[group[outers]] = True
    members = np.flatnonzero(holds_outer[group])
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
        pair = np.sort(first * len(group) + second)
        pair = pair[np.r_[True, pair[1:] != pair[:-1]]]  # np.unique hashes integers: slower here
        first, second = pair // len(group), pair % len(group)
        keep = first != second
        first, second = first[keep], second[keep]
        outer, inner = ({name: columns[name][at] for name in PAIRED} for at in (first, second))
        outer_given, inner_given = ({name: given[0][name][given[1][at]] for name in WINDOW} for at in (first, second))
        mutual = contains(outer_given, inner_given, tolerance) & contains(inner_given, outer_given, tolerance)
        mask = contains(outer, inner, tolerance) & ~mutual & ~same_window(outer_given, inner_given, tolerance)
        mask &= strictly_below(outer["high"], outer["high_open"], inner["low"], inner["low_open"])
        # Ends only the tolerance joins: the higher, contained figure may be the later count.
        mask &= ~higher_may_end_later(columns["end_first"][second], columns["end_last"][second], columns["end_first"][first], columns["end_last"][first])
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
    """One finding per low claim and contained figure, as positions: (outer, inners, how many
    more). The contained claims it falls furthest below come first; the same figure restated by
    several sources is one finding that lists every restatement; past INNERS_LISTED figures
    the rest are only counted, on the last finding."""
    if not len(outer_pos):
        return []
    shortfall = columns["low"][inner_pos] - columns["high"][outer_pos]
    order = np.lexsort((inner_pos, -shortfall, outer_pos))  # rows are in content order (loader)
    outer_pos, inner_pos, window_text = outer_pos[order], inner_pos[order], window_text[order]
    figure = zip(*(columns[name][inner_pos].tolist() for name in ("low", "high", "low_open", "high_open")), window_text.tolist())
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


def _draft(outer: Claim, inners: list[Claim], others: int, evidence: str, reading: str | tuple[str, str], rounding: Rounding | None = None,
           compiled: tuple[int, float, float, bool] | None = None) -> Draft:
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
    elif compiled is not None:
        details += (("reading", COMPILED), ("published_days_after_contained_end", compiled[0]), ("reporting_lag_days", int(compiled[1])),
                    ("date_tolerance_days", int(compiled[2]))) + ((("published_in_either_order", True),) if compiled[3] else ())
        kind = "containment.lower_unless_compiled_earlier"
    elif window_reading == QUALIFIERS:
        details += (("reading", QUALIFIERS),)
        kind = "containment.lower_unless_qualifiers_loose"
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
