"""Table helpers shared by the loaders and the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd


def plain_strings(frame: pd.DataFrame, copy: bool = True) -> pd.DataFrame:
    """The table (a copy unless `copy` is False) with its text columns as Python strings (object
    dtype), not pandas' Arrow strings.

    Checks read rows one by one and filter by sets of ids; with Arrow strings every column read
    converts the whole column again and every `isin` runs a Python loop (about half the audit
    time at 100,000 claims). Every loader hands over its table in this form, so a claims table
    is the same whatever file type it came from.
    """
    if copy:
        frame = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.StringDtype):
            frame[name] = frame[name].astype(object)
    return frame


def sorted_positions(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """The row order of `frame.sort_values(keys, kind="stable", na_position="first")`, from
    sorted integer codes of each key and one `np.lexsort`.

    pandas sorts text keys through Categoricals of Arrow strings: at a million claims that
    conversion cost more than the rest of the sort.
    """
    codes = [pd.factorize(frame[key].to_numpy(), sort=True, use_na_sentinel=True)[0] for key in keys]
    return np.lexsort(codes[::-1]) if codes else np.arange(len(frame))


def coded_order(columns: dict[str, tuple[np.ndarray, np.ndarray | None]], keys: list[str], rows: int) -> np.ndarray:
    """`sorted_positions` for a table held as columns of (distinct values, each row's code), or
    (the rows' values, None) for a column near-unique per row.

    Each key's distinct values are ranked once and the ranks of the leading coded keys packed
    into as few int64 keys as hold them, for one `np.lexsort`. The keys from the first per-row
    column on (text) only break the ties that remain, compared in Python.
    """
    leading = []
    for key in keys:
        if columns[key][1] is None:
            break
        leading.append(key)
    packed = _packed([_ranks(*columns[key]) for key in leading])
    order = np.lexsort(packed[::-1]) if packed else np.arange(rows)
    rest = [columns[key] for key in keys[len(leading):]]
    return _ties_broken(order, packed, rest) if rest else order


def _ranks(distinct: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Each row's rank among the distinct values, from 1 (0 for a missing value, which sorts first)."""
    return pd.factorize(distinct, sort=True, use_na_sentinel=True)[0][codes].astype(np.int64) + 1


def _packed(ranks: list[np.ndarray]) -> list[np.ndarray]:
    """The ranks as few int64 keys that sort as they do: each key the mixed-radix number of
    consecutive ranks whose sizes multiply below 2**62."""
    packed: list[np.ndarray] = []
    span = 0
    for rank in ranks:
        size = int(rank.max()) + 1 if len(rank) else 1
        if packed and span * size < 2**62:
            packed[-1] = packed[-1] * size + rank
            span *= size
        else:
            packed.append(rank)
            span = size
    return packed


def _ties_broken(order: np.ndarray, packed: list[np.ndarray], rest: list[tuple[np.ndarray, np.ndarray | None]]) -> np.ndarray:
    """`order` with the runs of rows equal on every packed key sorted by the `rest` keys."""
    if len(order) < 2:
        return order
    same = np.ones(len(order) - 1, bool)
    for key in packed:
        in_order = key[order]
        same &= in_order[1:] == in_order[:-1]
    if not same.any():
        return order
    run = np.cumsum(np.r_[True, ~same]) - 1
    tied = np.flatnonzero(np.bincount(run)[run] > 1)
    rows = order[tied]
    values = [(distinct[rows] if codes is None else distinct[codes[rows]]).tolist() for distinct, codes in rest]
    keyed = sorted(zip(run[tied].tolist(), *values, rows.tolist()))
    order = order.copy()
    order[tied] = [key[-1] for key in keyed]
    return order
