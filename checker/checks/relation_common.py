"""Shared pieces of relation checks: what they read besides the claims, which rows they see,
and the driver that finds comparable claims, tries each combination and collects drafts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from checker.model import Draft
from checker.relations import Relation, choices, comparable_groups, in_default_scope

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


class RowIndex:
    """The claims a run can compare, indexed once by metric and source so that each relation
    check's selector takes its own rows in table order: a relation costs its claims, not the
    corpus (tests/test_relation_sweep.py)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.by_metric = frame.groupby("metric", sort=False).indices if not frame.empty else {}
        # Sources as numbers; a claim without one gets the spare last number.
        codes, names = pd.factorize(frame["source_id"]) if not frame.empty else (np.zeros(0, dtype=np.int64), [])
        self.sources = np.where(codes < 0, len(names), codes)
        self.source_count = len(names) + 1

    def positions(self, metrics) -> np.ndarray:
        found = [self.by_metric[m] for m in metrics if m in self.by_metric]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        return self.frame.iloc[np.sort(positions)]


def metric_rows(index: RowIndex, relation: RelationInput) -> pd.DataFrame:
    """The default selector of a relation check: the claims of the relation's metrics."""
    return index.rows(index.positions(set(relation.relation.metrics())))

# What a relation's test returns when the picks could not be compared (a share of a zero whole):
# unlike None (compared, consistent), the claims are not counted as compared.
NOT_COMPARED = object()


def relation_drafts(
    frame: pd.DataFrame,
    options,
    relations: list[Relation],
    rules,
    test: Callable[[Relation, dict[str, pd.Series]], object],  # a Draft, None or NOT_COMPARED
    needed: Callable[[Relation], list[str]],
) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    compared: set[str] = set()
    tolerance = float(options.date_tolerance_days or 0)
    for relation in relations:
        metrics = sorted(set(relation.metrics()))
        required = needed(relation)
        # Claims this relation derived would only test the relation against itself.
        own_prefix = f"derived:{relation.id}:"
        usable = in_default_scope(frame[~frame["claim_id"].str.startswith(own_prefix)], rules)
        for group in comparable_groups(usable, metrics, tolerance, relation.cross_source):
            if not all(m in group for m in required):
                continue
            for picks in choices(group, metrics):
                draft = test(relation, picks)
                if draft is NOT_COMPARED:
                    continue
                compared.update(str(r["claim_id"]) for r in picks.values())
                if draft is not None:
                    drafts.append(draft)
    return unique_drafts(drafts), compared


def unique_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per metric, message kind and set of claims: a combination met twice is one
    finding. By structure, never by the words or facts of the message."""
    unique: dict[tuple, Draft] = {}
    for draft in drafts:
        unique.setdefault((draft.metric, draft.scope, draft.message_kind, tuple(sorted(draft.claim_ids))), draft)
    return list(unique.values())
