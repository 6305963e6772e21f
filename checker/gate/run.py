"""`checker gate`: each draft's figures against the corpus, one verdict per figure.

For each draft: extract its figures, set aside those not understood, audit the rest with
the corpus (`engine.run_audit`), keep the findings that involve the draft, and give every
figure a verdict (`checker.gate.verdicts`). Drafts are gated one at a time against the
corpus, never against each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from checker.engine import AuditResult, exit_code
from checker.errors import InputErrors, InputIssue
from checker.extract.pipeline import Extractor
from checker.gate.audit import audit_with_draft
from checker.gate.draft import Draft, Figure, InlineAccept, load_draft
from checker.gate.reasons import GUESSES, SCOPE, WINDOW
from checker.gate.readings import FROM_READER, capped, guesses, unreadable, window_origin
from checker.gate.scopes import assign_scopes, scopes_by_metric
from checker.gate.verdicts import Verdict, draft_findings, involved_ids, screen, split_on_guesses, unused_accepts, verdicts
from checker.corpus import load_corpus
from checker.loading import Corpus
from checker.model import Finding
from checker.rules import RuleSet

# Figures the extractor read with less confidence than this are "not understood" (never a
# conflict). Confidence is the number's (0.6 spelled out, 0.85 digits, 0.95 with a unit,
# percent or scale word) times the metric match's (0.55-0.95 for an alias, 0.4-0.7 for shared
# words). Below 0.35 fall a metric chosen between tied candidates by the clause alone on a bare
# number (0.4 x 0.85), and a spelled-out number matched through one shared word.
MIN_CONFIDENCE = 0.35


@dataclass
class DraftGate:
    """The gate's result for one draft."""

    draft: Draft
    verdicts: list[Verdict]
    findings: list[Finding]  # every finding that involves the draft and holds as it is read, sorted
    tentative: list[Finding]  # findings that rest on a reading too weak to count (checker.gate.readings)
    unused_accepts: list[InlineAccept]
    audit: AuditResult


@dataclass
class GateResult:
    drafts: list[DraftGate]
    rules: RuleSet
    corpus_sources: int
    corpus_claims: int
    min_confidence: float
    today: str  # the run date, shown only when a draft took it as its publication date

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.drafts for f in d.findings]


def gate_exit_code(result: GateResult, fail_on: str) -> int:
    """1 when a conflict at or above `fail_on` is not accepted, else 0."""
    return exit_code(result.findings, fail_on)


def run_gate(
    drafts: list[str],
    claim_paths: list[Path],
    rules: RuleSet,
    published: str | None = None,
    keep: Callable[[Finding], bool] = lambda finding: True,
    min_confidence: float = MIN_CONFIDENCE,
    today: dt.date | None = None,
    stdin_text: str | None = None,
    corpus: Corpus | None = None,
    display_root: Path | None = None,
    infer_windows: bool = False,
) -> GateResult:
    """Gate every draft; raises InputErrors listing every problem with the drafts or the corpus.

    `corpus` is the corpus already loaded from `claim_paths`, if the caller has it. With
    `infer_windows`, every window the extractor inferred counts as stated (recall over precision)."""
    today = today or dt.date.today()
    extractor = Extractor(rules)
    corpus = corpus or _load_corpus(claim_paths, rules, display_root)
    taken = set(corpus.sources)
    loaded: list[Draft] = []
    issues: list[InputIssue] = []
    for path in drafts:
        draft, problems = load_draft(path, published, rules, extractor, taken, today, stdin_text)
        issues += problems
        if draft is not None:
            taken.add(draft.source_id)
            loaded.append(draft)
    if issues:
        raise InputErrors(issues)
    known = scopes_by_metric(corpus.claims, rules)
    gated = [_gate_one(draft, claim_paths, rules, keep, min_confidence, display_root, known, infer_windows) for draft in loaded]
    return GateResult(gated, rules, len(corpus.sources), len(corpus.claims), min_confidence, today.isoformat())


def _gate_one(draft: Draft, claim_paths: list[Path], rules: RuleSet, keep, min_confidence: float, display_root: Path | None, known: dict[str, set[str]], infer_windows: bool) -> DraftGate:
    audited, reasons = screen(draft.figures, min_confidence)
    audited, ambiguous, defaulted = assign_scopes(audited, known, {m: spec.scope for m, spec in rules.metrics.items()})
    reasons.update({cid: SCOPE for cid in ambiguous})
    scoped = {f.claim_id: f for f in audited}
    draft = replace(draft, figures=tuple(scoped.get(f.claim_id, f) for f in draft.figures))
    result, refused = audit_with_draft(claim_paths, rules, draft, audited, display_root)
    findings = [f for f in draft_findings(result, draft, draft.accepts) if keep(f)]
    guessed = {f.claim_id: guesses(f, rules, defaulted, infer_windows) for f in audited}
    weak = weak_readings(audited, guessed, rules, infer_windows)
    firm, tentative = split_on_guesses(findings, set(weak))
    firm = sorted((capped(f, guessed, involved_ids(f)) for f in firm), key=Finding.sort_key)
    ruling = verdicts(result, draft, (firm, tentative), reasons, refused, weak, guessed, lambda metric: _tolerance(rules, metric))
    return DraftGate(draft, ruling, firm, tentative, unused_accepts(draft.accepts, draft.figures), result)


def weak_readings(figures: list[Figure], guessed: dict[str, tuple[str, ...]], rules: RuleSet, infer_windows: bool) -> dict[str, tuple[str, str]]:
    """(reason, detail) for each figure whose reading is too weak for its findings to count."""
    weak: dict[str, tuple[str, str]] = {}
    for figure in figures:
        if not unreadable(figure, guessed[figure.claim_id], rules, infer_windows):
            continue
        alone = not infer_windows and window_origin(figure, rules) == FROM_READER
        weak[figure.claim_id] = (WINDOW, figure.window) if alone else (GUESSES, ", ".join(guessed[figure.claim_id]))
    return weak


def _tolerance(rules: RuleSet, metric: str) -> float:
    options = rules.check_setting("same-window-agreement", metric).options
    days = getattr(options, "date_tolerance_days", None)
    return float(days if days is not None else rules.settings.date_tolerance_days)


def _load_corpus(claim_paths: list[Path], rules: RuleSet, display_root: Path | None) -> Corpus:
    """The corpus alone: its problems are reported before any draft is read."""
    return load_corpus(list(claim_paths), rules, display_root=display_root)
