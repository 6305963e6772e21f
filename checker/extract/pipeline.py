"""Article text -> draft claims: strip markup, split sentences, find figures, windows and metrics.

Every claim keeps a verbatim quote and ``extraction: {start, end, confidence}`` where start/end
are character offsets of the quote in the ORIGINAL text (before markup was stripped), so a
reviewer can jump to it. Figures whose metric is not in the rules stay in the draft with
``metric: unresolved`` so a reviewer sees what was skipped.

Limits: inputs above ``MAX_INPUT_BYTES`` are refused with a clear error; sentences are cut at
``MAX_SENTENCE_CHARS``; every regular expression is linear in its input.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import html
import logging
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from checker.dates import MAX_YEAR, MIN_YEAR, DateSpan, parse_date
from checker.extract.consistency import read_as_a_whole
from checker.extract.document import Document, read_document
from checker.extract.languages import read_as_english
from checker.extract.metrics import UNRESOLVED, MetricMatch, MetricResolver, _stem, tokens
from checker.extract.numbers import Quantity, find_quantities
from checker.extract.qualifiers import phrases_for_rules
from checker.extract.roles import earlier_state, earlier_value, new_additions, other_role, part_of_a_whole, past_record, respective_part, whole_of_a_part
from checker.extract.scopes import ScopeResolver, attribution, row_label, without_dateline, without_datelines
from checker.extract.starts import ANY, count_starts
from checker.extract.units import UnitMatcher
from checker.extract.validate import DraftError, loadable, set_aside
from checker.extract.tables import TableCell, header_period, only_filler, table_cells
from checker.extract.weeks import week_to
from checker.extract.windows import NamedDateMatcher, WindowMention, _ci, find_windows, lowered_text
from checker.report.write import write_atomic
from checker.yamlio import FORBIDDEN_CHARS_RE
from checker.rules import RuleSet, load_rules
from checker.vocabulary import POPULATION_NOUNS

log = logging.getLogger(__name__)

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_SENTENCE_CHARS = 4000
MAX_FIGURES_PER_SENTENCE = 60  # more is a table, not prose; keeps per-sentence work bounded
MIN_CONFIDENCE = 0.0


class ExtractError(Exception):
    """A file that cannot be extracted (too large, binary, unreadable); the message is for users."""


# --------------------------------------------------------------------------------------
# Markup


@dataclass
class Prepared:
    """Clean text plus a map back to the original: clean[i] came from original[to_original(i)]."""

    text: str
    _clean_starts: list[int]
    _orig_starts: list[int]

    def to_original(self, index: int) -> int:
        k = bisect.bisect_right(self._clean_starts, index) - 1
        if k < 0:
            return index
        return self._orig_starts[k] + (index - self._clean_starts[k])


_HTML_DROP_RE = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_HTML_TAG_RE = re.compile(r"<[^<>]{0,2000}>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
_BLOCK_TAG_RE = re.compile(r"^</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|title|hr)\b", re.IGNORECASE)
_MD_RE = re.compile(
    r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"  # images
    r"|\[(?P<link>[^\]\n]{0,500})\]\([^)\n]{0,2000}\)"  # links keep their text
    r"|^\s{0,3}#{1,6}\s+|^\s{0,3}>\s?|^\s{0,3}(?:[-*+]|\d{1,3}\.)\s+(?=\S)|\*\*|__|`+|^\s{0,3}(?:-{3,}|\*{3,})\s*$",
    re.MULTILINE,
)


def prepare(text: str, fmt: str = "text") -> Prepared:
    """Strip markup; keep a segment map from clean offsets to original offsets."""
    if fmt == "text":
        return Prepared(text, [0], [0])
    pieces: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    length = 0

    def emit(piece: str, orig: int) -> None:
        nonlocal length
        if not piece:
            return
        clean_starts.append(length)
        orig_starts.append(orig)
        pieces.append(piece)
        length += len(piece)

    if fmt == "html":
        # drop script/style first by blanking them (same length keeps offsets simple)
        blanked = _HTML_DROP_RE.sub(lambda m: " " * len(m.group(0)), text)
        pos = 0
        for match in _HTML_TAG_RE.finditer(blanked):
            emit(blanked[pos : match.start()], pos)
            token = match.group(0)
            if token.startswith("&"):
                emit(html.unescape(token), match.start())
            elif _BLOCK_TAG_RE.match(token[1:] if token.startswith("<") else token) or _BLOCK_TAG_RE.match(token.lstrip("<")):
                emit("\n", match.start())
            else:
                emit(" " if token.lower().startswith(("<br", "<img")) else "", match.start())
            pos = match.end()
        emit(blanked[pos:], pos)
    else:  # markdown
        pos = 0
        for match in _MD_RE.finditer(text):
            emit(text[pos : match.start()], pos)
            if match.group("link") is not None:
                emit(match.group("link"), match.start() + 1)
            pos = match.end()
        emit(text[pos:], pos)
    return Prepared("".join(pieces), clean_starts or [0], orig_starts or [0])


# --------------------------------------------------------------------------------------
# Sentences and clauses

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|No|Nos|Vol|Fig|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Inc|Ltd|Co|Corp|vs|etc|approx|est|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Rd|Mt|Ft|U\.S|U\.K|U\.N|E\.U|a\.m|p\.m|i\.e|e\.g)|\b[A-Z])\.$"
)
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9$£€])|\n[ \t]*\n?|[.!?]+[\"'”’)\]]*$")
_CONTEXT_CUT_RE = re.compile(r",\s|;|:\s|\(|\)|\n")
# Run on lowered_text(sentence): case-sensitive patterns are much faster than IGNORECASE.
_CLAUSE_RE = _ci(r";|\bbut\b|\bwhile\b|\bwhereas\b|\balthough\b|,\s*[\"”“]?\s*and\s+that\b|[\"”]\s*,|,\s*[\"“]")
# ", of which 81 were handed over": the part's words do not name the whole (its window and place they share)
_PART_CLAUSE_RE = re.compile(r",\s*of\s+(?:which|whom)\b", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
# a figure its words call a total: a running count, not a count over its paragraph's period
_TOTAL_RE = _ci(r"\b(?:total|totals|totaling|totalling|cumulative|cumulatively|overall|altogether|in\s+all|cumul[ée]s?|acumulad[oa]s?)\b")
# a sentence that speaks of weeks (French and Portuguese plurals are not rewritten: "semanas")
_WEEK_WORD_RE = re.compile(r"\b(?:weeks?|weekly|semanas?|semanal|semanais|semaines?|hebdomadaires?)\b")
_NUMBER_WORD_RE = _ci(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozens|"
    r"half|third|thirds|quarter|fourth|tens|hundreds|thousands|millions)\b"
)


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence in `text`; long sentences are cut at whitespace."""
    start = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.end()
        if match.group(0)[:1] == "." and _ABBREV.search(text[max(0, match.start() - 6) : match.start() + 1]):
            continue
        yield from _bounded(text, start, end)
        start = end
    if start < len(text):
        yield from _bounded(text, start, len(text))


