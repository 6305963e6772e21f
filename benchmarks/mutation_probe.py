"""Mutation probe: is every check's body needed by the tests?

For each check module in checker/checks/ (helpers excluded), the probe copies the repository to
a temporary folder, replaces the body of the module's ``check`` function with one that returns
no findings (same signature and return type), runs the whole test suite there and counts the
tests that fail. A check whose body can be blanked while the suite still passes is not tested;
every check must be needed by at least ``--min`` tests (default 3).

    python benchmarks/mutation_probe.py                      # every check, the whole suite
    python benchmarks/mutation_probe.py --only rate_jump     # one module
    python benchmarks/mutation_probe.py --names              # also list the failing tests
    python benchmarks/mutation_probe.py -- tests/test_check_cases.py   # a part of the suite
    python benchmarks/mutation_probe.py --returns '([], set())'     # the blanked body's value

The unmutated copy is run first: its failures are reported and subtracted from no one, so the
suite must pass before the figures mean anything. Each run is bounded in time (``--timeout``)
and memory (4 GB of address space). Exit code 1 when a check is needed by fewer than ``--min``
tests or the baseline fails.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
CHECKS = Path("checker") / "checks"
HELPERS = {"__init__.py", "common.py", "relation_common.py"}
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", ".ci", "__pycache__", ".pytest_cache", ".hypothesis", "build", "*.egg-info", "*.pyc")
MEMORY_BYTES = 4_000_000_000


@dataclass(frozen=True)
class Run:
    failed: tuple[str, ...]  # ids of the tests that failed or errored
    counts: dict[str, int]  # pytest's summary: failed, passed, error
    seconds: float
    timed_out: bool


def check_modules(root: Path) -> list[Path]:
    return sorted(p for p in (root / CHECKS).glob("*.py") if p.name not in HELPERS)


def empty_value(annotation: ast.expr | None) -> str:
    """An empty value of the annotated type: [] for lists and iterators, set() for sets, {} for
    dicts, a tuple of those for a tuple; [] when the annotation says nothing usable."""
    if annotation is None:
        return "[]"
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        annotation = ast.parse(annotation.value, mode="eval").body  # a string annotation
    name = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    name = name.attr if isinstance(name, ast.Attribute) else getattr(name, "id", "")
    if name in ("tuple", "Tuple") and isinstance(annotation, ast.Subscript):
        items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
        values = [empty_value(item) for item in items]
        return f"({values[0]},)" if len(values) == 1 else "(" + ", ".join(values) + ")"
    if name in ("set", "Set", "frozenset", "FrozenSet"):
        return "set()"
    if name in ("dict", "Dict", "Mapping"):
        return "{}"
    return "[]"


def blank_check(source: str, empty: str | None = None) -> str:
    """The module with its top-level ``check`` function's body replaced by ``return <empty>``
    (by default an empty value of its annotated return type)."""
    tree = ast.parse(source)
    function = next((node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "check"), None)
    if function is None:
        raise ValueError("no top-level def check(")
    lines = source.splitlines(keepends=True)
    first, last = function.body[0], function.body[-1]
    # The signature stays as written: everything before the body's first statement.
    head = "".join(lines[: first.lineno - 1]) + lines[first.lineno - 1][: first.col_offset]
    return head + f"return {empty or empty_value(function.returns)}\n" + "".join(lines[last.end_lineno:])


def copy_repo(destination: Path) -> Path:
    """The working tree (with uncommitted files) in destination/<name>, and the folders beside
    the repository that tests look for (shared/) linked beside the copy."""
    copy = destination / REPO.name
    shutil.copytree(REPO, copy, ignore=COPY_IGNORE, symlinks=True)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        (destination / "shared").symlink_to(shared)
    return copy


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_suite(copy: Path, pytest_args: list[str], timeout: float) -> Run:
    """The test suite in the copy, importing the copy's checker (also in subprocesses it starts).
    Results are read from a JUnit XML report, whatever the verbosity the configuration sets."""
    env = {**os.environ, "PYTHONPATH": str(copy) + os.pathsep + os.environ.get("PYTHONPATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    xml = copy.parent / "results.xml"
    xml.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml}", *pytest_args]
    started = time.monotonic()
    try:
        subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        return Run((), {}, time.monotonic() - started, True)
    seconds = time.monotonic() - started
    if not xml.is_file():  # pytest could not start (a collection crash, a broken conftest)
        return Run(("(no report)",), {"error": 1}, seconds, False)
    counts = {"failed": 0, "error": 0, "passed": 0, "skipped": 0}
    failed: list[str] = []
    for case in ElementTree.parse(xml).getroot().iter("testcase"):
        outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        outcome = {"failure": "failed"}.get(outcome, outcome)
        counts[outcome] += 1
        if outcome in ("failed", "error"):
            failed.append(f"{case.get('classname', '')}::{case.get('name', '')}")
    return Run(tuple(sorted(failed)), counts, seconds, False)


def imports_the_copy(copy: Path) -> bool:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    out = subprocess.run([sys.executable, "-c", "import checker; print(checker.__file__)"], cwd=copy, env=env, capture_output=True, text=True)
    return Path(out.stdout.strip()).resolve().is_relative_to(copy.resolve())


def probe(modules: list[str], pytest_args: list[str], timeout: float, names: bool, empty: str | None) -> dict[str, Run]:
    results: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="mutation-probe-") as temp:
        copy = copy_repo(Path(temp))
        if not imports_the_copy(copy):
            raise SystemExit("the copy's tests would import another checker (an installed one); aborting")
        for label in ["(none)", *modules]:
            target = copy / CHECKS / f"{label}.py"
            original = target.read_text(encoding="utf-8") if label != "(none)" else ""
            if label != "(none)":
                target.write_text(blank_check(original, empty), encoding="utf-8")
            try:
                results[label] = run = run_suite(copy, pytest_args, timeout)
            finally:
                if label != "(none)":
                    target.write_text(original, encoding="utf-8")
            report(label, run, names)
    return results


def failures(run: Run) -> int:
    return run.counts.get("failed", 0) + run.counts.get("error", 0)


def report(label: str, run: Run, names: bool) -> None:
    status = "timed out" if run.timed_out else f"{failures(run):4d} failing  {run.counts.get('passed', 0):4d} passing"
    print(f"{label:26s} {status}  {run.seconds:6.0f} s", flush=True)
    if names:
        for name in run.failed:
            print(f"    {name}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], help="module name (e.g. rate_jump); repeatable")
    parser.add_argument("--min", type=int, default=3, help="tests each check must be needed by (default 3)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per suite run (default 900)")
    parser.add_argument("--names", action="store_true", help="list the failing tests under each check")
    parser.add_argument("--returns", default=None, help="the blanked body's return value, if the annotation does not tell (e.g. '([], set())')")
    parser.add_argument("pytest_args", nargs="*", help="after --: arguments for pytest (default: the whole suite)")
    args = parser.parse_args()
    modules = [p.stem for p in check_modules(REPO)]
    unknown = sorted(set(args.only) - set(modules))
    if unknown:
        parser.error(f"not a check module: {', '.join(unknown)} (known: {', '.join(modules)})")
    chosen = [m for m in modules if not args.only or m in args.only]
    print(f"mutation probe: {len(chosen)} check modules, suite: pytest {' '.join(args.pytest_args) or '(all)'}", flush=True)
    results = probe(chosen, args.pytest_args, args.timeout, args.names, args.returns)
    baseline = results.pop("(none)")
    weak = [m for m, run in results.items() if run.timed_out or failures(run) < args.min]
    if failures(baseline) or baseline.timed_out:
        print("the unmutated suite does not pass: the figures above are not meaningful")
        return 1
    if weak:
        print(f"needed by fewer than {args.min} tests: {', '.join(weak)}")
        return 1
    print(f"every check is needed by at least {args.min} tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
