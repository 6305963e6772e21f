"""Relations between metrics declared in rules (parts and totals, shares, stock and flow, scope
subsets), interval arithmetic on figures, and the claims they imply.

An operand is a metric id, ``{constant: id}``, ``{sum: [a, b, ...]}`` or ``{difference: [a, b]}``.
Figures are intervals, so a sum of "about" figures is itself wide: tolerance comes from the
figures, never from a fixed number.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import islice, product
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from checker.claim import COLUMNS, Claim, Claims
from checker.errors import InputErrors, InputIssue, did_you_mean
from checker.model import ID_RE, Interval, lies_below
from checker.relation_groups import Groups, collector_paused, find_groups, metric_codes, metric_positions, sweep_requests, usable_rows
from checker.textnorm import normalize_label
from checker.yamlio import LineDict, LineList

if TYPE_CHECKING:  # the rules loader parses relations; relations only need the RuleSet's type
    from checker.rules import RuleSet

RELATION_KINDS = {
    "parts-sum": ("total", "parts"),
    "share": ("share", "part", "whole"),
    "stock-flow": ("total", "flow", "remaining"),
    "subset": ("subset", "superset"),
}
COMMON_KEYS = ("id", "kind", "description", "severity", "cross_source")


@dataclass(frozen=True)
class Operand:
    """A metric, a constant, or a sum/difference of operands."""

    op: str  # metric | constant | sum | difference
    name: str = ""
    items: tuple["Operand", ...] = ()
    scope: str | None = None  # for subset relations: the scope on that side

    def metrics(self) -> list[str]:
        if self.op == "metric":
            return [self.name]
        return [m for item in self.items for m in item.metrics()]

    def reads_constant(self) -> bool:
        return self.op == "constant" or any(item.reads_constant() for item in self.items)

    def describe(self) -> str:
        if self.op in ("metric", "constant"):
            return self.name
        sign = " + " if self.op == "sum" else " - "
        return "(" + sign.join(item.describe() for item in self.items) + ")"


@dataclass(frozen=True)
class Relation:
    id: str
    kind: str
    roles: tuple[tuple[str, Any], ...]  # role -> Operand or tuple of Operands (parts)
    description: str = ""
    severity: str | None = None
    cross_source: bool = False
    file: str = ""
    line: int = 0

    def role(self, name: str) -> Any:
        return self._by_role[name]

    def metrics(self) -> list[str]:
        return list(self._metrics)

    @cached_property  # read for every relation by every relation check: made once
    def _by_role(self) -> dict[str, Any]:
        return dict(self.roles)

    @cached_property
    def _metrics(self) -> tuple[str, ...]:
        out: list[str] = []
        for _, value in self.roles:
            for operand in value if isinstance(value, tuple) else (value,):
                out.extend(operand.metrics())
        return tuple(sorted(set(out)))

    @cached_property
    def whole_only(self) -> bool:
        """Whether the relation holds only between its metrics' wholes (their default scopes):
        it reads a constant, which is a whole's figure (a country's area is no province's).
        Any other relation holds within every scope, between claims all of that scope."""
        return any(operand.reads_constant() for _, value in self.roles for operand in (value if isinstance(value, tuple) else (value,)))

    @property
    def anchor_metric(self) -> str:
        """The metric whose per-metric check settings apply to this relation."""
        first = self.roles[0][1]
        operand = first[0] if isinstance(first, tuple) else first
        metrics = operand.metrics()
        return metrics[0] if metrics else self.metrics()[0]


def parse_relations(specs: Sequence[tuple[str, LineDict]], rules: RuleSet) -> list[Relation]:
    """Validate the rules' relation entries, (path, entry) each, into Relation values against the
    metrics and constants of `rules`; every problem is collected."""
    issues: list[InputIssue] = []
    relations: list[Relation] = []
    seen: dict[str, str] = {}
    for index, (path, spec) in enumerate(specs):
        where = f"relations[{index}]"
        kind = spec.get("kind")
        if not isinstance(kind, str) or kind not in RELATION_KINDS:  # a list or mapping cannot be a key
            issues.append(InputIssue(path, spec.line_of("kind"), f"{where}.kind", f"expected one of {', '.join(RELATION_KINDS)}, got {kind!r}", did_you_mean(str(kind), RELATION_KINDS)))
            continue
        roles = RELATION_KINDS[kind]
        allowed = COMMON_KEYS + roles
        for key in spec:
            if key not in allowed:
                issues.append(InputIssue(path, spec.line_of(key), f"{where}.{key}", "unknown key", did_you_mean(str(key), allowed)))
        rid = str(spec.get("id") or f"{kind}-{index + 1}")
        if not ID_RE.match(rid):
            issues.append(InputIssue(path, spec.line_of("id"), f"{where}.id", f"{rid!r} is not a valid id"))
            continue
        if rid in seen:
            issues.append(InputIssue(path, spec.line_of("id"), f"{where}.id", f"relation id {rid!r} is also used in {seen[rid]}"))
            continue
        seen[rid] = f"{path}:{spec.line}"
        parsed: list[tuple[str, Any]] = []
        ok = True
        for role in roles:
            if role not in spec:
                issues.append(InputIssue(path, spec.line, f"{where}.{role}", "missing required field"))
                ok = False
                continue
            value = spec[role]
            line = spec.line_of(role)
            if role == "parts":
                if not isinstance(value, LineList) or len(value) < 2:
                    issues.append(InputIssue(path, line, f"{where}.parts", "expected a list of at least two operands"))
                    ok = False
                    continue
                items = tuple(_operand(value[i], rules, path, value.line_of(i), f"{where}.parts[{i}]", issues, kind) for i in range(len(value)))
                if any(item is None for item in items):
                    ok = False
                    continue
                parsed.append((role, items))
            else:
                operand = _operand(value, rules, path, line, f"{where}.{role}", issues, kind)
                if operand is None:
                    ok = False
                    continue
                parsed.append((role, operand))
        severity = spec.get("severity")
        if severity is False:
            severity = "off"
        if severity is not None and severity not in ("error", "warning", "info", "off"):
            issues.append(InputIssue(path, spec.line_of("severity"), f"{where}.severity", f"expected one of error, warning, info, off, got {severity!r}"))
            ok = False
        cross = spec.get("cross_source", False)
        if not isinstance(cross, bool):
            issues.append(InputIssue(path, spec.line_of("cross_source"), f"{where}.cross_source", f"expected true or false, got {cross!r}"))
            ok = False
        if ok:
            relations.append(Relation(rid, kind, tuple(parsed), " ".join(str(spec.get("description", "")).split()), severity, bool(cross), path, spec.line))
    if issues:
        raise InputErrors(issues)
    return relations


def implied_subsets(rules: RuleSet) -> list[Relation]:
    """The subset relations a scope's `part_of` implies: for every cumulative or level metric,
    its figure for the part cannot exceed its figure for the whole (scope-subset tests them
    across sources, as parts and wholes are usually given by different ones)."""
    relations: list[Relation] = []
    for scope in sorted(rules.scopes.values(), key=lambda s: s.name):
        for whole in scope.part_of:
            for metric in sorted(m for m, spec in rules.metrics.items() if spec.kind in ("cumulative", "level")):
                roles = (("subset", Operand("metric", metric, scope=normalize_label(scope.name))), ("superset", Operand("metric", metric, scope=whole)))
                relations.append(Relation(f"part-of:{scope.name}:{whole}:{metric}", "subset", roles, f"{scope.name} is part of {whole}", None, True))
    return relations


def _operand(value: Any, rules: RuleSet, path: str, line: int, where: str, issues: list[InputIssue], kind: str) -> Operand | None:
    if isinstance(value, str):
        metric = rules.metric_id(value)
        if metric is None:
            issues.append(InputIssue(path, line, where, f"unknown metric {value!r}", did_you_mean(value, rules.metric_names())))
            return None
        return Operand("metric", metric)
    if isinstance(value, LineDict) and len(value) >= 1:
        if kind == "subset" and "metric" in value:
            extra = set(value) - {"metric", "scope"}
            if extra:
                issues.append(InputIssue(path, value.line, where, f"unknown key {sorted(extra)[0]!r}", "a subset side is {metric: id, scope: text}"))
                return None
            inner = _operand(value["metric"], rules, path, value.line_of("metric"), where + ".metric", issues, kind)
            if inner is None:
                return None
            # A side that names no scope means the metric's own, as a claim that names none does.
            scope = value.get("scope") or rules.metrics[inner.name].scope or ""
            return Operand("metric", inner.name, scope=normalize_label(str(scope)))
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "constant":
                if str(arg) not in rules.constants:
                    issues.append(InputIssue(path, value.line_of(key), where + ".constant", f"unknown constant {arg!r}", did_you_mean(str(arg), rules.constants)))
                    return None
                return Operand("constant", str(arg))
            if key in ("sum", "difference") and isinstance(arg, LineList) and len(arg) >= 2 and (key == "sum" or len(arg) == 2):
                items = tuple(_operand(arg[i], rules, path, arg.line_of(i), f"{where}.{key}[{i}]", issues, kind) for i in range(len(arg)))
                if any(item is None for item in items):
                    return None
                return Operand(key, items=items)  # type: ignore[arg-type]
    issues.append(InputIssue(path, line, where, "expected a metric id, {constant: id}, {sum: [...]} or {difference: [a, b]}"))
    return None


# -- interval arithmetic ---------------------------------------------------------------


def shares_using_total(stock_flow: Relation, relations: list[Relation]) -> list[Relation]:
    """The share relations whose part or whole holds the stock-flow relation's total: the only
    ones that can tell a "remaining" figure from the total (see checks/stock_flow.py)."""
    total = stock_flow.role("total").name
    return [r for r in relations if r.kind == "share" and total in r.role("part").metrics() + r.role("whole").metrics()]


def linked_metrics(seeds: set[str], relations: Sequence[Relation]) -> set[str]:
    """The metrics relations link to `seeds`, directly or through other relations, and the seeds."""
    linked = set(seeds)
    by_metric: dict[str, list[Relation]] = {}
    for relation in relations:
        for metric in relation.metrics():
            by_metric.setdefault(metric, []).append(relation)
    frontier = list(linked)
    while frontier:
        for relation in by_metric.get(frontier.pop(), ()):
            fresh = [m for m in relation.metrics() if m not in linked]
            linked.update(fresh)
            frontier.extend(fresh)
    return linked


def share_metrics(shares: list[Relation]) -> list[str]:
    """Every metric a list of share relations reads (share, part and whole)."""
    return sorted({m for s in shares for m in [s.role("share").name] + s.role("part").metrics() + s.role("whole").metrics()})


def evaluate(operand: Operand, picks: dict[str, Claim], rules: RuleSet, unit: str) -> Interval | None:
    """The operand's interval in `unit`, using one chosen claim per metric."""
    if operand.op == "metric":
        claim = picks.get(operand.name)
        if claim is None or pd.isna(claim.low):
            return None
        factor = rules.conversion(rules.metrics[operand.name].unit, unit)
        if factor is None:
            return None
        return claim.interval.scale(factor)
    if operand.op == "constant":
        constant = rules.constants[operand.name]
        factor = rules.conversion(constant.unit, unit)
        if factor is None:
            return None
        return Interval(constant.value * factor, constant.value * factor)
    spans = [evaluate(item, picks, rules, unit) for item in operand.items]
    if any(span is None for span in spans):
        return None
    result = spans[0]
    for span in spans[1:]:
        result = result + span if operand.op == "sum" else result - span  # type: ignore[operator]
    return result


