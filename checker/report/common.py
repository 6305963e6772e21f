"""What the text reports share: figure phrases, per-metric timelines, severity order."""

from __future__ import annotations

import re

import pandas as pd

from checker.model import Interval, format_number
from checker.values import FRACTION_WORDS

QUALIFIER_WORDS = {"exact": "", "range": "", "more_than": "more than", "less_than": "less than", "up_to": "up to", "at_least": "at least"}


def figure_text(printed: str, qualifier: str, unit: str) -> str:
    """'more than 3,400 people'; a word fraction is a share by itself ("a third", not "a third percent")."""
    words = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    unit = "" if printed.lower() in FRACTION_WORDS else unit
    return " ".join(part for part in (words, printed, unit) if part)


def interval_text(row) -> str:
    if pd.isna(row["low"]):
        return "not convertible"
    return Interval(row["low"], row["high"], bool(row["low_open"]), bool(row["high_open"])).describe()


def compared_text(row, metric_unit: str) -> str:
    """A claim row's interval in its metric's unit, as findings show it ("[54, 60) km2")."""
    if pd.isna(row["low"]):
        return f"not convertible to {metric_unit}"
    return f"{interval_text(row)} {metric_unit}"


def window_text(row) -> str:
    start, _, end = str(row["window_text"]).partition(" .. ")
    suffix = " (publication)" if row["end_from_publication"] else ""
    if start == "?":
        return f"as of {end}{suffix}"
    return f"{start} to {end}{suffix}"


def timeline(frame: pd.DataFrame) -> list[tuple[tuple[str, str], pd.DataFrame]]:
    """Claims per (metric, scope), each sorted by window end, then publication, source, line."""
    if frame.empty:
        return []
    ordered = frame.sort_values(["metric", "scope", "end_last", "start_first", "published", "source_id", "line", "claim_id"], kind="stable", na_position="first")
    return [(key, group) for key, group in ordered.groupby(["metric", "scope"], sort=True)]


def number(x: float) -> str:
    return format_number(x)


def numbered_findings(findings) -> list[tuple[int, object]]:
    """Findings as every report numbers them: open ones first (in the engine's order), then the
    accepted ones, numbered from 1. Charts, Markdown and the terminal share these numbers."""
    open_first = [f for f in findings if f.accepted is None] + [f for f in findings if f.accepted is not None]
    return list(enumerate(open_first, 1))


def findings_by_claim(numbered) -> dict[str, list[tuple[int, object]]]:
    """claim id -> the (number, finding) pairs that involve it, in number order."""
    involved: dict[str, list[tuple[int, object]]] = {}
    for number, finding in numbered:
        for claim_id in dict.fromkeys(c.claim_id for c in finding.claims):
            involved.setdefault(claim_id, []).append((number, finding))
    return involved


def said_by(attributed_to: str, publisher: str) -> str:
    """Who gave a figure: the person or body it is attributed to, and where it was published."""
    attributed_to, publisher = str(attributed_to or "").strip(), str(publisher or "").strip()
    if attributed_to and publisher and attributed_to != publisher:
        return f"{attributed_to}, in {publisher}"
    return attributed_to or publisher


def group_slugs(keys) -> dict[tuple[str, str], str]:
    """A file-name- and anchor-safe name for each (metric, scope) timeline: the metric id alone
    when the metric has one scope, else the id and a slug of the scope; unique by a suffix."""
    keys = sorted(keys)
    scopes_per_metric: dict[str, int] = {}
    for metric, _ in keys:
        scopes_per_metric[metric] = scopes_per_metric.get(metric, 0) + 1
    slugs: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for metric, scope in keys:
        base = _slug(metric)
        if scopes_per_metric[metric] > 1:
            base = f"{base}--{_slug(scope) or 'default'}"
        slug, n = base, 1
        while slug.lower() in taken:  # case-insensitive file systems
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug.lower())
        slugs[(metric, scope)] = slug
    return slugs


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[A-Za-z0-9_]+", str(text)))[:60].strip("-")


def figure_as_compared(figure: str, compared: str) -> str:
    """The figure as printed and, where it differs, the interval it was compared as."""
    return figure if compared in ("", figure) else f"{figure} (as {compared})"
