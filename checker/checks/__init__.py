"""Check kinds. Each module is one check: its docstring is its user documentation.

The one contract (docs/extending.md). A check module declares:

- ``ID`` (kebab-case, the module's name) and ``DEFAULT_SEVERITY``; and ``RUNS_BY_DEFAULT = False``
  for a check whose premise is knowledge of the topic the rules must state: it runs only where
  the rules name it (at ``DEFAULT_SEVERITY`` unless they give one);
- what it applies to: ``KINDS``, the metric kinds whose claims it compares, and
  ``RELATION_KIND``, the kind of rules relation it tests (``None`` for a check of metric kinds);
- a relation check's ``select(claims, relation) -> rows``: the claims it reads, taken from a
  ``checker.claim.Claims`` view (``relation_common.metric_claims``, a view of its relation's
  metrics, unless it reads more);
- an ``Options`` frozen dataclass (the schema the rules loader validates its options against);
- ``check(claims, options, relation=None) -> (drafts, compared)``: pure, no I/O, no
  severity. ``relation`` is a ``relation_common.RelationInput`` for a relation check.
  ``compared`` is a boolean numpy array, one per row of ``claims`` (``Seen.rows()``), or,
  as checks first returned it and the engine still accepts, a set of claim ids.

Each draft carries its evidence (proof, likely, hint). The engine alone stamps rule id and
severity, applies the findings limit, de-duplicates, and decides what counts as compared.
"""

from __future__ import annotations

from dataclasses import fields
from types import ModuleType
from typing import Any

from checker.checks import (
    cumulative_containment,
    estimate_disagreement,
    outdated_lower_bound,
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
        outdated_lower_bound,
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


def unnamed_severity(module: ModuleType) -> str:
    """The severity of a check the rules do not name: its default, or off for a check that runs
    only where the rules name it."""
    return module.DEFAULT_SEVERITY if getattr(module, "RUNS_BY_DEFAULT", True) else "off"