@dataclass(frozen=True)
class Spans:
    """`evaluate`'s intervals as columns, one per combination of picks: the same float
    operations in the same order, so the same numbers; `known` is False where it gives None."""

    low: np.ndarray
    high: np.ndarray
    low_open: np.ndarray
    high_open: np.ndarray
    known: np.ndarray

    def overlaps(self, other: "Spans") -> np.ndarray:
        return ~(lies_below(self.high, self.high_open, other.low, other.low_open) | lies_below(other.high, other.high_open, self.low, self.low_open))


def claim_spans(where: np.ndarray, claims: Claims) -> Spans:
    """The intervals of the claims at table positions `where` as stated (-1: none, not known)."""
    table = claims.table
    low = np.asarray(table.array("low")[where], dtype=float)
    return Spans(low, np.asarray(table.array("high")[where], dtype=float), table.array("low_open")[where].astype(bool),
                 table.array("high_open")[where].astype(bool), (where >= 0) & ~np.isnan(low))


def evaluate_columns(operand: Operand, picks: dict[str, np.ndarray], claims: Claims, rules: RuleSet, unit: str) -> Spans:
    """`evaluate` for many combinations at once; `picks` maps each metric to a table position
    per combination (-1: none picked)."""
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf is NaN, as in Python floats
        return _evaluate_columns(operand, picks, claims, rules, unit)


