"""How the audit scales with the number of claims.

Builds a synthetic corpus in memory (N claims over M metrics, cumulative counts with "since"
and "between" windows, a few injected contradictions), runs the same engine as `checker check`
(prepare, core checks, stamping, sorting) and times it. The baseline is the obvious Python
double loop over claim pairs of a metric (what a first version would write), timed on the
same claims where it finishes in reasonable time.

    python benchmarks/check_scale.py                # default sizes
    python benchmarks/check_scale.py --sizes 1000 10000 100000 --per-metric 50
    python benchmarks/check_scale.py --relations    # metrics related by declared relations

With `--relations` the metrics come in triples (a, b, total) with a declared relation total =
a + b (parts-sum; every fifth triple stock-flow instead, every seventh across sources), a
share relation share = a / total for every fourth triple and a scope subset ("sub" claims of
a within all of a) for every tenth. Each observation is one source and one window with a
figure for every metric of its triple; 10 % leave one term out, so the engine derives it, and
about 1 % of totals and shares are broken. The same claims are audited with and without the
relations; "relations part" is the time spent deriving claims and in the four relation checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from checker.engine import run_audit
from checker.loading import Corpus
from checker.claim import COLUMNS
from checker.rules import Metric, RuleSet, load_rules


def claims_frame(*, source, metric, kind, scope, unit, printed, value, low, high, start, end) -> pd.DataFrame:
    """A prepared claims table (the loader's columns) for exact figures over [start, end]
    (day ordinals), published at the window's end."""
    count = len(value)
    return pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(count)],
            "source_id": source,
            "source_title": "t",
            "publisher": "p",
            "url": "",
            "published": [dt.date.fromordinal(int(x)).isoformat() for x in end],
            "published_first": end,
            "published_last": end,
            "date_basis": "stated",
            "metric": metric,
            "metric_written": "",
            "kind": kind,
            "scope": scope,
            "printed": printed,
            "value": value,
            "qualifier": "exact",
            "unit": unit,
            "factor": 1.0,
            "low": low,
            "high": high,
            "low_open": False,
            "high_open": False,
            "window_text": [f"{dt.date.fromordinal(int(x)).isoformat()} .. {dt.date.fromordinal(int(y)).isoformat()}" for x, y in zip(start, end)],
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
            "line": np.arange(count) + 1,
            "derived_from": "",
        },
        columns=list(COLUMNS),
    )


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
    frame = claims_frame(
        source=[f"s{i % 997}" for i in range(n)], metric=[f"m{m}" for m in metric], kind="cumulative", scope="",
        unit="count", printed=[f"{int(v)}" for v in value], value=value, low=value, high=value, start=start, end=end,
    )
    return frame, metrics


def relations_corpus(n: int, per_metric: int, seed: int = 11) -> tuple[pd.DataFrame, str]:
    """About `n` claims over metric triples with declared relations; returns claims and rules YAML."""
    rng = np.random.default_rng(seed)
    per_observation = 2.8  # at least 3 - 0.1 left out (share and subset add more); the last triple is cut at n
    triples = max(1, math.ceil(n / (per_metric * per_observation)))
    observations = triples * per_metric
    triple = np.repeat(np.arange(triples), per_metric)
    base = dt.date(2020, 11, 10).toordinal()
    start = np.where(rng.random(observations) < 0.7, base, base + rng.integers(-400, 400, observations)).astype(float)
    end = start + 91 * rng.integers(1, 20, observations)
    rate_a = rng.uniform(0.5, 5.0, triples)[triple]
    rate_b = rng.uniform(0.5, 5.0, triples)[triple]
    a = np.floor((end - start) * rate_a)
    b = np.floor((end - start) * rate_b)
    total = a + b
    broken = rng.random(observations) < 0.01
    total[broken] = np.floor(total[broken] * 0.5)
    share = np.round(100 * a / np.maximum(a + b, 1), 1)
    share[rng.random(observations) < 0.01] += 5.0
    left_out = np.where(rng.random(observations) < 0.1, rng.integers(0, 3, observations), -1)
    records: list[tuple] = []  # (observation, metric, scope, kind, unit, printed, value, low, high)
    for o in range(observations):
        t = int(triple[o])
        for role, value in enumerate((a[o], b[o], total[o])):
            if role != left_out[o]:
                records.append((o, f"m{3 * t + role}", "", "cumulative", "count", f"{int(value)}", value, value, value))
        if t % 4 == 0:
            records.append((o, f"share{t}", "", "share", "percent", f"{share[o]:.1f}", share[o], share[o] - 0.05, share[o] + 0.05))
        if t % 10 == 1:
            sub = np.floor(a[o] * (1.6 if broken[o] else 0.6))
            records.append((o, f"m{3 * t}", "sub", "cumulative", "count", f"{int(sub)}", sub, sub, sub))
    records = records[:n]
    obs = np.array([r[0] for r in records])
    value = np.array([r[6] for r in records], dtype=float)
    s, e = start[obs], end[obs]
    frame = claims_frame(
        source=[f"s{o % 997}" for o in obs], metric=[r[1] for r in records], kind=[r[3] for r in records],
        scope=[r[2] for r in records], unit=[r[4] for r in records], printed=[r[5] for r in records], value=value,
        low=np.array([r[7] for r in records], dtype=float), high=np.array([r[8] for r in records], dtype=float), start=s, end=e,
    )
    metrics, relations = [], []
    for t in range(triples):
        for role in range(3):
            metrics.append(f"  - {{id: m{3 * t + role}, label: metric {3 * t + role}, kind: cumulative, unit: count}}")
        kind = "stock-flow" if t % 5 == 4 else "parts-sum"
        cross = ", cross_source: true" if t % 7 == 3 else ""
        if kind == "parts-sum":
            relations.append(f"  - {{id: sum{t}, kind: parts-sum, total: m{3 * t + 2}, parts: [m{3 * t}, m{3 * t + 1}]{cross}}}")
        else:
            relations.append(f"  - {{id: flow{t}, kind: stock-flow, total: m{3 * t + 2}, flow: m{3 * t}, remaining: m{3 * t + 1}{cross}}}")
        if t % 4 == 0:
            metrics.append(f"  - {{id: share{t}, label: share {t}, kind: share, unit: percent}}")
            relations.append(f"  - {{id: share{t}, kind: share, share: share{t}, part: m{3 * t}, whole: m{3 * t + 2}}}")
        if t % 10 == 1:
            relations.append(f"  - {{id: sub{t}, kind: subset, subset: {{metric: m{3 * t}, scope: sub}}, superset: {{metric: m{3 * t}}}}}")
    return frame, "metrics:\n" + "\n".join(metrics) + "\nrelations:\n" + "\n".join(relations) + "\n"


