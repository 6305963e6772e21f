"""Markdown report of `checker gate`: per draft, the verdict table first, then the conflicts in
full, the inline accepts that matched nothing, and how the corpus was read. Every string from
a draft or a source goes through `md()`."""

from __future__ import annotations

from checker import __version__
from checker.report.common import figure_text
from checker.report.escape import md, md_link
from checker.report.gate_common import against_words, counts, figure_label, figure_sentences, line_column, published_words, verdict_label


def render_gate_markdown(result) -> str:
    out: list[str] = ["# checker gate", ""]
    total = {name: sum(counts(g)[name] for g in result.drafts) for name in ("conflict", "not understood", "new", "consistent")}
    out.append(
        f"{len(result.drafts)} draft{'s' if len(result.drafts) != 1 else ''} against {result.corpus_sources} sources and "
        f"{result.corpus_claims} claims: {total['conflict']} conflicts, {total['not understood']} not understood, "
        f"{total['new']} new, {total['consistent']} consistent. checker {__version__}."
    )
    out.append("")
    for gate in result.drafts:
        out += _draft_section(gate, result.min_confidence)
    return "\n".join(out)


def _draft_section(gate, threshold: float) -> list[str]:
    draft_ids = {f.claim_id for f in gate.draft.figures}
    out = [f"## {md(gate.draft.path)}", ""]
    out.append("| # | Figure | Verdict | Against what | Line:col |")
    out.append("|---:|---|---|---|---|")
    for number, verdict in enumerate(gate.verdicts, 1):
        out.append(
            f"| {number} | {md(figure_label(verdict))} | **{verdict_label(verdict)}** | "
            f"{md(against_words(verdict, draft_ids, threshold))} | {line_column(verdict)} |"
        )
    if not gate.verdicts:
        out.append("| | no figures found | | | |")
    out.append("")
    out.append(f"Published {md(published_words(gate))}. Figures read with confidence below {threshold:.2f} are not understood, never conflicts.")
    out.append("")
    out += _conflicts(gate.findings, gate.verdicts, "Conflicts", "No conflicts.")
    if gate.tentative:
        out += _conflicts(gate.tentative, gate.verdicts, "Would conflict if the guessed readings held (not counted)", "")
    if gate.unused_accepts:
        out.append("### Inline accepts that match no figure")
        out.append("")
        for accept in gate.unused_accepts:
            out.append(f"- line {accept.line}: `{md(accept.written)}`: {md(accept.reason)}")
        out.append("")
    return out


def _conflicts(findings, verdicts, title: str, none: str) -> list[str]:
    if not findings:
        return [none, ""] if none else []
    out = [f"### {title}", ""]
    for number, finding in enumerate(findings, 1):
        label = finding.severity.value + (" (accepted)" if finding.accepted else "")
        scope = f" ({md(finding.scope)})" if finding.scope else ""
        out.append(f"#### {number}. {label}: `{finding.rule}` on `{md(finding.metric)}`{scope}")
        out.append("")
        out.append(md(finding.message))
        out.append("")
        for verdict in figure_sentences(finding, verdicts):
            out.append(f"> {md(verdict.figure.sentence)} (line {line_column(verdict)})")
            out.append("")
        if finding.accepted:
            out.append(f"Accepted: {md(finding.accepted)}")
            out.append("")
        out.append("| Source | Published | Figure | Compared as | Window | Quote | File |")
        out.append("|---|---|---|---|---|---|---|")
        for claim in finding.claims:
            window = f"{claim.window_start or '?'} to {claim.window_end}"
            quote = f"*{md(claim.quote)}*" if claim.derived_from else f"“{md(claim.quote)}”"
            out.append(
                f"| {md_link(claim.source, claim.url)} | {md(claim.published)} | {md(figure_text(claim.printed, claim.qualifier, claim.unit))} | "
                f"{md(claim.compared)} | {md(window)} | {quote} | {md(claim.file)}:{claim.line} |"
            )
        out.append(f"\nFingerprint: `{finding.fingerprint}`")
        out.append("")
    return out
