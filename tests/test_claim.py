"""The one claim type: the loader's table has the columns of checker.claim, a Claim read from the
table holds the row's values, and the one interval type keeps open and closed ends apart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from checker.claim import COLUMNS, FIELDS, Claim, Claims
from checker.corpus import load_corpus
from checker.engine import prepare
from checker.model import Interval
from checker.rules import load_rules
from support import REPO


@pytest.fixture(scope="module")
def table():
    rules = load_rules([REPO / "rules"])
    return prepare(load_corpus([REPO / "claims"], rules).claims, rules)


def test_the_loader_builds_the_columns_defined_once(table):
    assert tuple(table.columns) == FIELDS
    assert FIELDS[: len(COLUMNS)] == COLUMNS
    assert Claim._fields == FIELDS


def test_a_claim_holds_its_row_as_python_values(table):
    claims = Claims(table)
    every = claims.claims_at(np.arange(len(table)))
    for k in (0, len(table) // 2, len(table) - 1):
        row = table.iloc[k].to_dict()
        claim = claims.claim(k)
        assert claim is every[k]  # built once
        for name in FIELDS:
            value = getattr(claim, name)
            assert value == row[name] or (isinstance(value, float) and math.isnan(value) and math.isnan(row[name])), name
            assert not isinstance(value, np.generic), name
            assert claim[name] is value


def test_a_claim_cannot_change(table):
    claim = Claims(table).claim(0)
    with pytest.raises(AttributeError):
        claim.low = 0.0
    assert claim._replace(low=0.0).low == 0.0 and claim.low != 0.0
    with pytest.raises(KeyError):
        claim["no such column"]


def test_a_view_reads_its_rows_of_the_table(table):
    claims = Claims(table)
    metric = str(table["metric"].iloc[0])
    positions = claims.of_metrics([metric])
    view = claims.take(positions)
    assert list(view["claim_id"]) == table.loc[table["metric"] == metric, "claim_id"].tolist()
    assert view.claim(0) is claims.claim(int(positions[0]))
    scope = str(table["scope"].iloc[0])
    assert claims.of(metric, scope).tolist() == np.flatnonzero((table["metric"] == metric) & (table["scope"] == scope)).tolist()


def test_touching_intervals_meet_only_where_both_ends_are_closed():
    assert Interval(1, 2).overlaps(Interval(2, 3))
    assert not Interval(1, 2, high_open=True).overlaps(Interval(2, 3))
    assert not Interval(1, 2).overlaps(Interval(2, 3, low_open=True))
    assert Interval(1, 2).contains_point(2) and not Interval(1, 2, high_open=True).contains_point(2)


def test_interval_arithmetic_keeps_open_ends():
    more_than_3, five = Interval(3, math.inf, low_open=True), Interval(5, 5)
    total = more_than_3 + five
    assert (total.low, total.low_open, total.high) == (8, True, math.inf)
    difference = five - Interval(1, 2, high_open=True)
    assert (difference.low, difference.low_open, difference.high, difference.high_open) == (3, True, 4, False)
    assert Interval(50, 60).divide(Interval(100, 100)) == Interval(0.5, 0.6)
    assert Interval(1, 2).divide(Interval(0, 1)) is None
    assert Interval(1, 2).describe() == "[1, 2]" and Interval(3, 3).describe() == "3"
    assert Interval(1 / 3, 2, high_open=True).describe(2) == "[0.33, 2)"


def test_codes_number_equal_values_alike_and_keep_the_sorted_order_in_any_view(table):
    claims = Claims(table)
    codes, count = claims.codes("scope")
    scopes = table["scope"].to_numpy()
    assert count == len(set(scopes.tolist()))
    for i, j in ((0, len(table) - 1), (1, len(table) // 2)):
        assert (codes[i] == codes[j]) == (scopes[i] == scopes[j])
        assert (codes[i] < codes[j]) == (scopes[i] < scopes[j])
    view = claims.take(np.arange(len(table))[::-2])
    assert view.codes("scope")[0].tolist() == codes[::-2].tolist()


def test_codes_number_a_missing_value_after_every_value():
    frame = pd.DataFrame({"source_id": ["b", None, "a", "b"]})
    codes, count = Claims(frame).codes("source_id")
    assert count == 2 and codes.tolist() == [1, 2, 0, 1]


def test_codes_are_numbered_once_per_frame_and_lent_to_the_frames_cut_from_it():
    frame = pd.DataFrame({"scope": ["b", "c", "a", "c"]})
    assert Claims(frame).codes("scope")[0] is Claims(frame).codes("scope")[0]  # two checks, one numbering
    part = frame.iloc[[1, 2]].reset_index(drop=True)
    Claims(frame).lend_codes(np.array([1, 2]), part)
    codes, count = Claims(part).codes("scope")
    assert count == 3 and codes.tolist() == [2, 0]  # numbered among the whole frame's values


def test_stable_order_is_argsort_stable_for_any_width():
    from checker.checks.common import stable_order

    rng = np.random.default_rng(7)
    for top in (1, 300, 70_000, 2**40):
        keys = rng.integers(0, top, 5_000)
        assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    assert len(stable_order(np.zeros(0, np.int64))) == 0
