"""Words for the gate's verdicts, shared by its terminal, Markdown, GitHub and SARIF reports."""

from __future__ import annotations

from checker.gate.support import CONTAINED, CONTAINS, ESTIMATE, SAME_WINDOW
from checker.gate.reasons import AMBIGUOUS, GUESSES, LOW_CONFIDENCE, REFUSED, SCOPE, SEPARATOR, UNIT, UNRESOLVED_METRIC, WINDOW
from checker.gate.verdicts import CONFLICT, NEW, NOT_UNDERSTOOD, Verdict
from checker.model import ClaimRef, Finding
from checker.report.common import figure_text

SUPPORT_SHOWN = 3  # supporting claims named in the verdict table; the JSON report has them all

RELATION_WORDS = {
    SAME_WINDOW: "same window, figures overlap",
    CONTAINS: "inside the draft's window, not above the draft's figure",
    CONTAINED: "its window contains the draft's, not below the draft's figure",
    ESTIMATE: "estimates that overlap",
}


def where(verdict: Verdict) -> str:
    """'draft.md:12:5'."""
    figure = verdict.figure
    return f"{figure.draft}:{figure.line}:{figure.column}"


def line_column(verdict: Verdict) -> str:
    """'12:5': where in a draft whose path the report already gave."""
    return f"{verdict.figure.line}:{verdict.figure.column}"


def figure_sentences(finding: Finding, verdicts) -> list[Verdict]:
    """The draft figures a finding rests on (directly or through a derived claim), in order."""
    from checker.gate.verdicts import involved_ids

    by_id = {v.figure.claim_id: v for v in verdicts}
    found = [by_id[cid] for cid in involved_ids(finding) if cid in by_id]
    firsts = {}
    for verdict in found:  # two figures of one sentence: quote the sentence once
        firsts.setdefault((verdict.figure.line, verdict.figure.sentence), verdict)
    return list(firsts.values())


def figure_label(verdict: Verdict) -> str:
    figure = verdict.figure
    words = figure_text(figure.printed, figure.qualifier, figure.unit)
    if figure.metric == "unresolved":
        return words
    return f"{words} ({figure.metric}, {figure.scope})" if figure.scope else f"{words} ({figure.metric})"


def verdict_label(verdict: Verdict) -> str:
    if verdict.verdict == CONFLICT and verdict.accepted:
        return "conflict (accepted)"
    return verdict.verdict


def claim_words(claim: ClaimRef) -> str:
    """'report-2025-12-09: 71 people, 2020-11 to 2023-11'."""
    window = f"{claim.window_start} to {claim.window_end}" if claim.window_start else f"as of {claim.window_end}"
    return f"{claim.source}: {figure_text(claim.printed, claim.qualifier, claim.unit)}, {window}"


def not_understood_words(verdict: Verdict, threshold: float) -> str:
    if verdict.reason == UNRESOLVED_METRIC:
        return "no metric in the rules matches the words around it"
    if verdict.reason == LOW_CONFIDENCE:
        return f"read with confidence {verdict.figure.confidence:.2f}, below the gate's {threshold:.2f}"
    if verdict.reason == UNIT:
        return f"its unit ({verdict.detail}) does not convert to the metric's unit"
    if verdict.reason == REFUSED:
        return f"the claims loader cannot read it: {verdict.detail}"
    if verdict.reason == WINDOW:
        return f"its sentence gives no window; only if it counts {verdict.detail} would it conflict"
    if verdict.reason == GUESSES:
        return f"its reading rests on two guesses ({guessed_words(verdict)}); only under them would it conflict"
    if verdict.reason == SEPARATOR:
        return f"printed as {verdict.figure.printed}: the dot may separate thousands or decimals"
    if verdict.reason == SCOPE:
        return "its sentence names more than one scope of its metric and its own words name none"
    if verdict.reason == AMBIGUOUS:
        return "another figure of its sentence reads as the same metric and window with a value that cannot also hold, so one metric is misread"
    return verdict.reason


def guessed_words(verdict: Verdict) -> str:
    """'window not in the text, read as since start_of_season; scope not in the text, read as X'."""
    figure = verdict.figure
    words = {
        "window": f"window not in the text, read as {figure.window}",
        "scope": f"scope not in the text, read as {figure.scope}",
        "metric": f"metric read with confidence {figure.confidence:.2f}",
    }
    return "; ".join(words[part] for part in verdict.guessed if part in words)


def holdings_words(verdict: Verdict) -> str:
    held = verdict.holdings
    if held is None or held.claims == 0:
        return "the corpus has no claim of this metric"
    ends = held.first_end if held.first_end == held.last_end else f"{held.first_end} to {held.last_end}"
    scopes = f", scopes: {', '.join(s for s in held.scopes if s)}" if any(held.scopes) else ""
    plural = "s" if held.claims != 1 else ""
    return f"nothing comparable: the corpus has {held.claims} claim{plural} of this metric from {held.sources} source{'s' if held.sources != 1 else ''} (windows ending {ends}{scopes})"


def finding_words(finding: Finding, draft_ids: set[str], claim_id: str = "") -> str:
    """'cumulative-containment (error) with report-2025-12-09: 71 people, ...'."""
    others = [c for c in finding.claims if c.claim_id not in draft_ids and not _from_draft(c, draft_ids)]
    against = "; ".join(claim_words(c) for c in others) or "other figures of the draft"
    accepted = ", accepted" if finding.accepted else ""
    derived = next((c for c in finding.claims if claim_id and c.claim_id != claim_id and claim_id in c.derived_from.split(",")), None)
    through = f" through {derived.metric} {derived.printed} derived from it" if derived is not None and all(c.claim_id != claim_id for c in finding.claims) else ""
    return f"{finding.rule} ({finding.severity.value}{accepted}){through} with {against}"


def _from_draft(claim: ClaimRef, draft_ids: set[str]) -> bool:
    return bool(claim.derived_from) and bool(draft_ids.intersection(claim.derived_from.split(",")))


def against_words(verdict: Verdict, draft_ids: set[str], threshold: float) -> str:
    """The verdict table's "against what" cell, as plain text."""
    if verdict.verdict == NOT_UNDERSTOOD:
        words = not_understood_words(verdict, threshold)
        if verdict.findings:  # what it would conflict with under the guessed window
            words += ": " + "; ".join(finding_words(f, draft_ids, verdict.figure.claim_id) for f in verdict.findings)
        return words
    guess = f" ({guessed_words(verdict)})" if verdict.guessed else ""
    if verdict.verdict == NEW:
        return holdings_words(verdict) + guess
    if verdict.verdict == CONFLICT:
        capped = f" (read with a guess, so at most a warning: {guessed_words(verdict)})" if verdict.guessed else ""
        return "; ".join(finding_words(f, draft_ids, verdict.figure.claim_id) for f in verdict.findings) + capped
    shown = [f"{claim_words(s.claim)} ({RELATION_WORDS[s.relation]})" for s in verdict.support[:SUPPORT_SHOWN]]
    more = len(verdict.support) - SUPPORT_SHOWN
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "") + guess


def published_words(gate) -> str:
    """How the draft's publication date was set."""
    draft = gate.draft
    if draft.published_basis == "today":
        return f"{draft.published.iso()} (no --published and no date in the front matter: today's date was used)"
    return f"{draft.published.iso()} (from {'--published' if draft.published_basis == 'option' else 'the front matter'})"


def counts(gate) -> dict[str, int]:
    from checker.gate.verdicts import VERDICTS

    return {name: sum(v.verdict == name for v in gate.verdicts) for name in VERDICTS}
