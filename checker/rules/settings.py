"""Section `settings`: run-wide values (reporting lag, date tolerance, limits, number locale).

Later files override earlier ones key by key; the command line's overrides (--max-file-size,
--max-claims) win over every file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from checker.rules.ruleset import Settings
from checker.rules.schema import Collector, Documents, check_keys, number_problem, section_mappings

NUMBER_LOCALES = ("en", "de", "fr")
SETTING_NAMES = tuple(f.name for f in fields(Settings))


def load_settings(c: Collector, documents: Documents, overrides: Mapping[str, Any]) -> Settings:
    unknown = set(overrides) - set(SETTING_NAMES)
    if unknown:  # a caller's mistake, not the user's
        raise ValueError(f"unknown settings overrides: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for path, node in section_mappings(c, documents, "settings", "expected a mapping"):
        check_keys(c, path, node, SETTING_NAMES, "settings")
        for key in SETTING_NAMES:
            if key in node:
                problem = _setting_problem(key, node[key])
                if problem:
                    c.add(path, node.line_of(key), f"settings.{key}", *problem)
                else:
                    values[key] = node[key]
    return Settings(**{**values, **overrides})


def _setting_problem(key: str, value: Any) -> tuple[str, ...] | None:
    """(message,) or (message, hint) when `value` cannot be setting `key`, else None."""
    if key == "number_locale":
        if value not in NUMBER_LOCALES:
            return f"expected one of {', '.join(NUMBER_LOCALES)}, got {value!r}", "en writes 1,500.5; de and fr write 1.500,5"
        return None
    if key == "trailing_zeros":
        return None if isinstance(value, bool) else (f"expected true or false, got {value!r}",)
    problem = number_problem(key, value)
    return (problem,) if problem else None
