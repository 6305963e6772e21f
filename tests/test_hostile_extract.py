"""Hostile article texts in tests/hostile/extract_*: `checker extract` gives drafts or a one-line
error with exit 2, never a traceback, and every drafted quote is the text at its offsets.
Time bounds for these files live in benchmarks/hostile_guard.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"
RULES = Path(__file__).resolve().parents[1] / "rules"

CASES = [
    ("extract_backtracking.txt", 0, None),
    ("extract_tag_soup.html", 0, None),
    ("extract_binary.txt", 2, "looks like a binary file (NUL bytes); give plain text, Markdown or HTML"),
    ("extract_invalid_utf8.txt", 2, "not UTF-8 text (byte 34)"),
]


@pytest.mark.parametrize("name, code, message", CASES, ids=[c[0] for c in CASES])
def test_hostile_text_gives_drafts_or_one_clear_error(tmp_path, name, code, message):
    out = tmp_path / "drafts"
    result = CliRunner().invoke(
        main, ["extract", str(HOSTILE / name), "--published", "2021-11-02", "--rules", str(RULES), "--output", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if message:
        assert f"{HOSTILE / name}: {message}" in result.stderr
        assert not out.exists() or not any(out.iterdir())
        return
    [draft] = out.iterdir()
    text = (HOSTILE / name).read_text(encoding="utf-8")
    document = yaml.safe_load(draft.read_text(encoding="utf-8"))
    claims = document["claims"]
    assert claims  # the real sentence among the noise is still found
    if name.endswith(".txt"):
        for claim in claims:
            ext = claim["extraction"]
            assert text[ext["start"]:ext["end"]] == claim["quote"]


def test_every_hostile_text_is_covered():
    assert {p.name for p in HOSTILE.glob("extract_*")} == {c[0] for c in CASES}
