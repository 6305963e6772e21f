"""Resolve the words around a figure to a metric id, using the metric aliases of the rules.

The context of a figure is its clause with the figure itself cut out: the words before it
(back to the previous figure) and the words after it (up to the next figure), so "will take
nearly 30 years" reads "will take years" and matches the alias "will take years". Aliases are
found as exact token sequences (fast, by first token); the best candidate is the longest alias
closest to the figure whose metric's unit fits the figure's unit. When no alias matches exactly,
rapidfuzz scores the aliases of unit-compatible metrics against the context (inflections such as
"fell victim" vs "fallen victim"). Figures that match nothing are ``unresolved``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz, process

UNRESOLVED = "unresolved"
_COORD_RE = re.compile(r"^\s*(?P<a>[A-Za-z][\w\-]*)\s+(?:and|or|and/or)\s+(?P<b>[A-Za-z][\w\-]*)\s+(?P<n>[A-Za-z][\w\-]*)")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# units of money: a bare figure ("toll rises to 80 as rebuild cost put at $6bn") is no amount of money
MONEY_UNITS = frozenset(["usd", "eur", "gbp", "jpy", "cny", "currency"])
_STOP = frozenset("the a an of to in on at by for and or with from that which who have has had been be is are was were its their his her".split())
# words that name only the counted thing in general: "one million people demonstrated" shares "people"
# with a label "People arrested ...", which is no evidence that it counts arrests
GENERIC_COUNTED = frozenset("people persons person individuals individual".split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; hyphens split words ("long-term" -> long, term)."""
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def stems(text: str) -> list[str]:
    """Lightly stemmed tokens, for the word-overlap stage only."""
    return [_stem(t) for t in tokens(text)]


@lru_cache(maxsize=32)  # the figures of one sentence share their clause
def _clause_stems(clause: str) -> tuple[str, ...]:
    return tuple(stems(clause))


