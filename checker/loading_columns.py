"""Flat claim files (CSV, Parquet) read and validated as columns.

Archives repeat their printed values, windows, dates and sources heavily, so each such column is
dictionary-encoded and every distinct value is parsed once (a figure with its unit's reading,
a window with its source's publication date, a scope with its metric) and mapped back to the
rows by code. Columns that are near-unique per row (claim ids, quotes) or per source (titles,
addresses) are checked in Arrow and never encoded. The rows are put in content order on integer
codes, and each column of the claims table is built once, already in that order, from its
distinct values: equal strings are one Python object. The result is the claims table the row
loader builds, column for column.

Valid input is the fast path. When anything in a file is off (a missing column, a source whose
rows disagree, a value that does not parse, a repeated claim id, a file that pyarrow reads
differently from Python's csv module), the file is handed to the row loader, which reports every
problem with its file and line, exactly as it would have without this module.

Parquet has no lines: row k of a table (from 0) is reported as line k + 2, where it would be
in the CSV with the same columns and a header.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from checker.claim import COLUMNS, Claim, seed_codes
from checker.dates import DateSpan
from checker.errors import InputIssue
from checker.frames import coded_order
from checker.loading import (BASES, CLAIM_ID_RE, CONTENT_ORDER, CSV_COLUMNS, CSV_REQUIRED, SOURCE_COLUMNS, SOURCE_KEYS, UNRESOLVED, URL_RE, Source, _published, _scope,
                             figure_reading, load_rows)
from checker.rules import ID_RE, RuleSet
from checker.textnorm import normalize_label, visible
from checker.values import ROUND_SHARE, parse_figure
from checker.window_columns import window_columns
from checker.windows import WindowError, parse_window
from checker.yamlio import FORBIDDEN_CHARS_RE

# What str.strip() strips (every character whose isspace() is true): Arrow trims with the same set.
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# Near-unique columns, checked and converted as whole arrays: one per claim, and one per source.
ROW_TEXT = ("id", "quote")
SOURCE_TEXT = ("source_title", "url", "source_text", "date_reason")
CODED = tuple(name for name in CSV_COLUMNS if name not in ROW_TEXT + SOURCE_TEXT)
# Columns of the claims table the audit numbers (Claims.codes), numbered here from their codes.
SEEDED = ("metric", "scope", "qualifier")


class Invalid(Exception):
    """Something in the file needs the row loader's one-line errors."""


@dataclass
class FlatTable:
    """A flat file's claims table, in content order, and the first claim of each metric and scope
    (what the look-alike scope warnings read), with its claim ids known to be unique."""

    frame: pd.DataFrame
    firsts: pd.DataFrame


class Coded:
    """A column as codes into its distinct values (stripped; None for empty or missing). Equal
    values have one code."""

    def __init__(self, codes: np.ndarray, values: list[str | None]):
        self.codes = codes
        self.values = values

    @classmethod
    def of(cls, column, rows: int) -> "Coded":
        import pyarrow as pa
        import pyarrow.compute as pc

        if column is None:
            return cls(np.zeros(rows, np.int32), [None])
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
        trimmed = _trimmed(encoded.dictionary, len(encoded.dictionary))
        values = [*trimmed.to_pylist(), None]
        codes = pc.fill_null(encoded.indices, len(values) - 1).to_numpy().astype(np.int32)  # a copy: Arrow's buffers can go
        if trimmed.null_count or not pc.all(pc.equal(trimmed, encoded.dictionary)).as_py():  # " a" and "a" are one value, as the row loader reads them
            first: dict[str | None, int] = {}
            canonical = np.array([first.setdefault(v, len(first)) for v in values], np.int32)
            codes = canonical[codes]
            values = list(first)
        return cls(codes, values)


