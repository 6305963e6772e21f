"""Terminal report of `checker gate` (rich): per draft, the verdict table, then the conflicts."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.report.gate_common import against_words, counts, figure_label, figure_sentences, line_column, published_words, verdict_label

VERDICT_STYLES = {"conflict": "bold red", "not understood": "yellow", "new": "cyan", "consistent": "green"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_gate_terminal(result, color: bool = False, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None, highlight=False, emoji=False)
    console.print(Text(f"checker gate: {len(result.drafts)} draft(s) against {result.corpus_sources} sources and {result.corpus_claims} claims", style="bold"))
    for gate in result.drafts:
        _draft(console, gate, result.min_confidence)
    return buffer.getvalue()


def _draft(console: Console, gate, threshold: float) -> None:
    draft_ids = {f.claim_id for f in gate.draft.figures}
    console.print()
    tally = ", ".join(f"{n} {name}" for name, n in counts(gate).items())
    console.print(Text(f"{gate.draft.path}: {tally}; published {published_words(gate)}", style="bold"))
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("line:col", "figure", "verdict", "against what"):
        table.add_column(column, overflow="fold")
    for verdict in gate.verdicts:
        table.add_row(
            Text(line_column(verdict)), Text(figure_label(verdict)),
            Text(verdict_label(verdict), style=VERDICT_STYLES[verdict.verdict]), Text(against_words(verdict, draft_ids, threshold)),
        )
    console.print(table)
    for finding in gate.findings:
        _finding(console, finding, gate.verdicts)
    if gate.tentative:
        console.print(Text(f"  {len(gate.tentative)} more finding(s) would hold only if guessed readings held (not counted)", style="dim"))
    for accept in gate.unused_accepts:
        console.print(Text(f"  line {accept.line}: inline accept of {accept.written} matches no figure", style="yellow"))


def _finding(console: Console, finding, verdicts) -> None:
    label = Text(f"  {finding.severity.value}", style=SEVERITY_STYLES[finding.severity.value])
    label.append(f" {finding.rule}" + (" (accepted)" if finding.accepted else "") + ": ", style="bold")
    label.append(finding.message)
    console.print(label)
    for verdict in figure_sentences(finding, verdicts):
        console.print(Text(f"    {line_column(verdict)}: {verdict.figure.sentence}", style="dim"))
    if finding.accepted:
        console.print(Text(f"    accepted: {finding.accepted}", style="dim"))
