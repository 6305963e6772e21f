"""Dates known to a precision: a day, a month or a year is an interval of days.

"November 2020" is not 2020-11-01; it is any day from 2020-11-01 to 2020-11-30.
Every date in checker is a :class:`DateSpan` so that windows keep that uncertainty.
The parser is deliberately small and strict (no guessing of day/month order).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

PRECISIONS = ("day", "month", "year")

_MONTH_RE = r"(?P<month>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{1,2})$"),
    re.compile(r"^(?P<year>\d{4})$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^{_MONTH_RE},?\s+(?P<year>\d{{4}})$"),
]

_ISO_WEEK_RE = re.compile(r"^(?P<year>\d{4})-?W(?P<week>\d{1,2})$", re.IGNORECASE)  # 2024-W47: an ISO week

MIN_YEAR = 1000
MAX_YEAR = 9998  # leaves room for windows that end after the last day of a year


@dataclass(frozen=True, order=True)
class DateSpan:
    """A date known to `precision`: every day from `first` to `last` is possible."""

    first: dt.date
    last: dt.date
    precision: str

    @classmethod
    def day(cls, day: dt.date) -> "DateSpan":
        return cls(day, day, "day")

    def iso(self) -> str:
        if self.precision == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.precision == "year":
            return f"{self.first.year:04d}"
        if self.precision == "month":
            return f"{self.first.year:04d}-{self.first.month:02d}"
        return self.first.isoformat()

    def __str__(self) -> str:
        return self.iso()


def month_span(year: int, month: int) -> DateSpan:
    last_day = calendar.monthrange(year, month)[1]
    return DateSpan(dt.date(year, month, 1), dt.date(year, month, last_day), "month")


def year_span(year: int) -> DateSpan:
    return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def parse_date(value: object) -> DateSpan:
    """Parse an ISO date (2020-11-10, 2020-11, 2020), an ISO week (2024-W47) or an English date
    (10 November 2020, November 10, 2020, Nov. 2020). Raises ValueError with a user-facing reason."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateSpan.day(value)
    if isinstance(value, bool) or value is None:
        raise ValueError("expected a date such as 2020-11-10, 2020-11 or 'November 2020'")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date such as 2020-11-10, 2020-11 or 'November 2020'")
    text = " ".join(value.strip().split())
    if len(text) > 40:
        raise ValueError("date text too long")
    week = _ISO_WEEK_RE.match(text)
    if week:
        return iso_week(int(week.group("year")), int(week.group("week")), text)
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return _from_parts(match.groupdict(), text)
    raise ValueError(
        f"cannot read {text!r} as a date; use YYYY-MM-DD, YYYY-MM, YYYY or 'November 2020'"
    )


def iso_week(year: int, week: int, text: str = "") -> DateSpan:
    """ISO week `week` of `year`: Monday to Sunday, week 1 holding the year's first Thursday."""
    shown = text or f"{year:04d}-W{week:02d}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} in {shown!r} is out of range {MIN_YEAR}-{MAX_YEAR}")
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = dt.date(year, 12, 28).isocalendar()[1]
        raise ValueError(f"week {week} in {shown!r} does not exist: {year:04d} has ISO weeks 1 to {weeks}") from None
    return DateSpan(monday, monday + dt.timedelta(days=6), "week")


def _from_parts(parts: dict[str, str | None], text: str) -> DateSpan:
    year = int(parts["year"])  # type: ignore[arg-type]
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} in {text!r} is out of range {MIN_YEAR}-{MAX_YEAR}")
    month: int | None = None
    if parts.get("mnum"):
        month = int(parts["mnum"])  # type: ignore[arg-type]
    elif parts.get("month"):
        name = parts["month"].lower()  # type: ignore[union-attr]
        if name not in MONTHS:
            raise ValueError(f"unknown month name {parts['month']!r} in {text!r}")
        month = MONTHS[name]
    if month is None:
        return year_span(year)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} in {text!r} is not between 1 and 12")
    if not parts.get("day"):
        return month_span(year, month)
    day = int(parts["day"])  # type: ignore[arg-type]
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueError(f"day {day} in {text!r} does not exist in {year:04d}-{month:02d}")
    return DateSpan.day(dt.date(year, month, day))
