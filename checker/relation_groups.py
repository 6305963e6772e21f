"""Groups of claims a relation compares, found on whole columns: claims of the relation's
metrics that describe the same moment (window end, then window start, within a tolerance) and
scope, from one source unless the relation is cross-source.

A relation holds within every scope: "312 houses, of which 135 partially damaged and 77
destroyed", all for one province, is a breakdown as the country's is. So a group's claims share
one scope, and scopes never mix: the claims of the wholes (each metric's default scope, no
scope, or a scope another metric of the relation holds by default) are split by scope as
`relations.comparable_groups` says, a claim with no scope joining each; a claim of any other
scope, a part's, meets only claims of that very scope (`scope_worlds`: each part scope is
swept as a block of its own, so the wholes' groups are the ones they would be without it). A
relation that reads a constant holds only between wholes (a country's area is no province's).

The rule is `relations.comparable_groups`'s; this is how it runs at scale. A relation reads
only its own rows (the positions it is given), sorts them once with numpy and keeps each group
as a slice of one flat array of table positions, so no claim is made a `Claim` and no group a
dict unless a test needs it. Several requests (relations) can be grouped in one call: their
rows never meet, as the request is the first sort key. The relation checks and the
derivations ask for every relation's groups in one call (`sweep_requests`), so thousands of
relations cost their claims and one sort, not thousands of rounds of numpy calls.
"""

from __future__ import annotations

import gc
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from checker.claim import Claim, Claims

@contextmanager
def collector_paused():
    """The cyclic garbage collector held off while relation code makes many small objects (a
    relation's formulas, claims, drafts) and no garbage cycles: with a large table in memory,
    each of the full passes they would set off walks every object (at 30,000 relations, 1.2 of
    the 1.45 CPU s spent making formulas)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


JOINS_ANY = -1  # the scope code of a claim with no scope: it joins every scope of its run
NEVER_MATCHES = -2  # a scope that is not text (NaN): listed as a scope, matched by no claim
WHOLE = 0  # the scope world of the wholes' claims (`scope_worlds`); a part scope's is 1 + its rank
NOWHERE = -1  # the scope world of a claim its relation compares with none


@dataclass(frozen=True)
class Groups:
    """Groups of comparable claims, flat. Group g's members are
    ``members[starts[g]:starts[g + 1]]`` (table positions, in the order the sweep meets them);
    ``metric[i]`` is member i's index in ``metrics``; ``request[g]`` is the request group g
    answers (0 for a single request)."""

    metrics: tuple[str, ...]
    members: np.ndarray
    metric: np.ndarray
    starts: np.ndarray
    request: np.ndarray

    def __len__(self) -> int:
        return len(self.starts) - 1

    def group_of_members(self) -> np.ndarray:
        return np.repeat(np.arange(len(self)), np.diff(self.starts))

    @cached_property  # a relation's formulas read the same groups
    def counts(self) -> np.ndarray:
        """(groups, metrics): how many claims of each metric a group holds."""
        cells = self.group_of_members() * len(self.metrics) + self.metric
        return np.bincount(cells, minlength=len(self) * len(self.metrics)).reshape(len(self), len(self.metrics))

    @cached_property
    def by_metric(self) -> tuple[np.ndarray, np.ndarray]:
        """The members sorted by group then metric (order kept within each), and where each
        (group, metric) cell starts: cell g * len(metrics) + k is ``sorted[at[cell]:at[cell + 1]]``."""
        cells = self.group_of_members() * len(self.metrics) + self.metric
        order = np.argsort(cells, kind="stable")
        at = np.concatenate([[0], np.cumsum(np.bincount(cells, minlength=len(self) * len(self.metrics)))])
        return self.members[order], at

    def as_dicts(self, claims: Claims) -> list[dict[str, list[Claim]]]:
        """Each group as metric -> its claims (the shape `relations.claim_groups` returns)."""
        built = claims.table.claims_at(self.members.tolist())
        names = [self.metrics[k] for k in self.metric.tolist()]
        out: list[dict[str, list[Claim]]] = []
        bounds = self.starts.tolist()
        for begin, end in zip(bounds, bounds[1:]):
            group: dict[str, list[Claim]] = {}
            for i in range(begin, end):
                group.setdefault(names[i], []).append(built[i])
            out.append(group)
        return out


def metric_codes(claims: Claims, positions: np.ndarray, metrics: tuple[str, ...]) -> np.ndarray:
    """Each row's index in `metrics`, -1 for another metric."""
    names = claims.table.array("metric")[positions]
    if len(metrics) > 8:  # a hash lookup, where one comparison per metric would cost metrics x rows
        return pd.Index(metrics).get_indexer(names).astype(np.int64)
    codes = np.full(len(positions), -1, dtype=np.int64)
    for k, metric in enumerate(metrics):
        codes[names == metric] = k
    return codes


