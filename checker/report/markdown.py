"""Markdown report for review (reports/audit.md), as GitHub renders it.

Findings come first: a table of every finding (open ones before accepted ones) linking to its
section, then a summary of the checks that ran. Every heading carries a stable anchor (`<a
name>`): a finding's is its fingerprint, a metric's its id, so links survive regeneration.
Every source string goes through `md()`; ids go in code spans only when they need no escaping
(Markdown does not unescape inside code spans). Claim files are linked relative to the report.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as percent_encode

from checker import __version__
from checker.checks import REGISTRY
from checker.report.charts import MAX_CHARTS, MAX_POINTS, chart_series, render_svg, select_charts
from checker.report.common import compared_text, figure_as_compared, figure_text, findings_by_claim, group_slugs, numbered_findings, said_by, timeline, window_text
from checker.report.escape import anchor, code, md, md_link, md_relative_link
from checker.report.jsonout import summary
from checker.report.write import check_writable, write_atomic, write_folder

CHARTS_MISSING = "matplotlib is not installed (pip install 'checker[charts]')"
NO_CHART = {
    "crowded": f"more claims than a chart shows legibly ({MAX_POINTS})",
    "limit": f"a report draws at most {MAX_CHARTS} charts, those with findings first",
}
GLANCE_FIGURES = 3  # figures named per finding in the at-a-glance table


@dataclass(frozen=True)
class Place:
    """Where a Markdown report is written, and so which links it can make: relative links to its
    charts and to the claim files. The default is standard output: no charts, no file links."""

    report: Path | None = None
    files_root: Path | None = None  # the folder that claim file names are relative to
    charts: dict[tuple[str, str], str] = field(default_factory=dict)  # (metric, scope) -> link
    charts_missing: str = ""  # why there are no charts, when charts were asked for
    charts_skipped: dict[tuple[str, str], str] = field(default_factory=dict)  # (metric, scope) -> select_charts' reason


def write_markdown(result, path: Path, files_root: Path) -> str:
    """Write the report to `path` and its charts to `<stem>-charts/` beside it, each file
    atomically. Returns why charts were not drawn ('' when they were)."""
    check_writable(path)  # refuse a bad report path before any chart is written
    folder = path.with_name(f"{path.stem}-charts")
    svgs: dict[str, str] = {}
    links: dict[tuple[str, str], str] = {}
    missing = "" if importlib.util.find_spec("matplotlib") else CHARTS_MISSING
    drawn, skipped = select_charts([] if missing else chart_series(result))
    for series in drawn:
        svgs[f"{series.slug}.svg"] = render_svg(series)
        links[(series.metric, series.scope)] = percent_encode(f"{folder.name}/{series.slug}.svg")
    text = render_markdown(result, Place(path, files_root, links, missing, skipped))
    write_folder(folder, svgs, ".svg")
    write_atomic(path, text)
    return missing


@dataclass(frozen=True)
class Anchors:
    """The anchor names of one report: findings by number, metric timelines by (metric, scope)."""

    findings: dict[int, str]
    metrics: dict[tuple[str, str], str]

    @classmethod
    def of(cls, result, numbered) -> "Anchors":
        slugs = group_slugs(key for key, _ in timeline(result.claims))
        return cls({n: f"finding-{f.fingerprint}" for n, f in numbered}, {key: f"metric-{slug}" for key, slug in slugs.items()})

    def finding_link(self, number: int) -> str:
        return f"[{number}](#{self.findings[number]})"

    def metric_link(self, metric: str, scope: str) -> str:
        text = code(metric) + (f" ({md(scope)})" if scope else "")
        target = self.metrics.get((metric, scope))
        return f"[{text}](#{target})" if target else text


def render_markdown(result, place: Place = Place()) -> str:
    numbered = numbered_findings(result.findings)
    anchors = Anchors.of(result, numbered)
    sections = [
        _header(result),
        _glance(numbered, anchors),
        _summary(result),
        _findings(numbered, anchors, place),
        _metrics(result, numbered, anchors, place),
        _stale(result),
        _not_checked(result, place),
        _sources(result),
    ]
    return "\n".join(line for section in sections for line in section)


def _header(result) -> list[str]:
    s = summary(result)
    counts = s["by_severity"]
    return [
        f"# {anchor('checker-audit')}checker audit",
        "",
        f"As of {result.as_of}: {s['sources']} sources, {s['claims']} claims (and {s['derived_claims']} derived from them "
        f"by the rules' relations), {s['metrics']} metrics. checker {__version__}.",
        "",
        f"**Open findings: {_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}, "
        f"{_count(counts['info'], 'info')}. Accepted: {s['accepted']}.** "
        f"Claims no check could compare: {s['not_checked']} ([Not checked](#not-checked)).",
        "",
    ]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("s" if n != 1 and word != "info" else "")


def _glance(numbered, anchors: Anchors) -> list[str]:
    out = [f"## {anchor('findings-at-a-glance')}Findings at a glance", ""]
    if not numbered:
        return out + ["No findings.", ""]
    out += ["| # | Severity | Check | Metric | Figures |", "|---:|---|---|---|---|"]
    for number, finding in numbered:
        out.append(
            f"| {anchors.finding_link(number)} | {_severity(finding)} | {code(finding.rule)} | "
            f"{anchors.metric_link(finding.metric, finding.scope)} | {_figures_at_a_glance(finding)} |"
        )
    return out + [""]


def _severity(finding) -> str:
    return finding.severity.value + (", accepted" if finding.accepted else "")


def _figures_at_a_glance(finding) -> str:
    """The figures a finding sets against each other, each with its source, in one line."""
    if not finding.claims:
        return md(f"{dict(finding.details).get('not_listed', 'more')} further findings not listed")
    figures = []
    for claim in finding.claims[:GLANCE_FIGURES]:
        derived = ", derived" if claim.derived_from else ""
        figures.append(f"{figure_text(claim.printed, claim.qualifier, claim.unit)} ({claim.source}{derived})")
    rest = len(finding.claims) - GLANCE_FIGURES
    text = " against ".join(figures) if len(figures) == 2 else "; ".join(figures)
    return md(text + (f"; and {rest} more" if rest > 0 else ""))


def _summary(result) -> list[str]:
    s = summary(result)
    out = [f"## {anchor('summary')}Summary", ""]
    if result.checks_run:
        out += ["| Check | Open | Accepted |", "|---|---:|---:|"]
        for check_id in result.checks_run:
            of_check = [f for f in result.findings if f.rule == check_id]
            accepted = sum(f.accepted is not None for f in of_check)
            out.append(f"| {code(check_id)} | {len(of_check) - accepted} | {accepted} |")
        out.append("")
    idle = [check_id for check_id in REGISTRY if check_id not in result.checks_run]
    if idle:
        out += [f"Checks that had nothing to compare here (no claims of their kinds or relations, or turned off): {', '.join(map(code, idle))}.", ""]
    quotes = s["quotes"]
    out += [
        f"Quotes checked against their source text: {quotes['verified']} verified, "
        f"{quotes['not verified']} not verified (no source text available).",
        "",
    ]
    return out


def _findings(numbered, anchors: Anchors, place: Place) -> list[str]:
    out = [f"## {anchor('findings')}Findings", ""]
    if not numbered:
        return out + ["No findings.", ""]
    for number, finding in numbered:
        scope = f" ({md(finding.scope)})" if finding.scope else ""
        out += [f"### {anchor(anchors.findings[number])}{number}. {_severity(finding)}: {code(finding.rule)} on {code(finding.metric)}{scope}", ""]
        out += [md(finding.message), ""]
        if finding.accepted:
            out += [f"Accepted: {md(finding.accepted)}", ""]
        out += _finding_claims_table(finding.claims, place)
        out += [f"Fingerprint: `{finding.fingerprint}`", ""]
    return out


def _finding_claims_table(claims, place: Place) -> list[str]:
    """The claims a finding rests on: who gave each figure, where, and the words."""
    if not claims:
        return []
    out = ["| Source | Said by | Published | Figure | Window | Quote | File |", "|---|---|---|---|---|---|---|"]
    for claim in claims:
        window = f"{claim.window_start} to {claim.window_end}" if claim.window_start else f"as of {claim.window_end}"
        figure = figure_as_compared(figure_text(claim.printed, claim.qualifier, claim.unit), claim.compared)
        out.append(
            f"| {md_link(claim.source, claim.url)} | {md(said_by(claim.attributed_to, claim.publisher))} | {md(claim.published)} | "
            f"{md(figure)} | {md(window)} | {_quote(claim.quote, bool(claim.derived_from))} | {_file_link(claim.file, claim.line, place)} |"
        )
    return out + [""]


def _metrics(result, numbered, anchors: Anchors, place: Place) -> list[str]:
    out = [f"## {anchor('metrics')}Metrics", "", "Each metric's claims in order of their windows' end."]
    if place.charts_missing:
        out.append(f"Charts were not drawn: {md(place.charts_missing)}.")
    out.append("")
    involved = findings_by_claim(numbered)
    for (metric_id, scope), group in timeline(result.claims):
        metric = result.rules.metrics[metric_id]
        scope_text = f", scope: {md(scope)}" if scope else ""
        out += [f"### {anchor(anchors.metrics[(metric_id, scope)])}{code(metric_id)}: {md(metric.label)} ({metric.kind}, {md(metric.unit)}{scope_text})", ""]
        chart = place.charts.get((metric_id, scope))
        if chart:
            out += [f"![Timeline of {md(metric_id)}{' (' + md(scope) + ')' if scope else ''}]({chart})", ""]
        elif (metric_id, scope) in place.charts_skipped:
            out += [f"No chart: {NO_CHART[place.charts_skipped[(metric_id, scope)]]}.", ""]
        out += ["| Window | Figure | Source | Published | Said by | Quote | Quote check | Findings |", "|---|---|---|---|---|---|---|---|"]
        for _, row in group.iterrows():
            provenance = "derived" if row["derived_from"] else result.corpus.provenance.get(row["claim_id"], "not verified")
            links = ", ".join(anchors.finding_link(n) for n, _ in involved.get(str(row["claim_id"]), []))
            figure = figure_as_compared(figure_text(row["printed"], row["qualifier"], row["unit"]), compared_text(row, metric.unit))
            out.append(
                f"| {md(window_text(row))} | {md(figure)} | {md_link(row['source_id'], row['url'])} | {md(row['published'])} | "
                f"{md(said_by(row['attributed_to'], row['publisher']))} | {_quote(row['quote'], bool(row['derived_from']))} | {provenance} | {links} |"
            )
        out.append("")
    return out


def _stale(result) -> list[str]:
    if not result.stale_accepted:
        return []
    out = [f"## {anchor('stale-acceptances')}Stale acceptances", ""]
    out += ["These accepted fingerprints match no current finding: the finding was fixed or its claims changed. Remove them from the rules.", ""]
    out += [f"- `{fingerprint}`: {md(reason)}" for fingerprint, reason in result.stale_accepted]
    return out + [""]


def _not_checked(result, place: Place) -> list[str]:
    out = [f"## {anchor('not-checked')}Not checked", ""]
    unresolved = result.corpus.unresolved
    if unresolved:
        out += [f"{len(unresolved)} draft figures have `metric: unresolved` (from `checker extract`): give each a metric or delete it.", ""]
        out += ["| Source | Figure | Quote | File |", "|---|---|---|---|"]
        for item in unresolved:
            figure = (item["value"] + " " + item["unit"]).strip()
            out.append(f"| {md(item['source_id'])} | {md(figure)} | “{md(item['quote'])}” | {_file_link(item['file'], item['line'], place)} |")
        out.append("")
    out += _relations_not_checked(result)
    if not result.not_checked:
        return out + ["Every claim was compared with at least one other.", ""]
    out += ["These claims were read but no check could compare them; silence here is not consistency.", ""]
    out += ["| Metric | Source | Figure | Window | Reason |", "|---|---|---|---|---|"]
    for ref, reason in result.not_checked:
        window = f"{ref.window_start} to {ref.window_end}" if ref.window_start else f"as of {ref.window_end}"
        out.append(f"| {code(ref.metric)} | {md(ref.source)} | {md(figure_text(ref.printed, ref.qualifier, ref.unit))} | {md(window)} | {md(reason)} |")
    return out + [""]


def _relations_not_checked(result) -> list[str]:
    if not result.relations_not_checked:
        return []
    out = ["These relations from the rules had no claims to test them; they are neither kept nor broken.", ""]
    out += ["| Relation | Check | Reason |", "|---|---|---|"]
    out += [f"| {md(rid)} | {md(check)} | {md(reason)} |" for rid, check, reason in result.relations_not_checked]
    return out + [""]


def _sources(result) -> list[str]:
    out = [f"## {anchor('sources')}Sources", "", "| Id | Publisher | Published | Date | Title |", "|---|---|---|---|---|"]
    for sid in sorted(result.corpus.sources):
        source = result.corpus.sources[sid]
        basis = source.date_basis if source.date_basis == "stated" else f"inferred: {source.date_reason}"
        out.append(f"| {md(sid)} | {md(source.publisher)} | {source.published.iso()} | {md(basis)} | {md_link(source.title, source.url)} |")
    return out + [""]


def _file_link(file: str, line: int, place: Place) -> str:
    """file:line, linked relative to the report (GitHub opens it at the line) when the report
    is written to a file; plain text on standard output."""
    text = f"{file}:{line}"
    if place.report is None or place.files_root is None:
        return md(text)
    target = Path(file) if Path(file).is_absolute() else place.files_root / file
    try:
        relative = os.path.relpath(os.path.abspath(target), os.path.dirname(os.path.abspath(place.report)))
    except ValueError:  # another drive (Windows): no relative path exists
        return md(text)
    return md_relative_link(text, Path(relative).as_posix(), f"#L{int(line)}")


def _quote(text: str, derived: bool) -> str:
    """A source's words in quotation marks; a derivation (our words) in italics."""
    return f"*{md(text)}*" if derived else f"“{md(text)}”"
