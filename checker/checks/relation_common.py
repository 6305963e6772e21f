"""Shared pieces of relation checks: what they read besides the claims, which rows they see,
and the driver that finds comparable claims, tries each combination and collects drafts.

Comparable claims share a window and one scope, from one source unless the relation is
cross-source (checker/relation_groups.py): a relation holds within every scope, its wholes'
(each metric's default) and any part's, but never across two scopes."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np
import pandas as pd

from checker.claim import Claim, Claims, as_claims
from checker.model import Draft
from checker.relation_groups import Groups, collector_paused, combinations, find_groups, group_requests, metric_positions, request_rows, scope_worlds, sweep_requests, usable_rows
from checker.relations import Relation

if TYPE_CHECKING:
    from checker.rules import RuleSet


@dataclass(frozen=True)
class RelationInput:
    """The `relation` argument of a relation check: the relation, the rules whose units,
    constants and metrics it reads, and the other relations it may read (stock-flow reads the
    share relations that use its total)."""

    relation: Relation
    rules: "RuleSet"
    relations: tuple[Relation, ...] = ()


def metric_rows(claims: Claims, relation: RelationInput) -> pd.DataFrame:
    """The claims of the relation's metrics as a table, in table order (scope-subset reads them
    as one)."""
    return claims.frame.iloc[claims.of_metrics(sorted(set(relation.relation.metrics())))]


def metric_claims(claims: Claims, relation: RelationInput) -> Claims:
    """The default selector of a relation check: the claims of the relation's metrics, a view
    of the claims the run can compare, in table order (a relation costs its claims, not the
    corpus: tests/test_relation_sweep.py; a view copies no rows)."""
    return Claims(claims.frame, _selection(claims, relation.rules, relation.relation), claims.table)


@dataclass(frozen=True)
class _Selections:
    """The claims of each relation's metrics in a rule set (`metric_claims`), found for all
    relations at once: relation r's rows are ``rows[bounds[r]:bounds[r + 1]]``."""

    relations: tuple[Relation, ...]
    index: dict[str, int]
    rows: np.ndarray
    bounds: np.ndarray


def _selections(claims: Claims, rules) -> _Selections:
    key = ("relation selections", id(rules))
    if key not in claims.table.memo:  # the rules are kept with it, so their id stays theirs
        relations = tuple(rules.relations)
        with collector_paused():
            rows, _, request = request_rows(claims, [tuple(r.metrics()) for r in relations])
            bounds = np.searchsorted(request, np.arange(len(relations) + 1))
            claims.table.memo[key] = (rules, _Selections(relations, {r.id: k for k, r in enumerate(relations)}, rows, bounds))
    return claims.table.memo[key][1]


def _selection(claims: Claims, rules, relation: Relation) -> np.ndarray:
    """The table positions of the claims of `relation`'s metrics, in table order."""
    found = _selections(claims, rules)
    k = found.index.get(relation.id)
    if k is None or not (found.relations[k] is relation or found.relations[k] == relation):
        return claims.of_metrics(sorted(set(relation.metrics())))
    return found.rows[found.bounds[k]:found.bounds[k + 1]]

# What a relation's test returns when the picks could not be compared (a share of a zero whole):
# unlike None (compared, consistent), the claims are not counted as compared.
NOT_COMPARED = object()

Test = Callable[[Relation, dict[str, Claim]], object]  # a Draft, None or NOT_COMPARED
# Which combinations (rows of picks, a table position per metric, -1 for none) may not give None:
# the others are compared and consistent without building their claims.
Screen = Callable[[Relation, dict[str, np.ndarray], Claims], np.ndarray]


