"""Time-window phrases in a sentence, resolved against the publication date.

"since November 10, 2020" -> ``since 2020-11-10``; "between November 10, 2020, and October 31,
2021" -> ``between 2020-11-10 and 2021-10-31``; "since 1991" -> ``since 1991``; "since last
November" (published 2021-11-02) -> ``since 2020-11``; "said in October" (published 2023-05-01)
-> ``as of 2022-10``; "so far" / "to date" -> ``as of publication``; "after the Second Karabakh
War" -> ``since end_of_hostilities`` when the rules name that date. Relative phrases are marked
``inferred`` because the reader, not the text, fixed the date.

The output strings are the window shorthand of docs/formats.md, so the claims loader reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from checker.dates import MONTHS, DateSpan, month_span, parse_date, year_span
from checker.extract.numbers import _lowered_for_gates as lowered_text

def _ci(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern as a case-sensitive one for text lowered by `lowered`: Python's
    re is several times faster without IGNORECASE, and lowering keeps every offset."""
    if re.search(r"\\[A-Z]", pattern):
        raise ValueError("upper-case escapes change meaning when lowered")
    return re.compile(pattern.lower().replace("(?p<", "(?P<"))


_MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ABS_DATE = (
    rf"(?:{_MONTH_NAMES}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}\.?,?\s+\d{{4}}(?!\d)"
    rf"|{_MONTH_NAMES}\.?,?\s+(?:of\s+)?\d{{4}}(?!\d)"
    r"|\d{4}-\d{2}-\d{2}|\d{4}-\d{2}(?!\d)"
    r"|(?:1[89]|20)\d{2}(?![\d,.]\d)(?!\s?(?:%|percent|per cent))"
    rf"|(?:last|this|past)\s+{_MONTH_NAMES}\b|{_MONTH_NAMES}\s+last\s+year"
    r"|last\s+year|this\s+year)"
)
_SINCE_RE = _ci(rf"\b(?P<kw>since|after|following|starting|beginning|from)\s+(?:the\s+(?:start|end|beginning)\s+of\s+)?(?P<d>{_ABS_DATE})")
_BETWEEN_RE = _ci(rf"\b(?:between|from)\s+(?P<a>{_ABS_DATE}),?\s+(?:and|to|until|till|through|-|–)\s+(?P<b>{_ABS_DATE})")
_AS_OF_RE = _ci(rf"\b(?:as\s+of|as\s+at|by\s+the\s+end\s+of|at\s+the\s+end\s+of|by|until|through)\s+(?P<d>{_ABS_DATE})")
_DURING_RE = _ci(rf"\b(?:in|during|throughout|for)\s+(?P<d>{_ABS_DATE})")
_BARE_MONTH_RE = _ci(rf"\b(?:in|last|this|since\s+last|since)\s+(?P<m>{_MONTH_NAMES})\b(?!\.?\s*\d)(?!\s+last\s+year)")
_PUBLICATION_RE = _ci(
    r"\b(?:so\s+far|to\s+date|until\s+now|up\s+(?:un)?til\s+now|as\s+of\s+(?:now|today)|thus\s+far|till\s+now|currently|at\s+present|still)\b"
)
_LAST_N_RE = _ci(
    r"\b(?:in|over|during|for|within)\s+(?:the|those|these)\s+(?:last|past|previous)\s+(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<u>years?|months?)\b"
)
# every date phrase holds a month name, a year or the word "year": a cheap gate for the rest
_DATED_RE = _ci(rf"\b{_MONTH_NAMES}\b|\b(?:1[89]|20)\d\d\b|\byear\b|\d{{4}}-\d")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WORD_RE = re.compile(r"[a-z0-9]+")
_RANGE_NEXT_RE = re.compile(r"\s*(?:to|until|-)")
_SINCE_KEYS = ("since", "after", "following", "starting", "beginning", "from")
_AS_OF_KEYS = ("as", "end", "by", "until", "through")  # "at the end of" holds "end"
_SINCE_WORDS = ("since", "after", "following", "during", "from", "throughout", "over")


