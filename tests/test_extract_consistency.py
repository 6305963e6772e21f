"""An article read as a whole (checker/extract/consistency.py): which of two drafts that make it
contradict itself is set aside, and when both are kept for the checks."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.consistency import read_as_a_whole
from support import rules_from_text

RULES = """
metrics:
  - {id: cases, label: Cases, kind: cumulative, unit: people, aliases: [cases]}
named_dates:
  - {id: start_of_2025, date: 2025-01-01, aliases: [this year]}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES, tmp_path_factory.mktemp("rules"))


def drafts(low_basis: str) -> list[dict]:
    high = {"metric": "cases", "value": "208", "window": "between start_of_2025 and 2025-03-07", "window_basis": "inferred", "scope": "Valley"}
    low = {"metric": "cases", "value": "201", "window": "since 2025-01-01", "window_basis": low_basis, "scope": "Valley"}
    return [high, low]


def test_a_figure_its_paragraph_dates_is_kept_beside_a_higher_one_whose_default_start_gives_the_same_window(rules):
    claims = drafts("context")
    read_as_a_whole(claims, rules, parse_date("2025-03-07"), {"cases": "cumulative"})
    assert [c["metric"] for c in claims] == ["cases", "cases"]  # the article's own contradiction, for the checks


def test_a_lower_figure_whose_window_is_the_readers_guess_is_set_aside(rules):
    # twin: nothing in the text dates the lower figure either: its window is the likelier misreading
    claims = drafts("inferred")
    read_as_a_whole(claims, rules, parse_date("2025-03-07"), {"cases": "cumulative"})
    assert [c["metric"] for c in claims] == ["cases", "unresolved"]
