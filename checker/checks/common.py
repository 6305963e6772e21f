"""Shared, vectorised helpers for checks: candidate pairs within groups and interval tests."""

from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd

PAIR_CHUNK = 2_000_000
GROUP_KEYS = ["metric", "scope"]


def group_pairs(frame: pd.DataFrame, keys: list[str] | None = None, chunk: int = PAIR_CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every unordered pair (i, j), i before j, of rows that share `keys`, as positional arrays.

    Built with numpy (repeat and cumulative sums), never a Python loop over claims; yielded in
    chunks of about `chunk` pairs so memory stays bounded for large groups.
    """
    n = len(frame)
    if n < 2:
        return
    codes = frame.groupby(keys or GROUP_KEYS, sort=True, dropna=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    _, starts, sizes = np.unique(sorted_codes, return_index=True, return_counts=True)
    position = np.arange(n) - np.repeat(starts, sizes)
    partners = np.repeat(sizes, sizes) - 1 - position  # how many later rows share the group
    cumulative = np.cumsum(partners)
    total = int(cumulative[-1])
    if total == 0:
        return
    begin = 0
    while begin < n:
        target = (cumulative[begin - 1] if begin else 0) + chunk
        end = int(np.searchsorted(cumulative, target, side="right"))
        end = max(end, begin + 1)
        counts = partners[begin:end]
        size = int(counts.sum())
        if size:
            first = np.repeat(np.arange(begin, end), counts)
            block_start = np.repeat(np.cumsum(counts) - counts, counts)
            second = first + 1 + (np.arange(size) - block_start)
            yield order[first], order[second]
        begin = end


def strictly_below(high: np.ndarray, high_open: np.ndarray, low: np.ndarray, low_open: np.ndarray) -> np.ndarray:
    """Interval A (…, high) lies entirely below interval B (low, …)."""
    return (high < low) | ((high == low) & (high_open | low_open))


def disjoint(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    return strictly_below(a["high"].to_numpy(), a["high_open"].to_numpy(bool), b["low"].to_numpy(), b["low_open"].to_numpy(bool)) | strictly_below(
        b["high"].to_numpy(), b["high_open"].to_numpy(bool), a["low"].to_numpy(), a["low_open"].to_numpy(bool)
    )


def span_gap(a_first: np.ndarray, a_last: np.ndarray, b_first: np.ndarray, b_last: np.ndarray) -> np.ndarray:
    """Days between two date spans (0 when they overlap)."""
    return np.maximum(np.maximum(a_first - b_last, b_first - a_last), 0)


def same_window(a: pd.DataFrame, b: pd.DataFrame, tolerance: float) -> np.ndarray:
    """Windows whose starts and ends are within `tolerance` days (unknown starts match each other)."""
    a_unknown = np.isnan(a["start_first"].to_numpy())
    b_unknown = np.isnan(b["start_first"].to_numpy())
    start_gap = span_gap(a["start_first"].to_numpy(), a["start_last"].to_numpy(), b["start_first"].to_numpy(), b["start_last"].to_numpy())
    start_ok = (a_unknown & b_unknown) | (~a_unknown & ~b_unknown & (start_gap <= tolerance))
    end_gap = span_gap(a["end_early"].to_numpy(), a["end_last"].to_numpy(), b["end_early"].to_numpy(), b["end_last"].to_numpy())
    return start_ok & (end_gap <= tolerance)


def contains(outer: pd.DataFrame, inner: pd.DataFrame, tolerance: float) -> np.ndarray:
    """`outer`'s window certainly contains `inner`'s: it starts no later and ends no earlier,
    allowing `tolerance` days at each edge and the reporting lag already folded into end_early."""
    starts_ok = outer["start_last"].to_numpy() <= inner["start_first"].to_numpy() + tolerance
    ends_ok = outer["end_early"].to_numpy() >= inner["end_last"].to_numpy() - tolerance
    return starts_ok & ends_ok  # NaN starts compare False: unknown starts never contain


def take(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    return frame.take(positions).reset_index(drop=True)


QUALIFIER_WORDS = {"exact": "", "range": "", "more_than": "more than", "less_than": "less than", "up_to": "up to", "at_least": "at least"}


def figure(row: pd.Series) -> str:
    """'more than 3,400 people' as printed, with the unit id."""
    words = QUALIFIER_WORDS.get(row["qualifier"], str(row["qualifier"]).replace("_", " "))
    text = f"{words} {row['printed']}".strip()
    return f"{text} {row['unit']}"


def who(row: pd.Series) -> str:
    return f"{row['source_id']} ({row['published']})"


def window(row: pd.Series) -> str:
    start = row["window_text"].split(" .. ")[0]
    end = row["window_text"].split(" .. ")[-1]
    if start == "?":
        return f"as of publication ({end})" if row["end_from_publication"] else f"as of {end}"
    if row["end_from_publication"]:
        return f"{start} to publication ({end})"
    return f"{start} to {end}"


def interval_text(row: pd.Series) -> str:
    from checker.model import Interval

    return Interval(row["low"], row["high"], bool(row["low_open"]), bool(row["high_open"])).describe()


def percent(part: float, whole: float) -> str:
    if not np.isfinite(part) or not np.isfinite(whole) or whole == 0:
        return ""
    return f" ({abs(part) / abs(whole) * 100:.1f}%)"