def relation_drafts(rows, options, relations: list[Relation], rules, test: Test, needed: Callable[[Relation], list[str]],
                    screen: Screen | None = None) -> tuple[list[Draft], set[str]]:
    """Every combination of comparable claims of each relation tried with `test` (the ones
    `screen` passes), the drafts and the ids of the claims compared."""
    claims = as_claims(rows)
    drafts: list[Draft] = []
    compared: list[np.ndarray] = []
    tolerance = float(options.date_tolerance_days or 0)
    if len(relations) == 1 and rules is not None:
        found = _from_batch(claims, relations[0], rules, tolerance, Tries(test, needed, screen))
        if found is not None:
            return found
    for relation in relations:
        metrics = tuple(sorted(set(relation.metrics())))
        groups = _groups(claims, relation, metrics, rules, tolerance)
        _, picks = combinations(groups, sorted({metrics.index(m) for m in needed(relation)}))
        columns = {metric: picks[:, k] for k, metric in enumerate(metrics)}
        tried = screen(relation, columns, claims) if screen is not None else np.ones(len(picks), dtype=bool)
        seen = ~tried
        for c, draft in _tried(claims, relation, metrics, picks, tried, test):
            if draft is NOT_COMPARED:
                continue
            seen[c] = True
            if draft is not None:
                drafts.append(draft)
        compared.append(picks[seen].ravel())
    return unique_drafts(drafts), _claim_ids(claims, compared)


@dataclass(frozen=True)
class Tries:
    """How a check tries a relation's combinations (`relation_drafts`'s arguments)."""

    test: Test
    needed: Callable[[Relation], list[str]]
    screen: Screen | None

    def key(self) -> tuple:
        """The same for the calls of one check (a check makes its functions anew on each call)."""
        return tuple(_code_of(f) for f in (self.test, self.needed, self.screen))


def _code_of(function) -> object:
    if function is None:
        return None
    if isinstance(function, functools.partial):
        return (_code_of(function.func), tuple((k, id(v)) for k, v in sorted(function.keywords.items())))
    return getattr(function, "__code__", function)


def _from_batch(claims: Claims, relation: Relation, rules, tolerance: float, tries: Tries) -> tuple[list[Draft], set[str]] | None:
    """The relation's drafts and the ids of the claims it compared when its rows are the claims of its metrics (the
    default selection): then every relation of its kind in the rules is tried at once, on the
    first call, and kept with the table (a relation's own numpy calls would cost more than its
    claims). None when its rows are others."""
    selections = _selections(claims, rules)
    k = selections.index.get(relation.id)
    if k is None or not (selections.relations[k] is relation or selections.relations[k] == relation):
        return None
    selection = selections.rows[selections.bounds[k]:selections.bounds[k + 1]]
    if not (claims.positions is selection or np.array_equal(claims.positions, selection)):
        return None
    key = ("relation drafts", id(rules), relation.kind, relation.cross_source, tolerance, tries.key())
    if key not in claims.table.memo:
        with collector_paused():
            claims.table.memo[key] = (rules, tries, _batch(claims, rules, relation.kind, relation.cross_source, tolerance, tries, selections))
    drafts, ids, bounds = claims.table.memo[key][2]
    return list(drafts[k]), set(ids[bounds[k]:bounds[k + 1]])


