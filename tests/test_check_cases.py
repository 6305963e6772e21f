"""Every check's case folders, read by one parametrised test (in the style of Vale's and
yamllint's fixtures).

tests/checks/<check-id>/<case>/ holds claims/*.yaml, an optional rules/ folder (else
tests/checks/base-rules.yaml) and expected.yaml:

    why: one line on what the case shows
    twin: <case>        # a look-alike names the case beside it that must flag
    findings:           # every finding of the run; [] for a look-alike
      - {rule: <check-id>, severity: error, claims: [<claim id>, ...]}

The audit runs through the command line (`checker check --format json`) and its findings are
compared exactly as (rule, severity, sorted claim ids): ids, never message text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main

CASES = Path(__file__).resolve().parent / "checks"
BASE_RULES = CASES / "base-rules.yaml"
MIN_CASES = 3  # flagging cases and look-alikes each check needs at least
CHECK_ID = re.compile(r"^[a-z]+(-[a-z]+)+\s")


def _case_folders() -> list[Path]:
    return sorted(path.parent for path in CASES.glob("*/*/expected.yaml"))


def _expected(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


def _key(rule: str, severity: str, claims: list[str]) -> tuple[str, str, tuple[str, ...]]:
    return (rule, severity, tuple(sorted(claims)))


def _findings(case: Path) -> Counter:
    rules = case / "rules" if (case / "rules").is_dir() else BASE_RULES
    args = ["check", str(case / "claims"), "--rules", str(rules), "--format", "json", "--fail-on", "never"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return Counter(_key(f["rule"], f["severity"], [c["id"] for c in f["claims"]]) for f in report["findings"])


def _flags(case: Path) -> bool:
    """A case flags when it expects a finding of its own folder's check."""
    return any(f["rule"] == case.parent.name for f in _expected(case)["findings"])


@pytest.mark.parametrize("case", _case_folders(), ids=lambda case: f"{case.parent.name}/{case.name}")
def test_case(case: Path) -> None:
    expected = Counter(_key(f["rule"], f["severity"], f["claims"]) for f in _expected(case)["findings"])
    assert _findings(case) == expected


def _check_ids() -> list[str]:
    result = CliRunner().invoke(main, ["explain"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # One line per check, its id first; any other line (a header) has no kebab-case id first.
    return [line.split()[0] for line in result.stdout.splitlines() if CHECK_ID.match(line)]


def test_every_check_has_enough_cases_that_flag_and_look_alikes() -> None:
    counts = {check: Counter(_flags(case) for case in (CASES / check).glob("*/") if (case / "expected.yaml").is_file()) for check in _check_ids()}
    short = {check: (c[True], c[False]) for check, c in counts.items() if c[True] < MIN_CASES or c[False] < MIN_CASES}
    assert short == {}, "checks with fewer than three (flag, look-alike) cases"


def test_case_folders_name_known_checks() -> None:
    assert {case.parent.name for case in _case_folders()} <= set(_check_ids())


@pytest.mark.parametrize("case", _case_folders(), ids=lambda case: f"{case.parent.name}/{case.name}")
def test_case_says_why_and_a_look_alike_names_its_twin(case: Path) -> None:
    expected = _expected(case)
    assert set(expected) <= {"why", "twin", "findings"}
    assert isinstance(expected.get("why"), str) and "\n" not in expected["why"].strip()
    assert list((case / "claims").glob("*.yaml"))
    if not _flags(case):
        twin = case.parent / str(expected.get("twin"))
        assert (twin / "expected.yaml").is_file() and _flags(twin), "a look-alike names a twin that flags"
