"""Which scope a draft figure is about: the extractor reads metrics, not scopes.

A metric's claims can be split by scope (a place, a population: a city and the whole
country, a region and the continent). A figure of such a metric takes the scope its own words
name: a scope name (as the corpus and the rules write them, relations' scopes included) found in
its quote, else the scope the extractor read from its clause (`checker.extract.scopes`: aliases,
groups, places), else a name found in its sentence, the longest name winning ("outside the city"
over "the city"). A figure whose words name no scope takes the metric's default scope, the
reading of a figure given without a place, and that reading is a guess (`checker.gate.readings`).
One whose sentence names two scopes and whose quote names none is not understood.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from checker.gate.draft import Figure


def scopes_by_metric(frame: pd.DataFrame, rules) -> dict[str, set[str]]:
    """Every scope each metric is known in: its default, those the rules' relations name, and
    those of the corpus's claims."""
    known = {metric_id: {metric.scope} for metric_id, metric in rules.metrics.items()}
    for metric_id, scope in relation_scopes(rules):
        known.setdefault(metric_id, set()).add(scope)
    if not frame.empty:
        for metric_id, scope in set(zip(frame["metric"], frame["scope"])):
            known.setdefault(metric_id, set()).add(str(scope))
    return known


def relation_scopes(rules) -> set[tuple[str, str]]:
    """(metric, scope) of every side of a relation that names a scope (subset relations)."""
    found = set()
    for relation in rules.relations:
        for _, value in relation.roles:
            for operand in value if isinstance(value, tuple) else (value,):
                if operand.op == "metric" and operand.scope:
                    found.add((operand.name, operand.scope))
    return found


def named_scopes(text: str, scopes: set[str]) -> set[str]:
    """The scopes named in `text` (whole words, any case); a name inside a longer one found in
    the same text does not count."""
    lowered = text.lower()
    found = {s for s in scopes if s and re.search(rf"(?<!\w){re.escape(s.lower())}(?!\w)", lowered)}
    return {s for s in found if not any(s != other and s.lower() in other.lower() for other in found)}


def assign_scopes(figures: list[Figure], known: dict[str, set[str]], defaults: dict[str, str]) -> tuple[list[Figure], dict[str, str], set[str]]:
    """The figures with their scope set, the ids of those whose scope is ambiguous (with the
    scopes named), and the ids of those that took the default scope of a metric with several."""
    out: list[Figure] = []
    ambiguous: dict[str, str] = {}
    defaulted: set[str] = set()
    for figure in figures:
        scopes = known.get(figure.metric, set())
        if len(scopes) < 2:  # one scope: nothing to choose
            out.append(figure)
            continue
        chosen = defaults.get(figure.metric, "")
        extracted = str(figure.claim.get("scope") or "")
        in_quote, in_sentence = named_scopes(figure.quote, scopes), named_scopes(figure.sentence, scopes)
        if len(in_quote) == 1:
            chosen = next(iter(in_quote))
        elif extracted and not in_quote:
            chosen = extracted
        elif len(in_quote) > 1 or len(in_sentence) > 1:
            ambiguous[figure.claim_id] = ", ".join(sorted(in_quote or in_sentence))
            continue
        elif in_sentence:
            chosen = next(iter(in_sentence))
        else:
            defaulted.add(figure.claim_id)
        out.append(replace(figure, scope=chosen, claim={**figure.claim, "scope": chosen}))
    return out, ambiguous, defaulted