def _bounded(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end


# --------------------------------------------------------------------------------------
# Claims


class Extractor:
    """Reusable extractor for one rule set: unit, metric and named-date matchers built once."""

    def __init__(self, rules: object | None) -> None:
        self.rules = rules
        self.units = UnitMatcher(rules)
        self.qualifiers = phrases_for_rules(rules)
        self.metrics = MetricResolver(rules)
        self.named = NamedDateMatcher(rules)
        metrics = getattr(rules, "metrics", None) or {}
        self.metric_kind = {mid: str(getattr(m, "kind", "")) for mid, m in metrics.items()}
        self.metric_unit = {mid: str(getattr(m, "unit", "")) for mid, m in metrics.items()}
        self.metric_window = {mid: str(getattr(m, "default_window", "") or "") for mid, m in metrics.items()}
        self.carry_context = True  # a figure with no window of its own takes its paragraph's
        self.count_starts, self.untied_starts = count_starts(rules)  # the named dates that may start each metric's counts
        self.scopes = ScopeResolver(rules)
        named_dates = getattr(rules, "named_dates", None) or {}
        # a named date whose label names a place starts that place's counts only ("Start of the Northfield count")
        self.date_places = {i: self.scopes.named_place(" ; ".join([str(getattr(d, "label", "")), *map(str, getattr(d, "aliases", ()))])) for i, d in named_dates.items()}
        # the words of the named dates' labels: a place written there is where the event happened
        self.event_words = {w.lower() for d in named_dates.values() for w in _NAME_WORD_RE.findall(str(getattr(d, "label", "")))}
        self.alias_words = {mid: set(" ".join(map(str, getattr(m, "aliases", ()))).lower().split()) for mid, m in metrics.items()}  # "confirmés" as written
        self.metric_words = {mid: set(tokens(" ".join([mid.replace("_", " "), str(getattr(m, "label", "")), *map(str, getattr(m, "aliases", ()))]))) for mid, m in metrics.items()}

    def candidates(self, text: str, published: DateSpan | None, title: str = "") -> list[dict[str, Any]]:
        """Draft claims (dicts in the claims format plus ``extraction``) for plain text; `title`
        is the headline, whose one named place is the place of figures that name none."""
        claims: list[dict[str, Any]] = []
        article = _Article(text, published, self.named.latest_before(published), self.scopes.article_place(title, without_datelines(text)))
        crowded: list[int] = []  # offsets of sentences with more figures than are drafted
        pending_row: str | None = None
        for s_start, s_end in sentences(text):
            article.enter(s_start)
            sentence = text[s_start:s_end]
            article.row, pending_row = pending_row, row_label(sentence)  # a label alone on its line labels the next
            digits = _DIGIT_RE.search(sentence) is not None
            lowered = lowered_text(sentence)
            if not digits and not _NUMBER_WORD_RE.search(lowered) and not _ORDINAL_WORD_RE.search(lowered):
                article.leave(s_end)
                continue
            quantities = find_quantities(sentence, self.units, max_figures=MAX_FIGURES_PER_SENTENCE + 4, qualifiers=self.qualifiers)
            if len(quantities) > MAX_FIGURES_PER_SENTENCE:
                crowded.append(s_start)
                quantities = quantities[:MAX_FIGURES_PER_SENTENCE]
            article.place_counts = self._place_counts(sentence, quantities) if "(" in sentence else {}
            article.ordinals = self._ordinal_counts(sentence) if _ORDINAL_WORD_RE.search(lowered) else {}
            if article.place_counts or article.ordinals:
                at_ordinal = [(q.start, q.end) for q, _ in article.ordinals.values()]
                kept = [q for q in quantities if not any(a < q.end and q.start < b for a, b in at_ordinal)]  # "a third death" is no share
                quantities = sorted(kept + [q for q, _, _ in article.place_counts.values()] + [q for q, _ in article.ordinals.values()], key=lambda q: q.start)
            unread = unread_figures(sentence)
            if unread:  # kept for the reviewer, and never half read ("3" of "3,4 thousand")
                quantities = [q for q in quantities if not any(_partly_over(q, span) for span in unread)]
                claims.extend(_unread_claim(sentence, s_start, span) for span in unread)
            figures = any(q.kind != "vague" for q in quantities)
            article.weeks_named = article.weeks_named or _WEEK_WORD_RE.search(lowered) is not None
            windows = find_windows(sentence, published, self.named, lowered) if figures or digits else []
            if figures:
                claims.extend(self._sentence_claims(sentence, s_start, quantities, windows, lowered, article))
            article.remember(windows)
            article.leave(s_end)
        if "|" in text:
            self._read_table_cells(table_cells(text), claims, published)
        if crowded:
            # One line per text, not per sentence: a table pasted as prose has hundreds of them.
            log.warning("%d sentence(s) hold more than %d figures (the first at offset %d): only their first %d figures are drafted",
                        len(crowded), MAX_FIGURES_PER_SENTENCE, crowded[0], MAX_FIGURES_PER_SENTENCE)
        return claims

    def _read_table_cells(self, cells: list[TableCell], claims: list[dict[str, Any]], published: DateSpan | None) -> None:
        """Figures that are cells of a pipe table take the metric, unit and period their column
        header names (checker/extract/tables.py), and their row label as scope; a cell whose
        header names none is set aside, whatever the words of the run-on "sentence" around it."""
        by_span = {(cell.start, cell.end): cell for cell in cells}
        columns: dict[str, tuple[MetricMatch, str, str | None] | None] = {}
        listing_places = {cell.table for cell in cells if cell.row and self.scopes.rules_place(cell.row)}
        for claim in claims:
            cell = by_span.get(tuple(claim["extraction"].get("figure", ())))
            if cell is None:
                continue
            if cell.header not in columns:
                columns[cell.header] = self._column(cell.header, published)
            column = columns[cell.header]
            place = self.scopes.rules_place(cell.row) if cell.row else None
            whole = bool(cell.row) and self.scopes.is_total_label(cell.row) and cell.table in listing_places
            if column is not None and (place or whole):
                _read_as_cell(claim, cell, column, self.scopes.own_or_none(place, column[0].metric) if place else self.scopes.default.get(column[0].metric) or None)
            elif column is not None:
                set_aside(claim, f"a table cell whose row label ({cell.row!r}) is no place the rules name; drafted as {column[0].metric} from its column {cell.header!r}")
            elif claim["metric"] != UNRESOLVED:
                set_aside(claim, f"a table cell whose column header ({cell.header!r}) names no metric alias and period of the rules")

    def _column(self, header: str, published: DateSpan | None) -> tuple[MetricMatch, str, str | None] | None:
        """(metric match, window, unit) a column header names, or None (see checker/extract/tables.py)."""
        period = header_period(header, published)
        if period is None:
            return None
        window, rest = period
        words = tokens(rest)
        match = self.metrics.resolve("", " ".join(words), None, exact_only=True)
        if match.metric == UNRESOLVED or not match.alias:
            return None
        alias = tokens(match.alias)
        at = next((k for k in range(len(words)) if words[k : k + len(alias)] == alias), None)
        if at is None:
            return None
        left = words[:at] + words[at + len(alias) :]
        units = {self._whole_unit(w) for w in left} - {None}
        if len(units) > 1 or not only_filler([w for w in left if self._whole_unit(w) is None]):
            return None
        unit = units.pop() if units else None
        if unit is not None and unit not in (getattr(self.rules, "units", None) or {}) and unit != self.metric_unit.get(match.metric):
            return None
        return match, window, unit

    def _whole_unit(self, word: str) -> str | None:
        """The unit a whole word names ("hectares"), if any."""
        hit = self.units.at(word, 0)
        return hit[0] if hit is not None and hit[2] == len(word) else None

    def _sentence_claims(self, sentence: str, offset: int, quantities: list[Quantity], windows: list[WindowMention], lowered: str, article: "_Article") -> list[dict[str, Any]]:
        """The draft claims of one sentence's figures."""
        claims: list[dict[str, Any]] = []
        clause_cuts = [m.start() for m in _CLAUSE_RE.finditer(lowered)]
        source = attribution(sentence)
        first = next((q for q in quantities if q.kind != "vague"), None)
        label = row_label(sentence[: first.span_start]) if first is not None else None
        article.row = label or article.row
        previous: dict[str, Any] | None = None
        for index, q in enumerate(quantities):
            if q.kind == "vague":
                continue  # "hundreds of": bounds the context, never a claim
            if any(w.start <= q.start and q.end <= w.end for w in windows):
                continue  # "during those last five years" is a window, not a figure
            claim = self._claim(sentence, offset, quantities, index, windows, clause_cuts, article, source)
            if previous is not None and claim["metric"] == UNRESOLVED and _is_conversion(sentence, quantities[index - 1], q):
                claim["metric"] = previous["metric"]  # "6,000 hectares (14,800 acres)"
                _copy_window(previous, claim)
                claim["note"] = "metric of the figure it converts"
            if previous is not None and q.percent and _SAME_STOCK_RE.fullmatch(sentence[quantities[index - 1].span_end : q.span_start]):
                _copy_window(previous, claim)  # "2,427 km² have been cleared, which is 20.8%"
            if previous is not None and claim["metric"] == UNRESOLVED and previous["metric"] != UNRESOLVED and self._same_count_elsewhere(sentence, quantities[index - 1], q):
                claim["metric"] = previous["metric"]  # "killed 45,000 people in Turkey and 5,900 in Syria"
                _copy_window(previous, claim)
                claim["note"] = "metric of the figure before it, for another place the rules name"
            if previous is not None and "scope" not in claim and "scope" in previous and _PART_OF_LIST_RE.fullmatch(sentence[quantities[index - 1].span_end : q.span_start]):
                claim["scope"] = previous["scope"]  # "Northfield recorded 39,501 cases, including 8,622 confirmed and 1,173 deaths"
            previous = claim
            if claim["metric"] == UNRESOLVED and not q.has_digits and q.value < 100 and q.kind != "fraction":
                continue  # "the two sides": small word numbers are kept only when a metric names them
            if q.is_word and q.value == 1 and _ONE_OF_RE.match(sentence, q.end):
                continue  # "one of the deadliest": a pronoun, not a count
            claims.append(claim)
        return claims

    def _claim(self, sentence: str, offset: int, qs: list[Quantity], index: int, windows: list[WindowMention], cuts: list[int], article: "_Article", source: str | None = None) -> dict[str, Any]:
        q = qs[index]
        clause_start = max([c for c in cuts if c <= q.span_start] or [0])
        later = [c for c in cuts if c > q.span_end]
        clause_end = min(later) if later else len(sentence)
        listed, ordinal = article.place_counts.get(q.start), article.ordinals.get(q.start)
        match = self._listed_metric(sentence, article) if listed else ordinal[1] if ordinal else self._metric(sentence, qs, index, clause_start, clause_end)
        if match.metric == UNRESOLVED and not listed and not ordinal:
            match = self._shared_predicate(sentence, qs, index, clause_start, clause_end) or match
        own = None if listed or ordinal else self._own_noun_metric(sentence, qs, index)
        if own is not None and own.metric != match.metric:
            match = own  # "9,513 cases and 43 deaths": 43 counts deaths, not its neighbour's cases
        whole = whole_of_a_part(sentence, q) if own is None and match.metric != UNRESOLVED else None
        if whole is not None:  # "124 of the 275 victims are yet to be identified": 275 counts victims, not the unidentified
            named = self.metrics.resolve("", q.unit_text or "", q.unit_id, exact_only=True)
            match = named if named.metric != UNRESOLVED else MetricMatch(UNRESOLVED, f"counts: the whole a part is taken from ({whole!r} before it), which its own words do not name as {match.metric}", 0.0, 0.0)
        row = [article.lists, match.alias, own is not None and len(tokens(own.alias)) == 1] if article.in_list and match.metric != UNRESOLVED else None
        other = self._counts_other(sentence, q, match.metric, match.alias)
        if other is not None:
            reason = other if other.startswith("the size of") else f"counts {other!r}, which no alias of {match.metric} names"
            match = MetricMatch(UNRESOLVED, f"counts: {reason}", 0.0, 0.0)
        role = self._other_role(sentence, q, match.metric) or self._part_of_no_scope(sentence, q, match, clause_start, clause_end, article)
        if role is not None:
            match = MetricMatch(UNRESOLVED, f"counts: {role}", 0.0, 0.0)
        windows = _weeks_bound(windows, sentence, q, qs)
        total = _TOTAL_RE.search(sentence, clause_start, clause_end) is not None
        window, window_basis = self._window(q, windows, clause_start, clause_end, match.metric, article, qs, total)
        period_near = any(w.kind != "as_of" for w in _windows_near(q, windows, clause_start, clause_end, qs))  # one with a start
        undated = self._undated(sentence, q, match.metric, window_basis, period_near) or self._undated_week(q, windows, clause_start, clause_end, qs, match.metric, window, article)
        if undated is not None:  # "the previous high of 18.7 million": no reading of the text dates it
            match = MetricMatch(UNRESOLVED, f"counts: {undated}", 0.0, 0.0)
            window, window_basis = self._window(q, windows, clause_start, clause_end, UNRESOLVED, article, qs, total)
        metric = match.metric
        scope_clause = sentence[clause_start:clause_end]
        if clause_start == 0 and _opens_paragraph(article.text, offset):
            scope_clause = without_dateline(scope_clause)  # "ISLAMABAD: Massive floods have killed 165 people": where it was filed
        scope = self.scopes.scope_for(scope_clause, q.span_start - clause_start, metric, q.unit_text or "", self.metric_words.get(metric, ()), article.row, q.end - clause_start)
        if scope is not None and self._event_place(scope):
            scope = None  # "claimed 297 lives in Riverside's Dorset district", the event's own place: its whole
        if scope is not None and scope == self.scopes.breakdown_place(sentence, q.span_end):
            scope = None  # "219 died, the vast majority in the North": the place of a part of it
        if listed and metric != UNRESOLVED:
            scope = self.scopes.own_or_none(listed[1], metric)  # "Paiporta (45), Catarroja (25)": the place before the bracket
        if ordinal and _PERSON_OF_PLACE_RE.match(sentence, q.end):
            scope = None  # "a third death ... in a New Mexico resident": the one person's place, not the count's
        row_place = self.scopes.place_label(article.row_label) if article.row_label else None
        if scope is None and metric != UNRESOLVED and row_place:
            scope = self.scopes.own_or_none(row_place, metric)  # "Northfield: |" then "62K hectares burned"
        if scope is None and metric != UNRESOLVED and article.headline_place and not total and not self.scopes.names_default(sentence, metric):
            scope = self.scopes.own_or_none(article.headline_place, metric)  # "Inondations à Northfield : ...": the article's place; not for "the total dead"
        best = _best_window(_windows_near(q, windows, clause_start, clause_end, qs))
        day_named = best is not None and best.weak and best.last is not None and best.last.precision == "day"  # "on Tuesday", "on January 19, 1.12 million"
        window = self._start_for_scope(window, window_basis, scope, metric, article, day_named)
        unit = self._unit(q, metric)
        quote_start, quote_end = _quote_span(sentence, q, clause_start, clause_end)
        confidence = round(min(q.confidence, 0.95) * (match.confidence if metric != UNRESOLVED else 0.5), 2)
        claim: dict[str, Any] = {"metric": metric, "value": printed_value(q), "qualifier": _fraction_qualifier(q)}
        if unit:
            claim["unit"] = unit
        claim["window"] = window
        if window_basis != "stated":
            claim["window_basis"] = window_basis
        if scope:
            claim["scope"] = scope
        elif metric != UNRESOLVED and not total and not self.scopes.names_default(sentence, metric) and not self.scopes.whole_of_breakdown(sentence, q.span_end, metric):
            claim["scope_basis"] = "inferred"  # no place or population named: it may be a part's figure
        if source:
            claim["attributed_to"] = source
        claim["quote"] = sentence[quote_start:quote_end]
        notes = _notes(q, match)
        if notes:
            claim["note"] = notes
        claim["extraction"] = {"start": offset + quote_start, "end": offset + quote_end, "confidence": confidence}
        if row is not None:
            claim["extraction"]["list_row"] = row  # read by checker/extract/consistency.py, then dropped
        claim["extraction"]["figure"] = (offset + q.start, offset + q.end)  # read by _read_table_cells, then dropped
        return claim

    def _same_count_elsewhere(self, sentence: str, prev: Quantity, q: Quantity) -> bool:
        """"45,000 people in Turkey and 5,900 in Syria": a figure right after "and" (or a comma)
        that names no words of its own but a place the rules name, following a figure for
        another such place, counts what that figure counts. Any word between "and" and the
        figure ("and injured 5,900 in Syria") says what it counts instead."""
        gap = _PLACE_THEN_AND_RE.fullmatch(sentence, prev.span_end, q.span_start)
        after = _IN_PLACE_RE.match(sentence, q.span_end)
        if gap is None or after is None or q.unit_id not in (None, prev.unit_id) or prev.percent != q.percent:
            return False
        first, second = self.scopes.rules_place(gap.group("place")), self.scopes.rules_place(after.group("place"))
        return first is not None and second is not None and first != second

    def _place_counts(self, sentence: str, found: list[Quantity]) -> dict[int, tuple[Quantity, str, int]]:
        """Figures in brackets right after a place the rules name ("Paiporta (45), Catarroja (25)"),
        which the number reader leaves as labels ("Dak Prescott (4)"): start -> (figure, place, where the place starts)."""
        out: dict[int, tuple[Quantity, str, int]] = {}
        for m in _PLACE_COUNT_RE.finditer(sentence):
            place = self.scopes.rules_place(m.group("place"))
            if place is None or any(q.start < m.end("n") and m.start("n") < q.end for q in found):
                continue
            printed = m.group("n")
            out[m.start("n")] = (Quantity(m.start("n"), m.end("n"), float(printed.replace(",", "")), printed=printed), place, m.start())
        return out

    def _shared_predicate(self, sentence: str, qs: list[Quantity], index: int, clause_start: int, clause_end: int) -> MetricMatch | None:
        """"One person in Texas and one person in New Mexico has died": a figure whose noun the next
        figure repeats after "and" shares that figure's predicate. None when they share none."""
        if index + 1 >= len(qs):
            return None
        gap = _SHARED_NOUN_RE.fullmatch(sentence, qs[index].span_end, qs[index + 1].span_start)
        if gap is None or not sentence.startswith(" " + gap.group("noun") + " ", qs[index + 1].span_end):
            return None
        match = self._metric(sentence, qs, index + 1, clause_start, clause_end)
        return match if match.metric != UNRESOLVED else None

    def _ordinal_counts(self, sentence: str) -> dict[int, tuple[Quantity, MetricMatch]]:
        """"the third death", "the outbreak's first death": an ordinal before a singular alias of a
        running count says how many there are by then (start -> (figure, metric))."""
        out: dict[int, tuple[Quantity, MetricMatch]] = {}
        for m in _ORDINAL_COUNT_RE.finditer(sentence):
            match = self._ordinal_noun(tokens(m.group("noun")))
            if match is None:
                continue
            value = _ORDINALS.index(m.group("o").lower()) + 1
            out[m.start("o")] = (Quantity(m.start("o"), m.end("o"), float(value), printed=str(value)), match)
        return out

    def _ordinal_noun(self, words: list[str]) -> MetricMatch | None:
        """The running count that the words after an ordinal name: one of its aliases, the longest
        first ("measles-related death"); a modifier before it ("pediatric fatality") counts a part."""
        for k in (3, 2, 1):
            phrase = words[:k]
            match = self.metrics.resolve("", " ".join(phrase), None, exact_only=True)
            alias = tokens(match.alias)
            if match.metric != UNRESOLVED and self.metric_kind.get(match.metric) == "cumulative" and alias == phrase and not alias[-1].endswith("s"):
                return match
        return None

    def _listed_metric(self, sentence: str, article: "_Article") -> MetricMatch:
        """The metric of figures listed by place ("The towns with most deaths are Paiporta (45), ..."):
        the alias before the list, the same for every place."""
        head = sentence[: min(start for _, _, start in article.place_counts.values())]
        return self.metrics.resolve(_last_words(head, 20), "", None, exact_only=True)

    def _counts_other(self, sentence: str, q: Quantity, metric: str, alias: str = "") -> str | None:
        """What a figure counts when it is not the metric: the plural noun right after it ("sentenced
        12 officials" is no death toll, "two dams" no count of people), or the place it sizes ("a
        city of 120,000 people")."""
        if metric == UNRESOLVED or q.percent or q.currency or q.kind == "fraction":
            return None
        size = _SIZE_OF_RE.search(sentence, max(0, q.span_start - 40), q.span_start)
        if size is not None:
            return f"the size of a {size.group('w').lower()}"  # "a city of around 120,000 people"
        if q.unit_id:
            return None
        after = _PLURAL_AFTER_RE.match(sentence, q.span_end) or _OF_A_PLACES_RE.match(sentence, q.span_end)
        if after is not None:
            word = after.group("w").lower()
        else:
            word = self._modified_plural(sentence, q, metric)
        if word is None or self._metric_noun(word, metric) or self._people_acted_on(sentence, q, metric, alias, word):
            return None
        return word

    def _people_acted_on(self, sentence: str, q: Quantity, metric: str, alias: str, word: str) -> bool:
        """"prosecuted 736 sub-postmasters": the metric's alias is the verb right before the figure and
        the noun after it names people by what they do, so the figure counts people the verb acted on
        (a metric counted in people); "prosecuted 12 cases" still counts something else."""
        if not alias or self.metrics.metric_unit.get(metric) != "people" or not _AGENT_NOUN_RE.fullmatch(word):
            return False
        return re.search(rf"\b{re.escape(alias)}\s+$", sentence[max(0, q.span_start - len(alias) - 2) : q.span_start], re.IGNORECASE) is not None

    def _modified_plural(self, sentence: str, q: Quantity, metric: str) -> str | None:
        """The plural noun of "16 tourism companies" (lower case) when the word before it only
        modifies it, or None: a function word, a verb ("300 died as floods rose") or a word of the
        metric ("300 dead") between figure and noun leaves the noun no object of the figure."""
        found = _MODIFIED_PLURAL_RE.match(sentence, q.span_end)
        if found is None:
            return None
        modifier, word = (found.group("m"), found.group("w")) if found.group("m") else (found.group("tm").lower(), found.group("tw").lower())
        if modifier in _NOT_MODIFIERS or modifier.endswith("ed") or self._metric_noun(modifier, metric):
            return None
        return word

    def _metric_noun(self, word: str, metric: str) -> bool:
        """Whether `word` may name what `metric` counts: people, or a word of the metric."""
        vocabulary = self.metric_words.get(metric, set())
        return word in _NOT_NOUNS or word in _PEOPLE_WORDS or word in vocabulary or _stem(word) in {_stem(w) for w in vocabulary} or word in self.alias_words.get(metric, ())

    def _own_noun_metric(self, sentence: str, qs: list[Quantity], index: int) -> MetricMatch | None:
        """The metric an alias names in the figure's own phrase, the words right after it up to a
        comma or conjunction ("43 deaths", "2,490 new cases in the past week"), or None."""
        q = qs[index]
        end = qs[index + 1].span_start if index + 1 < len(qs) else len(sentence)
        phrase = sentence[q.span_end : end]
        cut = _OWN_PHRASE_END_RE.search(phrase)
        words = tokens(phrase[: cut.start()] if cut is not None else phrase)[:5]
        if not words or q.percent:
            return None
        unit_id = "percent" if q.kind == "fraction" else q.unit_id
        match = self.metrics.resolve("", " ".join(words), unit_id, exact_only=True, bare=_bare(sentence, q, unit_id))
        if cut is not None and cut.group(0).split()[-1].lower() in _OR_WORDS:
            joined = self._alias_across_conjunction(tokens(phrase)[:6], unit_id, q)
            if joined is not None:
                match, words = joined
        alias = tokens(match.alias)
        start = next((k for k in (0, 1) if words[k : k + len(alias)] == alias), None) if alias else None
        if match.metric == UNRESOLVED or start is None:
            return None
        rest = words[start + len(alias) :]
        if len(rest) >= 2 and rest[0] in _OR_WORDS and self.metrics.exact_metric(rest[1]) not in (None, match.metric):
            return MetricMatch(UNRESOLVED, f"counts: one figure for two metrics ({match.alias} {rest[0]} {rest[1]}): the reviewer decides", 0.0, 0.0)
        relative = _RELATIVE_VERB_RE.match(sentence, q.span_end)  # "1,081 pilgrims from ten countries who have died"
        return self._verb_metric(rest, unit_id, match.metric) or (self._verb_metric(["who", relative.group("v")], unit_id, match.metric) if relative else None) or match

    def _event_place(self, scope: str) -> bool:
        """Whether a scope read as written (no scope of the rules) is only words of a named date's
        label: the place the event happened ("Collision near X station, Y district"), not a part of it."""
        if self.scopes.rules_place(scope) is not None or self.scopes.named_place(scope) is not None:
            return False
        words = [w.lower() for w in _NAME_WORD_RE.findall(scope) if w[0].isupper()]
        return bool(words) and all(w in self.event_words for w in words)

    def _alias_across_conjunction(self, words: list[str], unit_id: str | None, q: Quantity) -> tuple[MetricMatch, list[str]] | None:
        """"2,207 structures damaged or destroyed": an alias that holds the conjunction the figure's
        own phrase was cut at names one metric, not the first of two; None when no alias does."""
        match = self.metrics.resolve("", " ".join(words), unit_id, exact_only=True, bare=unit_id is None and not q.currency)
        alias = tokens(match.alias)
        if match.metric == UNRESOLVED or not _OR_WORDS & set(alias) or not any(words[k : k + len(alias)] == alias for k in (0, 1)):
            return None
        return match, words

    def _verb_metric(self, rest: list[str], unit_id: str | None, noun_metric: str) -> MetricMatch | None:
        """"1,301 pilgrims died", "200 pilgrims were reported dead": the figure's noun is one
        metric's alias, the verb or predicate right after it another's; the predicate says what the
        figure counts. None when it names none."""
        skipped = 0
        while skipped < len(rest) and rest[skipped] in _AUXILIARIES:
            skipped += 1
        rest = rest[skipped:]
        if not rest or not (skipped or rest[0].endswith("ed")):
            return None  # "pilgrims died", "pilgrims were reported dead"; not "pilgrims deaths"
        match = self.metrics.resolve("", " ".join(rest[:3]), unit_id, exact_only=True)
        if match.metric in (UNRESOLVED, noun_metric) or tokens(match.alias)[:1] != rest[:1]:
            return None
        return match

    def _other_role(self, sentence: str, q: Quantity, metric: str) -> str | None:
        """Why the words around a figure make it no value of `metric` (a difference, a ratio, a rate...)."""
        if metric == UNRESOLVED:
            return None
        return other_role(sentence, q, self.metric_kind.get(metric, ""), self.metric_unit.get(metric, ""), self.metric_words.get(metric, set()))

    def _part_of_no_scope(self, sentence: str, q: Quantity, match: MetricMatch, clause_start: int, clause_end: int, article: "_Article") -> str | None:
        """Why a part of a whole ("131 of the fatalities were men", "with 45, 25 and 15 fatalities,
        respectively") is no value of the metric its whole names: its clause names no scope the part
        is the count of (with "men" a scope, it is men's count)."""
        metric = match.metric
        if metric == UNRESOLVED or self.metric_kind.get(metric) not in ("cumulative", "level"):
            return None
        part = part_of_a_whole(sentence, q, match.alias) or respective_part(sentence, q)
        if part is None:
            return None
        clause = sentence[clause_start:clause_end]
        if self.scopes.scope_for(clause, q.span_start - clause_start, metric, q.unit_text or "", self.metric_words.get(metric, ()), article.row, q.end - clause_start) is not None:
            return None
        return f"a part ({part!r} follows it) of a whole, with no scope of its own named"

    def _undated(self, sentence: str, q: Quantity, metric: str, basis: str, period_near: bool) -> str | None:
        """Why no window the extractor could give a figure of `metric` is one the text supports: a past
        record the sentence does not date, or new additions over a period whose start it does not name
        ("2,708 new cases ... on Thursday" are not the count since the year began)."""
        if metric == UNRESOLVED or basis == "stated":
            return None
        record = past_record(sentence, q)
        if record is not None:
            return f"a past record ({record!r}) whose window the text does not give"
        earlier = earlier_value(sentence, q)
        if earlier is not None:  # "up from 124 in late spring": never the count of today
            return f"an earlier value ({earlier!r} before it) whose window the text does not give"
        state = earlier_state(sentence, q)
        if state is not None:  # "the previous toll of 115": the count as it stood before, undated
            return f"an earlier state of the count ({state!r}) whose date the text does not give"
        if not period_near and self.metric_kind.get(metric) == "cumulative" and new_additions(sentence, q):
            return "new additions over a period the text does not give"
        return None

    def _undated_week(self, q: Quantity, windows: list[WindowMention], clause_start: int, clause_end: int, others: list[Quantity], metric: str, window: str, article: "_Article") -> str | None:
        """Why a figure is a week's count that the text does not date: its sentence names a week
        ("this week", "na semana") and neither it nor its paragraph dates one; or it took a window
        from an earlier sentence that dates only an end ("data up to 23 November") in a paragraph
        that counts by the week, where it may be that week's count as well as a running total."""
        if metric == UNRESOLVED:
            return None
        near = _windows_near(q, windows, clause_start, clause_end, others)
        best = _best_window(near)
        if best is not None and _names_a_week(best, near) and not window.startswith("between"):
            return f"a count over a week the text names but does not date; drafted as {metric}"
        context = article.context
        if (best is None or best.kind == "context") and article.weeks_named and context is not None and context.kind == "as_of" and window == context.text:
            return f"a figure of a paragraph that counts by the week, dated only by an end carried from an earlier sentence ({context.text}): a week's count or a running total; drafted as {metric}"
        return None

    def _metric(self, sentence: str, qs: list[Quantity], index: int, clause_start: int, clause_end: int) -> MetricMatch:
        """The metric the words around a figure name (the figure and its neighbours cut out)."""
        q = qs[index]
        part = _PART_CLAUSE_RE.search(sentence, q.span_end, clause_end)  # the whole's words end where its part's begin
        clause_end = part.start() if part is not None else clause_end
        for part in _PART_CLAUSE_RE.finditer(sentence, clause_start, q.span_start):
            clause_start = part.start()  # and the part's begin there
        prev_end = max(clause_start, qs[index - 1].span_end if index > 0 else 0)
        next_start = min(clause_end, qs[index + 1].span_start if index + 1 < len(qs) else len(sentence))
        before = sentence[prev_end : q.span_start]
        if ")" in before:
            before = _WORDS_ASIDE_RE.sub(" ", before)  # "in the province of Valencia (east) rises to 212"
        after = sentence[q.span_end : next_start] if next_start > q.span_end else ""
        cut = None
        for cut in _CONTEXT_CUT_RE.finditer(before):
            pass
        cut_after = _CONTEXT_CUT_RE.search(after)
        if cut_after is not None and _ADJECTIVE_COMMA_RE.match(after):
            cut_after = _CONTEXT_CUT_RE.search(after, cut_after.end())  # "two young, unvaccinated girls have died"
        if cut_after is not None:
            after = after[: cut_after.start()]
        if cut is not None:
            before = _appositive_head(before, cut) if not after.strip(" .!?") else before[cut.end() :]
        if self.metrics.is_coordination(sentence[q.span_end : q.span_end + 80]):
            return MetricMatch(UNRESOLVED, "", 0.0, 0.0)  # one figure for two metrics: the reviewer decides
        unit_words = sentence[q.unit_start : q.unit_end] if q.unit_start is not None and q.unit_end is not None and not q.percent else ""
        small_word = q.is_word and not q.has_digits and q.value < 13 and q.kind != "fraction"
        unit_id = "percent" if q.kind == "fraction" else q.unit_id  # "a third" is a share
        bare = _bare(sentence, q, unit_id)
        own_words = _without_others_nouns(sentence, qs, index, clause_start, clause_end)
        return self.metrics.resolve(_last_words(before, 20), _first_words(after, 14), unit_id, unit_words, q.printed, clause=sentence[clause_start:clause_end], exact_only=small_word, bare=bare, own_clause=own_words)

    def _window(self, q: Quantity, windows: list[WindowMention], clause_start: int, clause_end: int, metric: str, article: "_Article", others: list[Quantity], total: bool = False) -> tuple[str, str]:
        """(window, basis) of a figure: the nearest window its clause states, shaped by the metric's
        kind; `total`: its clause calls it a total, a running count whatever period its paragraph dates."""
        near = _windows_near(q, windows, clause_start, clause_end, others)
        best = _best_window(near)
        if best is not None and _names_a_week(best, near):
            return _dated_week(best, article) or ("as of publication", "inferred")  # undated: set aside by _undated
        if best is not None and best.kind == "context":
            if article.context is None:
                best = None
            else:
                return article.context.text, "context"  # "during this period": the paragraph's window
        if best is None:
            opening = _opening_as_of(windows, others)  # "As of 11 August, ... 310 destroyed; 95 damaged": each clause's
            default = self.metric_window.get(metric, "")
            if default.startswith("since ") and opening is not None and opening.last is not None:
                return f"between {default[len('since '):]} and {opening.last.iso()}", "inferred"  # the metric's start, the sentence's end
            if default:
                return default, "inferred"  # the period the metric itself covers (rules)
            best = opening
            if article.context is not None and self.carry_context and self.metric_kind.get(metric) == "cumulative" and not _ends_before_default_start(article):
                if not (total and article.context.kind in ("between", "during") and article.context.last is not None):
                    return article.context.text, "context"  # a running count in a paragraph that dated one
                # "In week 47, ... The total stands at 49,566": up to the period's end, not over the period
                best = WindowMention(0, 0, f"as of {article.context.last.iso()}", "as_of", "inferred", None, article.context.last)
            best = best or WindowMention(0, 0, "as of publication", "as_of", "inferred", None, None)
        weak_end = next((w.last for w in near if w.weak and w.last is not None), None)
        return _shape_window(best, self.metric_kind.get(metric, ""), article, weak_end)

    def _start_for_scope(self, window: str, basis: str, scope: str | None, metric: str, article: "_Article", day_named: bool = False) -> str:
        """A running count with no stated start counts from the latest named date before
        publication that may start it: one the rules let start its metric's counts
        (checker/extract/starts.py), and that may start its scope's count (a date whose label names
        a place starts the counts of that place and its parts only, so a figure of another place,
        or of none, counts from the latest date that names no place or names its own). With no
        date the rules let start its metric's counts, it has no start: a count of the day its
        clause names ("201 arrests in France on Tuesday": `day_named`), else "as of" the day it runs to."""
        default, published = article.default_start, article.published
        words = window.split()
        allowed = self.count_starts.get(metric, self.untied_starts)
        if basis != "inferred" or default is None or published is None or len(words) < 2:
            return window
        if words[:2] == ["as", "of"] and len(words) == 3 and day_named and allowed is not ANY and self.metric_kind.get(metric) == "cumulative":
            # "on January 19, 1.12 million": a day before every date that may start the count
            return window if any(span.last.isoformat() <= words[2] for date_id, span in self.named.dates() if date_id in allowed) else f"during {words[2]}"
        if words[1] != default[0]:
            return window
        if words[0] == "since" and len(words) == 2:
            end = None
        elif words[0] == "between" and len(words) == 4 and words[2] == "and":
            end = words[3]
        else:
            return window
        before = [(span.last, date_id) for date_id, span in self.named.dates() if span.last <= published.first and (allowed is ANY or date_id in allowed)]
        fits = [date for date in before if self._starts_scope(date[1], scope)]
        if not fits and allowed is ANY:
            return window  # no date fits the scope: the latest before publication, as always
        fits = fits or before
        if not fits:
            if end is None:
                return "as of publication"
            return f"during {end}" if day_named else f"as of {end}"  # "201 arrests in France on Tuesday": no named date starts arrests
        start = max(fits)[1]
        return f"since {start}" if end is None else f"between {start} and {end}"

    def _starts_scope(self, date_id: str, scope: str | None) -> bool:
        """Whether the named date may start a count of `scope`: it names no place, or names the scope or a whole it is part of."""
        place = self.date_places.get(date_id)
        return place is None or (scope is not None and self.scopes.within(scope, place))

    def _unit(self, q: Quantity, metric: str) -> str | None:
        if q.percent or q.kind == "fraction":
            return "percent"
        rules_units = getattr(self.rules, "units", None) or {}
        if q.unit_id and q.unit_id in rules_units:
            return q.unit_id
        if q.currency:
            code = q.currency.lower()
            return code if code in rules_units else None
        return None


# Figures the number reader does not take, or would take only in part: kept as unresolved claims
# with the reason, so a reviewer sees them instead of a wrong or missing figure. Each starts where
# a digit run starts (the look-behind), so the scan stays linear.
_UNREAD_RE = re.compile(
    r"(?P<sci>(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:[eE][-+−]?\d+\b|[x×·]\s?10\s?(?:\^|\*\*)\s?[-+−]?\d+))"
    r"|(?P<fraction>[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]\s?(?:thousand|million|billion|trillion)\b)"
    r"|(?P<comma>(?<![\w.,])\d{1,3},\d{1,2}\s(?:thousand|million|billion|trillion)\b)",
    re.IGNORECASE,
)
_UNREAD_REASONS = {
    "sci": "scientific notation",
    "fraction": "a fraction sign with a scale word",
    "comma": "a decimal comma",
}


def unread_figures(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of each figure in the sentence that a claim cannot hold as printed
    (the claims format takes "1,200", not "1.2 × 10^3")."""
    return [(m.start(), m.end(), _UNREAD_REASONS[str(m.lastgroup)]) for m in _UNREAD_RE.finditer(sentence)]


def _partly_over(q: Quantity, span: tuple[int, int, str]) -> bool:
    return q.span_start < span[1] and span[0] < q.span_end


def _unread_claim(sentence: str, offset: int, span: tuple[int, int, str]) -> dict[str, Any]:
    start, end, reason = span
    printed = sentence[start:end]
    return {
        "metric": UNRESOLVED, "value": printed, "qualifier": "exact", "window": "as of publication", "window_basis": "inferred",
        "quote": printed, "note": f"not read as a figure ({reason}): write the number out in full, then give it a metric",
        "extraction": {"start": offset + start, "end": offset + end, "confidence": 0.0},
    }


# between two figures of one list of parts: "cases, including", "confirmed cases and", "of which"
_PART_OF_LIST_RE = re.compile(r"(?!.*\b(?:in|at|across|outside|for|from)\s)[^\d.;:()\[\]A-Z]{0,60}?(?:,\s*|\s)(?:including|of\s+which|among\s+them|and)\s+(?:(?:about|some|nearly|almost|more\s+than|over)\s+)?")
_RELATIVE_VERB_RE = re.compile(r"[^,;:.()\[\]]{0,60}?\bwho\s+(?:(?:have|has|had|were|was)\s+)?(?:\w+ly\s+)?(?P<v>[a-z]+)\b")
_AUXILIARIES = frozenset("who that have has had were was are is been reportedly already also all reported confirmed known feared believed said to".split())  # "pilgrims were reported dead"
_OR_WORDS = frozenset(["or", "and", "ou", "e", "et"])  # "1,200 mortos ou feridos": both at once
_OWN_PHRASE_END_RE = re.compile(r"[,;:()\[\]]|\s(?:and|or|including|with|of\s+which|while|but|against|compared|from|to|than)\b", re.IGNORECASE)
_SAME_STOCK_RE = re.compile(r"[^.;\d]{0,40}?,\s*(?:which\s+is|that\s+is|or|i\.e\.)\s*(?:about\s+|some\s+|nearly\s+|almost\s+)?")


_SIZE_OF_RE = re.compile(r"\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?P<w>city|town|village|country|nation|region|province|district|community|island|population)\s+of\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|over\s+|more\s+than\s+)?$", re.IGNORECASE)
# "12 officials", "20 African countries", "13 of Canada's provinces"
_PLURAL_AFTER_RE = re.compile(r"\s+(?:of\s+(?:the|its|their|these|those|[A-Z][a-z]+['’]s)\s+)?(?:[A-Z][a-z]+\s+)?(?:[a-z]+-)?(?P<w>[a-zà-ÿ][a-zà-ÿ\-]*[a-zà-ÿ]s)\b")
_OF_A_PLACES_RE = re.compile(r"\s+of\s+[A-Z][\w\-]*['’]s\s+(?P<w>[a-z][a-z\-]*[a-z]s)\b")  # "all 13 of Freedonia's provinces"
# "16 tourism companies", "16 Tourism Companies" (a headline): the plural noun after one word that
# modifies it; the modifier is read by _counts_other (no function word, no verb: "300 died as floods")
_MODIFIED_PLURAL_RE = re.compile(r"\s+(?:(?P<m>[a-z][a-z\-]*[a-z])\s+(?P<w>[a-zà-ÿ][a-zà-ÿ\-]*[a-zà-ÿ]s)|(?P<tm>[A-Z][a-z]+)\s+(?P<tw>[A-Z][a-z]+s))\b")
_NOT_MODIFIERS = frozenset(
    "in on at of for from to by with within across among amid and or but as than that which who whom were are was is be been being "
    "have has had the a an this these those its their his her our more less over under about around some all other another".split()
)
_NOT_NOUNS = frozenset("was is has as this its his thus always across plus less unless towards afterwards perhaps besides yes us".split())
# the figure's partner carries the percent: "rose from 0.21 to 1%", "between 3 and 5 per cent"
_PERCENT_FOLLOWS_RE = re.compile(r"\s*(?:to|and|or|-|–|para|à|a|et|e|ou)\s*\d[\d.,]*\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE)


def _bare(sentence: str, q: Quantity, unit_id: str | None) -> bool:
    """Whether a figure carries no unit, no currency and no percent its partner gives it: then it
    is no value of a metric counted in money or in percent ("630 were unregistered")."""
    return unit_id is None and not q.currency and not _PERCENT_FOLLOWS_RE.match(sentence, q.span_end)


_NAME_WORD_RE = re.compile(r"[^\W\d_]+")  # a word of a name, the possessive 's cut off by the apostrophe
_AGENT_NOUN_RE = re.compile(r"[a-z]{3,}(?:ers|ors|ists|ants|ents|ians|ees|esses|men)")  # "postmasters", "protesters", "migrants"
_PEOPLE_WORDS = frozenset(["people", "persons", "individuals", "residents", "inhabitants", "citizens", "nationals", *POPULATION_NOUNS])
_ONE_OF_RE = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|those|these|many|several|few|two|three|four|five|\w+est)\b", re.IGNORECASE)


_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# a line that is only a capitalised name and a colon (table pipes aside): "| Northfield: |"
_LABEL_LINE_RE = re.compile(r"[|\s]*(?P<label>[A-Z][a-zA-Z'’\-]+(?:\s+(?:of|the|and|[A-Z][a-zA-Z'’\-]+)){0,4})\s*:[|\s]*")


@dataclass
class _Article:
    """What the reading of one article carries from sentence to sentence."""

    text: str
    published: DateSpan | None
    default_start: tuple[str, DateSpan] | None  # the latest named date before publication
    headline_place: str | None = None  # the one place the rules know that the headline names
    context: WindowMention | None = None  # the last dated window stated in the current paragraph
    last_end: int = 0
    in_list: bool = False  # after a line that ends with a colon ("As of 1 December, the region has:")
    lists: int = 0  # how many lists the article has opened (the current one's number)
    row_label: str | None = None  # "Northfield: |" alone on a line: the place of the next line's figures
    row: str | None = None  # the label of a table row ("Uganda:"), from this line or the line before
    weeks_named: bool = False  # the paragraph, up to this sentence, speaks of weeks ("há algumas semanas")
    place_counts: dict[int, tuple[Quantity, str, int]] = field(default_factory=dict)  # this sentence's "Paiporta (45)"
    ordinals: dict[int, tuple[Quantity, MetricMatch]] = field(default_factory=dict)  # this sentence's "the third death"

    def enter(self, start: int) -> None:
        """A line break between the last sentence and this one ends the paragraph and its window;
        a list's rows keep the window of the line that introduced them, up to a blank line."""
        gap = self.text[max(0, self.last_end - 2) : start]
        if "\n" in gap and not (self.in_list and not _BLANK_LINE_RE.search(gap)):
            self.context = None
            self.in_list = False
            self.weeks_named = False
        if _BLANK_LINE_RE.search(gap):
            self.row_label = None

    def leave(self, end: int) -> None:
        line = self.text[self.last_end : end]
        if line.rstrip().endswith(":") and self.context is not None:
            self.in_list = True
            self.lists += 1
        label = _LABEL_LINE_RE.fullmatch(line.strip())
        self.row_label = label.group("label") if label is not None else None
        self.last_end = end

    def remember(self, windows: list[WindowMention]) -> None:
        stated = [w for w in windows if w.kind in ("between", "since", "during") or (w.kind == "as_of" and w.last is not None and not w.weak)]
        if stated:
            self.context = stated[-1]


def _opens_paragraph(text: str, offset: int) -> bool:
    """Whether `offset` is the first character of the text or of one of its lines."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _windows_near(q: Quantity, windows: list[WindowMention], clause_start: int, clause_end: int, others: list[Quantity]) -> list[WindowMention]:
    """The windows of a figure's clause, nearest first; one written after the figure belongs to the
    nearest figure before it."""
    near: list[tuple[int, int, WindowMention]] = []
    for position, w in enumerate(windows):
        if w.end <= clause_start or w.start >= clause_end:
            continue
        if w.start >= q.span_end and any(q.span_end <= o.start < w.start for o in others):
            continue
        if w.opens and (w.start >= q.span_end or any(w.end <= o.start < q.start for o in others)):
            continue  # "on January 19, 1.12 million ..., on the 31st – 1.27 million": the day of the figure right after it
        distance = q.span_start - w.end if w.end <= q.span_start else max(0, w.start - q.span_end)
        near.append((distance, position, w))
    return [w for _, _, w in sorted(near, key=lambda t: (t[0], t[1]))]


def _opening_as_of(windows: list[WindowMention], figures: list[Quantity]) -> WindowMention | None:
    """The date a sentence opens with ("According to the agency, as of 11 August, ..."), written before
    all its figures: it dates the figures of every clause that states no window of its own."""
    first = min((f.span_start for f in figures), default=0)
    return next((w for w in windows if w.kind == "as_of" and not w.weak and w.last is not None and w.end <= first), None)


def _weeks_bound(windows: list[WindowMention], sentence: str, q: Quantity, others: list[Quantity]) -> list[WindowMention]:
    """The windows of a sentence less the undated weeks that are not the figure's: a week is a
    figure's when no other figure stands between them, nor a comma unless the week opens the
    sentence ("Only 1,200 were found in a week, and there are 3,101 cases": not the 3,101)."""
    kept = []
    for w in windows:
        if w.kind == "week":
            low, high = (w.end, q.span_start) if w.end <= q.span_start else (q.span_end, w.start)
            between = sentence[low:high]
            if any(low <= o.start < high for o in others if o is not q) or ("," in between and sentence[: w.start].strip()):
                continue
        kept.append(w)
    return kept


def _best_window(near: list[WindowMention]) -> WindowMention | None:
    """The window a figure takes of those near it: the nearest not weak, else the nearest."""
    strong = [w for w in near if not w.weak]
    return strong[0] if strong else (near[0] if near else None)


def _read_as_cell(claim: dict[str, Any], cell: TableCell, column: tuple[MetricMatch, str, str | None], scope: str | None) -> None:
    """A draft rewritten as the table cell it is: its column's metric, unit and window, its
    row's scope, and the confidence of the header's alias."""
    match, window, unit = column
    number_confidence = claim["extraction"]["confidence"] / 0.5  # an unresolved draft's is the number's x 0.5
    read: dict[str, Any] = {"metric": match.metric, "value": claim["value"], "qualifier": claim["qualifier"]}
    if unit:
        read["unit"] = unit
    read["window"] = window
    if scope:
        read["scope"] = scope
    read["quote"] = claim["value"]  # the cell alone (rewritten as written from the offsets): a run-on row's next label is not its place
    read["note"] = f"from the table: column {cell.header!r}, row {cell.row!r}"
    read["extraction"] = {**claim["extraction"], "start": cell.start, "end": cell.end, "confidence": round(min(number_confidence, 0.95) * match.confidence, 2)}
    claim.clear()
    claim.update(read)


def _names_a_week(best: WindowMention, near: list[WindowMention]) -> bool:
    """Whether a figure's window is a week: "this week", or "the week to 23 November"."""
    if best.kind == "week":
        return True
    return best.kind == "as_of" and any(w.kind == "week" and 0 <= best.start - w.end <= 3 for w in near)


def _dated_week(best: WindowMention, article: _Article) -> tuple[str, str] | None:
    """The dates of a week the sentence names ("this week", "the week to 23 November"): the week
    up to the end the sentence or its paragraph states (a bulletin's data "up to 23 November"),
    or the dated week of the paragraph; None when the text dates no week."""
    if best.kind == "as_of" and best.last is not None:
        return week_to(best.last), "stated"
    context = article.context
    if context is None:
        return None
    if context.kind == "as_of" and context.last is not None:
        return week_to(context.last), "context"
    if context.kind == "between" and context.first is not None and context.last is not None and (context.last.last - context.first.first).days <= 6:
        return context.text, "context"
    return None


def _ends_before_default_start(article: _Article) -> bool:
    """Whether the paragraph's window ends before the latest named date before publication ("the
    regime fell in 2011" in a paragraph on a 2023 storm's toll): it dates an earlier event, not
    the running counts of the paragraph."""
    context, default = article.context, article.default_start
    return context is not None and context.last is not None and default is not None and context.last.last < default[1].first


def _shape_window(best: WindowMention, kind: str, article: _Article, weak_end: DateSpan | None) -> tuple[str, str]:
    """A stated window as the metric reads it: a running count with no stated start counts from
    the latest named date; a period that holds publication ends at publication."""
    published, default = article.published, article.default_start
    cumulative = kind == "cumulative"
    if best.kind == "during" and published is not None and best.first is not None and best.first.first <= published.first <= best.first.last:
        if cumulative:
            return f"since {best.first.first.isoformat()}", "inferred"  # "in 2019", said in 2019: so far
        return "as of publication", "inferred"
    if best.kind == "since" and weak_end is not None and best.first is not None and best.first.first <= weak_end.first and (published is None or weak_end.last < published.first):
        return f"between {best.text[6:]} and {weak_end.iso()}", "inferred"  # "since March ... on Monday"
    if best.kind == "as_of" and cumulative and default is not None:
        end = best.last
        if end is None:
            return f"since {default[0]}", "inferred"
        if default[1].first <= end.first and (published is None or end.first <= published.last):
            return f"between {default[0]} and {end.iso()}", "inferred"  # a running count up to a stated day (publication's too)
    return best.text, best.basis


def _copy_window(source: dict[str, Any], claim: dict[str, Any]) -> None:
    claim["window"] = source["window"]
    claim.pop("window_basis", None)
    if "window_basis" in source:
        claim["window_basis"] = source["window_basis"]


_CONVERSION_GAP_RE = re.compile(r"\s?[(\[]\s?(?:or\s+|about\s+|some\s+)?|\s?/\s?")
_PERCENT_TAIL_RE = re.compile(r"\s?(?:%|percent|per\s?cent|pc|pct)$", re.IGNORECASE)
_SPACED_THOUSANDS_RE = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")


def _is_conversion(sentence: str, prev: Quantity, q: Quantity) -> bool:
    gap = sentence[prev.span_end : q.span_start]
    return bool(_CONVERSION_GAP_RE.fullmatch(gap))


# a few words in brackets, no figure: an aside between the metric's words and its figure
_WORDS_ASIDE_RE = re.compile(r"\s?\([^()\d]{1,30}\)")
# one lower-case word and a comma before another: adjectives of one noun ("young, unvaccinated girls")
_OTHERS_NOUN_CUT_RE = re.compile(r",\s|;|:\s|\(|\)|\n|\s[–—-]\s")


def _without_others_nouns(sentence: str, qs: list[Quantity], index: int, clause_start: int, clause_end: int) -> str:
    """The clause with the words right after each other figure blanked out: they name that figure
    ("224 people died, with 16 still missing": "missing" is the 16's), so they break no tie for this one."""
    chars = list(sentence[clause_start:clause_end])
    for other, q in enumerate(qs):
        if other == index or not clause_start <= q.span_end < clause_end:
            continue
        cut = _OTHERS_NOUN_CUT_RE.search(sentence, q.span_end, clause_end)
        stop = cut.start() if cut is not None else clause_end
        chars[q.span_end - clause_start : stop - clause_start] = " " * (stop - q.span_end)
    return "".join(chars)


_ADJECTIVE_COMMA_RE = re.compile(r"\s[a-z]+,\s[a-z]+\s[a-z]")
# "one person in Texas and one person ...": the figure's noun, a few words, "and", the next figure
# "45,000 people in Turkey and 5,900 in Syria": the words between the two figures (up to two
# lower-case words, then a place, then "and" or a comma) and a place right after the second
_PLACE_THEN_AND_RE = re.compile(r"(?:\s+[a-z]+){0,2}\s+(?:in|across)\s+(?P<place>[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,3})\s*(?:,\s*and|,|and)\s+(?:(?:about|some|nearly|almost|more\s+than|over|at\s+least)\s+)?")
_IN_PLACE_RE = re.compile(r"(?:\s+(?:people|persons))?\s+(?:in|across)\s+(?P<place>[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*){0,3})\b")
_SHARED_NOUN_RE = re.compile(r"\s(?P<noun>[a-z]+)\b[^,;.\d]{0,40}\sand\s")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL_WORD_RE = re.compile(r"\b(?:" + "|".join(_ORDINALS) + r")\b")  # on the lowered sentence
# "the third death", "a third measles-related death", "the outbreak's first death": an article or a
# noun's possessive ("its first death" refers to a place the phrase does not name), the ordinal,
# then a singular alias (not "the first deaths in a decade", "the first time", "a third of")
_ORDINAL_COUNT_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]|[Aa]n|\w+['’]s)\s+(?P<o>" + "|".join(_ORDINALS) + r")(?!\s+(?:of|time|times|day|week|month|year|quarter|half|place|round|phase|wave|case\s+of)\b)\s+(?P<noun>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})"
)
_PERSON_OF_PLACE_RE = re.compile(r"[^.;]{0,40}?\b(?:in|of)\s+an?\s+(?:[A-Z][\w\-]*\s+){1,3}(?:resident|man|woman|child|boy|girl|person|adult|patient)\b")
# "Paiporta (45)", "Castilla-La Mancha (3)": a capitalised name and a bare count in brackets
_PLACE_COUNT_RE = re.compile(r"(?P<place>\b[A-Z][\w’'\-]*(?:\s(?:[A-Z][\w’'\-]*|de|del|la|of))*)\s\((?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})\)")


def _appositive_head(before: str, cut: re.Match[str]) -> str:
    """The words before a figure set off by commas alone ("reported the most deaths, 199, and"):
    the noun before the comma names it; any other cut leaves no words."""
    if cut.group(0) != ", " or before[cut.end() :].strip():
        return before[cut.end() :]
    return _last_words(before[: cut.start()], 3)


def _last_words(text: str, n: int) -> str:
    return " ".join(text.split()[-n:])


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


_ENDS_CLAUSE_RE = re.compile(r"[.;:!?\n]\s*$")
_DIGIT_OR_NEWLINE_RE = re.compile(r"\d|\n")
_STOP_AFTER_RE = re.compile(r"[;:!?\n\d]|\.(?:\s|$)")


def _quote_span(sentence: str, q: Quantity, clause_start: int, clause_end: int) -> tuple[int, int]:
    """A short verbatim fragment: a few words before the figure to a few words after it."""
    start = q.span_start
    words_before = 0
    while start > clause_start and words_before < 3:
        prev = sentence.rfind(" ", clause_start, start - 1)
        candidate = clause_start if prev < 0 else prev + 1
        if _ENDS_CLAUSE_RE.search(sentence, candidate, start) or _DIGIT_OR_NEWLINE_RE.search(sentence, candidate, max(candidate, start - 1)):
            break
        start = candidate
        words_before += 1
    end = q.span_end
    words_after = 0
    while end < clause_end and words_after < 5:
        nxt = sentence.find(" ", end + 1, clause_end)
        candidate = clause_end if nxt < 0 else nxt
        if _STOP_AFTER_RE.search(sentence[end:candidate]):
            break
        end = candidate
        words_after += 1
    text = sentence[start:end]
    stripped = text.strip(" ,;:\"“”'‘’(\n\t-–")
    offset = text.find(stripped)
    start = start + offset
    end = start + len(stripped)
    return start, end


def _notes(q: Quantity, match: MetricMatch) -> str:
    """What a reviewer should know about how a figure was read."""
    notes = []
    if q.kind == "fraction":
        notes.append(f"printed as {q.printed!r}, a share in percent")
    if q.change:
        notes.append(f"printed as a change ({q.change}), not a level")
    if match.metric == UNRESOLVED and match.alias.startswith("counts: "):
        notes.append(match.alias[len("counts: ") :])
    elif match.metric == UNRESOLVED:
        notes.append("no metric alias matched: add one to rules or delete this claim")
    elif match.alias:
        notes.append(f"metric from alias {match.alias!r}")
    return "; ".join(notes)


def _fraction_qualifier(q: Quantity) -> str:
    """A share written in words ("a third") is a round figure: about, unless the text bounds it."""
    return "about" if q.kind == "fraction" and q.qualifier == "exact" else q.qualifier


def printed_value(q: Quantity) -> str | int | float:
    """The figure as the claims format wants it: "3,400", "464 million", "10-13", 20.8; a share
    written in words as a percentage ("a third" -> "33.3")."""
    if q.kind == "fraction" and q.high is None:
        percent = round(q.value * 100, 2)  # two decimals: "nearly a third" stays below 33.34
        return _num(percent) if percent == int(percent) else f"{percent:g}"
    if q.is_range:
        low = _plain(q.printed.split("-")[0]) if q.has_digits and "-" in q.printed else _num(q.value)
        high = _plain(q.printed.split("-", 1)[1]) if q.has_digits and "-" in q.printed else _num(q.high or 0)
        return f"{low}-{high}"
    if q.is_word or not q.has_digits:
        if q.scale > 1 and q.value % q.scale == 0:
            return f"{_num(q.value / q.scale)} {_SCALE_NAMES.get(q.scale, '')}".strip()
        return _num(q.value)
    return _plain(q.printed)


_SCALE_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_CURRENCY_STRIP_RE = re.compile(r"^(?:[A-Z]{1,3}\s?\$|\$\s?[A-Z]{0,2}|[£€¥₹₽₺₩₪]|Y=|[A-Z]{2,3}(?=\d)|Rs\.?\s?)\s?")


def _plain(printed: str) -> str:
    text = _CURRENCY_STRIP_RE.sub("", printed.strip())
    text = _PERCENT_TAIL_RE.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if _SPACED_THOUSANDS_RE.fullmatch(text):
        text = text.replace(" ", ",")
    return text


def _num(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.4g}"


# --------------------------------------------------------------------------------------
# Library entry points


def extract_text(text: str, *, published: DateSpan | None, rules: object | None, source_id: str, fmt: str = "text", extractor: Extractor | None = None) -> list[dict[str, Any]]:
    """Draft claims for one article. Offsets in ``extraction`` point into `text` as given."""
    _refuse_unreadable(text, source_id)
    return claims_of(read_document(text, fmt=fmt), published, source_id, extractor or Extractor(rules))


def _refuse_unreadable(text: str, name: str) -> None:
    if len(text) > MAX_INPUT_BYTES:
        raise ExtractError(f"{name}: text of {len(text):,} characters is above the limit of {MAX_INPUT_BYTES:,}")
    if "\x00" in text[:100_000]:
        raise ExtractError(f"{name}: looks like a binary file (NUL bytes); give plain text, Markdown or HTML")


def claims_of(document: Document, published: DateSpan | None, source_id: str, engine: Extractor) -> list[dict[str, Any]]:
    """The draft claims of a read document; quotes and offsets are those of the file as written."""
    prepared = prepare(document.readable, document.fmt)
    reading = read_as_english(prepared.text, engine.scopes.acronyms())  # French and Portuguese: read through a word table
    claims = engine.candidates(sentence_case_headlines(reading.text), published, reading.translate(document.title))
    if not reading.readable:
        for claim in claims:  # the words around a figure are not read in another language
            set_aside(claim, "the text is in a language the extractor does not read: its figures are drafted for review only")
    read_as_a_whole(claims, engine.rules, published, engine.metric_kind)
    for claim in claims:
        claim["extraction"].pop("list_row", None)
        claim["extraction"].pop("figure", None)
    text = document.text
    ordered: list[dict[str, Any]] = []
    for position, claim in enumerate(claims, start=1):
        claim = {"id": f"{source_id}#x{position}", **claim}
        ordered.append(claim)
        ext = claim["extraction"]
        clean_start, clean_end = reading.to_source(ext["start"]), reading.to_source(ext["end"] - 1, last=True) + 1 if ext["end"] > ext["start"] else reading.to_source(ext["start"])
        ext["start"] = prepared.to_original(clean_start)
        ext["end"] = prepared.to_original(clean_end - 1) + 1 if clean_end > clean_start else ext["start"]
        written = text[ext["start"] : ext["end"]]
        if written != claim["quote"] and len(written) < 400:
            claim["quote"] = written  # as written: markup, a joined line break, a headline's capitals
    return ordered


_HEADLINE_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to up via with".split())
_KEEP_CAPITALS = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday I".split()
)
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def sentence_case_headlines(text: str) -> str:
    """Title-case lines ("River Toll Climbs Past 1,200") read like body text: their capitalised
    words are lowered (same length, so offsets hold), month and day names kept. Without this a
    headline's figure reads as part of a name ("Climbs Past 1,200" like "Galaxy Note 20")."""
    out: list[str] | None = None
    for line in _LINE_RE.finditer(text):
        words = _WORD_RE.findall(line.group(0))
        if len(words) < 3 or line.group(0).rstrip().endswith((".", "?", "!")):
            continue
        content = [w for w in words if w.lower() not in _HEADLINE_SMALL_WORDS]
        capitalised = [w for w in content if w[0].isupper() and not w.isupper()]
        if len(content) < 2 or len(capitalised) < 0.8 * len(content):
            continue
        if out is None:
            out = list(text)
        for word in _WORD_RE.finditer(line.group(0)):
            token = word.group(0)
            if word.start() > 0 and token[0].isupper() and not token.isupper() and token not in _KEEP_CAPITALS:
                position = line.start() + word.start()
                out[position : position + len(token)] = token.lower()
    return text if out is None else "".join(out)


