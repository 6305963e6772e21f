"""Command line: parse arguments, call the library, render, map errors to exit codes. No logic."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import ExitCode, InputErrors, InputIssue
from checker.model import FAIL_ON_CHOICES

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["terminal", "markdown", "json", "github", "sarif"]
CHECK_RENDERERS = {
    "markdown": "checker.report.markdown:render_markdown",
    "json": "checker.report.jsonout:render_json",
    "github": "checker.report.github:render_check_annotations",
    "sarif": "checker.report.sarif:render_check_sarif",
}  # terminal: _terminal_report


def default_path(name: str) -> Path:
    """`claims/` or `rules/` in the current folder, else the ones bundled with checker."""
    local = Path(name)
    if local.is_dir():
        return local
    return PACKAGE_ROOT / name


def display_root(paths: tuple[Path, ...]) -> Path | None:
    """The folder reports name claim files relative to: the bundled checkout when the bundled
    corpus is used, else the current folder (None)."""
    return None if paths or Path("claims").is_dir() else PACKAGE_ROOT


def fail(issues: list[InputIssue]) -> None:
    for issue in issues:
        click.echo(issue.format(), err=True)
    click.echo(f"checker: {len(issues)} input error{'s' if len(issues) != 1 else ''}; nothing was written", err=True)
    sys.exit(ExitCode.INPUT_ERROR)


DEMO_NOTE = "checker: no claims/ or rules/ folder here: auditing the bundled demo corpus in {root} (pass --demo to ask for it, or give your claims and --rules)"
NO_RULES = (
    "checker: no rules: there is no rules/ folder here and no --rules, and claims need their metrics declared. "
    "`checker init ARTICLES` drafts a rules file; `checker check --demo` audits the bundled example"
)
NO_CLAIMS = "checker: no claims: there is no claims/ folder here; give claim files or folders (checker check CLAIMS --rules DIR)"


def say_which_corpus(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...]) -> None:
    """Rules are never silent: the bundled demo corpus is read only with a note on standard
    error, and never the demo's rules for someone else's claims (that is refused, exit 2)."""
    local_rules, local_claims = Path("rules").is_dir(), Path("claims").is_dir()
    if not rules_dirs and not local_rules:
        if paths or local_claims:
            click.echo(NO_RULES, err=True)
            sys.exit(ExitCode.INPUT_ERROR)
        click.echo(DEMO_NOTE.format(root=PACKAGE_ROOT), err=True)
    elif not paths and not local_claims:
        click.echo(NO_CLAIMS, err=True)
        sys.exit(ExitCode.INPUT_ERROR)


def demo_inputs(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...]) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """--demo: the bundled claims and rules, unless the command names its own."""
    return paths or (PACKAGE_ROOT / "claims",), rules_dirs or (PACKAGE_ROOT / "rules",)


def load_all(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...], sources: tuple[Path, ...], max_file_size: int | None = None, max_claims: int | None = None):
    say_which_corpus(paths, rules_dirs)
    rules = load_rules_given(rules_dirs, max_file_size, max_claims)
    return rules, load_corpus_given(paths, rules, sources)


def load_rules_given(rules_dirs: tuple[Path, ...], max_file_size: int | None, max_claims: int | None):
    from checker.rules import load_rules

    limits = {name: value for name, value in (("max_file_bytes", max_file_size), ("max_claims", max_claims)) if value is not None}
    try:
        return load_rules(rule_paths(rules_dirs), settings_overrides=limits)
    except InputErrors as exc:
        fail(exc.issues)


def claims_display_root(paths: tuple[Path, ...]) -> Path | None:
    """What claim files are named relative to in reports: the package for the bundled claims."""
    claims = claim_paths(paths)
    return PACKAGE_ROOT if claims == [PACKAGE_ROOT / "claims"] or not (paths or Path("claims").is_dir()) else None


def load_corpus_given(paths: tuple[Path, ...], rules, sources: tuple[Path, ...]):
    from checker.corpus import load_corpus

    try:
        corpus = load_corpus(claim_paths(paths), rules, list(sources), display_root=claims_display_root(paths))
    except InputErrors as exc:
        fail(exc.issues)
    for warning in corpus.warnings:
        click.echo(f"warning: {warning.format()}", err=True)
    return corpus


def claim_paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [default_path("claims")]


def rule_paths(rules_dirs: tuple[Path, ...]) -> list[Path]:
    return list(rules_dirs) or [default_path("rules")]


def run_inputs(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...], rules, corpus, include_rules: bool = True):
    """The files a run read and the folders an output may not go into."""
    from checker.report.write import RunInputs

    files = [*corpus.files, *corpus.texts, *(rules.files if include_rules else ())]
    folders = [*claim_paths(paths), *(rule_paths(rules_dirs) if include_rules else ())]
    return RunInputs.of(files, folders)


def refuse_outputs_into_inputs(targets: list[Path | None], inputs, what: str = "report") -> None:
    """Exit 2 before anything is written when an output would land on or among the inputs,
    or two outputs name one file."""
    from checker.report.write import input_clash, same_file

    given = [t for t in targets if t is not None]
    for index, target in enumerate(given):
        problem = input_clash(target, inputs)
        if problem is None and any(same_file(target, other) for other in given[:index]):
            problem = "is named for two outputs; name two files"
        if problem is not None:
            click.echo(f"{target}: cannot write {what}: {problem}", err=True)
            sys.exit(ExitCode.INPUT_ERROR)


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from checker.engine import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _dask_audit(corpus, rules, as_of, address: str | None):
    try:
        from checker.engine_dask import ClusterError, run_audit_dask
        if address is not None:
            import distributed  # noqa: F401  (only to say what is missing before loading)
    except ImportError:
        click.echo("--engine dask needs dask (and --scheduler dask.distributed): pip install 'checker[dask]'", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    try:
        return run_audit_dask(corpus, rules, as_of, address=address)
    except ClusterError as exc:
        click.echo(f"--scheduler {address}: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)


def reads_every_claim(fmt: str, markdown_path: Path | None, timelines: bool) -> bool:
    """Whether the report lists every claim (the Markdown report's and --timelines' metric
    timelines): then this process holds the whole claims table, and loads it."""
    return markdown_path is not None or fmt in ("markdown", "github") or (fmt == "terminal" and timelines)


def _dask_loaded_on_workers(paths, rules_dirs, rules, as_of, address: str | None, outputs: list[Path | None]):
    """--engine dask with Parquet claims the workers load; None when this process must load
    them (other kinds of file, or input with problems to name)."""
    try:
        from checker.engine_dask import ClusterError
        from checker.worker_loading import audit_parquet, files_only, parquet_files
        if address is not None:
            import distributed  # noqa: F401
    except ImportError:
        return None  # _dask_audit says what is missing
    files = parquet_files(claim_paths(paths))
    if files is None:
        return None
    refuse_outputs_into_inputs(outputs, run_inputs(paths, rules_dirs, rules, files_only(files)))
    try:
        result = audit_parquet(files, rules, as_of, claims_display_root(paths), address=address)
    except ClusterError as exc:
        click.echo(f"--scheduler {address}: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    if result is not None:
        for warning in result.corpus.warnings:
            click.echo(f"warning: {warning.format()}", err=True)
    return result


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def main() -> None:
    """checker: catch numbers that do not add up across sources."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--sources", multiple=True, type=click.Path(path_type=Path), help="Folder of source texts to verify quotes against (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True, help="github: workflow annotations (+ job summary); sarif: SARIF 2.1.0.")
