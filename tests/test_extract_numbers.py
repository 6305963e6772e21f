"""Figures, qualifiers, changes and false-number guards of checker.extract.numbers."""

from __future__ import annotations

import pytest

from checker.extract.numbers import find_quantities, words_to_number


def only(sentence: str):
    found = find_quantities(sentence)
    assert len(found) == 1, [(q.printed, q.value) for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "value", "high", "qualifier", "unit_id"),
    [
        ("cleared almost 6,000 hectares of land", 6000, None, "almost", "hectare"),
        ("a total of 10,200 antipersonnel mines were found", 10200, None, "exact", None),
        ("About 13.4% of the territory", 13.4, None, "about", "percent"),
        ("an area of 11 667 km² remains", 11667, None, "exact", "km2"),
        ("could take 5-6 years", 5, 6, "range", "years"),
        ("it is about 10-13 years for the mined areas", 10, 13, "about", "years"),
        ("$464 million has been spent", 464e6, None, "exact", "usd"),
        ("the war would cost $25 billion", 25e9, None, "exact", "usd"),
        ("losses of 1.2bn dollars", 1.2e9, None, "exact", "usd"),
        ("more than 1 million mines have been planted", 1e6, None, "more_than", None),
        ("at least one million landmines", 1e6, None, "at_least", None),
        ("Over 30,000 Azerbaijanis were killed", 30000, None, "over", None),
        ("occupying 20 percent of the territories", 20, None, "exact", "percent"),
        ("a rise of 2.5 per cent", 2.5, None, "exact", "percent"),
        ("between 5 and 6 people", 5, 6, "range", "people"),
        ("fewer than 20 minutes", 20, None, "fewer_than", "minutes"),
        ("up to 400 jobs", 400, None, "up_to", None),
        ("nearly 120,000 mines", 120000, None, "nearly", None),
        ("There are four to five thousand people.", 4000, 5000, "range", "people"),
        ("A third of those screened", 1 / 3, None, "exact", None),
        ("three hundred and forty-two votes", 342, None, "exact", None),
    ],
)
def test_values_qualifiers_units(sentence, value, high, qualifier, unit_id):
    q = only(sentence)
    assert q.value == pytest.approx(value)
    assert q.high == (None if high is None else pytest.approx(high))
    assert q.qualifier == qualifier
    if unit_id is not None:
        assert q.unit_id == unit_id


@pytest.mark.parametrize(
    "sentence",
    [
        "Clashes erupted on Sept. 27, 2020, with attacks on civilians.",
        "The fighting ended on Nov. 10, 2020.",
        "Relations have been tense since 1991 when the war began.",
        "Azerbaijan declared demining its 18th National Goal during the 15th meeting.",
        "Ogtay Alishov, 59, lost his life in the village.",
        "Tickets in Section 427 are sold out.",
        "Call +1 202 555 0143 for details.",
        "The S&P 500 closed flat.",
        "He was born in 1954 and died in 2019.",
        "The meeting starts at 10:30 a.m. on Monday.",
        "The TA-35 index was flat.",
    ],
)
def test_false_numbers_are_skipped(sentence):
    assert find_quantities(sentence) == []


def test_spaced_dash_is_a_separator_not_a_minus():
    found = find_quantities("About 13.4% of Azerbaijan's territory - 11,667 km² - remains contaminated")
    assert [q.value for q in found] == [pytest.approx(13.4), 11667]
    assert all(q.value > 0 for q in found)


def test_changes_and_inheritance():
    found = find_quantities("The Dow Jones Industrial Average lost 190 points, or 0.6%. The S&P 500 fell 0.9%.")
    assert [(q.value, q.change) for q in found] == [(190, "down"), (pytest.approx(0.6), "down"), (pytest.approx(0.9), "down")]
    converted = find_quantities("cleared almost 6,000 hectares (14,800 acres) of land")
    assert [(q.value, q.qualifier) for q in converted] == [(6000, "almost"), (14800, "almost")]


def test_offsets_point_at_the_figure():
    sentence = "Since November 10, 2020, 167 Azerbaijani citizens have been trapped by landmines, of which 33 died."
    for q in find_quantities(sentence):
        assert sentence[q.start : q.end] in ("167", "33")


@pytest.mark.parametrize(("text", "value"), [("one million", 1e6), ("twenty-one", 21), ("three hundred and forty-two", 342), ("nothing", None)])
def test_words_to_number(text, value):
    assert words_to_number(text) == value


def test_money_to_a_smaller_count_is_two_figures_not_a_range():
    found = find_quantities("The fund has paid £42 million to 310 families so far.")
    assert [(q.value, q.high) for q in found] == [(42_000_000, None), (310, None)]


@pytest.mark.parametrize("sentence", ["Repairs will cost £42 million to £48 million.", "Repairs will cost from £42 million to 31 million."])
def test_money_ranges_forward_or_after_from_stay_ranges(sentence):
    # twins: a forward range of money, and a range "from" opens
    assert [q.high is not None for q in find_quantities(sentence)] == [True]
