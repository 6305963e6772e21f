"""Shared, vectorised helpers for checks: candidate pairs within groups and interval tests."""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING, Iterator

import numpy as np
import pandas as pd
from pandas.util import hash_array

from checker.claim import Claim, Claims, as_claims
from checker.model import lies_below

if TYPE_CHECKING:
    from checker.model import Draft

PAIR_CHUNK = 2_000_000
GROUP_KEYS = ["metric", "scope"]


def group_pairs(frame: pd.DataFrame, keys: list[str] | None = None, chunk: int = PAIR_CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every unordered pair (i, j), i before j, of rows that share `keys`, as positional arrays.

    Built with numpy (repeat and cumulative sums), never a Python loop over claims; yielded in
    chunks of about `chunk` pairs so memory stays bounded for large groups.
    """
    if len(frame) < 2:
        return
    yield from code_pairs(frame.groupby(keys or GROUP_KEYS, sort=True, dropna=False).ngroup().to_numpy(), chunk)


def code_pairs(codes: np.ndarray, chunk: int = PAIR_CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """group_pairs of rows whose group numbers (in the sorted order of their keys) are `codes`."""
    n = len(codes)
    if n < 2:
        return
    order = np.argsort(codes, kind="stable")
    _, starts, sizes = np.unique(codes[order], return_index=True, return_counts=True)
    position = np.arange(n) - np.repeat(starts, sizes)
    partners = np.repeat(sizes, sizes) - 1 - position  # how many later rows share the group
    yield from _emit(order, partners, chunk)


def sorted_codes(*columns: np.ndarray) -> np.ndarray:
    """Group numbers of rows equal in every column, numbered in the sorted order of their values,
    missing values last: what DataFrame.groupby(sort=True, dropna=False).ngroup() gives, without
    building a frame of the columns."""
    combined = np.zeros(len(columns[0]), np.int64)
    bound = 1
    for values in columns:
        codes, count = _ranks(values)
        bound *= count + 1
        combined = combined * (count + 1) + codes
        if bound > 2**40:  # renumber before the products could overflow
            combined, bound = _dense(combined, bound)
    return _dense(combined, bound)[0]


def _ranks(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Numbers of `values` in their sorted order, missing values last, and a bound below that
    last number. Small whole numbers from 0 (codes already) order themselves: they are kept, as
    only their order matters to `sorted_codes`, which renumbers in the end."""
    if values.dtype.kind in "iu" and len(values) and 0 <= int(values.min()) and int(values.max()) < len(values):
        return values.astype(np.int64, copy=False), int(values.max()) + 1
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes), len(uniques)


def _dense(codes: np.ndarray, bound: int) -> tuple[np.ndarray, int]:
    """The codes renumbered 0, 1, ... in the same order (a table lookup when their range is small)."""
    if bound > 4 * len(codes) + 1024:
        dense = np.unique(codes, return_inverse=True)[1].reshape(-1)
    else:
        used = np.zeros(bound, bool)
        used[codes] = True
        dense = (np.cumsum(used) - 1)[codes]
    return dense, int(dense.max()) + 1 if len(dense) else 1


def first_seen_codes(columns: Claims, keys: list[str], groups: np.ndarray | None = None, extra: tuple[np.ndarray, ...] = ()) -> np.ndarray:
    """Classes of rows equal in every key column (and in every array of `extra`), numbered in
    order of first appearance: what DataFrame.groupby(keys, sort=False, dropna=False).ngroup()
    gives.

    Rows are hashed column by column (with `groups`, the codes of metric and scope, in place
    of those two string columns) and each class is checked against its first row: in the
    unlikely event of a hash collision, pandas' exact grouping is used instead.
    """
    n = len(columns)
    if n == 0:
        return np.zeros(0, np.int64)
    arrays = [columns[k] for k in keys if groups is None or k not in GROUP_KEYS] + list(extra)
    if groups is not None:
        arrays.insert(0, groups)
    mixed = np.zeros(n, np.uint64)
    for values in arrays:  # in place, a few passes a column: a million rows make costly temporaries
        mixed ^= _words(values)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(31)
    codes, _ = pd.factorize(mixed)
    # Numbered in order of appearance: a class's first row is the first to pass the highest code so far.
    first = np.flatnonzero(np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]])
    rep = first[codes]
    for values in arrays:
        reps = values[rep]
        same = values == reps
        if not same.all() and not (same | (pd.isna(values) & pd.isna(reps))).all():
            exact = pd.DataFrame({i: values for i, values in enumerate(arrays)})
            return exact.groupby(list(exact.columns), sort=False, dropna=False).ngroup().to_numpy()
    return codes


