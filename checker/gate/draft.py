"""A draft article as the gate reads it: its text, publication date, inline accepts and figures.

The draft's figures come from the extractor (`checker.extract`), as draft claims with the
character offsets of their quotes; here they get a line and column in the draft and the
sentence they stand in. Front matter and HTML comments are blanked (same length, newlines
kept) before extraction, so a date in the front matter or a number in a comment is never
read as a figure and every offset still points into the draft as written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.dates import DateSpan, parse_date
from checker.errors import InputIssue
from checker.extract.document import detect_format
from checker.extract.pipeline import Extractor, extract_text, prepare, sentences, source_id_for
from checker.yamlio import read_text

STDIN_NAME = "-"
MAX_DRAFT_BYTES = 20 * 1024 * 1024

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_DIRECTIVE_RE = re.compile(r"<!--\s*checker\s*:(?P<body>.*?)-->", re.DOTALL)
_ACCEPT_RE = re.compile(r"^\s*accept\s+(?P<metric>[^\"'=]+?)\s+reason\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')\s*$", re.DOTALL)
ACCEPT_HINT = 'write <!-- checker: accept METRIC reason="why" --> on the line before the figure'


@dataclass(frozen=True)
class InlineAccept:
    """`<!-- checker: accept METRIC reason="..." -->`: covers figures of METRIC on `lines`."""

    metric: str  # the canonical metric id
    written: str  # as written in the comment
    reason: str
    line: int  # where the comment is
    lines: tuple[int, ...]  # the draft lines whose figures it covers


@dataclass(frozen=True)
class Figure:
    """One number the extractor found in the draft, with where it is and how it was read."""

    claim_id: str
    draft: str  # the draft's path as given
    line: int  # 1-based
    column: int  # 1-based, in characters
    sentence: str  # the sentence, markup stripped, on one line
    quote: str
    metric: str  # canonical id, or "unresolved"
    printed: str
    qualifier: str
    unit: str
    window: str  # as the extractor wrote it
    window_basis: str  # stated | inferred
    confidence: float
    claim: dict[str, Any]  # the draft claim, in the claims format
    scope: str = ""  # set by checker.gate.scopes when the metric has several


@dataclass(frozen=True)
class Draft:
    path: str  # as given ("-" for standard input)
    source_id: str
    text: str
    published: DateSpan
    published_basis: str  # option | front matter | today
    accepts: tuple[InlineAccept, ...]
    figures: tuple[Figure, ...]


def read_draft_text(path: str, stdin_text: str | None = None) -> tuple[str | None, InputIssue | None]:
    """The draft's text (standard input for "-"), or the one-line problem that stops it."""
    if path == STDIN_NAME:
        text = stdin_text or ""
        if "\x00" in text:
            return None, InputIssue("<stdin>", None, None, "binary input (contains NUL bytes)", "give plain text, Markdown or HTML")
        return text.replace("\r\n", "\n").replace("\r", "\n"), None
    target = Path(path)
    if target.is_dir():
        return None, InputIssue(path, None, None, "is a folder", "name the draft files, e.g. drafts/*.md")
    return read_text(target, MAX_DRAFT_BYTES, display=path)


def front_matter(path: str, text: str) -> tuple[dict[str, Any], int, list[InputIssue]]:
    """The YAML front matter as a mapping, its length in characters, and any problem with it."""
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return {}, 0, []
    try:
        data = yaml.safe_load(match.group("body") or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return {}, match.end(), [InputIssue(path, line, "front matter", "not valid YAML", "fix the block between the --- lines")]
    if not isinstance(data, dict):
        return {}, match.end(), [InputIssue(path, 1, "front matter", "expected key: value lines")]
    return data, match.end(), []


def published_date(path: str, option: str | DateSpan | None, matter: dict[str, Any], today: dt.date) -> tuple[DateSpan | None, str, list[InputIssue]]:
    """--published, else the front matter's `published` or `date`, else today (said in the report)."""
    if isinstance(option, DateSpan):
        return option, "option", []
    if option:
        try:
            return parse_date(option), "option", []
        except ValueError as exc:
            return None, "", [InputIssue("--published", None, None, str(exc), "give YYYY-MM-DD, YYYY-MM or YYYY")]
    for key in ("published", "date"):
        value = matter.get(key)
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            return parse_date(value.isoformat() if isinstance(value, dt.date) else str(value)), "front matter", []
        except ValueError as exc:
            return None, "", [InputIssue(path, None, f"front matter: {key}", str(exc), "give YYYY-MM-DD")]
    return DateSpan.day(today), "today", []


def blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) turned to spaces, newlines kept, so offsets and lines hold."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def masked(text: str, matter_end: int, fmt: str) -> str:
    """The draft with its front matter and HTML comments blanked and, outside HTML, the line
    breaks inside paragraphs turned to spaces: the extractor ends a sentence at a line break,
    and a hard-wrapped paragraph would lose the words around its figures."""
    out = blank(text, 0, matter_end) if matter_end else text
    for match in _COMMENT_RE.finditer(out):
        out = blank(out, match.start(), match.end())
    return out if fmt == "html" else unwrapped(out)


_LIST_ROW_RE = re.compile(r"\s*[A-Z0-9][^\n]{0,69}$")  # short, and starts as a row does
_BLOCK_START_RE = re.compile(r"^\s{0,3}(?:[#>|]|```|~~~|[-*+]\s|\d{1,3}[.)]\s)")


