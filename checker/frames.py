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
