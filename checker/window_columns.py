"""Window phrases read as columns: each distinct phrase split once, each distinct date in it
resolved once, and the publication date filled in with numpy.

A flat file of a million claims holds about a hundred thousand distinct window phrases and
twice as many (phrase, publication date) pairs; `parse_window` on every pair was most of the
loading time. Here a phrase costs one shorthand match, and what depends on the publication
date ("since X" ends at publication) is array arithmetic over the pairs.

The result is what `parse_window` gives for each pair, field for field. Phrases this reader
does not take (a publication word as a start, "during" a publication word, anything that does
not parse) are left to `parse_window`: the caller reads those pairs one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from checker.dates import DateSpan
from checker.rules import RuleSet
from checker.windows import SHORTHAND, Window, WindowError, resolve_date


@dataclass
class WindowColumns:
    """One row per (phrase, publication date) pair; `read` marks the rows this reader filled."""

    read: np.ndarray
    text: np.ndarray
    start_first: np.ndarray
    start_last: np.ndarray
    end_first: np.ndarray
    end_last: np.ndarray
    end_from_publication: np.ndarray
    starts_after_end: np.ndarray  # parse_window would raise "window starts after it ends"
    published_last: np.ndarray

    def fill(self, row: int, window: Window) -> None:
        """Row `row` as parse_window read it."""
        self.read[row] = True
        self.text[row] = window.text
        has_start = window.start is not None
        self.start_first[row] = float(window.start.first.toordinal()) if has_start else np.nan
        self.start_last[row] = float(window.start.last.toordinal()) if has_start else np.nan
        self.end_first[row] = float(window.end.first.toordinal())
        self.end_last[row] = float(window.end.last.toordinal())
        self.end_from_publication[row] = window.end_from_publication
        self.starts_after_end[row] = False


def split_phrase(text: str) -> tuple[str, str | None, str | None] | None:
    """(kind, start part, end part) of a shorthand window phrase, as parse_window splits it: kind
    is since, between, as_of or during (whose one part is the start); a part is None when absent
    (an end of None is the publication date). None when parse_window must read the phrase."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 200:
        return None
    for pattern, kind in SHORTHAND:
        match = pattern.match(cleaned)
        if match:
            groups = match.groupdict()
            if kind == "as_of":
                return kind, None, groups["end"]
            if kind == "during":
                return kind, groups["during"], None
            return kind, groups["start"], groups.get("end")
    return None


class Dates:
    """Each distinct date part resolved once: (first, last ordinals, iso, is publication) or None."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.known: dict[str, tuple[float, float, str, bool] | None] = {}
        self._any_day = DateSpan.day(dt.date(2000, 1, 1))  # read only for publication words, which are flagged

    def __call__(self, part: str) -> tuple[float, float, str, bool] | None:
        if part not in self.known:
            try:
                span, from_publication = resolve_date(part, self.rules, self._any_day)
                self.known[part] = (float(span.first.toordinal()), float(span.last.toordinal()), span.iso(), from_publication)
            except WindowError:
                self.known[part] = None
        return self.known[part]


def phrase_table(phrases: list[str | None], rules: RuleSet) -> dict[str, np.ndarray]:
    """Per distinct phrase: whether it is read here, its start and (fixed) end, and whether the
    end is the publication date."""
    n = len(phrases)
    read = np.zeros(n, bool)
    has_start = np.zeros(n, bool)
    start = np.full((n, 2), np.nan)
    end = np.full((n, 2), np.nan)
    end_from_publication = np.zeros(n, bool)
    start_iso = np.full(n, "?", dtype=object)
    end_iso = np.full(n, "", dtype=object)
    dates = Dates(rules)
    for k, phrase in enumerate(phrases):
        parts = split_phrase(phrase) if isinstance(phrase, str) else None
        if parts is None:
            continue
        kind, first, second = parts
        if kind == "during":
            span = dates(first)
            if span is None or span[3]:
                continue
            start[k], end[k] = (span[0], span[0]), (span[1], span[1])  # the first and the last day
            start_iso[k] = _day_iso(span[0])
            end_iso[k] = _day_iso(span[1])
            has_start[k] = read[k] = True
            continue
        begin = dates(first) if first is not None else None
        if first is not None and (begin is None or begin[3]):
            continue  # unreadable, or a start at publication: parse_window reads it
        finish = dates(second) if second is not None else (0.0, 0.0, "", True)
        if finish is None:
            continue
        if begin is not None:
            start[k] = begin[:2]
            start_iso[k] = begin[2]
            has_start[k] = True
        end[k] = finish[:2]
        end_iso[k] = finish[2]
        end_from_publication[k] = finish[3]
        read[k] = True
    return {"read": read, "has_start": has_start, "start": start, "end": end, "end_from_publication": end_from_publication,
            "start_iso": start_iso, "end_iso": end_iso}


def _day_iso(ordinal: float) -> str:
    return dt.date.fromordinal(int(ordinal)).isoformat()


def window_columns(phrases: list[str | None], published: list[DateSpan], pairs: np.ndarray, rules: RuleSet) -> WindowColumns:
    """The windows of (phrase code, publication date code) `pairs`, as columns."""
    table = phrase_table(phrases, rules)
    phrase, date = pairs[:, 0], pairs[:, 1]
    pub_first = np.array([float(d.first.toordinal()) for d in published])[date]
    pub_last = np.array([float(d.last.toordinal()) for d in published])[date]
    pub_iso = np.array([d.iso() for d in published], dtype=object)[date]
    from_publication = table["end_from_publication"][phrase]
    has_start = table["has_start"][phrase]
    start_first = np.where(has_start, table["start"][phrase, 0], np.nan)
    start_last = np.where(has_start, table["start"][phrase, 1], np.nan)
    end_first = np.where(from_publication, pub_first, table["end"][phrase, 0])
    end_last = np.where(from_publication, pub_last, table["end"][phrase, 1])
    end_iso = np.where(from_publication, pub_iso, table["end_iso"][phrase])
    text = table["start_iso"][phrase] + " .. " + end_iso
    return WindowColumns(table["read"][phrase].copy(), text, start_first, start_last, end_first, end_last, from_publication.copy(),
                         has_start & (start_first > end_last), pub_last)
