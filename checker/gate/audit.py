"""The corpus and one draft's figures, audited together by the engine (`run_audit`).

The figures the gate understands become a claims file in a temporary folder and load through
the same loader as every other claims file, so a draft figure is validated, widened and
windowed exactly like a hand-made claim. A figure the loader refuses (an unknown unit, a
window it cannot read) is set aside with the loader's message, never a reason to stop.
"""

from __future__ import annotations

import bisect
import tempfile
from pathlib import Path
from typing import Any

import yaml

from checker.engine import AuditResult, run_audit
from checker.errors import InputErrors
from checker.gate.draft import Draft, Figure
from checker.gate.reasons import AMBIGUOUS, REFUSED
from checker.corpus import load_corpus
from checker.loading import Corpus

CLAIM_FIELDS = ("id", "metric", "value", "qualifier", "unit", "window", "window_basis", "scope", "scope_basis", "quote", "note")


def claims_document(draft: Draft, figures: list[Figure]) -> tuple[str, list[int]]:
    """The draft's figures as a claims file, and the first line of each claim in it."""
    source: dict[str, Any] = {
        "id": draft.source_id,
        "title": f"Draft {draft.path}",
        "publisher": "draft",
        "published": draft.published.iso(),
        "date_basis": "stated" if draft.published_basis != "today" else "inferred",
    }
    if draft.published_basis == "today":
        source["date_reason"] = "no --published and no date in the front matter: the gate's run date"
    text = yaml.safe_dump({"source": source}, sort_keys=False, allow_unicode=True, width=10_000)
    text += "claims:\n" if figures else "claims: []\n"
    starts: list[int] = []
    for figure in figures:
        starts.append(text.count("\n") + 1)
        claim = {key: figure.claim[key] for key in CLAIM_FIELDS if key in figure.claim}
        text += yaml.safe_dump([claim], sort_keys=False, allow_unicode=True, width=10_000)
    return text, starts


def refused_figures(draft: Draft, figures: list[Figure], rules: Any, folder: Path) -> dict[str, tuple[str, str]]:
    """The figures to leave out of the audit, each with (reason, detail): those the loader
    refuses (with its message), and those of one sentence that read as the same metric and
    window with values that cannot both hold (one of them has its metric misread)."""
    path = folder / "draft-check.yaml"
    refused: dict[str, tuple[str, str]] = {}
    for _ in range(2):  # the second pass loads what the first did not refuse
        loadable = [f for f in figures if f.claim_id not in refused]
        text, starts = claims_document(draft, loadable)
        path.write_text(text, encoding="utf-8")
        try:
            corpus = load_corpus([path], rules)
        except InputErrors as exc:
            refused.update(_refusals(exc.issues, loadable, starts))
            continue
        return {**refused, **{cid: (AMBIGUOUS, "") for cid in clashing_in_sentence(corpus.claims, loadable)}}
    return {**refused, **{f.claim_id: (REFUSED, "the draft's claims do not load") for f in figures if f.claim_id not in refused}}


def _refusals(issues, figures: list[Figure], starts: list[int]) -> dict[str, tuple[str, str]]:
    refused: dict[str, tuple[str, str]] = {}
    for issue in issues:
        k = bisect.bisect_right(starts, issue.line or 0) - 1
        if k < 0:  # a problem with the source block: no figure can load
            return {f.claim_id: (REFUSED, issue.message) for f in figures}
        message = f"{issue.field}: {issue.message}" if issue.field else issue.message
        refused.setdefault(figures[k].claim_id, (REFUSED, message))
    return refused


def clashing_in_sentence(frame, figures: list[Figure]) -> set[str]:
    """Claim ids of figures that share a sentence, metric and scope with another figure whose
    window may be the same and whose interval does not overlap theirs. A sentence does not give
    two values for one quantity ("killed 71 people and injured 341" read as two injury counts):
    the metric is misread. Windows are compared as loaded, so "since the start of 2024" and
    "since 2024" are one window however the extractor wrote them."""
    if frame.empty:
        return set()
    rows = {row["claim_id"]: row for row in frame.to_dict("records")}
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for figure in figures:
        if figure.claim_id in rows:
            groups.setdefault((figure.sentence, figure.metric, str(figure.claim.get("scope") or "")), []).append(rows[figure.claim_id])
    clashing: set[str] = set()
    for members in groups.values():
        for a in members:
            for b in members:
                if a["high"] < b["low"] and may_share_window(a, b):  # NaN (no conversion) compares False
                    clashing |= {a["claim_id"], b["claim_id"]}
    return clashing


def may_share_window(a: dict, b: dict) -> bool:
    """Whether two loaded claims' windows may be one: their starts' and ends' spans overlap."""
    def overlap(first: str, last: str) -> bool:
        if a[first] != a[first] or b[first] != b[first]:  # an open start (NaN) matches only another
            return a[first] != a[first] and b[first] != b[first]
        return a[first] <= b[last] and b[first] <= a[last]

    return overlap("start_first", "start_last") and overlap("end_first", "end_last")


def audit_with_draft(claim_paths: list[Path], rules: Any, draft: Draft, figures: list[Figure], display_root: Path | None = None) -> tuple[AuditResult, dict[str, tuple[str, str]]]:
    """Audit the corpus with the figures that load and read clearly; also return the others,
    by claim id, with why they were left out.

    Raises InputErrors for problems in the corpus itself (the figures are checked first)."""
    with tempfile.TemporaryDirectory(prefix="checker-gate-") as tmp:
        folder = Path(tmp)
        refused = refused_figures(draft, figures, rules, folder) if figures else {}
        loadable = [f for f in figures if f.claim_id not in refused]
        text, _ = claims_document(draft, loadable)
        path = folder / f"{draft.source_id}.yaml"
        path.write_text(text, encoding="utf-8")
        corpus: Corpus = load_corpus(list(claim_paths) + [path], rules, display_root=display_root)
    # Each draft figure's findings stay pairs: the gate rules on each figure by its own findings.
    return run_audit(corpus, rules, apart=frozenset(f.claim_id for f in loadable)), refused