_GUESS_DATE_RE = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b|\b(?P<dmy>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{4})\b"
    r"|\b(?P<long>(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+\d{4})"
)


def guess_published(text: str) -> tuple[DateSpan, str] | None:
    """The first full date in the first 600 characters (a dateline), with how it was found."""
    match = _GUESS_DATE_RE.search(text[:600])
    if not match:
        return None
    try:
        if match.group("iso"):
            return parse_date(match.group("iso")), f"first date in the text: {match.group(0)!r}"
        if match.group("dmy"):
            if not MIN_YEAR <= int(match.group("y")) <= MAX_YEAR:
                return None  # "12.03.0005" is no dateline checker can use
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("dmy")))
            return DateSpan.day(day), f"first date in the text: {match.group(0)!r} read as day.month.year"
        return parse_date(match.group("long")), f"first date in the text: {match.group(0)!r}"
    except ValueError:
        return None


def source_id_for(path: Path) -> str:
    """The file name as an id: accents folded to ASCII; a name with no ASCII letters or digits
    left ("доклад.txt") takes a short hash of its path, so two such names never meet."""
    if str(path) == "-":
        return "stdin"
    folded = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9_.\-]+", "-", folded).strip("-._")
    if not stem:
        return f"source-{_path_hash(path)}"
    return stem if stem[0].isalnum() else f"s{stem}"


