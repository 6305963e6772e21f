"""Time and peak memory of `checker check` end to end on generated corpora, with baselines.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--format parquet] [--work DIR]
                               [--one-metric 100000] [--one-window 100000]

For each size, benchmarks/generate.py writes N claims over N/100 metrics; `checker check`
(JSON report) runs in a subprocess under prlimit; its peak memory is the larger of its own
ru_maxrss and the resident memory of it and its children sampled every 0.2 s (the dask engine's
workers run beside it), in MB of 10^6 bytes. Printed per size: seconds, peak MB, the exponent against the previous
size, the planted discrepancies found (recall) and the findings they explain (precision), and
in the same run the baselines of benchmarks/baseline_scripts.py, doing cumulative containment
only, on the same claims file: a pandas script (read, parse windows, groupby with a Python loop
over the pairs of each metric: what a data journalist writes; run up to --baseline-max claims)
and a DuckDB script (reading, parsing and a self-join in SQL), each timed as its own process
like checker; and the DuckDB self-join alone on a table already read and parsed in this
process (skipped with a note without duckdb). --one-metric adds one metric holding N claims
(generate.py's world, no plants); --one-window adds N claims of one metric and one month, as
a sheet of reports, with planted wrong figures (generate.generate_one_window); neither runs the
pandas loop, and the one window runs no DuckDB either: every pair of its claims would join.
"""

from __future__ import annotations

import argparse
import importlib.util
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
from baseline_scripts import duckdb_join, window_days  # noqa: E402
import generate  # noqa: E402

LIMIT_BYTES = 8_000_000_000
GNU_TIME = "/usr/bin/time"


def run_checker(claims: Path, rules: Path, report: Path, engine: str = "local", limit: int = LIMIT_BYTES) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one `checker check` process and its workers."""
    command = ["prlimit", f"--as={limit}", sys.executable, "-m", "checker", "check", str(claims), "--rules", str(rules),
               "--format", "json", "--output", str(report), "--fail-on", "never", "--engine", engine]
    return run_measured(command, report.with_suffix(".maxrss"))


def run_baseline(kind: str, claims: Path, limit: int = LIMIT_BYTES) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one baseline script, start-up and reading included."""
    command = ["prlimit", f"--as={limit}", sys.executable, str(Path(__file__).resolve().parent / "baseline_scripts.py"), kind, str(claims)]
    return run_measured(command, claims.with_name(f"{kind}.maxrss"), quiet=True)


