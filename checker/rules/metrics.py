"""Section `metrics`: [{id, label, kind, unit, aliases, description, scope, reporting_lag_days,
checks, default_window}].

`kind` says how figures of the metric behave (a cumulative count only grows); `unit` names a
known unit (count by default); `checks` overrides the checks' settings for this metric;
`default_window` is the window a figure covers when its text names none, and may name the
named dates.
"""

from __future__ import annotations

import datetime as dt

from checker.dates import DateSpan
from checker.errors import did_you_mean
from checker.model import METRIC_KINDS
from checker.rules.checks import MetricOverrides, metric_overrides
from checker.rules.ruleset import Metric, RuleSet
from checker.rules.schema import Collector, Documents, Origin, aliases_of, defined_before, identified_entries, name_table, number_problem
from checker.textnorm import normalize_label
from checker.windows import WindowError, parse_window
from checker.yamlio import LineDict

METRIC_KEYS = ("id", "label", "kind", "unit", "aliases", "description", "scope", "reporting_lag_days", "checks", "default_window")


def load_metrics(c: Collector, documents: Documents, vocabulary: RuleSet) -> tuple[dict[str, Metric], dict[str, str]]:
    """The metrics by id, and the table of the names (ids, aliases) they go by. `vocabulary`
    holds the units and named dates already loaded."""
    metrics: dict[str, Metric] = {}
    origins: dict[str, Origin] = {}
    for path, node, where, line, mid in identified_entries(c, documents, "metrics", METRIC_KEYS):
        if defined_before(c, "metric", mid, origins, path, line, where):
            continue
        metric = _metric(c, path, node, where, mid, vocabulary)
        if metric is not None:
            origins[mid] = (path, line)
            metrics[mid] = metric
    return metrics, name_table(c, "metric", {m.id: m.aliases for m in metrics.values()}, origins)


def _metric(c: Collector, path: str, node: LineDict, where: str, mid: str, vocabulary: RuleSet) -> Metric | None:
    kind = node.get("kind")
    if kind not in METRIC_KINDS:
        c.add(path, node.line_of("kind"), f"{where}.kind", f"expected one of {', '.join(METRIC_KINDS)}, got {kind!r}", did_you_mean(str(kind), METRIC_KINDS))
        return None
    unit_name = node.get("unit", "count")
    unit = vocabulary.unit_id(str(unit_name))
    if unit is None:
        c.add(path, node.line_of("unit"), f"{where}.unit", f"unknown unit {unit_name!r}", did_you_mean(str(unit_name), vocabulary.unit_names()))
        return None
    lag = node.get("reporting_lag_days")
    if lag is not None and number_problem("reporting_lag_days", lag):
        c.add(path, node.line_of("reporting_lag_days"), f"{where}.reporting_lag_days", str(number_problem("reporting_lag_days", lag)))
        lag = None
    default_window = _default_window(c, path, node, where, vocabulary)
    return Metric(
        mid,
        str(node.get("label", mid)),
        kind,
        unit,
        aliases_of(c, path, node, where),
        " ".join(str(node.get("description", "")).split()),
        normalize_label(str(node.get("scope", "") or "")),  # compared with claims' scopes, normalised alike
        lag,
        _checks(c, path, node, where),
        path,
        node.line,
        default_window,
    )


def _checks(c: Collector, path: str, node: LineDict, where: str) -> MetricOverrides:
    overrides = node.get("checks")
    if overrides is None:
        return ()
    if not isinstance(overrides, LineDict):
        c.add(path, node.line_of("checks"), f"{where}.checks", "expected a mapping of check id to settings")
        return ()
    return metric_overrides(c, path, overrides, where)


def _default_window(c: Collector, path: str, node: LineDict, where: str, vocabulary: RuleSet) -> str:
    """A metric's `default_window`, checked against the named dates already loaded."""
    spec = node.get("default_window")
    if spec is None:
        return ""
    if not isinstance(spec, str) or not spec.strip():
        c.add(path, node.line_of("default_window"), f"{where}.default_window", "expected a window such as 'since end_of_hostilities'")
        return ""
    try:
        parse_window(spec, vocabulary, DateSpan.day(dt.date(9999, 12, 31)))
    except WindowError as exc:
        c.add(path, node.line_of("default_window"), f"{where}.default_window", str(exc), exc.hint)
        return ""
    return " ".join(spec.split())
