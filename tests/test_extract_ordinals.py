"""Counts written as ordinals ("the third death") and figures that are differences, not counts.

Each case has a twin that reads the other way.
"""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from support import rules_from_text

RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [death, deaths, died, related death]}
  - {id: hospitalized, label: People hospitalised, kind: cumulative, unit: people, aliases: [hospitalized]}
scopes:
  - {name: Valley Province, aliases: [the valley, Valley]}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES, tmp_path_factory.mktemp("rules"))


def drafted(text: str, rules) -> list[tuple[str, str, str | None]]:
    claims = extract_text(text, published=parse_date("2025-04-23"), rules=rules, source_id="s")
    return [(str(c["value"]), c["metric"], c.get("scope")) for c in claims]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It was the third death in the valley this year.", ("3", "deaths", "Valley Province")),
        ("Officials announced the outbreak's first death.", ("1", "deaths", None)),
        ("The second related death came in March.", ("2", "deaths", None)),
        # the place of the one person who died is not the count's
        ("A third death was reported in a Valley resident.", ("3", "deaths", None)),
    ],
)
def test_an_ordinal_before_a_running_counts_singular_alias_is_the_count(rules, text, expected):
    assert drafted(text, rules) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "A third of deaths were children.",  # a share
        "It was the first time deaths rose.",  # an ordinal of something else
        "They were the first deaths in a decade.",  # plural: no count of one
        "Its first death came in March.",  # "its": a place the phrase does not name
        "The second wave brought more deaths.",
    ],
)
def test_ordinals_that_count_nothing_are_no_counts(rules, text):
    assert not [d for d in drafted(text, rules) if d[1] == "deaths" and d[0] in ("1", "2", "3")]


def test_a_difference_in_words_is_no_count(rules):
    # "six more than previously reported" is an increment, never a count of 6
    assert drafted("Six people have been hospitalized, six more than previously reported.", rules) == [("6", "hospitalized", None)]
    # twin: the count in words is read
    assert drafted("Six people have been hospitalized.", rules) == [("6", "hospitalized", None)]
    assert drafted("There have been six deaths.", rules) == [("6", "deaths", None)]


def test_a_count_in_words_before_adjectives_in_a_list_takes_the_predicate(rules):
    assert drafted("Two young, unvaccinated people have died.", rules) == [("2", "deaths", None)]
    # twin: the words after the comma describe a plural noun no alias names
    assert drafted("Two villages, remote and flooded, saw deaths.", rules) == []


def test_coordinated_counts_of_one_noun_share_the_predicate(rules):
    assert drafted("One person in the valley and one person in the capital has died.", rules) == [("1", "deaths", "Valley Province"), ("1", "deaths", "capital")]
    # twin: a different noun after "and" shares nothing: "two people" stays no count
    assert drafted("Two people in the valley and 40 deaths in the capital were reported.", rules) == [("40", "deaths", "capital")]
