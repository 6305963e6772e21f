"""Weeks as windows: "in epidemiological week 47", "week 47 of 2024", "last week", "in the past week".

Weekly bulletins (health ministries, disease agencies) count by ISO week: Monday to Sunday,
week 1 being the week that holds the year's first Thursday. So:

- "week 47 of 2024", "epidemiological week 47" -> ``between 2024-11-18 and 2024-11-24``; a week
  without its year is the latest such week that starts on or before publication (inferred);
- a week number followed by brackets ("Week 1 (Feb. 9-15)") is the text's own numbering, not
  an ISO week: the days in its brackets are its window (``between 2025-02-09 and 2025-02-15``,
  in the year of publication unless it would start after publication, inferred unless the
  brackets give the year; a week still running at publication ends at publication); brackets that give no such days leave a week the extractor does not
  date (``kind='week'``, as below);
- "since week 39" -> ``since 2024-09-23`` (the Monday of that week);
- "from week 1 to week 43" -> the Monday of the first to the Sunday of the second;
- "last week", "in the past week" -> the last whole week before the week of
  publication (inferred: the reader, not the text, fixed it); "the last week of April" is no
  such week. Published on a Sunday, the week just ending (Monday to Saturday): a Sunday
  paper's "last week" is the week it reports on, not the one before;
- "this week", "in the week", "in a week" (and "cette semaine", "na semana", "numa semana")
  name a week without dating it: an undated week (``kind='week'``, no dates). The caller dates
  it from the end its paragraph states ("data up to 23 November"), or sets the figure aside:
  such a figure is a week's count, never a running total.

French and Portuguese bulletins ("semaine épidémiologique 47", "semana 47") reach this module
through the word table of checker/extract/languages.py.
"""

from __future__ import annotations

import datetime as dt
import re

from checker.dates import MONTHS, DateSpan, iso_week

_N = r"(?P<n>\d{1,2})(?![\d,.]\d)"
_OF_YEAR = r"(?:\s*(?:,|of|in)?\s*(?P<y>(?:19|20)\d\d)(?!\d))?"
_WEEK_N = rf"(?:epidemiological\s+|epi\s+|iso\s+|calendar\s+)?week\s+(?:no\.?\s*|number\s+|#\s*)?{_N}{_OF_YEAR}"
# "Week 1 (Feb. 9-15)": the text's own numbering, dated in its brackets, is no ISO week
_NUMBERED_RE = re.compile(rf"\b(?P<kw>since\s+|from\s+|(?:in|during|for)\s+(?:the\s+)?)?{_WEEK_N}(?!\d|\s*[(\[])")
_RANGE_RE = re.compile(
    rf"\b(?:from|between)\s+(?:epidemiological\s+)?weeks?\s+(?P<a>\d{{1,2}})\s+(?:to|and|through|until|-|–)\s+(?:week\s+)?{_N}{_OF_YEAR}"
)
_LABELLED_WEEK_RE = re.compile(r"\bweek\s+\d{1,2}\s*[(\[]")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "week 3 (feb. 23-march 1)", "week 4 [march 2 - 8, 2025]": the text's week, dated in its brackets
_BRACKET_DATED_WEEK_RE = re.compile(
    rf"\bweek\s+\d{{1,2}}\s*[(\[]\s*(?P<m1>{_MONTH})\s*(?P<d1>\d{{1,2}})\s*(?:-|–|to)\s*(?:(?P<m2>{_MONTH})\s*)?(?P<d2>\d{{1,2}})(?:,?\s*(?P<y>(?:19|20)\d\d))?\s*[)\]]"
)
_LAST_WEEK_RE = re.compile(r"\b(?:(?:in|during|over|for)\s+)?(?:the\s+)?(?:last|past)\s+week\b(?!s|\s+(?:of|in)\b)")
# a week named but not dated; not "the week of 28 October", "week 47", "the week before", "a week ago"
_UNDATED_WEEK_RE = re.compile(
    r"\b(?:(?:in|during|over|for|within)\s+)?(?:this|that|the|current|cette|esta|nesta|numa|(?:in|within|over|during)\s+(?:a|one|a\s+single))\s+week\b"
    r"(?![s\-]|\s*\d|\s+(?:of|from|before|after|earlier|later|prior|previous|ago|ahead|next|anterior|seguinte|précédente|prochaine|dernière|passada|passée)\b)"
)


def week_span(year: int, week: int) -> DateSpan | None:
    """Monday to Sunday of ISO week `week` of `year`; None when the year has no such week."""
    try:
        return iso_week(year, week)
    except ValueError:
        return None


def _monday(week: DateSpan) -> DateSpan:
    return DateSpan.day(week.first)


def _sunday(week: DateSpan) -> DateSpan:
    return DateSpan.day(week.last)


