"""A seeded synthetic claims corpus with a known set of planted discrepancies.

    python benchmarks/generate.py OUT --claims 100000 --metrics 1000 [--seed 1] [--formats csv parquet yaml]

writes OUT/rules/corpus.yaml (settings, metrics, parts-sum relations), the claims as
OUT/claims.csv, OUT/claims.parquet and OUT/yaml/<source>.yaml (one file per source, the same
claims), and OUT/planted.csv: one row per planted claim (check id, claim id).

The world behind the claims: every metric and scope is a cumulative count that grows at its own
daily rate from its own origin day (2014-2018). Sources are reports published on quarter ends
(2019-2026); each gives figures "since <origin>" (as of publication), "between <origin> and
<quarter end>" and "during <last month of the quarter>", printed exactly ("12,345"), rounded
with "about", or as bounds ("more than", "nearly") that hold. Every fifth group of three metrics
is declared in a parts-sum relation (total = a + b) and its figures come as whole observations
(a, b and total from one source for one window). Quarter ends lie 90 days or more apart, more
than the date tolerance (31 days) plus the reporting lag (30 days), so figures agree with each
other exactly where their windows are the same.

Planted, each in a window no regular claim uses (the last month of an odd quarter, or a window
starting 45 days after the origin), so that each explains its own findings and nothing else:
- cumulative-containment: a figure for [origin + 45 days, quarter end] above the total since the
  origin at the next quarter end (a partner claim giving that total is added);
- same-window-agreement: two sources give the same month, one figure 1.5 times the other;
- parts-sum: one source's total for a month is 1.5 times the sum of its parts.
A finding is expected exactly when it is of a planted kind and involves a claim planted for it.

With --one-window, every claim gives one metric for one month from its own source (a sheet of
reports), printed as figures that hold, and the planted claims each print a wrong figure of its
own: what the finding limit must not hide (a check lists every clash before copies of any).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

QUARTER_ENDS = [dt.date(y, m, d) for y in range(2019, 2027) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
SCOPES = ("North District", "South District", "Coastal Region")
PUBLISHERS = tuple(f"Publisher {i}" for i in range(40))
WRITTEN = ("csv", "parquet", "yaml")
CLAIM_COLUMNS = ("id", "source_id", "source_title", "publisher", "url", "published", "metric", "value", "qualifier",
                 "unit", "window", "scope", "attributed_to", "quote")
SETTINGS = {"reporting_lag_days": 30, "date_tolerance_days": 31, "max_file_bytes": 4_000_000_000, "max_claims": 50_000_000}
PLANTED_KINDS = ("cumulative-containment", "same-window-agreement", "parts-sum")


@dataclass(frozen=True)
class Series:
    """One metric and scope: a count growing by `rate` a day from `origin` (a day ordinal)."""

    metric: str
    scope: str
    origin: int
    rate: float

    def count(self, day: int) -> int:
        """The count through the end of `day`."""
        return max(0, math.floor(self.rate * (day - self.origin + 1)))


class Corpus:
    """Claims as rows (the CSV columns), the sources they come from, and the planted ids."""

    def __init__(self, rng: np.random.Generator, sources_per_quarter: int, prefix: str = "") -> None:
        self.rng = rng
        self.prefix = prefix
        self.rows: list[tuple] = []
        self.planted: list[tuple[str, str]] = []
        self.sources_per_quarter = sources_per_quarter

    def source(self, quarter: int, k: int | None = None) -> tuple[str, str, str, str, str]:
        """(id, title, publisher, url, published) of report k of a quarter."""
        if k is None:
            k = int(self.rng.integers(self.sources_per_quarter))
        end = QUARTER_ENDS[quarter]
        sid = f"r{end:%Y%m}-{k:04d}"
        publisher = PUBLISHERS[(quarter * 7 + k) % len(PUBLISHERS)]
        return sid, f"Quarterly report {k} of {end:%B %Y}", publisher, f"https://example.org/{sid}", end.isoformat()

    def add(self, source, series: Series, window: str, printed: str, qualifier: str, planted: str | None = None) -> str:
        claim_id = f"{self.prefix}c{len(self.rows) + 1}"
        words = {"exact": "", "about": "about ", "more_than": "more than ", "nearly": "nearly "}[qualifier]
        quote = f"{words}{printed} {series.metric.replace('_', ' ')}"
        attributed = PUBLISHERS[len(self.rows) % 7] if len(self.rows) % 3 == 0 else ""
        self.rows.append((claim_id, *source, series.metric, printed, qualifier, "count", window, series.scope, attributed, quote))
        if planted:
            self.planted.append((planted, claim_id))
        return claim_id


def printed_as(rng: np.random.Generator, truth: int) -> tuple[str, str]:
    """A printing of `truth` that holds: exact, about (rounded), more than or nearly a round figure."""
    roll = rng.random()
    step = 100 if truth >= 1000 else 10
    if truth >= 100 and roll < 0.1:
        return f"{int(round(truth / step) * step):,}", "about"
    if truth >= 100 and roll < 0.2:
        below = (truth // step) * step
        return f"{int(below if below < truth else below - step):,}", "more_than"
    above = (truth // step + 1) * step
    if truth >= 1000 and roll < 0.3 and truth >= 0.9 * above:
        return f"{int(above):,}", "nearly"
    return f"{truth:,}", "exact"


def month_window(quarter: int) -> tuple[str, int, int]:
    """'during YYYY-MM' for the last month of a quarter, with its first and last day."""
    end = QUARTER_ENDS[quarter]
    return f"during {end:%Y-%m}", end.replace(day=1).toordinal(), end.toordinal()


def origin_text(origin: int, english: bool) -> str:
    day = dt.date.fromordinal(origin)
    return f"{day:%B} {day.day}, {day.year}" if english else day.isoformat()


def regular_claim(corpus: Corpus, series: Series, quarter: int) -> None:
    """One figure that holds, in a window regular claims use."""
    rng = corpus.rng
    end = QUARTER_ENDS[quarter]
    roll = rng.random()
    english = rng.random() < 0.3
    if roll < 0.3 and quarter % 2 == 0:
        window, first, last = month_window(quarter)
        truth = series.count(last) - series.count(first - 1)
    elif roll < 0.65:
        window, truth = f"since {origin_text(series.origin, english)}", series.count(end.toordinal())
    else:
        window, truth = f"between {origin_text(series.origin, english)} and {end.isoformat()}", series.count(end.toordinal())
    printed, qualifier = printed_as(rng, truth)
    corpus.add(corpus.source(quarter), series, window, printed, qualifier)


def observation(corpus: Corpus, triple: tuple[Series, Series, Series], quarter: int, broken: bool = False) -> None:
    """a, b and total from one source for one window; `broken`: the total is wrong (planted)."""
    source = corpus.source(quarter)
    if broken or (quarter % 2 == 0 and corpus.rng.random() < 0.3):
        window, first, last = month_window(quarter)
    else:
        window, first, last = f"since {origin_text(triple[0].origin, False)}", triple[0].origin, QUARTER_ENDS[quarter].toordinal()
    parts = [s.count(last) - s.count(first - 1) for s in triple[:2]]
    for series, truth in zip(triple, (*parts, sum(parts))):
        wrong = broken and series is triple[2]
        value = truth * 3 // 2 + 10 if wrong else truth
        if wrong and value % 10 == 0:  # "1,000" reads as rounded (500-1,500) and could hold the truth
            value += 1
        corpus.add(source, series, window, f"{value:,}", "exact", "parts-sum" if wrong else None)


def plant_containment(corpus: Corpus, series: Series, quarter: int) -> None:
    """A figure for [origin + 45 days, quarter end] above the total since the origin a quarter later."""
    start = dt.date.fromordinal(series.origin + 45)
    later = QUARTER_ENDS[quarter + 1].toordinal()
    value = series.count(later) + series.count(QUARTER_ENDS[quarter].toordinal()) // 2 + 10
    corpus.add(corpus.source(quarter), series, f"between {start.isoformat()} and {QUARTER_ENDS[quarter].isoformat()}", f"{value:,}", "exact", "cumulative-containment")
    corpus.add(corpus.source(quarter + 1), series, f"since {origin_text(series.origin, False)}", f"{series.count(later):,}", "exact")


def plant_same_window(corpus: Corpus, series: Series, quarter: int) -> None:
    window, first, last = month_window(quarter)
    truth = series.count(last) - series.count(first - 1)
    corpus.add(corpus.source(quarter, 0), series, window, f"{truth:,}", "exact", "same-window-agreement")
    corpus.add(corpus.source(quarter, 1), series, window, f"{truth * 3 // 2 + 10:,}", "exact", "same-window-agreement")


def generate(claims: int, metrics: int, seed: int = 1, plants: int | None = None, prefix: str = "") -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """(claims table in the CSV columns, rules YAML, planted (check, claim_id)); `prefix` starts
    every metric and claim id (chunks of one large corpus)."""
    rng = np.random.default_rng(seed)
    corpus = Corpus(rng, max(2, claims // (25 * len(QUARTER_ENDS))), prefix)
    p = prefix
    base = dt.date(2014, 1, 1).toordinal()
    series: list[Series] = []
    triples: list[tuple[Series, Series, Series]] = []
    metric_lines, relation_lines = [], []
    m = 0
    while m < metrics:
        if m % 15 == 0 and m + 3 <= metrics:  # every fifth group of three metrics: a parts-sum relation
            origin = base + int(rng.integers(0, 1800))
            a, b = (Series(f"{p}m{m + i}", "", origin, float(rng.uniform(1, 20))) for i in range(2))
            total = Series(f"{p}m{m + 2}", "", origin, 0.0)
            triples.append((a, b, _TotalOf(total.metric, "", origin, a, b)))
            for i in range(3):
                metric_lines.append(f"  - {{id: {p}m{m + i}, label: metric {p}{m + i}, kind: cumulative, unit: count}}")
            relation_lines.append(f"  - {{id: {p}sum{m}, kind: parts-sum, total: {p}m{m + 2}, parts: [{p}m{m}, {p}m{m + 1}]}}")
            m += 3
            continue
        metric_lines.append(f"  - {{id: {p}m{m}, label: metric {p}{m}, kind: cumulative, unit: count}}")
        scopes = ("",) if rng.random() < 0.7 else ("", *SCOPES[: int(rng.integers(1, 4))])
        series += [Series(f"{p}m{m}", scope, base + int(rng.integers(0, 1800)), float(rng.uniform(1, 20))) for scope in scopes]
        m += 1
    plants = plants if plants is not None else max(2, claims // 5000)
    # Plants first, each in its own series and odd quarter, so none shares a window with another.
    usable = [s for s in series if s.scope == ""]
    for k in range(min(plants, len(usable) // 2)):
        quarter = 5 + 2 * int(rng.integers(0, 12))
        plant_containment(corpus, usable[2 * k], quarter)
        plant_same_window(corpus, usable[2 * k + 1], quarter)
    for k in range(min(plants, len(triples))):
        observation(corpus, triples[k], 5 + 2 * int(rng.integers(0, 12)), broken=True)
    units = len(series) + 3 * len(triples)
    while len(corpus.rows) < claims:
        pick = int(rng.integers(units))
        quarter = int(rng.integers(len(QUARTER_ENDS)))
        if pick < len(series):
            regular_claim(corpus, series[pick], quarter)
        else:
            observation(corpus, triples[(pick - len(series)) // 3], quarter)
    frame = pd.DataFrame.from_records(corpus.rows[:claims], columns=list(CLAIM_COLUMNS))
    kept = set(frame["id"])
    planted = pd.DataFrame([p for p in corpus.planted if p[1] in kept], columns=["check", "claim_id"])
    settings = "\n".join(f"  {k}: {v}" for k, v in SETTINGS.items())
    rules = f"settings:\n{settings}\nmetrics:\n" + "\n".join(metric_lines) + "\n"
    if relation_lines:
        rules += "relations:\n" + "\n".join(relation_lines) + "\n"
    return frame, rules, planted


def generate_one_window(claims: int, seed: int = 1, plants: int | None = None) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """One metric, one month, `claims` sources each printing its count (exactly, rounded or as a
    bound that holds), as a sheet of reports would; `plants` of them (default 3) print 1.5 times
    it plus 10 and more, each a figure of its own (same-window-agreement). Every two wrong figures
    clash too, so plants² clashes: past settings.max_findings (100) some are only counted."""
    rng = np.random.default_rng(seed)
    corpus = Corpus(rng, claims)
    quarter = QUARTER_ENDS.index(dt.date(2023, 6, 30))
    series = Series("m0", "", dt.date(2016, 1, 1).toordinal(), float(rng.uniform(100, 2000)))
    window, first, last = month_window(quarter)
    truth = series.count(last) - series.count(first - 1)
    plants = plants if plants is not None else 3
    for k in range(claims):
        if k < plants:
            corpus.add(corpus.source(quarter, k), series, window, f"{truth * 3 // 2 + 10 + k:,}", "exact", "same-window-agreement")
        else:
            corpus.add(corpus.source(quarter, k), series, window, *printed_as(rng, truth))
    frame = pd.DataFrame.from_records(corpus.rows, columns=list(CLAIM_COLUMNS))
    planted = pd.DataFrame(corpus.planted, columns=["check", "claim_id"])
    settings = "\n".join(f"  {k}: {v}" for k, v in SETTINGS.items())
    rules = f"settings:\n{settings}\nmetrics:\n  - {{id: m0, label: metric 0, kind: cumulative, unit: count}}\n"
    return frame, rules, planted


@dataclass(frozen=True)
class _TotalOf(Series):
    """The total of a parts-sum relation: the sum of its two parts' counts."""

    a: Series = None  # type: ignore[assignment]
    b: Series = None  # type: ignore[assignment]

    def count(self, day: int) -> int:
        return self.a.count(day) + self.b.count(day)


