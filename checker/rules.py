"""rules/*.yaml -> RuleSet, with a strict schema.

Every rule file may hold any of the sections below; all files in the rules folders are merged.
Unknown keys, unknown ids and bad values are collected as InputIssues with a "did you mean".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from checker.dates import DateSpan, parse_date
from checker.errors import InputErrors, InputIssue, did_you_mean
from checker.model import ID_RE, METRIC_KINDS, SEVERITY_CHOICES
from checker.textnorm import normalize_label
from checker.values import QualifierRule
from checker.vocabulary import QUALIFIER_SYNONYMS, builtin_units, qualifier_aliases
from checker.yamlio import DEFAULT_MAX_FILE_BYTES, LineDict, LineList, display_path, load_yaml

SECTIONS = ("settings", "units", "metrics", "named_dates", "qualifiers", "scopes", "checks", "constants", "relations", "accepted")


def normalize_name(text: str) -> str:
    """Lower case, '_' and '-' as spaces, one space between words: the form aliases match in."""
    text = re.sub(r"[_\-–‑]+", " ", str(text).lower())
    text = re.sub(r"[\"'’“”.,;:!?()]", "", text)
    return " ".join(text.split())


NUMBER_LOCALES = ("en", "de", "fr")
# Ranges of the numeric settings and check options: wide enough for any corpus, narrow enough that
# no value overflows a date or a count (day ordinals run to about 3.65 million, and windows of
# different metrics are kept apart by 100 million days in one sort key).
MAX_DAYS = 36_525  # a century
NUMBER_LIMITS: dict[str, tuple[float, float, str]] = {
    "reporting_lag_days": (0, MAX_DAYS, "a number of days"),
    "date_tolerance_days": (0, MAX_DAYS, "a number of days"),
    "min_gap_days": (0, MAX_DAYS, "a number of days"),
    "min_period_days": (1, MAX_DAYS, "a number of days; a period of 0 days has no rate"),
    "max_findings": (0, 10_000_000, "0 lists every finding"),
    "max_claims": (1, 1_000_000_000, "claims in one run"),
    "max_file_bytes": (1, 1 << 40, "bytes"),
    "factor": (1, 1_000_000, "how many times the usual rate"),
}
WHOLE_NUMBERS = {name for name in NUMBER_LIMITS if name != "factor"}


def number_problem(name: str, value: Any) -> str | None:
    """Why `value` cannot be the setting or option `name`, or None when it can."""
    whole = name in WHOLE_NUMBERS
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value != value:
        return f"expected {'a whole number' if whole else 'a number'}, got {value!r}"
    low, high, unit = NUMBER_LIMITS.get(name, (0, math.inf, ""))
    if not low <= value <= high:
        return f"expected {low:,} to {high:,} ({unit}), got {value:,}" if high < math.inf else f"expected at least {low:,}, got {value!r}"
    return None


@dataclass(frozen=True)
class Settings:
    # Neutral defaults for any corpus (docs/checks.md): a figure "as of publication" may be up to
    # a week old, and window edges must match to the day. The bundled rules set their own.
    reporting_lag_days: int = 7
    date_tolerance_days: int = 0
    trailing_zeros: bool = True
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_claims: int = 5_000_000
    max_findings: int = 100  # per check, metric and scope; the rest are counted in one finding (0: no limit)
    number_locale: str = "en"  # en: 1,500.5; de or fr: 1.500,5 or 1 500,5 (a dot or a space groups thousands)


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    to: str | None = None
    factor: float = 1.0


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    kind: str
    unit: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    scope: str = ""
    reporting_lag_days: int | None = None
    checks: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    file: str = ""
    line: int = 0
    # The window a figure of this metric covers when its text names none ("between
    # start_of_conflict and first_war_ceasefire" for deaths in a past war). Claims that leave out
    # `window` and drafts from `checker extract` take it, marked inferred.
    default_window: str = ""


@dataclass(frozen=True)
class NamedDate:
    id: str
    date: DateSpan
    label: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """A population, place or definition figures can be for, with the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()  # wholer scopes this one is part of ("Derna" of "eastern Libya")