def _evaluate_columns(operand: Operand, picks: dict[str, np.ndarray], claims: Claims, rules: RuleSet, unit: str) -> Spans:
    size = len(next(iter(picks.values()))) if picks else 0
    if operand.op in ("metric", "constant"):
        spec = rules.metrics[operand.name] if operand.op == "metric" else rules.constants[operand.name]
        factor = rules.conversion(spec.unit, unit)
        where = picks.get(operand.name) if operand.op == "metric" else np.zeros(size, dtype=np.int64)
        if factor is None or where is None:
            return Spans(*(np.zeros(size) for _ in range(4)), np.zeros(size, dtype=bool))
        if operand.op == "constant":
            value = np.full(size, spec.value * factor)
            return Spans(value, value, np.zeros(size, bool), np.zeros(size, bool), np.ones(size, bool))
        stated = claim_spans(where, claims)
        return Spans(stated.low * factor, stated.high * factor, stated.low_open, stated.high_open, stated.known)
    spans = [_evaluate_columns(item, picks, claims, rules, unit) for item in operand.items]
    result = spans[0]
    for span in spans[1:]:
        if operand.op == "sum":
            result = Spans(result.low + span.low, result.high + span.high, result.low_open | span.low_open, result.high_open | span.high_open, result.known & span.known)
        else:
            result = Spans(result.low - span.high, result.high - span.low, result.low_open | span.high_open, result.high_open | span.low_open, result.known & span.known)
    return result


