"""Determinism beyond tests/test_reports.py: JSON and terminal reports, the bundled corpus,
hash seeds, input order and repeated runs all give byte-identical output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from checker.cli import main
from support import REPO

BUNDLED = sorted((REPO / "claims").glob("*.yaml"))


def run_cli(runner, *args: str) -> str:
    result = runner.invoke(main, ["check", *args, "--rules", str(REPO / "rules"), "--fail-on", "never"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "terminal", "markdown"])
def test_bundled_corpus_reports_do_not_depend_on_file_order(runner, fmt):
    assert len(BUNDLED) >= 2
    forward = run_cli(runner, *map(str, BUNDLED), "--format", fmt)
    backward = run_cli(runner, *map(str, reversed(BUNDLED)), "--format", fmt)
    folder = run_cli(runner, str(REPO / "claims"), "--format", fmt)
    assert forward == backward == folder


def test_repeated_runs_in_one_process_are_identical(runner):
    outputs = {run_cli(runner, str(REPO / "claims"), "--format", "json") for _ in range(3)}
    assert len(outputs) == 1


@pytest.mark.parametrize("fmt", ["json", "terminal"])
def test_json_and_terminal_reports_are_identical_across_hash_seeds(tmp_path, fmt):
    outputs = []
    for seed in ("0", "7", "4242"):
        out = tmp_path / f"r{seed}.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "checker", "check", "--format", fmt, "--no-color", "--output", str(out), "--fail-on", "never"],
            cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True, timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]


def test_reports_do_not_depend_on_where_the_files_are_listed_from(runner, tmp_path):
    """The same corpus reached through a copy in another folder gives the same findings."""
    import json
    import shutil

    copy = tmp_path / "claims"
    shutil.copytree(REPO / "claims", copy)
    here = json.loads(run_cli(runner, str(REPO / "claims"), "--format", "json"))
    there = json.loads(run_cli(runner, str(copy), "--format", "json"))
    strip = lambda doc: [(f["rule"], f["fingerprint"], f["message"]) for f in doc["findings"]]  # noqa: E731
    assert strip(here) == strip(there)
