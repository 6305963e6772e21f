"""Command line: parse arguments, call the library, render, map errors to exit codes. No logic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import ExitCode, InputErrors, InputIssue

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def default_path(name: str) -> Path:
    """`claims/` or `rules/` in the current folder, else the ones bundled with checker."""
    local = Path(name)
    if local.is_dir():
        return local
    return PACKAGE_ROOT / name


def fail(issues: list[InputIssue]) -> None:
    for issue in issues:
        click.echo(issue.format(), err=True)
    click.echo(f"checker: {len(issues)} input error{'s' if len(issues) != 1 else ''}; nothing was written", err=True)
    sys.exit(ExitCode.INPUT_ERROR)


def load_all(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...], sources: tuple[Path, ...], max_file_size: int | None = None, max_claims: int | None = None):
    from dataclasses import replace

    from checker.loading import load_corpus
    from checker.rules import load_rules

    try:
        rules = load_rules(rule_paths(rules_dirs), max_file_bytes=max_file_size)
    except InputErrors as exc:
        fail(exc.issues)
    limits = {}
    if max_file_size is not None:
        limits["max_file_bytes"] = max_file_size
    if max_claims is not None:
        limits["max_claims"] = max_claims
    if limits:
        rules.settings = replace(rules.settings, **limits)
    try:
        claims = claim_paths(paths)
        root = None if paths or Path("claims").is_dir() else PACKAGE_ROOT
        corpus = load_corpus(claims, rules, list(sources), display_root=root)
    except InputErrors as exc:
        fail(exc.issues)
    for warning in corpus.warnings:
        click.echo(f"warning: {warning.format()}", err=True)
    return rules, corpus


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checker")
def main() -> None:
    """checker: catch numbers that do not add up across sources."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--sources", multiple=True, type=click.Path(path_type=Path), help="Folder of source texts to verify quotes against (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["terminal", "markdown", "json"]), default="terminal", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Write the report here (atomically) instead of standard output.")
@click.option("--markdown", "markdown_path", type=click.Path(path_type=Path), help="Also write the Markdown report to this file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error", show_default=True, help="Exit 1 when a finding at or above this severity is not accepted.")
@click.option("--as-of", callback=_date_option, help="Report date (YYYY-MM-DD). Default: the latest publication date in the corpus.")
@click.option("--color/--no-color", default=None, help="Colour the terminal report (default: when writing to a terminal).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=None, help="Largest input file in bytes (default: settings.max_file_bytes, 20 MB).")
@click.option("--max-claims", type=click.IntRange(min=1), default=None, help="Most claims in one run (default: settings.max_claims).")
def check(paths, rules_dirs, sources, fmt, output, markdown_path, fail_on, as_of, color, max_file_size, max_claims) -> None:
    """Audit claim files (default: the bundled claims/) against the rules."""
    from checker.engine import exit_code, run_audit
    from checker.report import RENDERERS, render_markdown, render_terminal, write_atomic

    rules, corpus = load_all(paths, rules_dirs, sources, max_file_size, max_claims)
    refuse_outputs_into_inputs([markdown_path, output], run_inputs(paths, rules_dirs, rules, corpus))
    result = run_audit(corpus, rules, as_of)
    if fmt == "terminal":
        use_color = sys.stdout.isatty() if color is None and output is None else bool(color)
        text = render_terminal(result, color=use_color)
    else:
        text = RENDERERS[fmt](result)
    writes = ([(markdown_path, render_markdown(result))] if markdown_path is not None else []) + ([(output, text)] if output is not None else [])
    for target, content in writes:
        try:
            write_atomic(target, content)
        except OSError as exc:
            click.echo(f"{exc.filename or target}: cannot write report: {exc.strerror or exc}", err=True)
            sys.exit(ExitCode.INPUT_ERROR)
        except UnicodeEncodeError as exc:  # a safety net: the texts in a report are checked when read
            click.echo(f"{target}: cannot write report: it would hold {exc.object[exc.start]!r}, which UTF-8 cannot encode", err=True)
            sys.exit(ExitCode.INPUT_ERROR)
    if output is None:
        click.echo(text, nl=False)
    sys.exit(exit_code(result.findings, fail_on))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable).")
def metrics(paths, rules_dirs) -> None:
    """List the metrics with their claim counts and date ranges."""
    from rich.console import Console
    from rich.table import Table

    from checker.report.common import number

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
    from checker.checks import REGISTRY
    from checker.errors import did_you_mean

    if rule is None:
        for check_id, module in REGISTRY.items():
            first = (module.__doc__ or "").strip().splitlines()[0]
            click.echo(f"{check_id:26} {module.DEFAULT_SEVERITY:8} {first.split(': ', 1)[-1]}")
        return
    module = REGISTRY.get(rule)
    if module is None:
        hint = did_you_mean(rule, REGISTRY)
        click.echo(f"unknown check {rule!r}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    click.echo((module.__doc__ or "").strip())
    click.echo(f"\nDefault severity: {module.DEFAULT_SEVERITY}. Applies to metric kinds: {', '.join(module.KINDS)}.")


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
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--published", help="Publication date of the articles (YYYY-MM-DD, YYYY-MM or YYYY). Default: the first date in each text.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), help="Rules folder or file (repeatable). Default: rules/.")
@click.option("--output", default=".", show_default=True, help="Folder for the draft claim files, or - for standard output.")
@click.option("--force", is_flag=True, help="Overwrite existing draft files.")
def extract(files, published, rules_dirs, output, force) -> None:
    """Draft claim files from article text (plain text, Markdown or HTML) for review."""
    from checker.extract.pipeline import run_extract

    sys.exit(run_extract(list(files), published, list(rules_dirs) or [default_path("rules")], output, force=force, progress=True))


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
        sys.exit(2)
    folder = shared or script.parents[2] / "shared"
    for needed in (folder / "seeds", folder / "external" / "newsquant" / "NewsQuant.json"):
        if not needed.exists():
            click.echo(f"error: {needed}: not found (--shared names the folder holding seeds/ and external/newsquant/)", err=True)
            sys.exit(2)
    sys.argv = argv
    runpy.run_path(str(script), run_name="__main__")
