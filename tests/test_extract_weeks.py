"""Weekly figures whose week the text names but does not number: "this week", "in the week to
23 November", "na semana", and a paragraph that counts by the week (checker/extract/weeks.py and
its hooks in checker/extract/pipeline.py).

A week's count is never read as a running total: it is dated from the end its sentence or its
paragraph states, or set aside for the reviewer with the reason. Every sentence here is written
for the test; each reading has a twin that must not read that way."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.extract.windows import find_windows
from support import rules_from_text

RULES_YAML = """
metrics:
  - id: cases
    label: Outbreak cases
    kind: cumulative
    unit: people
    scope: Region
    aliases: [cases, casos, cas]
  - id: confirmed
    label: Confirmed cases
    kind: cumulative
    unit: people
    scope: Region
    aliases: [confirmed cases, casos confirmados]
named_dates:
  - id: start_of_2024
    date: 2024-01-01
    aliases: [start of the year]
"""

PT_FILLER = "O ministro disse que a situação continua em observação e que os dados são atualizados com a ajuda dos hospitais da região. "


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES_YAML, tmp_path_factory.mktemp("rules"))


def by_value(text: str, rules, published: str = "2024-11-26") -> dict[str, dict]:
    return {str(c["value"]): c for c in extract_text(text, published=parse_date(published), rules=rules, source_id="t")}


def set_aside_for_a_week(claim: dict) -> bool:
    return claim["metric"] == "unresolved" and "week" in claim.get("note", "")


def test_this_week_is_the_week_up_to_the_end_its_paragraph_states(rules):
    got = by_value("The figures run up to 23 November 2024. This week the region counted 893 cases.", rules)
    assert got["893"]["metric"] == "cases"
    assert got["893"]["window"] == "between 2024-11-17 and 2024-11-23"


def test_this_week_twin_undated_is_set_aside_not_a_running_total(rules):
    got = by_value("The region counted 893 cases this week.", rules)
    assert set_aside_for_a_week(got["893"])


def test_no_week_twin_a_figure_with_no_week_stays_a_running_count(rules):
    got = by_value("The region counted 893 cases.", rules)
    assert got["893"]["metric"] == "cases"
    got = by_value("During the week-long campaign the region counted 893 cases.", rules)
    assert got["893"]["metric"] == "cases"  # "week-long" names no week


def test_the_week_to_a_date_is_the_seven_days_up_to_it(rules):
    got = by_value("In the week to 23 November 2024 the region counted 893 cases.", rules)
    assert got["893"]["metric"] == "cases"
    assert got["893"]["window"] == "between 2024-11-17 and 2024-11-23"
    ending = by_value("In the week ending 23 November the region counted 893 cases.", rules)
    assert ending["893"]["window"] == "between 2024-11-17 and 2024-11-23"


def test_up_to_a_date_twin_with_no_week_is_a_running_count_to_that_date(rules):
    got = by_value("Up to 23 November 2024 the region counted 49,566 cases.", rules)
    assert got["49,566"]["metric"] == "cases"
    assert got["49,566"]["window"] != "between 2024-11-17 and 2024-11-23"
    assert got["49,566"]["window"].endswith("2024-11-23")


def test_portuguese_na_semana_is_dated_from_the_paragraph(rules):
    got = by_value(PT_FILLER + "Os dados vão até 23 de novembro de 2024. Na semana, a região registou 893 casos.", rules)
    assert got["893"]["metric"] == "cases"
    assert got["893"]["window"] == "between 2024-11-17 and 2024-11-23"


def test_an_end_carried_into_a_paragraph_that_counts_by_the_week_is_not_a_running_total(rules):
    text = "Data up to 23 November 2024 show more than 800 cases again, as for some weeks. The minister said there were 893 cases."
    assert set_aside_for_a_week(by_value(text, rules)["893"])


def test_carried_end_twin_a_paragraph_without_weeks_keeps_the_carried_window(rules):
    text = "Data up to 23 November 2024 were published by the ministry. The minister said there were 49,566 cases."
    got = by_value(text, rules)["49,566"]
    assert got["metric"] == "cases"
    assert got["window"] == "as of 2024-11-23" and got["window_basis"] == "context"


def test_a_week_is_not_the_window_of_a_figure_past_another_figure(rules):
    got = by_value("Only 1,200 cases were found in a week, and the region has 3,101 confirmed cases.", rules)
    assert set_aside_for_a_week(got["1,200"])
    assert got["3,101"]["metric"] == "confirmed"


def test_the_last_week_of_a_month_is_not_last_week():
    published = parse_date("2024-05-20")
    assert not any(w.text == "between 2024-05-13 and 2024-05-19" for w in find_windows("The level rose the last week of April.", published))
    assert any(w.text == "between 2024-05-13 and 2024-05-19" for w in find_windows("The level rose last week.", published))


def test_a_total_in_a_paragraph_dated_by_a_week_counts_up_to_the_week_end(rules):
    got = by_value("In week 47 of 2024, the region counted 849 cases. The total stands at 49,566 cases.", rules)
    assert got["49,566"]["window"] == "between start_of_2024 and 2024-11-24"
    assert got["49,566"]["window_basis"] == "inferred"


def test_total_twin_a_figure_not_called_a_total_takes_the_paragraph_week(rules):
    got = by_value("In week 47 of 2024, the region counted more than 100 confirmed cases. The region counted 849 cases.", rules)
    assert got["849"]["window"] == "between 2024-11-18 and 2024-11-24"


def test_last_week_in_a_sunday_paper_is_the_week_just_ending():
    sunday = parse_date("2024-06-23")
    assert any(w.text == "between 2024-06-17 and 2024-06-22" for w in find_windows("A tally last week put the toll at 1,100.", sunday))
    # twin: published on the Monday after, the whole week before
    monday = parse_date("2024-06-24")
    assert any(w.text == "between 2024-06-17 and 2024-06-23" for w in find_windows("A tally last week put the toll at 1,100.", monday))


def test_a_week_the_text_numbers_and_dates_in_brackets_is_no_iso_week(rules):
    # "Week 1 (Feb. 9-15)" numbers the outbreak's weeks, not the year's: its window is the bracket's days
    got = by_value("Cases by week:\n  • Week 1 (Feb. 9-15): 14 cases\n  • Week 3 (Feb. 23-March 1): 6 cases\n", rules, published="2025-03-07")
    assert [(got[v]["metric"], got[v]["window"]) for v in ("14", "6")] == [("cases", "between 2025-02-09 and 2025-02-15"), ("cases", "between 2025-02-23 and 2025-03-01")]
    # a week still running at publication: its count so far
    got = by_value("Cases by week:\n  • Week 4 (March 2-8): 4 cases\n", rules, published="2025-03-07")
    assert got["4"]["window"] == "between 2025-03-02 and 2025-03-07"
    # brackets that date no week leave a week the text does not date: set aside, never ISO week 1
    got = by_value("Cases by week:\n  • Week 1 (the first): 14 cases\n", rules, published="2025-03-07")
    assert set_aside_for_a_week(got["14"])
    got = by_value("Cases by week:\n  • Week 1 (Feb. 9-25): 14 cases\n", rules, published="2025-03-07")
    assert set_aside_for_a_week(got["14"])
    # twin: a bare week number is the ISO week
    got = by_value("Cases by week:\n  • Week 1: 14 cases\n", rules, published="2025-03-07")
    assert got["14"]["metric"] == "cases" and got["14"]["window"] == "between 2024-12-30 and 2025-01-05"
