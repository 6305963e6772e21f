"""Fuzz the loaders, parsers, extractor and report renderers for a fixed time budget.

Usage: python benchmarks/fuzz.py [--seconds 600] [--seed 0] [--only NAME]

Each target is a hypothesis property: the property tests of tests/ (run here with far more
examples and fresh seeds than pytest gives them) plus three targets that only live here:
`extract` (generated article text through `checker extract`'s engine: never an exception other
than ExtractError, every quote is the text at its offsets, bounded time per case),
`mutate-claims` and `mutate-rules` (the bundled claims/ and rules/ files with random byte edits:
deleted, repeated or swapped ranges, hostile tokens, flipped bytes; each must load or give
one-line input errors). The budget is split evenly between targets; each runs seed after seed
until its share is spent. The table printed at the end gives cases tried and failures per
target; a failure prints the shrunk example and hypothesis's reproduction seed. Exit 1 if any
target failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_property_loaders as loaders  # noqa: E402
import test_property_reports as reports  # noqa: E402
import test_property_values as values  # noqa: E402
import test_property_windows as windows  # noqa: E402
from checker.dates import parse_date  # noqa: E402
from checker.extract.pipeline import ExtractError, Extractor, extract_text  # noqa: E402
from checker.rules import load_rules  # noqa: E402
from support import BASE_RULES, write  # noqa: E402

SLOW_CASE_SECONDS = 2.0  # one generated article (at most a few KB) taking longer is a failure

# --- extraction --------------------------------------------------------------------------------

WORDS = ["more than", "nearly", "about", "over", "at least", "up to", "some", "only", "a total of", "fewer than",
         "1", "33", "3,400", "11 667", "20.8%", "13.4 percent", "$464 million", "$25 billion", "1.2bn", "10-13",
         "between 5 and 6", "one million", "thirty", "a third", "half", "18th", "1991", "2020", "59", "1e309",
         "NaN", "-0", "0000-00-00", "9999-12-31", "9" * 400, "people", "killed", "mines", "hectares", "acres",
         "km²", "square kilometres", "years", "since November 10, 2020", "since 1991", "since last November",
         "in October", "so far", "to date", "as of", "between November 10, 2020, and October 31, 2021",
         "after the war", "the ceasefire", "fatalities", ",", ".", ";", "(", ")", "[", "]", "-", "–", "—", "/",
         "\n", "\n\n", "<p>", "</p>", "<script>x</script>", "<!--", "-->", "&amp;", "&#x41;", "**", "# ", "|",
         "(((((((((", ")))))))))", "1,1,1,1,1,1,1,1,1,1,1", "1.1.1.1.1.1.1.1", "\u00a0", "\u202f", "\ufeff", "\u2028"]
article_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=120
).map(" ".join)

_EXTRACTOR: list[Extractor] = []


def extractor() -> Extractor:
    if not _EXTRACTOR:
        with tempfile.TemporaryDirectory() as folder:
            _EXTRACTOR.append(Extractor(load_rules([write(Path(folder) / "rules.yaml", BASE_RULES)])))
    return _EXTRACTOR[0]


@given(article_text, st.sampled_from(["text", "markdown", "html"]))
def extract_property(text: str, fmt: str) -> None:
    start = time.perf_counter()
    try:
        claims = extract_text(text, published=parse_date("2021-11-02"), rules=None, source_id="fuzz", fmt=fmt,
                              extractor=extractor())
    except ExtractError:
        return
    seconds = time.perf_counter() - start
    assert seconds < SLOW_CASE_SECONDS, f"{seconds:.2f} s for {len(text)} characters"
    for claim in claims:
        ext = claim["extraction"]
        assert 0 <= ext["start"] <= ext["end"] <= len(text), ext
        if fmt == "text":
            assert text[ext["start"]:ext["end"]] == claim["quote"], (claim["quote"], ext)


# --- byte mutations of the bundled files ------------------------------------------------------------

TOKENS = [b"&a ", b"*a", b"<<: ", b"!!python/object:os.system ", b"!!binary ", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
          b"\r\n", b"\r", b"\t", b"'", b'"', b"{", b"}", b"[", b"]", b": ", b"- ", b"#", b"|", b">", b"1e309",
          b".nan", b"-0", b"0000-00-00", b"9999-12-31", b"9" * 400, b"~", b"null", b"yes", b"\xed\xa0\x80", b"\x1b[31m"]


@st.composite
def mutated(draw, corpus: list[tuple[str, bytes]]):
    name, data = draw(st.sampled_from(corpus))
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        width = draw(st.integers(1, 200))
        op = draw(st.sampled_from(["delete", "repeat", "insert", "flip", "swap"]))
        if op == "delete":
            del data[at:at + width]
        elif op == "repeat":
            data[at:at] = data[at:at + width] * draw(st.integers(1, 3))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            other = draw(st.integers(0, len(data) - 1))
            data[at], data[other] = data[other], data[at]
    return name, bytes(data)


BUNDLED_CLAIMS = [(p.name, p.read_bytes()) for p in sorted((REPO / "claims").glob("*.yaml"))]
BUNDLED_RULES = [(p.name, p.read_bytes()) for p in sorted((REPO / "rules").glob("*.yaml"))]


@given(mutated(BUNDLED_CLAIMS))
def mutate_claims_property(case: tuple[str, bytes]) -> None:
    loaders.load_claims_bytes(case[0], case[1])


@given(mutated(BUNDLED_RULES))
def mutate_rules_property(case: tuple[str, bytes]) -> None:
    loaders.load_rules_bytes(case[1])


# --- the driver ---------------------------------------------------------------------------------------

TARGETS = {
    "yaml-text": loaders.test_any_yaml_text_gives_a_corpus_or_input_errors,
    "yaml-bytes": loaders.test_any_bytes_give_a_corpus_or_input_errors,
    "yaml-claim-shaped": loaders.test_claim_shaped_yaml_gives_a_corpus_or_input_errors,
    "csv-text": loaders.test_any_csv_text_gives_a_corpus_or_input_errors,
    "rules-text": loaders.test_any_rules_text_gives_rules_or_input_errors,
    "mutate-claims": mutate_claims_property,
    "mutate-rules": mutate_rules_property,
    "values": values.test_parse_figure_raises_only_value_error,
    "dates": windows.test_parse_date_raises_only_value_error,
    "windows": windows.test_parse_window_raises_only_window_error,
    "extract": extract_property,
    "reports": reports.test_any_claim_text_renders_safely,
}


def run(name: str, test, seconds: float, base_seed: int) -> tuple[int, list[str], float]:
    """Run `test` with fresh seeds until `seconds` are spent; count cases, collect failures."""
    tried = 0
    inner = test.hypothesis.inner_test

    def counting(*args, **kwargs):
        nonlocal tried
        tried += 1
        return inner(*args, **kwargs)

    # The property tests carry pytest's small settings; swap in the fuzzing ones for this run
    # (hypothesis keeps a test's settings and seed in these attributes).
    saved = {key: getattr(test, key, None) for key in ("_hypothesis_internal_use_settings", "_hypothesis_internal_use_seed")}
    test.hypothesis.inner_test = counting
    test._hypothesis_internal_use_settings = settings(
        max_examples=200, deadline=None, database=None, derandomize=False, print_blob=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    failures: list[str] = []
    began = time.perf_counter()
    round_ = 0
    try:
        while time.perf_counter() - began < seconds:
            test._hypothesis_internal_use_seed = base_seed * 1_000_003 + round_
            try:
                test()
            except Exception:  # a property failed: record it and go on with the next seed
                failures.append(traceback.format_exc(limit=3))
            round_ += 1
    finally:
        test.hypothesis.inner_test = inner
        for key, value in saved.items():
            setattr(test, key, value)
    return tried, failures, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="total budget, split evenly between targets")
    parser.add_argument("--seed", type=int, default=0, help="base seed (the run is reproducible per seed)")
    parser.add_argument("--only", help="run only targets whose name contains this text")
    args = parser.parse_args()
    chosen = {name: test for name, test in TARGETS.items() if not args.only or args.only in name}
    share = args.seconds / max(len(chosen), 1)
    rows = []
    total_failures = 0
    for name, test in chosen.items():
        tried, failures, spent = run(name, test, share, args.seed)
        total_failures += len(failures)
        rows.append((name, tried, len(failures), spent))
        print(f"{name:18} {tried:8,} cases  {len(failures)} failure(s)  {spent:6.1f} s", flush=True)
        for failure in failures:
            print(failure, file=sys.stderr)
    print()
    print("| target | cases tried | failures | seconds |")
    print("|---|---:|---:|---:|")
    for name, tried, failed, spent in rows:
        print(f"| {name} | {tried:,} | {failed} | {spent:.0f} |")
    print(f"| **all** | **{sum(r[1] for r in rows):,}** | **{total_failures}** | **{sum(r[3] for r in rows):.0f}** |")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
