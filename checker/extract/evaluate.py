"""Measure extraction: against hand-made claims files, and on the external NewsQuant benchmark.

Seed corpus: each claims file whose ``source.text`` names a text in the sources folder is
re-extracted (with the file's ``source.published``) and compared claim by claim. A predicted
claim matches a hand-made one when the values agree (the printed figure as an interval);
levels then add the qualifier, the unit (the claim's, else its metric's), the window (resolved
to dates and compared with the rules' ``date_tolerance_days``) and, for the full claim, the
metric. Pairs are formed one to one, each hand-made claim at most once.

NewsQuant (Almasian et al., EMNLP 2023): a predicted quantity matches a gold one in the same
sentence when the values are equal (numpy.isclose, rtol 1e-5; ranges as pairs); value+change
also needs the same change code (= ~ > < up down). Each gold and each prediction count once.
The paper's own scoring loop (which can let one prediction match several gold values) is
reported beside it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

from checker.dates import DateSpan, parse_date
from checker.extract.metrics import UNRESOLVED
from checker.extract.numbers import Quantity, find_quantities
from checker.extract.pipeline import Extractor, extract_text
from checker.extract.qualifiers import CHANGE_CODE
from checker.vocabulary import QUALIFIER_SYNONYMS, SCALE_WORDS

LEVELS = ("value", "value+qualifier", "value+unit", "value+window", "full claim")
# approximately and about have the same bounds: one qualifier for scoring
QUALIFIER_CANON = {**QUALIFIER_SYNONYMS, "approximately": "about"}
_SCALE = SCALE_WORDS
_PRINTED_RE = re.compile(r"^\s*(?P<a>-?[\d,. ]*\d)\s*(?P<s>[a-zA-Z]+)?\s*$")


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> tuple[float, float, float]:
        return (round(100 * self.precision, 1), round(100 * self.recall, 1), round(100 * self.f1, 1))


def parse_printed(value: object) -> tuple[float, float] | None:
    """'3,400' -> (3400, 3400); '464 million' -> (4.64e8,)*2; '10-13' -> (10, 13)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value), float(value)
    text = str(value).strip()
    parts = re.split(r"\s*[-–]\s*(?=\d)", text) if not text.startswith("-") else [text]
    if len(parts) == 2:
        a, b = _one(parts[0]), _one(parts[1])
        if a is None or b is None:
            return None
        scale_b = _scale_of(parts[1])
        if scale_b > 1 and _scale_of(parts[0]) == 1:
            a *= scale_b
        return a, b
    one = _one(text)
    return None if one is None else (one, one)


def _scale_of(text: str) -> float:
    match = _PRINTED_RE.match(text)
    if not match or not match.group("s"):
        return 1.0
    return _SCALE.get(match.group("s").lower(), 1.0)


def _one(text: str) -> float | None:
    match = _PRINTED_RE.match(text)
    if not match:
        return None
    try:
        number = float(match.group("a").replace(",", "").replace(" ", ""))
    except ValueError:
        return None
    return number * _scale_of(text)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.isclose(a[0], b[0], rel_tol=1e-6, abs_tol=1e-9) and math.isclose(a[1], b[1], rel_tol=1e-6, abs_tol=1e-9)


# --------------------------------------------------------------------------------------
# Seed corpus


@dataclass
class SeedResult:
    scores: dict[str, Score]
    scores_all: dict[str, Score]
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    attribute_errors: list[str] = field(default_factory=list)
    sources: int = 0


def _span_gap_days(a: DateSpan, b: DateSpan) -> int:
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0


def _windows_agree(pred: object, gold: object, rules: Any, published: DateSpan, tolerance: int) -> bool:
    from checker.windows import WindowError, parse_window

    try:
        wp = parse_window(pred, rules, published)
        wg = parse_window(gold, rules, published)
    except (WindowError, ValueError):
        return False
    if (wp.start is None) != (wg.start is None):
        return False
    if wp.start is not None and wg.start is not None and _span_gap_days(wp.start, wg.start) > tolerance:
        return False
    return _span_gap_days(wp.end, wg.end) <= tolerance


