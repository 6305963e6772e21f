"""Relations between metrics declared in rules (parts and totals, shares, stock and flow, scope
subsets), interval arithmetic on figures, and the claims they imply.

An operand is a metric id, ``{constant: id}``, ``{sum: [a, b, ...]}`` or ``{difference: [a, b]}``.
Figures are intervals, so a sum of "about" figures is itself wide: tolerance comes from the
figures, never from a fixed number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from checker.errors import InputErrors, InputIssue, did_you_mean
from checker.model import COLUMNS, format_number
from checker.rules import ID_RE, RuleSet
from checker.yamlio import LineDict, LineList

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
        return dict(self.roles)[name]

    def metrics(self) -> list[str]:
        out: list[str] = []
        for _, value in self.roles:
            for operand in value if isinstance(value, tuple) else (value,):
                out.extend(operand.metrics())
        return sorted(set(out))

    @property
    def anchor_metric(self) -> str:
        """The metric whose per-metric check settings apply to this relation."""
        first = self.roles[0][1]
        operand = first[0] if isinstance(first, tuple) else first
        metrics = operand.metrics()
        return metrics[0] if metrics else self.metrics()[0]


def parse_relations(rules: RuleSet) -> list[Relation]:
    """Validate `rules.relations` (raw) into Relation values; every problem is collected."""
    issues: list[InputIssue] = []
    relations: list[Relation] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(rules.relations):
        path, spec = raw["path"], raw["spec"]
        where = f"relations[{index}]"
        kind = spec.get("kind")
        if kind not in RELATION_KINDS:
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
            return Operand("metric", inner.name, scope=str(value.get("scope", "") or ""))
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


@dataclass(frozen=True)
class Span:
    """An interval figure with the claims it came from."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    claims: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # how each input was printed, for messages

    def __add__(self, other: "Span") -> "Span":
        return Span(self.low + other.low, self.high + other.high, self.low_open or other.low_open, self.high_open or other.high_open, self.claims + other.claims, self.texts + other.texts)

    def __sub__(self, other: "Span") -> "Span":
        return Span(self.low - other.high, self.high - other.low, self.low_open or other.high_open, self.high_open or other.low_open, self.claims + other.claims, self.texts + other.texts)

    def divide(self, other: "Span") -> "Span | None":
        if other.low <= 0:
            return None
        low = self.low / other.high if math.isfinite(other.high) else 0.0
        high = self.high / other.low
        return Span(low, high, self.low_open or other.high_open, self.high_open or other.low_open, self.claims + other.claims, self.texts + other.texts)

    def scale(self, factor: float) -> "Span":
        return Span(self.low * factor, self.high * factor, self.low_open, self.high_open, self.claims, self.texts)

    def overlaps(self, other: "Span") -> bool:
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        closed_self = (self.low < low or not self.low_open) and (low < self.high or not self.high_open)
        closed_other = (other.low < low or not other.low_open) and (low < other.high or not other.high_open)
        return closed_self and closed_other

    def gap(self, other: "Span") -> float:
        return max(other.low - self.high, self.low - other.high, 0.0)

    def describe(self, digits: int = 4) -> str:
        if self.low == self.high:
            return format_number(round(self.low, digits))
        left = "(" if self.low_open else "["
        right = ")" if self.high_open or math.isinf(self.high) else "]"
        return f"{left}{format_number(round(self.low, digits))}, {format_number(round(self.high, digits)) if math.isfinite(self.high) else '∞'}{right}"


def row_span(row: pd.Series) -> Span:
    return Span(float(row["low"]), float(row["high"]), bool(row["low_open"]), bool(row["high_open"]), (str(row["claim_id"]),), (f"{row['printed']} {row['unit']}",))


@dataclass
class Bucket:
    """Claims of one source (or all sources) and one window, by metric."""

    source: str
    anchor: pd.Series  # a claim that sets the window
    by_metric: dict[str, list[pd.Series]] = field(default_factory=dict)


def evaluate(operand: Operand, picks: dict[str, pd.Series], rules: RuleSet, unit: str) -> Span | None:
    """The operand's interval in `unit`, using one chosen claim per metric."""
    if operand.op == "metric":
        row = picks.get(operand.name)
        if row is None or pd.isna(row["low"]):
            return None
        factor = rules.conversion(rules.metrics[operand.name].unit, unit)
        if factor is None:
            return None
        return row_span(row).scale(factor)
    if operand.op == "constant":
        constant = rules.constants[operand.name]
        factor = rules.conversion(constant.unit, unit)
        if factor is None:
            return None
        return Span(constant.value * factor, constant.value * factor, texts=(f"{format_number(constant.value)} {constant.unit} ({constant.id})",))
    spans = [evaluate(item, picks, rules, unit) for item in operand.items]
    if any(span is None for span in spans):
        return None
    result = spans[0]
    for span in spans[1:]:
        result = result + span if operand.op == "sum" else result - span  # type: ignore[operator]
    return result