def _path_hash(path: Path) -> str:
    return hashlib.sha1(os.path.normpath(str(path)).encode("utf-8", "surrogateescape")).hexdigest()[:8]


def source_ids_for(paths: list[Path]) -> dict[Path, str]:
    """One id (and draft name) per input, unique in the run and the same on every run with the
    same inputs: inputs that share a name ("a/report.txt", "b/report.txt") each add a short
    hash of their path, whatever order they are given in."""
    ids = {path: source_id_for(path) for path in paths}
    shared = {sid for sid in ids.values() if sum(other.lower() == sid.lower() for other in ids.values()) > 1}
    return {path: (f"{sid}-{_path_hash(path)}" if sid in shared else sid) for path, sid in ids.items()}


def draft_claims_document(text: str, *, name: str, published: DateSpan | None, rules: object | None, extractor: Extractor | None = None, fmt: str | None = None, source_id: str | None = None) -> dict[str, Any]:
    """A whole draft claims file (``source`` + ``claims``) for one article.

    The source's title, URL, publisher and date come from the document's header, front matter
    or HTML head (see checker/extract/document.py); `published`, when given, wins."""
    _refuse_unreadable(text, name)
    document = read_document(text, name, fmt)
    source_id = source_id or source_id_for(Path(name))
    published, date_basis, date_reason = _publication(document, published, name)
    source: dict[str, Any] = {"id": source_id, "title": document.title or _first_line(document, name), "publisher": document.publisher or "unknown"}
    if document.url:
        source["url"] = document.url
    source.update({"published": published.iso(), "date_basis": date_basis})
    if date_reason:
        source["date_reason"] = date_reason
    source["text"] = Path(name).name
    engine = extractor or Extractor(rules)
    draft = {"source": source, "claims": claims_of(document, published, source_id, engine)}
    return _loadable(_printable(draft), engine.rules, name)