@dataclass(frozen=True)
class Constant:
    id: str
    value: float
    unit: str
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class CheckSetting:
    severity: str
    options: Any  # the check's Options dataclass instance


# Bounds of the built-in qualifiers; their aliases are the phrases of checker/vocabulary.py.
DEFAULT_QUALIFIERS: dict[str, dict[str, Any]] = {
    qid: {**bounds, "aliases": qualifier_aliases(qid)}
    for qid, bounds in {
        "exact": {"low": 1.0, "high": 1.0},
        "about": {"low": 0.95, "high": 1.05, "rounding": False},
        "approximately": {"low": 0.95, "high": 1.05, "rounding": False},
        "more_than": {"low": 1.0, "high": math.inf, "low_open": True, "rounding": False},
        "at_least": {"low": 1.0, "high": math.inf, "rounding": False},
        "nearly": {"low": 0.9, "high": 1.0, "high_open": True, "rounding": False},
        "up_to": {"low": 0.0, "high": 1.0, "rounding": False},
        "less_than": {"low": 0.0, "high": 1.0, "high_open": True, "rounding": False},
        "range": {"low": 1.0, "high": 1.0},
    }.items()
}
DEFAULT_UNITS: dict[str, dict[str, Any]] = builtin_units()


@dataclass
class RuleSet:
    settings: Settings = field(default_factory=Settings)
    units: dict[str, Unit] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    named_dates: dict[str, NamedDate] = field(default_factory=dict)
    qualifiers: dict[str, QualifierRule] = field(default_factory=dict)
    checks: dict[str, CheckSetting] = field(default_factory=dict)
    constants: dict[str, Constant] = field(default_factory=dict)
    relations: list[dict[str, Any]] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)  # finding fingerprint -> reason
    parsed_relations: list[Any] = field(default_factory=list)  # checker.relations.Relation values
    scopes: dict[str, Scope] = field(default_factory=dict)  # name -> scope (section `scopes`)
    files: tuple[str, ...] = ()
    _metric_names: dict[str, str] = field(default_factory=dict)
    _unit_names: dict[str, str] = field(default_factory=dict)
    _date_names: dict[str, str] = field(default_factory=dict)
    _qualifier_names: dict[str, str] = field(default_factory=dict)

    # -- name lookups (ids and aliases, normalised) -------------------------------------
    def metric_id(self, name: str) -> str | None:
        return self._metric_names.get(normalize_name(name))

    def unit_id(self, name: str) -> str | None:
        return self._unit_names.get(normalize_name(name)) or self._unit_names.get(str(name).strip().lower())

    def named_date(self, name: str) -> NamedDate | None:
        key = self._date_names.get(normalize_name(name))
        return self.named_dates.get(key) if key else None

    def qualifier(self, name: str) -> QualifierRule | None:
        key = self._qualifier_names.get(normalize_name(name)) or self._qualifier_names.get(str(name).strip())
        return self.qualifiers.get(key) if key else None

    def scope_name(self, text: str) -> str | None:
        """The declared scope `text` names (its name or an alias), else None."""
        if not self.scopes:
            return None
        key = normalize_name(text)
        for scope in self.scopes.values():
            if key == normalize_name(scope.name) or key in (normalize_name(a) for a in scope.aliases):
                return scope.name
        return None

    def metric_names(self) -> list[str]:
        return list(self._metric_names)

    def unit_names(self) -> list[str]:
        return list(self._unit_names)

    def qualifier_names(self) -> list[str]:
        return list(self._qualifier_names)

    def date_names(self) -> list[str]:
        return list(self._date_names)

    def conversion(self, unit: str, target: str) -> float | None:
        """Factor that turns a figure in `unit` into `target`, or None when they don't convert."""
        root_a, factor_a = self._root(unit)
        root_b, factor_b = self._root(target)
        if root_a is None or root_a != root_b:
            return None
        return factor_a / factor_b

    def _root(self, unit: str) -> tuple[str | None, float]:
        factor = 1.0
        seen = set()
        current: str | None = unit
        while current is not None and current in self.units and current not in seen:
            seen.add(current)
            spec = self.units[current]
            if spec.to is None:
                return current, factor
            factor *= spec.factor
            current = spec.to
        return None, factor

    def lag_days(self, metric: str) -> int:
        spec = self.metrics.get(metric)
        if spec is not None and spec.reporting_lag_days is not None:
            return spec.reporting_lag_days
        return self.settings.reporting_lag_days

    def check_setting(self, check_id: str, metric: str | None = None) -> CheckSetting:
        """Effective severity and options: the metric's override wins over the rule files'."""
        from checker.checks import REGISTRY, build_options

        base = self.checks.get(check_id)
        if base is None:
            module = REGISTRY[check_id]
            base = CheckSetting(module.DEFAULT_SEVERITY, build_options(module, {}, self.settings))
        spec = self.metrics.get(metric) if metric else None
        if spec is None:
            return base
        for override_id, values in spec.checks:
            if override_id == check_id:
                values = dict(values)
                severity = values.pop("severity", base.severity)
                options = base.options
                if values:
                    from dataclasses import replace

                    options = replace(options, **values)
                return CheckSetting(severity, options)
        return base


