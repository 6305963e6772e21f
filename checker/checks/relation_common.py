"""Shared pieces of relation checks: what they read besides the claims, which rows they see,
and the driver that finds comparable claims, tries each combination and collects drafts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd

from checker.claim import Claim, Claims
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


def metric_rows(claims: Claims, relation: RelationInput) -> pd.DataFrame:
    """The default selector of a relation check: the claims of the relation's metrics, taken in
    table order from the claims the run can compare (a relation costs its claims, not the
    corpus: tests/test_relation_sweep.py)."""
    return claims.frame.iloc[claims.of_metrics(sorted(set(relation.relation.metrics())))]

# What a relation's test returns when the picks could not be compared (a share of a zero whole):
# unlike None (compared, consistent), the claims are not counted as compared.
NOT_COMPARED = object()


def relation_drafts(
    frame: pd.DataFrame,
    options,
    relations: list[Relation],
    rules,
    test: Callable[[Relation, dict[str, Claim]], object],  # a Draft, None or NOT_COMPARED
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
                compared.update(str(claim.claim_id) for claim in picks.values())
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
