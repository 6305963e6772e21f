"""Time-window phrases in a sentence, resolved against the publication date.

"since November 10, 2020" -> ``since 2020-11-10``; "between November 10, 2020, and October 31,
2021" -> ``between 2020-11-10 and 2021-10-31``; "since 1991" -> ``since 1991``, but "its worst
year since 1991" compares a record and dates no figure; "since last November" (published 2021-11-02) -> ``since 2020-11``; "said in October" (published 2023-05-01)
-> ``as of 2022-10``; "so far" / "to date" -> ``as of publication``; "after the
ceasefire" -> ``since end_of_hostilities`` when the rules name that date. Relative phrases are marked
``inferred`` because the reader, not the text, fixed the date.

The output strings are the window shorthand of docs/formats.md, so the claims loader reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from checker.dates import MONTHS, DateSpan, month_span, parse_date, year_span
from checker.extract.numbers import _lowered_for_gates as lowered_text
from checker.extract.weeks import week_windows

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
# a date without its year: "March 3", "3 March", "March" (never followed by a year)
_PARTIAL_DATE = (
    rf"(?:{_MONTH_NAMES}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}\b\.?(?!,?\s+(?:of\s+)?\d{{4}})"
    rf"|{_MONTH_NAMES}\b(?!\.?\s+(?:of\s+)?\d)(?!\.?,\s*\d{{4}}(?!\d)))"
)
_SINCE_RE = _ci(rf"\b(?P<kw>since|after|following|starting|beginning|from)\s+(?:the\s+(?:start|end|beginning)\s+of\s+)?(?P<d>{_ABS_DATE})")
_BETWEEN_RE = _ci(
    rf"\b(?:between|from)\s+(?P<a>{_ABS_DATE}|{_PARTIAL_DATE}),?\s+(?:and|to|until|till|through|-|–)\s+(?:the\s+end\s+of\s+)?(?P<b>{_ABS_DATE}|{_PARTIAL_DATE})"
)
# "the week to 23 November": a week dated by its end (checker/extract/weeks.py names the week)
_WEEK_END = r"(?<=week\s)(?:to|ending|ended)"
_AS_OF_RE = _ci(rf"\b(?:as\s+of|as\s+at|by\s+the\s+end\s+of|at\s+the\s+end\s+of|by|until|till|through|up\s+to|{_WEEK_END})\s+(?P<d>{_ABS_DATE})")
# not "on": "made landfall on September 10" dates an event, not a count
_PARTIAL_AS_OF_RE = _ci(rf"\b(?:as\s+of|as\s+at|by\s+the\s+end\s+of|at\s+the\s+end\s+of|by|until|till|through|up\s+to|{_WEEK_END})\s+(?P<d>{_PARTIAL_DATE})")
# "rose to 288 on June 3": a date right after a figure is the day of that figure, as "on Saturday" is
_FIGURE_ON_RE = _ci(rf"\d(?:\s*%)?\s+on\s+(?P<d>{_PARTIAL_DATE})")
# "on January 19, 1.12 million people came out": a day that opens the figure's clause, as one right after it
_ON_DAY_FIGURE_RE = _ci(
    rf"\bon\s+(?P<d>{_ABS_DATE}|{_PARTIAL_DATE})\s*[,–—-]?\s+(?=(?:(?:more\s+than|over|about|some|nearly|almost|around|at\s+least)\s+)?\d)"
)
_PARTIAL_SINCE_RE = _ci(rf"\bsince\s+(?P<d>{_PARTIAL_DATE})")
_MONTH_WORD_RE = _ci(rf"\b{_MONTH_NAMES}\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORD_RE = _ci(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b")
_WEEKDAY_RE = _ci(
    r"\b(?P<kw>(?:on|as\s+of|by|until|through|since\s+last|since|last|this\s+past|late\s+on|early\s+on)\s+)?"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)(?:['’]s)?\b"
)
_FIRST_N_RE = _ci(
    r"\b(?:in|during|within|over|for)\s+(?:the\s+|its\s+|their\s+)?first\s+(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(?P<u>days?|weeks?|months?)(?:\s+(?:of|after|since|following)\s+(?P<x>(?:[a-z0-9][a-z0-9\-,.]*\s*){1,5}))?"
)
_YEAR_NUMBER_RE = re.compile(r"\b(?:19|20)\d\d\b")
_YTD_RE = _ci(
    r"\b(?:so\s+far|thus\s+far|to\s+date|until\s+now)\s+(?:this\s+year|in\s+(?P<y>(?:19|20)\d\d))\b"
    r"|\b(?:this\s+year|in\s+(?P<y2>(?:19|20)\d\d))\s*,?\s+(?:so\s+far|thus\s+far|to\s+date)\b"
    r"|\byear[\s\-]+to[\s\-]+date\b|\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b|\bthis\s+year\b"
)
_LAST_YEAR_RE = _ci(r"(?<!the\s)(?<!this\s)\blast\s+year\b(?!['’]s)")  # not "the last year": the past twelve months
_ANAPHORA_RE = _ci(
    r"\b(?:during|in|over|within|for|throughout|across)\s+(?:this|that|the\s+same|this\s+same|that\s+same|the\s+said)\s+(?:period|time\s+frame|timeframe|time|span|stretch)\b"
)
_YEAR_PERIOD_RE = _ci(r"\bthe\s+(?P<y>(?:19|20)\d\d)(?:[-–/]\d{2,4})?\s+(?:[a-z\-]+\s+){0,2}(?:season|year|period|census|cycle|campaign|edition)\b")
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
_SUPERLATIVE_RE = re.compile(
    r"\b(?:worst|best|highest|lowest|largest|biggest|greatest|smallest|deadliest|fewest|hottest|coldest|wettest|driest|strongest|weakest|most(?!\s+of\b)|first\s+time)\b[^,;.]{0,40}\s$"
)
_SINCE_KEYS = ("since", "after", "following", "starting", "beginning", "from")
_AS_OF_KEYS = ("as", "end", "by", "until", "till", "through", "up", "week")  # "at the end of" holds "end"
_SINCE_WORDS = ("since", "after", "following", "during", "from", "throughout", "over")


@dataclass(frozen=True)
class WindowMention:
    """A window phrase found in a sentence; `text` is the claims-format shorthand."""

    start: int
    end: int
    text: str
    kind: str  # since | between | as_of | during | context (the window of an earlier sentence) | week (a week not dated)
    basis: str  # stated | inferred | context
    first: DateSpan | None  # resolved start (None: unknown)
    last: DateSpan | None  # resolved end (None: the publication date)
    weak: bool = False  # a day named from publication ("on Monday"): often when it was said, not what it counts
    opens: bool = False  # a day written right before a figure ("on January 19, 1.12 million"): that figure's only


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
            pattern = rf"(?:(?P<kw>since|after|following|during|from|throughout|over|before|until|as\s+of)\s+)?(?:(?:the|a|an|le|la|les|o|os|as)\s+|l['’])?\b(?P<a>{alt})\b(?:\s+period)?"
            # ASCII aliases (the usual case) match the lowered sentence case-sensitively, which is
            # faster; others keep IGNORECASE on the sentence as written.
            self.on_lowered = all(a.isascii() for a in aliases)
            self.regex: re.Pattern[str] | None = re.compile(pattern) if self.on_lowered else re.compile(pattern, re.IGNORECASE)
        else:
            self.on_lowered = False
            self.regex = None

    def dates(self) -> tuple[tuple[str, DateSpan], ...]:
        """(id, date) of every named date."""
        return self._dates

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


def _resolve_partial(raw: str, reference: dt.date) -> DateSpan | None:
    """'March 3', '3rd of March', 'March': the latest such day or month on or before `reference`."""
    words = [w for w in re.split(r"[\s,.]+", raw.lower()) if w and w != "of"]
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    day = next((int(re.sub(r"\D", "", w)) for w in words if w[:1].isdigit()), None)
    if month is None:
        return None
    year = reference.year if (month, day or 1) <= (reference.month, reference.day) else reference.year - 1
    if day is None:
        return month_span(year, month)
    try:
        return DateSpan.day(dt.date(year, month, day))
    except ValueError:
        return None


def _resolve_any(raw: str, published: DateSpan | None, before: DateSpan | None) -> tuple[DateSpan, bool] | None:
    """A date with its year, else one without: the latest on or before `before` (the other end of
    a range), else before publication. (span, inferred)."""
    absolute = _resolve_abs(raw, published)
    if absolute is not None:
        return absolute
    reference = before.last if before is not None else (published.last if published is not None else None)
    if reference is None:
        return None
    span = _resolve_partial(raw, reference)
    return (span, True) if span is not None else None


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
    read = _Reading(sentence, lowered, published, named)
    found: list[WindowMention] = []
    dated = _DATED_RE.search(lowered) is not None
    if dated:
        found += _ranges(read)
        found += _absolute_windows(read)
        found += _bare_months(read)
        found += _named_year_periods(read)
    found += _partial_as_of(read)
    found += _relative_days(read)
    found += _first_periods(read)
    found += _last_periods(read)
    found += _year_to_date(read)
    found += _anaphora(read)
    found += [WindowMention(m.start(), m.end(), "as of publication", "as_of", "stated", None, None) for m in _PUBLICATION_RE.finditer(lowered)]
    found += _named_windows(read)
    found += [WindowMention(*week) for week in week_windows(lowered, published)]
    return _longest_first(found)


@dataclass(frozen=True)
class _Reading:
    """One sentence as the finders read it."""

    sentence: str
    lowered: str
    published: DateSpan | None
    named: NamedDateMatcher | None

    def text(self, match: re.Match[str], group: str) -> str:
        return self.sentence[match.start(group) : match.end(group)]

    def label(self, span: DateSpan) -> str:
        """A date as a window writes it."""
        return span.iso()


def _ranges(read: _Reading) -> list[WindowMention]:
    """'between X and Y', 'from X to/through/until Y'; X may leave out the year Y gives."""
    found: list[WindowMention] = []
    if "between" not in read.lowered and "from" not in read.lowered:
        return found
    for match in _BETWEEN_RE.finditer(read.lowered):
        b = _resolve_any(read.text(match, "b"), read.published, None)
        a = _resolve_any(read.text(match, "a"), read.published, b[0] if b else None)
        if a and b and a[0].first <= b[0].last and (read.published is None or a[0].first <= read.published.last):
            basis = "inferred" if a[1] or b[1] else "stated"
            found.append(WindowMention(match.start(), match.end(), f"between {read.label(a[0])} and {read.label(b[0])}", "between", basis, a[0], b[0]))
    return found


def _absolute_windows(read: _Reading) -> list[WindowMention]:
    """since X, as of X, during X, with X a date that states its year (or 'last year')."""
    found: list[WindowMention] = []
    lowered, published = read.lowered, read.published
    for match in (_SINCE_RE.finditer(lowered) if any(k in lowered for k in _SINCE_KEYS) else ()):
        if match.group("kw") == "from" and _RANGE_NEXT_RE.match(read.sentence, match.end()):
            continue
        if match.group("kw") == "since" and _SUPERLATIVE_RE.search(lowered, max(0, match.start() - 50), match.start()):
            continue  # "its worst year since 1991": the record's comparison, no figure's window
        d = _resolve_abs(read.text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"since {read.label(d[0])}", "since", "inferred" if d[1] else "stated", d[0], None))
    for match in (_AS_OF_RE.finditer(lowered) if any(k in lowered for k in _AS_OF_KEYS) else ()):
        d = _resolve_abs(read.text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"as of {read.label(d[0])}", "as_of", "inferred" if d[1] else "stated", None, d[0]))
    for match in _DURING_RE.finditer(lowered):
        d = _resolve_abs(read.text(match, "d"), published)
        if d and (published is None or d[0].first <= published.last):
            found.append(WindowMention(match.start(), match.end(), f"during {_iso(d[0])}", "during", "inferred" if d[1] else "stated", d[0], d[0]))
    return found


def _bare_months(read: _Reading) -> list[WindowMention]:
    found: list[WindowMention] = []
    for match in _BARE_MONTH_RE.finditer(read.lowered):
        word = match.group(0)
        month = read.text(match, "m")
        if month.lower() in ("may", "march") and month[0].islower():
            continue
        span = bare_month(month, read.published, strictly_before=word.startswith(("last", "since last")))
        if span is None:
            continue
        if word.startswith("since"):
            found.append(WindowMention(match.start(), match.end(), f"since {read.label(span)}", "since", "inferred", span, None))
        else:
            found.append(WindowMention(match.start(), match.end(), f"as of {span.iso()}", "as_of", "inferred", None, span))
    return found


def _named_year_periods(read: _Reading) -> list[WindowMention]:
    """'the 2023 fire season', 'the 2019 census': a year that names a period is that year."""
    found: list[WindowMention] = []
    for match in _YEAR_PERIOD_RE.finditer(read.lowered):
        span = year_span(int(match.group("y")))
        if read.published is None or span.first <= read.published.last:
            found.append(WindowMention(match.start(), match.end(), f"during {span.iso()}", "during", "stated", span, span))
    return found


def _partial_as_of(read: _Reading) -> list[WindowMention]:
    """'as of 1 December', 'through October', 'by May 3', 'since July 10': a date without its
    year, the latest such date on or before publication."""
    found: list[WindowMention] = []
    if read.published is None or not _MONTH_WORD_RE.search(read.lowered):
        return found
    for match in _PARTIAL_AS_OF_RE.finditer(read.lowered):
        raw = read.text(match, "d")
        if raw.split()[0].lower() in ("may", "march") and raw[0].islower():
            continue  # the verb, not the month
        span = _resolve_partial(raw, read.published.last)
        if span is not None:
            found.append(WindowMention(match.start(), match.end(), f"as of {span.iso()}", "as_of", "inferred", None, span))
    for match in _FIGURE_ON_RE.finditer(read.lowered):
        raw = read.text(match, "d")
        span = _resolve_partial(raw, read.published.last) if raw[0].isdigit() or raw[0].isupper() else None
        if span is not None:
            found.append(WindowMention(read.lowered.rfind("on", match.start(), match.start("d")), match.end(), f"as of {span.iso()}", "as_of", "inferred", None, span, weak=True))
    for match in _ON_DAY_FIGURE_RE.finditer(read.lowered):
        raw = read.text(match, "d")
        resolved = _resolve_any(raw, read.published, None) if raw[0].isdigit() or raw[0].isupper() else None
        if resolved is not None and resolved[0].precision == "day":
            found.append(WindowMention(match.start(), match.end("d"), f"as of {resolved[0].iso()}", "as_of", "inferred", None, resolved[0], weak=True, opens=True))
    for match in _PARTIAL_SINCE_RE.finditer(read.lowered):
        raw = read.text(match, "d")
        if not any(c.isdigit() for c in raw):
            continue  # "since January" is read with the months
        span = _resolve_partial(raw, read.published.last)
        if span is not None:  # "since July 1": the latest 1 July on or before publication
            found.append(WindowMention(match.start(), match.end(), f"since {read.label(span)}", "since", "inferred", span, None))
    return found


def _relative_days(read: _Reading) -> list[WindowMention]:
    """'on Thursday', "Friday's 431", 'since Monday', 'yesterday': days named from publication."""
    found: list[WindowMention] = []
    published = read.published
    if published is None or published.precision != "day" or not _DAY_WORD_RE.search(read.lowered):
        return found
    for match in _WEEKDAY_RE.finditer(read.lowered):
        word = match.group("day")
        if word in ("yesterday", "today", "tonight"):
            day = published.first - dt.timedelta(days=1 if word == "yesterday" else 0)
        else:
            back = (published.first.weekday() - _WEEKDAYS.index(word)) % 7
            if back == 0 and (match.group("kw") or "").strip().startswith(("last", "since last")):
                back = 7
            day = published.first - dt.timedelta(days=back)
        span = DateSpan.day(day)
        if (match.group("kw") or "").strip().startswith("since"):
            found.append(WindowMention(match.start(), match.end(), f"since {read.label(span)}", "since", "inferred", span, None))
        else:
            found.append(WindowMention(match.start(), match.end(), f"as of {span.iso()}", "as_of", "inferred", None, span, weak=True))
    return found


def _first_periods(read: _Reading) -> list[WindowMention]:
    """'in the first 10 days of March', 'within the first two weeks after the storm'; with no
    anchor, counted from the latest named date before publication."""
    found: list[WindowMention] = []
    if "first" not in read.lowered:
        return found
    for match in _FIRST_N_RE.finditer(read.lowered):
        raw = match.group("n")
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
        anchor, end_offset = _anchor(read, match)
        if not n or anchor is None:
            continue
        start = anchor.first
        unit = match.group("u")
        last = _add_months(start, n) - dt.timedelta(days=1) if unit.startswith("month") else start + dt.timedelta(days=n * (7 if unit.startswith("week") else 1) - 1)
        end = DateSpan.day(last)
        if read.published is None or end.first <= read.published.last:
            found.append(WindowMention(match.start(), end_offset, f"between {read.label(anchor)} and {end.iso()}", "between", "inferred", anchor, end))
    return found


def _anchor(read: _Reading, match: re.Match[str]) -> tuple[DateSpan | None, int]:
    """What 'the first N days' count from, and where the phrase ends: the longest run of the words
    after 'of'/'after' that is a date or a named date; else the latest named date."""
    if match.group("x"):
        words = list(re.finditer(r"[^\s,;:]+", read.sentence[match.start("x") : match.end("x")]))
        for k in range(len(words), 0, -1):
            end = match.start("x") + words[k - 1].end()
            raw = read.sentence[match.start("x") : end].rstrip(".")
            resolved = _resolve_any(raw.lower(), read.published, None) if _MONTH_WORD_RE.search(raw.lower()) or _YEAR_NUMBER_RE.search(raw) else None
            if resolved is not None:
                return DateSpan.day(resolved[0].first), end
            key = " ".join(raw.lower().replace("-", " ").split())
            for candidate in (key, key[4:] if key.startswith("the ") else key):
                if read.named is not None and candidate in read.named.by_alias:
                    return read.named.by_alias[candidate][1], end
        return None, match.end()
    latest = read.named.latest_before(read.published) if read.named is not None else None
    return (latest[1] if latest is not None else None), match.end()


def _last_periods(read: _Reading) -> list[WindowMention]:
    found: list[WindowMention] = []
    if read.published is None:
        return found
    for match in _LAST_N_RE.finditer(read.lowered):
        raw = match.group("n")
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        months = n * 12 if match.group("u").startswith("year") else n
        start_day = _add_months(read.published.first, -months)
        span = month_span(start_day.year, start_day.month)
        found.append(WindowMention(match.start(), match.end(), f"since {span.iso()}", "since", "inferred", span, None))
    return found


def _year_to_date(read: _Reading) -> list[WindowMention]:
    """'so far this year', 'so far in 2019', 'year to date': from 1 January to publication."""
    found: list[WindowMention] = []
    if read.published is None or "year" not in read.lowered and not _YEAR_NUMBER_RE.search(read.lowered):
        return found
    for match in _LAST_YEAR_RE.finditer(read.lowered):  # "Last year was the worst season": that year
        span = year_span(read.published.first.year - 1)
        found.append(WindowMention(match.start(), match.end(), f"during {span.iso()}", "during", "inferred", span, span))
    for match in _YTD_RE.finditer(read.lowered):
        year = int(match.group("y") or match.group("y2") or read.published.first.year)
        start = DateSpan.day(dt.date(year, 1, 1))
        if start.first <= read.published.last:
            found.append(WindowMention(match.start(), match.end(), f"since {read.label(start)}", "since", "stated", start, None))
    return found


def _anaphora(read: _Reading) -> list[WindowMention]:
    """'during this period', 'over the same period': the window an earlier sentence stated; the
    caller fills it in (``kind='context'``)."""
    return [WindowMention(m.start(), m.end(), "", "context", "context", None, None) for m in _ANAPHORA_RE.finditer(read.lowered)]


def _named_windows(read: _Reading) -> list[WindowMention]:
    found: list[WindowMention] = []
    named = read.named
    if named is None or named.regex is None or named.first_words.isdisjoint(_WORD_RE.findall(read.lowered)):
        return found
    for match in named.regex.finditer(read.lowered if named.on_lowered else read.sentence):
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
    return found


def _longest_first(found: list[WindowMention]) -> list[WindowMention]:
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    kept: list[WindowMention] = []
    for w in sorted(found, key=lambda w: -(w.end - w.start)):
        if any(k.start < w.end and w.start < k.end for k in kept):
            continue
        kept.append(w)
    kept.sort(key=lambda w: w.start)
    return kept
