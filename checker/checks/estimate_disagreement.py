"""estimate-disagreement: forecasts and guesses from different sources or dates that differ.

Claims of a metric of kind ``estimate`` ("clearing will take 10-13 years", "nearly 30 years",
"$25 billion") are compared as intervals whatever their windows: two estimates whose intervals
do not overlap disagree. Estimates legitimately differ and change, so this is never an error:
estimates by different bodies are worth a look (info); one body contradicting itself is a
warning. The finding says who said what and when; the reader decides which is current.

Options:
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: "5-6 years" and "about 6 years" for the same task.
Fails:  "about 10-13 years" (agency, 2021) against "nearly 30 years" (president, 2022).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import Budget, Seen, disjoint, group_pairs, speaker
from checker.claim import Claim, Claims
from checker.facts import figure_of
from checker.model import Draft

ID = "estimate-disagreement"
DEFAULT_SEVERITY = "warning"
KINDS = ("estimate",)
RELATION_KIND = None  # compares claims of one metric, not a relation


@dataclass(frozen=True)
class Options:
    max_findings: int | None = None


def check(frame: pd.DataFrame, options: Options, relation: None = None) -> tuple[list[Draft], np.ndarray]:
    drafts: list[Draft] = []
    columns = Claims(frame)
    seen, budget = Seen(columns), Budget(columns, options.max_findings)
    for i, j in group_pairs(frame):
        a, b = columns.take(i), columns.take(j)
        different = (a["source_id"] != b["source_id"]) | (a["end_last"] != b["end_last"])
        seen.mark(a, different)
        seen.mark(b, different)
        for k in budget.pick(a, np.flatnonzero(different & disjoint(a, b))):
            x, y = a.claim(k), b.claim(k)
            if x.end_last > y.end_last:
                x, y = y, x
            evidence = "likely" if _body(x) == _body(y) else "hint"
            facts = (("figures", (figure_of(x), figure_of(y))),)
            drafts.append(Draft(x.metric, x.scope, "estimate.no_overlap", (x.claim_id, y.claim_id), facts, evidence))
    return drafts + budget.drafts(), seen.rows()


def _body(claim: Claim) -> str:
    """The body behind an estimate: who it is attributed to, else the publisher."""
    return speaker(claim) or " ".join(str(claim.publisher).lower().split())
