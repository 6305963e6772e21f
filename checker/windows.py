"""Time windows: what period a figure covers, and which windows contain which.

A window is [start, end] where each end is a :class:`DateSpan` (a day, month or year).
"since X" ends at the source's publication date, "between X and Y" at the last day of Y,
"as of X" has no known start. Named dates ("end of hostilities") come from the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.dates import DateSpan, parse_date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rules reads windows (default windows); windows only need its type
    from checker.rules import RuleSet

WINDOW_KEYS = ("since", "start", "end", "as_of", "during")
PUBLICATION_WORDS = ("publication", "published", "to date", "so far", "now", "today", "date of publication")


@dataclass(frozen=True)
class Window:
    start: DateSpan | None  # None: unknown start
    end: DateSpan
    end_from_publication: bool
    text: str  # canonical text, e.g. "2020-11-10 .. 2025-06"

    def describe(self) -> str:
        return self.text


SHORTHAND = [
    (re.compile(r"^since\s+(?P<start>.+)$", re.I), "since"),
    (re.compile(r"^(?:between|from)\s+(?P<start>.+?)\s+(?:and|to|until|till|through|thru)\s+(?P<end>.+)$", re.I), "between"),
    (re.compile(r"^(?P<start>.+?)\s*(?:\.\.|–|—)\s*(?P<end>.+)$", re.I), "between"),
    (re.compile(r"^(?:as\s+of|as\s+at|at|by|until)\s+(?P<end>.+)$", re.I), "as_of"),
    (re.compile(r"^(?:during|in|over)\s+(?P<during>.+)$", re.I), "during"),
    (re.compile(r"^(?P<end>to date|so far|as of publication|publication)$", re.I), "as_of"),
]


class WindowError(ValueError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def resolve_date(text: object, rules: RuleSet, published: DateSpan) -> tuple[DateSpan, bool]:
    """A date or a named date; returns (span, is_publication)."""
    if isinstance(text, str):
        cleaned = " ".join(text.strip().split())
        lowered = cleaned.lower()
        if lowered in PUBLICATION_WORDS or lowered in ("as of publication",):
            return published, True
        named = rules.named_date(cleaned)
        if named is None and lowered.startswith("the "):
            named = rules.named_date(cleaned[4:])
        if named is not None:
            return named.date, False
        try:
            return parse_date(cleaned), False
        except ValueError as exc:
            if re.search(r"\d", cleaned) is None:
                from checker.errors import did_you_mean

                raise WindowError(f"unknown named date {cleaned!r}", did_you_mean(cleaned, rules.date_names())) from None
            raise WindowError(str(exc)) from None
    try:
        return parse_date(text), False
    except ValueError as exc:
        raise WindowError(str(exc)) from None


def resolve_date_once(text: object, rules: RuleSet, published: DateSpan, seen: dict | None) -> tuple[DateSpan, bool]:
    """resolve_date, remembered in `seen` by text: only a publication word reads `published`."""
    if seen is None or not isinstance(text, str):
        return resolve_date(text, rules, published)
    known = seen.get(text)
    if known is None:
        try:
            span, from_publication = resolve_date(text, rules, published)
            known = "publication" if from_publication else span
        except WindowError as exc:
            known = exc
        seen[text] = known
    if isinstance(known, WindowError):
        raise WindowError(str(known), known.hint)
    return (published, True) if known == "publication" else (known, False)


def parse_window(spec: object, rules: RuleSet, published: DateSpan, seen: dict | None = None) -> Window:
    """Parse a shorthand string ("since end_of_hostilities") or a mapping ({since: ...}).
    `seen`: a dict in which dates already read are remembered (loaders reading many windows)."""
    parts: dict[str, object] = {}
    if isinstance(spec, str):
        text = " ".join(spec.strip().split())
        if not text:
            raise WindowError("empty window", "e.g. 'since 2020-11-10' or 'between 2020-11 and 2023-11'")
        if len(text) > 200:
            raise WindowError("window text longer than 200 characters")
        for pattern, kind in SHORTHAND:
            match = pattern.match(text)
            if match:
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                if kind == "since":
                    parts = {"since": groups["start"]}
                elif kind == "between":
                    parts = {"start": groups["start"], "end": groups["end"]}
                elif kind == "as_of":
                    parts = {"as_of": groups["end"]}
                else:
                    parts = {"during": groups["during"]}
                break
        else:
            raise WindowError(
                f"cannot read window {text!r}",
                "write 'since X', 'between X and Y', 'as of X' or 'during X'",
            )
    elif isinstance(spec, dict):
        parts = dict(spec)
        unknown = [k for k in parts if k not in WINDOW_KEYS]
        if unknown:
            from checker.errors import did_you_mean

            raise WindowError(f"unknown window key {unknown[0]!r}", did_you_mean(str(unknown[0]), WINDOW_KEYS))
    elif spec is None:
        parts = {"as_of": "publication"}
    else:
        raise WindowError("expected a window such as 'since 2020-11-10' or {start: ..., end: ...}")

    if "during" in parts:
        if len(parts) > 1:
            raise WindowError("'during' cannot be combined with other window keys")
        span, from_pub = resolve_date_once(parts["during"], rules, published, seen)
        start = DateSpan.day(span.first)
        end = DateSpan.day(span.last)
        return _window(start, end, from_pub)
    if "since" in parts and "start" in parts:
        raise WindowError("give either 'since' or 'start', not both")
    if "as_of" in parts and "end" in parts:
        raise WindowError("give either 'as_of' or 'end', not both")
    start_raw = parts.get("since", parts.get("start"))
    end_raw = parts.get("as_of", parts.get("end", "publication"))
    if "as_of" in parts and start_raw is not None:
        raise WindowError("'as of' has no start; use 'start'/'end' for a window with both")
    start = None
    if start_raw is not None:
        start, _ = resolve_date_once(start_raw, rules, published, seen)
    end, from_pub = resolve_date_once(end_raw, rules, published, seen)
    return _window(start, end, from_pub)


def _window(start: DateSpan | None, end: DateSpan, from_pub: bool) -> Window:
    if start is not None and start.first > end.last:
        raise WindowError(f"window starts ({start}) after it ends ({end})")
    begin = "?" if start is None else start.iso()
    return Window(start, end, from_pub, f"{begin} .. {end.iso()}")