def _loadable(draft: dict[str, Any], rules: object | None, name: str) -> dict[str, Any]:
    """The draft as the claims loader will read it (checker/extract/validate.py); duck-typed
    rules, as library callers may pass, cannot be loaded against and are trusted."""
    if rules is None:
        rules = load_rules([])
    if not isinstance(rules, RuleSet):
        return draft
    try:
        return loadable(draft, rules, dump_document)
    except DraftError as exc:
        raise ExtractError(f"{name}: {exc}") from None


def _publication(document: Document, given: DateSpan | None, name: str) -> tuple[DateSpan, str, str | None]:
    """(date, basis, reason): the date given, else the document's own, else its first date."""
    if given is not None:
        return given, "stated", None
    if document.published is not None:
        return document.published, "stated", None
    guessed = guess_published(document.dateline_text())
    if guessed is None:
        raise ExtractError(f"{name}: no publication date; pass --published YYYY-MM-DD or add a 'published:' header line")
    return guessed[0], "inferred", guessed[1]


def _first_line(document: Document, name: str) -> str:
    """A title for a document without one: its first line of some length."""
    lines = prepare(document.readable[:5000], document.fmt).text.splitlines()
    return next((line.strip() for line in lines if len(line.strip()) > 20), Path(name).stem)[:160]


