"""A printed figure and its qualifier become an interval.

"3,400" printed with trailing zeros may stand for anything from 3,350 to 3,450; "20.8" for
[20.75, 20.85]; "nearly 30" for [27, 30); "more than 3,400" for (3,400, ∞). The printed
string, not the float, carries the precision, so the loader keeps it.

Reading a round figure as rounded is a reading, not a certainty: "1,200" may be exact. The
figure also keeps the precision its digits alone give (`as_printed`), so a check can tell a
clash that every reading shows from one that only the rounding reading excuses.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace

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
ROUND_SHARE = 0.05  # how far either way a small round figure reaches, as a share of it

# Word fractions are shares: their percent, and how far either way people mean them to reach.
FRACTION_WORDS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "one-half": 50.0,
    "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3,
    "two thirds": 200 / 3, "two-thirds": 200 / 3,
    "a quarter": 25.0, "one quarter": 25.0, "one-quarter": 25.0,
    "three quarters": 75.0, "three-quarters": 75.0,
    "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0,
    "a tenth": 10.0, "one tenth": 10.0, "one-tenth": 10.0,
}
FRACTION_REACH = 0.1


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
    # The steps with a round figure read as exact ("1,200" as 1,200): None when the same.
    low_exact_step: float | None = None
    high_exact_step: float | None = None
    # How far above the high end the figure may reach when its last digits were cut rather than
    # rounded ("62,800" printed for 62,862; "9.3 billion" for 9.36 billion): the unit of its last
    # printed digit where at least two significant digits are printed, else 0.
    high_cut_step: float = 0.0

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


def as_printed(figure: Figure) -> Figure:
    """The figure with a round figure read as exact: "1,200" as 1,200 rather than 1,150-1,250,
    "20%" as 19.5-20.5 rather than 19-21. Decimals, scale words ("1.2 million") and word
    fractions keep their precision: that is what their printing says, not a reading of it."""
    return replace(
        figure,
        low_step=figure.low_step if figure.low_exact_step is None else figure.low_exact_step,
        high_step=figure.high_step if figure.high_exact_step is None else figure.high_exact_step,
        high_cut_step=figure.high_cut_step if figure.high_exact_step in (None, figure.high_step) else 0.0,
    )


def _one(match: re.Match[str], i: int, trailing_zeros: bool, integer_step: float = 0.0, small_round: bool = True) -> tuple[float, float, float, float]:
    """(value, step, step as printed, cut step): the third differs from the step only for a round
    figure, read as rounded to its last non-zero digit, where it is the step of a plain integer.
    The cut step is Figure.high_cut_step."""
    digits = re.sub(r"[,  ]", "", match.group(f"int{i}"))
    decimals = match.group(f"dec{i}") or ""
    scale_word = (match.group(f"scale{i}") or "").lower()
    scale = SCALES.get(scale_word, 1.0)
    sign = -1.0 if match.group(f"sign{i}") else 1.0
    number = float(f"{digits}.{decimals}" if decimals else digits)
    exact_step = None
    if decimals:
        step = 10.0 ** -len(decimals)
    elif trailing_zeros and digits.endswith("0") and len(digits) >= 4 and digits.strip("0"):
        # "3,400" or "200,000" are read as rounded to their last non-zero digit.
        step, exact_step = 10.0 ** (len(digits) - len(digits.rstrip("0"))), integer_step
    elif small_round and trailing_zeros and digits.endswith("0") and digits.strip("0") and scale == 1.0:
        # A small round figure ("20%", "30 killed") stands for the range people mean by it:
        # within 5% either way, never wider than its last non-zero digit allows.
        step = max(integer_step, min(10.0 ** (len(digits) - len(digits.rstrip("0"))), ROUND_SHARE * 2 * float(digits)))
        exact_step = integer_step
    elif scale != 1.0:
        step = 1.0
    else:
        step = integer_step  # a plain integer such as 68 or 4,329 is a count as printed
    cut_step = step if _cut_may_drop_digits(digits, decimals, scale != 1.0, step, integer_step) else 0.0
    return sign * number * scale, step * scale, (step if exact_step is None else exact_step) * scale, cut_step * scale


def _cut_may_drop_digits(digits: str, decimals: str, scaled: bool, step: float, integer_step: float) -> bool:
    """Whether a figure's last printed digit may be where longer digits were cut: a decimal, a
    figure with a scale word, or a round figure of four digits or more, with two significant
    digits or more. "1,000" is not 1,900
    cut, and a small round figure ("30 killed") already stands for the range people mean by it."""
    # A decimal's trailing zeros are printed precision ("0.50"); an integer's are not ("3,400").
    significant = len((digits + decimals).lstrip("0")) if decimals else len(digits.strip("0"))
    place_value = bool(decimals) or scaled or (len(digits) >= 4 and digits.endswith("0"))
    return place_value and significant >= 2 and step > integer_step


def ascii_digits(text: str) -> str:
    """Every decimal digit (Arabic-Indic "٣٤٠٠", Devanagari, full-width...) as its ASCII digit,
    and the Arabic decimal and thousands marks as "." and ",", so the same printed-precision
    rules apply whatever script a figure is printed in."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else _ARABIC_MARKS.get(c, c) for c in text)