# ---------------------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(self, path: str, line: int | None, field_name: str | None, message: str, hint: str | None = None) -> None:
        self.issues.append(InputIssue(path, line, field_name, message, hint))


def _check_keys(c: _Collector, path: str, mapping: LineDict, allowed: tuple[str, ...], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            c.add(path, mapping.line_of(key), f"{where}.{key}" if where else str(key), "unknown key", did_you_mean(str(key), allowed))


def _as_aliases(c: _Collector, path: str, node: LineDict, where: str) -> tuple[str, ...]:
    raw = node.get("aliases", [])
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(a, (str, int, float)) for a in raw):
        c.add(path, node.line_of("aliases"), f"{where}.aliases", "expected a list of strings")
        return ()
    return tuple(str(a) for a in raw)


def load_rules(paths: list[Path], max_file_bytes: int | None = None) -> RuleSet:
    """Load every *.yaml / *.yml file in the given folders (or files), sorted by name."""
    from checker.checks import REGISTRY, build_options

    c = _Collector()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            c.add(str(path), None, None, "rules path does not exist")
    documents: list[tuple[str, LineDict]] = []
    for file in files:
        doc, issue = load_yaml(file, max_file_bytes or DEFAULT_MAX_FILE_BYTES, display=display_path(file))
        if issue is not None:
            c.issues.append(issue)
            continue
        if doc is None:
            continue
        if not isinstance(doc, LineDict):
            c.add(display_path(file), getattr(doc, "line", 1), None, "a rules file must be a mapping of sections", f"sections: {', '.join(SECTIONS)}")
            continue
        _check_keys(c, str(file), doc, SECTIONS, "")
        documents.append((display_path(file), doc))

    rules = RuleSet(files=tuple(display_path(f) for f in files))

    # settings ------------------------------------------------------------------------
    settings_values: dict[str, Any] = {}
    allowed_settings = tuple(f.name for f in fields(Settings))
    for path, node in _mappings(c, documents, "settings", "expected a mapping"):
        _check_keys(c, path, node, allowed_settings, "settings")
        for key in allowed_settings:
            if key in node:
                value = node[key]
                expected = bool if key == "trailing_zeros" else str if key == "number_locale" else int
                if expected is str:
                    if value not in NUMBER_LOCALES:
                        c.add(path, node.line_of(key), f"settings.{key}", f"expected one of {', '.join(NUMBER_LOCALES)}, got {value!r}", "en writes 1,500.5; de and fr write 1.500,5")
                    else:
                        settings_values[key] = value
                elif expected is bool and not isinstance(value, bool):
                    c.add(path, node.line_of(key), f"settings.{key}", f"expected true or false, got {value!r}")
                elif expected is int and number_problem(key, value):
                    c.add(path, node.line_of(key), f"settings.{key}", str(number_problem(key, value)))
                else:
                    settings_values[key] = value
    rules.settings = Settings(**settings_values)

    # units ---------------------------------------------------------------------------
    unit_specs: dict[str, tuple[str, int, dict[str, Any]]] = {uid: ("<built-in>", 0, spec) for uid, spec in DEFAULT_UNITS.items()}
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "units"):
            _check_keys(c, path, node, ("id", "label", "aliases", "convert"), where)
            uid = _id(c, path, node, where)
            if uid is None:
                continue
            if uid in unit_specs and unit_specs[uid][0] != "<built-in>":
                c.add(path, line, f"{where}.id", f"unit {uid!r} is already defined in {unit_specs[uid][0]}:{unit_specs[uid][1]}")
                continue
            spec: dict[str, Any] = {"label": str(node.get("label", uid)), "aliases": list(_as_aliases(c, path, node, where))}
            convert = node.get("convert")
            if convert is not None:
                if not isinstance(convert, LineDict) or set(convert) - {"to", "factor"} or "to" not in convert or "factor" not in convert:
                    c.add(path, node.line_of("convert"), f"{where}.convert", "expected {to: <unit id>, factor: <number>}")
                elif isinstance(convert["factor"], bool) or not isinstance(convert["factor"], (int, float)) or not (1e-12 <= convert["factor"] <= 1e12):
                    c.add(path, convert.line_of("factor"), f"{where}.convert.factor", f"expected a positive number from 1e-12 to 1e12, got {convert['factor']!r}")
                else:
                    spec["convert"] = {"to": str(convert["to"]), "factor": float(convert["factor"]), "line": convert.line_of("to")}
            unit_specs[uid] = (path, line, spec)
    for uid, (path, line, spec) in unit_specs.items():
        convert = spec.get("convert") or {}
        rules.units[uid] = Unit(uid, spec["label"], tuple(spec["aliases"]), convert.get("to"), convert.get("factor", 1.0))
    for uid, unit in rules.units.items():
        if unit.to is not None and unit.to not in rules.units:
            path, line, spec = unit_specs[uid]
            c.add(path, spec["convert"].get("line", line), "units.convert.to", f"unknown unit {unit.to!r}", did_you_mean(unit.to, rules.units))
    rules._unit_names = _name_table(c, "unit", {u.id: u.aliases + (u.label,) for u in rules.units.values()}, unit_specs)

    # qualifiers ----------------------------------------------------------------------
    qualifier_specs: dict[str, tuple[str, int, dict[str, Any]]] = {qid: ("<built-in>", 0, dict(spec)) for qid, spec in DEFAULT_QUALIFIERS.items()}
    for path, node in _mappings(c, documents, "qualifiers", "expected a mapping of qualifier id to {low, high, ...}"):
        for qid, spec in node.items():
            where = f"qualifiers.{qid}"
            if not isinstance(spec, LineDict):
                c.add(path, node.line_of(qid), where, "expected a mapping such as {low: 0.95, high: 1.05}")
                continue
            _check_keys(c, path, spec, ("low", "high", "low_open", "high_open", "rounding", "aliases"), where)
            merged = dict(qualifier_specs.get(str(qid), ("", 0, {"low": 1.0, "high": 1.0}))[2])
            for key in ("low", "high"):
                if key in spec:
                    value = spec[key]
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or math.isnan(value):
                        c.add(path, spec.line_of(key), f"{where}.{key}", f"expected a non-negative factor (or .inf), got {value!r}")
                    else:
                        merged[key] = float(value)
            for key in ("low_open", "high_open", "rounding"):
                if key in spec:
                    if not isinstance(spec[key], bool):
                        c.add(path, spec.line_of(key), f"{where}.{key}", f"expected true or false, got {spec[key]!r}")
                    else:
                        merged[key] = spec[key]
            if "aliases" in spec:
                merged["aliases"] = list(_as_aliases(c, path, spec, where))
            if merged.get("low", 1.0) > merged.get("high", 1.0):
                c.add(path, spec.line, where, "low factor is above high factor")
            qualifier_specs[str(qid)] = (path, spec.line, merged)
    for qid, (_, _, spec) in qualifier_specs.items():
        rules.qualifiers[qid] = QualifierRule(
            qid, spec.get("low", 1.0), spec.get("high", 1.0), spec.get("low_open", False), spec.get("high_open", False), spec.get("rounding", True), tuple(spec.get("aliases", ()))
        )
    names: dict[str, tuple[str, ...]] = {qid: q.aliases for qid, q in rules.qualifiers.items()}
    for synonym, target in QUALIFIER_SYNONYMS.items():
        if target in names and synonym not in rules.qualifiers:
            names[target] = names[target] + (synonym,)
    rules._qualifier_names = _name_table(c, "qualifier", names, qualifier_specs)

    rules.scopes = _load_scopes(c, documents)

    # named dates ---------------------------------------------------------------------
    date_specs: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "named_dates"):
            _check_keys(c, path, node, ("id", "date", "label", "aliases", "description"), where)
            did = _id(c, path, node, where)
            if did is None:
                continue
            if did in date_specs:
                c.add(path, line, f"{where}.id", f"named date {did!r} is already defined in {date_specs[did][0]}:{date_specs[did][1]}")
                continue
            if "date" not in node:
                c.add(path, line, f"{where}.date", "missing required field")
                continue
            try:
                span = parse_date(node["date"])
            except ValueError as exc:
                c.add(path, node.line_of("date"), f"{where}.date", str(exc))
                continue
            aliases = _as_aliases(c, path, node, where)
            if _reads_as_a_date(c, path, node, where, (did, *aliases), span):
                continue
            date_specs[did] = (path, line, {})
            rules.named_dates[did] = NamedDate(did, span, str(node.get("label", "")), aliases)
    rules._date_names = _name_table(c, "named date", {d.id: d.aliases for d in rules.named_dates.values()}, date_specs)

    # constants -----------------------------------------------------------------------
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "constants"):
            _check_keys(c, path, node, ("id", "value", "unit", "label", "source"), where)
            cid = _id(c, path, node, where)
            if cid is None:
                continue
            value = node.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                c.add(path, node.line_of("value"), f"{where}.value", f"expected a finite number, got {value!r}")
                continue
            unit = rules.unit_id(str(node.get("unit", "count")))
            if unit is None:
                c.add(path, node.line_of("unit"), f"{where}.unit", f"unknown unit {node.get('unit')!r}", did_you_mean(str(node.get("unit")), rules.unit_names()))
                continue
            if cid in rules.constants:
                c.add(path, line, f"{where}.id", f"constant {cid!r} is defined twice")
                continue
            rules.constants[cid] = Constant(cid, float(value), unit, str(node.get("label", "")), str(node.get("source", "")))

    # metrics -------------------------------------------------------------------------
    metric_specs: dict[str, tuple[str, int, dict[str, Any]]] = {}
    pending_overrides: list[tuple[str, LineDict, str, str]] = []
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "metrics"):
            _check_keys(c, path, node, METRIC_KEYS, where)
            mid = _id(c, path, node, where)
            if mid is None:
                continue
            if mid in metric_specs:
                c.add(path, line, f"{where}.id", f"metric {mid!r} is already defined in {metric_specs[mid][0]}:{metric_specs[mid][1]}")
                continue
            kind = node.get("kind")
            if kind not in METRIC_KINDS:
                c.add(path, node.line_of("kind"), f"{where}.kind", f"expected one of {', '.join(METRIC_KINDS)}, got {kind!r}", did_you_mean(str(kind), METRIC_KINDS))
                continue
            unit_name = node.get("unit", "count")
            unit = rules.unit_id(str(unit_name))
            if unit is None:
                c.add(path, node.line_of("unit"), f"{where}.unit", f"unknown unit {unit_name!r}", did_you_mean(str(unit_name), rules.unit_names()))
                continue
            lag = node.get("reporting_lag_days")
            if lag is not None and number_problem("reporting_lag_days", lag):
                c.add(path, node.line_of("reporting_lag_days"), f"{where}.reporting_lag_days", str(number_problem("reporting_lag_days", lag)))
                lag = None
            default_window = _default_window(c, path, node, where, rules)
            metric_specs[mid] = (path, line, {})
            overrides = node.get("checks")
            if overrides is not None:
                if not isinstance(overrides, LineDict):
                    c.add(path, node.line_of("checks"), f"{where}.checks", "expected a mapping of check id to settings")
                else:
                    pending_overrides.append((path, overrides, where, mid))
            rules.metrics[mid] = Metric(
                mid,
                str(node.get("label", mid)),
                kind,
                unit,
                _as_aliases(c, path, node, where),
                " ".join(str(node.get("description", "")).split()),
                normalize_label(str(node.get("scope", "") or "")),  # compared with claims' scopes, normalised alike
                lag,
                (),
                path,
                line,
                default_window,
            )
    rules._metric_names = _name_table(c, "metric", {m.id: m.aliases for m in rules.metrics.values()}, metric_specs)

    # checks --------------------------------------------------------------------------
    def parse_check_settings(path: str, node: LineDict, where: str) -> dict[str, tuple[str | None, dict[str, Any], int]]:
        out: dict[str, tuple[str | None, dict[str, Any], int]] = {}
        for check_id, spec in node.items():
            line = node.line_of(check_id)
            if check_id not in REGISTRY:
                c.add(path, line, f"{where}.{check_id}", "unknown check", did_you_mean(str(check_id), REGISTRY))
                continue
            if isinstance(spec, str) or spec is False:
                spec_dict: dict[str, Any] = {"severity": spec}
                spec_lines: LineDict | None = None
            elif isinstance(spec, LineDict):
                spec_dict = dict(spec)
                spec_lines = spec
            else:
                c.add(path, line, f"{where}.{check_id}", "expected a severity or a mapping of options")
                continue
            severity = spec_dict.pop("severity", None)
            if severity is False:  # YAML 1.1 reads a bare `off` as false
                severity = "off"
            if severity is not None and severity not in SEVERITY_CHOICES:
                c.add(path, spec_lines.line_of("severity") if spec_lines else line, f"{where}.{check_id}.severity", f"expected one of {', '.join(SEVERITY_CHOICES)}, got {severity!r}", did_you_mean(str(severity), SEVERITY_CHOICES))
                continue
            module = REGISTRY[check_id]
            option_names = tuple(f.name for f in fields(module.Options))
            ok = True
            for key, value in spec_dict.items():
                key_line = spec_lines.line_of(key) if spec_lines else line
                if key not in option_names:
                    c.add(path, key_line, f"{where}.{check_id}.{key}", "unknown option", did_you_mean(str(key), option_names + ("severity",)))
                    ok = False
                    continue
                problem = _option_problem(module.Options, key, value)
                if problem:
                    c.add(path, key_line, f"{where}.{check_id}.{key}", problem)
                    ok = False
            if ok:
                out[check_id] = (severity, spec_dict, line)
        return out

    raw_checks: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for path, node in _mappings(c, documents, "checks", "expected a mapping of check id to settings"):
        for check_id, (severity, options, _) in parse_check_settings(path, node, "checks").items():
            prev_sev, prev_opts = raw_checks.get(check_id, (None, {}))
            raw_checks[check_id] = (severity or prev_sev, {**prev_opts, **options})
    for check_id, module in REGISTRY.items():
        severity, options = raw_checks.get(check_id, (None, {}))
        rules.checks[check_id] = CheckSetting(severity or module.DEFAULT_SEVERITY, build_options(module, options, rules.settings))
    for path, node, where, mid in pending_overrides:
        parsed = parse_check_settings(path, node, f"{where}.checks")
        overrides_t = tuple(
            (cid, tuple(sorted(({**opts, **({"severity": sev} if sev else {})}).items())))
            for cid, (sev, opts, _) in sorted(parsed.items())
        )
        from dataclasses import replace

        rules.metrics[mid] = replace(rules.metrics[mid], checks=overrides_t)

    # relations (validated by the relations module) -----------------------------------
    for path, doc in documents:
        node = doc.get("relations")
        if node is None:
            continue
        if not isinstance(node, LineList):
            c.add(path, doc.line_of("relations"), "relations", "expected a list of relations")
            continue
        for index, item in enumerate(node):
            if not isinstance(item, LineDict):
                c.add(path, node.line_of(index), f"relations[{index}]", "expected a mapping")
                continue
            rules.relations.append({"path": path, "line": item.line, "spec": item})

    # accepted findings (suppressions and baselines) -----------------------------------
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "accepted"):
            _check_keys(c, path, node, ("fingerprint", "reason", "rule", "metric", "summary"), where)
            fingerprint = str(node.get("fingerprint") or "")
            reason = " ".join(str(node.get("reason") or "").split())
            if not re.fullmatch(r"[0-9a-f]{16}", fingerprint):
                c.add(path, node.line_of("fingerprint"), f"{where}.fingerprint", f"expected the 16-character fingerprint shown in reports, got {fingerprint!r}")
                continue
            if not reason:
                c.add(path, line, f"{where}.reason", "missing required field", "say why the finding is accepted")
                continue
            rules.accepted[fingerprint] = reason

    if not c.issues:
        from checker.relations import implied_subsets, parse_relations

        try:
            rules.parsed_relations = parse_relations(rules) + implied_subsets(rules)
        except InputErrors as exc:
            c.issues.extend(exc.issues)
    if c.issues:
        raise InputErrors(c.issues)
    return rules


