"""Small immutable values shared by the engine, the checks and the reports.

The claims table's columns and the Claim record are defined in checker/claim.py.
"""

from __future__ import annotations

import hashlib
import re
import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self.value)


# The one severity order, most severe first; every other list of severities is built from it.
SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_CHOICES = (*SEVERITY_ORDER, "off")
FAIL_ON_CHOICES = (*SEVERITY_ORDER, "never")

# How strong a check's evidence is (docs/checks.md). `proof`: under every reading the inputs
# allow, the claims cannot all hold; the finding takes its configured severity. `likely`: a
# reading exists in which they hold (the finding says which); at most a warning. `hint`: worth a
# look; info.
EVIDENCE_CEILING = {"proof": "error", "likely": "warning", "hint": "info"}


def stamped_severity(configured: str, evidence: str) -> "Severity":
    """The configured severity, lowered to what the evidence supports."""
    ceiling = EVIDENCE_CEILING[evidence]
    return Severity(max(configured, ceiling, key=SEVERITY_ORDER.index))

METRIC_KINDS = ("cumulative", "level", "share", "estimate")

# What an id in the rules or claims may look like: letters, digits, ".", "_", "-".
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

def lies_below(high, high_open, low, low_open):
    """An interval ending at `high` lies wholly below one starting at `low`: the one open/closed
    rule for intervals, on numbers or on numpy arrays alike (touching ends meet only when both
    are closed)."""
    return (high < low) | ((high == low) & (high_open | low_open))


@dataclass(frozen=True)
class Interval:
    """A figure as an interval; open ends exclude the bound. Interval arithmetic keeps the
    ends' openness: the sum of "more than 3" and "5" is more than 8."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains_point(self, point: float) -> bool:
        return self.overlaps(Interval(point, point))

    def overlaps(self, other: "Interval") -> bool:
        return not (lies_below(self.high, self.high_open, other.low, other.low_open) or lies_below(other.high, other.high_open, self.low, self.low_open))

    def gap(self, other: "Interval") -> float:
        """Distance between the intervals (0 when they overlap or touch)."""
        if self.high < other.low:
            return other.low - self.high
        if other.high < self.low:
            return self.low - other.high
        return 0.0

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.low + other.low, self.high + other.high, self.low_open or other.low_open, self.high_open or other.high_open)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.low - other.high, self.high - other.low, self.low_open or other.high_open, self.high_open or other.low_open)

    def divide(self, other: "Interval") -> "Interval | None":
        """self / other for a positive `other`; None when `other` may be zero or negative."""
        if other.low <= 0:
            return None
        low = self.low / other.high if math.isfinite(other.high) else 0.0
        return Interval(low, self.high / other.low, self.low_open or other.high_open, self.high_open or other.low_open)

    def scale(self, factor: float) -> "Interval":
        return Interval(self.low * factor, self.high * factor, self.low_open, self.high_open)

    def describe(self, digits: int | None = None) -> str:
        """"[54, 60)", or "57" for a point; ends rounded to `digits` decimals when given."""
        low, high = (self.low, self.high) if digits is None else (round(self.low, digits), round(self.high, digits))
        if self.low == self.high and not (self.low_open or self.high_open):
            return format_number(low)
        left = "(" if self.low_open else "["
        right = ")" if self.high_open or math.isinf(self.high) else "]"
        return f"{left}{format_number(low)}, {format_number(high)}{right}"


def format_number(x: float) -> str:
    """Human formatting with thousands separators and at most 4 significant decimals."""
    if math.isnan(x):
        return "?"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return f"{int(round(x)):,}"
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class ClaimRef:
    """How a finding cites one claim: not a second claim type but the part of a `Claim` a report
    shows and a fingerprint keys on (built by checker.claim.cite), with `source` for the source
    id and the window split into its ends, as the JSON report names them, and the interval as
    compared in the metric's unit."""

    claim_id: str
    source: str
    source_title: str
    publisher: str
    url: str
    published: str
    metric: str
    scope: str
    printed: str
    value: float
    qualifier: str
    unit: str
    low: float
    high: float
    window_text: str
    window_start: str
    window_end: str
    attributed_to: str
    quote: str
    file: str
    line: int
    derived_from: str = ""
    compared: str = ""  # the interval as compared, in the metric's unit, e.g. "[54, 60) km2"

    def key(self) -> str:
        """Identity that survives edits elsewhere in the file (no line numbers)."""
        return "|".join(
            [self.source, self.metric, self.scope, self.printed, self.qualifier, self.unit, self.window_text, " ".join(self.quote.split())]
        )


@dataclass(frozen=True)
class Finding:
    """One problem: stamped with rule id and severity by the engine, never by the check."""

    rule: str
    severity: Severity
    metric: str
    scope: str
    message: str
    claims: tuple[ClaimRef, ...]
    details: tuple[tuple[str, Any], ...] = field(default_factory=tuple)  # the facts (checker/facts.py)
    accepted: str | None = None  # the reason, when a baseline or suppression accepts it
    message_kind: str = ""  # which sentence `message` is (checker/report/messages.py)
    evidence: str = "proof"  # the check's evidence (Draft.evidence), before the severity was stamped

    @property
    def fingerprint(self) -> str:
        keys = sorted(c.key() for c in self.claims)
        if not self.claims:  # a count of findings not listed: accepting it accepts that count only
            keys = [f"{name}={value}" for name, value in self.details if name == "not_listed"]
        payload = "\n".join([self.rule, self.metric, self.scope, *keys])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple:
        first = self.claims[0] if self.claims else None
        return (
            self.severity.rank,
            self.metric,
            self.scope,
            self.rule,
            first is None,  # a count of findings not listed comes after the listed ones
            first.published if first else "",
            first.source if first else "",
            first.line if first else 0,
            self.fingerprint,
        )


@dataclass(frozen=True)
class Draft:
    """What a check yields: the engine turns it into a Finding. A draft holds no words: its
    message kind and its facts (`details`, see checker/facts.py) are worded by
    checker/report/messages.py."""

    metric: str
    scope: str
    message_kind: str
    claim_ids: tuple[str, ...]
    details: tuple[tuple[str, Any], ...] = ()
    evidence: str = "proof"  # proof | likely | hint: see EVIDENCE_CEILING
