"""Window phrases resolved against the publication date (checker.extract.windows)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from checker.dates import DateSpan, parse_date
from checker.extract.windows import NamedDateMatcher, bare_month, find_windows


@dataclass(frozen=True)
class FakeNamedDate:
    id: str
    date: DateSpan
    aliases: tuple[str, ...] = ()


@dataclass
class FakeRules:
    named_dates: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    qualifiers: dict = field(default_factory=dict)


RULES = FakeRules(
    named_dates={
        "end_of_hostilities": FakeNamedDate("end_of_hostilities", parse_date("2020-11-10"), ("end of hostilities", "after the Second Karabakh War")),
        "lockdown_start": FakeNamedDate("lockdown_start", parse_date("2020-03-23"), ("the first lockdown",)),
    }
)


def texts(sentence: str, published: str = "2021-11-02") -> list[tuple[str, str]]:
    return [(w.text, w.basis) for w in find_windows(sentence, parse_date(published), NamedDateMatcher(RULES))]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Since November 10, 2020, 167 citizens have been trapped.", "2021-11-02", [("since 2020-11-10", "stated")]),
        ("Between November 10, 2020, and October 31, 2021, a total of 10,200 mines", "2021-11-02", [("between 2020-11-10 and 2021-10-31", "stated")]),
        ("since 1991 more than 3,400 citizens", "2025-12-09", [("since 1991", "stated")]),
        ("it cleared almost 6,000 hectares since last November.", "2021-11-02", [("since 2020-11", "inferred")]),
        ("the president said in October that it will take 30 years", "2023-05-01", [("as of 2022-10", "inferred")]),
        ("So far, 189,000 mines have been mapped.", "2021-11-02", [("as of publication", "stated")]),
        ("To date, 2,427 km² have been cleared.", "2025-12-09", [("as of publication", "stated")]),
        ("Since 2020, the government has spent $464 million.", "2025-12-04", [("since 2020", "stated")]),
        ("deaths after the Second Karabakh War rose to 55.", "2023-05-01", [("since end_of_hostilities", "stated")]),
        ("361 people have fallen victim since the end of hostilities.", "2025-06", [("since end_of_hostilities", "stated")]),
        ("Cases have doubled since the first lockdown.", "2021-01-15", [("since lockdown_start", "stated")]),
        ("Only between November 2020 and November 2023, 412 incidents", "2025-12-09", [("between 2020-11 and 2023-11", "stated")]),
        ("during those last five years we brought back 23,000 people", "2025-12-04", [("since 2020-12", "inferred")]),
        ("The budget grew by 4% in 2022.", "2023-03-01", [("during 2022", "stated")]),
        ("The ceasefire has been broken several times since then.", "2023-05-01", []),
        # a day without its year: the latest such day on or before publication
        ("There were 300 new cases since July 10.", "2023-08-01", [("since 2023-07-10", "inferred")]),
        ("There were 300 new cases since 10 July.", "2023-06-01", [("since 2022-07-10", "inferred")]),
    ],
)
def test_windows(sentence, published, expected):
    assert texts(sentence, published) == expected


def test_bare_month_is_the_latest_at_or_before_publication():
    published = parse_date("2023-05-01")
    assert bare_month("October", published, strictly_before=False).iso() == "2022-10"
    assert bare_month("May", published, strictly_before=False).iso() == "2023-05"
    assert bare_month("May", published, strictly_before=True).iso() == "2022-05"


def test_no_publication_date_leaves_relative_phrases_unresolved():
    assert [w.text for w in find_windows("cleared 6,000 hectares since last November", None)] == []


def test_since_after_a_superlative_compares_a_record_and_dates_no_figure():
    # must not: "its worst year since 1991" is no window of the figures after it
    assert texts("The country is having its worst year since 1991, with 1,288 cases.", "2025-07-09") == []
    # twin: the same "since" after a count is its window
    assert texts("The country has had 1,288 cases since 1991.", "2025-07-09") == [("since 1991", "stated")]
