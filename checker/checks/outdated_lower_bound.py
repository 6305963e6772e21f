"""outdated-lower-bound: a lower bound printed after clearly higher figures were already public.

A figure with no upper bound ("at least 450 deaths", "more than 1,000") stays true as a
cumulative count grows, so no containment can fail; but printed after another source had
already given a clearly higher figure for the same count, it tells readers less than was known:
it is outdated. The check flags the lower bound against each earlier figure that shows it:

- the same cumulative metric and scope; the bound has no upper end (its high is infinite) and
  a positive low end, read at its highest (a round "at least 1,000" as 1,000), and states its
  scope (a figure whose sentence named none, `scope_basis: inferred`, may be a part's);
- the earlier figure is any figure of that count, a bounded one or a higher lower bound, read
  at its lowest (a round "1,300" as 1,250 with trailing zeros): its low end is at least
  ``min_ratio`` times the bound (and above it);
- the windows start on the same date (both ends of the start spans within
  ``date_tolerance_days``; unknown starts are never compared), and the earlier figure's window
  ends no later than the bound's (within the tolerance): a bound printed about an earlier date
  ("at least 450 by 18 June", printed on 21 June) is not held to a figure for 20 June;
- the earlier figure was published at least ``min_lead_days`` before the bound (default: the
  date tolerance plus one day, so that dates the tolerance joins are never "before"), by
  another source; derived figures (computed by relations) are neither bounds nor evidence;
- nothing public by the bound's publication day disputes the earlier figure: no figure of the
  same count for a window that may end no earlier is wholly below it. A high figure that
  later tolls contradict (295 dead on a day others said 158, then 219, 224 and a final 237)
  was an outlier, not a count "more than 230" fell behind.

It is a warning, never an error: the bound is true, only behind. The finding names the earlier
figure, its source and how many days before the bound it was published. Where the bound is
"as of publication" and the reporting lag lets its figure be older than the earlier figure's
publication, the finding says what would excuse it: the bound was current only if it was
compiled that many days before it was printed. One finding per earlier source and window: of
one source's figures for one window that nothing disputes, only the highest is set against the
bound (every claim that gives it: restatements of one figure merge into one finding).

Lower bounds are compared in publication order: per metric, scope and start, a running
maximum of the figures published so far finds the bounds that may be behind (a sort and a
search, no pairs); only those are set against earlier figures, each against at most the 64
latest published before its cut-off, and checked for disputes among at most the 1,024 latest
published by its day. A figure whose disputes could lie beyond those is not used (precision
before recall), so the cost stays linear in the claims however many bounds are behind.

Options:
  min_ratio             how many times the bound the earlier figure's low end must be (default 1.2)
  min_lead_days         how many days before the bound the earlier figure must have been
                        published (default: date tolerance + 1)
  date_tolerance_days   slack on window starts and ends (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "at least 450 dead" printed on 21 June after 460 (19 June): within the ratio. "At least
        450 by 18 June" printed on 21 June after 1,081 for 20 June: it is about an earlier day.
        "More than 230" printed a year after an outlier 295 that lower tolls had contradicted.
Fails:  "at least 450 dead" since the hajj began, printed on 21 June, after 645 dead since the
        hajj began was published on 19 June by another source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import Budget, metric_scope_codes, span_pairs, stable_order
from checker.claim import Claim, Claims
from checker.facts import figure_of
from checker.model import Draft

ID = "outdated-lower-bound"
DEFAULT_SEVERITY = "warning"
KINDS = ("cumulative",)
RELATION_KIND = None  # compares claims of one metric, not a relation
TRIED_PER_BOUND = 64  # earlier figures tried per bound and class: the latest published first
DISPUTE_SPAN = 1024  # figures searched for a dispute per bound and class: the latest published


@dataclass(frozen=True)
class Options:
    min_ratio: float = 1.2
    min_lead_days: int | None = None
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    columns = Claims(frame)
    compared = np.zeros(len(frame), bool)
    if len(frame) < 2:
        return [], compared
    tolerance = float(options.date_tolerance_days or 0)
    lead = float(options.min_lead_days if options.min_lead_days is not None else tolerance + 1)
    sides = _Sides(columns)
    if not sides.bound.any():
        return [], compared
    groups = metric_scope_codes(columns)
    table = _Earlier(columns, sides, groups, tolerance)
    candidates = table.maybe_behind(lead, float(options.min_ratio))
    if not len(candidates):
        return [], compared
    figures = table.figures_of(candidates)
    pairs = [(int(b), e) for b in candidates.tolist() for e in figures.earlier_than(int(b), lead, float(options.min_ratio))]
    if not pairs:
        return [], compared
    budget = Budget(columns, options.max_findings, groups)
    listed = budget.pick(columns.take(np.asarray([b for b, _ in pairs], np.int64)), np.arange(len(pairs)))
    drafts = [_draft(columns, sides, *pairs[k]) for k in listed.tolist()]
    for k in listed.tolist():
        compared[list(pairs[k])] = True  # only claims in findings: the others' comparisons are containment's
    return drafts + budget.drafts(), compared


class _Sides:
    """Which claims are lower bounds, which can show one outdated, and the readings compared:
    a bound at its highest (round figures as printed), an earlier figure at its lowest."""

    def __init__(self, columns: Claims):
        low = columns["low"].astype(float)
        exact_low = columns["exact_low"].astype(float)
        self.strong = np.fmax(low, exact_low)  # fmax and fmin skip a missing reading
        self.weak = np.fmin(low, exact_low)
        self.high = np.fmin(columns["high"].astype(float), columns["exact_high"].astype(float))  # a figure's lowest high end
        known = ~np.isnan(columns["start_first"].astype(float)) & ~np.isnan(columns["start_last"].astype(float))
        as_written = columns["derived_from"] == ""
        high = columns["high"].astype(float)
        # A figure whose sentence named no scope may be a part's: it is no bound of the whole.
        stated = columns["scope_basis"] != "inferred"
        self.bound = known & as_written & stated & np.isposinf(high) & np.isfinite(self.strong) & (self.strong > 0)
        self.figure = known & as_written & np.isfinite(self.weak)


class _Earlier:
    """The claims of the metrics and scopes that have a bound, by class (metric, scope and
    start span) and publication day: per class, in publication order, the running maximum of
    the figures' low ends. Only bounds that it shows may be behind are looked at one by one."""

    def __init__(self, columns: Claims, sides: _Sides, groups: np.ndarray, tolerance: float):
        self.columns, self.sides, self.tolerance = columns, sides, tolerance
        self.published_first = np.asarray(columns["published_first"], np.int64)
        self.published_last = np.asarray(columns["published_last"], np.int64)
        self.end_first, self.end_last = np.asarray(columns["end_first"], float), np.asarray(columns["end_last"], float)
        with_bound = np.zeros(int(groups.max()) + 1, bool)
        with_bound[groups[sides.bound]] = True
        self.rows = np.flatnonzero((sides.bound | sides.figure) & with_bound[groups])
        self.day0 = int(self.published_last[self.rows].min()) - 1  # a day before any publication
        self.days = int(max(self.published_last[self.rows].max(), self.published_first[self.rows].max())) - self.day0 + 1
        cells = self._cells(groups[self.rows], np.asarray(columns["start_first"], float)[self.rows], np.asarray(columns["start_last"], float)[self.rows])
        best = np.full(len(self.cell_class), -np.inf)
        figures = sides.figure[self.rows]
        np.maximum.at(best, cells[figures], sides.weak[self.rows[figures]])
        order = np.lexsort((self.cell_day, self.cell_class))
        self.sorted_classes = self.cell_class[order]
        self.sorted_keys = self.sorted_classes * self.days + self.cell_day[order]
        self.running_max = pd.Series(best[order]).groupby(self.sorted_classes).cummax().to_numpy()
        self.bound_class, self.figure_class = self._compatible()

    def _cells(self, groups: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Number the rows' cells (metric and scope, start span, publication day); sets each
        row's class, and each cell's class and day, and each class's group and start span."""
        first, span = first.astype(np.int64), (last - first).astype(np.int64)
        day = self.published_last[self.rows] - self.day0
        starts, spans = int(first.max() - first.min()) + 1, int(span.max()) + 1
        start_key = groups.astype(np.int64) * starts + (first - first.min())
        if (int(groups.max()) + 1) * starts * spans * self.days < 2**62:  # one key, numbered once
            cells, distinct = pd.factorize((start_key * spans + span) * self.days + day)
            class_keys, self.cell_day = np.divmod(np.asarray(distinct, np.int64), self.days)
            cell_class = pd.factorize(class_keys)[0]
        else:
            by_start = pd.factorize(pd.factorize(start_key)[0].astype(np.int64) * spans + span)[0].astype(np.int64)
            cells, distinct = pd.factorize(by_start * self.days + day)
            cell_class, self.cell_day = np.divmod(np.asarray(distinct, np.int64), self.days)
            cell_class = pd.factorize(cell_class)[0]
        self.cell_class = cell_class.astype(np.int64)
        self.classes = self.cell_class[cells]
        some_row = np.zeros(int(self.cell_class.max()) + 1, np.int64)
        some_row[self.classes] = np.arange(len(self.classes))  # any row of each class will do
        self.class_first, self.class_last, self.class_group = first[some_row], first[some_row] + span[some_row], groups[some_row]
        return cells

    @property
    def sources(self) -> np.ndarray:
        """Each claim's source as a number: numbered only when some bound may be behind."""
        return self.columns.codes("source_id")[0]

    def _compatible(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of classes (the bound's, the figure's) whose starts are the same edge within
        the tolerance, each class with itself included."""
        own = np.arange(len(self.class_first))
        if self.tolerance <= 0:
            return own, own
        firsts = self.class_first.astype(float)
        found = [(own, own)]
        for i, j in span_pairs(self.class_group, firsts, firsts, self.tolerance):
            near = (self.class_group[i] == self.class_group[j]) & (np.abs(self.class_last[i] - self.class_last[j]) <= self.tolerance)
            found += [(i[near], j[near]), (j[near], i[near])]
        return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])

    def _latest_key(self, figure_class: np.ndarray, bound_rows: np.ndarray, lead: float) -> np.ndarray:
        """The sort key of a figure of `figure_class` published `lead` days before each bound."""
        latest = self.published_first[bound_rows] - int(lead) - self.day0
        return figure_class.astype(np.int64) * self.days + np.clip(latest, -1, self.days - 1)

    def maybe_behind(self, lead: float, ratio: float) -> np.ndarray:
        """Table rows of the bounds that some earlier figure of a compatible class, published
        at least `lead` days before, may show outdated: a necessary test, by search."""
        at_bound = np.flatnonzero(self.sides.bound[self.rows])
        at_bound = at_bound[stable_order(self.classes[at_bound])]  # bounds by class
        bound_classes = self.classes[at_bound]
        classes = np.arange(len(self.class_first))
        starts = np.searchsorted(bound_classes, classes, side="left")
        sizes = (np.searchsorted(bound_classes, classes, side="right") - starts)[self.bound_class]
        # Every bound once per class of figures its start is compatible with.
        offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        rows = self.rows[at_bound[np.repeat(starts[self.bound_class], sizes) + offsets]]
        against = np.repeat(self.figure_class, sizes)
        at = np.searchsorted(self.sorted_keys, self._latest_key(against, rows, lead), side="right") - 1
        found = (at >= 0) & (self.sorted_classes[np.maximum(at, 0)] == against)
        best = np.where(found, self.running_max[np.maximum(at, 0)], -np.inf)
        strong = self.sides.strong[rows]
        return np.unique(rows[(best >= ratio * strong) & (best > strong)])

    def figures_of(self, bounds: np.ndarray) -> "_Figures":
        """The figures of the classes these bounds' starts are compatible with, one by one."""
        bound_classes = np.unique(self.classes[np.searchsorted(self.rows, bounds)])
        wanted = np.zeros(len(self.class_first), bool)
        wanted[self.figure_class[np.isin(self.bound_class, bound_classes)]] = True
        rows = self.rows[self.sides.figure[self.rows] & wanted[self.classes]]
        return _Figures(self, rows)


class _Figures:
    """Some classes' figures in class and publication order, to set bounds against one by one."""

    def __init__(self, earlier: _Earlier, rows: np.ndarray):
        self.earlier = earlier
        classes = earlier.classes[np.searchsorted(earlier.rows, rows)]
        keys = classes * earlier.days + (earlier.published_last[rows] - earlier.day0)
        order = np.argsort(keys, kind="stable")
        self.rows, self.keys = rows[order], keys[order]
        # How far a figure's window end may lie past its publication day (a month or a year end).
        self.longest_end = float(np.max(earlier.end_last[rows] - earlier.published_last[rows], initial=0))

    def earlier_than(self, bound: int, lead: float, ratio: float) -> list[int]:
        """The figures that show the bound at table row `bound` outdated, earliest first: of
        each source's figures for one window that nothing public by then disputes, the highest. Per class of figures, the TRIED_PER_BOUND latest published before the cut-off are
        tried, against the DISPUTE_SPAN latest published by the bound's day."""
        e, sides = self.earlier, self.earlier.sides
        own = e.classes[np.searchsorted(e.rows, bound)]
        threshold = max(ratio * sides.strong[bound], np.nextafter(sides.strong[bound], np.inf))
        found: list[np.ndarray] = []
        public: list[np.ndarray] = []  # the figures published by the bound's day
        checked_after = -np.inf  # disputes are checked among figures published after this day only
        for other in e.figure_class[e.bound_class == own].tolist():
            first = np.searchsorted(self.keys, other * e.days)
            cut = np.searchsorted(self.keys, e._latest_key(np.asarray([other]), np.asarray([bound]), lead)[0], side="right")
            rows = self.rows[max(first, cut - TRIED_PER_BOUND): cut]
            hit = (sides.weak[rows] >= threshold) & (e.end_last[rows] <= e.end_first[bound] + e.tolerance)
            found.append(rows[hit & (e.sources[rows] != e.sources[bound])])
            by_day = np.searchsorted(self.keys, other * e.days + e.published_last[bound] - e.day0, side="right")
            public.append(self.rows[max(first, by_day - DISPUTE_SPAN): by_day])
            if by_day - DISPUTE_SPAN > first:
                checked_after = max(checked_after, float(e.published_last[public[-1][0]]))
        hits = np.concatenate(found)
        # A figure whose disputes could lie among the figures not checked is left out.
        checked = e.end_first[hits] > checked_after + self.longest_end
        return _highest_per_source_window(e, hits[checked & self._undisputed(hits, np.concatenate(public))]).tolist()

    def _undisputed(self, hits: np.ndarray, public: np.ndarray) -> np.ndarray:
        """Which of the figures `hits` no `public` figure disputes: none for a window that may
        end no earlier is wholly below it. A high figure that later tolls contradict was an
        outlier, not a count the bound fell behind. (No tolerance here: a lower figure for a
        window that ends earlier is growth, not a dispute.)"""
        e = self.earlier
        order = np.argsort(e.end_last[public], kind="stable")
        ends = e.end_last[public][order]
        lowest_from = np.minimum.accumulate(e.sides.high[public][order][::-1])[::-1]  # lowest high of windows ending there or later
        at = np.searchsorted(ends, e.end_first[hits], side="left")
        lowest = np.where(at < len(ends), lowest_from[np.minimum(at, len(ends) - 1)], np.inf)
        return ~(lowest < e.sides.strong[hits])


def _highest_per_source_window(earlier: "_Earlier", rows: np.ndarray) -> np.ndarray:
    """Of the rows, the highest figures of each source and window end (every claim that gives
    the highest: which one is listed must not follow the table's order), earliest published
    first, then in table order."""
    if not len(rows):
        return rows
    source, end_first, end_last, weak = earlier.sources[rows], earlier.end_first[rows], earlier.end_last[rows], earlier.sides.weak[rows]
    order = np.lexsort((-weak, end_last, end_first, source))
    key = np.stack([source[order], end_first[order], end_last[order]])
    group = np.cumsum(np.r_[True, (key[:, 1:] != key[:, :-1]).any(axis=0)]) - 1
    highest = weak[order][np.flatnonzero(np.r_[True, group[1:] != group[:-1]])]  # each group's first is its highest
    kept = rows[order][weak[order] == highest[group]]
    return kept[np.lexsort((kept, earlier.published_last[kept]))]


def _draft(columns: Claims, sides: _Sides, bound_row: int, earlier_row: int) -> Draft:
    bound, earlier = columns.claim(bound_row), columns.claim(earlier_row)
    days = int(bound.published_first - earlier.published_last)
    facts: list[tuple[str, object]] = [
        ("bound", figure_of(bound)), ("earlier", figure_of(earlier)), ("days_before", days),
        ("times_the_bound", round(float(sides.weak[earlier_row] / sides.strong[bound_row]), 2)),
    ]
    slip = _scale_slip(float(sides.strong[bound_row]), float(sides.weak[earlier_row]))
    if slip:
        facts.append(("fits_at_scale", slip))
    kind = "outdated_lower_bound.behind"
    if _may_be_compiled_earlier(bound, earlier):
        kind = "outdated_lower_bound.behind_unless_compiled_earlier"
        facts.append(("reporting_lag_days", int(bound.end_first - bound.end_early)))
    return Draft(bound.metric, bound.scope, kind, (bound.claim_id, earlier.claim_id), tuple(facts), evidence="likely")


SCALE_SLIPS = (1_000, 1_000_000)  # "million" printed for "billion"; a figure in thousands


def _scale_slip(bound: float, earlier: float) -> int | None:
    """The factor (a thousand, a million) that would put a bound far behind an earlier figure
    level with it: at least that figure, and within ten times it. None when no such factor does,
    or when the two are less than a hundred times apart (a slip of scale is then no likelier
    than an old figure)."""
    if not (bound > 0 and earlier >= 100 * bound):
        return None
    return next((factor for factor in SCALE_SLIPS if earlier <= bound * factor <= 10 * earlier), None)


def _may_be_compiled_earlier(bound: Claim, earlier: Claim) -> bool:
    """The bound is "as of publication" and the reporting lag lets its figure be older than
    the earlier figure's publication: it was current if compiled before then."""
    return bool(bound.end_from_publication) and float(bound.end_early) <= float(earlier.published_last)
