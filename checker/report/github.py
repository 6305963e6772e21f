"""GitHub Actions output: workflow annotations, and a job summary capped under GitHub's limit.

One line per annotation, in the workflow-command format GitHub documents:

    ::error file=drafts/article.md,line=12,col=5,title=checker gate%3A cumulative-containment::68 people ...

Severities map error -> error, warning -> warning, info -> notice. `check` annotates each
finding that is not accepted at its first claim's file and line; `gate` annotates each figure
in conflict (at its severest finding not accepted) at the figure's line and column, and each
figure not understood as a notice. Message text escapes %, CR and LF; properties also escape
':' and ','. The job summary is the Markdown report, cut at a line below `SUMMARY_LIMIT` bytes
with a pointer to the full report (GitHub refuses summaries over 1 MiB).
"""

from __future__ import annotations

from checker.model import Severity
from checker.report.gate_common import figure_label, not_understood_words

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub's limit for one step's summary is 1 MiB (1,048,576)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int, column: int | None, title: str, message: str) -> str:
    place = f"file={escape_property(file)},line={line}" + (f",col={column}" if column else "")
    return f"::{level} {place},title={escape_property(title)}::{escape_data(message)}"


def render_check_annotations(result) -> str:
    lines = []
    for finding in result.findings:
        if finding.accepted is not None or not finding.claims:
            continue
        first = finding.claims[0]
        lines.append(annotation(LEVELS[finding.severity.value], first.file, first.line, None, f"checker: {finding.rule}", finding.message))
    return "".join(line + "\n" for line in lines)


def render_gate_annotations(result) -> str:
    lines = []
    for gate in result.drafts:
        for verdict in gate.verdicts:
            figure = verdict.figure
            if verdict.verdict == "conflict" and verdict.failing:
                open_findings = [f for f in verdict.findings if f.accepted is None]
                worst = min(open_findings, key=lambda f: f.severity.rank)
                rules = ", ".join(dict.fromkeys(f.rule for f in open_findings))
                message = f"{figure_label(verdict)} conflicts with the corpus: " + " | ".join(f.message for f in open_findings)
                lines.append(annotation(LEVELS[worst.severity.value], figure.draft, figure.line, figure.column, f"checker gate: {rules}", message))
            elif verdict.verdict == "not understood":
                message = f"{figure_label(verdict)} not understood: {not_understood_words(verdict, result.min_confidence)}. Check it by hand."
                lines.append(annotation(LEVELS[Severity.INFO.value], figure.draft, figure.line, figure.column, "checker gate: not understood", message))
    return "".join(line + "\n" for line in lines)


def job_summary(markdown: str, pointer: str, limit: int = SUMMARY_LIMIT) -> str:
    """The Markdown report, or as many whole lines of it as fit under `limit` bytes with a note
    that says where the full report is."""
    data = markdown.encode("utf-8")
    if len(data) <= limit:
        return markdown if markdown.endswith("\n") else markdown + "\n"
    note = f"\n\n**The summary is cut here** (the report is {len(data):,} bytes; GitHub takes at most 1 MiB). {pointer}\n"
    room = limit - len(note.encode("utf-8"))
    cut = data[:room].rfind(b"\n")
    head = data[: max(cut, 0)].decode("utf-8", errors="ignore")
    return head + note