def _unit_of(claim: dict[str, Any], rules: Any) -> str | None:
    unit = claim.get("unit")
    if unit:
        resolved = rules.unit_id(str(unit)) if hasattr(rules, "unit_id") else None
        return resolved or str(unit)
    metric = rules.metrics.get(claim.get("metric")) if hasattr(rules, "metrics") else None
    return metric.unit if metric is not None else None


def _qualifier(claim: dict[str, Any]) -> str:
    q = str(claim.get("qualifier") or "exact")
    return QUALIFIER_CANON.get(q, q)


def evaluate_seeds(claims_dir: Path, sources_dir: Path, rules: Any) -> SeedResult:
    """Compare `checker extract` on every text named in `claims_dir` with the hand-made claims."""
    tolerance = getattr(getattr(rules, "settings", None), "date_tolerance_days", 31)
    extractor = Extractor(rules)
    result = SeedResult({k: Score() for k in LEVELS}, {k: Score() for k in LEVELS})
    for path in sorted(claims_dir.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = document.get("source", {})
        text_name = source.get("text")
        if not text_name or not (sources_dir / text_name).is_file():
            continue
        result.sources += 1
        published = parse_date(source["published"])
        text = (sources_dir / text_name).read_text(encoding="utf-8")
        predicted_all = extract_text(text, published=published, rules=rules, source_id=source["id"], extractor=extractor)
        gold = document.get("claims", [])
        for scores, predicted, record in ((result.scores, [c for c in predicted_all if c["metric"] != UNRESOLVED], True), (result.scores_all, predicted_all, False)):
            _score_source(scores, predicted, gold, rules, published, tolerance, result if record else None, source["id"])
    return result


@dataclass(frozen=True)
class Pair:
    """A hand-made claim matched to a drafted one by value, with which attributes agree."""

    gold: int
    predicted: int
    checks: dict[str, bool]


def pair_claims(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], rules: Any, published: DateSpan, tolerance: int) -> list[Pair]:
    """One-to-one pairs of hand-made and drafted claims with the same value; among drafts of that
    value each hand-made claim takes the one quoting the same words (the same figure of the text),
    then the one that agrees on most attributes."""
    pairs: list[Pair] = []
    used: set[int] = set()
    for i, g in enumerate(gold):
        g_value = parse_printed(g.get("value"))
        best: tuple[int, int, dict[str, bool]] | None = None
        for j, p in enumerate(predicted):
            if j in used:
                continue
            p_value = parse_printed(p.get("value"))
            if g_value is None or p_value is None or not _close(g_value, p_value):
                continue
            checks = {
                "qualifier": _qualifier(p) == _qualifier(g),
                "unit": _unit_of(p, rules) == _unit_of(g, rules),
                "window": _windows_agree(p.get("window"), g.get("window", "as of publication"), rules, published, tolerance),
                "metric": _metric_of(p, rules) == _metric_of(g, rules),
                "scope": _scope_of(p, rules) == _scope_of(g, rules),
            }
            # the same words first: a draft with its attributes wrong must not lose its figure to a neighbour
            agreement = sum(checks.values()) + (10 if _same_words(str(p.get("quote", "")), str(g.get("quote", ""))) else 0)
            if best is None or agreement > best[0]:
                best = (agreement, j, checks)
        if best is not None:
            used.add(best[1])
            pairs.append(Pair(i, best[1], best[2]))
    return pairs


def _same_words(a: str, b: str) -> bool:
    """Two quotes of one passage: they share a run of 16 characters (or the shorter one whole)."""
    shortest = min(len(a), len(b))
    if shortest == 0:
        return False
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(16, shortest)


def _metric_of(claim: dict[str, Any], rules: Any) -> str | None:
    name = str(claim.get("metric"))
    return rules.metric_id(name) if hasattr(rules, "metric_id") else name


def _scope_of(claim: dict[str, Any], rules: Any) -> str:
    """The claim's scope, else its metric's default scope; case and spacing ignored."""
    scope = str(claim.get("scope") or "")
    if not scope:
        metric = rules.metrics.get(_metric_of(claim, rules)) if hasattr(rules, "metrics") else None
        scope = getattr(metric, "scope", "") or ""
    return " ".join(scope.lower().split())


