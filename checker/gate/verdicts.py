"""A verdict for every figure of a draft, from the audit of the corpus with the draft's figures.

- `conflict`: a finding of any check (at any severity) involves the figure, directly or
  through a claim derived from it. The finding carries the clashing claims, windows, gap,
  check and severity; a finding that rests on a reading with one guess (a window or scope from
  the rules, a weak metric match: `checker.gate.readings`) is at most a warning. Accepted findings (rules `accepted:` or an inline accept) stay conflicts,
  marked accepted, and do not fail the gate.
- `consistent`: no finding, and at least one corpus claim it can be compared with agrees
  (see `checker.gate.support` for what "comparable" means).
- `new`: a resolved figure with no finding and nothing comparable in the corpus; the verdict
  says what the corpus holds for the metric.
- `not understood`: the figure's reading is too weak to count (a window the extractor alone
  guessed, or two guesses: `checker.gate.readings`) and only under it would it conflict (the
  findings are listed as what it would conflict with); or the metric is unresolved, the extraction's confidence is below the
  threshold, the loader refused the figure (a unit or window it cannot read), another figure
  of the same sentence was read as the same metric and window with a value that cannot also
  hold (one of the two metrics is misread), or its unit does not convert to the metric's.
  Such figures are left out of the audit, so they can never be a conflict or cause one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from checker.claim import Claims, cite
from checker.engine import AuditResult
from checker.gate.draft import Draft, Figure, InlineAccept
from checker.gate.reasons import LOW_CONFIDENCE, REFUSED, SEPARATOR, UNIT, UNRESOLVED_METRIC
from checker.gate.support import Holdings, corpus_rows, holdings, supporting
from checker.model import ClaimRef, Finding

CONSISTENT = "consistent"
CONFLICT = "conflict"
NEW = "new"
NOT_UNDERSTOOD = "not understood"
VERDICTS = (CONFLICT, NOT_UNDERSTOOD, NEW, CONSISTENT)

INLINE = "inline: "  # starts the reason of a finding accepted by a comment in the draft


@dataclass(frozen=True)
class Support:
    relation: str  # see checker.gate.support
    claim: ClaimRef


@dataclass(frozen=True)
class Verdict:
    figure: Figure
    verdict: str
    reason: str = ""  # not understood: see checker.gate.reasons
    detail: str = ""  # the loader's message (REFUSED), the unit (UNIT)
    findings: tuple[Finding, ...] = ()
    support: tuple[Support, ...] = ()
    holdings: Holdings | None = None
    accepted: str | None = None  # when every finding of the figure is accepted: their reasons
    guessed: tuple[str, ...] = ()  # what of its reading was guessed: see checker.gate.readings

    @property
    def window_guessed(self) -> bool:
        """Its window is not in the text: the rules' or the extractor's guess."""
        return "window" in self.guessed

    @property
    def failing(self) -> bool:
        return any(f.accepted is None for f in self.findings)


# 1.193 or 49.566: thousands separated by dots (as in much of Europe) or three decimals
_DOTTED_THOUSANDS_RE = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")


def screen(figures: tuple[Figure, ...], min_confidence: float) -> tuple[list[Figure], dict[str, str]]:
    """The figures to audit, and the reason each other figure is not understood."""
    kept: list[Figure] = []
    reasons: dict[str, str] = {}
    for figure in figures:
        if figure.metric == "unresolved":
            reasons[figure.claim_id] = UNRESOLVED_METRIC
        elif figure.confidence < min_confidence:
            reasons[figure.claim_id] = LOW_CONFIDENCE
        elif figure.unit != "percent" and _DOTTED_THOUSANDS_RE.match(figure.printed):
            reasons[figure.claim_id] = SEPARATOR
        else:
            kept.append(figure)
    return kept, reasons


def draft_findings(result: AuditResult, draft: Draft, accepts: tuple[InlineAccept, ...]) -> list[Finding]:
    """The findings that involve the draft's figures, with draft claims shown at their place in
    the draft and inline accepts applied."""
    by_id = {f.claim_id: f for f in draft.figures}
    out: list[Finding] = []
    for finding in result.findings:
        involved = [by_id[cid] for cid in involved_ids(finding) if cid in by_id]
        if not involved:
            continue
        finding = replace(finding, claims=tuple(_placed(c, by_id, draft.path) for c in finding.claims))
        if finding.accepted is None:
            reason = next((a.reason for f in involved for a in accepts if a.metric == f.metric and f.line in a.lines), None)
            if reason is not None:
                finding = replace(finding, accepted=INLINE + reason)
        out.append(finding)
    return out


def involved_ids(finding: Finding) -> list[str]:
    """The claim ids a finding rests on, the claims behind derived ones included, in order."""
    ids: list[str] = []
    for claim in finding.claims:
        for cid in [claim.claim_id, *(claim.derived_from.split(",") if claim.derived_from else [])]:
            if cid not in ids:
                ids.append(cid)
    return ids


def _placed(claim: ClaimRef, by_id: dict[str, Figure], path: str) -> ClaimRef:
    """A draft claim points at its line in the draft, not at the temporary claims file."""
    own = by_id.get(claim.claim_id)
    if own is None and claim.derived_from:
        own = next((by_id[cid] for cid in claim.derived_from.split(",") if cid in by_id), None)
    if own is None:
        return claim
    return replace(claim, file=path, line=own.line)


def unused_accepts(accepts: tuple[InlineAccept, ...], figures: tuple[Figure, ...]) -> list[InlineAccept]:
    """Inline accepts that cover no figure of their metric."""
    return [a for a in accepts if not any(f.metric == a.metric and f.line in a.lines for f in figures)]


def split_on_guesses(findings: list[Finding], weak: set[str]) -> tuple[list[Finding], list[Finding]]:
    """Findings that hold as the draft is written, and those that rest on a reading too weak to
    count (see checker.gate.readings)."""
    firm = [f for f in findings if not weak.intersection(involved_ids(f))]
    return firm, [f for f in findings if weak.intersection(involved_ids(f))]


def _by_figure(findings: list[Finding], draft_ids: set[str]) -> dict[str, tuple[Finding, ...]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        for cid in involved_ids(finding):
            if cid in draft_ids:
                out.setdefault(cid, []).append(finding)
    return {cid: tuple(found) for cid, found in out.items()}


def verdicts(result: AuditResult, draft: Draft, findings: tuple[list[Finding], list[Finding]], reasons: dict[str, str], refused: dict[str, tuple[str, str]], weak: dict[str, tuple[str, str]], guessed: dict[str, tuple[str, ...]], tolerance_of) -> list[Verdict]:
    """One verdict per figure of the draft, in the draft's order. `findings` are the firm ones
    and those that rest on a reading too weak to count (see split_on_guesses); `weak` gives
    (reason, detail) for such readings, `guessed` what each figure's reading guessed."""
    frame = result.claims
    draft_ids = {f.claim_id for f in draft.figures}
    corpus = corpus_rows(frame, draft_ids)
    position = {cid: k for k, cid in enumerate(frame["claim_id"].tolist())} if not frame.empty else {}
    claims = Claims(frame)
    firm, tentative = _by_figure(findings[0], draft_ids), _by_figure(findings[1], draft_ids)
    out: list[Verdict] = []
    for figure in draft.figures:
        cid = figure.claim_id
        if cid in reasons or cid in refused or cid not in position:
            reason, detail = (reasons[cid], "") if cid in reasons else refused.get(cid, (REFUSED, ""))
            out.append(Verdict(figure, NOT_UNDERSTOOD, reason, detail))
            continue
        row = claims.claim(position[cid])
        if row["low"] != row["low"]:  # NaN: the unit does not convert to the metric's
            out.append(Verdict(figure, NOT_UNDERSTOOD, UNIT, str(row["unit"])))
        elif cid in firm:
            own = firm[cid]
            accepted = "; ".join(dict.fromkeys(f.accepted for f in own if f.accepted)) if all(f.accepted for f in own) else None
            out.append(Verdict(figure, CONFLICT, findings=own, accepted=accepted, guessed=guessed.get(cid, ())))
        elif cid in weak and cid in tentative:
            out.append(Verdict(figure, NOT_UNDERSTOOD, *weak[cid], findings=tentative[cid], guessed=guessed.get(cid, ())))
        else:
            found = supporting(corpus, row, tolerance_of(row["metric"]))
            refs = tuple(Support(relation, cite(claims.claim(position[other]), result.rules)) for relation, other in found)
            held = None if refs else holdings(corpus, row["metric"])
            out.append(Verdict(figure, CONSISTENT if refs else NEW, support=refs, holdings=held, guessed=guessed.get(cid, ())))
    return out
