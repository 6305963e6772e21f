"""Time guard for hostile inputs: each runs through the real CLI in a subprocess with a timeout.

Usage: python benchmarks/hostile_guard.py [--only NAME] [--scale 1.0]

Every file in tests/hostile/ is audited on its own (with the test rules), then inputs too big to
commit are generated into a temp folder: 50 MB claim files (refused by size), 5 MB claim files
with the limit raised (parsed in full), a claims CSV at the claim limit, a 50 MB rules file and
a bomb in the rules; the article texts tests/hostile/extract_* and generated 50 MB and 1 MB
texts go through `checker extract`. Then one case per class of the second reliability round:
report paths that reach an input (directly, through `..`, a linked folder or a hard link),
look-alike scopes (a warning, not an error), rule values just past and at their limits, and the
extract-then-check round trip on texts that used to give drafts `check` refused. For each case
the guard prints the exit code and the seconds taken, checks that no traceback reached stderr,
that the exit code is the expected one, that no input file changed and, where a case says so,
that stderr holds a given text; it exits 1 if any case crashes, times out or exits unexpectedly. Time bounds live here, not in pytest, so the test
suite never flakes on a slow machine; `--scale 2` doubles every bound.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "hostile"
sys.path.insert(0, str(REPO / "tests"))

from support import BASE_RULES  # noqa: E402

# Files in tests/hostile/ that must load (exit 0 with --fail-on never); all others exit 2.
LOADS = {"bom_crlf.yaml", "bom_crlf.csv", "cr_only.yaml", "numbers_ok.yaml", "published_far.yaml",
         "markdown_injection.yaml", "source_text_traversal.yaml"}
MB = 1024 * 1024


@dataclass
class Case:
    name: str
    files: dict[str, bytes | str]  # claims/<name> -> content
    expect: int
    bound: float  # seconds
    args: list[str] = field(default_factory=list)
    rules_files: dict[str, bytes | str] = field(default_factory=dict)
    command: str = "check"  # "extract": the files are article texts; "roundtrip": extract, then check the drafts
    output: str = "report.md"  # where the report goes, relative to the case's folder
    stderr_has: str = ""  # a text stderr must hold
    setup: str = ""  # "links": add claims-link -> claims/ and hard.yaml -> claims/<first file>
    memory_bytes: int = 0  # address-space limit for the run (prlimit --as), 0: none


def claim_row(i: int) -> str:
    return f"s{i % 97},Report,Paper,2021-11-02,deaths,{i % 500},quote {i},since end_of_war\n"


CSV_HEADER = "source_id,source_title,publisher,published,metric,value,quote,window\n"


def big_yaml(size: int) -> str:
    head = "source:\n  id: big\n  title: Big\n  publisher: P\n  published: 2021-11-02\nclaims:\n"
    item = '  - {metric: deaths, value: 33, window: since end_of_war, quote: "thirty-three died here"}\n'
    return head + item * (size // len(item))


def cases() -> list[Case]:
    out = [
        Case(path.name, {path.name: path.read_bytes()}, 0 if path.name in LOADS else 2, 10.0)
        for path in sorted(HOSTILE.iterdir()) if path.suffix in (".yaml", ".csv")
    ]
    fifty = b"source:\n  id: big\n  title: '" + b"x" * (50 * MB) + b"'\n"
    out += [
        Case("50 MB YAML (default limit: refused by size)", {"big.yaml": fifty}, 2, 5.0),
        Case("50 MB CSV (default limit: refused by size)", {"big.csv": CSV_HEADER + claim_row(0) * (50 * MB // 60)}, 2, 5.0),
        Case("50 MB rules file (refused by size)", {"a.yaml": big_yaml(1000)}, 2, 5.0, rules_files={"zz.yaml": fifty}),
        Case("50 MB one-line YAML string, limit raised", {"big.yaml": fifty}, 2, 120.0, ["--max-file-size", str(60 * MB)]),
        Case("5 MB YAML of claims, limit raised", {"big.yaml": big_yaml(5 * MB)}, 0, 240.0, ["--max-file-size", str(6 * MB)]),
        Case("5 MB CSV of claims (~70,000 rows)", {"big.csv": CSV_HEADER + "".join(claim_row(i) for i in range(5 * MB // 60))}, 0, 240.0),
        Case("claims over --max-claims", {"many.csv": CSV_HEADER + "".join(claim_row(i) for i in range(20_000))}, 2, 60.0, ["--max-claims", "10000"]),
        Case("billion laughs in the rules", {"a.yaml": big_yaml(1000)}, 2, 5.0, rules_files={"zz.yaml": (HOSTILE / "billion_laughs.yaml").read_bytes()}),
        Case("100,000 nested lists", {"deep.yaml": "source: " + "[" * 100_000 + "]" * 100_000 + "\n"}, 2, 10.0),
        Case("1 MB of one unquoted scalar", {"long.yaml": "source:\n  id: " + "a" * MB + "\n"}, 2, 30.0),
        Case("1 MB quote", {"q.yaml": big_yaml(200).replace("thirty-three died here", "x" * MB, 1)}, 0, 60.0),
    ]
    extract_codes = {"extract_binary.txt": 2, "extract_invalid_utf8.txt": 2}
    out += [
        Case(f"extract {path.name}", {path.name: path.read_bytes()}, extract_codes.get(path.name, 0), 30.0, command="extract")
        for path in sorted(HOSTILE.glob("extract_*"))
    ]
    out += [
        Case("extract: 50 MB text (refused by size)", {"big.txt": b"12 people. " * (5 * MB)}, 2, 5.0, command="extract"),
        Case("extract: 1 MB of nested brackets", {"b.txt": "(" * (MB // 2) + "5 people" + ")" * (MB // 2)}, 0, 60.0, command="extract"),
        Case("extract: 1 MB of 'more than'", {"m.txt": "more than " * (MB // 10)}, 0, 60.0, command="extract"),
        # The two patterns that nest unbounded repeats (number words, product codes) on their own bait.
        Case("extract: 1 MB of number words", {"w.txt": "one two three four five six seven eight nine ten " * (MB // 50)}, 0, 60.0, command="extract"),
        Case("extract: 1 MB of code-like tokens", {"c.txt": "A1" + "-A1" * (MB // 3) + "-"}, 0, 60.0, command="extract"),
    ]
    return out + second_round_cases()


GOOD_CLAIM = "source:\n  id: {sid}\n  title: T\n  publisher: P\n  published: 2021-11-02\nclaims:\n  - {{metric: deaths, value: {value}, window: since end_of_war, scope: \"{scope}\", quote: \"q\"}}\n"
HUGE = "1" + "0" * 30


def second_round_cases() -> list[Case]:
    one = {"a.yaml": GOOD_CLAIM.format(sid="a", value=30, scope="Baku")}
    lookalike = {**one, "b.yaml": GOOD_CLAIM.format(sid="b", value=40, scope="B\u0430ku")}
    out = [
        Case(f"output onto an input: {label}", one, 2, 10.0, output=target, setup="links", stderr_has="cannot write report")
        for label, target in [("a claims file", "claims/a.yaml"), ("a rules file", "rules/rules.yaml"), ("via ..", "claims/../claims/a.yaml"),
                              ("a linked folder", "claims-link/a.yaml"), ("a hard link", "hard.yaml"), ("into the claims folder", "claims/new.md")]
    ]
    out += [
        Case("look-alike scope (Cyrillic a): a warning", lookalike, 0, 10.0, stderr_has="looks like 'Baku'"),
        Case("look-alike scope (zero-width space): one scope", {**one, "b.yaml": GOOD_CLAIM.format(sid="b", value=40, scope="Baku\u200b")}, 0, 10.0),
    ]
    limits = [("date_tolerance_days", f"settings:\n  date_tolerance_days: {HUGE}\n", "settings:\n  date_tolerance_days: 36525\n"),
              ("reporting_lag_days", f"settings:\n  reporting_lag_days: {HUGE}\n", "settings:\n  reporting_lag_days: 36525\n"),
              ("max_findings", "settings:\n  max_findings: .inf\n", "settings:\n  max_findings: 10000000\n"),
              ("min_gap_days", f"checks:\n  stale-figure: {{min_gap_days: {HUGE}}}\n", "checks:\n  stale-figure: {min_gap_days: 36525}\n"),
              ("min_period_days", "checks:\n  rate-jump: {min_period_days: 0}\n", "checks:\n  rate-jump: {min_period_days: 1}\n"),
              ("factor", f"checks:\n  rate-jump: {{factor: {HUGE}}}\n", "checks:\n  rate-jump: {factor: 1000000}\n")]
    for name, past, at in limits:
        out.append(Case(f"rules: {name} past its limit", one, 2, 10.0, rules_files={"zz.yaml": past}, stderr_has=name))
        out.append(Case(f"rules: {name} at its limit", one, 0, 10.0, rules_files={"zz.yaml": at}))
    texts = {
        "controls": "Since November 10, 2020, 167\x0c citizens \x1b[1mhave been trapped by landmines, of which 33 died.\n",
        "late NUL": "word " * 30_000 + "Since November 10, 2020, 167\x00 citizens have been trapped by landmines.\n",
        "figures it cannot hold": "Since November 10, 2020, 1.2 x 10^3 citizens were trapped, 1e3 died, ½ million fled, 3,4 thousand left, 1.5 × 10^309 lost.\n",
        "year 0005": "In the year 0005-03-12, 12 people died. Since 0005-03-12, 167 citizens have been trapped by landmines.\n",
    }
    out += [Case(f"extract then check: {label}", {"a.txt": text}, 0, 60.0, command="roundtrip") for label, text in texts.items()]
    # One metric, one window, 100,000 claims: memory linear in the window's claims (it died at
    # 3.2 GB with 10,000 before), checked under a 4 GB address-space limit.
    window = "".join(f"s{i % 997},Sheet,Office,2024-02-01,deaths,{1 + i % 4999},quote {i},during 2023\n" for i in range(100_000))
    out.append(Case("one window shared by 100,000 claims (4 GB limit)", {"sheet.csv": CSV_HEADER + window}, 0, 60.0,
                    ["--format", "json", "--max-file-size", str(20 * MB)], memory_bytes=4_000_000_000))
    return out


def prepare_links(root: Path, case: Case) -> None:
    if case.setup == "links":
        (root / "claims-link").symlink_to(root / "claims", target_is_directory=True)
        os.link(root / "claims" / sorted(case.files)[0], root / "hard.yaml")


def digest(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for folder in ("claims", "rules") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def run(case: Case, scale: float) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        claims = root / "claims"
        rules = root / "rules"
        claims.mkdir()
        rules.mkdir()
        (rules / "rules.yaml").write_text(BASE_RULES, encoding="utf-8")
        for name, content in case.rules_files.items():
            (rules / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        for name, content in case.files.items():
            (claims / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        prepare_links(root, case)
        out = root / case.output
        existed = out.exists()
        inputs = digest(root)
        command = [sys.executable, "-m", "checker", "check", str(claims), "--rules", str(rules), "--format", "markdown",
                   "--output", str(out), "--fail-on", "never", *case.args]
        if case.command in ("extract", "roundtrip"):
            out = root / "drafts"
            command = [sys.executable, "-m", "checker", "extract", *(str(claims / name) for name in case.files),
                       "--published", "2021-11-02", "--rules", str(REPO / "rules"), "--output", str(out)]
        if case.memory_bytes:
            command = ["prlimit", f"--as={case.memory_bytes}", *command]
        bound = case.bound * scale
        start = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        try:
            result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=bound, env=env)
            if case.command == "roundtrip" and result.returncode == 0:
                result = subprocess.run([sys.executable, "-m", "checker", "check", str(out), "--rules", str(REPO / "rules"), "--fail-on", "never"],
                                        cwd=root, capture_output=True, text=True, timeout=bound, env=env)
        except subprocess.TimeoutExpired:
            return False, f"TIMEOUT after {bound:.0f} s"
        seconds = time.perf_counter() - start
        problems = []
        if digest(root) != inputs:
            problems.append("an input file changed")
        if case.stderr_has and case.stderr_has not in result.stderr:
            problems.append(f"stderr lacks {case.stderr_has!r}")
        if existed:
            out = root / "no-such-report"  # the output named an input: "nothing written" is the digest above
        if "Traceback" in result.stderr:
            problems.append("traceback on stderr")
        if result.returncode != case.expect:
            problems.append(f"exit {result.returncode}, expected {case.expect}")
        if case.expect == 2 and out.exists() and (out.is_file() or any(out.iterdir())):
            problems.append("a report was written")
        if case.expect == 2 and case.command == "check" and not (result.stderr.strip().endswith("nothing was written") or "cannot write report" in result.stderr):
            problems.append("no input-error summary")
        if case.expect == 2 and case.command == "extract" and not result.stderr.startswith("error: "):
            problems.append("no one-line error")
        first = (result.stderr.splitlines() or [""])[0].replace(str(root) + "/", "")
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        return not problems, f"exit {result.returncode}  {seconds:6.2f} s (bound {bound:.0f} s)  {status}  {first[:110]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only cases whose name contains this text")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every time bound")
    args = parser.parse_args()
    failures = 0
    for case in cases():
        if args.only and args.only not in case.name:
            continue
        ok, line = run(case, args.scale)
        failures += not ok
        print(f"{case.name:48} {line}", flush=True)
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    if shutil.which(sys.executable) is None and not Path(sys.executable).exists():
        sys.exit("python executable not found")
    sys.exit(main())
