"""Extraction speed on one core: sentences/s and articles/s, and quantulum3 on the same sentences.

Usage: python benchmarks/extraction_speed.py [--shared ../shared] [--seconds 5] [--write docs/performance.md]
quantulum3 is a benchmark-only extra (``pip install .[bench]``); checker never imports it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.dates import parse_date  # noqa: E402
from checker.extract.numbers import find_quantities  # noqa: E402
from checker.extract.pipeline import Extractor, extract_text, sentences  # noqa: E402
from checker.extract.windows import find_windows, lowered_text  # noqa: E402
from checker.rules import load_rules  # noqa: E402


def rate(fn, items, seconds: float, slices: int = 5) -> float:
    """Items per second: the median of `slices` timings of about seconds/slices each, so one
    burst of load on the machine moves the figure less."""
    fn(items[:50])  # warm-up
    rates = []
    for _ in range(slices):
        done = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds / slices:
            fn(items)
            done += len(items)
        rates.append(done / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--write", type=Path, default=None)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rules = load_rules([REPO / "rules"])
    extractor = Extractor(rules)
    seed_texts = [p.read_text(encoding="utf-8") for p in sorted((args.shared / "seeds").glob("*.txt"))]
    news = [item["text"] for item in json.loads((args.shared / "external" / "newsquant" / "NewsQuant.json").read_text(encoding="utf-8"))]
    seed_sentences = [t[a:b] for t in seed_texts for a, b in sentences(t) if t[a:b].strip()]
    published = parse_date("2025-12-09")

    corpora = {"seed article sentences": seed_sentences, "NewsQuant sentences (every one holds figures)": news}
    rows = []
    q3 = None
    q3_version = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as q3  # benchmark-only
            import importlib.metadata as md

            q3_version = md.version("quantulum3")
            q3.parse("warm up 3 km")
    except ImportError:
        q3 = None
    for label, items in corpora.items():
        numbers_rate = rate(lambda xs: [find_quantities(x) for x in xs], items, args.seconds)
        pipeline_rate = rate(lambda xs: [extractor.candidates(x, published) for x in xs], items, args.seconds)
        q3_rate = None
        if q3 is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                q3_rate = rate(lambda xs: [q3.parse(x) for x in xs], items, args.seconds)
        rows.append((label, len(items), numbers_rate, pipeline_rate, q3_rate))
    articles_rate = rate(lambda xs: [extract_text(x, published=published, rules=rules, source_id="s", extractor=extractor) for x in xs], seed_texts, args.seconds)
    chars = sum(len(t) for t in seed_texts) / len(seed_texts)
    per_article = len(seed_sentences) / len(seed_texts)

    # Where the time of full extraction goes, per NewsQuant sentence (stages timed alone).
    lowered = [lowered_text(x) for x in news]
    stage_rates = {
        "number parser (`find_quantities`)": rows[1][2],
        "window phrases (`find_windows`)": rate(lambda xs: [find_windows(x, published, extractor.named, low) for x, low in xs], list(zip(news, lowered)), args.seconds),
    }
    stage_us = {name: 1e6 / r for name, r in stage_rates.items()}
    total_us = 1e6 / rows[1][3]
    stage_us["claims: metric resolution, window choice, unit, quote (the rest)"] = total_us - sum(stage_us.values())

    lines = [
        "## Extraction",
        "",
        f"Measured {dt.date.today().isoformat()} with `python benchmarks/extraction_speed.py --write docs/performance.md` "
        f"on this machine (2 cores, Python {platform.python_version()}, process pinned to one core); each rate is "
        f"the median of five timings over about {args.seconds:.0f} s in all, after a warm-up; rates move by up to ±30 % from run to run. quantulum3 {q3_version or '(not installed)'} "
        "parses the same sentences in the same run.",
        "",
        "| sentences | n | number parser (`find_quantities`) | full extraction (figures, windows, metrics) | quantulum3 `parse` | full ÷ quantulum3 | parser ÷ quantulum3 |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, n, numbers_rate, pipeline_rate, q3_rate in rows:
        ratio = f"{pipeline_rate / q3_rate:,.1f}×" if q3_rate else "–"
        ratio_numbers = f"{numbers_rate / q3_rate:,.1f}×" if q3_rate else "–"
        q3_text = f"{q3_rate:,.0f}/s" if q3_rate else "–"
        lines.append(f"| {label} | {n} | {numbers_rate:,.0f}/s | {pipeline_rate:,.0f}/s | {q3_text} | {ratio} | {ratio_numbers} |")
    lines += [
        "",
        f"Whole seed articles (about {chars:,.0f} characters and {per_article:.0f} sentences each, full extraction with the bundled rules): "
        f"**{articles_rate:,.0f} articles/s**, {articles_rate * per_article:,.0f} sentences/s.",
        "",
        "Targets: ≥ 5,000 sentences/s per core and ≥ 10× quantulum3. Sentences without a digit or a number word",
        "are skipped by a one-regex pre-filter, so article text runs faster than the NewsQuant sentences, which all",
        "hold figures (1.5 per sentence) and each figure pays for metric resolution against the rules.",
        "",
        "Where the time of full extraction goes, per NewsQuant sentence:",
        "",
        "| stage | µs per sentence | share |",
        "|---|---|---|",
    ]
    for name, us in stage_us.items():
        lines.append(f"| {name} | {us:,.0f} | {us / total_us:.0%} |")
    lines.append(f"| full extraction | {total_us:,.0f} | 100% |")
    section = "\n".join(lines) + "\n"
    print(section)
    if args.write:
        write_section(args.write, section)
    return 0


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the '## Extraction' section, leaving the rest of the file alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    pattern = re.compile(r"^## Extraction\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
