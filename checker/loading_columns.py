"""Flat claim files (CSV, Parquet) read and validated as columns.

Archives repeat their printed values, windows, dates and sources heavily, so each column is
dictionary-encoded and every distinct value is parsed once (a figure with its unit's reading,
a window with its source's publication date, a scope with its metric) and mapped back to the
rows by code. The result is the same claims table the row loader builds, column for column.

Valid input is the fast path. When anything in a file is off (a missing column, a source whose
rows disagree, a value that does not parse, a file that pyarrow reads differently from Python's
csv module), the file is handed to the row loader, which reports every problem with its file
and line, exactly as it would have without this module.

Parquet has no lines: row k of a table (from 0) is reported as line k + 2, where it would be
in the CSV with the same columns and a header.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from checker.claim import COLUMNS, Claim
from checker.errors import InputIssue
from checker.loading import (BASES, CLAIM_ID_RE, CSV_COLUMNS, CSV_REQUIRED, SOURCE_COLUMNS, UNRESOLVED, Source, _source, figure_reading,
                             load_rows)
from checker.rules import RuleSet
from checker.textnorm import normalize_label, visible
from checker.values import as_printed, parse_figure, to_interval
from checker.window_columns import window_columns
from checker.windows import WindowError, parse_window
from checker.yamlio import read_text


class Invalid(Exception):
    """Something in the file needs the row loader's one-line errors."""


class Coded:
    """A column as codes into its distinct values (stripped; None for empty or missing)."""

    def __init__(self, codes: np.ndarray, values: list[str | None]):
        self.codes = codes
        self.values = values

    @classmethod
    def of(cls, array, rows: int) -> "Coded":
        import pyarrow as pa

        if array is None:
            return cls(np.zeros(rows, np.int64), [None])
        encoded = array.combine_chunks().dictionary_encode() if isinstance(array, pa.ChunkedArray) else array.dictionary_encode()
        values = [_stripped(v) for v in encoded.dictionary.to_pylist()]
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        if encoded.null_count:
            codes = np.where(encoded.is_null().to_numpy(zero_copy_only=False), len(values), codes)
            values.append(None)
        return cls(codes.astype(np.int64), values)

    def row_values(self) -> np.ndarray:
        return np.array(self.values, dtype=object)[self.codes]