def _load_scopes(c: _Collector, documents: list[tuple[str, LineDict]]) -> dict[str, Scope]:
    """Section `scopes`: [{name: DRC, aliases: [Democratic Republic of the Congo, DR Congo]}].
    A name or alias used by two scopes is an error."""
    scopes: dict[str, Scope] = {}
    owner: dict[str, tuple[str, str, int]] = {}
    for path, doc in documents:
        for node, where, line in _items(c, path, doc, "scopes"):
            _check_keys(c, path, node, ("name", "aliases", "part_of", "description"), where)
            name = " ".join(str(node.get("name") or "").split())
            if not name:
                c.add(path, line, f"{where}.name", "missing required field")
                continue
            aliases = _as_aliases(c, path, node, where)
            for text in (name, *aliases):
                key = normalize_name(text)
                if key in owner and owner[key][0] != name:
                    c.add(path, line, f"{where}.aliases", f"{text!r} already names scope {owner[key][0]!r} ({owner[key][1]}:{owner[key][2]})")
                owner.setdefault(key, (name, path, line))
            part_of = node.get("part_of") or ()
            if isinstance(part_of, str):
                part_of = (part_of,)
            if not isinstance(part_of, (list, tuple)) or not all(isinstance(x, str) and x.strip() for x in part_of):
                c.add(path, node.line_of("part_of"), f"{where}.part_of", f"expected a scope or a list of scopes, got {part_of!r}")
                part_of = ()
            scopes[name] = Scope(name, aliases, tuple(normalize_label(x) for x in part_of))
    return scopes