@dataclass(frozen=True)
class WindowMention:
    """A window phrase found in a sentence; `text` is the claims-format shorthand."""

    start: int
    end: int
    text: str
    kind: str  # since | between | as_of | during
    basis: str  # stated | inferred
    first: DateSpan | None  # resolved start (None: unknown)
    last: DateSpan | None  # resolved end (None: the publication date)


class NamedDateMatcher:
    """Aliases of the rules' named dates, found after since/after/during."""

    def __init__(self, rules: object | None) -> None:
        self.by_alias: dict[str, tuple[str, DateSpan]] = {}
        named = getattr(rules, "named_dates", None) or {}
        for date_id, item in named.items():
            for alias in (date_id.replace("_", " "), *getattr(item, "aliases", ())):
                key = " ".join(str(alias).lower().replace("-", " ").split())
                if len(key) >= 4:
                    self.by_alias.setdefault(key, (date_id, item.date))
        self._dates = tuple({v[0]: v[1] for v in self.by_alias.values()}.items())
        aliases = sorted(self.by_alias, key=len, reverse=True)
        self.first_words = {next((w for w in re.findall(r"[a-z0-9]+", a) if w != "the"), "") for a in aliases}
        if aliases:
            alt = "|".join(r"[\s\-]+".join(re.escape(w) for w in a.split()) for a in aliases)
            pattern = rf"(?:(?P<kw>since|after|following|during|from|throughout|over|before|until|as\s+of)\s+)?(?:(?:the|a|an)\s+)?\b(?P<a>{alt})\b(?:\s+period)?"
            # ASCII aliases (the usual case) match the lowered sentence case-sensitively, which is
            # faster; others keep IGNORECASE on the sentence as written.
            self.on_lowered = all(a.isascii() for a in aliases)
            self.regex: re.Pattern[str] | None = re.compile(pattern) if self.on_lowered else re.compile(pattern, re.IGNORECASE)
        else:
            self.on_lowered = False
            self.regex = None

    def latest_before(self, published: DateSpan | None) -> tuple[str, DateSpan] | None:
        """The most recent named date on or before publication (the default start of counts)."""
        if published is None:
            return None
        best: tuple[str, DateSpan] | None = None
        for date_id, span in self._dates:
            if span.last <= published.first and (best is None or span.last > best[1].last):
                best = (date_id, span)
        return best


def _resolve_abs(text: str, published: DateSpan | None) -> tuple[DateSpan, bool] | None:
    """An absolute or relative date phrase -> (span, inferred)."""
    cleaned = " ".join(text.replace(",", " ").split())
    lowered = cleaned.lower()
    if published is not None:
        ref = published.first
        if lowered == "last year":
            return year_span(ref.year - 1), True
        if lowered == "this year":
            return year_span(ref.year), True
        match = re.match(r"^(last|this|past)\s+(\w+)\.?$", lowered)
        if match and match.group(2).rstrip(".") in MONTHS:
            month = MONTHS[match.group(2).rstrip(".")]
            if match.group(1) == "this":
                return month_span(ref.year, month), True
            year = ref.year if month < ref.month else ref.year - 1
            return month_span(year, month), True
        match = re.match(r"^(\w+)\.?\s+last\s+year$", lowered)
        if match and match.group(1) in MONTHS:
            return month_span(ref.year - 1, MONTHS[match.group(1)]), True
    if lowered.startswith(("last", "this", "past")):
        return None
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"\bof\s+", "", cleaned)
    try:
        return parse_date(cleaned), False
    except ValueError:
        return None


def bare_month(month_name: str, published: DateSpan | None, *, strictly_before: bool) -> DateSpan | None:
    """'in October' -> the most recent October at or before publication ('last October': before)."""
    if published is None:
        return None
    key = month_name.lower().rstrip(".")
    if key not in MONTHS:
        return None
    month = MONTHS[key]
    ref = published.first
    if month < ref.month or (month == ref.month and not strictly_before):
        return month_span(ref.year, month)
    return month_span(ref.year - 1, month)


