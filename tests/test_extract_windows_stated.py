"""Windows the text states in many ways (issue 12, item 3), in short sentences written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from support import rules_from_text

RULES = (
    "metrics:\n"
    "  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [died, deaths, people died, have died]}\n"
    "  - {id: boats, label: Boats afloat, kind: level, unit: count, aliases: [boats]}\n"
    "named_dates:\n"
    "  - {id: flood, date: 2019-03-01, aliases: [the flood]}\n"
)


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES, tmp_path_factory.mktemp("rules"))


def windows(text: str, rules, published: str = "2019-07-10") -> list[tuple[str, str, str]]:
    claims = extract_text(text, published=parse_date(published), rules=rules, source_id="s")
    return [(c["value"], c["window"], c.get("window_basis", "stated")) for c in claims]


@pytest.mark.parametrize(
    "text, published, window",
    [
        ("From March 3 to June 30, 2019, 120 people died.", "2019-07-10", "between 2019-03-03 and 2019-06-30"),
        ("Between March and June 2019, 120 people died.", "2019-07-10", "between 2019-03 and 2019-06"),
        ("From 1 March through 30 June, 120 people died.", "2019-07-10", "between 2019-03-01 and 2019-06-30"),
        ("In the first 10 days of March 2019, 120 people died.", "2019-07-10", "between 2019-03-01 and 2019-03-10"),
        ("In the first two weeks after the flood, 120 people died.", "2019-07-10", "between 2019-03-01 and 2019-03-14"),
        ("So far this year, 120 people died.", "2019-07-10", "since 2019-01-01"),
        ("So far in 2019, 120 people died.", "2019-07-10", "since 2019-01-01"),
        ("In 2018, 120 people died.", "2019-07-10", "during 2018"),
        ("On Thursday, 120 people had died.", "2019-06-14", "between flood and 2019-06-13"),
        ("By yesterday, 120 people had died.", "2019-06-14", "between flood and 2019-06-13"),
        ("Since the flood, 120 people have died, officials said on Wednesday.", "2019-06-14", "between flood and 2019-06-12"),
        ("Through May, 120 people died.", "2019-07-10", "between flood and 2019-05"),
        ("As of 1 June, 120 people had died.", "2019-07-10", "between flood and 2019-06-01"),
        ("On Friday, 120 people had died.", "2019-06-14", "between flood and 2019-06-14"),  # the day of publication
    ],
)
def test_stated_windows(rules, text, published, window):
    [(value, got, _basis)] = windows(text, rules, published)
    assert (value, got) == ("120", window)


def test_a_level_up_to_the_day_of_publication_has_no_start(rules):
    # twin of the running count up to the day of publication: a level counts on that day only
    assert [w[:2] for w in windows("On Friday, 300 boats were afloat.", rules, "2019-06-14")] == [("300", "as of 2019-06-14")]


def test_weekdays_need_a_publication_day(rules):
    # twin: published as a month only, "on Thursday" names no day, so the count runs to publication
    assert windows("On Thursday, 120 people had died.", rules, "2019-06") == [("120", "since flood", "inferred")]


def test_a_window_stated_earlier_in_the_paragraph_is_carried(rules):
    text = "From 1 March to 30 June, rains hit the valley. During this period, 120 people died. In that time 300 boats were afloat."
    assert windows(text, rules) == [
        ("120", "between 2019-03-01 and 2019-06-30", "context"),
        ("300", "between 2019-03-01 and 2019-06-30", "context"),
    ]


def test_a_paragraphs_window_that_ends_before_the_latest_named_date_dates_an_earlier_event(rules):
    text = "The regime fell in 2011. In the valley 120 people died."
    assert windows(text, rules) == [("120", "since flood", "inferred")]
    # twin: a period that reaches past the named date is the paragraph's window
    text = "Rains hit the valley in 2019. In the valley 120 people died."
    assert windows(text, rules) == [("120", "during 2019", "context")]


def test_a_window_is_not_carried_into_the_next_paragraph(rules):
    text = "From 1 March to 30 June, rains hit the valley.\n\nDuring this period, 120 people died."
    assert windows(text, rules) == [("120", "since flood", "inferred")]


def test_a_running_count_takes_its_paragraphs_window_but_a_level_does_not(rules):
    text = "Between March and June 2019, rains hit the valley. 120 people died and 300 boats were afloat."
    assert windows(text, rules) == [("120", "between 2019-03 and 2019-06", "context"), ("300", "as of publication", "inferred")]


def test_the_claims_format_reads_from_through_and_the_context_basis(tmp_path: Path):
    from click.testing import CliRunner

    from checker.cli import main

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(
        "source: {id: a, title: A, publisher: P, published: 2019-07-10}\n"
        "claims:\n"
        "  - {metric: deaths, value: 120, window: from 2019-03 through 2019-06, window_basis: context, quote: 120 died}\n"
        "  - {metric: deaths, value: 100, window: between 2019-03 and 2019-06, quote: 100 died}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path / "claims"), "--rules", str(tmp_path / "rules"), "--format", "json"])
    assert result.exit_code == 1, result.output  # loads, and the two figures for one window clash
    assert '"same-window-agreement"' in result.stdout


def test_last_year_as_a_subject_is_that_year(rules):
    assert windows("Last year was the worst, with 120 people dead.", rules, "2019-07-10") == [("120", "during 2018", "inferred")]
    # twin: "the last year" is the past twelve months, not the calendar year
    assert windows("In the last year, 300 boats were afloat.", rules, "2019-07-10")[0][1] != "during 2018"


OPENING_RULES = (
    "metrics:\n"
    "  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [died, people died]}\n"
    "  - {id: injured, label: Injured, kind: cumulative, unit: people, aliases: [injured], default_window: since flood}\n"
    "named_dates:\n"
    "  - {id: flood, date: 2019-03-01, aliases: [the flood]}\n"
)


@pytest.fixture(scope="module")
def opening_rules(tmp_path_factory):
    return rules_from_text(OPENING_RULES, tmp_path_factory.mktemp("opening"))


def test_a_date_the_sentence_opens_with_dates_the_figures_of_every_clause(opening_rules):
    found = windows("According to the agency, as of 5 July, 120 people died; 300 were injured.", opening_rules)
    assert found == [("120", "between flood and 2019-07-05", "inferred"), ("300", "between flood and 2019-07-05", "inferred")]


def test_a_date_written_after_a_figure_dates_only_its_own_clause(opening_rules):
    # twin: the as-of date follows the first figure, so the second clause keeps its metric's default window
    found = windows("The agency said 120 people died as of 5 July; 300 were injured.", opening_rules)
    assert found[1] == ("300", "since flood", "inferred")


def test_a_date_right_after_a_figure_is_its_day(rules):
    assert windows("Deaths rose to 120 on June 3.", rules) == [("120", "between flood and 2019-06-03", "inferred")]


@pytest.mark.parametrize("text", ["The river burst its banks on June 3 and 120 people died.", "On June 3, officials said 120 people died."])
def test_a_date_after_on_that_follows_no_figure_dates_no_count(text, rules):
    # twins: the day of an event, and a date that opens the sentence with "on", are not the figure's end
    assert windows(text, rules) == [("120", "since flood", "inferred")]
