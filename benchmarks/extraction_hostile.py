"""Bad input for the extractor: each case must give a clear error or finish within its time bound.

Usage: python benchmarks/extraction_hostile.py   (exit 1 if any case hangs past its bound or crashes)
The time bounds live here, not in pytest, so the test suite never flakes on a slow machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.dates import parse_date  # noqa: E402
from checker.extract.numbers import find_quantities  # noqa: E402
from checker.extract.pipeline import MAX_INPUT_BYTES, ExtractError, Extractor, extract_text, read_source  # noqa: E402
from checker.rules import load_rules  # noqa: E402


def cases() -> list[tuple[str, object, float]]:
    paragraph = "Since November 10, 2020, more than 3,400 people have become victims of mines, of which 33 died. "
    return [
        ("empty text", "", 1.0),
        ("only whitespace", " \n\t" * 10_000, 2.0),
        ("binary bytes", b"\x00\x01\xff" * 1000, 1.0),
        ("50 MB file", b"a" * (50 * 1024 * 1024), 5.0),
        ("long digit run (1 MB)", "1" * 1_000_000, 20.0),
        ("digit groups (200k)", "1,000 " * 200_000, 30.0),
        ("nested brackets (100k)", "(" * 100_000 + "5 people" + ")" * 100_000, 10.0),
        ("brackets and digits", "([{" * 30_000 + "12 " * 30_000, 20.0),
        ("one 2 MB line of words", "more than " * 200_000, 20.0),
        ("separators without digits", ", . - / " * 100_000, 20.0),
        ("HTML tag soup", "<" * 200_000 + "p>12 people</p>", 20.0),
        ("real text x 2,000 (~200 KB)", paragraph * 2_000, 30.0),
    ]


def main() -> int:
    rules = load_rules([REPO / "rules"])
    extractor = Extractor(rules)
    published = parse_date("2025-01-01")
    failed = 0
    print(f"{'case':32} {'seconds':>8} {'bound':>6}  result")
    with tempfile.TemporaryDirectory() as tmp:
        for name, payload, bound in cases():
            start = time.perf_counter()
            try:
                if isinstance(payload, bytes):
                    path = Path(tmp) / "input.txt"
                    path.write_bytes(payload)
                    text = read_source(path)
                    outcome = f"{len(extract_text(text, published=published, rules=rules, source_id='h', extractor=extractor))} claims"
                else:
                    fmt = "html" if name.startswith("HTML") else "text"
                    claims = extract_text(payload, published=published, rules=rules, source_id="h", fmt=fmt, extractor=extractor)
                    outcome = f"{len(claims)} claims"
            except ExtractError as exc:
                outcome = f"clear error: {exc}"
            except Exception as exc:  # a crash is a failure
                outcome = f"CRASH {type(exc).__name__}: {exc}"
                failed += 1
            elapsed = time.perf_counter() - start
            if elapsed > bound:
                failed += 1
                outcome += "  <-- TOO SLOW"
            print(f"{name:32} {elapsed:8.2f} {bound:6.0f}  {outcome[:110]}")
    start = time.perf_counter()
    find_quantities("9" * 4000 + " km")
    print(f"{'find_quantities(4,000 digits)':32} {time.perf_counter() - start:8.2f}")
    print(f"limit: files above {MAX_INPUT_BYTES:,} bytes are refused")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