@lru_cache(maxsize=1 << 16)  # words repeat across figures and sentences; stem each once
def _stem(token: str) -> str:
    """A deliberately light stemmer so "clearing", "cleared" and "clears" meet at "clear"."""
    if len(token) <= 4 or token[0].isdigit():
        return token
    for suffix in ("ing", "ied", "ies", "ed", "es", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            return base + "y" if suffix in ("ied", "ies") else base
    return token


@dataclass(frozen=True)
class MetricMatch:
    metric: str
    alias: str
    score: float
    confidence: float


def _rank(hit: tuple[int, object]) -> int:
    return hit[0]


class MetricResolver:
    """Alias index over ``ruleset.metrics`` (duck-typed: ``.id``, ``.unit``, ``.aliases``)."""

    def __init__(self, rules: object | None) -> None:
        metrics = getattr(rules, "metrics", None) or {}
        self.rules = rules
        self.metric_unit: dict[str, str] = {}
        # first token -> (alias tokens, metric id, alias, token count, content words, token set)
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, str, int, int, frozenset[str]]]] = {}
        self.alias_strings: list[str] = []
        self.alias_metric: list[str] = []
        self.metric_tokens: dict[str, set[str]] = {}
        self._fits_cache: dict[tuple[str, str | None], bool | None] = {}
        self.stem_index: dict[str, list[int]] = {}
        self.metric_index: dict[str, list[str]] = {}
        self.generic_metrics: dict[str, set[str]] = {}  # generic word ("people") -> metrics whose names hold it
        for metric_id, metric in metrics.items():
            self.metric_unit[metric_id] = str(getattr(metric, "unit", "") or "")
            names = [*getattr(metric, "aliases", ()), metric_id.replace("_", " ")]
            label = getattr(metric, "label", "")
            if label:
                names.append(label)
            for alias in names:
                toks = tuple(tokens(str(alias)))
                if not toks:
                    continue
                content = sum(1 for t in toks if t not in _STOP)
                self.by_first.setdefault(toks[0], []).append((toks, metric_id, str(alias), len(toks), content, frozenset(toks)))
                self.metric_tokens.setdefault(metric_id, set()).update(_stem(t) for t in toks if t not in _STOP and t not in GENERIC_COUNTED and not t.isdigit())
                for generic in GENERIC_COUNTED.intersection(toks):
                    self.generic_metrics.setdefault(_stem(generic), set()).add(metric_id)
                if len(toks) >= 2 and len(str(alias)) >= 10:
                    self.alias_strings.append(" ".join(toks))
                    self.alias_metric.append(metric_id)
                    for stem in {_stem(t) for t in toks if t not in _STOP}:
                        self.stem_index.setdefault(stem, []).append(len(self.alias_strings) - 1)

        self.money = frozenset(m for m, unit in self.metric_unit.items() if unit in MONEY_UNITS)  # metrics counted in money
        self.shares = frozenset(m for m, unit in self.metric_unit.items() if unit == "percent")  # "630 of them unregistered" is no share
        # first token -> lengths of the aliases starting with it, and (alias tokens) -> its
        # entries with their rank in by_first[first token], so _exact looks aliases up by
        # slice instead of comparing each one, and still visits matches in by_first's order.
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.by_tokens: dict[tuple[str, ...], list[tuple[int, tuple[tuple[str, ...], str, str, int, int, frozenset[str]]]]] = {}
        for first, entries in self.by_first.items():
            self.lengths[first] = tuple(sorted({entry[3] for entry in entries}))
            for rank, entry in enumerate(entries):
                self.by_tokens.setdefault(entry[0], []).append((rank, entry))

    def unit_fits(self, metric_id: str, unit_id: str | None) -> bool | None:
        """True/False when the figure's unit is known; None when it says nothing."""
        key = (metric_id, unit_id)
        if key not in self._fits_cache:
            self._fits_cache[key] = self._unit_fits(metric_id, unit_id)
        return self._fits_cache[key]

    def _unit_fits(self, metric_id: str, unit_id: str | None) -> bool | None:
        if not unit_id:
            return None
        metric_unit = self.metric_unit.get(metric_id, "")
        if not metric_unit:
            return None
        if unit_id == metric_unit:
            return True
        conversion = getattr(self.rules, "conversion", None)
        if conversion is not None:
            try:
                if conversion(unit_id, metric_unit) is not None or conversion(metric_unit, unit_id) is not None:
                    return True
            except Exception:  # a duck-typed fake may not convert
                return None
        if unit_id in ("usd", "eur", "gbp") and metric_unit in ("usd", "eur", "gbp"):
            return True
        return False

    def exact_metric(self, phrase: str) -> str | None:
        """The metric whose alias is exactly `phrase`, if any."""
        toks = tuple(tokens(phrase))
        for candidate, metric_id, *_rest in self.by_first.get(toks[0], ()) if toks else ():
            if candidate == toks:
                return metric_id
        return None

    def is_coordination(self, after: str) -> bool:
        """'confirmed and suspected cases': a figure for two metrics at once."""
        match = _COORD_RE.match(after)
        if not match:
            return False
        a = self.exact_metric(f"{match.group('a')} {match.group('n')}")
        b = self.exact_metric(f"{match.group('b')} {match.group('n')}")
        return a is not None and b is not None and a != b

    def resolve(self, before: str, after: str, unit_id: str | None, unit_words: str = "", figure: str = "", clause: str = "", exact_only: bool = False, bare: bool = False, own_clause: str | None = None) -> MetricMatch:
        """Pick the metric for a figure from the words `before` and `after` it (figure cut out);
        `bare`: the figure carries no unit, so it is no value of a metric counted in money or in percent;
        `own_clause`: the clause's words that are the figure's own, which break a tie (default: `clause`)."""
        skip = self.money | self.shares if bare else frozenset()
        match = self._resolve(before, after, unit_id, unit_words, figure, clause, exact_only, skip, clause if own_clause is None else own_clause)
        return MetricMatch(UNRESOLVED, "", 0.0, 0.0) if match.metric in skip else match

    def _resolve(self, before: str, after: str, unit_id: str | None, unit_words: str, figure: str, clause: str, exact_only: bool, skip: frozenset[str], own_clause: str) -> MetricMatch:
        left = tokens(before)
        right = tokens(unit_words) + tokens(after)
        best = self._exact(left, right, unit_id, skip=skip)
        if figure:
            # aliases that contain the figure itself: "top five countries", "44-day war"
            fig = tokens(figure)
            with_figure = self._exact(left + fig, right, unit_id, required=set(fig), skip=skip)
            if with_figure is not None and (best is None or with_figure[0] > best[0]):
                best = with_figure
        if best is not None and best[0] > 0:
            confidence = min(0.95, 0.55 + 0.05 * best[0] / 2)
            return MetricMatch(best[1], best[2], best[0], round(confidence, 2))
        if exact_only:
            return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
        local = [_stem(t) for t in left + right]
        overlap = self._overlap(local, unit_id, tie_clause=own_clause or None)
        if overlap is None and clause:
            overlap = self._overlap(_clause_stems(clause), unit_id)
        if overlap is not None and overlap.metric != UNRESOLVED:
            return overlap
        if overlap is not None:
            return overlap  # a tie that the clause could not break: say so rather than guess
        return self._fuzzy(" ".join(left + right), unit_id)

    def _overlap(self, context: Sequence[str], unit_id: str | None, tie_clause: str | None = None) -> MetricMatch | None:
        """Content words shared with a metric's aliases; needs a fitting unit or two words.

        A tie is broken by the words of `tie_clause` (stemmed only when there is a tie).
        """
        if not self.metric_index:
            for metric_id, vocab in self.metric_tokens.items():
                for stem in vocab:
                    self.metric_index.setdefault(stem, []).append(metric_id)
        # only words that some alias holds can count (digits drop out here: no alias stem is all digits)
        words = self.metric_index.keys() & set(context)
        words.difference_update(_STOP)
        counts: dict[str, int] = {}
        for word in words:
            for metric_id in self.metric_index[word]:
                counts[metric_id] = counts.get(metric_id, 0) + 1
        ranked: list[tuple[float, str]] = []
        exact_unit = any(self.metric_unit.get(m) == unit_id for m in counts) if unit_id else False
        # a generic word says what is counted ("12 people"), as a unit would: no word of a metric's own
        counted = {m for word in set(context) & self.generic_metrics.keys() for m in self.generic_metrics[word]}
        for metric_id, shared in counts.items():
            fits = self.unit_fits(metric_id, unit_id)
            if fits is False or (exact_unit and self.metric_unit.get(metric_id) != unit_id):
                continue
            fits = fits or (fits is None and metric_id in counted)
            if shared >= (1 if fits else 2):
                ranked.append((shared + (1 if fits else 0), metric_id))
        if not ranked:
            return self._generic_only(context, unit_id, tie_clause) if not counts else None
        ranked.sort(reverse=True)
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            if tie_clause is None:
                return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
            tied = {m for score, m in ranked if score == ranked[0][0]}
            clause_words = set(_clause_stems(tie_clause))
            rescored = sorted(((len(clause_words & self.metric_tokens[m]), m) for m in tied), reverse=True)
            if len(rescored) > 1 and rescored[0][0] == rescored[1][0]:
                return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
            metric_id = rescored[0][1]
            return MetricMatch(metric_id, "", float(ranked[0][0]), 0.4)
        score, metric_id = ranked[0]
        return MetricMatch(metric_id, "", float(score), round(min(0.7, 0.35 + 0.1 * score), 2))

    def _generic_only(self, context: Sequence[str], unit_id: str | None, tie_clause: str | None) -> MetricMatch | None:
        """A context that shares only a generic word ("people") with metrics' names: no evidence
        by itself, so the metrics that share it are candidates the figure's own clause must pick
        ("65 people, including women and children, have been killed"), with at least one word."""
        candidates = {m for word in set(context) & self.generic_metrics.keys() for m in self.generic_metrics[word] if self.unit_fits(m, unit_id) is not False}
        if not candidates or tie_clause is None:
            return None
        clause_words = set(_clause_stems(tie_clause))
        rescored = sorted(((len(clause_words & self.metric_tokens.get(m, set())), m) for m in candidates), reverse=True)
        if rescored[0][0] == 0 or (len(rescored) > 1 and rescored[0][0] == rescored[1][0]):
            return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
        return MetricMatch(rescored[0][1], "", 1.0, 0.4)

    def _exact(self, left: list[str], right: list[str], unit_id: str | None, required: set[str] | None = None, skip: frozenset[str] = frozenset()) -> tuple[float, str, str] | None:
        context = (*left, *right)
        by_first = self.by_first
        if by_first.keys().isdisjoint(context):
            return None  # no alias starts with any of these words
        pivot = len(left)  # the figure sits between context[pivot-1] and context[pivot]
        best: tuple[float, str, str] | None = None
        lengths, by_tokens = self.lengths, self.by_tokens
        for i, tok in enumerate(context):
            sizes = lengths.get(tok)
            if sizes is None:
                continue
            found = None
            for n in sizes:
                hits = by_tokens.get(context[i : i + n])
                if hits is not None:
                    found = hits if found is None else sorted(found + hits, key=_rank)
            if found is None:
                continue
            for _rank_, (toks, metric_id, alias, n, content, tok_set) in found:
                if (required is not None and not (required & tok_set)) or metric_id in skip:
                    continue
                end = i + n
                if end <= pivot:
                    distance = pivot - end
                elif i >= pivot:
                    distance = i - pivot
                else:
                    distance = 0  # the alias spans the figure: "will take [30] years"
                score = 10.0 * content + 2.0 * n - 1.0 * distance - (3.0 if end <= pivot else 0.0)
                fits = self.unit_fits(metric_id, unit_id)
                if fits is True:
                    score += 8
                elif fits is False:
                    score -= 40
                if best is None or score > best[0]:
                    best = (score, metric_id, alias)
        return best

    def _fuzzy(self, context: str, unit_id: str | None) -> MetricMatch:
        if not self.alias_strings or not context:
            return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
        # only aliases that share a stem with the context can reach the cut-off
        candidates = sorted({i for t in context.split() for i in self.stem_index.get(_stem(t), ())})
        if not candidates:
            return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
        choices = [self.alias_strings[i] for i in candidates]
        hits = process.extract(context, choices, scorer=fuzz.partial_ratio, score_cutoff=88, limit=5)
        for alias, score, position in hits:
            metric_id = self.alias_metric[candidates[position]]
            if self.unit_fits(metric_id, unit_id) is False:
                continue
            return MetricMatch(metric_id, alias, float(score), round(0.4 + (score - 88) / 40, 2))
        return MetricMatch(UNRESOLVED, "", 0.0, 0.0)
