"""A printed figure and its qualifier become an interval.

"3,400" printed with trailing zeros may stand for anything from 3,350 to 3,450; "20.8" for
[20.75, 20.85]; "nearly 30" for [27, 30); "more than 3,400" for (3,400, ∞). The printed
string, not the float, carries the precision, so the loader keeps it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from checker.model import Interval
from checker.vocabulary import SCALE_WORDS

SCALES = SCALE_WORDS  # one table with the extractor's (checker/vocabulary.py)
_SCALE_ALTERNATIVES = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))

_NUMBER = r"(?P<sign{i}>[-−]?)(?P<int{i}>\d{{1,3}}(?:[,  ]\d{{3}})+|\d+)(?:\.(?P<dec{i}>\d+))?"
_SCALE = r"(?:\s*(?P<scale{i}>" + _SCALE_ALTERNATIVES + r")\b)?"
_ONE = _NUMBER + _SCALE
_VALUE_RE = re.compile(
    r"^\$?\s*" + _ONE.format(i=1) + r"\s*%?"
    r"(?:\s*(?:-|–|—|to)\s*\$?\s*" + _ONE.format(i=2) + r"\s*%?)?$",
    re.IGNORECASE,
)

MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Figure:
    """A printed figure: central value, the half-width its printing allows, and a range if any."""

    printed: str
    low: float  # lowest printed number (the value itself unless a range)
    high: float
    low_step: float  # the unit of the last printed digit of each end
    high_step: float

    @property
    def is_range(self) -> bool:
        return self.low != self.high or self.printed_range

    printed_range: bool = False

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


def _one(match: re.Match[str], i: int, trailing_zeros: bool, integer_step: float = 0.0) -> tuple[float, float]:
    digits = re.sub(r"[,  ]", "", match.group(f"int{i}"))
    decimals = match.group(f"dec{i}") or ""
    scale_word = (match.group(f"scale{i}") or "").lower()
    scale = SCALES.get(scale_word, 1.0)
    sign = -1.0 if match.group(f"sign{i}") else 1.0
    number = float(f"{digits}.{decimals}" if decimals else digits)
    if decimals:
        step = 10.0 ** -len(decimals)
    elif trailing_zeros and digits.endswith("0") and len(digits) >= 4 and digits.strip("0"):
        # "3,400" or "200,000" are read as rounded; "20" or "300" as printed (small numbers
        # are usually exact counts or already-rounded percentages).
        step = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    elif scale != 1.0:
        step = 1.0
    else:
        step = integer_step  # a plain integer such as 68 or 4,329 is a count as printed
    return sign * number * scale, step * scale


def parse_figure(raw: object, trailing_zeros: bool = True, integer_step: float = 0.0) -> Figure:
    """Parse a value as written in a claim. Raises ValueError with a user-facing reason."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError("expected a number such as 412, \"3,400\", \"464 million\" or \"10-13\"")
    if isinstance(raw, int):
        raw = str(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(f"{raw} is not a finite number")
        raw = repr(raw)
        if "e" in raw.lower():
            raise ValueError("write the number in full, not in scientific notation")
    if not isinstance(raw, str):
        raise ValueError("expected a number such as 412, \"3,400\", \"464 million\" or \"10-13\"")
    text = " ".join(raw.strip().split())
    if not text:
        raise ValueError("empty value")
    if len(text) > MAX_VALUE_CHARS:
        raise ValueError(f"value is longer than {MAX_VALUE_CHARS} characters")
    match = _VALUE_RE.match(text)
    if not match:
        raise ValueError(
            f"cannot read {text!r} as a number; write it as printed, e.g. \"3,400\", \"20.8\", "
            "\"464 million\" or a range \"10-13\""
        )
    low, low_step = _one(match, 1, trailing_zeros, integer_step)
    if match.group("int2") is None:
        if not math.isfinite(low):
            raise ValueError(f"{text!r} is too large")
        return Figure(text, low, low, low_step, low_step)
    high, high_step = _one(match, 2, trailing_zeros, integer_step)
    # "1.2-1.5 million": a scale word on the second end only applies to both.
    if match.group("scale1") is None and match.group("scale2") is not None:
        scale = SCALES[match.group("scale2").lower()]
        low, low_step = low * scale, low_step * scale
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{text!r} is too large")
    if high < low:
        raise ValueError(f"range {text!r} runs backwards")
    return Figure(text, low, high, low_step, high_step, printed_range=True)


@dataclass(frozen=True)
class QualifierRule:
    """How a qualifier turns a printed figure into an interval.

    low/high are factors on the figure (∞ allowed); `rounding` says whether the printed
    precision widens it as well (it does for exact and approximate figures, not for bounds
    like "more than 3,400", where the printed number is the bound itself).
    """

    id: str
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    rounding: bool = True
    aliases: tuple[str, ...] = ()


def to_interval(figure: Figure, qualifier: QualifierRule) -> Interval:
    rounded_low = figure.low - figure.low_step / 2
    rounded_high = figure.high + figure.high_step / 2
    if qualifier.rounding:
        low, high = rounded_low, rounded_high
    else:
        low, high = figure.low, figure.high
    low = _scale(low, qualifier.low, lower=True)
    high = _scale(high, qualifier.high, lower=False)
    if qualifier.low < 1.0 < qualifier.high and math.isfinite(qualifier.high) and not (qualifier.low_open or qualifier.high_open):
        # A two-sided qualifier ("about") is never narrower than the bare printed figure:
        # "about 5,000,000" is at least as vague as "5,000,000" rounded to millions.
        low, high = min(low, rounded_low), max(high, rounded_high)
    if low > high:
        low, high = high, low
    return Interval(low, high, qualifier.low_open, qualifier.high_open)


def _scale(value: float, factor: float, lower: bool) -> float:
    if math.isinf(factor):
        return factor if not lower else -math.inf
    if value < 0:
        # Widening is symmetric in magnitude: a factor below 1 moves a negative bound up.
        return value * (2 - factor)
    return value * factor
