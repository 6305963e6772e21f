"""checker/window_columns.py reads every (phrase, publication date) pair as parse_window does,
and leaves to parse_window what it does not take."""

from __future__ import annotations

import numpy as np
import pytest

from checker.dates import parse_date
from checker.rules import load_rules
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.window_columns import KINDS, split_phrase, split_phrases, window_columns
from checker.windows import WindowError, parse_window

from support import BASE_RULES, write

PHRASES = ["since 2020-11-10", "since November 3, 2015", "between 2019-01 and 2020-03-31", "from 2019 to 2020",
           "2020-01 .. 2020-06", "as of 2024-06-30", "during 2023-12", "in 2022", "since end_of_war", "since the end_of_war",
           "between end_of_war and publication", "to date", "as of publication", "since publication", "during publication",
           "since 2026-01-01", "between 2021 and 2020", "as of 2030-01-01", "since yesterday", "sometime", "", None,
           "since  2020-11-10 ", "BETWEEN 2019 AND 2020", "over 2021-02", "between during and 2020", "from in 2020 to 2021"]
PUBLISHED = [parse_date("2025-06"), parse_date("2025-06-15"), parse_date("2025")]


def expected(phrase, published, rules):
    """parse_window's reading of a pair, or None when it raises or the window ends after publication."""
    try:
        window = parse_window(phrase, rules, published, {})
    except WindowError:
        return None
    return window


def test_every_pair_read_here_is_what_parse_window_reads(tmp_path):
    rules = load_rules([write(tmp_path / "r.yaml", BASE_RULES)])
    pairs = np.array([(p, d) for p in range(len(PHRASES)) for d in range(len(PUBLISHED))], np.int64)
    read = window_columns(PHRASES, PUBLISHED, pairs, rules)
    taken = 0
    for k, (p, d) in enumerate(pairs.tolist()):
        if not read.read[k]:
            continue
        taken += 1
        window = expected(PHRASES[p], PUBLISHED[d], rules)
        if read.starts_after_end[k]:
            assert window is None, PHRASES[p]
            continue
        assert window is not None, PHRASES[p]
        start = (np.nan, np.nan) if window.start is None else (window.start.first.toordinal(), window.start.last.toordinal())
        assert read.text[k] == window.text
        assert np.array_equal([read.start_first[k], read.start_last[k]], start, equal_nan=True)
        assert (read.end_first[k], read.end_last[k]) == (window.end.first.toordinal(), window.end.last.toordinal())
        assert bool(read.end_from_publication[k]) == window.end_from_publication
    assert taken >= 15 * len(PUBLISHED)  # the common shapes are read here


@pytest.mark.parametrize("phrase", ["since publication", "during publication", "sometime", "", None, "since yesterday"])
def test_what_this_reader_does_not_take_is_left_to_parse_window(tmp_path, phrase):
    rules = load_rules([write(tmp_path / "r.yaml", BASE_RULES)])
    read = window_columns([phrase], PUBLISHED[:1], np.array([(0, 0)], np.int64), rules)
    assert not read.read[0]


def test_a_window_starting_after_it_ends_is_flagged(tmp_path):
    """The twin of the first test's clean pairs: a start after the publication date is marked."""
    rules = load_rules([write(tmp_path / "r.yaml", BASE_RULES)])
    read = window_columns(["since 2026-01-01", "since 2020-01-01"], PUBLISHED[:1], np.array([(0, 0), (1, 0)], np.int64), rules)
    assert read.read.all() and read.starts_after_end.tolist() == [True, False]


WORDS = ["since", "Since", "between", "BETWEEN", "from", "and", "to", "until", "till", "through", "thru", "..", "–", "—", "as", "of", "at", "by",
         "during", "in", "over", "to date", "so far", "publication", "2020", "2020-11-10", "November 3, 2015", "end_of_war", "the", "x", "é", "ſince"]
SPACES = st.sampled_from([" ", "  ", "\t", " \x1c", "\u00a0", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), SPACES), max_size=7).map(lambda parts: "".join(w + s for w, s in parts)))
def test_phrases_split_all_at_once_as_split_phrase_splits_each(phrase):
    kind, starts, ends = split_phrases([phrase, None])
    expected = split_phrase(phrase)
    got = None if kind[0] < 0 else (KINDS[kind[0]], starts[0], ends[0])
    assert got == expected
    assert kind[1] == -1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), SPACES), max_size=6).map(lambda parts: "".join(w + s for w, s in parts)), min_size=1, max_size=6))
def test_random_phrases_read_here_are_what_parse_window_reads(rules_for_phrases, phrases):
    pairs = np.array([(p, d) for p in range(len(phrases)) for d in range(len(PUBLISHED))], np.int64)
    read = window_columns(phrases, PUBLISHED, pairs, rules_for_phrases)
    for k, (p, d) in enumerate(pairs.tolist()):
        if not read.read[k]:
            continue
        window = expected(phrases[p], PUBLISHED[d], rules_for_phrases)
        if read.starts_after_end[k]:
            assert window is None, phrases[p]
            continue
        assert window is not None and read.text[k] == window.text and type(read.text[k]) is str, phrases[p]
        start = (np.nan, np.nan) if window.start is None else (window.start.first.toordinal(), window.start.last.toordinal())
        assert np.array_equal([read.start_first[k], read.start_last[k]], start, equal_nan=True)
        assert (read.end_first[k], read.end_last[k], bool(read.end_from_publication[k])) == (window.end.first.toordinal(), window.end.last.toordinal(), window.end_from_publication)


@pytest.fixture(scope="module")
def rules_for_phrases(tmp_path_factory):
    return load_rules([write(tmp_path_factory.mktemp("rules") / "r.yaml", BASE_RULES)])
