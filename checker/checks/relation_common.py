"""Shared pieces of relation checks: what they read besides the claims, which rows they see,
and the driver that finds comparable claims, tries each combination and collects drafts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np
import pandas as pd

from checker.claim import Claim, Claims, as_claims
from checker.model import Draft
from checker.relation_groups import Groups, combinations, find_groups, group_requests, usable_rows
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
    return Claims(claims.frame, claims.of_metrics(sorted(set(relation.relation.metrics()))), claims.table)

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
    return find_groups(claims, positions, codes, metrics, tolerance, relation.cross_source)


def _sweep(claims: Claims, rules, kind: str, cross_source: bool, tolerance: float) -> dict[str, tuple[Relation, Groups]]:
    """Every relation of `kind` (and that cross-source setting) with its groups, by its id."""
    batch = [r for r in rules.relations if r.kind == kind and r.cross_source == cross_source]
    every = tuple(sorted({m for r in batch for m in r.metrics()}))
    usable = np.zeros(len(claims.frame), dtype=bool)
    usable[usable_rows(claims, claims.of_metrics(every), every, rules)[0]] = True
    requests = [tuple(sorted(set(r.metrics()))) for r in batch]
    found = group_requests(claims, requests, tolerance, cross_source, usable, [f"derived:{r.id}:" for r in batch])
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