def _batch(claims: Claims, rules, kind: str, cross_source: bool, tolerance: float, tries: Tries, selections: _Selections) -> tuple[dict[int, list[Draft]], list[str], list[int]]:
    """Every relation of `kind` (and that cross-source setting) tried at once: its drafts by
    its index in the rules, and the ids of the claims each compared (relation k's are
    ``ids[bounds[k]:bounds[k + 1]]``)."""
    batch = [k for k, r in enumerate(selections.relations) if r.kind == kind and r.cross_source == cross_source]
    relations = [selections.relations[k] for k in batch]
    metrics_of = [tuple(sorted(set(r.metrics()))) for r in relations]
    width = max(len(metrics) for metrics in metrics_of)
    every = tuple(sorted({m for metrics in metrics_of for m in metrics}))
    usable = np.zeros(len(claims.frame), dtype=bool)
    rows, codes = metric_positions(claims, every)
    usable[usable_rows(claims, rows, every, rules, codes=codes)[0]] = True
    groups = sweep_requests(claims, metrics_of, tolerance, cross_source, usable, rules, [f"derived:{r.id}:" for r in relations], [r.whole_only for r in relations])
    groups = dataclasses.replace(groups, metrics=tuple(str(k) for k in range(width)))
    required = np.zeros((len(relations), width), dtype=bool)
    for r, relation in enumerate(relations):
        required[r, sorted({metrics_of[r].index(m) for m in tries.needed(relation)})] = True
    group, picks = combinations(groups, required[groups.request])
    request = groups.request[group]
    tried = _screened(claims, rules, relations, metrics_of, request, picks, tries.screen)
    seen = ~tried
    drafts: dict[int, list[Draft]] = {k: [] for k in batch}
    for c, draft in _tried_every(claims, relations, metrics_of, request, picks, tried, tries.test):
        if draft is NOT_COMPARED:
            continue
        seen[c] = True
        if draft is not None:
            drafts[batch[request[c]]].append(draft)
    compared = np.flatnonzero(_seen_rows(claims, selections, np.asarray(batch, dtype=np.int64)[request[seen]], picks[seen]))
    ids = claims.table.array("claim_id")[selections.rows[compared]].tolist()
    return {k: unique_drafts(found) for k, found in drafts.items()}, ids, np.searchsorted(compared, selections.bounds).tolist()


def _screened(claims: Claims, rules, relations: list[Relation], metrics_of: list[tuple[str, ...]], request: np.ndarray, picks: np.ndarray,
              screen: Screen | None) -> np.ndarray:
    """Which combinations (of the relations `request` names) the screen passes. Relations of
    one shape (roles, operands, each metric's place and unit) are screened together, as the
    first of them: the screen reads nothing else of a relation."""
    if screen is None:
        return np.ones(len(picks), dtype=bool)
    shapes: dict[tuple, int] = {}
    shape = np.array([shapes.setdefault(_shape(r, metrics, rules), len(shapes)) for r, metrics in zip(relations, metrics_of)], dtype=np.int64)
    first = {s: r for r, s in reversed(list(enumerate(shape.tolist())))}
    of_combination = shape[request] if len(request) else np.zeros(0, dtype=np.int64)
    order = np.argsort(of_combination, kind="stable")
    bounds = np.searchsorted(of_combination[order], np.arange(len(shapes) + 1)).tolist()
    tried = np.zeros(len(picks), dtype=bool)
    for s in range(len(shapes)):
        chosen = order[bounds[s]:bounds[s + 1]]
        if len(chosen):
            r = first[s]
            tried[chosen] = screen(relations[r], {m: picks[chosen, k] for k, m in enumerate(metrics_of[r])}, claims)
    return tried


def _shape(relation: Relation, metrics: tuple[str, ...], rules) -> tuple:
    """What a screen reads of a relation, with each metric as its place in `metrics` and its unit."""
    def operand(o) -> tuple:
        if isinstance(o, tuple):
            return tuple(operand(item) for item in o)
        if o.op == "metric":
            return ("metric", metrics.index(o.name), rules.metrics[o.name].unit, o.scope)
        return (o.op, o.name, o.scope, tuple(operand(item) for item in o.items))
    return (relation.kind, len(metrics), tuple((role, operand(value)) for role, value in relation.roles))


def _tried_every(claims: Claims, relations: list[Relation], metrics_of: list[tuple[str, ...]], request: np.ndarray, picks: np.ndarray, tried: np.ndarray,
                 test: Test) -> Iterator[tuple[int, object]]:
    """Each tried combination's index and what `test` says of it (`_tried` for many relations)."""
    wanted = np.unique(picks[tried])
    wanted = wanted[wanted >= 0].tolist()
    made = dict(zip(wanted, claims.table.claims_at(wanted)))
    chosen = np.flatnonzero(tried)
    for c, r, row in zip(chosen.tolist(), request[chosen].tolist(), picks[chosen].tolist()):
        yield c, test(relations[r], {metric: made[p] for metric, p in zip(metrics_of[r], row) if p >= 0})


