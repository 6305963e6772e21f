"""scope-subset: a figure for part of a population cannot exceed the figure for all of it.

Declared in rules as a relation of kind ``subset``:
``subset: {metric: deaths, scope: children}`` and
``superset: {metric: deaths, scope: all ages}``; a side that names no scope means its
metric's own (the metric's ``scope``, else none), as a claim that names none does. Claims of the two sides over the
same window (edges within ``date_tolerance_days``) are compared: the subset's lowest possible
value must not be above the superset's highest. For cumulative counts the superset's figure
must also be at least the subset's over any window it certainly contains (all deaths by 19
September cannot be fewer than deaths in one town by 14 September); where only the reporting
lag could excuse it, the finding is a warning that says so; likewise where only the rounding of
a round figure could ("it holds only if 1,200 was rounded down from at least 1,225").

Publication order matters for cumulative counts, as in cumulative-containment: a count
compiled at publication holds what had been reported by then, and events within the reporting
lag before it may be missing. Where the whole may have been published before the part (by
another statement: two sources dated the same day may have come out in either order), and at
most the whole metric's reporting lag (plus the tolerance on the part's end) after the part's
window ends, the whole may be an early tally revised upward since: the clash is a warning that
says so, not a proof. A whole published long after the part's window ends, after the part
itself, or in the same statement, is held to it.

For cumulative counts, a part whose window may end after the whole's (ends a day apart within
the tolerance, or spans of days that are not the same) is not flagged: the part exceeding the
whole then needs only the count to grow between the two ends, and the tolerance says edges that
close may really differ. It stays a finding where the ends are the same dates within their
precision, or the part certainly ends no later than the whole.

Every subset claim is paired with every superset claim of the relation, a block of pairs at a
time, so memory stays bounded (the time grows with the product of the two sides' claims).

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: 300 children and 412 deaths in all, same window.
Fails:  450 children against 412 deaths in all; 11,300 dead in one city by 14 September
        against 3,958 dead in the whole region by 19 September.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import AS_PRINTED, PAIR_CHUNK, contains, compiled_before, higher_may_end_later, read_as_printed, same_window, strictly_below
from checker.facts import Rounding, figure_of
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
    declared = relation.relation
    sub, sup = declared.role("subset"), declared.role("superset")
    claims = Claims(frame)
    left, right = claims.take(claims.of(sub.name, sub.scope or "")), claims.take(claims.of(sup.name, sup.scope or ""))
    if not len(left) or not len(right):
        return drafts, compared
    as_printed = Claims(read_as_printed(frame))  # the same rows, so the same positions
    # The cross product of the two sides (each one metric and scope), vectorised a block of
    # subset claims at a time, so memory stays bounded however many claims each side holds.
    block = max(1, PAIR_CHUNK // len(right))
    for first in range(0, len(left), block):
        rows = np.arange(first, min(first + block, len(left)))
        i, j = np.repeat(rows, len(right)), np.tile(np.arange(len(right)), len(rows))
        _compare(left.take(i), right.take(j), as_printed, relation, tolerance, drafts, compared)
    return drafts, compared


def _compare(a: Claims, b: Claims, as_printed: Claims, relation: RelationInput, tolerance: float, drafts: list[Draft], compared: set[str]) -> None:
    """Pairs (a[k], b[k]) of subset and superset claims: the comparable ones where the part
    exceeds the whole go to `drafts`, their claims to `compared`."""
    rules, declared = relation.rules, relation.relation
    sub, sup = declared.role("subset"), declared.role("superset")
    factor = rules.conversion(rules.metrics[sub.name].unit, rules.metrics[sup.name].unit) or 1.0
    proof = same_window(a, b, tolerance)
    likely = np.zeros(len(a), dtype=bool)
    if rules.metrics[sub.name].kind == "cumulative" and rules.metrics[sup.name].kind == "cumulative":
        proof |= contains(b, a, tolerance)
        fresh = {"start_first": b["start_first"], "start_last": b["start_last"], "end_early": b["end_first"], "end_last": b["end_last"]}
        likely = contains(fresh, a, tolerance) & ~proof
    comparable = proof | likely
    growth = np.zeros(len(a), dtype=bool)
    counts = rules.metrics[sub.name].kind == "cumulative" and rules.metrics[sup.name].kind == "cumulative"
    lag = float(rules.lag_days(sup.name))  # the whole's: the count that may be an early tally
    if counts:
        growth = higher_may_end_later(a["end_first"], a["end_last"], b["end_first"], b["end_last"])
    compared.update(a["claim_id"][comparable])
    compared.update(b["claim_id"][comparable])
    above = strictly_below(b["high"], b["high_open"], a["low"] * factor, a["low_open"])
    # Read as printed ("1,200" as 1,200), a round figure may clash where its rounding does not.
    exact_a, exact_b = as_printed.take(a.positions), as_printed.take(b.positions)
    above_as_printed = strictly_below(exact_b["high"], b["high_open"], exact_a["low"] * factor, a["low_open"]) & ~above
    for k in np.flatnonzero(comparable & (above | above_as_printed) & ~growth):
        # The figures as the reading that shows the clash takes them.
        x, y = (exact_a.claim(k), exact_b.claim(k)) if above_as_printed[k] else (a.claim(k), b.claim(k))
        early = counts and proof[k] and above[k] and compiled_before(b.claim(k), a.claim(k), lag, tolerance)
        evidence = "proof" if proof[k] and above[k] and not early else "likely"
        facts = (("part", figure_of(x)), ("whole", figure_of(y)), ("part_scope", sub.scope or ""), ("whole_scope", sup.scope or ""), ("relation", declared.id))
        if above_as_printed[k]:
            kind = "scope_subset.part_exceeds_whole_unless_rounded"
            rounding = Rounding(str(y.claim_id), bool(exact_b["high"][k] != b["high"][k]), str(x.claim_id), bool(exact_a["low"][k] != a["low"][k]),
                                float(exact_a["low"][k] * factor), float(exact_b["high"][k]))
            facts += (("whole_may_be_older", not proof[k]), ("rounding", rounding), ("reading", AS_PRINTED))
        elif early:
            kind = "scope_subset.part_exceeds_whole_unless_compiled_earlier"
            days = max(int(y.published_first - x.end_last), 0)
            facts += (("reading", COMPILED), ("published_days_after_part_end", days), ("reporting_lag_days", int(lag)), ("date_tolerance_days", int(tolerance)))
            if y.published_last >= x.published_first:  # dated the same day: not known to be first
                facts += (("published_in_either_order", True),)
        else:
            kind = "scope_subset.part_exceeds_whole" if evidence == "proof" else "scope_subset.part_exceeds_whole_unless_older"
        drafts.append(Draft(sub.name, sub.scope or "", kind, (x.claim_id, y.claim_id), facts, evidence))


COMPILED = "the whole was compiled before the part's last days were reported"

