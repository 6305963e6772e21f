"""The RuleSet the loader builds, and the values it holds: settings, units, metrics, named dates,
scopes, constants and check settings. Everything here is frozen: the command line's overrides go to
the loader, so a RuleSet never changes after loading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from checker.checks import REGISTRY, build_options, unnamed_severity
from checker.dates import DateSpan
from checker.values import QualifierRule
from checker.yamlio import DEFAULT_MAX_FILE_BYTES

if TYPE_CHECKING:  # relations are parsed against a RuleSet; the RuleSet only holds them
    from checker.relations import Relation


_JOINERS_RE = re.compile(r"[_\-–‑]+")
_PUNCTUATION_RE = re.compile(r"[\"'’“”.,;:!?()]")


def normalize_name(text: str) -> str:
    """Lower case, '_' and '-' as spaces, one space between words: the form aliases match in."""
    text = str(text).lower()
    if text.isalnum():  # no joiner, punctuation or space to change (most ids: rules name thousands)
        return text
    text = _JOINERS_RE.sub(" ", text)
    text = _PUNCTUATION_RE.sub("", text)
    return " ".join(text.split())


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
    measure: bool = False  # an amount (tonnes, crore), not whole things: an integer is rounded to its unit


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
    part_of: tuple[str, ...] = ()  # wholer scopes this one is part of (a city of its region)


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


class ReadOnlyDict(dict):
    """A dict that refuses changes, for the tables of a RuleSet (which every stage of a run shares).
    A dict rather than a mapping proxy so that it pickles and pandas maps through it."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("the rules are read-only once loaded; pass overrides to load_rules")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (dict(self),)


@dataclass(frozen=True)
class RuleSet:
    """What the rule files say, validated. Its tables are read-only; build a changed copy with
    dataclasses.replace (the tables passed in are made read-only too)."""

    settings: Settings = field(default_factory=Settings)
    units: Mapping[str, Unit] = field(default_factory=ReadOnlyDict)
    metrics: Mapping[str, Metric] = field(default_factory=ReadOnlyDict)
    named_dates: Mapping[str, NamedDate] = field(default_factory=ReadOnlyDict)
    qualifiers: Mapping[str, QualifierRule] = field(default_factory=ReadOnlyDict)
    checks: Mapping[str, CheckSetting] = field(default_factory=ReadOnlyDict)
    constants: Mapping[str, Constant] = field(default_factory=ReadOnlyDict)
    relations: tuple[Relation, ...] = ()  # declared in section `relations`, then those scopes' part_of imply
    accepted: Mapping[str, str] = field(default_factory=ReadOnlyDict)  # finding fingerprint -> reason
    scopes: Mapping[str, Scope] = field(default_factory=ReadOnlyDict)  # name -> scope (section `scopes`)
    files: tuple[str, ...] = ()
    _metric_names: Mapping[str, str] = field(default_factory=ReadOnlyDict)
    _unit_names: Mapping[str, str] = field(default_factory=ReadOnlyDict)
    _date_names: Mapping[str, str] = field(default_factory=ReadOnlyDict)
    _qualifier_names: Mapping[str, str] = field(default_factory=ReadOnlyDict)

    def __post_init__(self) -> None:
        for table in fields(self):
            value = getattr(self, table.name)
            if isinstance(value, dict) and not isinstance(value, ReadOnlyDict):
                object.__setattr__(self, table.name, ReadOnlyDict(value))  # the one write, at construction
        object.__setattr__(self, "relations", tuple(self.relations))

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
        base = self.checks.get(check_id)
        if base is None:
            module = REGISTRY[check_id]
            base = CheckSetting(unnamed_severity(module), build_options(module, {}, self.settings))
        spec = self.metrics.get(metric) if metric else None
        if spec is None:
            return base
        for override_id, values in spec.checks:
            if override_id == check_id:
                values = dict(values)
                severity = values.pop("severity", base.severity)
                options = base.options
                if values:
                    options = replace(options, **values)
                return CheckSetting(severity, options)
        return base


