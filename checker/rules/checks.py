"""Section `checks`: {check id: severity} or {check id: {severity, option: value, ...}}.

Severities are error, warning, info or off; options are the fields of the check's Options
dataclass (checker/checks/), validated by their defaults' types. Later files override earlier
ones key by key. A metric's own `checks` (same shape) override these for that metric.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from checker.checks import REGISTRY, build_options, unnamed_severity
from checker.errors import did_you_mean
from checker.model import SEVERITY_CHOICES
from checker.rules.ruleset import CheckSetting, Settings
from checker.rules.schema import Collector, Documents, number_problem, section_mappings
from checker.yamlio import LineDict

CheckValues = tuple[str | None, dict[str, Any]]  # (severity or None, options given)
MetricOverrides = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]  # Metric.checks: ((check id, sorted (key, value)s), ...)


def load_checks(c: Collector, documents: Documents, settings: Settings) -> dict[str, CheckSetting]:
    """Every registered check's severity and options; unset options take the global settings."""
    given: dict[str, CheckValues] = {}
    for path, node in section_mappings(c, documents, "checks", "expected a mapping of check id to settings"):
        for check_id, (severity, options) in check_values(c, path, node, "checks").items():
            earlier_severity, earlier_options = given.get(check_id, (None, {}))
            given[check_id] = (severity or earlier_severity, {**earlier_options, **options})
    checks = {}
    for check_id, module in REGISTRY.items():
        severity, options = given.get(check_id, (None, {}))
        unset = module.DEFAULT_SEVERITY if check_id in given else unnamed_severity(module)
        checks[check_id] = CheckSetting(severity or unset, build_options(module, options, settings))
    return checks


def metric_overrides(c: Collector, path: str, node: LineDict, where: str) -> MetricOverrides:
    """A metric's `checks`, in the shape Metric.checks keeps them (sorted, severity as a key)."""
    return tuple(
        (check_id, tuple(sorted({**options, **({"severity": severity} if severity else {})}.items())))
        for check_id, (severity, options) in sorted(check_values(c, path, node, f"{where}.checks").items())
    )


def check_values(c: Collector, path: str, node: LineDict, where: str) -> dict[str, CheckValues]:
    """The valid entries of one `checks` mapping; each invalid one is a problem and left out."""
    out: dict[str, CheckValues] = {}
    for check_id, spec in node.items():
        values = _one_check(c, path, f"{where}.{check_id}", check_id, spec, node.line_of(check_id))
        if values is not None:
            out[check_id] = values
    return out


def _one_check(c: Collector, path: str, where: str, check_id: Any, spec: Any, line: int) -> CheckValues | None:
    if check_id not in REGISTRY:
        c.add(path, line, where, "unknown check", did_you_mean(str(check_id), REGISTRY))
        return None
    if isinstance(spec, str) or spec is False:
        spec_dict: dict[str, Any] = {"severity": spec}
        spec_lines: LineDict | None = None
    elif isinstance(spec, LineDict):
        spec_dict = dict(spec)
        spec_lines = spec
    else:
        c.add(path, line, where, "expected a severity or a mapping of options")
        return None
    severity = spec_dict.pop("severity", None)
    if severity is False:  # YAML 1.1 reads a bare `off` as false
        severity = "off"
    if severity is not None and severity not in SEVERITY_CHOICES:
        c.add(path, spec_lines.line_of("severity") if spec_lines else line, f"{where}.severity", f"expected one of {', '.join(SEVERITY_CHOICES)}, got {severity!r}", did_you_mean(str(severity), SEVERITY_CHOICES))
        return None
    options_cls = REGISTRY[check_id].Options
    option_names = tuple(f.name for f in fields(options_cls))
    ok = True
    for key, value in spec_dict.items():
        key_line = spec_lines.line_of(key) if spec_lines else line
        if key not in option_names:
            c.add(path, key_line, f"{where}.{key}", "unknown option", did_you_mean(str(key), option_names + ("severity",)))
            ok = False
            continue
        problem = _option_problem(options_cls, key, value)
        if problem:
            c.add(path, key_line, f"{where}.{key}", problem)
            ok = False
    return (severity, spec_dict) if ok else None


def _option_problem(options_cls: type, key: str, value: Any) -> str | None:
    default = next(f.default for f in fields(options_cls) if f.name == key)
    if isinstance(default, bool):
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if isinstance(default, (int, float)) or default is None:
        return number_problem(key, value)
    if isinstance(default, str):
        return None if isinstance(value, str) else f"expected text, got {value!r}"
    return None