def _words(values: np.ndarray) -> np.ndarray:
    """Each value as a 64-bit word, equal for equal values: a number's own bits, pandas' hash of
    anything else."""
    if values.dtype == np.float64:
        return values.view(np.uint64)
    if values.dtype.kind in "biu":
        return values.astype(np.uint64)
    return hash_array(values)


SPREAD = 1e8  # wider than any range of day ordinals plus tolerance: keeps groups apart in one key


def band_pairs(frame: pd.DataFrame, low: str, high: str, tolerance: float, keys: list[str] | None = None, chunk: int = PAIR_CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Pairs of rows sharing `keys` whose spans [low, high] lie within `tolerance` of each other.

    One sort by (group, low) and one searchsorted: row i pairs with the rows after it whose low
    is at most i's high + tolerance. Exactly the pairs with span gap <= tolerance, and only
    those, so the cost follows the number of near pairs, not the square of the group size.
    """
    if len(frame) < 2:
        return
    codes = frame.groupby(keys or GROUP_KEYS, sort=True, dropna=False).ngroup().to_numpy()
    yield from span_pairs(codes, frame[low].to_numpy(float), frame[high].to_numpy(float), tolerance, chunk)


def span_pairs(codes: np.ndarray, lows: np.ndarray, highs: np.ndarray, tolerance: float, chunk: int = PAIR_CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """band_pairs of rows whose group numbers (in the sorted order of their keys) are `codes`
    and whose spans are [lows, highs]."""
    n = len(codes)
    if n < 2:
        return
    grouped = codes.astype(float) * SPREAD
    key = grouped + lows
    order = _by_group_then_key(codes, key)
    limits = (grouped + highs + tolerance)[order]
    upper = np.searchsorted(key[order], limits, side="right")
    partners = np.maximum(upper - np.arange(n) - 1, 0)
    yield from _emit(order, partners, chunk)


def _by_group_then_key(codes: np.ndarray, key: np.ndarray) -> np.ndarray:
    """np.argsort(key, kind="stable") for keys that order rows by their group `codes` first:
    rows in table order are far from grouped but mostly in date order within a group, so a
    radix sort by group and then a sort that finds those runs is several times quicker."""
    if np.isnan(key).any() or codes.min() < 0:  # NaN keys tie across groups: only a plain sort orders them alike
        return np.argsort(key, kind="stable")
    by_group = stable_order(codes)
    return by_group[np.argsort(key[by_group], kind="stable")]


def _emit(order: np.ndarray, partners: np.ndarray, chunk: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Row k (in `order`) pairs with the partners[k] rows that follow it, in chunks of pairs."""
    n = len(order)
    cumulative = np.cumsum(partners)
    if n == 0 or int(cumulative[-1]) == 0:
        return
    begin = 0
    while begin < n:
        target = (cumulative[begin - 1] if begin else 0) + chunk
        end = int(np.searchsorted(cumulative, target, side="right"))
        end = max(end, begin + 1)
        counts = partners[begin:end]
        size = int(counts.sum())
        if size:
            first = np.repeat(np.arange(begin, end), counts)
            block_start = np.repeat(np.cumsum(counts) - counts, counts)
            second = first + 1 + (np.arange(size) - block_start)
            yield order[first], order[second]
        begin = end


def same_window_pairs(frame: "pd.DataFrame | Claims", tolerance: float, twins: "Twins | None" = None, keys: list[str] | None = None, codes: np.ndarray | None = None) -> Iterator[tuple[Claims, Claims, np.ndarray, np.ndarray]]:
    """Pairs of one metric and scope as views (a, b), with the mask of pairs over the same window
    and the mask of pairs that differ only by their qualifiers' bounds (same number, at least one
    directional qualifier such as "more than"). With `twins`, only their representatives pair.
    `codes`: every row's group number in the sorted order of `keys`, when the caller has them."""
    columns = as_claims(frame)
    reps = twins.reps if twins is not None else np.arange(len(columns))
    if codes is None:
        codes = columns.frame.groupby(keys or GROUP_KEYS, sort=True, dropna=False).ngroup().to_numpy()
    # Same window needs ends within the tolerance, so only pairs of near ends are formed.
    for i, j in span_pairs(codes[reps], columns["end_early"][reps].astype(float), columns["end_last"][reps].astype(float), tolerance):
        a, b = columns.take(reps[i]), columns.take(reps[j])
        same = same_window(a, b, tolerance)
        yield a, b, same, one_number_two_qualifiers(a["directional"], b["directional"], a["norm_value"], b["norm_value"])


def one_number_two_qualifiers(directional_a, directional_b, value_a, value_b):
    """Whether two figures (or arrays of them) give one number and differ only by their
    qualifiers' bounds: at least one directional ("more than 3,400" against "nearly 3,400")."""
    directional = np.asarray(directional_a).astype(bool) | np.asarray(directional_b).astype(bool)
    return directional & np.isclose(np.asarray(value_a, float), np.asarray(value_b, float), rtol=1e-9, atol=0)


def strictly_below(high, high_open, low, low_open) -> np.ndarray:
    """Interval A (…, high) lies entirely below interval B (low, …)."""
    return lies_below(np.asarray(high, float), np.asarray(high_open, bool), np.asarray(low, float), np.asarray(low_open, bool))


def disjoint(a, b) -> np.ndarray:
    return strictly_below(a["high"], a["high_open"], b["low"], b["low_open"]) | strictly_below(b["high"], b["high_open"], a["low"], a["low_open"])


def span_gap(a_first, a_last, b_first, b_last) -> np.ndarray:
    """Days between two date spans (0 when they overlap)."""
    a_first, a_last, b_first, b_last = (np.asarray(x, float) for x in (a_first, a_last, b_first, b_last))
    return np.maximum(np.maximum(a_first - b_last, b_first - a_last), 0)


def edges_coincide(a_first, a_last, b_first, b_last, tolerance: float) -> np.ndarray:
    """Two window edges are the same edge: both ends of their date spans within `tolerance` days.

    A month or a year is a span of days, not its first day: "2019-03" and "2019-03-03" are
    different edges, while two claims that both say "2019-03" give the same one.
    """
    a_first, a_last, b_first, b_last = (np.asarray(x, float) for x in (a_first, a_last, b_first, b_last))
    return (np.abs(a_first - b_first) <= tolerance) & (np.abs(a_last - b_last) <= tolerance)


def same_window(a, b, tolerance: float) -> np.ndarray:
    """Windows whose starts and ends are the same edges (unknown starts match each other).

    An "as of publication" end spans the reporting lag (end_early to end_last): the lag widens
    the edge, so it can only make two ends differ, never make them the same.
    """
    a_unknown = np.isnan(np.asarray(a["start_first"], float))
    b_unknown = np.isnan(np.asarray(b["start_first"], float))
    starts = edges_coincide(a["start_first"], a["start_last"], b["start_first"], b["start_last"], tolerance)
    start_ok = (a_unknown & b_unknown) | (~a_unknown & ~b_unknown & starts)
    return start_ok & edges_coincide(a["end_early"], a["end_last"], b["end_early"], b["end_last"], tolerance)


def higher_may_end_later(higher_end_first, higher_end_last, lower_end_first, lower_end_last) -> np.ndarray:
    """For a cumulative count: the higher figure's window may end after the lower's, so growth
    between the two ends explains the gap. Edges within the date tolerance may really differ;
    only ends that are one span of days (the same dates within their precision), or a higher
    figure that certainly ends no later, leave no such reading."""
    h_first, h_last, l_first, l_last = (np.asarray(x, float) for x in (higher_end_first, higher_end_last, lower_end_first, lower_end_last))
    return ~((h_first == l_first) & (h_last == l_last)) & (h_last > l_first)


def speaker(claim: Claim) -> str:
    """Who gave the figure, in the form two spellings of one name compare equal ("" if unsaid)."""
    return " ".join(str(claim.attributed_to or "").lower().split())


def same_statement(a: Claim, b: Claim) -> bool:
    """One source, or one named speaker for one moment: the figures describe one statement,
    not two updates of a count. An article that quotes two named speakers (a minister's toll and
    the UN's) gives two statements: it may quote an update one of them made earlier."""
    if a.source_id == b.source_id:
        return not (speaker(a) and speaker(b) and speaker(a) != speaker(b))
    return bool(speaker(a)) and speaker(a) == speaker(b) and a.end_last == b.end_last


def may_be_published_first(a: Claim, b: Claim) -> bool:
    """`a` may have come out before `b`: another statement, dated no later (one day, or spans of
    days that overlap, leave either order). One statement is one moment, whatever its dates."""
    return bool(a.published_first <= b.published_last) and not same_statement(a, b)


def compiled_before(longer: Claim, contained: Claim, lag: float, tolerance: float) -> bool:
    """`longer` (a longer count, or a whole) may be a tally compiled before `contained`'s last
    days were reported: it may have been published before `contained` (another statement; the
    same day leaves either order), and at most the reporting lag (and the tolerance on the
    contained window's end) after that window ends. A count compiled at publication holds what
    was reported by then; events within the lag before it may be missing."""
    return bool(may_be_published_first(longer, contained) and longer.published_first - lag <= contained.end_last + tolerance)


def updates_of_a_running_count(a: Claim, b: Claim) -> bool:
    """Two statements of a running figure: the count may have moved between them (principle 4)."""
    return (running(a) or running(b)) and not same_statement(a, b)


def running(claim: Claim) -> bool:
    """A running figure "as of" a moment (publication, or a date with no stated start), as
    opposed to the closed period of "between X and Y" or "during 2022". A period that ends on the
    very day its source was printed was still open then: "between the crash and 5 June" printed
    on 5 June is "since the crash", however it is written."""
    return bool(claim.end_from_publication) or np.isnan(float(claim.start_first)) or ends_on_its_publication_day(claim)


def ends_on_its_publication_day(claim: Claim) -> bool:
    """The window ends on one known day, the one day its source was published."""
    days = {float(claim.end_first), float(claim.end_last), float(claim.published_first), float(claim.published_last)}
    return len(days) == 1


AS_PRINTED = "round figures are exact as printed"  # the reading's name in details.reading


def read_as_printed(frame: pd.DataFrame) -> pd.DataFrame:
    """The claims with each round figure read as exact ("1,200" as 1,200, not 1,150-1,250), the
    reading a check tries to tell what only rounding excuses. Claims with no such reading (derived
    ones, tables built by hand) keep their interval."""
    if "exact_low" not in frame.columns:
        return frame
    return frame.assign(low=frame["exact_low"].fillna(frame["low"]), high=frame["exact_high"].fillna(frame["high"]))


def round_figures(frame: pd.DataFrame) -> np.ndarray:
    """Which claims read differently as printed: round figures read as rounded."""
    if "exact_low" not in frame.columns:
        return np.zeros(len(frame), bool)
    exact = read_as_printed(frame)
    return ((exact["low"] != frame["low"]) | (exact["high"] != frame["high"])).to_numpy()


def contains(outer, inner, tolerance: float) -> np.ndarray:
    """`outer`'s window certainly contains `inner`'s: it starts no later and ends no earlier,
    allowing `tolerance` days at each edge and the reporting lag already folded into end_early."""
    starts_ok = np.asarray(outer["start_last"], float) <= np.asarray(inner["start_first"], float) + tolerance
    ends_ok = np.asarray(outer["end_early"], float) >= np.asarray(inner["end_last"], float) - tolerance
    return starts_ok & ends_ok  # NaN starts compare False: unknown starts never contain


# Every column a same-window comparison reads: rows equal in all of them compare alike.
SAME_FIGURE = ["metric", "scope", "start_first", "start_last", "end_early", "end_last", "low", "high",
               "low_open", "high_open", "directional", "norm_value"]


def metric_scope_codes(columns: Claims) -> np.ndarray:
    """Each row's metric and scope as one number, in their sorted order (GROUP_KEYS), missing
    values last: sorted_codes of the two columns, from the codes the claims table numbered once."""
    if not len(columns):
        return np.zeros(0, np.int64)
    if not columns.whole:
        return _metric_scope(columns)
    return per_table(columns.frame, "metric_scope", lambda: _metric_scope(columns))


def _metric_scope(columns: Claims) -> np.ndarray:
    (metric, metrics), (scope, scopes) = columns.codes("metric"), columns.codes("scope")
    return _dense(metric * (scopes + 1) + scope, (metrics + 1) * (scopes + 1))[0]


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") for integers from 0 up: a radix sort, 16 bits at a time
    from the lowest (numpy sorts 16-bit integers by radix, ten times faster than int64)."""
    top = int(keys.max()) if len(keys) else 0
    order = None
    for shift in range(0, max(top.bit_length(), 1), 16):
        digit = ((keys >> shift) & 0xFFFF).astype(np.uint16)
        order = np.argsort(digit, kind="stable") if order is None else order[np.argsort(digit[order], kind="stable")]
    return order


def per_table(frame: pd.DataFrame, what: str, compute):
    """`compute()`, done once per claims table and `what` and remembered while the table lives:
    the engine hands the same claims to several checks, and numbering a million metric names
    or figures is the costly part of most of them. Checks never change the tables they get."""
    known = _PER_TABLE.get(id(frame))
    if known is None or known[0]() is not frame:
        known = (weakref.ref(frame, lambda _, key=id(frame): _PER_TABLE.pop(key, None)), {})
        _PER_TABLE[id(frame)] = known
    if what not in known[1]:
        known[1][what] = compute()
    return known[1][what]


_PER_TABLE: dict[int, tuple[weakref.ref, dict]] = {}  # id of a claims table -> (the table, what was computed)


def _classes(codes: np.ndarray) -> tuple[np.ndarray, ...]:
    """Twins of rows numbered `codes` (0, 1, ... in order of first appearance): the codes, the
    rows class by class, each class's size and start in that order, and its first row."""
    order = stable_order(codes)
    sizes = np.bincount(codes)
    starts = np.cumsum(sizes) - sizes
    return codes, order, sizes, starts, order[starts]


class Twins:
    """Rows identical in every column a comparison reads, collapsed to one representative each.

    A figure repeated by many claims (wire copies, one sheet pasted twice) is compared once; the
    clashes of a representative stand for every pair of their members, which are expanded only
    as far as a Budget lists them.
    """

    def __init__(self, columns: Claims, keys: list[str], groups: np.ndarray | None = None, extra: tuple[np.ndarray, ...] = ()):
        """`groups`: the rows' metric and scope codes, when the caller has them (a shortcut);
        `extra`: further values, one array per row, that twins share besides `keys`."""
        if not len(columns.frame):
            self.codes = self.order = self.sizes = self.starts = self.reps = np.zeros(0, int)
        elif columns.whole and not extra:
            self.codes, self.order, self.sizes, self.starts, self.reps = per_table(columns.frame, f"twins {keys}", lambda: _classes(first_seen_codes(columns, keys, groups)))
        else:
            self.codes, self.order, self.sizes, self.starts, self.reps = _classes(first_seen_codes(columns, keys, groups, extra))

    def members(self, position: int) -> np.ndarray:
        code = self.codes[position]
        return self.order[self.starts[code]: self.starts[code] + self.sizes[code]]

    def weight(self, positions: np.ndarray) -> np.ndarray:
        return self.sizes[self.codes[positions]]

    def spread(self, mask: np.ndarray) -> np.ndarray:
        """A mark on a representative, given to every member of its class."""
        return mask[self.reps][self.codes]

    def repeated(self) -> np.ndarray:
        return self.sizes[self.codes] >= 2


class Budget:
    """At most `limit` findings per metric and scope from one check; the rest are only counted.

    A corpus where thousands of claims share a window can hold millions of clashing pairs. Listing
    them all helps no reviewer and costs quadratic time and memory, so a check drafts the first
    `limit` of each group (in the table's order) and the engine reports how many were left out.
    """

    def __init__(self, columns: Claims, limit: int | None, groups: np.ndarray | None = None):
        """`groups`: the rows' metric and scope codes (metric_scope_codes), when the caller has them."""
        self.limit = int(limit) if limit else 0
        self.codes = groups if groups is not None else metric_scope_codes(columns)
        self.columns = columns
        self.used: dict[int, int] = {}
        self.left_out: dict[int, int] = {}
        self.restating: dict[int, int] = {}  # of left_out: copies of a clash that is listed

    def pick(self, view: Claims, hits: np.ndarray) -> np.ndarray:
        """The positions among `hits` (indices into `view`) to draft; counts the others."""
        if not self.limit or not len(hits):
            return hits
        codes = self.codes[view.positions[hits]]
        keep = np.ones(len(hits), bool)
        values, counts = np.unique(codes, return_counts=True)
        for code, count in zip(values.tolist(), counts.tolist()):
            room = self.limit - self.used.get(code, 0)
            if room >= count:
                self.used[code] = self.used.get(code, 0) + count
                continue
            members = np.flatnonzero(codes == code)
            keep[members[max(room, 0):]] = False
            self.used[code] = self.limit
            self.left_out[code] = self.left_out.get(code, 0) + count - max(room, 0)
        return hits[keep]

    def pairs(self, a: Claims, b: Claims, hits: np.ndarray, twins: Twins | None = None) -> list[tuple[int, int]]:
        """Row pairs to draft for the clashing pairs `hits` of views a and b; with `twins`, each
        hit stands for every pair of members of the two classes, and those are counted too."""
        if twins is None:
            return [(int(a.positions[k]), int(b.positions[k])) for k in self.pick(a, hits)]
        out: list[tuple[int, int]] = []
        if not len(hits):
            return out
        weights = twins.weight(a.positions[hits]) * twins.weight(b.positions[hits])
        codes = self.codes[a.positions[hits]]
        for code in np.unique(codes).tolist():
            chosen = np.flatnonzero(codes == code)
            total = int(weights[chosen].sum())
            room = total if not self.limit else max(self.limit - self.used.get(code, 0), 0)
            picked = self._members_first_pair_first(a, b, hits[chosen], twins, room)
            out += picked
            listed = len(picked)
            self.used[code] = self.used.get(code, 0) + listed
            if total > listed:
                self.left_out[code] = self.left_out.get(code, 0) + total - listed
                # Pairs of clashes listed at least once: the same figures, from further sources.
                restating = int(weights[chosen][:room].sum()) - listed
                self.restating[code] = self.restating.get(code, 0) + restating
        return out

    @staticmethod
    def _members_first_pair_first(a: Claims, b: Claims, hits: np.ndarray, twins: Twins, room: int) -> list[tuple[int, int]]:
        """Up to `room` member pairs of the clashing classes `hits`: first one pair of every
        clash, then the other members' pairs, so that copies of one clash (a figure printed by
        thousands of sources) never crowd another clash out of the listing."""
        sides = [(twins.members(int(a.positions[k])), twins.members(int(b.positions[k]))) for k in hits[:room]]
        out = [(int(xs[0]), int(ys[0])) for xs, ys in sides]
        for xs, ys in sides:  # a clash past the first `room` is not listed at all: no copies of it either
            copies = ((int(x), int(y)) for x in xs for y in ys)
            next(copies)  # its first pair is listed already
            out += itertools.islice(copies, max(room - len(out), 0))
        return out

    def drafts(self) -> list["Draft"]:
        """One placeholder per group with findings left out; the engine adds the limit to its facts."""
        from checker.model import Draft

        out = []
        for code, count in sorted(self.left_out.items()):
            row = int(np.flatnonzero(self.codes == code)[0])
            restating = self.restating.get(code, 0)
            facts = (("not_listed", count),) + ((("restating_listed", restating),) if restating else ())
            out.append(Draft(str(self.columns["metric"][row]), str(self.columns["scope"][row]), "findings.not_listed", (), facts))
        return out


class Seen:
    """Which rows some comparison reached, as one boolean per row (cheap for millions of pairs)."""

    def __init__(self, columns: Claims):
        self.columns = columns
        self.mask = np.zeros(len(columns.frame), bool)

    def mark(self, view: Claims, where: np.ndarray) -> None:
        self.mask[view.positions[where]] = True

    def rows(self, twins: Twins | None = None, repeated: bool | np.ndarray = False) -> np.ndarray:
        """Which rows were reached, as a check returns them; with `twins`, members of a reached
        class too and, where `repeated` (True, or a mask of rows), every claim that was compared
        with its identical twin."""
        mask = self.mask
        if twins is not None:
            mask = twins.spread(mask)
            if repeated is not False:
                mask = mask | (twins.repeated() & repeated)
        return mask

    def ids(self, twins: Twins | None = None, repeated: bool | np.ndarray = False) -> set[str]:
        """The claim ids of `rows` (the form checks first returned)."""
        return set(self.columns["claim_id"][self.rows(twins, repeated)].tolist())