# the attributes each seed level adds to the value (the full claim leaves out scope, as it always has)
_SEED_LEVEL_CHECKS = {"value+qualifier": ("qualifier",), "value+unit": ("unit",), "value+window": ("window",), "full claim": ("qualifier", "unit", "window", "metric")}


def _score_source(scores: dict[str, Score], predicted: list[dict[str, Any]], gold: list[dict[str, Any]], rules: Any, published: DateSpan, tolerance: int, record: SeedResult | None, source_id: str) -> None:
    for level in LEVELS:
        scores[level].predicted += len(predicted)
        scores[level].gold += len(gold)
    pairs = pair_claims(predicted, gold, rules, published, tolerance)
    paired = {pair.gold for pair in pairs}
    for pair in pairs:
        scores["value"].tp += 1
        for level, needed in _SEED_LEVEL_CHECKS.items():
            scores[level].tp += all(pair.checks[k] for k in needed)
        wrong = [k for k in ("qualifier", "unit", "window", "metric") if not pair.checks[k]]
        if record is not None and wrong:
            p, g = predicted[pair.predicted], gold[pair.gold]
            detail = ", ".join(f"{k}: got {_show(p, k, rules)} want {_show(g, k, rules)}" for k in wrong)
            record.attribute_errors.append(f"{source_id}: {g.get('value')} — {detail}")
    if record is not None:
        for i, g in enumerate(gold):
            if i not in paired:
                record.misses.append(f"{source_id}: {g.get('value')} {g.get('metric')} — “{g.get('quote')}”")
        used = {pair.predicted for pair in pairs}
        for j, p in enumerate(predicted):
            if j not in used:
                record.spurious.append(f"{source_id}: {p.get('value')} {p.get('metric')} — “{p.get('quote')}”")


def _show(claim: dict[str, Any], key: str, rules: Any) -> str:
    if key == "unit":
        return str(_unit_of(claim, rules))
    if key == "window":
        return str(claim.get("window", "as of publication"))
    return str(claim.get(key, "exact" if key == "qualifier" else None))


# --------------------------------------------------------------------------------------
# NewsQuant


def _gold_value(value: str) -> float | tuple[float, float]:
    if isinstance(value, str) and "E" not in value and not value.startswith("-") and "-" in value:
        a, b = value.split("-", 1)
        return float(a), float(b)
    return float(value)


def _pred_value(q: Quantity) -> float | tuple[float, float]:
    return (q.value, q.high) if q.high is not None else q.value


def _values_match(g: float | tuple[float, float], p: float | tuple[float, float]) -> bool:
    if isinstance(g, tuple) != isinstance(p, tuple):
        return False
    if isinstance(g, tuple) and isinstance(p, tuple):
        return _isclose(g[0], p[0]) and _isclose(g[1], p[1])
    return _isclose(g, p)  # type: ignore[arg-type]


def _isclose(a: float, b: float) -> bool:
    # numpy.isclose(a, b, rtol=1e-05, atol=1e-08), without numpy
    return abs(a - b) <= 1e-08 + 1e-05 * abs(b)


def change_code(q: Quantity) -> str:
    """NewsQuant's change code: a bound (>, <) wins over a change; a change over an approximation."""
    code = CHANGE_CODE.get(q.qualifier, "=")
    if code in (">", "<"):
        return code
    if q.change:
        return q.change
    return code


@dataclass
class NewsQuantResult:
    value: Score
    change: Score
    paper_value: Score
    paper_change: Score
    errors: list[dict[str, Any]]
    sentences: int