def _seen_rows(claims: Claims, selections: _Selections, owner: np.ndarray, picks: np.ndarray) -> np.ndarray:
    """Which rows of the selections the compared combinations pick (`owner`: each one's
    relation, by its index in the rules)."""
    seen = np.zeros(len(selections.rows), dtype=bool)
    size = len(claims.frame) + 1
    relation = np.repeat(owner, picks.shape[1]) if picks.size else np.zeros(0, dtype=np.int64)
    where = picks.ravel()
    keys = relation[where >= 0] * size + where[where >= 0]
    request = np.repeat(np.arange(len(selections.bounds) - 1), np.diff(selections.bounds))
    seen[np.searchsorted(request * size + selections.rows, keys)] = True
    return seen


def _groups(claims: Claims, relation: Relation, metrics: tuple[str, ...], rules, tolerance: float) -> Groups:
    """The relation's groups. The engine calls a check once per relation; when its rows are all
    the rows of its metrics (the default selection), the groups of every relation of its kind
    in the rules are found in one sweep, on the first call, and kept with the table."""
    if np.array_equal(claims.positions, claims.of_metrics(metrics)):
        key = ("relation groups", id(rules), relation.kind, relation.cross_source, tolerance)
        if key not in claims.table.memo:  # the rules are kept with it, so their id stays theirs
            claims.table.memo[key] = (rules, _sweep(claims, rules, relation.kind, relation.cross_source, tolerance))
        swept, groups = claims.table.memo[key][1].get(relation.id, (None, None))
        if swept == relation:
            return groups
    positions, codes = usable_rows(claims, claims.positions, metrics, rules, f"derived:{relation.id}:")
    request = np.zeros(len(positions), dtype=np.int64)
    worlds = scope_worlds(claims, positions, request, [metrics], rules, [relation.whole_only])
    return find_groups(claims, positions, codes, metrics, tolerance, relation.cross_source, request, worlds)


def _sweep(claims: Claims, rules, kind: str, cross_source: bool, tolerance: float) -> dict[str, tuple[Relation, Groups]]:
    """Every relation of `kind` (and that cross-source setting) with its groups, by its id."""
    batch = [r for r in rules.relations if r.kind == kind and r.cross_source == cross_source]
    every = tuple(sorted({m for r in batch for m in r.metrics()}))
    usable = np.zeros(len(claims.frame), dtype=bool)
    usable[usable_rows(claims, claims.of_metrics(every), every, rules)[0]] = True
    requests = [tuple(sorted(set(r.metrics()))) for r in batch]
    found = group_requests(claims, requests, tolerance, cross_source, usable, rules, [f"derived:{r.id}:" for r in batch], [r.whole_only for r in batch])
    return {r.id: (r, groups) for r, groups in zip(batch, found)}


def _tried(claims: Claims, relation: Relation, metrics: tuple[str, ...], picks: np.ndarray, tried: np.ndarray, test: Test) -> Iterator[tuple[int, object]]:
    """Each tried combination's index and what `test` says of it: only the claims these
    combinations pick are made Claims."""
    wanted = np.unique(picks[tried])
    wanted = wanted[wanted >= 0].tolist()
    made = dict(zip(wanted, claims.table.claims_at(wanted)))
    for c in np.flatnonzero(tried).tolist():
        yield c, test(relation, {metric: made[p] for metric, p in zip(metrics, picks[c].tolist()) if p >= 0})


def _claim_ids(claims: Claims, positions: list[np.ndarray]) -> set[str]:
    """The ids of the claims at these table positions (-1: none)."""
    every = np.unique(np.concatenate(positions)) if positions else np.zeros(0, np.int64)
    return set(claims.table.array("claim_id")[every[every >= 0]].tolist())


def unique_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per metric, message kind and set of claims: a combination met twice is one
    finding. By structure, never by the words or facts of the message."""
    unique: dict[tuple, Draft] = {}
    for draft in drafts:
        unique.setdefault((draft.metric, draft.scope, draft.message_kind, tuple(sorted(draft.claim_ids))), draft)
    return list(unique.values())
