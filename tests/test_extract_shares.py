"""Shares written in words become percent figures with their qualifier (issue 12, item 5)."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules

RULES = "metrics:\n  - {id: homes_share, label: Share of homes hit, kind: share, unit: percent, aliases: [of homes, of the homes]}\n"


def drafted(text: str, rules=None) -> list[tuple[str, str, str | None]]:
    claims = extract_text(text, published=parse_date("2020-01-01"), rules=rules, source_id="s")
    return [(c["value"], c["qualifier"], c.get("unit")) for c in claims]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A third of the homes were hit.", [("33.33", "about", "percent")]),
        ("Nearly one-third of the homes were hit.", [("33.33", "nearly", "percent")]),
        ("Almost a quarter of the homes were hit.", [("25", "almost", "percent")]),
        ("More than half were hit.", [("50", "more_than", "percent")]),
        ("Two-thirds of the homes were hit.", [("66.67", "about", "percent")]),
        ("One in five homes was hit.", [("20", "about", "percent")]),
    ],
)
def test_word_shares_are_percent_figures(text, expected):
    assert drafted(text) == expected


def test_a_word_share_resolves_to_a_share_metric(tmp_path):
    (tmp_path / "r.yaml").write_text(RULES, encoding="utf-8")
    claims = extract_text("Almost a quarter of homes were hit.", published=parse_date("2020-01-01"), rules=load_rules([tmp_path]), source_id="s")
    assert [(c["metric"], c["value"], c["qualifier"]) for c in claims] == [("homes_share", "25", "almost")]


def test_half_without_a_bound_or_of_is_not_a_share():
    # twins: "the second half", "half-staff" are not figures; "half of" and a bounded "half" are
    assert drafted("Rain fell in the second half of the day.") == []
    assert drafted("Flags flew at half-staff.") == []
    assert drafted("Half of the homes were hit.") == [("50", "about", "percent")]


def test_one_of_the_is_not_a_count_and_a_small_word_is_not_a_range_end():
    assert drafted("It was one of the deadliest floods; 25 died.") == [("25", "exact", None)]
    assert drafted("The toll for the two regions rose to over 4,100.") == [("4,100", "over", None)]
    # twin: "one" as a count is kept when a metric names it (small word numbers need an alias)
    assert drafted("Only one boat sank.") == []
