"""Shared driver for relation checks: find comparable claims, try each combination, collect."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from checker.model import Draft
from checker.relations import Relation, choices, comparable_groups, in_default_scope
from checker.checks.common import figure

# What a relation's test returns when the picks could not be compared (a share of a zero whole):
# unlike None (compared, consistent), the claims are not counted as compared.
NOT_COMPARED = object()


def describe_pick(row: pd.Series) -> str:
    derived = " (derived)" if row["derived_from"] else ""
    return f"{row['metric']} {figure(row)} from {row['source_id']}{derived}"


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
    unique: dict[tuple, Draft] = {}
    for draft in drafts:
        unique.setdefault((draft.message, tuple(sorted(draft.claim_ids))), draft)
    return list(unique.values()), compared
