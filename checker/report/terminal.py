"""Terminal report (rich): summary, findings, then a timeline table per metric."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.report.common import figure_text, interval_text, timeline, window_text
from checker.report.escape import plain
from checker.report.jsonout import summary

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_terminal(result, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None, highlight=False, emoji=False)
    s = summary(result)
    derived = f" (+{s['derived_claims']} derived)" if s["derived_claims"] else ""
    console.print(Text(f"checker audit as of {result.as_of}: {s['sources']} sources, {s['claims']} claims{derived}, {s['metrics']} metrics", style="bold"))
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("severity")
    table.add_column("findings", justify="right")
    for severity in ("error", "warning", "info"):
        table.add_row(Text(severity, style=STYLES[severity]), str(s["by_severity"][severity]))
    table.add_row("accepted", str(s["accepted"]))
    table.add_row("not checked", str(s["not_checked"]))
    if s["unresolved"]:
        table.add_row("unresolved", str(s["unresolved"]))
    console.print(table)

    findings_by_metric: dict[tuple[str, str], list] = {}
    for finding in result.findings:
        findings_by_metric.setdefault((finding.metric, finding.scope), []).append(finding)
    for (metric_id, scope), group in timeline(result.claims):
        metric = result.rules.metrics[metric_id]
        title = f"{metric_id}: {metric.label} ({metric.kind}, {metric.unit})" + (f" [scope: {scope}]" if scope else "")
        console.print()
        console.print(Text(plain(title), style="bold"))
        t = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for column in ("published", "source", "figure", "interval", "window", "quote"):
            t.add_column(column, overflow="fold")
        for _, row in group.iterrows():
            quote = row["quote"] if len(row["quote"]) <= 70 else row["quote"][:67] + "..."
            cells = (row["published"], row["source_id"], figure_text(row["printed"], row["qualifier"], row["unit"]), interval_text(row), window_text(row), quote)
            t.add_row(*(Text(plain(cell)) for cell in cells))
        console.print(t)
        for finding in findings_by_metric.get((metric_id, scope), []):
            label = Text(f"  {finding.severity.value}", style=STYLES[finding.severity.value])
            label.append(f" {finding.rule}" + (" (accepted)" if finding.accepted else "") + ": ", style="bold")
            label.append(plain(finding.message))
            console.print(label)
    if result.not_checked:
        console.print()
        console.print(Text(f"{len(result.not_checked)} claims not checked (see the Markdown or JSON report for reasons)", style="dim"))
    return buffer.getvalue()
