"""stock-flow: a stock, what has flowed out of it, and what remains must agree.

Declared in rules as a relation of kind ``stock-flow`` with ``total``, ``flow`` and
``remaining`` (e.g. contaminated area = area cleared + area still contaminated). Two tests:

1. Where total, flow and remaining are all given for one window, total must equal flow +
   remaining (as intervals).
2. Where flow and remaining are given, and a share relation uses the total (e.g. "2,427 km²
   cleared, which is 20.8% of the total area"), the figure called "remaining" is read both
   ways. If the share only holds when the "remaining" figure is taken as the total, the
   finding shows both readings: the source has probably labelled the total as what remains.

Both hold within every scope, between claims all of one scope (checker/relation_groups.py); a
share relation that reads a constant takes part in the second only in its metrics' default
scopes.

Options:
  date_tolerance_days   window edges this many days apart count as the same (default: settings)
  max_findings          findings listed per metric and scope; the rest are counted (default: settings)

Passes: 14,094 km² contaminated, 2,427 cleared, 11,667 remaining.
Fails:  2,427 km² cleared "which is 20.8%" of the contaminated area, and 11,667 km² said to
        remain: 2,427 / (2,427 + 11,667) = 17.2%, but 2,427 / 11,667 = 20.8%.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from checker.checks.relation_common import RelationInput, relation_drafts, unique_drafts
from checker.claim import Claim, Claims
from checker.facts import bounds, figure_of
from checker.model import Draft
from checker.relations import Operand, Relation, evaluate, evaluate_columns, share_metrics, share_of, shares_using_total

ID = "stock-flow"
DEFAULT_SEVERITY = "error"
KINDS = ("cumulative", "level")
RELATION_KIND = "stock-flow"


@dataclass(frozen=True)
class Options:
    date_tolerance_days: int | None = None
    max_findings: int | None = None


def select(claims: Claims, relation: RelationInput) -> Claims:
    """Its own metrics' claims, and those of the share relations that use its total: each
    "remaining" figure is tried as the total in them, within groups that hold both a flow and a
    remaining claim. A group lies within one source (unless the relation is cross-source), so
    the share claims are needed only from sources that give both."""
    own = set(relation.relation.metrics())
    positions = claims.of_metrics(own)
    shares = claims.of_metrics(set(share_metrics(shares_using_total(relation.relation, relation.relations))) - own)
    if not relation.relation.cross_source and len(shares):
        sources = claims.sources()  # a claim without a source (-1) counts in the spare last one
        both = np.ones(int(sources.max(initial=-1)) + 2, dtype=bool)
        for role in ("flow", "remaining"):
            has = np.zeros_like(both)
            has[sources[claims.of_metrics([relation.relation.role(role).name])]] = True
            both &= has
        shares = shares[both[sources[shares]]]
    return Claims(claims.frame, np.sort(np.concatenate([positions, shares])), claims.table)


def check(frame: pd.DataFrame | Claims, options: Options, relation: RelationInput | None = None) -> tuple[list[Draft], set[str]]:
    rules = relation.rules
    relations = [relation.relation]
    shares = [r for r in relation.relations if r.kind == "share"]

    def balance(relation: Relation, picks: dict[str, Claim]) -> Draft | None:
        total, flow, remaining = relation.role("total"), relation.role("flow"), relation.role("remaining")
        if total.name not in picks:
            return None
        unit = rules.metrics[total.name].unit
        stated = evaluate(total, picks, rules, unit)
        implied = evaluate(Operand("sum", items=(flow, remaining)), picks, rules, unit)
        if stated is None or implied is None or stated.overlaps(implied):
            return None
        facts = (
            ("gap", float(stated.gap(implied))), ("total", figure_of(picks[total.name])), ("flow", figure_of(picks[flow.name])),
            ("remaining", figure_of(picks[remaining.name])), ("implied", bounds(implied)), ("unit", unit), ("relation", relation.id),
        )
        ids = tuple(picks[m.name].claim_id for m in (total, flow, remaining))
        return Draft(total.name, str(picks[total.name].scope), "stock_flow.not_balanced", ids, facts)

    def readings(relation: Relation, picks: dict[str, Claim]) -> list[Draft]:
        total, flow, remaining = relation.role("total"), relation.role("flow"), relation.role("remaining")
        if total.name in picks:
            return []
        out = []
        wholes = all(claim.scope == rules.metrics[claim.metric].scope for claim in picks.values())
        for share_relation in shares_using_total(relation, shares):
            share, part, whole = share_relation.role("share"), share_relation.role("part"), share_relation.role("whole")
            if share.name not in picks or (share_relation.whole_only and not wholes):  # a constant is a whole's figure
                continue
            unit = rules.metrics[total.name].unit
            as_remaining = evaluate(Operand("sum", items=(flow, remaining)), picks, rules, unit)
            as_total = evaluate(remaining, picks, rules, unit)
            if as_remaining is None or as_total is None:
                continue
            results = {}
            for label, span in (("remaining", as_remaining), ("total", as_total)):
                trial = dict(picks)
                trial[total.name] = picks[remaining.name]._replace(metric=total.name, low=span.low, high=span.high, low_open=span.low_open, high_open=span.high_open)
                results[label] = share_of(part, whole, trial, rules, rules.metrics[share.name].unit)
            stated = picks[share.name].interval
            if results["remaining"] is None or results["total"] is None:
                continue
            if not stated.overlaps(results["remaining"]) and stated.overlaps(results["total"]):
                row = picks[remaining.name]
                facts = (
                    ("remaining", figure_of(row)), ("flow", figure_of(picks[flow.name])), ("share", figure_of(picks[share.name])),
                    ("total_if_remaining", bounds(as_remaining)), ("unit", unit), ("share_metric", share.name),
                    ("share_if_remaining", bounds(results["remaining"])), ("share_if_total", bounds(results["total"])),
                    ("share_unit", rules.metrics[share.name].unit), ("relation", relation.id), ("share_relation", share_relation.id),
                )
                ids = (row.claim_id, picks[flow.name].claim_id, picks[share.name].claim_id)
                out.append(Draft(remaining.name, str(row.scope), "stock_flow.remaining_fits_as_total", ids, facts))
        return out

    drafts, compared = relation_drafts(frame, options, relations, rules, balance, lambda r: [r.role(x).name for x in ("total", "flow", "remaining")],
                                       partial(balance_screen, rules=rules))
    collected: list[Draft] = []

    def reading_test(relation: Relation, picks: dict[str, Claim]) -> Draft | None:
        collected.extend(readings(relation, picks))
        return None

    for relation in relations:
        # Only share relations that use this stock's total can tell the two readings apart;
        # sweeping the others' claims too would cost stock-flow relations x share claims.
        using = shares_using_total(relation, shares)
        if not using:
            continue
        extra = tuple(Operand("metric", m) for m in share_metrics(using))
        widened = Relation(relation.id, relation.kind, relation.roles + (("extra", extra),), relation.description, relation.severity, relation.cross_source)
        _, seen = relation_drafts(frame, options, [widened], rules, reading_test, lambda r: [r.role("flow").name, r.role("remaining").name],
                                  partial(readings_screen, shares=using))
        compared |= seen
    drafts += unique_drafts(collected)
    return drafts, compared


def balance_screen(relation: Relation, picks: dict[str, np.ndarray], claims: Claims, *, rules) -> np.ndarray:
    """The combinations `balance` may draft: a total and a flow plus remaining, both known and
    apart (as `balance` computes them)."""
    total, flow, remaining = relation.role("total"), relation.role("flow"), relation.role("remaining")
    if total.name not in picks:
        return np.zeros(len(next(iter(picks.values()))), dtype=bool)
    unit = rules.metrics[total.name].unit
    stated = evaluate_columns(total, picks, claims, rules, unit)
    implied = evaluate_columns(Operand("sum", items=(flow, remaining)), picks, claims, rules, unit)
    return (picks[total.name] >= 0) & stated.known & implied.known & ~stated.overlaps(implied)


def readings_screen(relation: Relation, picks: dict[str, np.ndarray], claims: Claims, *, shares: list[Relation]) -> np.ndarray:
    """The combinations `readings` reads: no total, and the share of a share relation using it."""
    total = relation.role("total").name
    size = len(next(iter(picks.values())))
    without_total = picks[total] < 0 if total in picks else np.ones(size, dtype=bool)
    with_share = np.zeros(size, dtype=bool)
    for share in shares:
        if share.role("share").name in picks:
            with_share |= picks[share.role("share").name] >= 0
    return without_total & with_share
