"""Time and peak memory of `checker check` end to end on generated corpora, with baselines.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--format parquet] [--work DIR]

For each size, benchmarks/generate.py writes N claims over N/100 metrics; `checker check`
(JSON report) runs in a subprocess under prlimit; its peak memory is the larger of its own
ru_maxrss and the resident memory of it and its children sampled every 0.2 s (the dask engine's
workers run beside it), in MB of 10^6 bytes. Printed per size: seconds, peak MB, the exponent against the previous
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
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402
import generate  # noqa: E402

LIMIT_BYTES = 8_000_000_000
GNU_TIME = "/usr/bin/time"


def run_checker(claims: Path, rules: Path, report: Path, engine: str = "local", limit: int = LIMIT_BYTES) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one `checker check` process and its workers."""
    command = ["prlimit", f"--as={limit}", sys.executable, "-m", "checker", "check", str(claims), "--rules", str(rules),
               "--format", "json", "--output", str(report), "--fail-on", "never", "--engine", engine]
    # A process started from this one (which may hold a million-row table for the baselines)
    # inherits its resident size as its own peak: GNU time's child starts from a small process.
    peak_file = report.with_suffix(".maxrss")
    if Path(GNU_TIME).exists():
        command = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *command]
    begin = time.perf_counter()
    process = subprocess.Popen(command)
    tree_peak = 0
    while True:  # the dask engine's workers run beside the main process: sample their sum
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree_peak = max(tree_peak, tree_rss(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - begin
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"checker exited with {code}: {' '.join(command)}")
    own_peak = int(peak_file.read_text().split()[-1]) * 1024 if peak_file.exists() else usage.ru_maxrss * 1024
    peak_file.unlink(missing_ok=True)
    return seconds, usage.ru_utime + usage.ru_stime, max(own_peak, tree_peak) / 1e6


def tree_rss(root: int) -> int:
    """Memory of a process and all its descendants now (Linux /proc): the sum of their
    proportional set sizes, so that pages forked workers share with their parent count once."""
    parent, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += proportional(pid, rss.get(pid, 0))
        todo += [child for child, up in parent.items() if up == pid]
    return total


def proportional(pid: int, resident: int) -> int:
    """The process's Pss in bytes (its resident bytes where smaps_rollup cannot be read)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resident


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
    # Each finding a merged one stands for (details.also) is scored on its own.
    listed = [(f["rule"], tuple(c["id"] for c in m["claims"])) for f in findings for m in accuracy.members(f)]
    unexplained, missed = generate.score(listed, planted)
    return len(planted) - len(missed), len(planted), len(listed) - len(unexplained), len(listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--work", type=Path, default=Path("/tmp/checker-scale"))
    parser.add_argument("--baseline-max", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--limit", type=int, default=LIMIT_BYTES, help="address-space limit of the checker process (bytes)")
    parser.add_argument("--one-metric", type=int, default=0, help="also one metric holding this many claims")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, pandas {pd.__version__}, {dt.date.today().isoformat()}, engine {args.engine}")
    print("# CPU: user + system seconds (of the checker process and its workers; of this process for the baselines), steady under a shared machine's load.")
    print("| case | claims | metrics | checker wall (s) | checker CPU (s) | peak (MB) | exponent (CPU) | plants found | findings explained | pandas loop CPU (s) | DuckDB CPU (s) | pandas ÷ checker | checker ÷ DuckDB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    cases = [("spread", n, max(1, n // 100)) for n in args.sizes] + ([("one metric", args.one_metric, 1)] if args.one_metric else [])
    previous = None
    for case, n, metrics in cases:
        out = args.work / f"{case.replace(' ', '-')}-{n}"
        if not (out / "planted.csv").exists():
            frame, rules, planted = generate.generate(n, metrics, seed=1)
            generate.write(out, frame, rules, planted, ("csv", "parquet"))
        planted = pd.read_csv(out / "planted.csv")
        seconds, cpu, peak = run_checker(out / f"claims.{args.format}", out / "rules", out / "report.json", args.engine, args.limit)
        exponent = ""
        if previous is not None and case == "spread":
            exponent = f"{math.log(cpu / previous[1]) / math.log(n / previous[0]):.2f}"
        if case == "spread":
            previous = (n, cpu)
        found, plants, explained, total = scored(out / "report.json", planted)
        loop_s = duck_s = ratio_loop = ratio_duck = ""
        if (out / "claims.csv").exists():
            table = window_days(pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False))
            if n <= args.baseline_max and n / metrics <= 1_000:  # the loop is quadratic per metric
                begin = time.process_time()
                pandas_loop(table)
                loop = time.process_time() - begin
                loop_s, ratio_loop = f"{loop:.1f}", f"{loop / cpu:.2f}×"
            begin = time.process_time()
            if duckdb_join(table) is None:
                duck_s = "no duckdb"
            else:
                duck = time.process_time() - begin
                duck_s, ratio_duck = f"{duck:.2f}", f"{cpu / duck:.1f}×"
        print(f"| {case} | {n:,} | {metrics:,} | {seconds:.1f} | {cpu:.1f} | {peak:,.0f} | {exponent} | {found}/{plants} | {explained}/{total} | {loop_s} | {duck_s} | {ratio_loop} | {ratio_duck} |", flush=True)

if __name__ == "__main__":
    main()
