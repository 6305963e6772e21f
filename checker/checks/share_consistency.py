"""share-consistency: a stated share equals its part divided by its whole.

Declared in rules as a relation of kind ``share`` with ``share``, ``part`` and ``whole``; the
part and whole may be metrics, constants (``{constant: country_area}``) or expressions
(``{difference: [spending, foreign_aid]}``). A share in percent is compared with part / whole
× 100. The share's printed precision widens it ("95%" stands for 94.5-95.5; "20.8%" for
20.75-20.85), and so do the part's and whole's.

The share, part and whole are compared within one scope: a province's share is its part over
its whole, never the country's (checker/relation_groups.py). A share of a constant (the
country's area) is compared only in its metrics' default scopes: a constant is the whole's
figure, so "30% of Sindh" under water is not Sindh's flooded area over Pakistan's area.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "2,427 km², which is 20.8% of" 11,667 km² (2,427 / 11,667 = 20.80%).
Fails:  "95% of the burden" when $464 million was spent and $100 million came from abroad
        (78.4%).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.relation_common import NOT_COMPARED, RelationInput, metric_claims, relation_drafts
from checker.claim import Claim, Claims
from checker.facts import bounds, figure_of
from checker.model import Draft
from checker.relations import Relation, claim_spans, share_of, share_of_columns

ID = "share-consistency"
DEFAULT_SEVERITY = "error"
KINDS = ("share",)
RELATION_KIND = "share"


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


select = metric_claims


def check(frame: pd.DataFrame | Claims, options: Options, relation: RelationInput | None = None) -> tuple[list[Draft], set[str]]:
    rules = relation.rules

    def test(relation: Relation, picks: dict[str, Claim]) -> object:
        share, part, whole = relation.role("share"), relation.role("part"), relation.role("whole")
        row = picks.get(share.name)
        if row is None:
            return NOT_COMPARED
        unit = rules.metrics[share.name].unit
        implied = share_of(part, whole, picks, rules, unit)
        if implied is None:
            return NOT_COMPARED  # e.g. a whole of zero: no share can be implied, so none was compared
        stated = row.interval
        if stated.overlaps(implied):
            return None
        inputs = tuple(figure_of(picks[m]) for m in sorted(set(part.metrics() + whole.metrics())) if m in picks)
        gap = stated.gap(implied)
        facts = (
            ("gap", float(gap)), ("share", figure_of(row)), ("part_expression", part.describe()),
            ("whole_expression", whole.describe()), ("implied", bounds(implied)), ("unit", unit), ("inputs", inputs),
        )
        ids = (row.claim_id, *(picks[m].claim_id for m in sorted(set(part.metrics() + whole.metrics())) if m in picks))
        return Draft(share.name, str(row.scope), "share.does_not_match", tuple(ids), facts)

    def screen(relation: Relation, picks: dict[str, np.ndarray], claims: Claims) -> np.ndarray:
        """The combinations `test` may not find consistent: all but those with a share, an
        implied share and the two overlapping (as `test` computes them)."""
        share, part, whole = relation.role("share"), relation.role("part"), relation.role("whole")
        stated = claim_spans(picks[share.name], claims)
        implied = share_of_columns(part, whole, picks, claims, rules, rules.metrics[share.name].unit)
        return ~(stated.known & implied.known & stated.overlaps(implied))

    needed = lambda r: [r.role("share").name] + r.role("part").metrics() + r.role("whole").metrics()  # noqa: E731
    return relation_drafts(frame, options, [relation.relation], rules, test, needed, screen)