def usable_rows(claims: Claims, positions: np.ndarray, metrics: tuple[str, ...], rules, own_prefix: str = "",
                codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The rows at `positions` a relation of `metrics` compares, with their metric indexes:
    claims of its metrics with a figure in their metric's unit and a scope, their metric's
    default or another one named (a relation holds within every scope: `scope_worlds` keeps
    each scope's claims to groups of that scope), less those whose id starts with `own_prefix`
    (what a relation derived would only test it against itself)."""
    table = claims.table
    codes = metric_codes(claims, positions, metrics) if codes is None else codes
    default = np.array([rules.metrics[m].scope for m in metrics] + [None], dtype=object)
    scopes = table.array("scope")[positions]
    named = (scopes == default[codes]) | (pd.notna(scopes) & (scopes != ""))
    keep = (codes >= 0) & named & ~np.isnan(np.asarray(table.array("low")[positions], dtype=float))
    if own_prefix:
        ids = table.array("claim_id")[positions[keep]].tolist()
        keep[np.flatnonzero(keep)[[cid.startswith(own_prefix) for cid in ids]]] = False
    return positions[keep], codes[keep]


def scope_worlds(claims: Claims, positions: np.ndarray, request: np.ndarray, requests: list[tuple[str, ...]], rules,
                 whole_only: list[bool] | None = None) -> np.ndarray:
    """Which claims may meet in a group, by scope, for each row at `positions` (of request
    `request`, a metric set of `requests`): WHOLE for a claim in its metric's default scope, in
    none, or in the default scope of another metric of its request (these are the wholes,
    split by scope as they always were: a claim with no scope joins them); for a claim in any
    other scope, 1 + that scope's rank, so its groups hold only claims of that very scope (a
    relation holds within every scope when all its claims are of that scope, never across two
    scopes, and never with a whole); NOWHERE (grouped with nothing) for a claim outside its
    metric's default scope where its request holds only between wholes (`whole_only`: a
    relation that reads a constant, such as a country's area, which is no province's)."""
    scopes = claims.table.array("scope")[positions]
    worlds = np.full(len(positions), WHOLE, dtype=np.int64)
    other = np.flatnonzero(scopes != _default_scopes(claims, rules)[claims.table.codes("metric")[0][positions]])
    if not len(other):
        return worlds
    if whole_only is not None:
        only = np.asarray(whole_only, dtype=bool)[request[other]]
        worlds[other[only]] = NOWHERE
        other = other[~only]
    # A scope another metric of the request holds by default is a whole's: where the request's
    # metrics have one default scope (most do), no claim outside it is.
    wholes = {r: found for r in np.unique(request[other]).tolist() if len(found := {rules.metrics[m].scope for m in requests[r]}) > 1}
    apart = np.ones(len(other), dtype=bool)
    if wholes:
        mixed = np.flatnonzero(np.isin(request[other], list(wholes)))
        apart[mixed] = [scope not in wholes[r] for scope, r in zip(scopes[other[mixed]].tolist(), request[other[mixed]].tolist())]
    other = other[apart]
    if len(other):
        rank, _ = pd.factorize(scopes[other], sort=True)
        worlds[other] = 1 + rank
    return worlds


def _default_scopes(claims: Claims, rules) -> np.ndarray:
    """Each metric's default scope by its code in the table (`Claims.codes`), None for a metric
    the rules do not know and for a missing one (numbered last): looked up once per table and
    rule set, per distinct metric."""
    key = ("default scopes", id(rules))
    if key not in claims.table.memo:  # the rules are kept with it, so their id stays theirs
        _, names = claims.table.coded("metric")
        found = [rules.metrics[m].scope if m in rules.metrics else None for m in names.tolist()]
        claims.table.memo[key] = (rules, np.array(found + [None], dtype=object))
    return claims.table.memo[key][1]


def find_groups(claims: Claims, positions: np.ndarray, codes: np.ndarray, metrics: tuple[str, ...], tolerance: float,
                cross_source: bool, request: np.ndarray | None = None, worlds: np.ndarray | None = None) -> Groups:
    """The groups of the rows at `positions` (table positions; `codes` their metric indexes),
    each request's apart, and each scope world's (`scope_worlds`; None: all of the wholes).
    Within a request the rows are taken in order of (source, scope world, window end), claims
    with no end last in their source and world, ties in the order given."""
    table = claims.table
    request = np.zeros(len(positions), dtype=np.int64) if request is None else np.asarray(request, dtype=np.int64)
    world = np.zeros(len(positions), dtype=np.int64) if worlds is None else np.asarray(worlds, dtype=np.int64)
    block = np.zeros(len(positions), dtype=np.int64) if cross_source else _sources(claims, positions)
    keep = (block >= 0) & (world != NOWHERE)  # a claim with no source is in no group (unless cross-source)
    if not keep.all():
        positions, codes, request, block, world = positions[keep], codes[keep], request[keep], block[keep], world[keep]
    end_last = table.array("end_last")[positions].astype(float)
    missing_end = np.isnan(end_last)
    order = np.lexsort((np.where(missing_end, 0.0, end_last), missing_end, world, block, request))
    positions, codes, request, block, world = positions[order], codes[order], request[order], block[order], world[order]
    run = _runs(_numbered_blocks(request, block, world), table.array("end_early")[positions], end_last[order], tolerance)
    return _split(table, positions, codes, request, run, metrics, tolerance)


def _numbered_blocks(*keys: np.ndarray) -> np.ndarray:
    """Sorted rows' blocks (rows alike in every key) numbered 0, 1, ... in order."""
    changed = np.zeros(len(keys[0]), dtype=bool)
    for key in keys:
        changed[1:] |= key[1:] != key[:-1]
    return np.cumsum(changed)


