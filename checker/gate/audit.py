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
from checker.loading import Corpus, load_corpus

CLAIM_FIELDS = ("id", "metric", "value", "qualifier", "unit", "window", "window_basis", "quote", "note")


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


def rejected_figures(draft: Draft, figures: list[Figure], rules: Any, folder: Path) -> dict[str, str]:
    """The figures the loader refuses, each with the loader's one-line message."""
    text, starts = claims_document(draft, figures)
    path = folder / "draft-check.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_corpus([path], rules)
    except InputErrors as exc:
        rejected: dict[str, str] = {}
        for issue in exc.issues:
            k = bisect.bisect_right(starts, issue.line or 0) - 1
            if k < 0:  # a problem with the source block: no figure can load
                return {f.claim_id: issue.message for f in figures}
            rejected.setdefault(figures[k].claim_id, f"{issue.field}: {issue.message}" if issue.field else issue.message)
        return rejected
    return {}


def audit_with_draft(claim_paths: list[Path], rules: Any, draft: Draft, figures: list[Figure], display_root: Path | None = None) -> tuple[AuditResult, dict[str, str]]:
    """Audit the corpus with the figures that load; also return the ones refused, by claim id.

    Raises InputErrors for problems in the corpus itself (the figures are checked first)."""
    with tempfile.TemporaryDirectory(prefix="checker-gate-") as tmp:
        folder = Path(tmp)
        rejected = rejected_figures(draft, figures, rules, folder) if figures else {}
        loadable = [f for f in figures if f.claim_id not in rejected]
        text, _ = claims_document(draft, loadable)
        path = folder / f"{draft.source_id}.yaml"
        path.write_text(text, encoding="utf-8")
        corpus: Corpus = load_corpus(list(claim_paths) + [path], rules, display_root=display_root)
    return run_audit(corpus, rules), rejected