def unwrapped(text: str) -> str:
    """Soft line breaks (a line of text followed by another that starts no block) as spaces.
    After a line that ends with a colon, up to a blank line, a short line that starts with a
    capital or a digit is a row of a list ("As of 1 December, the region has:" then "13,171
    confirmed cases", "Northfield: 9,513 cases"), not a wrapped line: its break stays."""
    lines = text.split("\n")
    out = []
    listing = False
    for k, line in enumerate(lines[:-1]):
        following = lines[k + 1]
        listing = bool(line.strip()) and (listing or line.rstrip().endswith(":"))
        soft = line.strip() and following.strip() and not _BLOCK_START_RE.match(following) and not _BLOCK_START_RE.match(line)
        if soft and listing and _LIST_ROW_RE.match(following):
            soft = False
        out.append(line + (" " if soft else "\n"))
    out.append(lines[-1])
    return "".join(out)


class LineIndex:
    """Character offset -> (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def inline_accepts(path: str, text: str, rules: Any) -> tuple[list[InlineAccept], list[InputIssue]]:
    """Every `<!-- checker: ... -->` comment: accepts, or a problem naming its line."""
    index = LineIndex(text)
    lines = text.split("\n")
    accepts: list[InlineAccept] = []
    issues: list[InputIssue] = []
    for match in _DIRECTIVE_RE.finditer(text):
        line, _ = index.position(match.start())
        parsed = _ACCEPT_RE.match(match.group("body"))
        if parsed is None:
            issues.append(InputIssue(path, line, "checker comment", "not an accept comment", ACCEPT_HINT))
            continue
        reason = (parsed.group("dq") if parsed.group("dq") is not None else parsed.group("sq")).strip()
        metric = rules.metric_id(parsed.group("metric"))
        if metric is None:
            from checker.errors import did_you_mean

            issues.append(InputIssue(path, line, "checker comment", f"unknown metric {parsed.group('metric')!r}", did_you_mean(parsed.group("metric"), rules.metric_names())))
            continue
        if not reason:
            issues.append(InputIssue(path, line, "checker comment", "an accept needs a reason", ACCEPT_HINT))
            continue
        end_line, _ = index.position(match.end())
        accepts.append(InlineAccept(metric, parsed.group("metric"), reason, line, _covered_lines(lines, line, end_line)))
    return accepts, issues


def _covered_lines(lines: list[str], first: int, last: int) -> tuple[int, ...]:
    """The comment's own lines and the next line with text after it."""
    covered = list(range(first, last + 1))
    for number in range(last + 1, len(lines) + 1):
        if lines[number - 1].strip():
            covered.append(number)
            break
    return tuple(covered)


def find_figures(path: str, text: str, original: str, fmt: str, source_id: str, published: DateSpan, extractor: Extractor) -> tuple[Figure, ...]:
    """The figures of `text` (the draft masked, offsets unchanged), in order, each placed by
    its line and column in the `original` and quoted."""
    claims = extract_text(text, published=published, rules=extractor.rules, source_id=source_id, fmt=fmt, extractor=extractor)
    index = LineIndex(original)
    spans = _sentence_spans(text, fmt)
    starts = [start for start, _, _ in spans]
    figures = []
    for claim in claims:
        offset = int(claim["extraction"]["start"])
        line, column = index.position(offset)
        k = bisect.bisect_right(starts, offset) - 1
        sentence = spans[k][2] if k >= 0 and offset < spans[k][1] else claim["quote"]
        figures.append(
            Figure(
                claim_id=str(claim["id"]), draft=path, line=line, column=column, sentence=" ".join(sentence.split()),
                quote=str(claim["quote"]), metric=str(claim["metric"]), printed=str(claim["value"]),
                qualifier=str(claim.get("qualifier", "exact")), unit=str(claim.get("unit", "")), window=str(claim["window"]),
                window_basis=str(claim.get("window_basis", "stated")), confidence=float(claim["extraction"]["confidence"]), claim=claim,
            )
        )
    return tuple(figures)


def _sentence_spans(text: str, fmt: str) -> list[tuple[int, int, str]]:
    """(start, end) in the draft as written and the sentence's clean text, for each sentence."""
    clean = prepare(text, fmt)
    spans = []
    for start, end in sentences(clean.text):
        first = clean.to_original(start)
        last = clean.to_original(end - 1) + 1 if end > start else first
        spans.append((first, last, clean.text[start:end]))
    return spans


def load_draft(path: str, published: str | DateSpan | None, rules: Any, extractor: Extractor, taken_ids: set[str], today: dt.date, stdin_text: str | None = None) -> tuple[Draft | None, list[InputIssue]]:
    """Read, date, mask and extract one draft; problems are returned, never raised."""
    text, issue = read_draft_text(path, stdin_text)
    if issue is not None:
        return None, [issue]
    matter, matter_end, issues = front_matter(path, text)
    span, basis, date_issues = published_date(path, published, matter, today)
    accepts, accept_issues = inline_accepts(path, text, rules)
    issues += date_issues + accept_issues
    if issues or span is None:
        return None, issues
    source_id = unique_source_id(path, taken_ids)
    fmt = detect_format(path if path != STDIN_NAME else "draft.md", text)
    figures = find_figures(path, masked(text, matter_end, fmt), text, fmt, source_id, span, extractor)
    return Draft(path, source_id, text, span, basis, tuple(accepts), figures), []


def unique_source_id(path: str, taken: set[str]) -> str:
    """The draft's source id: its file name's stem, made unique against the corpus."""
    base = "stdin" if path == STDIN_NAME else source_id_for(Path(path))
    candidate = base
    number = 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-draft" if number == 2 else f"{base}-draft{number}"
    return candidate