def _option_problem(options_cls: type, key: str, value: Any) -> str | None:
    default = next(f.default for f in fields(options_cls) if f.name == key)
    if isinstance(default, bool):
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if isinstance(default, (int, float)) or default is None:
        return number_problem(key, value)
    if isinstance(default, str):
        return None if isinstance(value, str) else f"expected text, got {value!r}"
    return None


def _mappings(c: _Collector, documents: list[tuple[str, LineDict]], section: str, message: str):
    """(path, mapping) for each rules file that has `section` as a mapping."""
    for path, doc in documents:
        node = doc.get(section)
        if node is None:
            continue
        if not isinstance(node, LineDict):
            c.add(path, doc.line_of(section), section, message)
            continue
        yield path, node


def _items(c: _Collector, path: str, doc: LineDict, section: str):
    node = doc.get(section)
    if node is None:
        return
    if not isinstance(node, LineList):
        c.add(path, doc.line_of(section), section, "expected a list")
        return
    for index, item in enumerate(node):
        where = f"{section}[{index}]"
        if not isinstance(item, LineDict):
            c.add(path, node.line_of(index), where, "expected a mapping with an id")
            continue
        yield item, where, item.line


METRIC_KEYS = ("id", "label", "kind", "unit", "aliases", "description", "scope", "reporting_lag_days", "checks", "default_window")