def load_yaml_rules(text: str) -> RuleSet:
    """The rule set `load_rules` builds from `text`, as if it were a file in rules/."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.yaml"
        path.write_text(text, encoding="utf-8")
        return load_rules([path])


class RelationClock:
    """Seconds spent deriving claims and in the relation checks during `run_audit`."""

    def __init__(self) -> None:
        import checker.relations
        from checker.checks import REGISTRY

        self.seconds = 0.0
        self.patched: list[tuple[object, str, object]] = [(checker.relations, "derive_claims", checker.relations.derive_claims)]
        self.patched += [(m, "check", m.check) for m in REGISTRY.values() if m.RELATION_KIND is not None]

    def __enter__(self) -> "RelationClock":
        for owner, name, original in self.patched:
            setattr(owner, name, self._timed(original))
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, original in self.patched:
            setattr(owner, name, original)

    def _timed(self, function):
        def timed(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - begin
        return timed


def finding_lines(result) -> list[str]:
    """Rule, metric, message and claim ids of each finding, then the derived claims and the
    claims not checked (with the reason): what two versions of the engine must agree on."""
    lines = [f"{f.rule}\t{f.metric}\t{f.message}\t{','.join(c.claim_id for c in f.claims)}" for f in result.findings]
    derived = result.claims[result.claims["derived_from"] != ""]
    lines += [f"derived\t{cid}\t{low!r}\t{high!r}" for cid, low, high in zip(derived["claim_id"], derived["low"], derived["high"])]
    lines += [f"not-checked\t{ref.claim_id}\t{reason}" for ref, reason in result.not_checked]
    return sorted(lines)


def run_relations(args: argparse.Namespace) -> None:
    print("| claims | metrics | relations | derived claims | full audit with relations (s) | without (s) | relations part (s) | findings with | without |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        frame, text = relations_corpus(n, args.per_metric)
        with_relations = load_yaml_rules(text)
        without = load_yaml_rules(text.split("relations:\n")[0])
        corpus = Corpus(frame, {}, (), {})
        with RelationClock() as clock:
            begin = time.perf_counter()
            result = run_audit(corpus, with_relations, as_of="2026-01-01")
            audit_s = time.perf_counter() - begin
        begin = time.perf_counter()
        plain = run_audit(corpus, without, as_of="2026-01-01")
        plain_s = time.perf_counter() - begin
        derived = int((result.claims["derived_from"] != "").sum())
        print(f"| {len(frame):,} | {len(with_relations.metrics):,} | {len(with_relations.relations):,} | {derived:,} | {audit_s:.2f} | {plain_s:.2f} | {clock.seconds:.2f} | {len(result.findings):,} | {len(plain.findings):,} |", flush=True)
        if args.dump:
            Path(f"{args.dump}.{n}.txt").write_text("\n".join(finding_lines(result)) + "\n", encoding="utf-8")


def rules_for(metrics: int) -> RuleSet:
    return replace(load_rules([]), metrics={f"m{m}": Metric(f"m{m}", f"metric {m}", "cumulative", "count") for m in range(metrics)})


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
    parser.add_argument("--relations", action="store_true", help="metrics in triples with declared relations; time the relation part")
    parser.add_argument("--dump", help="with --relations: write the findings of each size to DUMP.<size>.txt")
    args = parser.parse_args()
    print(f"# machine: {platform.machine()}, Python {platform.python_version()}, pandas {pd.__version__}, {dt.date.today().isoformat()}")
    if args.relations:
        run_relations(args)
        return
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