def comparable_groups(frame: pd.DataFrame, metrics: list[str], tolerance: float, cross_source: bool) -> list[dict[str, list[Claim]]]:
    """Groups of claims of the given metrics that describe the same moment, within one source
    unless `cross_source`. Each group maps metric -> candidate claims.

    Claims are swept once in order of window end: a run holds claims whose ends lie within
    `tolerance` days of the run's first. A run splits by window start (within `tolerance`);
    a claim with no start ("as of") is a level at that date and joins every split. It splits
    by scope the same way: a claim with no scope joins every scope. (Every claim is read here as
    a whole's; with rules, the checks and derivations also keep each part scope's claims to
    groups of their own: `relation_groups.scope_worlds`.)
    """
    part = frame[frame["metric"].isin(metrics)]
    if part.empty:
        return []
    return claim_groups(Claims(part), metrics, tolerance, cross_source)


def claim_groups(claims: Claims, metrics: list[str], tolerance: float, cross_source: bool) -> list[dict[str, list[Claim]]]:
    """`comparable_groups` over the whole claims table, read once: asking for the groups of a few metrics
    costs the number of their claims (one sort), not the size of the table, so one view serves
    every relation of a rule set. (checker.relation_groups finds them; this is their dict shape.)"""
    positions = claims.of_metrics(metrics)  # table order, as a boolean mask would give
    names = tuple(metrics)
    return find_groups(claims, positions, metric_codes(claims, positions, names), names, tolerance, cross_source).as_dicts(claims)


def choices(group: dict[str, list[Claim]], metrics: list[str], limit: int = 64) -> list[dict[str, Claim]]:
    """One claim per metric, every combination up to `limit` (stated claims first).

    The first `limit` combinations in product order (the first metric varies slowest): only
    those are built, so a group of many metrics costs `limit` x metrics, not its square.
    """
    present = [metric for metric in metrics if group.get(metric)]
    if not present:
        return [{}]
    return [dict(zip(present, combo)) for combo in islice(product(*(group[m] for m in present)), limit)]


# -- derived claims --------------------------------------------------------------------


