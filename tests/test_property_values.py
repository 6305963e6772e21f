"""Property tests for printed figures and qualifier intervals (checker.values)."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from checker.rules import DEFAULT_QUALIFIERS
from checker.values import QualifierRule, parse_figure, to_interval

FAST = settings(max_examples=300, deadline=None)

QUALIFIERS = {
    qid: QualifierRule(qid, spec["low"], spec["high"], spec.get("low_open", False), spec.get("high_open", False), spec.get("rounding", True))
    for qid, spec in DEFAULT_QUALIFIERS.items()
}
NUMBERISH = st.text(alphabet="0123456789,.  -–—$%kmbnKMBtoilhusa \t", max_size=30)


@FAST
@given(st.one_of(st.text(), NUMBERISH, st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2)), st.booleans())
@example("1e309", True)
@example("9" * 400, True)
@example(10**400, True)
@example(float("nan"), True)
@example("-0", True)
@example("1" + "," * 50 + "000", True)
def test_parse_figure_raises_only_value_error(raw, trailing_zeros):
    try:
        figure = parse_figure(raw, trailing_zeros)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert math.isfinite(figure.low) and math.isfinite(figure.high) and figure.low <= figure.high
    assert figure.low_step >= 0 and figure.high_step >= 0


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_integers_round_trip_plain_and_with_separators(n):
    for printed in (str(n), f"{n:,}", f"{n:,}".replace(",", "\u00a0")):
        figure = parse_figure(printed, trailing_zeros=False)
        assert figure.low == figure.high == n
        assert figure.low_step == 0
        assert figure.printed == " ".join(printed.split())  # whitespace is normalised


@FAST
@given(st.integers(min_value=0, max_value=10**9), st.text(alphabet="0123456789", min_size=1, max_size=6))
def test_decimals_round_trip_with_their_precision(whole, decimals):
    printed = f"{whole}.{decimals}"
    figure = parse_figure(printed)
    assert figure.low == float(printed)
    assert figure.low_step == 10.0 ** -len(decimals)


@FAST
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "bn", "k", "m"]))
def test_scale_words_multiply(n, word):
    scale = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "bn": 1e9}[word]
    assert parse_figure(f"{n} {word}").low == n * scale


@FAST
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_ranges_keep_their_ends(low, width):
    high = low + width
    figure = parse_figure(f"{low}-{high}" if low >= 0 else f"{low} to {high}", trailing_zeros=False)
    assert (figure.low, figure.high) == (low, high)
    assert figure.printed_range


def _figures():
    whole = st.integers(min_value=0, max_value=10**7)
    decimals = st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=3))
    scale = st.sampled_from(["", " thousand", " million", "bn", "k"])
    sign = st.sampled_from(["", "-"])
    return st.builds(lambda s, w, d, sc, comma: s + (f"{w:,}" if comma else str(w)) + (f".{d}" if d else "") + sc, sign, whole, decimals, scale, st.booleans())


@FAST
@given(_figures(), st.booleans())
def test_rounding_interval_contains_the_printed_value(printed, trailing_zeros):
    figure = parse_figure(printed, trailing_zeros)
    for qid in ("exact", "range"):
        interval = to_interval(figure, QUALIFIERS[qid])
        assert interval.contains_point(figure.low) and interval.contains_point(figure.high), (printed, qid, interval)
        assert interval.low <= figure.low - figure.low_step / 2 + 1e-9 * max(1, abs(figure.low))


@FAST
@given(_figures(), st.booleans(), st.sampled_from(sorted(QUALIFIERS)))
def test_two_sided_qualifiers_contain_the_point_value(printed, trailing_zeros, qid):
    figure = parse_figure(printed, trailing_zeros)
    rule = QUALIFIERS[qid]
    interval = to_interval(figure, rule)
    assert interval.low <= interval.high
    if rule.low <= 1 <= rule.high and not (rule.low_open or rule.high_open):
        assert interval.contains_point(figure.value), (printed, qid, interval)


@settings(max_examples=50, deadline=None)
@given(_figures(), st.booleans(), st.sampled_from(["about", "approximately"]))
@example("1800", True, "about")  # bare "1800" reaches 1,899 cut; "about 1800" does not
def test_approximate_qualifiers_never_narrow_the_printed_precision(printed, trailing_zeros, qid):
    """'about X' can only be vaguer than 'X' read as rounded: its interval holds X's rounding
    interval. (A bare "1,800" may also be 1,899 cut; "about 1,800" reads as rounded only,
    docs/formats.md, so the cut reach is not part of what it must hold.)"""
    figure = parse_figure(printed, trailing_zeros)
    exact = to_interval(dataclasses.replace(figure, high_cut_step=0.0), QUALIFIERS["exact"])
    approximate = to_interval(figure, QUALIFIERS[qid])
    assume(math.isfinite(exact.low) and math.isfinite(exact.high))
    tolerance = 1e-9 * max(1.0, abs(exact.low), abs(exact.high))
    assert approximate.low <= exact.low + tolerance and approximate.high >= exact.high - tolerance, (printed, exact, approximate)


@FAST
@given(_figures(), st.booleans())
def test_widening_factors_are_monotone(printed, trailing_zeros):
    """A qualifier with wider factors never gives a narrower interval."""
    figure = parse_figure(printed, trailing_zeros)
    narrow = to_interval(figure, QualifierRule("n", 0.95, 1.05, rounding=False))
    wide = to_interval(figure, QualifierRule("w", 0.9, 1.1, rounding=False))
    assert wide.low <= narrow.low and wide.high >= narrow.high
