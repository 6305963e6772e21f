"""Markdown report for review (reports/audit.md). Every source string goes through `md()`."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as percent_encode

from checker import __version__
from checker.checks import REGISTRY
from checker.report.common import figure_text, interval_text, timeline, window_text
from checker.report.escape import md, md_link
from checker.report.jsonout import summary
from checker.report.write import check_writable, write_atomic, write_folder

CHARTS_MISSING = "matplotlib is not installed (pip install 'checker[charts]')"


@dataclass(frozen=True)
class Place:
    """Where a Markdown report is written, and so which links it can make: relative links to its
    charts and to the claim files. The default is standard output: no charts, no file links."""

    report: Path | None = None
    files_root: Path | None = None  # the folder that claim file names are relative to
    charts: dict[tuple[str, str], str] = field(default_factory=dict)  # (metric, scope) -> link
    charts_missing: str = ""  # why there are no charts, when charts were asked for


def write_markdown(result, path: Path, files_root: Path) -> str:
    """Write the report to `path` and its charts to `<stem>-charts/` beside it, each file
    atomically. Returns why charts were not drawn ('' when they were)."""
    from checker.report.charts import chart_series, render_svg

    check_writable(path)  # refuse a bad report path before any chart is written
    folder = path.with_name(f"{path.stem}-charts")
    svgs: dict[str, str] = {}
    links: dict[tuple[str, str], str] = {}
    missing = "" if importlib.util.find_spec("matplotlib") else CHARTS_MISSING
    for series in [] if missing else chart_series(result):
        svgs[f"{series.slug}.svg"] = render_svg(series)
        links[(series.metric, series.scope)] = percent_encode(f"{folder.name}/{series.slug}.svg")
    text = render_markdown(result, Place(path, files_root, links, missing))
    write_folder(folder, svgs, ".svg")
    write_atomic(path, text)
    return missing


def render_markdown(result, place: Place = Place()) -> str:
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
    if place.charts_missing:
        out.append(f"Charts were not drawn: {md(place.charts_missing)}.")
        out.append("")
    metrics = result.rules.metrics
    for (metric_id, scope), group in timeline(result.claims):
        metric = metrics[metric_id]
        scope_text = f", scope: {md(scope)}" if scope else ""
        out.append(f"### `{md(metric_id)}`: {md(metric.label)} ({metric.kind}, {md(metric.unit)}{scope_text})")
        out.append("")
        chart = place.charts.get((metric_id, scope))
        if chart:
            out.append(f"![Timeline of {md(metric_id)}{' (' + md(scope) + ')' if scope else ''}]({chart})")
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
