"""How the audit scales with the number of claims.

Builds a synthetic corpus in memory (N claims over M metrics, cumulative counts with "since"
and "between" windows, a few injected contradictions), runs the same engine as `checker check`
(prepare, core checks, stamping, sorting) and times it. The baseline is the obvious Python
double loop over claim pairs of a metric (what a first version would write), timed on the
same claims where it finishes in reasonable time.

    python benchmarks/check_scale.py                # default sizes
    python benchmarks/check_scale.py --sizes 1000 10000 100000 --per-metric 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import time

import numpy as np
import pandas as pd

from checker.engine import run_audit
from checker.loading import Corpus
from checker.model import COLUMNS
from checker.rules import Metric, RuleSet, load_rules


def synthetic(n: int, per_metric: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    metrics = max(1, n // per_metric)
    metric = rng.integers(0, metrics, n)
    base = dt.date(2020, 11, 10).toordinal()
    start = np.where(rng.random(n) < 0.7, base, base + rng.integers(-400, 400, n)).astype(float)
    end = start + 91 * rng.integers(1, 20, n)  # quarterly reporting: claims for one quarter agree
    rate = rng.uniform(0.5, 5.0, metrics)[metric]  # each metric grows at its own daily rate
    value = np.floor((end - start) * rate)
    bad = rng.random(n) < 0.01
    value[bad] = np.floor(value[bad] * 0.5)
    frame = pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(n)],
            "source_id": [f"s{i % 997}" for i in range(n)],
            "source_title": "t",
            "publisher": "p",
            "url": "",
            "published": [dt.date.fromordinal(int(e)).isoformat() for e in end],
            "published_first": end,
            "published_last": end,
            "date_basis": "stated",
            "metric": [f"m{m}" for m in metric],
            "metric_written": "",
            "kind": "cumulative",
            "scope": "",
            "printed": [f"{int(v)}" for v in value],
            "value": value,
            "qualifier": "exact",
            "unit": "count",
            "factor": 1.0,
            "low": value,
            "high": value,
            "low_open": False,
            "high_open": False,
            "window_text": [f"{dt.date.fromordinal(int(s)).isoformat()} .. {dt.date.fromordinal(int(e)).isoformat()}" for s, e in zip(start, end)],
            "window_basis": "stated",
            "start_first": start,
            "start_last": start,
            "end_first": end,
            "end_last": end,
            "end_from_publication": False,
            "attributed_to": "",
            "quote": "q",
            "note": "",
            "file": "synthetic.yaml",
            "line": np.arange(n) + 1,
            "derived_from": "",
        },
        columns=list(COLUMNS),
    )
    return frame, metrics


def rules_for(metrics: int) -> RuleSet:
    rules = load_rules([])
    for m in range(metrics):
        rules.metrics[f"m{m}"] = Metric(f"m{m}", f"metric {m}", "cumulative", "count")
    return rules


def naive_containment(frame: pd.DataFrame, tolerance: float = 31.0) -> int:
    """Baseline: Python loops over every pair of claims of a metric."""
    rows = frame.to_dict("records")
    by_metric: dict[str, list[dict]] = {}
    for row in rows:
        by_metric.setdefault(row["metric"], []).append(row)
    found = 0
    for claims in by_metric.values():
        for a in claims:
            for b in claims:
                if a is b:
                    continue
                if b["start_last"] <= a["start_first"] + tolerance and b["end_early"] >= a["end_last"] - tolerance and b["high"] < a["low"]:
                    found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--per-metric", type=int, default=100)
    parser.add_argument("--baseline-max", type=int, default=10_000, help="largest size the Python-loop baseline runs on")
    args = parser.parse_args()
    print(f"# machine: {platform.machine()}, Python {platform.python_version()}, {dt.date.today().isoformat()}")
    print("| claims | metrics | claims/metric | full audit (s) | claims/s | findings | containment check (s) | Python-loop containment (s) | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        frame, metrics = synthetic(n, args.per_metric)
        rules = rules_for(metrics)
        corpus = Corpus(frame, {}, (), {})
        begin = time.perf_counter()
        result = run_audit(corpus, rules, as_of="2026-01-01")
        audit_s = time.perf_counter() - begin
        # Containment alone, ours against the Python double loop, on the same prepared claims.
        from checker.checks import cumulative_containment
        from checker.engine import prepare

        prepared = prepare(frame, rules)
        begin = time.perf_counter()
        cumulative_containment.check(prepared, cumulative_containment.Options(31))
        ours_s = time.perf_counter() - begin
        baseline = ratio = ""
        if n <= args.baseline_max:
            begin = time.perf_counter()
            naive_containment(prepared)
            base_s = time.perf_counter() - begin
            baseline = f"{base_s:.2f}"
            ratio = f"{base_s / ours_s:.1f}x"
        print(f"| {n:,} | {metrics:,} | {args.per_metric} | {audit_s:.2f} | {n / audit_s:,.0f} | {len(result.findings):,} | {ours_s:.2f} | {baseline} | {ratio} |")


if __name__ == "__main__":
    main()
