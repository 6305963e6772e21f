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


KINDS = ("since", "between", "as_of", "during")
ASCII_SPACE_RUNS = r"[\t\n\x0b\x0c\r\x1c-\x1f ]+"  # what str.split() splits an ASCII text at


def split_phrases(phrases: list[str | None]) -> tuple[np.ndarray, list[str | None], list[str | None]]:
    """split_phrase for each phrase, as (kind: an index into KINDS, -1 when parse_window must
    read the phrase; start parts; end parts). ASCII phrases are split all at once by Arrow's
    regular expressions (the shorthand patterns, which RE2 reads as Python does on text whose
    white space runs are single spaces); any other phrase by split_phrase."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = np.full(len(phrases), -1, np.int8)
    if not phrases:
        return kind, [], []
    array = pa.array([p if isinstance(p, str) else None for p in phrases], pa.string())
    cleaned = pc.utf8_trim(pc.replace_substring_regex(array, ASCII_SPACE_RUNS, " "), characters=" ")
    length = pc.fill_null(pc.utf8_length(cleaned), 0).to_numpy(zero_copy_only=False)
    ascii_text = pc.fill_null(pc.string_is_ascii(array), False).to_numpy(zero_copy_only=False)
    first = pa.nulls(len(phrases), pa.string())
    second = pa.nulls(len(phrases), pa.string())
    for pattern, name in SHORTHAND:
        left = np.flatnonzero(ascii_text & (length > 0) & (length <= 200) & (kind < 0))  # each phrase takes the first pattern it matches
        if not len(left):
            break
        found = pc.extract_regex(cleaned.take(pa.array(left)), "(?i)" + pattern.pattern)
        matched = found.is_valid().to_numpy(zero_copy_only=False)
        taken = left[matched]
        kind[taken] = KINDS.index(name)
        found = found.filter(pa.array(matched))
        groups = {field.name: found.field(field.name) for field in found.type}
        start, end = groups.get("during", groups.get("start")), groups.get("end")
        if start is not None:
            first = _placed(first, taken, start)
        if end is not None:
            second = _placed(second, taken, end)
    starts, ends = first.to_pylist(), second.to_pylist()
    for k in np.flatnonzero(~ascii_text).tolist():
        parts = split_phrase(phrases[k]) if isinstance(phrases[k], str) else None
        if parts is not None:
            kind[k], starts[k], ends[k] = KINDS.index(parts[0]), parts[1], parts[2]
    return kind, starts, ends


def _placed(array, positions: np.ndarray, values):
    """`array` with `values` at `positions`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = np.zeros(len(array), bool)
    mask[positions] = True
    return pc.replace_with_mask(array, pa.array(mask), values.cast(array.type))


def phrase_table(phrases: list[str | None], rules: RuleSet) -> dict[str, np.ndarray]:
    """Per distinct phrase: whether it is read here, its start and (fixed) end, and whether the
    end is the publication date. Each distinct date part is resolved once."""
    kind, starts, ends = split_phrases(phrases)
    parts = PartTable([*starts, *ends], rules)
    begin, finish = parts.codes[: len(phrases)], parts.codes[len(phrases):]
    during = kind == KINDS.index("during")
    has_first = (kind >= 0) & (kind != KINDS.index("as_of"))
    begin_usable = parts.ok[begin] & ~parts.publication[begin]  # a start at publication: parse_window reads it
    no_end = np.array([e is None for e in ends], bool)
    read = np.where(during, begin_usable, (kind >= 0) & (~has_first | begin_usable) & (no_end | parts.ok[finish]))
    start = np.stack([parts.first[begin], np.where(during, parts.first[begin], parts.last[begin])], axis=1)
    end = np.where(during[:, None], np.stack([parts.last[begin], parts.last[begin]], axis=1),
                   np.where(no_end[:, None], 0.0, np.stack([parts.first[finish], parts.last[finish]], axis=1)))
    has_start = read & has_first
    end_from_publication = read & ~during & (no_end | parts.publication[finish])
    start_iso = np.where(has_start, np.where(during, parts.first_day_iso[begin], parts.iso[begin]), "?").astype(object)
    end_iso = np.where(during, parts.last_day_iso[begin], np.where(no_end, "", parts.iso[finish])).astype(object)
    start = np.where(has_start[:, None], start, np.nan)
    end = np.where(read[:, None], end, np.nan)
    end_iso[~read] = ""
    return {"read": read, "has_start": has_start, "start": start, "end": end, "end_from_publication": end_from_publication,
            "start_iso": start_iso, "end_iso": end_iso}


class PartTable:
    """The date parts of window phrases, each distinct part resolved once (Dates): per part
    whether it reads, its first and last day, its ISO text (and its first and last day's, for
    "during"), and whether it is the publication date. `codes`: each given part's code; None
    (no part) has a code of its own that does not read."""

    def __init__(self, parts: list[str | None], rules: RuleSet):
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(pa.array(parts, pa.string()))
        self.codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1  # 0: no part
        dates = Dates(rules)
        read = [None, *(dates(p) for p in encoded.dictionary.to_pylist())]
        self.ok = np.array([r is not None for r in read], bool)
        self.first = np.array([r[0] if r else np.nan for r in read])
        self.last = np.array([r[1] if r else np.nan for r in read])
        self.iso = np.array([r[2] if r else "" for r in read], dtype=object)
        self.publication = np.array([bool(r and r[3]) for r in read], bool)
        self.first_day_iso = np.array([_day_iso(r[0]) if r and not r[3] else "" for r in read], dtype=object)
        self.last_day_iso = np.array([_day_iso(r[1]) if r and not r[3] else "" for r in read], dtype=object)


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
