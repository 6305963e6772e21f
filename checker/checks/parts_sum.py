"""parts-sum: parts add up to their total over the same window and scope.

Declared in rules as a relation of kind ``parts-sum`` (``total`` and a list of ``parts``), e.g.
recovered + deaths = closed cases. Claims of the total and of every part
that share a window (edges within ``date_tolerance_days``) and a scope, from one source unless
the relation says ``cross_source: true``, must agree: the interval sum of the parts must
overlap the total's interval. Tolerance comes from the figures' own intervals (printed
precision and qualifiers), never from a fixed number.

A breakdown holds within every scope: a province's total and parts, all stated for that
province, are summed as the country's are ("312 houses, of which 135 partially damaged and 77
destroyed" in Khyber Pakhtunkhwa is 100 short). A total and parts of different scopes (the
country's total, a province's parts) are never summed; claims in no scope join the wholes'
scope only (checker/relation_groups.py). A relation with a ``{constant: ...}`` operand, a
figure of the whole, holds only in its metrics' default scopes.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: 39,728 recovered + 22,822 deaths = 62,550 closed cases, all in one report.
Fails:  a report giving 341 injured and 71 killed but 400 victims for the same window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.relation_common import RelationInput, metric_claims, relation_drafts
from checker.claim import Claim, Claims
from checker.facts import bounds, figure_of
from checker.model import Draft
from checker.relations import Operand, Relation, evaluate, evaluate_columns

ID = "parts-sum"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative", "level", "share", "estimate")
RELATION_KIND = "parts-sum"


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


select = metric_claims


def check(frame: pd.DataFrame | Claims, options: Options, relation: RelationInput | None = None) -> tuple[list[Draft], set[str]]:
    rules = relation.rules

    def test(relation: Relation, picks: dict[str, Claim]) -> Draft | None:
        total: Operand = relation.role("total")
        parts: tuple[Operand, ...] = relation.role("parts")
        unit = rules.metrics[total.name].unit
        total_span = evaluate(total, picks, rules, unit)
        parts_span = evaluate(Operand("sum", items=parts), picks, rules, unit)
        if total_span is None or parts_span is None or total_span.overlaps(parts_span):
            return None
        gap = parts_span.gap(total_span)
        row = picks[total.name]
        facts = (
            ("gap", float(gap)), ("total", figure_of(row)), ("parts", tuple(figure_of(picks[p.name]) for p in parts)),
            ("parts_sum", bounds(parts_span)), ("unit", unit), ("relation", relation.id),
            ("total_metric", total.name), ("part_metrics", tuple(p.name for p in parts)),
        )
        ids = (row.claim_id, *(picks[p.name].claim_id for p in parts))
        return Draft(total.name, str(row.scope), "parts_sum.parts_do_not_add_up", tuple(ids), facts)

    def screen(relation: Relation, picks: dict[str, np.ndarray], claims: Claims) -> np.ndarray:
        """The combinations `test` may draft: both sides known and apart (as `test` computes them)."""
        unit = rules.metrics[relation.role("total").name].unit
        total = evaluate_columns(relation.role("total"), picks, claims, rules, unit)
        parts = evaluate_columns(Operand("sum", items=relation.role("parts")), picks, claims, rules, unit)
        return total.known & parts.known & ~total.overlaps(parts)

    needed = lambda r: [r.role("total").name] + [p.name for p in r.role("parts")]  # noqa: E731
    return relation_drafts(frame, options, [relation.relation], rules, test, needed, screen)
