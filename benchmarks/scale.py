"""Time and peak memory of `checker check` end to end on generated corpora, with baselines.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--format parquet] [--work DIR]

For each size, benchmarks/generate.py writes N claims over N/100 metrics; `checker check`
(JSON report) runs in a subprocess under prlimit, whose peak resident memory (ru_maxrss) is
read after it exits. Printed per size: seconds, peak MB, the exponent against the previous
size, the planted discrepancies found (recall) and the findings they explain (precision), and
in the same run two baselines doing cumulative containment only on the same CSV: a pandas
groupby with a Python loop over the pairs of each metric (what a data journalist writes; run
up to --baseline-max claims) and a DuckDB self-join (skipped with a note without duckdb).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

LIMIT_BYTES = 8_000_000_000


def run_checker(claims: Path, rules: Path, report: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one `checker check` process."""
    command = ["prlimit", f"--as={LIMIT_BYTES}", sys.executable, "-m", "checker", "check", str(claims), "--rules", str(rules),
               "--format", "json", "--output", str(report), "--fail-on", "never"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    begin = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def window_days(frame: pd.DataFrame) -> pd.DataFrame:
    """Window start and end days of the generated windows (since X / between X and Y / during M)."""
    text = frame["window"]
    start = pd.to_datetime(text.str.extract(r"(?:since|between) (\S+(?: \d+, \d{4})?)")[0], format="mixed", errors="coerce")
    end = pd.to_datetime(text.str.extract(r" and (\S+)$")[0], errors="coerce").fillna(pd.to_datetime(frame["published"]))
    month = pd.to_datetime(text.str.extract(r"^during (\S+)$")[0], format="%Y-%m", errors="coerce")
    start = start.fillna(month)
    end = end.where(month.isna(), month + pd.offsets.MonthEnd(0))
    value = pd.to_numeric(frame["value"].str.replace(",", ""), errors="coerce")
    return pd.DataFrame({"metric": frame["metric"], "scope": frame["scope"].fillna(""), "start": start.dt.day_of_year + start.dt.year * 366,
                         "end": end.dt.day_of_year + end.dt.year * 366, "value": value, "exact": frame["qualifier"] == "exact"})


def pandas_loop(table: pd.DataFrame, tolerance: int = 31) -> int:
    """Containment violations among exact figures: groupby metric and scope, a loop over pairs."""
    found = 0
    for _, group in table[table["exact"]].groupby(["metric", "scope"]):
        rows = list(group[["start", "end", "value"]].itertuples(index=False))
        for a in rows:
            for b in rows:
                if b.start <= a.start - tolerance and b.end >= a.end + tolerance and b.value < a.value:
                    found += 1
    return found


def duckdb_join(table: pd.DataFrame, tolerance: int = 31) -> int | None:
    try:
        import duckdb
    except ImportError:
        return None
    exact = table[table["exact"]]  # noqa: F841 (read by the query)
    return duckdb.sql(f"""select count(*) from exact a join exact b on a.metric = b.metric and a.scope = b.scope
                          and b.start <= a.start - {tolerance} and b."end" >= a."end" + {tolerance} and b.value < a.value""").fetchall()[0][0]


def scored(report: Path, planted: pd.DataFrame) -> tuple[int, int, int, int]:
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    listed = [(f["rule"], tuple(c["id"] for c in f["claims"])) for f in findings]
    unexplained, missed = generate.score(listed, planted)
    return len(planted) - len(missed), len(planted), len(listed) - len(unexplained), len(listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--work", type=Path, default=Path("/tmp/checker-scale"))
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--one-metric", type=int, default=0, help="also one metric holding this many claims")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, pandas {pd.__version__}, {dt.date.today().isoformat()}")
    print("| case | claims | metrics | checker (s) | peak (MB) | exponent | plants found | findings explained | pandas loop (s) | DuckDB join (s) | pandas ÷ checker | checker ÷ DuckDB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    cases = [("spread", n, max(1, n // 100)) for n in args.sizes] + ([("one metric", args.one_metric, 1)] if args.one_metric else [])
    previous = None
    for case, n, metrics in cases:
        out = args.work / f"{case.replace(' ', '-')}-{n}"
        if not (out / "planted.csv").exists():
            frame, rules, planted = generate.generate(n, metrics, seed=1)
            generate.write(out, frame, rules, planted, ("csv", "parquet"))
        planted = pd.read_csv(out / "planted.csv")
        seconds, peak = run_checker(out / f"claims.{args.format}", out / "rules", out / "report.json")
        exponent = ""
        if previous is not None and case == "spread":
            exponent = f"{math.log(seconds / previous[1]) / math.log(n / previous[0]):.2f}"
        if case == "spread":
            previous = (n, seconds)
        found, plants, explained, total = scored(out / "report.json", planted)
        table = window_days(pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False))
        loop_s = duck_s = ""
        ratio_loop = ratio_duck = ""
        if n <= args.baseline_max and n / metrics <= 1_000:  # the loop is quadratic per metric
            begin = time.perf_counter()
            pandas_loop(table)
            loop_s = time.perf_counter() - begin
            ratio_loop = f"{loop_s / seconds:.2f}×"
            loop_s = f"{loop_s:.1f}"
        begin = time.perf_counter()
        if duckdb_join(table) is None:
            duck_s = "no duckdb"
        else:
            duck = time.perf_counter() - begin
            duck_s, ratio_duck = f"{duck:.2f}", f"{seconds / duck:.1f}×"
        print(f"| {case} | {n:,} | {metrics:,} | {seconds:.1f} | {peak:,.0f} | {exponent} | {found}/{plants} | {explained}/{total} | {loop_s} | {duck_s} | {ratio_loop} | {ratio_duck} |", flush=True)


if __name__ == "__main__":
    main()