def _iso(span: DateSpan) -> str:
    return span.iso()


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def find_windows(sentence: str, published: DateSpan | None, named: NamedDateMatcher | None = None, lowered: str | None = None) -> list[WindowMention]:
    """All window phrases of one sentence, left to right (overlaps resolved longest-first).

    `lowered` is ``lowered_text(sentence)`` when the caller has it already; the patterns run on
    it case-sensitively and every span is read back from `sentence`."""
    if lowered is None:
        lowered = lowered_text(sentence)

    def text(match: re.Match[str], group: str) -> str:
        return sentence[match.start(group) : match.end(group)]

    found: list[WindowMention] = []
    dated = _DATED_RE.search(lowered) is not None
    # Each pattern starts with one of a few keywords: a substring test skips it when none occurs.
    for match in (_BETWEEN_RE.finditer(lowered) if dated and ("between" in lowered or "from" in lowered) else ()):
        a = _resolve_abs(text(match, "a"), published)
        b = _resolve_abs(text(match, "b"), published)
        if a and b and a[0].first <= b[0].last:
            inferred = a[1] or b[1]
            found.append(WindowMention(match.start(), match.end(), f"between {_iso(a[0])} and {_iso(b[0])}", "between", "inferred" if inferred else "stated", a[0], b[0]))
    for match in (_SINCE_RE.finditer(lowered) if dated and any(k in lowered for k in _SINCE_KEYS) else ()):
        if match.group("kw") == "from" and _RANGE_NEXT_RE.match(sentence, match.end()):
            continue
        d = _resolve_abs(text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"since {_iso(d[0])}", "since", "inferred" if d[1] else "stated", d[0], None))
    for match in (_AS_OF_RE.finditer(lowered) if dated and any(k in lowered for k in _AS_OF_KEYS) else ()):
        d = _resolve_abs(text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"as of {_iso(d[0])}", "as_of", "inferred" if d[1] else "stated", None, d[0]))
    for match in (_DURING_RE.finditer(lowered) if dated else ()):
        d = _resolve_abs(text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"during {_iso(d[0])}", "during", "inferred" if d[1] else "stated", d[0], d[0]))
    for match in (_BARE_MONTH_RE.finditer(lowered) if dated else ()):
        word = match.group(0)
        month = text(match, "m")
        if month.lower() in ("may", "march") and month[0].islower():
            continue
        span = bare_month(month, published, strictly_before=word.startswith(("last", "since last")))
        if span is None:
            continue
        if word.startswith("since"):
            found.append(WindowMention(match.start(), match.end(), f"since {span.iso()}", "since", "inferred", span, None))
        else:
            found.append(WindowMention(match.start(), match.end(), f"as of {span.iso()}", "as_of", "inferred", None, span))
    if published is not None:
        for match in _LAST_N_RE.finditer(lowered):
            raw = match.group("n")
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            months = n * 12 if match.group("u").startswith("year") else n
            start_day = _add_months(published.first, -months)
            span = month_span(start_day.year, start_day.month)
            found.append(WindowMention(match.start(), match.end(), f"since {span.iso()}", "since", "inferred", span, None))
    for match in _PUBLICATION_RE.finditer(lowered):
        found.append(WindowMention(match.start(), match.end(), "as of publication", "as_of", "stated", None, None))
    if named is not None and named.regex is not None and not named.first_words.isdisjoint(_WORD_RE.findall(lowered)):
        for match in named.regex.finditer(lowered if named.on_lowered else sentence):
            key = " ".join(match.group("a").lower().replace("-", " ").split())
            if key not in named.by_alias:
                continue
            date_id, span = named.by_alias[key]
            kw = (match.group("kw") or "").lower()
            alias_kw = key.split()[0]
            if alias_kw in ("since", "after", "following") or kw in _SINCE_WORDS:
                found.append(WindowMention(match.start(), match.end(), f"since {date_id}", "since", "stated", span, None))
            elif kw in ("before", "until") or kw.startswith("as"):
                found.append(WindowMention(match.start(), match.end(), f"as of {date_id}", "as_of", "stated", None, span))
    return _longest_first(found)


def _longest_first(found: list[WindowMention]) -> list[WindowMention]:
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    kept: list[WindowMention] = []
    for w in sorted(found, key=lambda w: -(w.end - w.start)):
        if any(k.start < w.end and w.start < k.end for k in kept):
            continue
        kept.append(w)
    kept.sort(key=lambda w: w.start)
    return kept
