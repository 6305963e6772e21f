"""What the text reports share: figure phrases, per-metric timelines, severity order."""

from __future__ import annotations

import pandas as pd

from checker.model import Interval, format_number

QUALIFIER_WORDS = {"exact": "", "range": "", "more_than": "more than", "less_than": "less than", "up_to": "up to", "at_least": "at least"}


def figure_text(printed: str, qualifier: str, unit: str) -> str:
    words = QUALIFIER_WORDS.get(qualifier, qualifier.replace("_", " "))
    return " ".join(part for part in (words, printed, unit) if part)


def interval_text(row) -> str:
    if pd.isna(row["low"]):
        return "not convertible"
    return Interval(row["low"], row["high"], bool(row["low_open"]), bool(row["high_open"])).describe()


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
