import math

import pytest

from checker.model import Interval
from checker.values import QualifierRule, as_printed, parse_figure, to_interval

EXACT = QualifierRule("exact", 1.0, 1.0)
ABOUT = QualifierRule("about", 0.95, 1.05, rounding=False)
NEARLY = QualifierRule("nearly", 0.9, 1.0, high_open=True, rounding=False)
MORE = QualifierRule("more_than", 1.0, math.inf, low_open=True, rounding=False)


@pytest.mark.parametrize(
    "printed, low, high",
    [
        ("68", 68, 68),
        (412, 412, 412),
        ("4,329", 4329, 4329),
        ("3,400", 3350, 3500),  # trailing zeros: rounded to hundreds, or cut there
        ("20.8", 20.75, 20.9),  # rounded, or cut: 20.89 may print 20.8
        ("464 million", 463.5e6, 465e6),
        ("1.2bn", 1.15e9, 1.3e9),
        ("$23.9 million", 23.85e6, 24e6),
        ("11 667", 11667, 11667),
        ("10-13", 10, 13),
        ("1 million", 0.5e6, 1.5e6),  # one significant digit: rounded, never cut
        ("62,800", 62_750, 62_900),
        ("0.50", 0.495, 0.51),  # a decimal's trailing zero is a printed digit
        ("0.5", 0.45, 0.55),
        ("1,000", 500, 1_500),
        ("9 million", 8.5e6, 9.5e6),
        ("300", 285, 315),  # a small round figure reaches 5% either way
        ("200,000", 150_000, 250_000),
    ],
)
def test_exact_figures_widen_by_printed_precision(printed, low, high):
    interval = to_interval(parse_figure(printed), EXACT)
    assert interval.low == pytest.approx(low)
    assert interval.high == pytest.approx(high)


@pytest.mark.parametrize(
    "printed, integer_step, low, high",
    [
        ("3,400", 0.0, 3400, 3400),  # a round figure read as exact
        ("300", 0.0, 300, 300),
        ("200,000", 0.0, 200_000, 200_000),
        ("20", 1.0, 19.5, 20.5),  # "20%": exact to the percent it prints
        ("1,200-1,500", 0.0, 1200, 1500),
    ],
)
def test_a_round_figure_read_as_printed_keeps_only_its_digits_precision(printed, integer_step, low, high):
    interval = to_interval(as_printed(parse_figure(printed, integer_step=integer_step)), EXACT)
    assert (interval.low, interval.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("printed", ["20.8", "1.2bn", "464 million", "4,329", "68", "a third"])
def test_a_figure_whose_printing_gives_its_precision_reads_the_same_as_printed(printed):
    # Decimals, scale words, plain integers and word fractions: no round-figure reading to drop.
    figure = parse_figure(printed, share=printed == "a third")
    assert to_interval(as_printed(figure), EXACT) == to_interval(figure, EXACT)


def test_an_approximate_qualifier_reads_the_same_as_printed():
    # "about 1,200" says itself that it is approximate: the exact reading changes nothing.
    figure = parse_figure("1,200")
    assert to_interval(as_printed(figure), ABOUT) == to_interval(figure, ABOUT)


def test_trailing_zeros_can_be_switched_off():
    interval = to_interval(parse_figure("3,400", trailing_zeros=False), EXACT)
    assert (interval.low, interval.high) == (3400, 3400)


def test_qualifiers_give_bounds_on_the_printed_number():
    assert to_interval(parse_figure("3,400"), MORE) == Interval(3400, math.inf, True, False)
    nearly = to_interval(parse_figure("3,400"), NEARLY)
    assert (nearly.low, nearly.high, nearly.high_open) == (3060, 3400, True)
    about = to_interval(parse_figure("6,000"), ABOUT)
    assert about.low == pytest.approx(5500) and about.high == pytest.approx(6500)  # rounding wins over ±5%
    assert to_interval(parse_figure("6,040"), ABOUT) == Interval(5738, 6342)


def test_more_than_and_nearly_the_same_number_do_not_overlap():
    assert not to_interval(parse_figure("3,400"), MORE).overlaps(to_interval(parse_figure("3,400"), NEARLY))
    assert to_interval(parse_figure("3,400"), MORE).overlaps(to_interval(parse_figure("3,400"), ABOUT))


def test_closed_intervals_touching_at_a_point_overlap():
    assert Interval(1, 2).overlaps(Interval(2, 3))
    assert not Interval(1, 2, high_open=True).overlaps(Interval(2, 3))


@pytest.mark.parametrize("bad", ["", "many", "1e309", "12-3", "3,40", True, None, float("nan"), "9" * 70])
def test_unreadable_values_raise_value_error(bad):
    with pytest.raises(ValueError):
        parse_figure(bad)


def test_one_sided_bounds_are_not_widened_by_rounding():
    up_to = QualifierRule("up_to", 0.0, 1.0, rounding=False)
    at_least = QualifierRule("at_least", 1.0, math.inf, rounding=False)
    assert to_interval(parse_figure("25"), up_to) == Interval(0, 25)
    assert to_interval(parse_figure("1 million"), at_least) == Interval(1e6, math.inf)