@click.option("--output", type=click.Path(path_type=Path), help="Write the report here (atomically) instead of standard output.")
@click.option("--markdown", "markdown_path", type=click.Path(path_type=Path), help="Also write the Markdown report to this file.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="error", show_default=True, help="Exit 1 when a finding at or above this severity is not accepted.")
@click.option("--as-of", callback=_date_option, help="Report date (YYYY-MM-DD). Default: the latest publication date in the corpus.")
@click.option("--color", type=click.Choice(["always", "never", "auto"]), default="auto", is_flag=False, flag_value="always", show_default=True,
              help="Colour the terminal report; auto: when writing to a terminal and NO_COLOR is not set. --color alone: always.")
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@click.option("--timelines", "-v", is_flag=True, help="Terminal report: also every metric's timeline of claims.")
@click.option("--quiet", "-q", is_flag=True, help="Terminal report: only the one-line summary.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, help="Largest input file in bytes (default: settings.max_file_bytes, 20 MB).")
@click.option("--max-claims", type=click.IntRange(min=1), default=None, help="Most claims in one run (default: settings.max_claims).")
@click.option("--select", multiple=True, help="Report only these checks (ids, repeatable or comma-separated).")
@click.option("--ignore", multiple=True, help="Do not report these checks (ids, repeatable or comma-separated).")
@click.option("--demo", is_flag=True, help="Audit the bundled demo corpus (its claims and rules, unless given).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: audit metric partitions in worker processes (large corpora; pip install 'checker[dask]'). Same report.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: run on the dask.distributed cluster whose scheduler is here (e.g. tcp://10.0.0.5:8786).")
def check(paths, rules_dirs, sources, fmt, output, markdown_path, fail_on, as_of, color, no_color, timelines, quiet, max_file_size, max_claims, select, ignore, demo, engine, scheduler) -> None:
    """Audit claim files (default: claims/) against the rules (default: rules/)."""
    from checker.engine import exit_code, run_audit
    from checker.loading_columns import keep_freed_memory, small_pages

    if quiet and timelines:
        raise click.UsageError("choose one of --quiet and --timelines")
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    selection = selection_of(select, ignore)
    keep_freed_memory()
    small_pages()
    # Young objects collected every 50,000 allocations, not 700: loading and wording a large
    # audit allocate millions of objects, few in cycles (0.36 -> 0.1 s of collections at 1M).
    gc.set_threshold(50_000, 20, 10)
    if demo:
        paths, rules_dirs = demo_inputs(paths, rules_dirs)
    say_which_corpus(paths, rules_dirs)
    rules = load_rules_given(rules_dirs, max_file_size, max_claims)
    result = None
    if engine == "dask" and not sources and not reads_every_claim(fmt, markdown_path, timelines):
        result = _dask_loaded_on_workers(paths, rules_dirs, rules, as_of, scheduler, [markdown_path, output])
    if result is None:
        corpus = load_corpus_given(paths, rules, sources)
        gc.freeze()  # the loaded claims live to the end: full collections need not walk them again
        refuse_outputs_into_inputs([markdown_path, output], run_inputs(paths, rules_dirs, rules, corpus))
        result = run_audit(corpus, rules, as_of) if engine == "local" else _dask_audit(corpus, rules, as_of, scheduler)
    result.findings = [f for f in result.findings if selection.keeps(f)]
    files_root = display_root(paths) or Path.cwd()
    notes = set()
    try:
        if markdown_path is not None:
            notes.add(_write_markdown(result, markdown_path, files_root))
        if fmt == "markdown" and output is not None:
            notes.add(_write_markdown(result, output, files_root))
        elif fmt == "terminal":
            use_color = _use_color("never" if no_color else color, output)
            _emit(_terminal_report(result, use_color, output, timelines, quiet), output, use_color)
        else:
            _emit(_check_renderer(fmt)(result), output)
        if fmt == "github":
            append_job_summary(_check_renderer("markdown")(result), markdown_path)
    except OSError as exc:
        click.echo(f"{exc.filename or output}: cannot write report: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except UnicodeEncodeError as exc:  # a safety net: the texts in a report are checked when read
        click.echo(f"{output or markdown_path}: cannot write report: it would hold {exc.object[exc.start]!r}, which UTF-8 cannot encode", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    for note in sorted(notes - {""}):
        click.echo(f"checker: charts were not drawn: {note}", err=True)
    sys.exit(exit_code(result.findings, fail_on))


def _check_renderer(fmt: str):
    """The renderer of one report format, imported alone: a JSON run does not load the
    terminal, chart and gate code the other formats need."""
    module, _, name = CHECK_RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def _write_markdown(result, path: Path, files_root: Path) -> str:
    from checker.report.markdown import write_markdown

    return write_markdown(result, path, files_root)


def selection_of(select: tuple[str, ...], ignore: tuple[str, ...]):
    from checker.selection import parse_selection

    selection, issues = parse_selection(select, ignore)
    if issues:
        fail(issues)
    return selection


def append_job_summary(markdown: str, markdown_path: Path | None) -> None:
    """Append the capped Markdown report to GitHub's job summary, when the job has one."""
    import os

    from checker.report.github import job_summary

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary_file:
        return
    full = f"The full report is in {markdown_path}." if markdown_path else "Pass --markdown FILE (and upload it) for the full report."
    with open(summary_file, "a", encoding="utf-8") as handle:
        handle.write(job_summary(markdown, full))


def deliver(text: str, output: Path | None, markdown_path: Path | None, markdown: str, summary: bool) -> None:
    """Write the report (and the Markdown copy, and the GitHub job summary); exit 2 if a write fails."""
    import os

    from checker.report import write_atomic

    target = output
    try:
        if markdown_path is not None:
            target = markdown_path
            write_atomic(markdown_path, markdown)
        if output is not None:
            target = output
            write_atomic(output, text)
        else:
            click.echo(text, nl=False)
        if summary:
            target = Path(os.environ.get("GITHUB_STEP_SUMMARY", ""))
            append_job_summary(markdown, markdown_path)
    except OSError as exc:
        click.echo(f"{exc.filename or target}: cannot write report: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)


@main.command()
@click.argument("drafts", nargs=-1, required=True)
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(path_type=Path), help="Claim files or folders of the corpus (repeatable). Default: claims/.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--published", help="The drafts' publication date (YYYY-MM-DD, YYYY-MM or YYYY). Default: the front matter's date, else today.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True, help="github: workflow annotations (+ job summary); sarif: SARIF 2.1.0.")
@click.option("--output", type=click.Path(path_type=Path), help="Write the report here (atomically) instead of standard output.")
@click.option("--markdown", "markdown_path", type=click.Path(path_type=Path), help="Also write the Markdown report to this file.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="error", show_default=True, help="Exit 1 when a conflict at or above this severity is not accepted.")
@click.option("--select", multiple=True, help="Count only these checks (ids, repeatable or comma-separated).")
@click.option("--ignore", multiple=True, help="Do not count these checks (ids, repeatable or comma-separated).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="Figures extracted with less confidence are 'not understood' (default 0.35).")
@click.option("--infer-windows", is_flag=True, help="Count every window the extractor inferred as if the draft stated it: no cap at warning for a start from the rules, and starts the extractor guessed alone count.")
@click.option("--color/--no-color", default=None, help="Colour the terminal report (default: when writing to a terminal).")
def gate(drafts, claim_paths, rules_dirs, published, fmt, output, markdown_path, fail_on, select, ignore, min_confidence, infer_windows, color) -> None:
    """Check a draft's figures against the corpus: a verdict per figure (DRAFT: text, Markdown,
    HTML, or - for standard input). Exit 1 on a conflict at or above --fail-on."""
    from checker.gate import MIN_CONFIDENCE, gate_exit_code, run_gate
    from checker.report.gate_json import render_gate_json
    from checker.report.gate_markdown import render_gate_markdown
    from checker.report.gate_terminal import render_gate_terminal
    from checker.report.github import render_gate_annotations
    from checker.report.sarif import render_gate_sarif

    selection = selection_of(select, ignore)
    rules, corpus = load_all(claim_paths, rules_dirs, ())
    paths = list(claim_paths) or [default_path("claims")]
    root = None if claim_paths or Path("claims").is_dir() else PACKAGE_ROOT
    stdin_text = sys.stdin.read() if "-" in drafts else None
    threshold = MIN_CONFIDENCE if min_confidence is None else min_confidence
    try:
        result = run_gate(list(drafts), paths, rules, published, selection.keeps, threshold, stdin_text=stdin_text, corpus=corpus, display_root=root, infer_windows=infer_windows)
    except InputErrors as exc:
        fail(exc.issues)
    renderers = {"markdown": render_gate_markdown, "json": render_gate_json, "github": render_gate_annotations, "sarif": render_gate_sarif}
    if fmt == "terminal":
        use_color = sys.stdout.isatty() if color is None and output is None else bool(color)
        text = render_gate_terminal(result, color=use_color)
    else:
        text = renderers[fmt](result)
    markdown = render_gate_markdown(result) if markdown_path is not None or fmt == "github" else ""
    deliver(text, output, markdown_path, markdown, fmt == "github")
    sys.exit(gate_exit_code(result, fail_on))


def _use_color(choice: str, output: Path | None) -> bool:
    """always and never are obeyed even when piped; auto colours a terminal unless NO_COLOR is set."""
    import os

    if choice != "auto":
        return choice == "always"
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _terminal_report(result, color: bool, output: Path | None, timelines: bool, quiet: bool) -> str:
    """The terminal report at the console's width (COLUMNS, else the terminal's; a file gets
    COLUMNS, else 100 columns, so it does not depend on the window it was made in)."""
    import os

    from rich.console import Console

    from checker.report.terminal import render_terminal, summary_line

    if quiet:
        return summary_line(result) + "\n"
    columns = os.environ.get("COLUMNS", "")
    if output is not None:
        width = int(columns) if columns.isdigit() and int(columns) > 0 else 100
    else:
        width = Console(file=sys.stdout).width
    return render_terminal(result, color=color, width=max(width, 40), timelines=timelines)


def _emit(text: str, output: Path | None, color: bool = False) -> None:
    """A report to its file (atomically) or to standard output (colour codes kept when asked
    for: click would strip them from a pipe)."""
    from checker.report import write_atomic

    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False, color=color or None)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable).")
@click.option("--demo", is_flag=True, help="List the bundled demo corpus's metrics.")
def metrics(paths, rules_dirs, demo) -> None:
    """List the metrics with their claim counts and date ranges."""
    from rich.console import Console
    from rich.table import Table

    from checker.report.common import number

    if demo:
        paths, rules_dirs = demo_inputs(paths, rules_dirs)
    rules, corpus = load_all(paths, rules_dirs, ())
    frame = corpus.claims
    table = Table(box=None, header_style="bold")
    for column in ("metric", "kind", "unit", "claims", "sources", "published", "figures"):
        table.add_column(column)
    for metric_id in sorted(rules.metrics):
        metric = rules.metrics[metric_id]
        rows = frame[frame["metric"] == metric_id] if not frame.empty else frame
        if rows.empty:
            table.add_row(metric_id, metric.kind, metric.unit, "0", "0", "", "")
            continue
        published = f"{rows['published'].min()} .. {rows['published'].max()}"
        values = rows["value"] * rows["factor"]  # in the metric's unit
        figures = f"{number(values.min())} .. {number(values.max())}"
        table.add_row(metric_id, metric.kind, metric.unit, str(len(rows)), str(rows["source_id"].nunique()), published, figures)
    Console(width=140, highlight=False).print(table)


@main.command()
@click.argument("rule", required=False)
def explain(rule: str | None) -> None:
    """Print a check's documentation (no RULE: list the checks)."""
    from checker.checks import REGISTRY, unnamed_severity
    from checker.errors import did_you_mean

    if rule is None:
        for check_id, module in REGISTRY.items():
            first = (module.__doc__ or "").strip().splitlines()[0]
            click.echo(f"{check_id:26} {unnamed_severity(module):8} {first.split(': ', 1)[-1]}")
        return
    module = REGISTRY.get(rule)
    if module is None:
        hint = did_you_mean(rule, REGISTRY)
        click.echo(f"unknown check {rule!r}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo((module.__doc__ or "").strip())
    runs = "" if unnamed_severity(module) != "off" else " where the rules name it in `checks:` (off otherwise)"
    click.echo(f"\nDefault severity: {module.DEFAULT_SEVERITY}{runs}. Applies to metric kinds: {', '.join(module.KINDS)}.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--sources", multiple=True, type=click.Path(path_type=Path), help="Folder of source texts to verify quotes against.")
@click.option("--output", type=click.Path(path_type=Path), default=None, help="Baseline file to write. Default: accepted.yaml in the (first) rules folder.")
@click.option("--reason", default=None, help="Reason recorded for newly accepted findings. Default: 'baseline as of <date>'.")
@click.option("--as-of", callback=_date_option, help="Date for the default reason (YYYY-MM-DD). Default: the latest publication date.")
@click.option("--force", is_flag=True, help="Add the current findings to an existing baseline or rules file (its entries, comments and other sections are kept).")
def baseline(paths, rules_dirs, sources, output, reason, as_of, force) -> None:
    """Accept every current finding: write their fingerprints to a baseline in the rules.

    Accepted findings still appear in reports, marked accepted with the reason, but no longer
    fail the gate. Findings that appear later are not covered.
    """
    from checker.engine import run_audit

    rules, corpus = load_all(paths, rules_dirs, sources)
    first_rules = rule_paths(rules_dirs)[0]
    target = output or ((first_rules if first_rules.is_dir() else first_rules.parent) / "accepted.yaml")
    if target.is_dir():
        target = target / "accepted.yaml"
    # A baseline belongs in the rules (it may merge into a rules file); never on claims or texts.
    refuse_outputs_into_inputs([target], run_inputs(paths, rules_dirs, rules, corpus, include_rules=False), "baseline")
    result = run_audit(corpus, rules, as_of)
    reason = reason or f"baseline as of {result.as_of}"
    if target.exists() and not force:
        click.echo(f"{target}: exists; pass --force to add the current findings to it (its entries, comments and other sections are kept)", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    _write_baseline(target, result, reason)


def _write_baseline(target: Path, result, reason: str) -> None:
    from checker.baseline import MergeError, merge_baseline, render_baseline
    from checker.report import write_atomic

    try:
        if target.exists():
            merged = merge_baseline(target.read_text(encoding="utf-8-sig"), result, reason)
            text = merged.text
            summary = f"{merged.added} findings added, {merged.kept} entries kept as they were ({merged.stale} match no current finding)"
        else:
            text, count = render_baseline(result, reason)
            summary = f"{count} findings accepted"
        write_atomic(target, text)
    except MergeError as exc:
        click.echo(f"{target}: cannot add the findings: {exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{target}: cannot write baseline: {getattr(exc, 'strerror', None) or exc}", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo(f"{target}: {summary}", err=True)


# --- extraction (checker/extract/) -------------------------------------------------------
@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", help="Publication date of the articles (YYYY-MM-DD, YYYY-MM or YYYY). Default: each text's header, else its first date.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--output", default=".", show_default=True, help="Folder for the draft claim files, or - for standard output.")
@click.option("--force", is_flag=True, help="Overwrite existing draft files.")
@click.option("--propose-rules", "propose", type=click.Path(path_type=Path), default=None, help="Also write starter rules proposed from the drafts to this file (as checker init).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: draft the articles in worker processes (many articles; pip install 'checker[dask]'). Same drafts.")
def extract(files, published, rules_dirs, output, force, propose, engine) -> None:
    """Draft claim files from articles (plain text, Markdown or HTML; files, folders, or - for
    standard input) for review."""
    from checker.extract.pipeline import run_extract
    from checker.extract.propose import run_init

    if engine == "dask" and importlib.util.find_spec("dask") is None:
        click.echo("--engine dask needs dask: pip install 'checker[dask]'", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    articles = _articles(files)
    rules = extract_rules(rules_dirs)
    code = run_extract(articles, published, rules, output, force=force, progress=True, engine=engine)
    if propose is not None:
        code = max(code, run_init(articles, published, rules, propose, force=force))
    sys.exit(code)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", type=click.Path(path_type=Path), default=Path("rules") / "starter.yaml", show_default=True, help="Rules file to write.")
@click.option("--published", help="Publication date of the articles (YYYY-MM-DD). Default: each text's header, else its first date.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules already written (their metrics are not proposed again).")
@click.option("--force", is_flag=True, help="Overwrite the rules file.")
def init(files, output, published, rules_dirs, force) -> None:
    """Propose starter rules (metrics, named dates, scopes) from a folder of articles."""
    from checker.extract.propose import run_init

    sys.exit(run_init(_articles(files), published, list(rules_dirs), output, force=force))


def _articles(files: tuple[Path, ...]) -> list[Path]:
    from checker.extract.inputs import article_files

    articles, problems = article_files(list(files))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems or not articles:
        sys.exit(ExitCode.INPUT_ERROR)
    return articles


NO_RULES_EXTRACT = (
    "checker: no rules/ folder here and no --rules: drafting with the built-in units and qualifiers only, "
    "so every figure stays `metric: unresolved`; `checker init ARTICLES` drafts a rules file"
)


def extract_rules(rules_dirs: tuple[Path, ...]) -> list[Path]:
    """The rules extraction reads: as given, else rules/ here, else none (said on standard error)."""
    if rules_dirs:
        return list(rules_dirs)
    if Path("rules").is_dir():
        return [Path("rules")]
    click.echo(NO_RULES_EXTRACT, err=True)
    return []


@main.command(name="eval")
@click.option("--shared", type=click.Path(path_type=Path), default=None, help="The shared folder with seeds/ and external/newsquant/ (default: ../shared).")
@click.option("--write", type=click.Path(path_type=Path), default=None, help="Write the Markdown report here.")
def eval_command(shared, write) -> None:
    """Measure extraction against the hand-made claims and the NewsQuant benchmark."""
    import runpy

    argv = ["extraction_eval.py"] + (["--shared", str(shared)] if shared else []) + (["--write", str(write)] if write else [])
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "extraction_eval.py"
    if not script.is_file():
        click.echo("error: benchmarks/extraction_eval.py is not available in this installation", err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    folder = shared or script.parents[2] / "shared"
    for needed in (folder / "seeds", folder / "external" / "newsquant" / "NewsQuant.json"):
        if not needed.exists():
            click.echo(f"error: {needed}: not found (--shared names the folder holding seeds/ and external/newsquant/)", err=True)
            sys.exit(ExitCode.INPUT_ERROR)
    sys.argv = argv
    runpy.run_path(str(script), run_name="__main__")
