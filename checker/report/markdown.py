"""Markdown report for review (reports/audit.md). Every source string goes through `md()`."""

from __future__ import annotations

from checker import __version__
from checker.checks import REGISTRY
from checker.report.common import figure_text, interval_text, timeline, window_text
from checker.report.escape import md, md_link
from checker.report.jsonout import summary


def render_markdown(result) -> str:
    out: list[str] = []
    s = summary(result)
    out.append("# checker audit")
    out.append("")
    out.append(
        f"As of {result.as_of}. {s['sources']} sources, {s['claims']} claims "
        f"(and {s['derived_claims']} derived from them by the rules' relations), {s['metrics']} metrics. "
        f"checker {__version__}."
    )
    out.append("")
    out.append("## Summary")
    out.append("")
    out.append("| Severity | Findings |")
    out.append("|---|---:|")
    for severity in ("error", "warning", "info"):
        out.append(f"| {severity} | {s['by_severity'][severity]} |")
    out.append(f"| accepted | {s['accepted']} |")
    out.append("")
    out.append("| Check | Findings |")
    out.append("|---|---:|")
    for check_id in REGISTRY:
        out.append(f"| `{check_id}` | {sum(f.rule == check_id for f in result.findings)} |")
    out.append("")
    quotes = s["quotes"]
    out.append(
        f"Quotes checked against their source text: {quotes['verified']} verified, "
        f"{quotes['not verified']} not verified (no source text available). "
        f"Claims no check could evaluate: {s['not_checked']} (listed under *Not checked*)."
    )
    out.append("")

    out.append("## Findings")
    out.append("")
    if not result.findings:
        out.append("No findings.")
        out.append("")
    for number, finding in enumerate(result.findings, 1):
        label = f"{finding.severity.value}" + (" (accepted)" if finding.accepted else "")
        scope = f" ({md(finding.scope)})" if finding.scope else ""
        out.append(f"### {number}. {label}: `{finding.rule}` on `{md(finding.metric)}`{scope}")
        out.append("")
        out.append(md(finding.message))
        out.append("")
        if finding.accepted:
            out.append(f"Accepted: {md(finding.accepted)}")
            out.append("")
        if finding.claims:
            out.append("| Source | Published | Figure | Compared as | Window | Quote | File |")
            out.append("|---|---|---|---|---|---|---|")
        for claim in finding.claims:
            window = f"{claim.window_start or '?'} to {claim.window_end}"
            quote = _quote(claim.quote, bool(claim.derived_from))
            out.append(
                f"| {md_link(claim.source, claim.url)} | {md(claim.published)} | "
                f"{md(figure_text(claim.printed, claim.qualifier, claim.unit))} | {md(claim.compared)} | {md(window)} | "
                f"{quote} | {md(claim.file)}:{claim.line} |"
            )
        out.append(f"\nFingerprint: `{finding.fingerprint}`")
        out.append("")

    out.append("## Metrics")
    out.append("")
    metrics = result.rules.metrics
    for (metric_id, scope), group in timeline(result.claims):
        metric = metrics[metric_id]
        scope_text = f", scope: {md(scope)}" if scope else ""
        out.append(f"### `{md(metric_id)}`: {md(metric.label)} ({metric.kind}, {md(metric.unit)}{scope_text})")
        out.append("")
        out.append("| Published | Source | Figure | As interval | Window | Said by | Quote | Quote check |")
        out.append("|---|---|---|---|---|---|---|---|")
        for _, row in group.iterrows():
            provenance = "derived" if row["derived_from"] else result.corpus.provenance.get(row["claim_id"], "not verified")
            out.append(
                f"| {md(row['published'])} | {md_link(row['source_id'], row['url'])} | "
                f"{md(figure_text(row['printed'], row['qualifier'], row['unit']))} | {md(interval_text(row))} | "
                f"{md(window_text(row))} | {md(row['attributed_to'])} | {_quote(row['quote'], bool(row['derived_from']))} | {provenance} |"
            )
        out.append("")

    if result.stale_accepted:
        out.append("## Stale acceptances")
        out.append("")
        out.append("These accepted fingerprints match no current finding: the finding was fixed or its claims changed. Remove them from the rules.")
        out.append("")
        for fingerprint, reason in result.stale_accepted:
            out.append(f"- `{fingerprint}`: {md(reason)}")
        out.append("")

    out.append("## Not checked")
    out.append("")
    if result.corpus.unresolved:
        out.append(f"{len(result.corpus.unresolved)} draft figures have `metric: unresolved` (from `checker extract`): give each a metric or delete it.")
        out.append("")
        out.append("| Source | Figure | Quote | File |")
        out.append("|---|---|---|---|")
        for item in result.corpus.unresolved:
            out.append(f"| {md(item['source_id'])} | {md((item['value'] + ' ' + item['unit']).strip())} | “{md(item['quote'])}” | {md(item['file'])}:{item['line']} |")
        out.append("")
    if not result.not_checked:
        out.append("Every claim was compared with at least one other.")
    else:
        out.append("These claims were read but no check could compare them; silence here is not consistency.")
        out.append("")
        out.append("| Metric | Source | Figure | Window | Reason |")
        out.append("|---|---|---|---|---|")
        for ref, reason in result.not_checked:
            out.append(
                f"| `{md(ref.metric)}` | {md(ref.source)} | {md(figure_text(ref.printed, ref.qualifier, ref.unit))} | "
                f"{md((ref.window_start or '?') + ' to ' + ref.window_end)} | {md(reason)} |"
            )
    out.append("")

    out.append("## Sources")
    out.append("")
    out.append("| Id | Publisher | Published | Date | Title |")
    out.append("|---|---|---|---|---|")
    for sid in sorted(result.corpus.sources):
        source = result.corpus.sources[sid]
        basis = source.date_basis if source.date_basis == "stated" else f"inferred: {source.date_reason}"
        out.append(
            f"| {md(sid)} | {md(source.publisher)} | {source.published.iso()} | {md(basis)} | "
            f"{md_link(source.title, source.url)} |"
        )
    out.append("")
    return "\n".join(out)


def _quote(text: str, derived: bool) -> str:
    """A source's words in quotation marks; a derivation (our words) in italics."""
    return f"*{md(text)}*" if derived else f"“{md(text)}”"
