"""Fast paths taken for scale give what the plain computations give."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, strategies as st

from checker.checks.rate_jump import medians_of_the_others

rates = st.lists(st.one_of(st.sampled_from([0.0, 1.0, 2.5]), st.floats(0, 1e6), st.just(math.nan)), min_size=2, max_size=12)


@given(rates)
def test_leave_one_out_medians_are_numpys(values):
    plain = [float(np.median(np.delete(np.array(values), k))) for k in range(len(values))]
    assert np.array_equal(medians_of_the_others(values), plain, equal_nan=True)


def test_a_changed_value_changes_the_medians():
    """The twin: the medians follow the values (the comparison above is not vacuous)."""
    assert medians_of_the_others([1.0, 2.0, 30.0, 40.0]) != medians_of_the_others([1.0, 2.0, 3.0, 4.0])
