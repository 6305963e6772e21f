"""Property tests for dates, window phrases and window containment."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.checks.common import contains
from checker.dates import DateSpan, month_span, parse_date, year_span
from checker.rules import load_rules
from checker.windows import WindowError, parse_window
from support import BASE_RULES, write

FAST = settings(max_examples=150, deadline=None)

DATE_WORDS = ["2020", "2020-11", "2020-11-10", "November 2020", "10 Nov 2020", "Nov 10, 2020", "0000-00-00",
              "9999-12-31", "9998-12-31", "1000-01-01", "2021-02-29", "end_of_war", "the ceasefire", "publication"]
WINDOW_WORDS = ["since", "between", "and", "from", "to", "as of", "during", "in", "..", "–", "until", "at"]


@st.composite
def window_phrases(draw):
    parts = draw(st.lists(st.one_of(st.sampled_from(DATE_WORDS + WINDOW_WORDS), st.text(max_size=8)), max_size=6))
    return " ".join(parts)


_RULES = None


def rules():
    global _RULES
    if _RULES is None:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            _RULES = load_rules([write(Path(folder) / "rules.yaml", BASE_RULES)])
    return _RULES


@FAST
@given(st.one_of(st.text(), st.sampled_from(DATE_WORDS), st.integers(), st.floats(), st.none(), st.dates()))
@example("0000-00-00")
@example("9999-12-31")
@example("2020-" + "1" * 5000)
def test_parse_date_raises_only_value_error(raw):
    try:
        span = parse_date(raw)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert span.first <= span.last and span.precision in ("day", "month", "year")


@FAST
@given(st.one_of(st.text(), window_phrases(),
                 st.dictionaries(st.sampled_from(["since", "start", "end", "as_of", "during", "x"]),
                                 st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=5), st.integers(), st.none()), max_size=3),
                 st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2)),
       st.sampled_from(["2021-11-02", "2021-11", "1000", "9998-12-31"]))
@example("between 0000-00-00 and 9999-12-31", "2021-11-02")
@example("since " + "(" * 300, "2021-11-02")
def test_parse_window_raises_only_window_error(spec, published):
    try:
        window = parse_window(spec, rules(), parse_date(published))
    except WindowError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert window.start is None or window.start.first <= window.end.last


# -- containment on small frames ---------------------------------------------------------

BASE = dt.date(2000, 1, 1).toordinal()


@st.composite
def spans(draw):
    day = dt.date.fromordinal(BASE + draw(st.integers(min_value=0, max_value=3000)))
    kind = draw(st.sampled_from(["day", "day", "month", "year"]))
    if kind == "day":
        return DateSpan.day(day)
    if kind == "month":
        return month_span(day.year, day.month)
    return year_span(day.year)


@st.composite
def windows(draw, exact: bool = False):
    a = draw(spans()) if not exact else DateSpan.day(dt.date.fromordinal(BASE + draw(st.integers(0, 3000))))
    b = draw(spans()) if not exact else DateSpan.day(dt.date.fromordinal(BASE + draw(st.integers(0, 3000))))
    start, end = sorted([a, b], key=lambda s: s.first)
    if end.last < start.first:
        start, end = end, start
    unknown = not exact and draw(st.booleans()) and draw(st.booleans())
    return {
        "start_first": math.nan if unknown else float(start.first.toordinal()),
        "start_last": math.nan if unknown else float(start.last.toordinal()),
        "end_early": float(end.first.toordinal()),
        "end_first": float(end.first.toordinal()),
        "end_last": float(end.last.toordinal()),
    }


def holds(outer: dict, inner: dict, tolerance: float = 0.0) -> bool:
    return bool(contains(pd.DataFrame([outer]), pd.DataFrame([inner]), tolerance)[0])


@FAST
@given(windows(), st.sampled_from([0.0, 31.0, 366.0]))
def test_containment_is_reflexive_within_tolerance(w, tolerance):
    width = max(w["start_last"] - w["start_first"], w["end_last"] - w["end_early"])
    if math.isnan(w["start_first"]):
        assert not holds(w, w, tolerance)  # an unknown start never contains anything
    else:
        assert holds(w, w, tolerance) == (width <= tolerance)


@FAST
@given(windows(exact=True))
def test_exact_windows_contain_themselves(w):
    assert holds(w, w)


@FAST
@given(windows(), windows(), windows())
def test_containment_is_transitive(a, b, c):
    if holds(a, b) and holds(b, c):
        assert holds(a, c)


@FAST
@given(windows(), windows(), windows(), st.sampled_from([1.0, 31.0]))
def test_tolerance_adds_up_at_most_linearly(a, b, c, tolerance):
    if holds(a, b, tolerance) and holds(b, c, tolerance):
        assert holds(a, c, 2 * tolerance)


@FAST
@given(windows(), windows())
def test_containment_is_antisymmetric_up_to_equal_windows(a, b):
    if holds(a, b) and holds(b, a):
        for key in ("start_first", "start_last", "end_early", "end_last"):
            assert a[key] == b[key]
        assert a["start_first"] == a["start_last"] and a["end_early"] == a["end_last"]


@FAST
@given(windows(), windows(), st.data())
def test_containment_is_sound_for_every_reading_of_the_dates(a, b, data):
    """If `a` contains `b`, then whichever days the imprecise edges stand for, b lies inside a."""
    if not holds(a, b):
        return
    pick = lambda lo, hi: data.draw(st.integers(int(lo), int(hi)))  # noqa: E731
    a_start, b_start = pick(a["start_first"], a["start_last"]), pick(b["start_first"], b["start_last"])
    a_end, b_end = pick(a["end_first"], a["end_last"]), pick(b["end_first"], b["end_last"])
    assert a_start <= b_start and a_end >= b_end


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["between 2020-11 and 2023-11", "since end_of_war", "during 2022", "as of 2021-06", "between 2021 and 2021-10"]),
       st.sampled_from(["between 2020-11 and 2023-11", "since end_of_war", "during 2022", "as of 2021-06", "between 2021 and 2021-10"]))
def test_parsed_windows_contain_as_their_days_say(first, second):
    published = parse_date("2023-12-01")
    frames = []
    for text in (first, second):
        w = parse_window(text, rules(), published)
        frames.append({
            "start_first": float(w.start.first.toordinal()) if w.start else math.nan,
            "start_last": float(w.start.last.toordinal()) if w.start else math.nan,
            "end_early": float(w.end.first.toordinal()), "end_first": float(w.end.first.toordinal()),
            "end_last": float(w.end.last.toordinal()),
        })
    a, b = frames
    expected = (not math.isnan(a["start_first"]) and not math.isnan(b["start_first"])
                and a["start_last"] <= b["start_first"] and a["end_first"] >= b["end_last"])
    assert holds(a, b) == expected
