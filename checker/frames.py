"""Table helpers shared by the loaders and the engine."""

from __future__ import annotations

from typing import Any

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


def coded_order(columns: dict[str, tuple[Any, np.ndarray | None]], keys: list[str], rows: int) -> np.ndarray:
    """`sorted_positions` for a table held as columns of (distinct values, each row's code), or
    (the rows' values, None) for a column near-unique per row (a numpy or an Arrow array).

    Each coded key's distinct values are ranked once, and all the keys sorted at once by one
    stable Arrow sort on the rows' ranks and per-row values: Arrow compares text as UTF-8 bytes,
    which order as Python's code points do. Neighbouring coded keys are sorted as one: their
    ranks combined into one number while it fits, so the sort compares a few keys, not a dozen.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not keys:
        return np.arange(rows)
    arrays = []
    combined = CombinedRanks()
    for key in keys:
        distinct, codes = columns[key]
        if codes is not None:
            arrays += combined.add(_ranks(distinct), codes)
            continue
        arrays += combined.flush()
        values = distinct if isinstance(distinct, (pa.Array, pa.ChunkedArray)) else pa.array(distinct, from_pandas=True)
        if values.null_count:  # missing values sort first, as sort_values(na_position="first") puts them
            arrays.append(pc.is_valid(values))
        arrays.append(values)
    arrays += combined.flush()
    names = [str(k) for k in range(len(arrays))]
    order = pc.sort_indices(pa.table(arrays, names=names), sort_keys=[(name, "ascending") for name in names])
    return order.to_numpy().astype(np.intp)


class CombinedRanks:
    """Rows' ranks in consecutive keys as one number per row, (((r1 * n2) + r2) * n3 + r3)...,
    which orders as the keys in turn do; a new number is begun before it could overflow."""

    BOUND = 1 << 62

    def __init__(self) -> None:
        self.rows: np.ndarray | None = None
        self.bound = 1

    def add(self, ranks: np.ndarray, codes: np.ndarray) -> list:
        """Adds a key (its distinct values' ranks, each row's code); returns a finished number's
        column, if one had to be finished first."""
        size = int(ranks.max(initial=0)) + 1
        done = self.flush() if self.rows is not None and self.bound * size >= self.BOUND else []
        if self.rows is None:
            self.rows, self.bound = ranks.astype(np.int64)[codes], size
        else:
            self.rows *= size
            self.rows += ranks[codes]
            self.bound *= size
        return done

    def flush(self) -> list:
        """The number so far as an Arrow column (none if no key was added); begins a new one."""
        import pyarrow as pa

        if self.rows is None:
            return []
        done, self.rows, self.bound = [pa.array(self.rows)], None, 1
        return done


def _ranks(distinct: np.ndarray) -> np.ndarray:
    """Each distinct value's rank among them, from 1 (0 for a missing value, which sorts first)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if distinct.dtype.kind == "f":  # numbers rank in numpy, NaN (missing) as 0
        known = ~np.isnan(distinct)
        ranks = np.zeros(len(distinct), np.int32)
        ranks[known] = np.unique(distinct[known], return_inverse=True)[1].reshape(-1) + 1
        return ranks
    values = pa.array(distinct, from_pandas=True)
    ranks = pc.rank(values, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int32)
    if values.null_count:
        ranks[pc.is_null(values).to_numpy(zero_copy_only=False)] = 0
    return ranks
