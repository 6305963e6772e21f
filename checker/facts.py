"""The facts a finding's sentence rests on, as data: checks build them, renderers word them.

A check's draft names a message kind (``Draft.message_kind``) and carries its facts as
``(name, value)`` pairs in ``Draft.details``; ``checker/report/messages.py`` turns the kind and
the facts into the sentence. A fact value is a number, a string, a tuple of them, an
``Interval``, or one of the small frozen values here, so findings stay hashable and the JSON
report can write them (docs/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import Interval


@dataclass(frozen=True)
class Window:
    """A claim's window as a finding shows it: its dates as written, and whether its end is the
    source's publication date (a figure "as of publication")."""

    start: str | None  # None: no start was given (a figure "as of" its end)
    end: str
    as_of_publication: bool


@dataclass(frozen=True)
class Figure:
    """One claim as a finding compared it: its id, its window and its interval in the metric's
    unit. What was printed, by whom and when is the claim's own (the finding lists it)."""

    claim: str
    window: Window
    interval: Interval


@dataclass(frozen=True)
class Rounding:
    """The rounding that alone would excuse a clash seen with round figures read as printed:
    `short`'s figure (which must be at least `over`'s) rounded down from at least `least`, or
    `over`'s rounded up from at most `most`; each only if that figure is round."""

    short: str  # claim ids
    short_round: bool
    over: str
    over_round: bool
    least: float
    most: float


def figure_of(row) -> Figure:
    """The Figure fact of a claim record (a dict, Series or relations Row of the claims table)."""
    parts = str(row["window_text"]).split(" .. ")
    window = Window(None if parts[0] == "?" else parts[0], parts[-1], bool(row["end_from_publication"]))
    interval = Interval(float(row["low"]), float(row["high"]), bool(row["low_open"]), bool(row["high_open"]))
    return Figure(str(row["claim_id"]), window, interval)


def bounds(span) -> Interval:
    """An interval computed by a relation (a relations Span) as a fact."""
    return Interval(float(span.low), float(span.high), bool(span.low_open), bool(span.high_open))
