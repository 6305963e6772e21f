"""One vocabulary for the claims loader, the rules and the extractor (checker/vocabulary.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.dates import parse_date
from checker.extract.numbers import _SCALE_RE, find_quantities
from checker.extract.pipeline import Extractor, extract_text, run_extract
from checker.rules import load_rules
from checker.values import parse_figure
from checker.vocabulary import QUALIFIER_PHRASES, QUALIFIER_SYNONYMS, SCALE_WORDS, UNITS


def test_every_phrase_the_extractor_reads_is_a_qualifier_a_claim_may_write():
    rules = load_rules([])
    for phrase, qid in QUALIFIER_PHRASES.items():
        rule = rules.qualifier(phrase)
        assert rule is not None, phrase
        assert rule.id == QUALIFIER_SYNONYMS.get(qid, qid), phrase


def test_a_qualifier_alias_from_the_rules_reaches_the_extractor(tmp_path: Path):
    (tmp_path / "rules.yaml").write_text("qualifiers:\n  about:\n    aliases: [give or take]\n", encoding="utf-8")
    with_alias = Extractor(load_rules([tmp_path]))
    without = Extractor(load_rules([]))
    text = "The count was give or take 40 boats."
    got = extract_text(text, published=parse_date("2024-01-01"), rules=with_alias.rules, source_id="s", extractor=with_alias)
    plain = extract_text(text, published=parse_date("2024-01-01"), rules=without.rules, source_id="s", extractor=without)
    assert [c["qualifier"] for c in got] == ["about"]
    assert [c["qualifier"] for c in plain] == ["exact"]


@pytest.mark.parametrize("word", sorted({w for w in SCALE_WORDS if w.isalpha() and len(w) > 1}))
def test_the_loader_reads_every_scale_word(word):
    assert parse_figure(f"3 {word}").low == 3 * SCALE_WORDS[word]


def test_the_extractor_scale_words_are_in_the_one_table():
    for word in ("thousand", "million", "billion", "trillion", "mln", "bln", "trn", "mn", "bn", "tn", "mil"):
        assert _SCALE_RE.match(f" {word}") is not None
        assert word in SCALE_WORDS
    assert find_quantities("They paid 3.5 bln for it.")[0].value == 3.5e9


def test_builtin_units_are_the_extractors_units():
    rules = load_rules([])
    for unit_id, spec in UNITS.items():
        if spec.get("builtin"):
            for alias in spec["aliases"]:
                assert rules.unit_id(alias) == unit_id, alias


def test_extract_writes_through_the_one_atomic_writer(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("Officials said 40 boats sank.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("keep\n", encoding="utf-8")
    os.symlink(elsewhere, out / "a.claims.yaml")
    code = run_extract([article], "2024-01-01", [], str(out), force=True, progress=False)
    assert code == 2  # a link at the output path is refused, as for reports
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"
    # and a plain run writes a regular file
    os.unlink(out / "a.claims.yaml")
    assert run_extract([article], "2024-01-01", [], str(out), progress=False) == 0
    assert (out / "a.claims.yaml").is_file() and not (out / "a.claims.yaml").is_symlink()
