"""checker.report.jsontext writes what json.dumps(indent=2, ensure_ascii=False, allow_nan=False)
writes, byte for byte, for any value JSON can hold, and refuses what it refuses."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.report.jsontext import dumps


def standard(value):
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


plain = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    st.sampled_from(["", '"', "\\", "\n", "\x00", "\x1f", "\x7f", "\u2028", "é", "🙂", "\ud800"]),
)
keys = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False))
values = st.recursive(
    plain,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_writes_what_json_dumps_writes(value):
    assert dumps(value) == standard(value)


class Rank(enum.IntEnum):
    HIGH = 1


class Name(str):
    pass


class Mapping(dict):
    pass


@pytest.mark.parametrize("value", [
    {}, [], (), {"a": []}, {"a": {}}, [[]], [{}], {"a": [1, {"b": ()}]}, 0.1 + 0.2, 1e22, -0.0, 1e-7, 2**64,
    {"rank": Rank.HIGH, "name": Name("x"), "nested": Mapping(a=[1, 2])}, [Name("y"), Rank.HIGH], Mapping(),
])
def test_edge_values(value):
    assert dumps(value) == standard(value)


@pytest.mark.parametrize("value", [math.nan, [math.inf], {"a": {"b": -math.inf}}, {math.nan: 1}])
def test_refuses_what_json_refuses_out_of_range_floats(value):
    with pytest.raises(ValueError):
        standard(value)
    with pytest.raises(ValueError):
        dumps(value)


@pytest.mark.parametrize("value", [object(), [1, object()], {"a": {1, 2}}, {(1, 2): 1}])
def test_refuses_what_json_cannot_write(value):
    with pytest.raises(TypeError):
        standard(value)
    with pytest.raises(TypeError):
        dumps(value)