def _numbered(week: int, year: str | None, published: DateSpan | None) -> tuple[DateSpan, bool] | None:
    """ISO week `week` of the stated year, else the latest one starting on or before publication."""
    if year is not None:
        span = week_span(int(year), week)
        return (span, False) if span is not None else None
    if published is None:
        return None
    for candidate in (published.first.year, published.first.year - 1):
        span = week_span(candidate, week)
        if span is not None and span.first <= published.last:
            return span, True
    return None


def week_windows(lowered: str, published: DateSpan | None) -> list[tuple[int, int, str, str, str, DateSpan, DateSpan | None]]:
    """(start, end, window text, kind, basis, first, last) of each week phrase of a lowered sentence."""
    if "week" not in lowered:
        return []
    found: list[tuple[int, int, str, str, str, DateSpan, DateSpan | None]] = []
    for match in _RANGE_RE.finditer(lowered):
        last = _numbered(int(match.group("n")), match.group("y"), published)
        first = _numbered(int(match.group("a")), match.group("y"), published) if last is not None else None
        if first is not None and last is not None and first[0].first <= last[0].first:
            basis = "inferred" if last[1] else "stated"
            found.append((match.start(), match.end(), f"between {first[0].first.isoformat()} and {last[0].last.isoformat()}", "between", basis, _monday(first[0]), _sunday(last[0])))
    for match in _NUMBERED_RE.finditer(lowered):
        resolved = _numbered(int(match.group("n")), match.group("y"), published)
        if resolved is None:
            continue
        span, inferred = resolved
        basis = "inferred" if inferred else "stated"
        if (match.group("kw") or "").startswith("since"):
            found.append((match.start(), match.end(), f"since {span.first.isoformat()}", "since", basis, _monday(span), None))
        else:
            found.append((match.start(), match.end(), f"between {span.first.isoformat()} and {span.last.isoformat()}", "between", basis, _monday(span), _sunday(span)))
    if published is not None:
        this_monday = published.first - dt.timedelta(days=published.first.weekday())
        monday = this_monday - dt.timedelta(days=7)
        span = DateSpan(monday, monday + dt.timedelta(days=6), "day")
        if published.first.weekday() == 6:  # on a Sunday, "last week" is the week just ending, up to Saturday
            span = DateSpan(this_monday, published.first - dt.timedelta(days=1), "day")
        for match in _LAST_WEEK_RE.finditer(lowered):
            found.append((match.start(), match.end(), f"between {span.first.isoformat()} and {span.last.isoformat()}", "between", "inferred", _monday(span), _sunday(span)))
    found += [(m.start(), m.end(), "", "week", "context", None, None) for m in _UNDATED_WEEK_RE.finditer(lowered)]
    dated = [(m, _bracket_days(m, published)) for m in _BRACKET_DATED_WEEK_RE.finditer(lowered)]
    found += [(m.start(), m.end(), f"between {days[0].first.isoformat()} and {days[1].last.isoformat()}", "between", days[2], days[0], days[1]) for m, days in dated if days is not None]
    dated_starts = {m.start() for m, days in dated if days is not None}
    found += [(m.start(), m.end(), "", "week", "context", None, None) for m in _LABELLED_WEEK_RE.finditer(lowered) if m.start() not in dated_starts]  # a week, undated here
    return found


def _bracket_days(match: re.Match[str], published: DateSpan | None) -> tuple[DateSpan, DateSpan, str] | None:
    """(first day, last day, basis) of a week dated in brackets ("week 1 (feb. 9-15)"): the year
    the brackets give, else publication's (the year before when the week would start after
    publication); None when the days do not make one week."""
    first_month = _month_number(match.group("m1"))
    last_month = _month_number(match.group("m2")) if match.group("m2") else first_month
    if first_month is None or last_month is None or (match.group("y") is None and published is None):
        return None
    year = int(match.group("y")) if match.group("y") else published.first.year  # type: ignore[union-attr]
    try:
        first = dt.date(year, first_month, int(match.group("d1")))
        if match.group("y") is None and published is not None and first > published.last:
            year -= 1
            first = dt.date(year, first_month, int(match.group("d1")))
        last = dt.date(year + (1 if last_month < first_month else 0), last_month, int(match.group("d2")))
    except ValueError:
        return None
    if not 0 <= (last - first).days <= 6:
        return None
    basis = "stated" if match.group("y") else "inferred"
    if published is not None and first <= published.last < last:
        last, basis = published.last, "inferred"  # a week still running: its count so far
    return DateSpan(first, first, "day"), DateSpan(last, last, "day"), basis


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".")) or MONTHS.get(word.rstrip(".")[:3])


def week_to(end: DateSpan) -> str:
    """The week that ends on `end` (the seven days up to it), as a window: a bulletin's "this
    week" when its data run up to `end`."""
    return f"between {(end.last - dt.timedelta(days=6)).isoformat()} and {end.last.isoformat()}"