def derive_claims(frame: pd.DataFrame, relations: list[Relation], rules: RuleSet, tolerance: float, rounds: int = 3) -> pd.DataFrame:
    """Claims implied by relations within one source, window and scope, for metrics that source
    does not state there: a total from all its parts, a missing part from the total and the
    other parts, a share from its part and whole, a stock total from flow and remaining. A
    relation holds within every scope, so a province's parts derive the province's total, with
    the province's scope (`_derived_claim`); a relation that reads a constant derives only from
    its metrics' wholes (`Relation.whole_only`).

    Runs to a fixpoint (derived claims can feed further derivations), at most `rounds` times.
    Returns only the new rows.
    """
    with collector_paused():
        return _derive(frame, relations, rules, tolerance, rounds)


def _derive(frame: pd.DataFrame, relations: list[Relation], rules: RuleSet, tolerance: float, rounds: int) -> pd.DataFrame:
    """`derive_claims`'s rounds."""
    derived: list[Claim] = []
    metrics = tuple(sorted({m for r in relations for m in r.metrics()}))
    base = Claims(frame)  # a view: only the rows relations read are ever taken from it
    usable = np.zeros(len(frame), dtype=bool)
    rows, codes = metric_positions(base, metrics)
    usable[usable_rows(base, rows, metrics, rules, codes=codes)[0]] = True
    claims, reads = base, usable
    changed: set[str] | None = None  # metrics that gained claims last round (None: all)
    for _ in range(rounds):
        # Same claims as last round, same derivations, all known: only relations that gained are redone.
        active = [r for r in relations if changed is None or not changed.isdisjoint(r.metrics())]
        if changed is not None:
            claims, reads = _with_derived(base, usable, derived, active)
        new_claims = _derive_round(claims, reads, active, rules, tolerance, {claim.claim_id for claim in derived})
        if not new_claims:
            break
        derived.extend(new_claims)
        changed = {str(claim.metric) for claim in new_claims}
    return _frame(derived, frame)


def _with_derived(base: Claims, usable: np.ndarray, derived: list[Claim], relations: list[Relation]) -> tuple[Claims, np.ndarray]:
    """The rows `relations` read, then the claims derived so far: the table a later round sweeps
    (rows keep their order, so their groups are the ones a table of every row would give)."""
    metrics = sorted({m for r in relations for m in r.metrics()})
    rows = metric_positions(base, metrics)[0]
    current = pd.concat([base.frame.iloc[rows[usable[rows]]], _frame(derived, base.frame)], ignore_index=True)
    return Claims(current), np.ones(len(current), dtype=bool)


def _derive_round(claims: Claims, usable: np.ndarray, relations: list[Relation], rules: RuleSet, tolerance: float, known: set[str]) -> list[Claim]:
    """One round of derivations: every formula of every relation, over the groups of its
    metrics (one sweep for all), in the groups that lack its target and hold all its inputs."""
    formulas = [(relation, formula) for relation in relations for formula in _formulas(relation)]
    # A request per metric set and scope reach: a formula of a relation that reads a constant
    # derives only from wholes (a province's share is not its area over the country's).
    requests = list(dict.fromkeys((tuple(sorted(set(inputs + [target]))), relation.whole_only) for relation, (target, _, inputs) in formulas))
    new_claims: list[Claim] = []
    if not formulas:
        return new_claims
    metric_sets = [metrics for metrics, _ in requests]
    groups = sweep_requests(claims, metric_sets, tolerance, False, usable, rules, whole_only=[whole for _, whole in requests])
    groups = dataclasses.replace(groups, metrics=tuple(str(k) for k in range(max(len(metrics) for metrics in metric_sets))))
    set_of = {request: k for k, request in enumerate(requests)}
    places = []
    for relation, (target, _, inputs) in formulas:
        metrics = tuple(sorted(set(inputs + [target])))
        places.append((set_of[metrics, relation.whole_only], metrics.index(target), [metrics.index(m) for m in inputs]))
    for f, picks in _first_picks(claims, groups, places):
        relation, (target, formula, inputs) = formulas[f]
        unit = rules.metrics[target].unit
        span = formula(dict(zip(inputs, picks)), rules, unit)
        if span is None or not (math.isfinite(span.low) and math.isfinite(span.high)):
            continue
        claim = _derived_claim(target, span, dict(zip(inputs, picks)), relation, rules, unit)
        if claim.claim_id not in known:
            known.add(claim.claim_id)
            new_claims.append(claim)
    return new_claims


