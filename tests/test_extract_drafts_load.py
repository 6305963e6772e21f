"""Drafts always load (issue 12, item 2): what the claims loader refuses is set aside as
unresolved with the loader's reason; extract then check never exits 2 on drafts extract wrote."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.dates import parse_date
from checker.extract.pipeline import dump_document, extract_text
from checker.extract.validate import loadable
from checker.rules import load_rules

RULES = (
    "metrics:\n"
    "  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [died, deaths, death toll, toll]}\n"
    "  - {id: boats, label: Boats sunk, kind: cumulative, unit: count, aliases: [boats sank, boats]}\n"
    "named_dates:\n"
    "  - {id: flood, date: 2019-03-01, aliases: [the flood]}\n"
)


def rules_in(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    return load_rules([folder])


def draft(claims: list[dict]) -> dict:
    source = {"id": "s", "title": "T", "publisher": "P", "published": "2019-06-14", "date_basis": "stated"}
    return {"source": source, "claims": claims}


def test_claims_the_loader_refuses_are_set_aside_with_its_reason(tmp_path: Path):
    rules = rules_in(tmp_path / "rules")
    good = {"id": "s#1", "metric": "deaths", "value": "40", "window": "since flood", "quote": "40 died"}
    backwards = {"id": "s#2", "metric": "deaths", "value": "4,540-3,964", "window": "since flood", "quote": "4,540 – 3,964"}
    too_late = {"id": "s#3", "metric": "boats", "value": "12", "window": "during 2019", "quote": "12 boats"}
    document = loadable(draft([good, backwards, too_late]), rules, dump_document)
    assert [c["metric"] for c in document["claims"]] == ["deaths", "unresolved", "unresolved"]
    assert "runs backwards" in document["claims"][1]["note"] and "drafted as deaths" in document["claims"][1]["note"]
    assert "after the source was published" in document["claims"][2]["note"]
    # and the result loads in check
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "s.claims.yaml").write_text(dump_document(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(folder), "--rules", str(tmp_path / "rules"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output


def test_a_valid_draft_is_left_as_it_is(tmp_path: Path):
    rules = rules_in(tmp_path / "rules")
    good = {"id": "s#1", "metric": "deaths", "value": "40", "window": "since flood", "quote": "40 died"}
    assert loadable(draft([dict(good)]), rules, dump_document)["claims"] == [good]


TRICKY = [
    "The toll stood at 4,540 – 3,964 of them locals – on Friday.",
    "So far in 2019, 40 people died in the flood.",
    "Between 12 and 9 boats sank, the toll said.",
    "The death toll for the two regions rose to over 4,100.",
    "It was one of the deadliest floods; 25 died.",
    "From March 3 to June 30, 2019, 120 people died.",
    "Deaths 40 - 12 were reported in 2020-2019.",
]


def test_extract_then_check_never_exits_2(tmp_path: Path):
    rules_in(tmp_path / "rules")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number, sentence in enumerate(TRICKY):
        (articles / f"a{number}.txt").write_text(f"published: 2019-06-14\ntitle: Case {number}\n\n{sentence}\n", encoding="utf-8")
    runner = CliRunner()
    extracted = runner.invoke(main, ["extract", str(articles), "--rules", str(tmp_path / "rules"), "--output", str(tmp_path / "drafts")])
    assert extracted.exit_code == 0, extracted.output
    checked = runner.invoke(main, ["check", str(tmp_path / "drafts"), "--rules", str(tmp_path / "rules"), "--format", "json"])
    assert checked.exit_code in (0, 1), checked.output


def test_a_spaced_dash_before_a_smaller_figure_is_not_a_range():
    rules = load_rules([])
    values = [c["value"] for c in extract_text("The toll stood at 4,540 – 3,964 of them locals.", published=parse_date("2019-06-14"), rules=rules, source_id="s")]
    assert values == ["4,540", "3,964"]
    # twin: a spaced dash before a larger figure is a range
    values = [c["value"] for c in extract_text("Between 3,964 – 4,540 people were moved.", published=parse_date("2019-06-14"), rules=rules, source_id="s")]
    assert values == ["3,964-4,540"]


def test_drafts_written_by_extract_load_as_yaml(tmp_path: Path):
    rules_in(tmp_path / "rules")
    article = tmp_path / "a.txt"
    article.write_text("published: 2019-06-14\ntitle: T\n\nSo far in 2019, 40 people died in the flood.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article), "--rules", str(tmp_path / "rules"), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0
    document = yaml.safe_load((tmp_path / "out" / "a.claims.yaml").read_text(encoding="utf-8"))
    assert document["claims"], "the figure is drafted"
