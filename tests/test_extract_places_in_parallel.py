"""A figure for a second place, written after "and" with no words of its own, counts what the
figure before it counts: "the storm killed 45 people in Northland and 12 in Southland"."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from support import rules_from_text

RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [killed, died, deaths]}
  - {id: homes, label: Homes destroyed, kind: cumulative, unit: count, aliases: [homes destroyed]}
scopes:
  - {name: Northland}
  - {name: Southland}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES, tmp_path_factory.mktemp("rules"))


def drafted(text: str, rules) -> dict[str, tuple[str, str | None]]:
    claims = extract_text(text, published=parse_date("2024-03-01"), rules=rules, source_id="s")
    return {str(c["value"]): (c["metric"], c.get("scope")) for c in claims}


def test_the_second_place_figure_counts_what_the_first_counts(rules):
    found = drafted("The storm killed 45 people in Northland and 12 in Southland.", rules)
    assert found["45"] == ("deaths", "Northland")
    assert found["12"] == ("deaths", "Southland")
    found = drafted("The storm killed more than 45 people in Northland, 12 in Southland.", rules)
    assert found["12"] == ("deaths", "Southland")


def test_a_word_of_its_own_or_a_place_the_rules_do_not_name_keeps_it_unresolved(rules):
    # twins: "injured" says what the second figure counts; "the hills" is no place the rules name
    assert drafted("The storm killed 45 people in Northland and injured 12 in Southland.", rules)["12"][0] == "unresolved"
    assert drafted("The storm killed 45 people in Northland and 12 in the hills.", rules)["12"][0] == "unresolved"
    assert drafted("The storm killed 45 people in Northland and 12 in Northland.", rules)["12"][0] == "unresolved"