def _first_picks(claims: Claims, groups: Groups, places: list[tuple[int, int, list[int]]]) -> list[tuple[int, list[Claim]]]:
    """For each formula (its metric set's request, its target's and its inputs' places in it)
    and each group of its request without a target claim and with claims of every input: the
    first claim of each input, in group order; by formula, then group. Every formula at once:
    each group is paired with the formulas of its request."""
    if not len(groups) or not places:
        return []
    width = len(groups.metrics)
    request = np.array([r for r, _, _ in places], dtype=np.int64)
    target = np.array([t for _, t, _ in places], dtype=np.int64)
    needs = np.zeros((len(places), width), dtype=bool)
    for f, (_, _, inputs) in enumerate(places):
        needs[f, inputs] = True
    by_request = np.argsort(request, kind="stable")
    per_request = np.bincount(request, minlength=int(groups.request.max()) + 1)
    repeats = per_request[groups.request]
    group = np.repeat(np.arange(len(groups)), repeats)
    first = np.repeat(np.cumsum(per_request)[groups.request] - repeats, repeats)
    formula = by_request[first + np.arange(len(group)) - np.repeat(np.cumsum(repeats) - repeats, repeats)]
    counts = groups.counts
    eligible = (counts[group, target[formula]] == 0) & ((counts[group] > 0) | ~needs[formula]).all(axis=1)
    group, formula = group[eligible], formula[eligible]
    order = np.lexsort((group, formula))
    group, formula = group[order], formula[order]
    members, at = groups.by_metric
    chosen = [(f, g, k) for f, g in zip(formula.tolist(), group.tolist()) for k in places[f][2]]
    cells = np.array([g * width + k for _, g, k in chosen], dtype=np.int64)
    built = claims.table.claims_at(members[at[cells]].tolist()) if len(cells) else []
    out, i = [], 0
    for f in formula.tolist():
        size = len(places[f][2])
        out.append((f, built[i:i + size]))
        i += size
    return out


def _frame(claims: list[Claim], like: pd.DataFrame) -> pd.DataFrame:
    """The claims as a table with the columns of `like` (NaN in a column no claim has)."""
    out = pd.DataFrame.from_records([claim.to_dict() for claim in claims], columns=list(like.columns) if len(like.columns) else list(COLUMNS))
    return out.astype({c: like[c].dtype for c in ("low_open", "high_open", "end_from_publication") if c in like.columns}) if claims else out


def _formulas(relation: Relation):
    """(target metric, function(picks, rules, unit) -> Interval, input metrics) for each
    derivation. Each function builds its expression when called: most are never called, and
    a rule set declares tens of thousands of relations."""
    out = []
    if relation.kind == "parts-sum":
        total: Operand = relation.role("total")
        parts: tuple[Operand, ...] = relation.role("parts")
        if total.op == "metric" and all(p.op == "metric" for p in parts):
            names = [p.name for p in parts]
            out.append((total.name, partial(_sum_of, parts), names))
            for k, missing in enumerate(parts):
                others = parts[:k] + parts[k + 1:]
                out.append((missing.name, partial(_total_less, total, others), [total.name] + [p.name for p in others]))
    elif relation.kind == "stock-flow":
        total, flow, remaining = relation.role("total"), relation.role("flow"), relation.role("remaining")
        if all(x.op == "metric" for x in (total, flow, remaining)):
            out.append((total.name, partial(_sum_of, (flow, remaining)), [flow.name, remaining.name]))
            out.append((remaining.name, partial(_total_less, total, (flow,)), [total.name, flow.name]))
    elif relation.kind == "share":
        share, part, whole = relation.role("share"), relation.role("part"), relation.role("whole")
        if share.op == "metric":
            inputs = sorted(set(part.metrics() + whole.metrics()))
            if inputs:
                out.append((share.name, partial(share_of, part, whole), inputs))
    return out


def _sum_of(items: tuple[Operand, ...], picks: dict[str, Claim], rules: RuleSet, unit: str) -> Interval | None:
    return evaluate(Operand("sum", items=items), picks, rules, unit)


