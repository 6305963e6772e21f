"""Fast paths taken for scale give what the plain computations give."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

import rate_jump_reference
from checker.checks import common, rate_jump, stale_figure
from checker.checks.rate_jump import medians_of_the_others
from checker.claim import FIELDS, Claims

rates = st.lists(st.one_of(st.sampled_from([0.0, 1.0, 2.5]), st.floats(0, 1e6), st.just(math.nan)), min_size=2, max_size=12)


@given(rates)
def test_leave_one_out_medians_are_numpys(values):
    plain = [float(np.median(np.delete(np.array(values), k))) for k in range(len(values))]
    assert np.array_equal(medians_of_the_others(values), plain, equal_nan=True)


def test_a_changed_value_changes_the_medians():
    """The twin: the medians follow the values (the comparison above is not vacuous)."""
    assert medians_of_the_others([1.0, 2.0, 30.0, 40.0]) != medians_of_the_others([1.0, 2.0, 3.0, 4.0])


def random_claims(rnd: random.Random, n: int) -> pd.DataFrame:
    """A small table of cumulative claims: a few metrics and scopes, starts that nearly agree,
    mostly steady growth with the odd jump, repeated figures and open-ended ones."""
    rows = []
    for i in range(n):
        start = rnd.choice([math.nan, 0.0, 0.0, 10.0, 40.0, 100.0]) + 738000
        end = start + rnd.randint(0, 2000) if not math.isnan(start) else 738000 + rnd.randint(0, 2000)
        low = float(round(max(end - 738000, 0) * rnd.choice([1, 1, 1, 2, 60]) + rnd.randint(0, 40), -rnd.choice([0, 1, 2])))
        high = low + rnd.choice([0.0, 0.0, 20.0, math.inf])
        rows.append({
            "claim_id": f"c{i}", "metric": rnd.choice(["m0", "m1"]), "scope": rnd.choice(["", "", "north"]),
            "start_first": start, "start_last": start + rnd.choice([0, 0, 30]),
            "end_first": end, "end_last": end + rnd.choice([0, 0, 30]), "end_early": end - rnd.choice([0, 0, 30]),
            "low": low, "high": high, "norm_value": low if math.isinf(high) else (low + high) / 2,
            "window_text": "? .. 2024-01-01", "end_from_publication": False, "low_open": False, "high_open": False,
        })
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    for column in FIELDS:
        if frame[column].isna().all() and column not in ("start_first", "start_last"):
            frame[column] = ""
    return frame


def test_rate_jump_is_its_plain_reading():
    """The vectorised rate-jump gives the findings and compared claims of the one-series-at-a-
    time reading (tests/rate_jump_reference.py), on many small random tables."""
    rnd = random.Random(15)
    flagged = 0
    for _ in range(400):
        frame = random_claims(rnd, rnd.randint(0, 40))
        options = rate_jump.Options(factor=rnd.choice([2.0, 8.0]), min_period_days=rnd.choice([1, 30, 200]), date_tolerance_days=rnd.choice([0, 31]))
        expected, expected_ids = rate_jump_reference.check(frame, options)
        drafts, compared = rate_jump.check(frame, options)
        assert drafts == expected
        assert set(frame["claim_id"][compared]) == expected_ids
        flagged += len(drafts)
    assert flagged > 20  # the twin: the tables do jump, so agreement is not agreement on nothing


def random_keys(rnd: random.Random, n: int) -> pd.DataFrame:
    """Key columns as checks group by: text, numbers with NaN and repeats, flags."""
    return pd.DataFrame({
        "metric": [rnd.choice(["m0", "m1", "m10", "m2"]) for _ in range(n)],
        "scope": [rnd.choice(["", "north", "south"]) for _ in range(n)],
        "start_first": [rnd.choice([math.nan, 1.0, 2.0, 30.5]) for _ in range(n)],
        "norm_value": [rnd.choice([0.0, 1e-10, 2.5, 3.0, 1e12, math.nan]) for _ in range(n)],
        "directional": [rnd.random() < 0.3 for _ in range(n)],
    })


def test_group_numbers_are_pandas_groupings():
    """sorted_codes numbers groups as groupby(sort=True) does; first_seen_codes as
    groupby(sort=False), also when a hash collision sends it to pandas."""
    rnd = random.Random(7)
    for _ in range(200):
        frame = random_keys(rnd, rnd.randint(1, 30))
        keys = rnd.sample(list(frame.columns), rnd.randint(1, 5))
        expected = frame.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
        assert np.array_equal(common.sorted_codes(*(frame[k].to_numpy() for k in keys)), expected)
        first_seen = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
        assert np.array_equal(common.first_seen_codes(Claims(frame), keys), first_seen)
        groups = common.metric_scope_codes(Claims(frame))
        assert np.array_equal(common.first_seen_codes(Claims(frame), ["metric", "scope", *keys], groups),
                              frame.groupby(["metric", "scope", *keys], sort=False, dropna=False).ngroup().to_numpy())


def test_a_hash_collision_falls_back_to_the_exact_grouping(monkeypatch):
    """The twin of the above: with every row hashing alike, classes still split by value."""
    frame = random_keys(random.Random(3), 40)
    monkeypatch.setattr(common, "_words", lambda values: np.zeros(len(values), np.uint64))
    keys = ["metric", "norm_value"]
    assert np.array_equal(common.first_seen_codes(Claims(frame), keys), frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy())
    assert len(set(common.first_seen_codes(Claims(frame), keys))) > 1


def test_stale_figure_keys_sort_as_their_texts():
    """Figures group and sort as the texts "value|qualifier" they stand for."""
    rnd = random.Random(11)
    for _ in range(100):
        n = rnd.randint(1, 30)
        frame = pd.DataFrame({"norm_value": [rnd.choice([0.1, 0.3, 2.0, 10.0, 1e-12, 123456.7, math.nan]) for _ in range(n)],
                              "qualifier": [rnd.choice(["exact", "about", "more_than"]) for _ in range(n)]})
        texts = frame["norm_value"].round(9).astype(str) + "|" + frame["qualifier"]
        expected = pd.DataFrame({"key": texts}).groupby("key", sort=True, dropna=False).ngroup().to_numpy()
        assert np.array_equal(stale_figure._figure_keys(frame), expected)


def test_pairs_by_group_then_key_keep_the_plain_sort_order():
    """The two-step sort of span_pairs orders rows exactly as one stable sort of the key does,
    NaN keys and negative group numbers included."""
    rng = np.random.default_rng(5)
    for _ in range(50):
        n = int(rng.integers(1, 400))
        codes = rng.integers(0, 20, n)
        lows = rng.integers(0, 30, n).astype(float)
        if rng.random() < 0.3:
            lows[rng.integers(0, n)] = math.nan
        if rng.random() < 0.2:
            codes[rng.integers(0, n)] = -1
        key = codes.astype(float) * common.SPREAD + lows
        assert np.array_equal(common._by_group_then_key(codes, key), np.argsort(key, kind="stable"))
