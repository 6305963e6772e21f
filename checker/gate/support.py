"""What the corpus holds for a draft figure: the claims it can be compared with, and how.

A corpus claim supports a figure when the checks would compare the two and find nothing:
- `same window`: same metric and scope, windows whose edges lie within the date tolerance
  (an "as of publication" end may lag by the reporting lag), and intervals that overlap;
- `contains` / `contained` (cumulative metrics): one window certainly contains the other and
  the longer window's figure is not below the shorter one's;
- `estimate`: estimates of the same metric and scope whose intervals overlap.
These are the comparisons of same-window-agreement, cumulative-containment and
estimate-disagreement, read with the same helpers. When nothing is comparable, `holdings`
says what the corpus has for the metric at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from checker.checks.common import contains, disjoint, same_window, strictly_below

SAME_WINDOW = "same window"
CONTAINS = "contains"  # the draft's window contains the corpus claim's
CONTAINED = "contained"  # the corpus claim's window contains the draft's
ESTIMATE = "estimate"


@dataclass(frozen=True)
class Holdings:
    """What the corpus holds for a metric: counts and the range of window ends."""

    metric: str
    claims: int
    sources: int
    scopes: tuple[str, ...]
    first_end: str
    last_end: str


def corpus_rows(frame: pd.DataFrame, draft_ids: set[str]) -> pd.DataFrame:
    """Claims that are not the draft's and were not derived from the draft's."""
    if frame.empty:
        return frame
    from_draft = frame["derived_from"].map(lambda ids: bool(draft_ids.intersection(str(ids).split(","))) if ids else False)
    return frame[~frame["claim_id"].isin(draft_ids) & ~from_draft.astype(bool)]


def supporting(corpus: pd.DataFrame, row: dict, tolerance: float) -> list[tuple[str, str]]:
    """(relation, claim id) for each corpus claim that agrees with the draft row, newest first."""
    if corpus.empty or pd.isna(row["low"]):
        return []
    peers = corpus[(corpus["metric"] == row["metric"]) & (corpus["scope"] == row["scope"]) & corpus["low"].notna()]
    if peers.empty:
        return []
    peers = peers.sort_values(["published_last", "source_id", "line", "claim_id"], ascending=[False, True, True, True], kind="stable")
    b = {name: peers[name].to_numpy() for name in peers.columns}
    overlap = ~disjoint(row, b)
    if row["kind"] == "estimate":
        relation = np.where(overlap, ESTIMATE, "")
    else:
        same = same_window(row, b, tolerance)
        relation = np.where(same & overlap, SAME_WINDOW, "")
        if row["kind"] == "cumulative":
            outer_ok = ~same & contains(row, b, tolerance) & ~strictly_below(row["high"], row["high_open"], b["low"], b["low_open"])
            inner_ok = ~same & contains(b, row, tolerance) & ~strictly_below(b["high"], b["high_open"], row["low"], row["low_open"])
            relation = np.where(relation != "", relation, np.where(outer_ok, CONTAINS, np.where(inner_ok, CONTAINED, "")))
    ids = b["claim_id"]
    return [(str(rel), str(ids[k])) for k, rel in enumerate(relation) if rel]


def holdings(corpus: pd.DataFrame, metric: str) -> Holdings:
    rows = corpus[corpus["metric"] == metric] if not corpus.empty else corpus
    if rows.empty:
        return Holdings(metric, 0, 0, (), "", "")
    ends = rows["window_text"].map(lambda text: str(text).partition(" .. ")[2])
    order = rows["end_last"].argsort(kind="stable").to_numpy()
    return Holdings(
        metric=metric,
        claims=int(len(rows)),
        sources=int(rows["source_id"].nunique()),
        scopes=tuple(sorted({str(s) for s in rows["scope"]})),
        first_end=str(ends.iloc[order[0]]),
        last_end=str(ends.iloc[order[-1]]),
    )