def dump_document(document: dict[str, Any]) -> str:
    header = (
        "# Draft claims written by `checker extract`: review every claim before use.\n"
        "# extraction: start/end are character offsets of the quote in the source text.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)


def loadable_draft(document: dict[str, Any], name: str, rules: Any) -> str:
    """The draft's text, as `checker check` will read it: control characters (a form feed or an
    escape from PDF-to-text, a stray NUL) become spaces, and each claim the loader would refuse
    ("1.2 x 10^3" under a metric, a window in year 5) is kept as unresolved with the loader's
    reason. A draft that still would not load (over the size limit, a source the loader refuses)
    is an ExtractError: nothing that `check` refuses is ever written."""
    from checker.loading import claims_text_issues

    document = _printable(document)
    for _ in range(2):
        content = dump_document(document)
        issues = claims_text_issues(content, name, rules)
        by_claim = {index: issue for issue in reversed(issues) if (index := _claim_index(issue)) is not None}
        if not issues:
            return content
        outside = [issue for issue in issues if _claim_index(issue) is None]
        if outside:
            raise _refused(name, outside[0])
        for index, issue in by_claim.items():
            document["claims"][index] = _unresolved(document["claims"][index], issue)
    raise _refused(name, issues[0])


def _refused(name: str, issue: Any) -> ExtractError:
    where = ": ".join(str(part) for part in (f"line {issue.line}" if issue.line else None, issue.field, issue.message) if part)
    hint = "split the article into smaller files" if issue.line is None and issue.field is None else issue.hint
    return ExtractError(f"{name}: not written, as checker check would refuse the draft ({where})" + (f"; {hint}" if hint else ""))


def _printable(value: Any) -> Any:
    """Every string in the draft with control characters made spaces (same length, so offsets hold)."""
    if isinstance(value, str):
        return FORBIDDEN_CHARS_RE.sub(" ", value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


_CLAIM_FIELD_RE = re.compile(r"claims\[(\d+)\]\.")


def _claim_index(issue: Any) -> int | None:
    match = _CLAIM_FIELD_RE.match(issue.field or "")
    return int(match.group(1)) if match else None


def _unresolved(claim: dict[str, Any], issue: Any) -> dict[str, Any]:
    field = str(issue.field).split(".", 1)[1]
    kept = {key: claim[key] for key in ("id", "value", "qualifier", "unit", "quote", "extraction") if key in claim}
    return {**kept, "metric": UNRESOLVED, "note": f"check would refuse it ({field}: {issue.message}); was {claim.get('metric')!r}"}


def read_source(path: Path) -> str:
    """The text of one article, read with a byte limit: a pipe or a device has no trustworthy
    size, so at most one byte more than the limit is ever read."""
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise ExtractError(f"{_shown(path)}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractError(f"{_shown(path)}: more than {MAX_INPUT_BYTES:,} bytes, above the limit; split the file")
    if b"\x00" in data[:100_000]:
        raise ExtractError(f"{_shown(path)}: looks like a binary file (NUL bytes); give plain text, Markdown or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{_shown(path)}: not UTF-8 text (byte {exc.start})") from None


def run_extract(files: list[Path], published: str | DateSpan | None, rules_dirs: list[Path], output: str | Path | None, force: bool = False, progress: bool = True,
                engine: str = "local") -> int:
    """The engine of ``checker extract``: 0 when every file was extracted, 2 on any error.

    Writes one ``<id>.claims.yaml`` per input into `output` (a folder; ``-`` for stdout), with
    ids unique in the run (see :func:`source_ids_for`), never overwriting unless `force`, never
    over an input or into a rules folder; errors go to stderr, one line each.
    """
    from checker.rules import load_rules

    try:
        published_span = parse_date(published) if isinstance(published, str) else published
    except ValueError as exc:
        print(f"error: --published: {exc}", file=sys.stderr)
        return 2
    try:
        rules = load_rules(list(rules_dirs))
    except Exception as exc:  # the rules loader raises a structured error with all issues
        print(f"error: rules: {exc}", file=sys.stderr)
        return 2
    to_stdout = str(output) == "-"
    out_dir = Path(output) if output and not to_stdout else Path(".")
    problem = None if to_stdout else _output_folder_problem(out_dir, rules_dirs)
    if problem is not None:
        print(f"error: {_shown(out_dir)}: {problem}", file=sys.stderr)
        return 2
    jobs, errors = _plan_drafts(files, None if to_stdout else out_dir, force, getattr(rules, "files", ()))
    errors += _run_jobs(jobs, published_span, rules, progress, engine)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    if errors and len(files) > 1:
        print(f"checker: {len(errors)} of {len(files)} inputs failed (listed above); the drafts of the others were written", file=sys.stderr)
    return 2 if errors else 0


def _shown(path: Path) -> str:
    """A path for a message: undecodable bytes in a file name shown escaped, never a crash."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _output_folder_problem(folder: Path, rules_dirs: list[Path]) -> str | None:
    from checker.report.write import RunInputs, input_clash

    try:
        if folder.exists() and not folder.is_dir():
            return "is a file; --output names a folder for the drafts"
        clash = input_clash(folder, RunInputs.of((), rules_dirs))
        if clash is not None:
            return clash.replace("write it", "write the drafts")  # drafts there would be read as rules
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            return f"cannot create the folder: {_shown(existing)} is a file"
        if not os.access(existing, os.W_OK | os.X_OK):
            return "cannot create or write the folder: permission denied"
    except OSError as exc:
        return f"cannot use the folder: {exc.strerror or exc}"
    return None


def _plan_drafts(files: list[Path], out_dir: Path | None, force: bool, rules_files: Iterable[str]) -> tuple[list[tuple[Path, str, Path | None]], list[str]]:
    """(input, source id, draft path) per distinct input; a draft never replaces an input."""
    from checker.report.write import KnownFiles, RunInputs, input_clash

    distinct = KnownFiles()
    for path in files:
        if distinct.match(path) is None:
            distinct.add(path)
    distinct = distinct.files
    ids = source_ids_for(distinct)
    inputs = RunInputs.of([*distinct, *rules_files])
    jobs: list[tuple[Path, str, Path | None]] = []
    errors: list[str] = []
    for path in distinct:
        target = None if out_dir is None else out_dir / f"{ids[path]}.claims.yaml"
        clash = None if target is None else input_clash(target, inputs)
        if clash is not None:
            errors.append(f"{_shown(target)}: {clash}")
        elif target is not None and target.exists() and not force:
            errors.append(f"{_shown(target)}: exists; use --force to overwrite")
        else:
            jobs.append((path, ids[path], target))
    return jobs, errors


def _run_jobs(jobs: list[tuple[Path, str, Path | None]], published: DateSpan | None, rules: object, progress: bool, engine: str = "local") -> list[str]:
    """Draft every job and write the drafts in the jobs' order: one error line per failed job."""
    if engine == "dask":
        from checker.extract.parallel import in_worker_processes

        drafted = in_worker_processes(draft_jobs, jobs, published, rules)
    else:
        drafted = _drafts_here(jobs, published, rules, progress)
    errors: list[str] = []
    for (path, _, target), (content, error) in zip(jobs, drafted):
        if error is None:
            error = _write_draft(content, target)
        if error is not None:
            errors.append(error)
    return errors


def _drafts_here(jobs: list[tuple[Path, str, Path | None]], published: DateSpan | None, rules: object, progress: bool) -> list[tuple[str | None, str | None]]:
    extractor = Extractor(rules)
    bar = None
    if progress and len(jobs) > 1:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("extracting", total=len(jobs))
    drafted = []
    try:
        for job in jobs:
            drafted.append(draft_job(job, published, rules, extractor))
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return drafted


def draft_jobs(jobs, published: DateSpan | None, rules: object) -> list[tuple[str | None, str | None]]:
    """draft_job for each job, with one extractor: what a worker process does with its share."""
    extractor = Extractor(rules)
    return [draft_job(job, published, rules, extractor) for job in jobs]


def draft_job(job: tuple[Path, str, Path | None], published: DateSpan | None, rules: object, extractor: "Extractor") -> tuple[str | None, str | None]:
    """(the draft file's text, None), or (None, the error line): one article never stops the others."""
    path, source_id, target = job
    try:
        text = read_source(path)
        document = draft_claims_document(text, name=str(path), published=published, rules=rules, extractor=extractor, source_id=source_id)
        return loadable_draft(document, _shown(target or path), rules), None
    except ExtractError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"{_shown(target or path)}: cannot write the draft: {exc.strerror or exc}"
    except Exception as exc:  # say which article failed and how
        log.debug("extracting %s failed", path, exc_info=True)
        return None, f"{_shown(path)}: could not be extracted ({type(exc).__name__}: {exc}); please report this"


def _write_draft(content: str, target: Path | None) -> str | None:
    """Standard output when there is no target, else the file, atomically; the error line, if any."""
    try:
        if target is None:
            sys.stdout.write(content)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content)
    except OSError as exc:
        return f"{_shown(target)}: cannot write the draft: {exc.strerror or exc}"
    return None
