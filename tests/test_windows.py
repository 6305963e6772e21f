import datetime as dt

import pytest

from checker.dates import parse_date
from checker.rules import load_rules
from checker.windows import WindowError, parse_window

from support import BASE_RULES, write


@pytest.fixture
def rules(tmp_path):
    return load_rules([write(tmp_path / "r.yaml", BASE_RULES)])


PUB = parse_date("2025-06")


@pytest.mark.parametrize(
    "text, precision, first, last",
    [
        ("2020-11-10", "day", "2020-11-10", "2020-11-10"),
        ("November 2020", "month", "2020-11-01", "2020-11-30"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
        ("1991", "year", "1991-01-01", "1991-12-31"),
        ("10 November 2020", "day", "2020-11-10", "2020-11-10"),
        ("Nov. 10, 2020", "day", "2020-11-10", "2020-11-10"),
    ],
)
def test_dates_are_spans_of_days(text, precision, first, last):
    span = parse_date(text)
    assert (span.precision, span.first.isoformat(), span.last.isoformat()) == (precision, first, last)


@pytest.mark.parametrize("bad", ["2020-13", "2021-02-29", "0000-00-00", "yesterday", "10/11/2020", "99999"])
def test_bad_dates_are_rejected(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_since_ends_at_publication(rules):
    window = parse_window("since end_of_war", rules, PUB)
    assert window.start.first == dt.date(2020, 11, 10)
    assert window.end == PUB and window.end_from_publication


def test_named_date_aliases_resolve(rules):
    assert parse_window("since the end of hostilities", rules, PUB).start.first == dt.date(2020, 11, 10)


def test_between_months_covers_whole_months(rules):
    window = parse_window("between November 2020 and November 2023", rules, PUB)
    assert window.start.first == dt.date(2020, 11, 1)
    assert window.end.last == dt.date(2023, 11, 30)
    assert not window.end_from_publication


def test_as_of_has_no_start(rules):
    window = parse_window("as of 2025-01-31", rules, PUB)
    assert window.start is None and window.end.first == dt.date(2025, 1, 31)


def test_mapping_form(rules):
    window = parse_window({"start": "2020-11", "end": "2023-11"}, rules, PUB)
    assert window.text == "2020-11 .. 2023-11"


def test_unknown_named_date_suggests_a_close_one(rules):
    with pytest.raises(WindowError) as info:
        parse_window("since end_of_wr", rules, PUB)
    assert "did you mean 'end_of_war'?" in info.value.hint


def test_window_cannot_end_before_it_starts(rules):
    with pytest.raises(WindowError, match="starts"):
        parse_window("between 2023-01 and 2020-01", rules, PUB)
