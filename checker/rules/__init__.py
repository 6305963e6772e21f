"""rules/*.yaml -> RuleSet, with a strict schema.

Every rule file may hold any of the sections below; all files in the rules folders are merged.
Each section has its own validator, in the module named after it (settings, units, metrics,
named_dates, qualifiers, scopes, checks, constants, relations, accepted); `loader` reads the
files and runs them. Unknown keys, unknown ids and bad values are collected as InputIssues with
a "did you mean". The RuleSet is frozen: overrides go to `load_rules`, never onto its result.
"""

from checker.model import ID_RE
from checker.rules.loader import SECTIONS, load_rules
from checker.rules.qualifiers import DEFAULT_QUALIFIERS
from checker.rules.ruleset import CheckSetting, Constant, Metric, NamedDate, ReadOnlyDict, RuleSet, Scope, Settings, Unit, normalize_name
from checker.rules.schema import number_problem
from checker.rules.units import DEFAULT_UNITS

__all__ = [
    "CheckSetting", "Constant", "DEFAULT_QUALIFIERS", "DEFAULT_UNITS", "ID_RE", "Metric", "NamedDate", "ReadOnlyDict",
    "RuleSet", "SECTIONS", "Scope", "Settings", "Unit", "load_rules", "normalize_name", "number_problem",
]