def evaluate_newsquant(path: Path) -> NewsQuantResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    value, change = Score(), Score()
    paper_value, paper_change = Score(), Score()
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(data):
        quantities = find_quantities(item["text"])
        predictions = [(_pred_value(q), change_code(q), q.printed) for q in quantities]
        gold = [(_gold_value(g["value"]), g["change"]) for g in item["quantities"]]
        for score in (value, change, paper_value, paper_change):
            score.gold += len(gold)
            score.predicted += len(predictions)
        used: set[int] = set()
        missed, wrong_change = [], []
        for g_value, g_change in gold:
            hit = next((j for j, p in enumerate(predictions) if j not in used and _values_match(g_value, p[0]) and p[1] == g_change), None)
            if hit is None:
                hit = next((j for j, p in enumerate(predictions) if j not in used and _values_match(g_value, p[0])), None)
            if hit is None:
                missed.append(g_value)
                continue
            used.add(hit)
            value.tp += 1
            if predictions[hit][1] == g_change:
                change.tp += 1
            else:
                wrong_change.append((g_value, g_change, predictions[hit][1]))
        # the paper's loop: a gold value is counted once; the prediction is only consumed when
        # the (normalised) units match, which our units never do, so it can match again
        remaining = len(gold)
        for g_value, g_change in gold:
            for p_value, p_change, _ in predictions:
                if _values_match(g_value, p_value):
                    if remaining > 0:
                        paper_value.tp += 1
                        remaining -= 1
                    if p_change == g_change:
                        paper_change.tp += 1
        spurious = [predictions[j][2] for j in range(len(predictions)) if j not in used]
        if missed or spurious or wrong_change:
            errors.append({"index": index, "text": item["text"], "missed": missed, "spurious": spurious, "change": wrong_change})
    return NewsQuantResult(value, change, paper_value, paper_change, errors, len(data))


# --------------------------------------------------------------------------------------
# Evaluation topics (benchmarks/eval/<topic>/): drafts from the texts against the hand-made claims

TOPIC_LEVELS = ("value", "value+qualifier", "value+window", "value+metric", "value+scope", "full claim")
_TOPIC_LEVEL_CHECKS = {
    "value+qualifier": ("qualifier",), "value+window": ("window",), "value+metric": ("metric",), "value+scope": ("scope",),
    "full claim": ("qualifier", "unit", "window", "metric", "scope"),
}  # fmt: skip


@dataclass
class TopicResult:
    scores: dict[str, Score]  # every drafted claim
    scores_resolved: dict[str, Score]  # drafted claims with a metric
    draft_to_hand: dict[str, str] = field(default_factory=dict)  # draft claim id -> hand-made claim id
    errors: list[str] = field(default_factory=list)  # attribute errors, for the error analysis
    misses: list[str] = field(default_factory=list)


def score_topic(drafts: dict[str, list[dict[str, Any]]], hand: dict[str, tuple[DateSpan, list[dict[str, Any]]]], rules: Any) -> TopicResult:
    """Score the drafts of each source (by source id) against its hand-made claims."""
    tolerance = getattr(getattr(rules, "settings", None), "date_tolerance_days", 31)
    result = TopicResult({k: Score() for k in TOPIC_LEVELS}, {k: Score() for k in TOPIC_LEVELS})
    for source_id in sorted(hand):
        published, gold = hand[source_id]
        predicted_all = drafts.get(source_id, [])
        resolved = [c for c in predicted_all if c.get("metric") != UNRESOLVED]
        for scores, predicted in ((result.scores, predicted_all), (result.scores_resolved, resolved)):
            for level in TOPIC_LEVELS:
                scores[level].predicted += len(predicted)
                scores[level].gold += len(gold)
            pairs = pair_claims(predicted, gold, rules, published, tolerance)
            for pair in pairs:
                scores["value"].tp += 1
                for level, needed in _TOPIC_LEVEL_CHECKS.items():
                    scores[level].tp += all(pair.checks[k] for k in needed)
            if predicted is resolved:
                continue
            for pair in pairs:
                p, g = predicted[pair.predicted], gold[pair.gold]
                result.draft_to_hand[str(p.get("id"))] = str(g.get("id"))
                wrong = [k for k in ("qualifier", "window", "metric", "scope") if not pair.checks[k]]
                if wrong:
                    detail = ", ".join(f"{k}: got {_show_topic(p, k, rules)} want {_show_topic(g, k, rules)}" for k in wrong)
                    result.errors.append(f"{g.get('id')} {g.get('value')}: {detail}")
            paired = {pair.gold for pair in pairs}
            result.misses.extend(f"{g.get('id')} {g.get('value')}: “{g.get('quote')}”" for i, g in enumerate(gold) if i not in paired)
    return result


def _show_topic(claim: dict[str, Any], key: str, rules: Any) -> str:
    if key == "scope":
        return repr(_scope_of(claim, rules))
    return _show(claim, key, rules)
