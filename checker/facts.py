"""The facts a finding's sentence rests on, as data: checks build them, renderers word them.

A check's draft names a message kind (``Draft.message_kind``) and carries its facts as
``(name, value)`` pairs in ``Draft.details``; ``checker/report/messages.py`` turns the kind and
the facts into the sentence. A fact value is a number, a string, a tuple of them, an
``Interval``, or one of the small frozen values here, so findings stay hashable and the JSON
report can write them (docs/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.model import Interval

if TYPE_CHECKING:
    from checker.claim import Claim


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


@dataclass(frozen=True)
class Restatement:
    """A figure of a finding (`of`) and the claims that give the same figure, as an interval,
    in other lines or sources (`by`): each was set against the finding's other figures with the
    same result."""

    of: Figure
    by: tuple[Figure, ...]


@dataclass(frozen=True)
class Alongside:
    """Another finding of the same check that set the same figure, on the same side, against
    other claims (checker/restatements.py): the claims it lists, its message kind and its own
    facts, so each pair's proof is stated in full."""

    claims: tuple[str, ...]
    message_kind: str
    details: tuple[tuple[str, Any], ...]


def figure_of(claim: "Claim") -> Figure:
    """The Figure fact of a claim."""
    parts = str(claim.window_text).split(" .. ")
    window = Window(None if parts[0] == "?" else parts[0], parts[-1], bool(claim.end_from_publication))
    return Figure(str(claim.claim_id), window, claim.interval)


def bounds(interval: Interval) -> Interval:
    """An interval computed by a relation as a fact, its ends as plain Python numbers."""
    return Interval(float(interval.low), float(interval.high), bool(interval.low_open), bool(interval.high_open))