def _default_window(c: _Collector, path: str, node: LineDict, where: str, rules: RuleSet) -> str:
    """A metric's `default_window`, checked against the named dates already loaded."""
    spec = node.get("default_window")
    if spec is None:
        return ""
    from checker.windows import WindowError, parse_window  # windows imports this module

    if not isinstance(spec, str) or not spec.strip():
        c.add(path, node.line_of("default_window"), f"{where}.default_window", "expected a window such as 'since end_of_hostilities'")
        return ""
    try:
        parse_window(spec, rules, DateSpan.day(dt.date(9999, 12, 31)))
    except WindowError as exc:
        c.add(path, node.line_of("default_window"), f"{where}.default_window", str(exc), exc.hint)
        return ""
    return " ".join(spec.split())


def _id(c: _Collector, path: str, node: LineDict, where: str) -> str | None:
    value = node.get("id")
    if value is None:
        c.add(path, node.line, f"{where}.id", "missing required field")
        return None
    text = str(value)
    if not ID_RE.match(text):
        c.add(path, node.line_of("id"), f"{where}.id", f"{text!r} is not a valid id (letters, digits, '_', '.', '-')")
        return None
    return text


def _reads_as_a_date(c: _Collector, path: str, node: LineDict, where: str, names: tuple[str, ...], own: DateSpan) -> bool:
    """A named date called "2020-11" would shadow the literal date in every window: refused,
    unless the name is its own date written out ("January 1 2023" for 2023-01-01)."""
    for name in names:
        try:
            if parse_date(name) == own:
                continue
        except ValueError:
            continue
        key = "id" if name == names[0] else "aliases"
        c.add(path, node.line_of(key), f"{where}.{key}", f"{name!r} reads as a date, so it cannot name one", "name it in words, e.g. end_of_hostilities")
        return True
    return False


def _name_table(c: _Collector, what: str, names: dict[str, tuple[str, ...]], specs: dict[str, tuple[str, int, dict[str, Any]]]) -> dict[str, str]:
    """Map each normalised id and alias to its id; an alias shared by two ids is an error."""
    table: dict[str, str] = {}
    for key in sorted(names):
        owner = table.get(normalize_name(key))
        if owner is not None and owner != key:  # "mine-deaths" and "Mine_Deaths" are one name to the lookups
            path, line, _ = specs.get(key, ("<rules>", 0, {}))
            if path != "<built-in>":
                c.add(path, line or None, f"{what} {key}", f"reads the same as {what} {owner!r} (names match ignoring case, '-', '_' and punctuation)", "rename one, or make one an alias of the other")
            continue
        table[normalize_name(key)] = key
        table[key] = key
    for key in sorted(names):
        for alias in names[key]:
            norm = normalize_name(alias) or alias.strip()
            owner = table.get(norm)
            if owner is not None and owner != key:
                path, line, _ = specs.get(key, ("<rules>", 0, {}))
                if path != "<built-in>":
                    c.add(path, line or None, f"{what} {key}", f"alias {alias!r} is already used by {what} {owner!r}")
                continue
            table[norm] = key
    return table
