"""Claims files (YAML per source, or flat CSV) -> one validated pandas table.

Every claim keeps its file and line. Every problem in the run is collected; nothing is
returned unless the whole input is valid.
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from checker.claim import Claim
from checker.dates import DateSpan, parse_date
from checker.errors import InputIssue, did_you_mean
from checker.rules import ID_RE, Metric, RuleSet
from checker.textnorm import differing_letters, normalize_label, skeleton, visible
from checker.values import Figure, QualifierRule, as_printed, parse_figure, to_interval
from checker.windows import WindowError, parse_window
from checker.yamlio import FORBIDDEN_CHARS_RE, LineDict, LineList, load_csv, load_yaml, parse_yaml_text, text_issue

SOURCE_KEYS = ("id", "title", "publisher", "url", "published", "date_basis", "date_reason", "text")
CLAIM_KEYS = ("id", "metric", "value", "qualifier", "unit", "window", "scope", "attributed_to", "quote", "window_basis", "scope_basis", "note", "extraction")
UNRESOLVED = "unresolved"  # the metric `checker extract` gives a figure no alias matched
# A source key's column in a flat file (CSV, Parquet): one row per claim, so id, title and text
# say whose they are.
SOURCE_COLUMNS = {key: "source_" + key if key in ("id", "title", "text") else key for key in SOURCE_KEYS}
CSV_COLUMNS = (*SOURCE_COLUMNS.values(), *(key for key in CLAIM_KEYS if key not in ("id", "extraction")), "id")
CSV_REQUIRED = ("source_id", "source_title", "publisher", "published", "metric", "value", "quote")
BASES = ("stated", "inferred")
WINDOW_BASES = ("stated", "inferred", "context")  # context: a window an earlier sentence stated
CONTENT_ORDER = ["source_id", "metric", "scope", "start_first", "end_last", "value", "qualifier", "printed", "unit", "window_text", "quote", "attributed_to", "note", "claim_id"]
CLAIM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.#:\-]*$")
URL_RE = re.compile(r"^https?://", re.I)  # the only addresses a source may give


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    published: DateSpan
    date_basis: str
    date_reason: str
    text: str
    file: str
    line: int


@dataclass
class Corpus:
    claims: pd.DataFrame
    sources: dict[str, Source]
    files: tuple[str, ...]
    provenance: Mapping[str, str]  # claim_id -> verified | not found | not verified (Provenance)
    unresolved: list[dict[str, Any]] = field(default_factory=list)  # drafts whose metric is unresolved
    texts: tuple[str, ...] = ()  # source texts read from the --sources folders
    warnings: tuple[InputIssue, ...] = ()  # worth a look, not errors: look-alike scopes


CLAIM_SUFFIXES = (".yaml", ".yml", ".csv", ".parquet")


def claim_files(paths: list[Path]) -> tuple[list[Path], list[InputIssue]]:
    files: list[Path] = []
    issues: list[InputIssue] = []
    for path in paths:
        if path.is_dir():
            files.extend(claim_files_under(path))
        elif path.is_file():
            files.append(path)
        else:
            issues.append(InputIssue(str(path), None, None, "claims path does not exist"))
    # Input order must never change the result.
    return sorted(set(files), key=lambda p: (p.name, str(p))), issues


def claim_files_under(folder: Path) -> list[Path]:
    """Every claim file in `folder` and its subfolders (claims/2025/*.yaml are read too).
    Hidden folders (.git) are skipped and linked folders not followed, so a walk cannot loop."""
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(Path(root) / name for name in names if Path(name).suffix.lower() in CLAIM_SUFFIXES and (Path(root) / name).is_file())
    return found




def duplicate_ids(records: list[Claim], tables: list[pd.DataFrame]) -> list[InputIssue]:
    """One problem for every claim whose id an earlier claim (in file order) already uses."""
    ids = [claim.claim_id for claim in records] + [cid for t in tables for cid in t["claim_id"].tolist()]
    repeated = pd.Series(ids, dtype=object).duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    where = [(claim.file, claim.line) for claim in records] + [w for t in tables for w in zip(t["file"].tolist(), t["line"].tolist())]
    issues: list[InputIssue] = []
    seen: dict[str, tuple[str, int]] = {}
    for k in np.flatnonzero(repeated).tolist():
        previous = seen.get(ids[k])
        if previous is not None:
            issues.append(InputIssue(where[k][0], where[k][1], "id", f"claim id {ids[k]!r} is also used at {previous[0]}:{previous[1]}"))
        else:
            seen[ids[k]] = where[k]
    return issues


def first_of_each_scope(frame: pd.DataFrame) -> pd.DataFrame:
    """The first claim (by file and line) of each metric and scope: all the scope warnings read."""
    if frame.empty:
        return frame[["metric", "scope", "file", "line"]]
    first = frame[["metric", "scope", "file", "line"]].sort_values(["file", "line"], kind="stable").drop_duplicates(["metric", "scope"])
    return first


def lookalike_scopes(firsts: pd.DataFrame) -> tuple[InputIssue, ...]:
    """A warning for each scope that only looks like another scope of its metric ("Bаku" with a
    Cyrillic а, "baku"): compared as different scopes, their figures are never checked together.
    `firsts`: the first claim of each metric and scope (first_of_each_scope)."""
    by_skeleton: dict[tuple[str, str], dict[str, tuple[str, int]]] = {}
    skeletons: dict[str, str] = {}
    for metric, scope, file, line in zip(*(firsts[name].tolist() for name in ("metric", "scope", "file", "line"))):
        if scope not in skeletons:
            skeletons[scope] = skeleton(scope)
        where = by_skeleton.setdefault((metric, skeletons[scope]), {})
        where[scope] = min(where.get(scope, (file, line)), (file, line))
    warnings: list[InputIssue] = []
    for (metric, _), scopes in by_skeleton.items():  # the warnings are sorted at the end
        if len(scopes) < 2:
            continue
        (first, (file, line)), *others = sorted(scopes.items(), key=lambda item: (item[1], item[0]))
        for scope, (other_file, other_line) in others:
            warnings.append(InputIssue(other_file, other_line, "scope", f"{scope!r} looks like {first!r} ({file}:{line}), another scope of metric {metric}, "
                                       f"but differs in {differing_letters(scope, first)}: they are compared as different scopes", "write them alike if they mean the same"))
    return tuple(sorted(warnings))


# -- YAML ------------------------------------------------------------------------------


def _load_yaml_file(file: Path, path: str, rules: RuleSet, records: list[Claim], sources: dict[str, Source], issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> None:
    doc, issue = load_yaml(file, rules.settings.max_file_bytes, display=path, schema="text")
    if issue is not None:
        issues.append(issue)
        return
    _load_yaml_document(doc, path, rules, records, sources, issues, unresolved)


def claims_text_issues(text: str, path: str, rules: RuleSet) -> list[InputIssue]:
    """Every problem `checker check` would report in a claims YAML file holding `text` (on its
    own): how `checker extract` makes sure a draft loads before writing it."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > rules.settings.max_file_bytes:
        return [InputIssue(path, None, None, f"file is {size:,} bytes, over the limit of {rules.settings.max_file_bytes:,}", "raise it with --max-file-size")]
    issue = text_issue(text, path)
    doc, parse_issue = (None, issue) if issue is not None else parse_yaml_text(text, path, "text")
    if parse_issue is not None:
        return [parse_issue]
    issues: list[InputIssue] = []
    _load_yaml_document(doc, path, rules, [], {}, issues, [])
    return sorted(issues)


def _load_yaml_document(doc: Any, path: str, rules: RuleSet, records: list[Claim], sources: dict[str, Source], issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> None:
    if not isinstance(doc, LineDict):
        issues.append(InputIssue(path, getattr(doc, "line", 1), None, "a claims file must be a mapping with 'source' and 'claims'"))
        return
    for key in doc:
        if key not in ("source", "claims"):
            issues.append(InputIssue(path, doc.line_of(key), str(key), "unknown key", did_you_mean(str(key), ("source", "claims"))))
    node = doc.get("source")
    if not isinstance(node, LineDict):
        issues.append(InputIssue(path, doc.line_of("source"), "source", "missing or not a mapping", "give id, title, publisher and published"))
        return
    for key in node:
        if key not in SOURCE_KEYS:
            issues.append(InputIssue(path, node.line_of(key), f"source.{key}", "unknown key", did_you_mean(str(key), SOURCE_KEYS)))
    source = _source(path, {k: node.get(k) for k in SOURCE_KEYS}, {k: node.line_of(k) for k in SOURCE_KEYS}, node.line, "source.", sources, issues)
    claims = doc.get("claims")
    if claims is None:
        issues.append(InputIssue(path, doc.line, "claims", "missing required field"))
        return
    if not isinstance(claims, LineList):
        issues.append(InputIssue(path, doc.line_of("claims"), "claims", "expected a list of claims"))
        return
    if source is None:
        return
    for index, item in enumerate(claims):
        where = f"claims[{index}]"
        if not isinstance(item, LineDict):
            issues.append(InputIssue(path, claims.line_of(index), where, "expected a mapping"))
            continue
        for key in item:
            if key not in CLAIM_KEYS:
                issues.append(InputIssue(path, item.line_of(key), f"{where}.{key}", "unknown key", did_you_mean(str(key), CLAIM_KEYS)))
        lines = {k: item.line_of(k) for k in CLAIM_KEYS}
        values = {k: item.get(k) for k in CLAIM_KEYS if k in item}
        if _is_unresolved(values, path, item.line, where + ".", source, unresolved):
            continue
        record = _claim(path, item.line, where + ".", values, lines, source, index, rules, issues)
        if record is not None:
            records.append(record)


# -- CSV -------------------------------------------------------------------------------


def _load_csv(file: Path, path: str, rules: RuleSet, records: list[Claim], sources: dict[str, Source], issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> None:
    rows, header, issue = load_csv(file, rules.settings.max_file_bytes, display=path)
    if issue is not None:
        issues.append(issue)
        if not rows:
            return
    load_rows(path, header, rows, rules, records, sources, issues, unresolved)


def load_rows(path: str, header: list[str], rows: list[tuple[int, dict[str, Any]]], rules: RuleSet, records: list[Claim],
              sources: dict[str, Source], issues: list[InputIssue], unresolved: list[dict[str, Any]]) -> None:
    """Claims from flat rows (CSV, or a Parquet table's rows), one at a time: each problem with its line."""
    for name in sorted({h for h in header if header.count(h) > 1}):
        issues.append(InputIssue(path, 1, name, "column appears more than once", "keep one; a later column would silently win"))
    if len(set(header)) != len(header):
        return
    unknown = [h for h in header if h not in CSV_COLUMNS]
    for name in unknown:
        issues.append(InputIssue(path, 1, name, "unknown column", did_you_mean(name, CSV_COLUMNS)))
    for name in CSV_REQUIRED:
        if name not in header:
            issues.append(InputIssue(path, 1, name, "missing required column"))
    if unknown or any(name not in header for name in CSV_REQUIRED):
        return
    positions: dict[str, int] = {}
    csv_sources: dict[str, tuple[dict[str, Any], int]] = {}
    for line, row in rows:
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        values = {k: (v if v != "" else None) for k, v in values.items()}
        source_values = {key: values.get(column) for key, column in SOURCE_COLUMNS.items()}
        sid = str(source_values["id"])
        if sid in csv_sources:
            first, first_line = csv_sources[sid]
            for key, value in source_values.items():
                if value != first[key]:
                    issues.append(InputIssue(path, line, SOURCE_COLUMNS[key], f"differs from the same source's row at line {first_line}"))
            source = sources.get(sid)
        else:
            csv_sources[sid] = (source_values, line)
            lines = {k: line for k in SOURCE_KEYS}
            source = _source(path, source_values, lines, line, "", sources, issues, csv=True)
        if source is None:
            continue
        index = positions.get(sid, 0)
        positions[sid] = index + 1
        claim_values = {k: values.get(k) for k in CLAIM_KEYS if values.get(k) is not None}
        if _is_unresolved(claim_values, path, line, "", source, unresolved):
            continue
        record = _claim(path, line, "", claim_values, {k: line for k in CLAIM_KEYS}, source, index, rules, issues)
        if record is not None:
            records.append(record)


# -- shared ----------------------------------------------------------------------------


def _is_unresolved(values: dict[str, Any], path: str, line: int, prefix: str, source: Source, unresolved: list[dict[str, Any]]) -> bool:
    """A draft claim whose metric `checker extract` could not resolve is kept aside, not
    checked and not an error: reports list it so a reviewer sees what was skipped."""
    if str(values.get("metric") or "").strip().lower() != UNRESOLVED:
        return False
    unresolved.append(
        {"source_id": source.id, "value": _text(values.get("value")), "unit": _text(values.get("unit")), "quote": _text(values.get("quote")), "file": path, "line": line}
    )
    return True



def _scope(value: Any, rules: RuleSet) -> str:
    """A claim's scope as written, or the declared scope it is an alias of ("DR Congo" -> "DRC")."""
    text = _text(value)
    return (rules.scope_name(text) or text) if text else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _source(path: str, values: dict[str, Any], lines: dict[str, int], line: int, prefix: str,
            sources: dict[str, Source], issues: list[InputIssue], csv: bool = False) -> Source | None:
    ok = True
    field = SOURCE_COLUMNS.__getitem__ if csv else (lambda k: prefix + k)
    for key in ("id", "title", "publisher", "published"):
        if values.get(key) in (None, ""):
            issues.append(InputIssue(path, lines.get(key, line) if values.get(key) is not None else line, field(key), "missing required field"))
            ok = False
    sid = _text(values.get("id"))
    if sid and not ID_RE.match(sid):
        issues.append(InputIssue(path, lines.get("id", line), field("id"), f"{sid!r} is not a valid id (letters, digits, '_', '.', '-')"))
        ok = False
    published = None
    if values.get("published") not in (None, ""):
        try:
            published = _published(values["published"])
        except ValueError as exc:
            issues.append(InputIssue(path, lines.get("published", line), field("published"), str(exc)))
            ok = False
    basis = _text(values.get("date_basis")) or "stated"
    if basis not in BASES:
        issues.append(InputIssue(path, lines.get("date_basis", line), field("date_basis"), f"expected stated or inferred, got {basis!r}", did_you_mean(basis, BASES)))
        ok = False
    if basis == "inferred" and not _text(values.get("date_reason")):
        issues.append(InputIssue(path, lines.get("date_basis", line), field("date_reason"), "an inferred date needs a date_reason"))
        ok = False
    url = _text(values.get("url"))
    if url and not URL_RE.match(url):
        issues.append(InputIssue(path, lines.get("url", line), field("url"), "only http(s) URLs are accepted"))
        ok = False
    if ok and sid in sources:
        other = sources[sid]
        issues.append(InputIssue(path, lines.get("id", line), field("id"), f"source id {sid!r} is also used in {other.file}:{other.line}"))
        ok = False
    if not ok or published is None:
        return None
    source = Source(sid, _text(values.get("title")), _text(values.get("publisher")), url, published, basis,
                    _text(values.get("date_reason")), _text(values.get("text")), path, line)
    sources[sid] = source
    return source


def _published(value: Any) -> DateSpan:
    """A publication date read once per distinct text: archives of thousands of sources share a
    few dozen dates."""
    return _published_text(value) if isinstance(value, str) else parse_date(value)


@functools.lru_cache(maxsize=4096)
def _published_text(text: str) -> DateSpan:
    return parse_date(text)


MEASURE_UNITS = ("percent", "years", "days", "usd", "km2")  # built-in units that are not counts of things


def _root_unit(unit: str, rules: RuleSet) -> str:
    """The unit a unit converts to in the end (hectare -> km2), itself when it converts to none."""
    seen = {unit}
    while unit in rules.units and rules.units[unit].to is not None and rules.units[unit].to not in seen:
        unit = str(rules.units[unit].to)
        seen.add(unit)
    return unit


def figure_reading(unit: Any, metric: Metric | None, rules: RuleSet) -> tuple[bool, bool, float]:
    """(continuous, count, integer step) for a figure in `unit` (as written, or None) of
    `metric`; the step of an integer is 1 where it is rounded to the unit, else 0 (exact)."""
    unit_hint = rules.unit_id(_text(unit)) if unit else (metric.unit if metric else None)
    # A percentage printed as "95" is rounded to the unit; a count printed as "68" is exact.
    continuous = unit_hint == "percent" or (metric is not None and metric.kind == "share")
    measure = unit_hint is not None and unit_hint in rules.units and rules.units[unit_hint].measure
    count = unit_hint is not None and _root_unit(unit_hint, rules) not in MEASURE_UNITS and not measure
    return continuous, count, 1.0 if continuous or measure else 0.0


def _figure(values: dict[str, Any], metric: Metric | None, rules: RuleSet, problem) -> Figure | None:
    """The claim's value read as printed, in the rules' number locale; None after a problem."""
    continuous, count, integer_step = figure_reading(values.get("unit"), metric, rules)
    try:
        figure = parse_figure(values["value"], rules.settings.trailing_zeros, integer_step=integer_step,
                              decimal_comma=rules.settings.number_locale != "en", count=count, share=continuous)
    except ValueError as exc:
        problem("value", str(exc))
        return None
    if metric is not None and metric.kind == "cumulative" and figure.low < 0:
        problem("value", f"{figure.printed} is negative, but {metric.id} is a cumulative count, which cannot be",
                "a change (\"fell by 3\") is not a count: give the count itself, or use a metric of kind level")
        return None
    return figure


def _claim(path: str, line: int, prefix: str, values: dict[str, Any], lines: dict[str, int], source: Source,
           index: int, rules: RuleSet, issues: list[InputIssue]) -> Claim | None:
    before = len(issues)

    def problem(key: str, message: str, hint: str | None = None) -> None:
        issues.append(InputIssue(path, lines.get(key, line), prefix + key, message, hint))

    for key in ("metric", "value", "quote"):
        if values.get(key) in (None, ""):
            issues.append(InputIssue(path, line, prefix + key, "missing required field"))
        elif isinstance(values[key], str) and not visible(values[key]):
            problem(key, "only white space or invisible characters", "give the text as printed")
    metric_name = values.get("metric")
    metric = None
    if metric_name not in (None, "") and visible(str(metric_name)):
        metric_id = rules.metric_id(str(metric_name))
        if metric_id is None:
            problem("metric", f"unknown metric {str(metric_name)!r}", did_you_mean(str(metric_name), rules.metric_names()))
        else:
            metric = rules.metrics[metric_id]
    figure = None
    if values.get("value") not in (None, "") and visible(str(values["value"])):
        figure = _figure(values, metric, rules, problem)
    qualifier_name = _text(values.get("qualifier")) or ("range" if figure is not None and figure.printed_range else "exact")
    qualifier = rules.qualifier(qualifier_name)
    if qualifier is None:
        problem("qualifier", f"unknown qualifier {qualifier_name!r}", did_you_mean(qualifier_name, rules.qualifier_names()))
    unit_id = None
    if metric is not None:
        unit_name = _text(values.get("unit")) or metric.unit
        unit_id = rules.unit_id(unit_name)
        if unit_id is None:
            problem("unit", f"unknown unit {unit_name!r}", did_you_mean(unit_name, rules.unit_names()))
    window = None
    window_spec = values.get("window")
    default_used = window_spec in (None, "") and metric is not None and bool(metric.default_window)
    if default_used:
        window_spec = metric.default_window  # the metric's own period (rules), an inference
    try:
        window = parse_window(window_spec, rules, source.published)
    except WindowError as exc:
        problem("window", str(exc), exc.hint)
    extraction = values.get("extraction")
    if extraction is not None and not (isinstance(extraction, dict) and set(extraction) <= {"start", "end", "confidence"}):
        problem("extraction", "expected {start, end, confidence} as written by checker extract")
    window_basis = _text(values.get("window_basis")) or ("inferred" if default_used else "stated")
    if window_basis not in WINDOW_BASES:
        problem("window_basis", f"expected stated, inferred or context, got {window_basis!r}", did_you_mean(window_basis, WINDOW_BASES))
    scope_basis = _text(values.get("scope_basis")) or "stated"
    if scope_basis not in BASES:
        problem("scope_basis", f"expected stated or inferred, got {scope_basis!r}", did_you_mean(scope_basis, BASES))
    claim_id = _text(values.get("id")) or f"{source.id}#{index + 1}"
    if values.get("id") is not None and not CLAIM_ID_RE.match(_text(values.get("id"))):
        problem("id", f"{values['id']!r} is not a valid id")
    if window is not None and window.end.first > source.published.last and not window.end_from_publication:
        problem("window", f"window ends ({window.end}) after the source was published ({source.published})")
    if len(issues) > before or metric is None or figure is None or qualifier is None or window is None or unit_id is None:
        return None
    claim = {"claim_id": claim_id, "metric_written": str(metric_name), "window_basis": window_basis, "scope_basis": scope_basis, "file": path, "line": line}
    return _record(claim, values, source, metric, figure, qualifier, unit_id, window, rules)


def _record(claim: dict[str, Any], values: dict[str, Any], source: Source, metric: Metric, figure: Figure, qualifier: QualifierRule,
            unit_id: str, window: Any, rules: RuleSet) -> Claim:
    """One row of the claims table, from a claim that passed every check; `claim` holds its
    id, metric as written, window and scope bases, file and line."""
    factor = rules.conversion(unit_id, metric.unit)
    interval = to_interval(figure, qualifier)
    exact = to_interval(as_printed(figure), qualifier)
    scale = factor if factor is not None else math.nan
    return Claim(
        **claim,
        source_id=source.id,
        source_title=source.title,
        publisher=source.publisher,
        url=source.url,
        published=source.published.iso(),
        published_first=source.published.first.toordinal(),
        published_last=source.published.last.toordinal(),
        date_basis=source.date_basis,
        metric=metric.id,
        kind=metric.kind,
        scope=normalize_label(_scope(values.get("scope"), rules)) or normalize_label(metric.scope),
        printed=figure.printed,
        value=figure.value,
        qualifier=qualifier.id,
        unit=unit_id,
        factor=scale,
        low=interval.low * scale if factor is not None else math.nan,
        high=interval.high * scale if factor is not None else math.nan,
        low_open=interval.low_open,
        high_open=interval.high_open,
        exact_low=exact.low * scale,
        exact_high=exact.high * scale,
        window_text=window.text,
        start_first=float(window.start.first.toordinal()) if window.start else math.nan,
        start_last=float(window.start.last.toordinal()) if window.start else math.nan,
        end_first=float(window.end.first.toordinal()),
        end_last=float(window.end.last.toordinal()),
        end_from_publication=window.end_from_publication,
        attributed_to=_text(values.get("attributed_to")),
        quote=_text(values.get("quote")),
        note=_text(values.get("note")),
        derived_from="",
    )


# -- provenance ------------------------------------------------------------------------

QUOTED = ("claim_id", "source_id", "quote", "file", "line")  # what verifying a quote reads of a claim
_QUOTE_MAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def normalize_for_quote(text: str) -> str:
    """Quotes are compared modulo whitespace runs, typographic quotes and dashes; control
    characters count as spaces (a draft from `checker extract` holds them as spaces)."""
    text = FORBIDDEN_CHARS_RE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTE_MAP))
    return " ".join(text.split())


def _verify_quotes(records: list[Claim], sources: dict[str, Source], source_dirs: list[Path],
                   issues: list[InputIssue], texts_read: list[str], tables: list[pd.DataFrame] = ()) -> "Provenance":
    texts: dict[str, str | None] = {}
    for sid, source in sources.items():
        texts[sid] = None
        if not source.text or not source_dirs:
            continue
        name = Path(source.text).name  # never follow a path out of the sources folder
        for folder in source_dirs:
            candidate = folder / name
            if candidate.is_file():
                texts_read.append(str(candidate))
                try:
                    texts[sid] = normalize_for_quote(candidate.read_text(encoding="utf-8-sig", errors="replace"))
                except OSError:
                    texts[sid] = None
                break
    status: dict[str, str] = {}
    unread: list[np.ndarray] = []
    with_text = {sid for sid, text in texts.items() if text is not None}
    quoted = [tuple(getattr(claim, name) for name in QUOTED) for claim in records]
    for table in tables:
        if not with_text:  # no source text was read: not one quote to look for
            unread.append(table["claim_id"].to_numpy())
            continue
        # Only claims whose source text was read need a row of their own.
        checked = table["source_id"].isin(with_text).to_numpy()
        unread.append(table["claim_id"].to_numpy()[~checked])
        quoted.extend(zip(*(table.loc[checked, name].tolist() for name in QUOTED)))
    for claim_id, source_id, quote, file, line in quoted:
        text = texts.get(source_id)
        if text is None:
            status[claim_id] = "not verified"
            continue
        if normalize_for_quote(quote) in text:
            status[claim_id] = "verified"
        else:
            status[claim_id] = "not found"
            source = sources[source_id]
            issues.append(InputIssue(file, line, "quote", f"not found verbatim in the source text {source.text}", "copy the fragment exactly from the text"))
    return Provenance(status, tuple(unread))


class Provenance(Mapping):
    """Each claim's quote check by claim id: verified, not found, or not verified (no text of its
    source was read). The flat files' claims whose source text was not read, often every claim of
    an archive, are kept as arrays of their ids, not as a million entries of a dict: `values()`
    and `len()` count them, and a look-up of one of them builds the set of their ids once."""

    NOT_VERIFIED = "not verified"

    def __init__(self, statuses: dict[str, str], unread: tuple[np.ndarray, ...] = ()):
        self.statuses = statuses
        self.unread = unread
        self._unread_ids: set[str] | None = None

    def _is_unread(self, claim_id: str) -> bool:
        if self._unread_ids is None:
            self._unread_ids = {cid for ids in self.unread for cid in ids.tolist()}
        return claim_id in self._unread_ids

    def __getitem__(self, claim_id: str) -> str:
        status = self.statuses.get(claim_id)
        if status is not None:
            return status
        if self._is_unread(claim_id):
            return self.NOT_VERIFIED
        raise KeyError(claim_id)

    def __len__(self) -> int:
        return len(self.statuses) + sum(len(ids) for ids in self.unread)

    def __iter__(self):
        yield from self.statuses
        for ids in self.unread:
            yield from ids.tolist()

    def values(self) -> list[str]:  # type: ignore[override]
        return [*self.statuses.values(), *[self.NOT_VERIFIED] * (len(self) - len(self.statuses))]

    def counts(self) -> Counter:
        """How many claims have each status: Counter(values()) without a list of a million."""
        counts = Counter(self.statuses.values())
        unread = len(self) - len(self.statuses)
        if unread:
            counts[self.NOT_VERIFIED] += unread
        return counts