def run_measured(command: list[str], peak_file: Path, quiet: bool = False) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of a command and the processes it starts."""
    # A process started from this one (which may hold a million-row table for the baselines)
    # inherits its resident size as its own peak: GNU time's child starts from a small process.
    if Path(GNU_TIME).exists():
        command = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *command]
    begin = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL if quiet else None)
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
        raise SystemExit(f"exited with {code}: {' '.join(command)}")
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


def scored(report: Path, planted: pd.DataFrame) -> tuple[int, int, int, int]:
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    # Each finding a merged one stands for (details.also) is scored on its own.
    listed = [(f["rule"], tuple(c["id"] for c in m["claims"])) for f in findings for m in accuracy.members(f) if m["claims"]]
    unexplained, missed = generate.score(listed, planted)
    # A count of findings left out past the limit is explained when all it counts are copies of
    # listed clashes (the same figures from further sources); otherwise it is not.
    counts = [f["details"] for f in findings if not f["claims"]]
    copies = sum(d.get("restating_listed", 0) == d.get("not_listed") for d in counts)
    return len(planted) - len(missed), len(planted), len(listed) - len(unexplained) + copies, len(listed) + len(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--work", type=Path, default=Path("/tmp/checker-scale"))
    parser.add_argument("--baseline-max", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--limit", type=int, default=LIMIT_BYTES, help="address-space limit of the checker process (bytes)")
    parser.add_argument("--one-metric", type=int, default=0, help="also one metric holding this many claims")
    parser.add_argument("--one-window", type=int, default=0, help="also one window of one metric shared by this many claims")
    args = parser.parse_args()
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, pandas {pd.__version__}, {dt.date.today().isoformat()}, engine {args.engine}")
    print("# CPU: user + system seconds of each process (checker and its workers; each baseline script, start-up and reading included;")
    print("# the DuckDB join alone in this process, on a table already read and parsed), steady under a shared machine's load.")
    print("| case | claims | metrics | checker wall (s) | checker CPU (s) | peak (MB) | exponent (CPU) | plants found | findings explained "
          "| pandas script CPU (s) | DuckDB script CPU (s) | DuckDB join alone CPU (s) | pandas script ÷ checker | checker ÷ DuckDB script | checker ÷ DuckDB join |")
    print("|---" * 15 + "|")
    cases = [("spread", n, max(1, n // 100)) for n in args.sizes] + ([("one metric", args.one_metric, 1)] if args.one_metric else [])
    cases += [("one window", args.one_window, 1)] if args.one_window else []
    previous = None
    for case, n, metrics in cases:
        out = args.work / f"{case.replace(' ', '-')}-{n}"
        if not (out / "planted.csv").exists():
            made = generate.generate_one_window(n, seed=1) if case == "one window" else generate.generate(n, metrics, seed=1)
            frame, rules, planted = made
            generate.write(out, frame, rules, planted, ("csv", "parquet"))
        planted = pd.read_csv(out / "planted.csv")
        seconds, cpu, peak = run_checker(out / f"claims.{args.format}", out / "rules", out / "report.json", args.engine, args.limit)
        exponent = ""
        if previous is not None and case == "spread":
            exponent = f"{math.log(cpu / previous[1]) / math.log(n / previous[0]):.2f}"
        if case == "spread":
            previous = (n, cpu)
        found, plants, explained, total = scored(out / "report.json", planted)
        print(f"| {case} | {n:,} | {metrics:,} | {seconds:.1f} | {cpu:.1f} | {peak:,.0f} | {exponent} | {found}/{plants} | {explained}/{total} | "
              + " | ".join(baselines(out, args.format, cpu, quadratic_ok=n <= args.baseline_max and n / metrics <= 1_000, limit=args.limit,
                                     join_ok=case != "one window")) + " |", flush=True)


def baselines(out: Path, file_format: str, checker_cpu: float, quadratic_ok: bool, limit: int, join_ok: bool = True) -> list[str]:
    """The baseline columns of one row: the two scripts' CPU seconds and peaks, the DuckDB join's
    CPU seconds on a loaded table, and checker's ratios to them. `join_ok`: False where every
    pair of claims shares a window (the self-join would pair them all)."""
    claims = out / f"claims.{file_format}"
    loop = script = join = None
    loop_cell, script_cell, join_cell = "not run (quadratic)", "", ""
    if quadratic_ok:  # the pandas loop is quadratic per metric
        _, loop, loop_peak = run_baseline("pandas", claims, limit)
        loop_cell = f"{loop:.1f} ({loop_peak:,.0f} MB)"
    if not join_ok:
        script_cell = join_cell = "not run (every pair joins)"
    elif importlib.util.find_spec("duckdb") is None:
        script_cell = join_cell = "no duckdb"
    else:
        _, script, script_peak = run_baseline("duckdb", claims, limit)
        script_cell = f"{script:.2f} ({script_peak:,.0f} MB)"
        table = window_days(pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False))
        begin = time.process_time()
        duckdb_join(table)
        join = time.process_time() - begin
        join_cell = f"{join:.2f}"
    return [loop_cell, script_cell, join_cell,
            f"{loop / checker_cpu:.2f}×" if loop else "",
            f"{checker_cpu / script:.1f}×" if script else "",
            f"{checker_cpu / join:.1f}×" if join else ""]


if __name__ == "__main__":
    main()
