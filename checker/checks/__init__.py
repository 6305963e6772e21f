"""Check kinds. Each module is one check: its docstring is its user documentation.

A check module has ``ID``, ``DEFAULT_SEVERITY``, ``KINDS`` (metric kinds it applies to),
an ``Options`` frozen dataclass and ``check(frame, options) -> Iterator[Draft]``: pure, no I/O,
no severity. The engine stamps rule id and severity.
"""

from __future__ import annotations

from dataclasses import fields
from types import ModuleType
from typing import Any

from checker.checks import (
    cumulative_containment,
    estimate_disagreement,
    parts_sum,
    qualifier_conflict,
    rate_jump,
    same_window_agreement,
    scope_subset,
    share_consistency,
    stale_figure,
    stock_flow,
)

REGISTRY: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        same_window_agreement,
        cumulative_containment,
        qualifier_conflict,
        stale_figure,
        parts_sum,
        share_consistency,
        stock_flow,
        scope_subset,
        rate_jump,
        estimate_disagreement,
    )
}


def build_options(module: ModuleType, values: dict[str, Any], settings: Any) -> Any:
    """The check's Options with values from the rules; unset (None) options take the global setting."""
    kwargs = dict(values)
    for option in fields(module.Options):
        if kwargs.get(option.name) is None and option.default is None and hasattr(settings, option.name):
            kwargs[option.name] = getattr(settings, option.name)
    return module.Options(**kwargs)