def _stripped(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text else None


def all_match(pattern, values: list[str]) -> bool:
    """Every value matches `pattern` (a simple anchored pattern that RE2 reads as Python does),
    tested by pyarrow: a million claim ids are a million Python regex calls otherwise."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return not values or bool(pc.all(pc.match_substring_regex(pa.array(values, pa.string()), pattern.pattern)).as_py())


def _bad(message: str) -> None:
    raise Invalid(message)


def pyarrow_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


# -- reading -------------------------------------------------------------------------


def read_csv_table(file: Path, path: str, max_bytes: int):
    """The CSV as a pyarrow table of strings, or None when the row reader must read it (an
    unreadable file, quoted line breaks, blank or ragged rows: whatever pyarrow could number or
    split differently)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text, issue = read_text(file, max_bytes, path)
    if issue is not None or not text:
        return None
    first_line = text.split("\n", 1)[0]
    header = next(csv.reader([first_line]), [])
    names = [name.strip() for name in header]
    if not names or len(set(names)) != len(names) or "\r" in text.replace("\r\n", ""):
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    return table if lines == table.num_rows + 1 else None  # a blank line would shift every line number


def read_parquet_table(file: Path, path: str, max_bytes: int) -> tuple[Any, InputIssue | None]:
    """(the table with every column as text, None) or (None, the reason it cannot be read)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        size = file.stat().st_size
        if size > max_bytes:
            return None, InputIssue(path, None, None, f"file is {size:,} bytes, over the limit of {max_bytes:,}", "raise it with --max-file-size")
        table = pq.read_table(file)
    except (OSError, pa.ArrowException) as exc:
        return None, InputIssue(path, None, None, f"cannot read Parquet file: {exc}")
    columns = []
    for name in table.column_names:
        column = table.column(name)
        try:
            columns.append(column if pa.types.is_string(column.type) else column.cast(pa.string()))
        except pa.ArrowException:
            return None, InputIssue(path, 1, name, f"column of type {column.type} cannot be read as text")
    return pa.table(columns, names=[n.strip() for n in table.column_names]), None


def table_rows(table) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """A Parquet table as the row loader's (header, [(line, row)]): row k is line k + 2."""
    header = list(table.column_names)
    columns = [table.column(n).to_pylist() for n in header]
    rows = [(k + 2, {n: ("" if v is None else v) for n, v in zip(header, values)}) for k, values in enumerate(zip(*columns))]
    return header, rows


def load_flat_file(file: Path, path: str, rules: RuleSet, records: list[Claim], sources: dict[str, Source],
                   issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> pd.DataFrame | None:
    """A CSV or Parquet claims file as a claims table (columns), or None after the row loader
    took it (and appended its records, or its problems)."""
    from checker.loading import _load_csv

    parquet = file.suffix.lower() == ".parquet"
    table = None
    if parquet:
        if not pyarrow_available():
            issues.append(InputIssue(path, None, None, "reading Parquet needs pyarrow", "pip install 'checker[parquet]'"))
            return None
        table, issue = read_parquet_table(file, path, rules.settings.max_file_bytes)
        if issue is not None:
            issues.append(issue)
            return None
    elif pyarrow_available():
        table = read_csv_table(file, path, rules.settings.max_file_bytes)
    if table is not None and table.num_rows:
        try:
            frame, found = claims_table(table, path, rules, sources)
        except Invalid:
            pass
        else:
            sources.update(found)
            return frame
    if parquet:
        header, rows = table_rows(table)
        load_rows(path, header, rows, rules, records, sources, issues, unresolved)
    else:
        _load_csv(file, path, rules, records, sources, issues, unresolved)
    return None


# -- validating as columns --------------------------------------------------------------


def claims_table(table, path: str, rules: RuleSet, known: dict[str, Source]) -> tuple[pd.DataFrame, dict[str, Source]]:
    """The claims table of a valid flat file and its sources; raises Invalid otherwise."""
    names = list(table.column_names)
    if any(n not in CSV_COLUMNS for n in names) or any(n not in names for n in CSV_REQUIRED) or len(set(names)) != len(names):
        _bad("columns")
    rows = table.num_rows
    col = {name: Coded.of(table.column(name) if name in names else None, rows) for name in CSV_COLUMNS}
    lines = np.arange(rows, dtype=np.int64) + 2
    sources, source_of, index = table_sources(col, lines, path, known)
    metric_of = column_map(col["metric"], lambda name: _metric(name, rules))
    metrics = [rules.metrics[m] for m in metric_of]
    if any(_is_unresolved(v) for v in col["metric"].values):
        _bad("unresolved")
    for name in ("value", "quote"):
        if any(v is None or not visible(v) for v in (col[name].values[c] for c in np.unique(col[name].codes))):
            _bad(name)
    figures = figures_of(col, metric_of, metrics, rules)
    claim = ClaimColumns(col, rows)
    claim.metric(metric_of, metrics)
    claim.figure(figures, col, metrics, rules)
    claim.window(col, metrics, sources, source_of, rules)
    claim.scope(col, metrics)
    claim.source(sources, source_of)
    claim.identity(col, sources, source_of, index, path, lines)
    return claim.frame(), {s.id: s for s in sources}


def _is_unresolved(value: str | None) -> bool:
    return value is not None and value.strip().lower() == UNRESOLVED


def _metric(name: str | None, rules: RuleSet) -> str:
    if name is None or not visible(name):
        _bad("metric")
    metric_id = rules.metric_id(name)
    if metric_id is None:
        _bad("metric")
    return metric_id


def column_map(column: Coded, function) -> np.ndarray:
    """function(value) for each row, computed once per distinct value; returns codes into the
    distinct results when they are not plain numbers."""
    used = np.unique(column.codes)
    results = {int(c): function(column.values[c]) for c in used}
    distinct = sorted(set(results.values()))
    position = {r: k for k, r in enumerate(distinct)}
    lookup = np.zeros(len(column.values), np.int64)
    for c, r in results.items():
        lookup[c] = position[r]
    column.mapped = lookup[column.codes]  # type: ignore[attr-defined]
    return np.array(distinct, dtype=object)


def pair_codes(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct combinations as rows of codes, the combination of each row). Codes are small
    non-negative integers (a -1 is shifted up), so a combination is one int64 and one sort."""
    shifted = [np.asarray(c, np.int64) + 1 for c in codes]
    sizes = [int(c.max()) + 1 if len(c) else 1 for c in shifted]
    key = np.zeros(len(shifted[0]), np.int64)
    for column, size in zip(shifted, sizes):
        key = key * size + column
    distinct_keys, inverse = np.unique(key, return_inverse=True)
    parts = []
    for size in reversed(sizes):
        parts.append(distinct_keys % size - 1)
        distinct_keys = distinct_keys // size
    return np.stack(parts[::-1], axis=1), inverse.reshape(-1)


def table_sources(col: dict[str, Coded], lines: np.ndarray, path: str, known: dict[str, Source]) -> tuple[list[Source], np.ndarray, np.ndarray]:
    """(sources in order of first row, source of each row, position of each row in its source).
    Rows of one source must agree on every source column."""
    sid = col["source_id"].codes
    distinct, first, source_of = np.unique(sid, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    source_of = rank[source_of.reshape(-1)]
    first = first[order]
    for name in SOURCE_COLUMNS.values():
        codes = col[name].codes
        if not np.array_equal(codes, codes[first][source_of]):
            _bad("source rows differ")
    sources: list[Source] = []
    issues: list[InputIssue] = []
    made: dict[str, Source] = dict(known)
    for row in first.tolist():
        values = {key: col[name].values[col[name].codes[row]] for key, name in SOURCE_COLUMNS.items()}
        line = int(lines[row])
        source = _source(path, values, {k: line for k in SOURCE_COLUMNS}, line, "", made, issues, csv=True)
        if source is None or issues:
            _bad("source")
        sources.append(source)
    by_source = np.argsort(source_of, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(source_of, minlength=len(sources)))[:-1]]
    index = np.empty(len(source_of), np.int64)
    index[by_source] = np.arange(len(source_of)) - starts[source_of[by_source]]
    return sources, source_of, index


def figures_of(col: dict[str, Coded], metric_of: np.ndarray, metrics: list, rules: RuleSet) -> tuple[list, np.ndarray]:
    """(distinct figures, the figure of each row): each printed value parsed once per reading."""
    metric_codes = col["metric"].mapped  # type: ignore[attr-defined]
    unit = col["unit"]
    pairs, pair_of = pair_codes(unit.codes, metric_codes)
    readings = [figure_reading(unit.values[u], metrics[m], rules) for u, m in pairs.tolist()]
    reading_codes = sorted(set(readings))
    reading_of = np.array([reading_codes.index(r) for r in readings], np.int64)[pair_of]  # a handful of readings
    keys, key_of = pair_codes(col["value"].codes, reading_of)
    figures = []
    locale = rules.settings.number_locale != "en"
    for value_code, reading in keys.tolist():
        continuous, count = reading_codes[reading]
        try:
            figures.append(parse_figure(col["value"].values[value_code], rules.settings.trailing_zeros, integer_step=1.0 if continuous else 0.0,
                                        decimal_comma=locale, count=count, share=continuous))
        except ValueError:
            _bad("value")
    low = np.array([f.low for f in figures])[key_of]
    cumulative = np.array([m.kind == "cumulative" for m in metrics])[metric_codes]
    if np.any(cumulative & (low < 0)):
        _bad("negative")
    return figures, key_of


class ClaimColumns:
    """The columns of the claims table, filled section by section."""

    def __init__(self, col: dict[str, Coded], rows: int):
        self.rows = rows
        self.out: dict[str, Any] = {}
        self.metric_codes = col["metric"].mapped  # type: ignore[attr-defined]

    def metric(self, metric_of: np.ndarray, metrics: list) -> None:
        self.out["metric"] = metric_of[self.metric_codes]
        self.out["kind"] = np.array([m.kind for m in metrics], dtype=object)[self.metric_codes]

    def figure(self, figures: tuple[list, np.ndarray], col: dict[str, Coded], metrics: list, rules: RuleSet) -> None:
        distinct, figure_of = figures
        ranged = np.array([f.printed_range for f in distinct], np.int64)[figure_of]
        keys, key_of = pair_codes(col["qualifier"].codes, ranged)
        qualifiers = []
        for code, is_range in keys.tolist():
            name = col["qualifier"].values[code] or ("range" if is_range else "exact")
            qualifier = rules.qualifier(name)
            if qualifier is None:
                _bad("qualifier")
            qualifiers.append(qualifier)
        units, unit_of = pair_codes(col["unit"].codes, self.metric_codes)
        unit_ids, factors = [], []
        for u, m in units.tolist():
            unit_id = rules.unit_id(col["unit"].values[u] or metrics[m].unit)
            if unit_id is None:
                _bad("unit")
            unit_ids.append(unit_id)
            factor = rules.conversion(unit_id, metrics[m].unit)
            factors.append(math.nan if factor is None else factor)
        intervals, interval_of = pair_codes(figure_of, key_of)
        bounds = [to_interval(distinct[f], qualifiers[q]) for f, q in intervals.tolist()]
        exact = [to_interval(as_printed(distinct[f]), qualifiers[q]) for f, q in intervals.tolist()]
        scale = np.array(factors)[unit_of]
        self.out["printed"] = np.array([f.printed for f in distinct], dtype=object)[figure_of]
        self.out["value"] = np.array([f.value for f in distinct])[figure_of]
        self.out["qualifier"] = np.array([q.id for q in qualifiers], dtype=object)[key_of]
        self.out["unit"] = np.array(unit_ids, dtype=object)[unit_of]
        self.out["factor"] = scale
        # NaN times anything stays NaN: "not convertible" needs no branch.
        self.out["low"] = np.array([b.low for b in bounds])[interval_of] * scale
        self.out["high"] = np.array([b.high for b in bounds])[interval_of] * scale
        self.out["low_open"] = np.array([b.low_open for b in bounds], bool)[interval_of]
        self.out["high_open"] = np.array([b.high_open for b in bounds], bool)[interval_of]
        self.out["exact_low"] = np.array([b.low for b in exact])[interval_of] * scale
        self.out["exact_high"] = np.array([b.high for b in exact])[interval_of] * scale

    def window(self, col: dict[str, Coded], metrics: list, sources: list[Source], source_of: np.ndarray, rules: RuleSet) -> None:
        given = col["window"]
        missing = np.array([v is None for v in given.values])[given.codes]
        # A missing window reads the metric's default: the metric is part of the key only then.
        # A window reads its source only through the publication date, which sources share.
        dates = sorted({s.published for s in sources})
        date_code = {d: k for k, d in enumerate(dates)}
        date_of = np.array([date_code[s.published] for s in sources], np.int64)[source_of]
        keys, key_of = pair_codes(given.codes, np.where(missing, self.metric_codes, -1), date_of)
        read = window_columns(given.values, dates, keys[:, [0, 2]], rules)
        if np.any(read.read & read.starts_after_end) or np.any(read.read & ~read.end_from_publication & (read.end_first > read.published_last)):
            _bad("window")
        inferred = np.zeros(len(keys), bool)
        seen: dict = {}
        for k in np.flatnonzero(~read.read).tolist():  # the phrases window_columns leaves to parse_window
            code, m, d = keys[k].tolist()
            spec = given.values[code]
            default_used = spec is None and m >= 0 and bool(metrics[m].default_window)
            try:
                window = parse_window(metrics[m].default_window if default_used else spec, rules, dates[d], seen)
            except WindowError:
                _bad("window")
            if window.end.first > dates[d].last and not window.end_from_publication:
                _bad("window after publication")
            read.fill(k, window)
            inferred[k] = default_used
        basis = col["window_basis"]
        if any(v is not None and v not in BASES for v in basis.values):
            _bad("window_basis")
        stated = np.array(basis.values, dtype=object)[basis.codes]
        self.out["window_basis"] = np.where(stated == None, np.where(inferred[key_of], "inferred", "stated"), stated)  # noqa: E711
        self.out["window_text"] = read.text[key_of]
        for name in ("start_first", "start_last", "end_first", "end_last"):
            self.out[name] = getattr(read, name)[key_of]
        self.out["end_from_publication"] = read.end_from_publication[key_of]

    def scope(self, col: dict[str, Coded], metrics: list) -> None:
        keys, key_of = pair_codes(col["scope"].codes, self.metric_codes)
        scopes = [normalize_label(col["scope"].values[s] or "") or normalize_label(metrics[m].scope) for s, m in keys.tolist()]
        self.out["scope"] = np.array(scopes, dtype=object)[key_of]
        for name in ("attributed_to", "quote", "note"):
            self.out[name] = np.array([v or "" for v in col[name].values], dtype=object)[col[name].codes]
        self.out["metric_written"] = np.array([str(v) for v in col["metric"].values], dtype=object)[col["metric"].codes]

    def source(self, sources: list[Source], source_of: np.ndarray) -> None:
        for name, value in (("source_id", lambda s: s.id), ("source_title", lambda s: s.title), ("publisher", lambda s: s.publisher),
                            ("url", lambda s: s.url), ("published", lambda s: s.published.iso()), ("date_basis", lambda s: s.date_basis)):
            self.out[name] = np.array([value(s) for s in sources], dtype=object)[source_of]
        self.out["published_first"] = np.array([s.published.first.toordinal() for s in sources], np.int64)[source_of]
        self.out["published_last"] = np.array([s.published.last.toordinal() for s in sources], np.int64)[source_of]

    def identity(self, col: dict[str, Coded], sources: list[Source], source_of: np.ndarray, index: np.ndarray, path: str, lines: np.ndarray) -> None:
        ids = col["id"]
        if not all_match(CLAIM_ID_RE, [v for v in ids.values if v is not None]):
            _bad("id")
        given = ids.row_values()
        missing = np.flatnonzero(given == None)  # noqa: E711
        source_ids = [s.id for s in sources]
        for k in missing.tolist():
            given[k] = f"{source_ids[source_of[k]]}#{index[k] + 1}"
        self.out["claim_id"] = given
        self.out["file"] = np.full(self.rows, path, dtype=object)
        self.out["line"] = lines
        self.out["derived_from"] = np.full(self.rows, "", dtype=object)

    def frame(self) -> pd.DataFrame:
        # Text stays in Python strings (object): converting a million of them to Arrow strings
        # and back (the engine reads rows one by one) cost more than all the parsing.
        return pd.DataFrame({name: _column(self.out[name]) for name in COLUMNS}, columns=list(COLUMNS))


def _column(values: np.ndarray) -> np.ndarray | pd.Series:
    return pd.Series(values, dtype=object, copy=False) if values.dtype == object else values