def _stripped(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text else None


def pyarrow_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _bad(message: str) -> None:
    raise Invalid(message)


# -- reading -------------------------------------------------------------------------


def read_csv_table(file: Path, path: str, max_bytes: int):
    """The CSV as a pyarrow table of strings, or None when the row reader must read it (an
    unreadable or refused file, quoted line breaks, blank or ragged rows: whatever pyarrow could
    number or split differently). Read from bytes: what the row reader refuses in a file's text
    (invalid UTF-8, control characters) makes pyarrow fail or shows in the cells, checked here."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        if file.stat().st_size > max_bytes:
            return None
        raw = file.read_bytes()
    except OSError:
        return None
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    returns = raw.count(b"\r")
    if returns and raw.count(b"\r\n") != returns:  # a lone carriage return: a line break only Python's reader sees
        return None
    names = _header(raw[start:raw.find(b"\n") if b"\n" in raw else len(raw)])
    if not names or len(set(names)) != len(names):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(raw)[start:]),
            # Threads cost CPU time, and the cores are shared; big blocks are fewer chunks to encode.
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=False, block_size=CSV_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if lines != table.num_rows + 1 or _any_forbidden(raw):  # a blank line would shift every line number
        return None
    return _encoded(table, [n for n in names if n in CODED])


def _header(first_line: bytes) -> list[str]:
    """The column names, stripped; none when the line is not plain UTF-8 text."""
    try:
        text = first_line.decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return []
    if FORBIDDEN_CHARS_RE.search(text):
        return []
    return [name.strip() for name in next(csv.reader([text]), [])]


# The bytes of what the row reader refuses in a file's text (yamlio.text_issue): C0 control
# characters but tab and line breaks (a carriage return is refused unless in CRLF, above), DEL,
# and the C1 controls, which UTF-8 writes as \xc2 and a byte from \x80 to \x9f.
C0_CONTROLS = bytes(range(0, 9)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
NOT_C0 = bytes(b for b in range(256) if b not in C0_CONTROLS)
C1_CONTROL_RE = re.compile(rb"\xc2[\x80-\x9f]")
CSV_BLOCK_BYTES = 1 << 26


def _any_forbidden(raw: bytes) -> bool:
    """Whether the file holds a character the row reader refuses (a control character)."""
    return bool(raw.translate(None, NOT_C0)) or (b"\xc2" in raw and C1_CONTROL_RE.search(raw) is not None)


def _encoded(table, names: list[str]):
    """The table with the named columns dictionary-encoded (one dictionary per column)."""
    import pyarrow.compute as pc

    for name in names:
        index = table.column_names.index(name)
        table = table.set_column(index, name, pc.dictionary_encode(table.column(name)))
    return table


def read_parquet_table(file: Path, path: str, max_bytes: int) -> tuple[Any, InputIssue | None]:
    """(the table with every column as text, None) or (None, the reason it cannot be read). The
    columns parsed per distinct value are read as dictionaries, which Parquet mostly stores."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        size = file.stat().st_size
        if size > max_bytes:
            return None, InputIssue(path, None, None, f"file is {size:,} bytes, over the limit of {max_bytes:,}", "raise it with --max-file-size")
        schema = pq.read_schema(file)
        textual = [f.name for f in schema if f.name.strip() in CODED and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
        # Mapped, not read into a buffer first: the pages come from the page cache (pyarrow's
        # memory_map), about a tenth of a second of system time less at a million claims.
        table = pq.read_table(file, read_dictionary=textual, use_threads=False, memory_map=True)
        if any(column.num_chunks > 1 for column in table.columns):  # (row groups, each with its dictionary)
            table = table.unify_dictionaries()
    except (OSError, pa.ArrowException) as exc:
        return None, InputIssue(path, None, None, f"cannot read Parquet file: {exc}")
    columns = []
    for name in table.column_names:
        column = table.column(name)
        try:
            columns.append(column if _is_text(column.type) else column.cast(pa.string()))
        except pa.ArrowException:
            return None, InputIssue(path, 1, name, f"column of type {column.type} cannot be read as text")
    return pa.table(columns, names=[n.strip() for n in table.column_names]), None


def _is_text(kind) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def table_rows(table) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """A Parquet table as the row loader's (header, [(line, row)]): row k is line k + 2."""
    header = list(table.column_names)
    columns = [table.column(n).to_pylist() for n in header]
    rows = [(k + 2, {n: ("" if v is None else v) for n, v in zip(header, values)}) for k, values in enumerate(zip(*columns))]
    return header, rows


def load_flat_file(file: Path, path: str, rules: RuleSet, records: list[Claim], sources: dict[str, Source],
                   issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> FlatTable | None:
    """A CSV or Parquet claims file as a claims table (columns), or None after the row loader
    took it (and appended its records, or its problems)."""
    from checker.loading import _load_csv

    parquet = file.suffix.lower() == ".parquet"
    if parquet and not pyarrow_available():
        issues.append(InputIssue(path, None, None, "reading Parquet needs pyarrow", "pip install 'checker[parquet]'"))
        return None
    if pyarrow_available():
        use_jemalloc()
        columns, issue = flat_columns(file, path, parquet, rules.settings.max_file_bytes)
        if issue is not None:
            issues.append(issue)
            return None
        try:
            if columns is not None:
                loaded, found = claims_table(columns, path, rules, sources)
                sources.update(found)
                return loaded
        except Invalid:
            pass
        finally:
            del columns
            release_arrow_memory(everything=True)
    if parquet:  # read again, as rows: the rare path, where every problem is named
        table, _ = read_parquet_table(file, path, rules.settings.max_file_bytes)
        header, rows = table_rows(table)
        del table
        load_rows(path, header, rows, rules, records, sources, issues, unresolved)
    else:
        _load_csv(file, path, rules, records, sources, issues, unresolved)
    return None


def use_jemalloc() -> None:
    """Arrow allocates from jemalloc where it has it: reading a million claims, its default
    (mimalloc) spent about a second of system time on fresh pages, jemalloc a third of that, and
    held less at the peak. In a process whose malloc keeps what is freed (keep_freed_memory),
    Arrow allocates from malloc instead: the pages of the file's table, freed once it is read,
    serve the claims table and the audit, not fresh ones (about 30,000 page faults fewer at a
    million claims)."""
    import pyarrow as pa

    if HEAP.keeps_freed:
        pool = pa.system_memory_pool()
    else:
        try:
            pool = pa.jemalloc_memory_pool()
        except NotImplementedError:
            return
    if pa.default_memory_pool().backend_name != pool.backend_name:
        pa.set_memory_pool(pool)


@dataclass
class Heap:
    keeps_freed: bool = False  # keep_freed_memory has set glibc's malloc to keep freed memory


HEAP = Heap()


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
HEAP_KEPT = 1 << 30


def keep_freed_memory() -> None:
    """For a process that audits a large corpus (the `check` command calls it; a library user
    decides for their own process): have glibc's malloc serve big arrays from its heap and keep
    what is freed there, for the next array: by default every array over a few megabytes is mapped afresh and handed back when
    freed, so each of the hundreds of million-row temporaries of a large audit paid its pages
    again (about 1.3 of the 3 s of system time at a million claims). The peak held is the same;
    the memory goes back when the process ends. Elsewhere than glibc, nothing changes."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        HEAP.keeps_freed = bool(libc.mallopt(M_MMAP_THRESHOLD, HEAP_KEPT)) & bool(libc.mallopt(M_TRIM_THRESHOLD, HEAP_KEPT))
    except (OSError, AttributeError):
        pass


def small_pages() -> None:
    """For the same process as keep_freed_memory: numpy asks the kernel for 2 MB pages for
    every array over 4 MB (madvise), each zeroed whole when first touched. Measured at a million
    claims on the shared 2-core machine under load, that cost about 1.5 CPU s more system time
    (median 2.9 s against 1.4 s, four interleaved pairs) than the 4 kB pages it saves faults
    on (about 110,000 more of them); on an idle machine the two were alike."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy before 2.0
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            return
    _set_madvise_hugepage(False)


def release_arrow_memory(everything: bool = False) -> None:
    """Hand the memory Arrow's pool kept after a file was read back to the system: nothing
    but Arrow could reuse it, and a million claims leave hundreds of megabytes there. Not while
    Arrow allocates from a malloc that keeps freed memory (use_jemalloc), unless `everything`
    (a file is loaded): the claims table reuses it, and releasing it (malloc_trim) would have
    the table fault it in afresh (about 70,000 page faults at a million claims); once the table
    is built, what is left is scattered between its arrays, and kept it would raise the audit's
    peak by about 150 MB."""
    import pyarrow as pa

    if everything or pa.default_memory_pool().backend_name != "system":
        pa.default_memory_pool().release_unused()


@dataclass
class FlatColumns:
    """A flat file's columns as the validation reads them: each parsed column as codes into its
    distinct values, each near-unique text column as an Arrow array (ROW_TEXT stripped)."""

    names: list[str]
    rows: int
    coded: dict[str, Coded]
    text: dict[str, Any]

    @classmethod
    def of(cls, table) -> "FlatColumns":
        names, rows = list(table.column_names), table.num_rows
        column = {name: table.column(name) for name in names}
        coded = {name: Coded.of(column.get(name), rows) for name in CODED}
        text = {name: _trimmed(column.get(name), rows) for name in ROW_TEXT}
        text.update({name: _plain(column.get(name), rows) for name in SOURCE_TEXT})
        return cls(names, rows, coded, text)


def flat_columns(file: Path, path: str, parquet: bool, max_bytes: int) -> tuple[FlatColumns | None, InputIssue | None]:
    """(the file's columns, None); (None, why a Parquet file cannot be read); or (None, None)
    when the row loader must read the file. The Arrow table is dropped once converted."""
    if parquet:
        table, issue = read_parquet_table(file, path, max_bytes)
        if issue is not None:
            return None, issue
    else:
        table = read_csv_table(file, path, max_bytes)
    if table is None or not table.num_rows:
        return None, None
    return FlatColumns.of(table), None


# -- validating as columns --------------------------------------------------------------


def claims_table(columns: FlatColumns, path: str, rules: RuleSet, known: dict[str, Source]) -> tuple[FlatTable, dict[str, Source]]:
    """The claims table of a valid flat file and its sources; raises Invalid otherwise. The
    columns are emptied as they are used."""
    names, rows, col, text = columns.names, columns.rows, columns.coded, columns.text
    if any(n not in CSV_COLUMNS for n in names) or any(n not in names for n in CSV_REQUIRED) or len(set(names)) != len(names):
        _bad("columns")
    found = table_sources(col, text, path, known)
    for name in SOURCE_TEXT:
        del text[name]
    metric_of = column_map(col["metric"], lambda name: _metric(name, rules))
    metrics = [rules.metrics[m] for m in metric_of]
    if any(_is_unresolved(v) for v in col["metric"].values):
        _bad("unresolved")
    if any(v is None or not visible(v) for v in (col["value"].values[c] for c in np.unique(col["value"].codes))):
        _bad("value")
    figures = figures_of(col, metric_of, metrics, rules)
    claim = ClaimColumns(col, rows, path)
    claim.metric(metric_of, metrics)
    claim.figure(figures, col, metrics, rules)
    claim.window(col, metrics, found, rules)
    claim.scope(col, metrics, rules)
    claim.source(found)
    claim.quote(text.pop("quote"))
    claim.identity(text.pop("id"), found)
    del figures
    col.clear()
    release_arrow_memory()
    firsts = claim.firsts()
    return FlatTable(claim.frame(), firsts), {s.id: s for s in found.sources}


def _plain(column, rows: int):
    """A text column as one Arrow array of strings (nulls when the file has no such column)."""
    import pyarrow as pa

    if column is None:
        return pa.nulls(rows, pa.string())
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array


def _trimmed(column, rows: int):
    """A text column as one Arrow array, stripped as str.strip() strips, empty cells as nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pc.utf8_trim(_plain(column, rows), characters=WHITESPACE)
    empty = pc.equal(array, "")
    return pc.if_else(empty, pa.scalar(None, array.type), array) if pc.any(empty).as_py() else array  # no copy when none is empty


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
    """function(value) for each distinct value in use; returns the distinct results, sorted, and
    sets column.mapped to each row's result as a code into them."""
    used = np.unique(column.codes)
    results = {int(c): function(column.values[c]) for c in used}
    distinct = sorted(set(results.values()))
    position = {r: k for k, r in enumerate(distinct)}
    lookup = np.zeros(len(column.values), np.int32)
    for c, r in results.items():
        lookup[c] = position[r]
    column.mapped = lookup[column.codes]  # type: ignore[attr-defined]
    return np.array(distinct, dtype=object)


DENSE_KEYS = 1 << 23  # combinations below this are numbered by a lookup table, not a sort


def pair_codes(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct combinations as rows of codes, in sorted order; the combination of each row).
    Codes are small non-negative integers (a -1 is shifted up), so a combination is one int64,
    numbered by a lookup table when the combinations are few, else by hashing."""
    shifted = [np.asarray(c, np.int64) + 1 for c in codes]
    sizes = [int(c.max()) + 1 if len(c) else 1 for c in shifted]
    key = np.zeros(len(shifted[0]), np.int64)
    for column, size in zip(shifted, sizes):
        key = key * size + column
    space = math.prod(sizes)
    if space <= max(DENSE_KEYS, 4 * len(key)):
        present = np.zeros(space, bool)
        present[key] = True
        distinct_keys = np.flatnonzero(present)
        number = np.zeros(space, np.int32)  # numbered where present: no running sum over the whole space
        number[distinct_keys] = np.arange(len(distinct_keys), dtype=np.int32)
        inverse = number[key]
    else:
        inverse, distinct_keys = pd.factorize(key, sort=True)
    parts = []
    for size in reversed(sizes):
        parts.append(distinct_keys % size - 1)
        distinct_keys = distinct_keys // size
    return np.stack(parts[::-1], axis=1), inverse.astype(np.int32, copy=False)


def first_rows(codes: np.ndarray, count: int) -> np.ndarray:
    """The first row holding each code below `count` (len(codes) for a code no row holds)."""
    first = np.full(count, len(codes), np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    return first


@dataclass
class Sources:
    """A flat file's sources: in order of first row, each row's source, each source's first row."""

    sources: list[Source]
    source_of: np.ndarray
    first: np.ndarray


def table_sources(col: dict[str, Coded], text: dict[str, Any], path: str, known: dict[str, Source]) -> Sources:
    """The sources of a flat file. Rows of one source must agree on every source column."""
    sid = col["source_id"].codes
    first = first_rows(sid, len(col["source_id"].values))
    used = np.flatnonzero(first < len(sid))
    used = used[np.argsort(first[used], kind="stable")]
    rank = np.zeros(len(first), np.int32)
    rank[used] = np.arange(len(used))
    source_of = rank[sid]
    first = first[used]
    per_source: dict[str, list] = {}
    for key, name in SOURCE_COLUMNS.items():
        if name in col:
            codes = col[name].codes
            if not np.array_equal(codes, codes[first][source_of]):
                _bad("source rows differ")
            per_source[key] = [col[name].values[c] for c in codes[first].tolist()]
        else:
            per_source[key] = _source_values(text[name], first, source_of)
    return Sources(made_sources(path, per_source, (first + 2).tolist(), known), source_of, first)


def made_sources(path: str, values: dict[str, list], lines: list[int], known: dict[str, Source]) -> list[Source]:
    """The Source of each set of values (stripped, None for empty) as loading._source makes it,
    checked as lists, not source by source; raises Invalid where _source reports a problem."""
    ids, titles, publishers, urls, published, bases, reasons, texts = (values[key] for key in SOURCE_KEYS)
    if None in ids or None in titles or None in publishers or None in published:
        _bad("source")
    if not all(map(ID_RE.match, ids)) or any(sid in known for sid in ids):
        _bad("source")
    dates: dict[str, DateSpan] = {}
    for text in set(published):
        try:
            dates[text] = _published(text)
        except ValueError:
            _bad("source")
    bases = [basis or "stated" for basis in bases]
    if any(basis not in BASES for basis in set(bases)):
        _bad("source")
    if any(basis == "inferred" and reason is None for basis, reason in zip(bases, reasons)):
        _bad("source")
    if not all(url is None or URL_RE.match(url) for url in urls):
        _bad("source")
    return [Source(sid, title, publisher, url or "", dates[date], basis, reason or "", text or "", path, line)
            for sid, title, publisher, url, date, basis, reason, text, line in zip(ids, titles, publishers, urls, published, bases, reasons, texts, lines)]


def _source_values(array, first: np.ndarray, source_of: np.ndarray) -> list[str | None]:
    """Each source's value of a text column (stripped; None for empty); raises Invalid unless
    all its rows agree. Rows written alike agree without stripping a million of them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count == len(array):
        return [None] * len(first)
    for version in (lambda: array, lambda: _trimmed(array, len(array))):
        mine = version().fill_null("")
        if pc.all(pc.equal(mine, mine.take(pa.array(first[source_of])))).as_py():
            return [_stripped(v) for v in array.take(pa.array(first)).to_pylist()]
    _bad("source rows differ")


def figures_of(col: dict[str, Coded], metric_of: np.ndarray, metrics: list, rules: RuleSet) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(the distinct figures as arrays of their fields, FIGURE_COLUMNS; the figure of each row):
    each printed value parsed once per reading, plain integers all at once."""
    metric_codes = col["metric"].mapped  # type: ignore[attr-defined]
    unit = col["unit"]
    pairs, pair_of = pair_codes(unit.codes, metric_codes)
    readings = [figure_reading(unit.values[u], metrics[m], rules) for u, m in pairs.tolist()]
    reading_codes = sorted(set(readings))
    reading_of = np.array([reading_codes.index(r) for r in readings], np.int32)[pair_of]  # a handful of readings
    keys, key_of = pair_codes(col["value"].codes, reading_of)
    texts = [col["value"].values[v] for v in keys[:, 0].tolist()]
    steps = np.array([reading_codes[r][2] for r in keys[:, 1].tolist()], float)
    locale = rules.settings.number_locale != "en"
    trailing_zeros = rules.settings.trailing_zeros
    plain, figures = plain_integers(texts, trailing_zeros, steps) if not locale else (np.zeros(len(texts), bool), _no_figures(len(texts)))
    for k in np.flatnonzero(~plain).tolist():
        share, count, integer_step = reading_codes[keys[k, 1]]
        try:
            figure = parse_figure(texts[k], trailing_zeros, integer_step=integer_step, decimal_comma=locale, count=count, share=share)
        except ValueError:
            _bad("value")
        for name in FIGURE_COLUMNS:
            value = getattr(figure, name)
            figures[name][k] = np.nan if value is None else value
    cumulative = np.array([m.kind == "cumulative" for m in metrics])[metric_codes]
    if np.any(cumulative & (figures["low"][key_of] < 0)):
        _bad("negative")
    return figures, key_of


def _no_figures(count: int) -> dict[str, np.ndarray]:
    """Empty FIGURE_COLUMNS for `count` figures (an exact step of None is NaN)."""
    figures = {name: np.full(count, np.nan) for name in FIGURE_FIELDS}
    figures["printed"] = np.empty(count, dtype=object)
    figures["printed_range"] = np.zeros(count, bool)
    return figures


PLAIN_INTEGER_RE2 = r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$"
PLAIN_DIGITS = 15  # every integer of this many digits is a float exactly
POWERS_OF_TEN = np.array([10.0 ** k for k in range(PLAIN_DIGITS + 1)])  # as Python computes them


def plain_integers(texts: list, trailing_zeros: bool, integer_step: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(which texts are plain integers, such as "49,250" or "700", most figures of an archive;
    their FIGURE_COLUMNS as parse_figure reads them in the en number locale, the others left
    empty). `integer_step`: each figure's step for an integer printed as it is."""
    import pyarrow as pa
    import pyarrow.compute as pc

    figures = _no_figures(len(texts))
    if not texts:
        return np.zeros(0, bool), figures
    array = pa.array(texts, pa.string())
    digits = pc.replace_substring(array, ",", "")
    length = pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False)
    plain = pc.fill_null(pc.match_substring_regex(array, PLAIN_INTEGER_RE2), False).to_numpy(zero_copy_only=False) & (length <= PLAIN_DIGITS)
    which = np.flatnonzero(plain)
    digits = digits.take(pa.array(which))
    length = length[which]
    number = pc.cast(digits, pa.float64()).to_numpy(zero_copy_only=False)
    zeros = length - pc.utf8_length(pc.utf8_rtrim(digits, characters="0")).to_numpy(zero_copy_only=False)
    round_figure = trailing_zeros & (zeros > 0) & (zeros < length)  # and some digit is not 0
    power = POWERS_OF_TEN[zeros]
    integer = integer_step[which]
    share = ROUND_SHARE * 2 * number
    # A small round figure: max(integer_step, min(power, share)), as Python's min and max pick.
    small = np.where(share < power, share, power)
    small = np.where(small > integer, small, integer)
    step = np.where(round_figure, np.where(length >= 4, power, small), integer)
    figures["printed"][which] = [texts[k] for k in which.tolist()]
    figures["low"][which] = figures["high"][which] = number
    figures["low_step"][which] = figures["high_step"][which] = step
    figures["low_exact_step"][which] = figures["high_exact_step"][which] = integer
    # values._cut_may_drop_digits: four digits or more, two of them significant (leading zeros
    # are not: "0010" has one).
    leading = length - pc.utf8_length(pc.utf8_ltrim(digits, characters="0")).to_numpy(zero_copy_only=False)
    figures["high_cut_step"][which] = np.where(round_figure & (length >= 4) & (length - zeros - leading >= 2) & (step > integer), step, 0.0)
    return plain, figures


FIGURE_FIELDS = ("low", "high", "low_step", "high_step", "low_exact_step", "high_exact_step", "high_cut_step")  # an exact step of None reads as NaN
FIGURE_COLUMNS = ("printed", *FIGURE_FIELDS, "printed_range")


def intervals_of(low: np.ndarray, high: np.ndarray, low_step: np.ndarray, high_step: np.ndarray, high_cut: np.ndarray, rule: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """values.to_interval over arrays: figures (their ends, steps and cut steps) under qualifiers
    (`rule`: arrays of their low and high factors, open ends and rounding), operation for
    operation, so every bound is the float to_interval gives."""
    rounded_low = low - low_step / 2
    half = high_step / 2
    rounded_high = high + half
    rounded_or_cut = high + np.where(high_cut > half, high_cut, half)  # max() keeps the first unless the second is beyond
    rounding = rule["rounding"].astype(bool)
    first = _scaled(np.where(rounding, rounded_low, low), rule["low"].astype(float), lower=True)
    last = _scaled(np.where(rounding, rounded_or_cut, high), rule["high"].astype(float), lower=False)
    two_sided = (rule["low"] < 1.0) & (1.0 < rule["high"]) & np.isfinite(rule["high"].astype(float)) & ~(rule["low_open"].astype(bool) | rule["high_open"].astype(bool))
    # min() and max() keep their first argument unless the second is strictly beyond it.
    first = np.where(two_sided & (rounded_low < first), rounded_low, first)
    last = np.where(two_sided & (rounded_high > last), rounded_high, last)
    swapped = first > last
    return np.where(swapped, last, first), np.where(swapped, first, last)


def as_printed_steps(low_step: np.ndarray, high_step: np.ndarray, low_exact: np.ndarray, high_exact: np.ndarray, high_cut: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """values.as_printed over arrays: (low step, high step, high cut step) with round figures read
    as exact. A round figure read as exact has no digits cut; a decimal keeps its cut step."""
    exact_high = np.where(np.isnan(high_exact), high_step, high_exact)
    return np.where(np.isnan(low_exact), low_step, low_exact), exact_high, np.where(exact_high == high_step, high_cut, 0.0)


def _scaled(value: np.ndarray, factor: np.ndarray, lower: bool) -> np.ndarray:
    """values._scale over arrays."""
    with np.errstate(invalid="ignore"):
        scaled = np.where(value < 0, value * (2 - factor), value * factor)
    return np.where(np.isinf(factor), -np.inf if lower else factor, scaled)


def publication_dates(published: Coded) -> tuple[list, np.ndarray]:
    """(the distinct publication dates, sorted; each row's date as a code into them). Every
    source was read, so every date parses (once per text, loading._published)."""
    spans = [None if v is None else _published(v) for v in published.values]
    dates = sorted({d for d in spans if d is not None})
    code = {d: k for k, d in enumerate(dates)}
    return dates, np.array([code.get(d, -1) for d in spans], np.int32)[published.codes]


def window_bases(basis: Coded, inferred: np.ndarray, key_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How each row's window is known: its window_basis as written, else inferred for a metric's
    default window and stated for the rest."""
    if any(v is not None and v not in BASES for v in basis.values):
        _bad("window_basis")
    labels = np.array(["stated", "inferred"], dtype=object)
    if all(v is None for v in basis.values):
        return labels, inferred.astype(np.int64)[key_of]
    chosen, chosen_of = pair_codes(basis.codes, key_of)
    return np.array([basis.values[b] or labels[int(inferred[k])] for b, k in chosen.tolist()], dtype=object), chosen_of


class ClaimColumns:
    """The columns of the claims table, filled section by section, each as (distinct values,
    each row's code into them), or (the rows' values, None); built in content order at the end."""

    def __init__(self, col: dict[str, Coded], rows: int, path: str):
        self.rows = rows
        self.path = path
        self.out: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        self.metric_codes = col["metric"].mapped  # type: ignore[attr-defined]
        self.order: np.ndarray | None = None

    def metric(self, metric_of: np.ndarray, metrics: list) -> None:
        self.out["metric"] = (metric_of, self.metric_codes)
        self.out["kind"] = (np.array([m.kind for m in metrics], dtype=object), self.metric_codes)

    def figure(self, figures: tuple[dict[str, np.ndarray], np.ndarray], col: dict[str, Coded], metrics: list, rules: RuleSet) -> None:
        distinct, figure_of = figures
        ranged = distinct["printed_range"].astype(np.int64)[figure_of]
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
        self.out["printed"] = (distinct["printed"], figure_of)
        self.out["value"] = ((distinct["low"] + distinct["high"]) / 2, figure_of)  # Figure.value
        self.out["qualifier"] = (np.array([q.id for q in qualifiers], dtype=object), key_of)
        self.out["unit"] = (np.array(unit_ids, dtype=object), unit_of)
        self.out["factor"] = (np.array(factors), unit_of)
        self.intervals(distinct, figure_of, qualifiers, key_of, np.array(factors), unit_of)

    def intervals(self, figures: dict[str, np.ndarray], figure_of: np.ndarray, qualifiers: list, qualifier_of: np.ndarray, factors: np.ndarray, unit_of: np.ndarray) -> None:
        """Each distinct (figure, qualifier, unit factor) read as an interval once, as
        values.to_interval reads it, both as the figure is read and read as exact (as_printed)."""
        scales, scale_of = np.unique(factors, return_inverse=True)  # a handful: NaN for units that do not convert
        combos, combo_of = pair_codes(figure_of, qualifier_of, scale_of[unit_of])
        figure, qualifier, scale = combos[:, 0], combos[:, 1], scales[combos[:, 2]]
        low, high, low_step, high_step, low_exact, high_exact, high_cut = (figures[name][figure] for name in FIGURE_FIELDS)
        rule = {name: np.array([getattr(q, name) for q in qualifiers])[qualifier] for name in ("low", "high", "low_open", "high_open", "rounding")}
        bounds = intervals_of(low, high, low_step, high_step, high_cut, rule)
        exact = intervals_of(low, high, *as_printed_steps(low_step, high_step, low_exact, high_exact, high_cut), rule)
        # NaN times anything stays NaN: "not convertible" needs no branch.
        self.out["low"] = (bounds[0] * scale, combo_of)
        self.out["high"] = (bounds[1] * scale, combo_of)
        self.out["low_open"] = (rule["low_open"].astype(bool), combo_of)
        self.out["high_open"] = (rule["high_open"].astype(bool), combo_of)
        self.out["exact_low"] = (exact[0] * scale, combo_of)
        self.out["exact_high"] = (exact[1] * scale, combo_of)

    def window(self, col: dict[str, Coded], metrics: list, found: Sources, rules: RuleSet) -> None:
        given = col["window"]
        written = len(given.values)
        # A missing window reads its metric's default: the metric is the phrase then, coded
        # after the written phrases. A window reads its source only through the publication
        # date, which sources share.
        missing = np.array([v is None for v in given.values])[given.codes]
        phrase_of = np.where(missing, written + self.metric_codes, given.codes)
        dates, date_of = publication_dates(col["published"])
        keys, key_of = pair_codes(phrase_of, date_of)
        read = window_columns([*given.values, *[None] * len(metrics)], dates, keys, rules)
        if np.any(read.read & read.starts_after_end) or np.any(read.read & ~read.end_from_publication & (read.end_first > read.published_last)):
            _bad("window")
        inferred = self.unread_windows(read, keys, given.values, metrics, dates, rules)
        self.out["window_basis"] = window_bases(col["window_basis"], inferred, key_of)
        self.out["window_text"] = (read.text, key_of)
        for name in ("start_first", "start_last", "end_first", "end_last", "end_from_publication"):
            self.out[name] = (getattr(read, name), key_of)

    @staticmethod
    def unread_windows(read, keys: np.ndarray, written: list, metrics: list, dates: list, rules: RuleSet) -> np.ndarray:
        """Fills in the windows window_columns leaves to parse_window; returns which of them are
        the metric's default window (inferred). A phrase code past the written phrases is the
        missing window of metric (code - written phrases)."""
        inferred = np.zeros(len(keys), bool)
        seen: dict = {}
        for k in np.flatnonzero(~read.read).tolist():
            code, d = keys[k].tolist()
            metric = metrics[code - len(written)] if code >= len(written) else None
            default_used = metric is not None and bool(metric.default_window)
            try:
                window = parse_window(metric.default_window if default_used else written[code] if metric is None else None, rules, dates[d], seen)
            except WindowError:
                _bad("window")
            if window.end.first > dates[d].last and not window.end_from_publication:
                _bad("window after publication")
            read.fill(k, window)
            inferred[k] = default_used
        return inferred

    def scope(self, col: dict[str, Coded], metrics: list, rules: RuleSet) -> None:
        """Each row's scope as the row loader reads it: a declared scope's alias as the scope."""
        keys, key_of = pair_codes(col["scope"].codes, self.metric_codes)
        scopes = [normalize_label(_scope(col["scope"].values[s], rules)) or normalize_label(metrics[m].scope) for s, m in keys.tolist()]
        self.out["scope"] = (np.array(scopes, dtype=object), key_of)
        for name in ("attributed_to", "note"):
            self.out[name] = (np.array([v or "" for v in col[name].values], dtype=object), col[name].codes)
        if any(v is not None and v not in BASES for v in col["scope_basis"].values):
            _bad("scope_basis")
        self.out["scope_basis"] = (np.array([v or "stated" for v in col["scope_basis"].values], dtype=object), col["scope_basis"].codes)
        self.out["metric_written"] = (np.array([str(v) for v in col["metric"].values], dtype=object), col["metric"].codes)

    def source(self, found: Sources) -> None:
        sources = found.sources
        for name, value in (("source_id", lambda s: s.id), ("source_title", lambda s: s.title), ("publisher", lambda s: s.publisher),
                            ("url", lambda s: s.url), ("published", lambda s: s.published.iso()), ("date_basis", lambda s: s.date_basis)):
            self.out[name] = (np.array([value(s) for s in sources], dtype=object), found.source_of)
        self.out["published_first"] = (np.array([s.published.first.toordinal() for s in sources], np.int64), found.source_of)
        self.out["published_last"] = (np.array([s.published.last.toordinal() for s in sources], np.int64), found.source_of)

    def quote(self, quotes) -> None:
        """Quotes are required and must show something; as Python strings, one per row."""
        import pyarrow.compute as pc

        if quotes.null_count:
            _bad("quote")
        unusual = quotes.filter(pc.invert(pc.string_is_ascii(quotes))).unique().to_pylist()
        if not all(visible(q) for q in unusual):  # an ASCII quote, stripped and not empty, shows
            _bad("quote")
        self.out["quote"] = (quotes, None)  # an Arrow array until the table is built, in content order

    def identity(self, ids, found: Sources) -> None:
        """Claim ids as given, or <source id>#<n> for the n-th claim of its source; all unique."""
        import pyarrow as pa
        import pyarrow.compute as pc

        given = ids.drop_null()
        if len(given) and not _all_claim_ids(given):
            _bad("id")
        if ids.null_count:
            source_ids = pa.array([s.id for s in found.sources], ids.type)
            index = pa.array(positions_in_groups(found.source_of, len(found.sources)) + 1).cast(ids.type)
            ids = pc.if_else(pc.is_valid(ids), ids, pc.binary_join_element_wise(source_ids.take(found.source_of), index, pa.scalar("#", ids.type)))
        if len(pc.unique(ids)) != self.rows:  # (Arrow's count_distinct takes twice as long)
            _bad("duplicate id")  # the row loader names both lines
        self.out["claim_id"] = (ids, None)  # an Arrow array until the table is built, in content order
        everywhere = np.zeros(self.rows, np.int8)  # the code of a column with one value
        self.out["file"] = (np.array([self.path], dtype=object), everywhere)
        self.out["line"] = (np.arange(self.rows, dtype=np.int64) + 2, None)
        self.out["derived_from"] = (np.array([""], dtype=object), everywhere)

    def content_order(self) -> np.ndarray:
        """The rows in CONTENT_ORDER, as sorted_positions orders a claims table."""
        if self.order is None:
            self.order = coded_order(self.out, CONTENT_ORDER, self.rows)
        return self.order

    def frame(self) -> pd.DataFrame:
        # Text stays in Python strings (object): converting a million of them to Arrow strings
        # and back (the engine reads rows one by one) cost more than all the parsing.
        order = self.content_order()
        in_order: dict[int, np.ndarray] = {}  # many columns share their codes: each set permuted once
        columns = {}
        for name in COLUMNS:
            distinct, codes = self.out[name]
            if codes is None:  # Arrow text becomes Python strings in file order, then is gathered as pointers: no Arrow copy in content order
                column = (distinct if isinstance(distinct, np.ndarray) else distinct.to_numpy(zero_copy_only=False))[order]
            elif len(distinct) == 1:  # one value: a fill, not a take
                column = np.empty(self.rows, distinct.dtype)
                column.fill(distinct[0])
            else:
                if id(codes) not in in_order:
                    in_order[id(codes)] = codes[order].astype(np.intp)  # numpy indexes by intp: converted once, not per column
                column = distinct[in_order[id(codes)]]
            columns[name] = pd.Series(column, dtype=object if column.dtype == object else None, copy=False)
        frame = pd.DataFrame(columns, copy=False)
        for name in SEEDED:
            self.seed(frame, name, in_order)
        return frame

    def seed(self, frame: pd.DataFrame, name: str, in_order: dict[int, np.ndarray]) -> None:
        """Tells the checks column `name` as numbers (claim.seed_codes), from its codes here."""
        distinct, codes = self.out[name]
        uniques, rank = np.unique(distinct, return_inverse=True)
        rows = rank.reshape(-1)[in_order[id(codes)]] if id(codes) in in_order else np.full(self.rows, int(rank.reshape(-1)[0]))
        seed_codes(frame, name, rows, uniques)

    def firsts(self) -> pd.DataFrame:
        """The first claim (by line) of each metric and scope, as loading.first_of_each_scope."""
        scopes, scope_of = self.out["scope"]
        scope_code = pd.factorize(scopes)[0][scope_of]
        _, pair_of = pair_codes(self.metric_codes, scope_code)
        first = np.sort(first_rows(pair_of, int(pair_of.max()) + 1))
        metric_of, metric_codes = self.out["metric"]
        return pd.DataFrame({"metric": pd.Series(metric_of[metric_codes[first]], dtype=object), "scope": pd.Series(scopes[scope_of[first]], dtype=object),
                             "file": pd.Series([self.path] * len(first), dtype=object), "line": first + 2})


ID_FIRST_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"  # CLAIM_ID_RE's first character
ID_BYTES = ID_FIRST_BYTES + b"_.#:-"  # and the characters after it
ID_FIRST_BYTE = np.zeros(256, bool)
ID_FIRST_BYTE[np.frombuffer(ID_FIRST_BYTES, np.uint8)] = True


def _all_claim_ids(ids) -> bool:
    """Whether every text of an Arrow string array without nulls matches CLAIM_ID_RE (as Arrow's
    regular expressions read it), read on the array's bytes: the pattern is ASCII, so a text
    matches when it is not empty, its first byte is a letter or digit and every byte is one of
    the pattern's. About 0.01 s at a million claims, where the regular expression took 0.06 s."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
        return pc.all(pc.match_substring_regex(ids, CLAIM_ID_RE.pattern)).as_py()
    _, offsets, data = ids.buffers()
    offsets = np.frombuffer(offsets, np.int64 if pa.types.is_large_string(ids.type) else np.int32)[ids.offset: ids.offset + len(ids) + 1]
    data = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1]
    if not bool(np.all(offsets[1:] > starts)):
        return False
    return bool(ID_FIRST_BYTE[data[starts]].all()) and not data[offsets[0]: offsets[-1]].tobytes().translate(None, ID_BYTES)  # nothing left once they are deleted


def positions_in_groups(group_of: np.ndarray, groups: int) -> np.ndarray:
    """Each row's position (from 0) among the rows of its group, in row order."""
    by_group = np.argsort(group_of, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(group_of, minlength=groups))[:-1]]
    index = np.empty(len(group_of), np.int64)
    index[by_group] = np.arange(len(group_of)) - starts[group_of[by_group]]
    return index