def in_default_scope(frame: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Claims in their metric's default scope: relations hold between whole metrics, so a claim
    about a narrower scope ("deaths in intensive care") is not a part of "deaths"."""
    if frame.empty:
        return frame
    default = frame["metric"].map(lambda m: rules.metrics[m].scope if m in rules.metrics else "")
    return frame[frame["scope"] == default]


def comparable_groups(frame: pd.DataFrame, metrics: list[str], tolerance: float, cross_source: bool) -> list[dict[str, list[pd.Series]]]:
    """Groups of claims of the given metrics that describe the same moment, within one source
    unless `cross_source`. Each group maps metric -> candidate claims.

    Claims are swept once in order of window end: a run holds claims whose ends lie within
    `tolerance` days of the run's first. A run splits by window start (within `tolerance`);
    a claim with no start ("as of") is a level at that date and joins every split. It splits
    by scope the same way: a claim with no scope joins every scope.
    """
    part = frame[frame["metric"].isin(metrics)]
    if part.empty:
        return []
    groups: list[dict[str, list[pd.Series]]] = []
    blocks = [part] if cross_source else [block for _, block in part.groupby("source_id", sort=True)]
    for block in blocks:
        ordered = block.sort_values(["end_last"], kind="stable")  # ties keep the content order
        run: list[pd.Series] = []
        anchor_end = None
        for _, row in ordered.iterrows():
            if run and row["end_early"] - anchor_end > tolerance:
                groups.extend(_split(run, tolerance))
                run = []
            if not run:
                anchor_end = row["end_last"]
            run.append(row)
        if run:
            groups.extend(_split(run, tolerance))
    return groups


def _split(run: list[pd.Series], tolerance: float) -> list[dict[str, list[pd.Series]]]:
    floating = [r for r in run if pd.isna(r["start_first"])]
    dated = sorted((r for r in run if not pd.isna(r["start_first"])), key=lambda r: r["start_first"])
    clusters: list[list[pd.Series]] = []
    for row in dated:
        if clusters and row["start_first"] - clusters[-1][0]["start_last"] <= tolerance:
            clusters[-1].append(row)
        else:
            clusters.append([row])
    if not clusters:
        clusters = [[]]
    out = []
    for cluster in clusters:
        members = cluster + floating
        scopes = sorted({str(r["scope"]) for r in members if r["scope"]}) or [""]
        for scope in scopes:
            chosen = [r for r in members if not r["scope"] or r["scope"] == scope]
            if chosen:
                out.append(_by_metric(chosen))
    return out


def _by_metric(rows: list[pd.Series]) -> dict[str, list[pd.Series]]:
    out: dict[str, list[pd.Series]] = {}
    for row in rows:
        out.setdefault(str(row["metric"]), []).append(row)
    return out


def choices(group: dict[str, list[pd.Series]], metrics: list[str], limit: int = 64) -> list[dict[str, pd.Series]]:
    """One claim per metric, every combination up to `limit` (stated claims first)."""
    combos: list[dict[str, pd.Series]] = [{}]
    for metric in metrics:
        options = group.get(metric)
        if not options:
            continue
        combos = [{**combo, metric: option} for combo in combos for option in options][:limit]
    return combos


# -- derived claims --------------------------------------------------------------------


def derive_claims(frame: pd.DataFrame, relations: list[Relation], rules: RuleSet, tolerance: float, rounds: int = 3) -> pd.DataFrame:
    """Claims implied by relations within one source and window, for metrics that source does
    not state there: a total from all its parts, a missing part from the total and the other
    parts, a share from its part and whole, a stock total from flow and remaining.

    Runs to a fixpoint (derived claims can feed further derivations), at most `rounds` times.
    Returns only the new rows.
    """
    derived: list[dict[str, Any]] = []
    current = in_default_scope(frame, rules)
    for _ in range(rounds):
        new_rows: list[dict[str, Any]] = []
        known = {(r["claim_id"]) for r in derived}
        for relation in relations:
            for target, formula, inputs in _formulas(relation):
                metrics = sorted(set(inputs + [target]))
                for group in comparable_groups(current, metrics, tolerance, cross_source=False):
                    if target in group or not all(m in group for m in inputs):
                        continue
                    picks = {m: group[m][0] for m in inputs}
                    unit = rules.metrics[target].unit
                    span = formula(picks, rules, unit)
                    if span is None or not (math.isfinite(span.low) and math.isfinite(span.high)):
                        continue
                    row = _derived_row(target, span, picks, relation, rules, unit)
                    if row["claim_id"] not in known:
                        known.add(row["claim_id"])
                        new_rows.append(row)
        if not new_rows:
            break
        derived.extend(new_rows)
        current = pd.concat([current, _frame(new_rows, current)], ignore_index=True)
    return _frame(derived, frame)


def _frame(rows: list[dict[str, Any]], like: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame.from_records(rows, columns=list(like.columns) if len(like.columns) else list(COLUMNS))
    if rows:
        for column in like.columns:
            if column not in rows[0]:
                out[column] = np.nan
    return out.astype({c: like[c].dtype for c in ("low_open", "high_open", "end_from_publication") if c in like.columns}) if rows else out


def _formulas(relation: Relation):
    """(target metric, function(picks, rules, unit) -> Span, input metrics) for each derivation."""
    out = []
    if relation.kind == "parts-sum":
        total: Operand = relation.role("total")
        parts: tuple[Operand, ...] = relation.role("parts")
        if total.op == "metric" and all(p.op == "metric" for p in parts):
            names = [p.name for p in parts]
            out.append((total.name, lambda picks, rules, unit, parts=parts: evaluate(Operand("sum", items=parts), picks, rules, unit), names))
            for missing in parts:
                others = tuple(p for p in parts if p is not missing)
                formula = Operand("difference", items=(total, Operand("sum", items=others) if len(others) > 1 else others[0]))
                out.append((missing.name, lambda picks, rules, unit, formula=formula: evaluate(formula, picks, rules, unit), [total.name] + [p.name for p in others]))
    elif relation.kind == "stock-flow":
        total, flow, remaining = relation.role("total"), relation.role("flow"), relation.role("remaining")
        if all(x.op == "metric" for x in (total, flow, remaining)):
            out.append((total.name, lambda picks, rules, unit, f=Operand("sum", items=(flow, remaining)): evaluate(f, picks, rules, unit), [flow.name, remaining.name]))
            out.append((remaining.name, lambda picks, rules, unit, f=Operand("difference", items=(total, flow)): evaluate(f, picks, rules, unit), [total.name, flow.name]))
    elif relation.kind == "share":
        share, part, whole = relation.role("share"), relation.role("part"), relation.role("whole")
        if share.op == "metric":
            inputs = sorted(set(part.metrics() + whole.metrics()))
            if inputs:
                out.append((share.name, lambda picks, rules, unit, part=part, whole=whole: share_of(part, whole, picks, rules, unit), inputs))
    return out


def share_of(part: Operand, whole: Operand, picks: dict[str, pd.Series], rules: RuleSet, share_unit: str) -> Span | None:
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


def _common_unit(part: Operand, whole: Operand, rules: RuleSet) -> str | None:
    for operand in (part, whole):
        for metric in operand.metrics():
            return rules.metrics[metric].unit
    if part.op == "constant":
        return rules.constants[part.name].unit
    if whole.op == "constant":
        return rules.constants[whole.name].unit
    return None


def _derived_row(target: str, span: Span, picks: dict[str, pd.Series], relation: Relation, rules: RuleSet, unit: str) -> dict[str, Any]:
    metric = rules.metrics[target]
    first = next(iter(picks.values()))
    sources = sorted({str(r["source_id"]) for r in picks.values()})
    ids = sorted(str(r["claim_id"]) for r in picks.values())
    printed = span.describe(2 if unit == "percent" else 4).strip("[]()")
    printed = printed.replace(", ", "-")
    inputs = ", ".join(f"{m} {picks[m]['printed']} {picks[m]['unit']}" for m in sorted(picks))
    row = first.to_dict()
    row.update(
        {
            "claim_id": f"derived:{relation.id}:{target}:{'+'.join(ids)}",
            "source_id": sources[0],
            "metric": target,
            "metric_written": target,
            "kind": metric.kind,
            "scope": metric.scope,
            "printed": printed,
            "value": (span.low + span.high) / 2,
            "qualifier": "exact" if span.low == span.high else "range",
            "unit": unit,
            "factor": 1.0,
            "low": span.low,
            "high": span.high,
            "low_open": span.low_open,
            "high_open": span.high_open,
            "window_basis": "derived",
            "attributed_to": "",
            "quote": f"derived by relation {relation.id} from {inputs}",
            "note": "",
            "derived_from": ",".join(ids),
            "norm_value": (span.low + span.high) / 2,
            "directional": False,
        }
    )
    return row