def write_yaml(frame: pd.DataFrame, folder: Path) -> None:
    """One YAML file per source, its claims in table order."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    quoted = json.dumps  # a JSON string is a valid YAML scalar
    for sid, rows in frame.groupby("source_id", sort=True):
        first = rows.iloc[0]
        lines = ["source:", f"  id: {sid}", f"  title: {quoted(first['source_title'])}", f"  publisher: {quoted(first['publisher'])}",
                 f"  url: {first['url']}", f"  published: {first['published']}", "claims:"]
        for row in rows.itertuples(index=False):
            lines += [f"  - id: {row.id}", f"    metric: {row.metric}", f"    value: {quoted(row.value)}", f"    qualifier: {row.qualifier}",
                      f"    unit: {row.unit}", f"    window: {quoted(row.window)}", f"    quote: {quoted(row.quote)}"]
            if row.scope:
                lines.append(f"    scope: {quoted(row.scope)}")
            if row.attributed_to:
                lines.append(f"    attributed_to: {quoted(row.attributed_to)}")
        (folder / f"{sid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write(out: Path, frame: pd.DataFrame, rules: str, planted: pd.DataFrame, formats=WRITTEN) -> None:
    (out / "rules").mkdir(parents=True, exist_ok=True)
    (out / "rules" / "corpus.yaml").write_text(rules, encoding="utf-8")
    planted.to_csv(out / "planted.csv", index=False)
    if "csv" in formats:
        frame.to_csv(out / "claims.csv", index=False)
    if "parquet" in formats:
        frame.to_parquet(out / "claims.parquet", index=False)
    if "yaml" in formats:
        write_yaml(frame, out / "yaml")


def write_chunked(out: Path, claims: int, metrics: int, seed: int, chunks: int, formats=("csv", "parquet")) -> int:
    """A corpus too large to build at once: `chunks` corpora of claims / chunks claims each, with
    metric and claim ids prefixed p<k>_, appended to one claims file (sources are shared: a
    source's fields follow from its quarter and number). Returns the number of claims."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (out / "rules").mkdir(parents=True, exist_ok=True)
    writer, total, planted_all = None, 0, []
    for k in range(chunks):
        frame, rules, planted = generate(claims // chunks, max(1, metrics // chunks), seed + k, prefix=f"p{k}_")
        (out / "rules" / f"corpus-{k:03d}.yaml").write_text(rules if k == 0 else rules[rules.index("metrics:"):], encoding="utf-8")
        planted_all.append(planted)
        if "parquet" in formats:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            writer = writer or pq.ParquetWriter(out / "claims.parquet", table.schema)
            writer.write_table(table)
        if "csv" in formats:
            frame.to_csv(out / "claims.csv", index=False, header=k == 0, mode="w" if k == 0 else "a")
        total += len(frame)
    if writer is not None:
        writer.close()
    pd.concat(planted_all, ignore_index=True).to_csv(out / "planted.csv", index=False)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--metrics", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plants", type=int, default=None, help="planted discrepancies of each kind (default: claims / 5000, at least 2)")
    parser.add_argument("--formats", nargs="+", choices=WRITTEN, default=list(WRITTEN))
    parser.add_argument("--chunks", type=int, default=1, help="build in this many parts (ids prefixed p<k>_): for 10 million claims")
    parser.add_argument("--one-window", action="store_true", help="every claim of one metric and one month (generate_one_window)")
    args = parser.parse_args()
    if args.one_window:
        frame, rules, planted = generate_one_window(args.claims, args.seed, args.plants)
        write(args.out, frame, rules, planted, args.formats)
        print(f"{len(frame):,} claims of one metric and window, {len(planted):,} planted claims -> {args.out}")
        return
    if args.chunks > 1:
        total = write_chunked(args.out, args.claims, args.metrics, args.seed, args.chunks, [f for f in args.formats if f != "yaml"])
        print(f"{total:,} claims in {args.chunks} chunks -> {args.out}")
        return
    frame, rules, planted = generate(args.claims, args.metrics, args.seed, args.plants)
    write(args.out, frame, rules, planted, args.formats)
    print(f"{len(frame):,} claims, {frame['metric'].nunique():,} metrics, {frame['source_id'].nunique():,} sources, {len(planted):,} planted claims -> {args.out}")


if __name__ == "__main__":
    main()


def score(findings: list[tuple[str, tuple[str, ...]]], planted: pd.DataFrame) -> tuple[list, list]:
    """(findings not explained by a plant, plants no finding found) for findings given as
    (check id, claim ids): a finding is explained when it is of a planted kind and involves a
    claim planted for that kind; a plant is found when some finding of its kind involves it."""
    plants = set(zip(planted["check"], planted["claim_id"]))
    unexplained = [f for f in findings if not any((f[0], cid) in plants for cid in f[1])]
    found = {(f[0], cid) for f in findings for cid in f[1]}
    missed = sorted(p for p in plants if p not in found)
    return unexplained, missed