def _sources(claims: Claims, positions: np.ndarray) -> np.ndarray:
    """Each row's source as a number, in sorted order of the sources, -1 for none: read from
    the table's source codes, numbered once per frame (the derivations and every relation
    check read the same table) rather than once per sweep."""
    return claims.sources_at(positions).astype(np.int64)


def _runs(block: np.ndarray, end_early: np.ndarray, end_last: np.ndarray, tolerance: float) -> np.ndarray:
    """Each sorted row's run: a run holds rows of one block whose earliest end lies within
    `tolerance` days of the run's first row's latest end. Each run's anchor is its first row, so
    this is a chain: where each row's successor can be found on whole columns (`_next_starts`),
    only the run starts are walked; otherwise every row is, in Python over plain numbers."""
    end_early = end_early.astype(float)
    successor = _next_starts(block, end_early, end_last, tolerance)
    if successor is not None:
        starts = np.zeros(len(block), dtype=np.int64)
        i, count = 0, len(block)
        while i < count:
            starts[i] = 1
            i = successor[i]
        return np.cumsum(starts) - 1
    run = np.empty(len(block), dtype=np.int64)
    current, anchor, number = None, math.nan, -1
    for i, (b, early, last) in enumerate(zip(block.tolist(), end_early.tolist(), end_last.tolist())):
        if b != current or early - anchor > tolerance:  # NaN never breaks a run
            number += 1
            current, anchor = b, last
        run[i] = number
    return run


def _next_starts(block: np.ndarray, early: np.ndarray, last: np.ndarray, tolerance: float) -> list[int] | None:
    """For each sorted row, where the run it would anchor ends: the first later row of its block
    whose earliest end lies over `tolerance` days past its latest end, else its block's end.
    None where that search would not give `_runs`'s loop its exact answer: it needs every
    earliest end at or before its own latest end (so no row before a run breaks it) and whole
    days (so "early - anchor > tolerance" and "early > anchor + tolerance" agree)."""
    dated_early, dated_last = ~np.isnan(early), ~np.isnan(last)
    if not len(block) or tolerance < 0 or not float(tolerance).is_integer() or (dated_early & ~dated_last).any():
        return None
    values = np.concatenate([early[dated_early], last[dated_last]])
    if not len(values):
        return None
    low, high = values.min(), values.max()
    if not (values == np.floor(values)).all() or (early[dated_early] > last[dated_early]).any() or high - low + tolerance > 2**40:
        return None
    span = high - low + 2.0
    edges = np.flatnonzero(np.diff(block)) + 1
    rank = np.zeros(len(block), dtype=np.int64)
    rank[edges] = 1
    rank = np.cumsum(rank)
    if len(edges) * span > 2**52:
        return None
    # Each block's rows keyed above every earlier block's: one running maximum serves them all.
    reach = np.maximum.accumulate(rank * span + np.where(dated_early, early - low, -1.0))
    threshold = rank * span + (last - low + tolerance)
    block_end = np.append(edges, len(block))[rank]
    found = np.searchsorted(reach, np.where(dated_last, threshold, math.inf), side="right")
    return np.minimum(found, block_end).tolist()


