"""scope-subset: a figure for part of a population cannot exceed the figure for all of it.

Declared in rules as a relation of kind ``subset``:
``subset: {metric: mine_victims, scope: civilians}`` and
``superset: {metric: mine_victims, scope: all victims}``. Claims of the two sides over the
same window (edges within ``date_tolerance_days``) are compared: the subset's lowest possible
value must not be above the superset's highest. For cumulative counts the superset's figure
must also be at least the subset's over any window it certainly contains (all deaths by 19
September cannot be fewer than deaths in one town by 14 September); where only the reporting
lag could excuse it, the finding is a warning that says so.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: 300 civilian victims and 412 victims in all, same window.
Fails:  450 civilian victims against 412 victims in all; 11,300 dead in one city by 14 September
        against 3,958 dead in the whole region by 19 September.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import contains, figure, interval_text, same_window, strictly_below, who, window
from checker.model import Draft
from checker.checks.relation_common import RelationInput, metric_rows
from checker.claim import Claims

ID = "scope-subset"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative", "level", "share", "estimate")
RELATION_KIND = "subset"


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


select = metric_rows


def check(frame: pd.DataFrame, options: Options, relation: RelationInput | None = None) -> tuple[list[Draft], set[str]]:
    drafts: list[Draft] = []
    compared: set[str] = set()
    tolerance = float(options.date_tolerance_days or 0)
    rules, declared = relation.rules, relation.relation
    sub, sup = declared.role("subset"), declared.role("superset")
    claims = Claims(frame)
    left, right = claims.take(claims.of(sub.name, sub.scope or "")), claims.take(claims.of(sup.name, sup.scope or ""))
    if not len(left) or not len(right):
        return drafts, compared
    factor = rules.conversion(rules.metrics[sub.name].unit, rules.metrics[sup.name].unit) or 1.0
    # Cross product of the two sides, vectorised (each side is one metric and scope).
    i = np.repeat(np.arange(len(left)), len(right))
    j = np.tile(np.arange(len(right)), len(left))
    a, b = left.take(i), right.take(j)
    proof = same_window(a, b, tolerance)
    likely = np.zeros(len(i), dtype=bool)
    if rules.metrics[sub.name].kind == "cumulative" and rules.metrics[sup.name].kind == "cumulative":
        proof |= contains(b, a, tolerance)
        fresh = {"start_first": b["start_first"], "start_last": b["start_last"], "end_early": b["end_first"], "end_last": b["end_last"]}
        likely = contains(fresh, a, tolerance) & ~proof
    comparable = proof | likely
    compared.update(a["claim_id"][comparable])
    compared.update(b["claim_id"][comparable])
    above = strictly_below(b["high"], b["high_open"], a["low"] * factor, a["low_open"])
    for k in np.flatnonzero(comparable & above):
        x, y = a.claim(k), b.claim(k)
        evidence = "proof" if proof[k] else "likely"
        message = (
            f"{figure(x)} for {sub.scope or 'its scope'} ({who(x)}, {window(x)}) exceeds {figure(y)} for "
            f"{sup.scope or 'all'} ({who(y)}, {window(y)}), a window that contains it: "
            f"{interval_text(x)} against {interval_text(y)}, though the first is part of the second ({declared.id})."
        )
        if evidence == "likely":
            message += f" It holds only if the figure from {who(y)} was older than its publication date."
        drafts.append(Draft(sub.name, sub.scope or "", message, (x["claim_id"], y["claim_id"]), (), evidence))
    return drafts, compared