_ARABIC_MARKS = {"\u066b": ".", "\u066c": ","}
_SWAP_MARKS = str.maketrans(".,", ",.")
_THREE_DECIMALS_RE = re.compile(r"\d\.\d{3}(?!\d)")
_DECIMAL_COMMA_RE = re.compile(r"\d,\d{1,2}(?!\d)")


def parse_figure(raw: object, trailing_zeros: bool = True, integer_step: float = 0.0, decimal_comma: bool = False, count: bool = False, share: bool = False) -> Figure:
    """Parse a value as written in a claim. Raises ValueError with a user-facing reason.

    `decimal_comma`: the rules' number locale writes "1.500,5" (a dot or a space groups
    thousands). `count`: the figure counts whole things, so "1.500" cannot be one and a half:
    with no locale to say which mark is which, it is ambiguous and refused. `share`: the figure
    is a percentage, so word fractions ("a third", "half") are read too."""
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
    fraction = FRACTION_WORDS.get(text.lower())
    if fraction is not None:
        if not share:
            raise ValueError(f"{text!r} is a share; give the claim a percent unit, or write the figure as printed")
        return Figure(text, fraction, fraction, 2 * FRACTION_REACH * fraction, 2 * FRACTION_REACH * fraction)
    readable = ascii_digits(text)
    if decimal_comma:
        readable = readable.translate(_SWAP_MARKS)
    match = _VALUE_RE.match(readable)
    if not match:
        raise ValueError(_unreadable(text, readable, decimal_comma))
    if count and match.group("scale1") is None and match.group("scale2") is None and _THREE_DECIMALS_RE.search(readable):
        mark, other = (",", ".") if decimal_comma else (".", ",")
        raise ValueError(
            f"{text!r} is ambiguous for a count: with {mark!r} as the decimal mark it is no whole number, so {mark!r} "
            f"may group thousands; write it with {other!r} grouping thousands, or declare settings.number_locale "
            f"in the rules (en: 1,500.5; de or fr: 1.500,5)"
        )
    ranged = match.group("int2") is not None  # a range's ends are its bounds, not round figures
    low, low_step, low_exact, low_cut = _one(match, 1, trailing_zeros, integer_step, small_round=not ranged)
    if not ranged:
        if not math.isfinite(low):
            raise ValueError(f"{text!r} is too large")
        return Figure(text, low, low, low_step, low_step, low_exact_step=low_exact, high_exact_step=low_exact, high_cut_step=low_cut)
    high, high_step, high_exact, high_cut = _one(match, 2, trailing_zeros, integer_step, small_round=False)
    # "1.2-1.5 million": a scale word on the second end only applies to both.
    if match.group("scale1") is None and match.group("scale2") is not None:
        scale = SCALES[match.group("scale2").lower()]
        low, low_step, low_exact = low * scale, low_step * scale, low_exact * scale
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{text!r} is too large")
    if high < low:
        raise ValueError(f"range {text!r} runs backwards")
    return Figure(text, low, high, low_step, high_step, printed_range=True, low_exact_step=low_exact, high_exact_step=high_exact, high_cut_step=high_cut)


def _unreadable(text: str, readable: str, decimal_comma: bool) -> str:
    if not decimal_comma and _DECIMAL_COMMA_RE.search(readable):
        return (f"cannot read {text!r}: a comma before one or two digits is a decimal comma, which this corpus's number "
                "locale (en) does not use; write it with a decimal point, or set settings.number_locale: de in the rules")
    return (f"cannot read {text!r} as a number; write it as printed, e.g. \"3,400\", \"20.8\", "
            "\"464 million\" or a range \"10-13\"")


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
        # Rounded, or cut: "62,800" may print 62,862. "About 62,800" says it is near, either side.
        low, high = rounded_low, figure.high + max(figure.high_step / 2, figure.high_cut_step)
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