def _scope_codes(scopes: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each row's scope as a number (JOINS_ANY for none, NEVER_MATCHES for a non-text one) and
    the names numbered in sorted order."""
    names = sorted({s for s in scopes.tolist() if s and isinstance(s, str)})
    number = {name: k for k, name in enumerate(names)}
    codes = [JOINS_ANY if not s else number[s] if isinstance(s, str) else NEVER_MATCHES for s in scopes.tolist()]
    return np.asarray(codes, dtype=np.int64), names


def _split(table, positions, codes, request, run, metrics, tolerance) -> Groups:
    """The runs split by window start and scope. A run whose dated rows all start within
    `tolerance` of the first start's latest day and that names at most one scope is one group
    (most are); the others are split one by one (`_split_run`)."""
    start_first = table.array("start_first")[positions].astype(float)
    start_last = table.array("start_last")[positions].astype(float)
    floating = np.isnan(start_first)  # no start: a level at its end, it joins every cluster
    # Within each run: dated rows by start (ties in run order), then the floating ones.
    order = np.lexsort((np.where(floating, 0.0, start_first), floating, run))
    positions, codes, request, run = positions[order], codes[order], request[order], run[order]
    start_first, start_last, floating = start_first[order], start_last[order], floating[order]
    scope, scope_names = _scope_codes(table.array("scope")[positions])
    count = int(run[-1]) + 1 if len(run) else 0
    first = np.searchsorted(run, np.arange(count))
    dated = np.bincount(run, weights=~floating, minlength=count).astype(np.int64)
    last_dated = first + np.maximum(dated - 1, 0)
    one_cluster = (dated <= 1) | (start_first[last_dated] - start_last[first] <= tolerance) if count else np.zeros(0, bool)
    named = scope >= 0
    low = np.full(count, np.iinfo(np.int64).max)
    high = np.full(count, -1)
    np.minimum.at(low, run[named], scope[named])
    np.maximum.at(high, run[named], scope[named])
    odd = np.bincount(run, weights=scope == NEVER_MATCHES, minlength=count) > 0
    simple = one_cluster & ((high < 0) | (low == high)) & ~odd
    if simple.all():
        starts = np.concatenate([first, [len(run)]])
        return Groups(metrics, positions, codes, starts, request[first])
    return _with_complex_runs(positions, codes, request, run, first, simple, start_first, start_last, scope, scope_names, metrics, tolerance)


def _with_complex_runs(positions, codes, request, run, first, simple, start_first, start_last, scope, scope_names, metrics, tolerance) -> Groups:
    """The groups when some runs need splitting: simple runs stay whole, the others are split
    one by one, and the groups are laid out in run order (then in split order)."""
    whole = simple[run]
    rows = [np.flatnonzero(whole)]
    group_run, group_part = [np.flatnonzero(simple)], [np.zeros(int(simple.sum()), dtype=np.int64)]
    sizes = [np.bincount(run[whole], minlength=len(simple))[simple]]
    ends = np.append(first[1:], len(run))
    split: list[list[int]] = []
    for r in np.flatnonzero(~simple).tolist():
        pieces = _split_run(range(first[r], ends[r]), start_first, start_last, scope, scope_names, tolerance)
        split.extend(pieces)
        group_run.append(np.full(len(pieces), r))
        group_part.append(np.arange(len(pieces)))
    rows.append(np.fromiter((i for piece in split for i in piece), dtype=np.int64))
    sizes.append(np.array([len(piece) for piece in split], dtype=np.int64))
    group_run, group_part, sizes = np.concatenate(group_run), np.concatenate(group_part), np.concatenate(sizes)
    placed = np.lexsort((group_part, group_run))  # group order: by run, then by piece
    rank = np.empty_like(placed)
    rank[placed] = np.arange(len(placed))
    rows = np.concatenate(rows)[np.argsort(np.repeat(rank, sizes), kind="stable")]
    starts = np.concatenate([[0], np.cumsum(sizes[placed])]).astype(np.int64)
    return Groups(metrics, positions[rows], codes[rows], starts, request[rows[starts[:-1]]])


def _split_run(rows: range, start_first, start_last, scope, scope_names, tolerance) -> list[list[int]]:
    """One run (rows dated by start, then floating) split into clusters of starts, each cluster
    with the floating rows, then by scope (a row with no scope joins every scope)."""
    floating = [i for i in rows if math.isnan(start_first[i])]
    clusters: list[list[int]] = []
    for i in rows:
        if math.isnan(start_first[i]):
            continue
        if clusters and start_first[i] - start_last[clusters[-1][0]] <= tolerance:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    out: list[list[int]] = []
    for cluster in clusters or [[]]:
        members = cluster + floating
        named = sorted({int(scope[i]) for i in members if scope[i] != JOINS_ANY}, key=lambda c: "nan" if c == NEVER_MATCHES else scope_names[c])
        for code in named or [JOINS_ANY]:
            chosen = [i for i in members if scope[i] == JOINS_ANY or (scope[i] == code and code != NEVER_MATCHES)]
            if chosen:
                out.append(chosen)
    return out


def metric_positions(claims: Claims, metrics) -> tuple[np.ndarray, np.ndarray]:
    """The table positions of the claims of `metrics` (distinct), in table order, and each
    one's index in `metrics`. The metric column is looked up once per table for every metric
    asked so far (the first caller asks for all the rules' relation metrics): a lookup per
    call would cost the table's rows each time, and sorting a column of 100,000s of metrics
    more."""
    metrics = list(metrics)
    key = ("relation metric rows",)
    found = claims.table.memo.get(key)
    if found is None or not found[1].issuperset(metrics):
        known = sorted(set(metrics) | (found[1] if found is not None else set()))
        vocabulary = pd.Index(known)
        code = _indexes_in(claims, vocabulary)
        rows = np.flatnonzero(code >= 0)
        found = claims.table.memo[key] = (vocabulary, set(known), rows, code[rows])
    vocabulary, _, rows, code = found
    index = np.full(len(vocabulary) + 1, -1, dtype=np.int64)
    index[vocabulary.get_indexer(metrics)] = np.arange(len(metrics))
    own = index[code]
    keep = own >= 0
    return rows[keep], own[keep]


def _indexes_in(claims: Claims, vocabulary: pd.Index) -> np.ndarray:
    """Each row's metric's index in `vocabulary`, -1 for another metric: looked up once per
    distinct metric and spread by the table's metric codes (numbered once per frame, shared
    with the checks), as a hash lookup of every row's text cost four times as much."""
    codes, count = claims.table.codes("metric")
    some_row = np.zeros(count + 1, np.int64)
    some_row[codes] = np.arange(len(codes))  # any row of each metric will do
    names = claims.table.array("metric")[some_row[:count]]
    return np.append(vocabulary.get_indexer(names), -1)[codes]


def request_rows(claims: Claims, requests: list[tuple[str, ...]], usable: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (claim, request) pair where the claim's metric is one of the request's (and `usable`
    marks the claim): the table positions, in table order within each request, the metric's
    index in its request and the request. Found for all requests at once: each claim is
    repeated once per request of its metric, so the cost follows the pairs, not the requests."""
    vocabulary = list(dict.fromkeys(m for metrics in requests for m in metrics))
    rows, code = metric_positions(claims, vocabulary)
    if usable is not None:
        keep = usable[rows]
        rows, code = rows[keep], code[keep]
    index = {m: k for k, m in enumerate(vocabulary)}
    pair_metric = np.fromiter((index[m] for metrics in requests for m in metrics), dtype=np.int64)
    pair_request = np.repeat(np.arange(len(requests)), [len(metrics) for metrics in requests])
    pair_slot = np.fromiter((k for metrics in requests for k in range(len(metrics))), dtype=np.int64, count=len(pair_metric))
    by_metric = np.argsort(pair_metric, kind="stable")
    per_metric = np.bincount(pair_metric, minlength=len(vocabulary))
    repeats = per_metric[code]
    first = np.repeat(np.cumsum(per_metric)[code] - repeats, repeats)
    pair = by_metric[first + np.arange(len(first)) - np.repeat(np.cumsum(repeats) - repeats, repeats)]
    rows = np.repeat(rows, repeats)
    order = np.lexsort((rows, pair_request[pair]))
    return rows[order], pair_slot[pair][order], pair_request[pair][order]


def sweep_requests(claims: Claims, requests: list[tuple[str, ...]], tolerance: float, cross_source: bool, usable: np.ndarray, rules,
                   own_prefixes: list[str] | None = None, whole_only: list[bool] | None = None) -> Groups:
    """The groups of each metric set in `requests` among the rows `usable` marks (less, for
    request r, the claims whose id starts with `own_prefixes[r]`), all found in one sweep (a
    rule set declares thousands of relations; one sort of all their rows costs less than one
    per relation), as one `Groups` whose `request` says each group's request and whose
    `metric` is each member's index in its request. Each scope's claims meet only claims of
    their scope (`scope_worlds`; `whole_only[r]`: request r compares only its metrics' wholes)."""
    positions, codes, owner = request_rows(claims, requests, usable)
    if own_prefixes:
        ids = claims.table.array("claim_id")
        shared = os.path.commonprefix(own_prefixes)
        derived = np.zeros(len(usable), dtype=bool)  # ids that may start with an own prefix: read once, not per request
        derived[positions] = True
        candidates = np.flatnonzero(derived)
        # Each id's first characters as fixed-width text, compared in one numpy call.
        derived[candidates] = ids[candidates].astype(f"U{len(shared)}") == shared if shared else True
        suspect = np.flatnonzero(derived[positions])
        if len(suspect):
            own = [ids[positions[i]].startswith(own_prefixes[owner[i]]) for i in suspect.tolist()]
            keep = np.ones(len(positions), dtype=bool)
            keep[suspect[own]] = False
            positions, codes, owner = positions[keep], codes[keep], owner[keep]
    worlds = scope_worlds(claims, positions, owner, requests, rules, whole_only)
    return find_groups(claims, positions, codes, (), tolerance, cross_source, owner, worlds)


def group_requests(claims: Claims, requests: list[tuple[str, ...]], tolerance: float, cross_source: bool, usable: np.ndarray, rules,
                   own_prefixes: list[str] | None = None, whole_only: list[bool] | None = None) -> list[Groups]:
    """`sweep_requests`'s groups cut into one `Groups` per request."""
    if not requests:
        return []
    every = sweep_requests(claims, requests, tolerance, cross_source, usable, rules, own_prefixes, whole_only)
    bounds = np.searchsorted(every.request, np.arange(len(requests) + 1)).tolist()
    out = []
    for r, metrics in enumerate(requests):
        first, last = every.starts[bounds[r]], every.starts[bounds[r + 1]]
        out.append(Groups(metrics, every.members[first:last], every.metric[first:last], every.starts[bounds[r]:bounds[r + 1] + 1] - first, every.request[bounds[r]:bounds[r + 1]]))
    return out


def combinations(groups: Groups, required: list[int] | np.ndarray, limit: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """`relations.choices` for every group holding all `required` metrics (a list, or a boolean
    per group and metric where groups of many requests require their own), as columns: the group
    of each combination and its pick of each metric (a table position, -1 where the group has
    none). A group's first `limit` combinations in product order, the first metric varying
    slowest, so combination c picks claim (c // stride) % count of each metric."""
    counts = groups.counts
    width = len(groups.metrics)
    if isinstance(required, np.ndarray):  # (groups, metrics): each group's own required metrics
        eligible = np.flatnonzero(((counts > 0) | ~required).all(axis=1)) if len(groups) else np.zeros(0, np.int64)
    else:
        eligible = np.flatnonzero((counts[:, required] > 0).all(axis=1)) if len(groups) else np.zeros(0, np.int64)
    counts = counts[eligible]
    sizes = np.maximum(counts, 1)  # a metric the group lacks takes no part in the product
    stride = np.ones_like(sizes)
    for k in range(width - 2, -1, -1):  # capped at the limit: c < limit, so c // stride is 0 beyond it
        stride[:, k] = np.minimum(stride[:, k + 1] * sizes[:, k + 1], limit)
    total = np.minimum(stride[:, 0] * sizes[:, 0], limit) if width else np.zeros(len(eligible), np.int64)
    owner = np.repeat(np.arange(len(eligible)), total)
    c = np.arange(len(owner)) - np.repeat(np.cumsum(total) - total, total)
    members, at = groups.by_metric
    picks = np.full((len(owner), width), -1, dtype=np.int64)
    for k in range(width):
        index = (c // stride[owner, k]) % sizes[owner, k]
        present = counts[owner, k] > 0
        picks[present, k] = members[at[eligible[owner[present]] * width + k] + index[present]]
    return eligible[owner], picks