def _total_less(total: Operand, others: tuple[Operand, ...], picks: dict[str, Claim], rules: RuleSet, unit: str) -> Interval | None:
    """total - (the sum of `others`, or the one other)."""
    return evaluate(Operand("difference", items=(total, Operand("sum", items=others) if len(others) > 1 else others[0])), picks, rules, unit)


def share_of(part: Operand, whole: Operand, picks: dict[str, Claim], rules: RuleSet, share_unit: str) -> Interval | None:
    """part / whole in the share's unit (percent: ×100)."""
    unit = _common_unit(part, whole, rules)
    if unit is None:
        return None
    part_span = evaluate(part, picks, rules, unit)
    whole_span = evaluate(whole, picks, rules, unit)
    if part_span is None or whole_span is None:
        return None
    ratio = part_span.divide(whole_span)
    if ratio is None:
        return None
    return ratio.scale(100.0 if share_unit == "percent" else 1.0)


def share_of_columns(part: Operand, whole: Operand, picks: dict[str, np.ndarray], claims: Claims, rules: RuleSet, share_unit: str) -> Spans:
    """`share_of` for many combinations at once (`known` False where it gives None)."""
    unit = _common_unit(part, whole, rules)
    size = len(next(iter(picks.values()))) if picks else 0
    if unit is None:
        return Spans(*(np.zeros(size) for _ in range(4)), np.zeros(size, dtype=bool))
    top, bottom = evaluate_columns(part, picks, claims, rules, unit), evaluate_columns(whole, picks, claims, rules, unit)
    scale = 100.0 if share_unit == "percent" else 1.0
    with np.errstate(all="ignore"):  # values where `known` is False are never read
        low = np.where(np.isfinite(bottom.high), top.low / bottom.high, 0.0)
        return Spans(low * scale, top.high / bottom.low * scale, top.low_open | bottom.high_open, top.high_open | bottom.low_open,
                     top.known & bottom.known & ~(bottom.low <= 0))


def _common_unit(part: Operand, whole: Operand, rules: RuleSet) -> str | None:
    for operand in (part, whole):
        for metric in operand.metrics():
            return rules.metrics[metric].unit
    if part.op == "constant":
        return rules.constants[part.name].unit
    if whole.op == "constant":
        return rules.constants[whole.name].unit
    return None


def _derived_claim(target: str, span: Interval, picks: dict[str, Claim], relation: Relation, rules: RuleSet, unit: str) -> Claim:
    metric = rules.metrics[target]
    input_scopes = {str(claim.scope) for claim in picks.values()} - {""}
    stated_alike = len(input_scopes) == 1 and all(claim.scope for claim in picks.values())
    first = next(iter(picks.values()))
    sources = sorted({str(claim.source_id) for claim in picks.values()})
    ids = sorted(str(claim.claim_id) for claim in picks.values())
    printed = span.describe(2 if unit == "percent" else 4).strip("[]()")
    printed = printed.replace(", ", "-")
    inputs = ", ".join(f"{m} {picks[m].printed} {picks[m].unit}" for m in sorted(picks))
    return first._replace(
        claim_id=f"derived:{relation.id}:{target}:{'+'.join(ids)}",
        source_id=sources[0],
        metric=target,
        metric_written=target,
        kind=metric.kind,
        # Inputs that all state one population describe it together: identified plus
        # unidentified dead of a province are the province's dead, whatever the total metric's
        # default scope. Inputs of several scopes (parts by region), or of none, make the total's own.
        scope=input_scopes.pop() if stated_alike else metric.scope,
        scope_basis="inferred" if any(claim.scope_basis == "inferred" for claim in picks.values()) else "stated",
        printed=printed,
        value=(span.low + span.high) / 2,
        qualifier="exact" if span.low == span.high else "range",
        unit=unit,
        factor=1.0,
        low=span.low,
        high=span.high,
        low_open=span.low_open,
        high_open=span.high_open,
        exact_low=span.low,  # a derived figure has no round printing of its own to read
        exact_high=span.high,
        window_basis="derived",
        attributed_to="",
        quote=f"derived by relation {relation.id} from {inputs}",
        note="",
        derived_from=",".join(ids),
        norm_value=(span.low + span.high) / 2,
        directional=False,
    )
