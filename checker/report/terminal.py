"""Terminal report (rich): a one-line verdict, the checks that ran, then each finding with the
claims it rests on; every metric's timeline only when asked (`--timelines`).

The report fits the width it is given: a table row never wraps. Each table is measured, and
when it is too wide its quote column gives way first (then who said it, then the source), cut
with an ellipsis; rich trims what is still too wide the same way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from checker.checks import REGISTRY
from checker.report.common import compared_text, figure_as_compared, figure_text, findings_by_claim, numbered_findings, said_by, timeline, window_text
from checker.report.escape import plain
from checker.report.jsonout import summary

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
INDENT = 3  # findings and timelines are indented under their headings
GAP = 2  # spaces between table columns (rich pads each cell by one on both sides)


def _text(value: object, **style) -> Text:
    """Source text for the terminal: bidi controls and line separators made inert."""
    return Text(plain(value), **style)


def render_terminal(result, color: bool = False, width: int = 100, timelines: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                      highlight=False, emoji=False, markup=False)
    for block in report_blocks(result, width, timelines):
        console.print(block)
    if color:
        return buffer.getvalue()
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())  # rich pads cells with spaces


def summary_line(result) -> str:
    """The verdict in one line (what `-q` prints)."""
    counts = result.counts()
    open_part = ", ".join(f"{counts[s]} {s}" + ("s" if counts[s] != 1 and s != "info" else "") for s in ("error", "warning", "info"))
    return f"checker as of {result.as_of}: {open_part} open; {counts['accepted']} accepted; {len(result.not_checked)} claims not checked"


def report_blocks(result, width: int, timelines: bool = False) -> list:
    """What the report prints, in order: rich renderables, each table fitted to `width`."""
    s = summary(result)
    derived = f" (+{s['derived_claims']} derived)" if s["derived_claims"] else ""
    blocks: list = [
        _text(summary_line(result), style="bold"),
        _text(f"{s['sources']} sources, {s['claims']} claims{derived}, {s['metrics']} metrics", style="dim"),
    ]
    if s["unresolved"]:
        blocks.append(_text(f"{s['unresolved']} draft figures have metric: unresolved (see the Markdown report)", style="yellow"))
    blocks += _checks_table(result, width)
    numbered = numbered_findings(result.findings)
    for number, finding in numbered:
        blocks += _finding_blocks(number, finding, width)
    if timelines:
        blocks += _timeline_blocks(result, numbered, width)
    hints = []
    if result.not_checked:
        hints.append(f"{len(result.not_checked)} claims not checked: the Markdown and JSON reports give the reasons.")
    if not timelines:
        hints.append("--timelines shows every metric's claims in order.")
    return blocks + [_text(""), _text(" ".join(hints), style="dim")] if hints else blocks


def _checks_table(result, width: int) -> list:
    blocks: list = [_text("")]
    if result.checks_run:
        rows = []
        for check_id in result.checks_run:
            of_check = [f for f in result.findings if f.rule == check_id]
            accepted = sum(f.accepted is not None for f in of_check)
            rows.append([_text(check_id), _text(str(len(of_check) - accepted)), _text(str(accepted))])
        blocks.append(fitted_table([Column("check"), Column("open", right=True), Column("accepted", right=True)], rows, width))
    idle = [check_id for check_id in REGISTRY if check_id not in result.checks_run]
    if idle:
        blocks.append(_text(f"not run (nothing to compare, or off in the rules): {', '.join(idle)}", style="dim"))
    return blocks


def _finding_blocks(number: int, finding, width: int) -> list:
    style = "dim" if finding.accepted else STYLES[finding.severity.value]
    heading = _text(f"{number}. ", style="bold")
    heading.append(finding.severity.value + (" (accepted)" if finding.accepted else ""), style=style)
    heading.append(f"  {finding.rule} on {finding.metric}" + (f" ({finding.scope})" if finding.scope else ""), style="bold")
    body: list = [_text(finding.message)]
    if finding.accepted:
        body.append(_text(f"Accepted: {finding.accepted}", style="dim"))
    if finding.claims:
        body.append(finding_claims_table(finding.claims, width - INDENT))
    return [_text(""), heading, Padding(Group(*body), (0, 0, 0, INDENT), expand=False)]


def finding_claims_table(claims, width: int) -> Table:
    """The claims a finding rests on, one line each: who gave which figure, where, the words."""
    rows = []
    for claim in claims:
        window = f"{claim.window_start} to {claim.window_end}" if claim.window_start else f"as of {claim.window_end}"
        quote = f"({claim.quote})" if claim.derived_from else f"“{claim.quote}”"
        rows.append([
            _text(claim.source), _text(said_by(claim.attributed_to, claim.publisher)), _text(claim.published),
            _text(figure_text(claim.printed, claim.qualifier, claim.unit)),  # the message gives the intervals
            _text(window), _text(" ".join(quote.split())), _text(f"{claim.file}:{claim.line}"),
        ])
    columns = [
        Column("source", floor=10), Column("said by", floor=12, drop=3), Column("published", drop=1),
        Column("figure", floor=12), Column("window"), Column("quote", floor=24), Column("file", floor=16, drop=2, keep_end=True),
    ]
    return fitted_table(columns, rows, width)


def _timeline_blocks(result, numbered, width: int) -> list:
    involved = findings_by_claim(numbered)
    columns = [Column("window"), Column("figure", floor=12), Column("source", floor=10), Column("said by", floor=10, drop=1),
               Column("quote", floor=20, drop=2), Column("#")]
    blocks: list = []
    for (metric_id, scope), group in timeline(result.claims):
        metric = result.rules.metrics[metric_id]
        title = f"{metric_id}: {metric.label} ({metric.kind}, {metric.unit})" + (f" [scope: {scope}]" if scope else "")
        rows = []
        for _, row in group.iterrows():
            numbers = ", ".join(f"#{n}" for n, _ in involved.get(str(row["claim_id"]), []))
            quote = f"({row['quote']})" if row["derived_from"] else f"“{row['quote']}”"
            rows.append([
                _text(window_text(row)), _text(figure_as_compared(figure_text(row["printed"], row["qualifier"], row["unit"]), compared_text(row, metric.unit))),
                _text(str(row["source_id"])), _text(said_by(row["attributed_to"], row["publisher"])), _text(" ".join(quote.split())),
                _text(numbers, style="bold"),
            ])
        heading = _text(title, style="bold")
        heading.truncate(width, overflow="ellipsis")
        blocks += [_text(""), heading, Padding(fitted_table(columns, rows, width - INDENT), (0, 0, 0, INDENT), expand=False)]
    return blocks


@dataclass(frozen=True)
class Column:
    """A table column and how it gives way when the table is too wide: `drop` orders the columns
    left out first (lowest first; 0: never), `floor` is the narrowest it is cut to (0: never
    cut), in SHRINK_ORDER. `keep_end` cuts from the left (a file name keeps its line number)."""

    name: str
    floor: int = 0
    drop: int = 0
    keep_end: bool = False
    right: bool = False


SHRINK_ORDER = ("quote", "said by", "file", "figure", "source")
HARD_FLOOR = 4


def fitted_table(columns: list[Column], rows: list[list[Text]], width: int) -> Table:
    """A borderless table whose rows each fit on one line of `width` cells."""
    natural = {c.name: max([cell_len(c.name)] + [cell_len(row[i].plain) for row in rows]) for i, c in enumerate(columns)}
    shown = _columns_that_fit(columns, natural, width)
    limits = _give_way(shown, natural, width - GAP * (len(shown) - 1))
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, padding=(0, 1))
    for column in shown:
        table.add_column(column.name, no_wrap=True, overflow="ellipsis", justify="right" if column.right else "left",
                         min_width=limits[column.name], max_width=limits[column.name])
    for row in rows:
        cells = dict(zip((c.name for c in columns), row))
        table.add_row(*(_cut_start(cells[c.name], limits[c.name]) if c.keep_end else cells[c.name] for c in shown))
    return table


def _columns_that_fit(columns: list[Column], natural: dict[str, int], width: int) -> list[Column]:
    """Leave out droppable columns, lowest `drop` first, until the rest fit at their floors."""
    shown = list(columns)
    for column in sorted((c for c in columns if c.drop), key=lambda c: c.drop):
        narrowest = sum(c.floor and min(c.floor, natural[c.name]) or natural[c.name] for c in shown)
        if narrowest + GAP * (len(shown) - 1) <= width:
            break
        shown.remove(column)
    return shown


def _give_way(shown: list[Column], natural: dict[str, int], room: int) -> dict[str, int]:
    """Each column's width: its natural width, cut in SHRINK_ORDER down to floors until the
    columns fit in `room`."""
    widths = {c.name: natural[c.name] for c in shown}
    excess = sum(widths.values()) - room
    floors = {c.name: c.floor for c in shown if c.floor}
    # Down to the floors first; on a very narrow console, further, to a few characters.
    for floor_of in (floors.get, lambda name: HARD_FLOOR):
        for name in SHRINK_ORDER:
            if excess > 0 and name in floors:
                cut = min(excess, max(0, widths[name] - floor_of(name)))
                widths[name] -= cut
                excess -= cut
    return widths


def _cut_start(text: Text, width: int) -> Text:
    shown = text.plain
    if cell_len(shown) <= width:
        return text
    return Text("…" + shown[len(shown) - width + 1:], style=text.style)
