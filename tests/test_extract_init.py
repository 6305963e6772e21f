"""Starter rules from a folder of articles (issue 12, item 8): `checker init` and
`checker extract --propose-rules`."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.extract.propose import head_phrase
from checker.rules import load_rules

ARTICLES = {
    "a.txt": ("2019-05-10", "The flood began on 3 May in the valley. Since then 40 people died in the north, officials said. About 300 homes were destroyed."),
    "b.txt": ("2019-05-12", "The flood began on 3 May. So far 52 people have died in the north, and 410 homes were destroyed."),
    "c.txt": ("2019-05-20", "The flood began on May 3 after heavy rain. The toll reached 61 people dead, with 12 in the north."),
    "d.txt": ("2019-05-25", "Rescuers said 75 people died. Nearly 500 homes were destroyed by the water."),
}


def write_articles(folder: Path, articles: dict[str, tuple[str, str]] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (published, text) in articles.items():
        (folder / name).write_text(f"title: Report {name}\npublished: {published}\n\n{text}\n", encoding="utf-8")
    return folder


def test_head_phrases_name_what_a_figure_counts():
    assert head_phrase("Since then 40 people died in the north", "40") == "people died"
    assert head_phrase("About 300 homes were destroyed", "300") == "homes"
    assert head_phrase("the toll stood at 4,540", "4,540") == "toll"
    assert head_phrase("officials said 12 people are still missing", "12") == "people missing"


def test_init_proposes_metrics_dates_and_scopes_that_load(tmp_path: Path):
    articles = write_articles(tmp_path / "articles")
    target = tmp_path / "rules" / "starter.yaml"
    result = CliRunner().invoke(main, ["init", str(articles), "--output", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    rules = load_rules([target])  # loads as written
    aliases = {a for m in rules.metrics.values() for a in m.aliases}
    assert {"people died", "homes"} <= aliases
    assert [(d.date.iso(), d.aliases) for d in rules.named_dates.values()] == [("2019-05-03", ("the flood",))]
    assert "north" in rules.scopes
    assert "“" in text and "a.txt" not in text  # quotes are cited by source id
    assert "#   stale-figure: {severity: warning}" in text and rules.check_setting("stale-figure").severity == "off"  # offered, not turned on
    # the proposal, once saved as rules, resolves the figures it came from
    drafted = CliRunner().invoke(main, ["extract", str(articles), "--rules", str(target), "--output", str(tmp_path / "drafts")])
    assert drafted.exit_code == 0, drafted.output
    draft = yaml.safe_load((tmp_path / "drafts" / "b.claims.yaml").read_text(encoding="utf-8"))
    died = next(m.id for m in rules.metrics.values() if "people died" in m.aliases)
    assert {c["metric"] for c in draft["claims"]} >= {died, "homes"}


def test_init_never_overwrites_without_force(tmp_path: Path):
    articles = write_articles(tmp_path / "articles")
    target = tmp_path / "starter.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(articles), "--output", str(target)])
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert CliRunner().invoke(main, ["init", str(articles), "--output", str(target), "--force"]).exit_code == 0


def test_extract_can_propose_rules_as_it_drafts(tmp_path: Path):
    articles = write_articles(tmp_path / "articles")
    result = CliRunner().invoke(main, ["extract", str(articles), "--output", str(tmp_path / "drafts"), "--propose-rules", str(tmp_path / "proposed.yaml")])
    assert result.exit_code == 0, result.output
    assert load_rules([tmp_path / "proposed.yaml"]).metrics
    assert len(list((tmp_path / "drafts").glob("*.claims.yaml"))) == 4


def test_head_phrases_skip_scale_words_names_letters_and_verbs():
    assert head_phrase("1.2 million acres burned", "1.2 million") == "acres burned"
    assert head_phrase("affected 110 million", "110 million") == ""  # a scale word counts nothing
    assert head_phrase("reported Thursday included 58 from Egypt, according to an", "58") == ""
    assert head_phrase("The agency said 530 Egyptians died", "530") == "died"  # whose figure, then what happened
    assert head_phrase("she was listed as (F, 19)", "19") == ""


def test_head_phrases_keep_the_counted_noun_next_to_a_name():
    # twin: a name elsewhere in the quote does not hide what is counted
    assert head_phrase("In Derna, 11,300 people died", "11,300") == "people died"
    assert head_phrase("Officials counted 300 homes destroyed in Kula", "300") == "homes destroyed"


GROUPS_ONLY = {
    "a.txt": ("2019-05-10", "Rescuers reached 40 people in the valley. Later 52 people died in the north."),
    "b.txt": ("2019-05-12", "Boats carried 300 people to safety. So far 61 people died in the north."),
    "c.txt": ("2019-05-20", "Buses moved 900 people. The flood hit 2,000 people in all."),
}


def test_a_group_word_alone_is_not_proposed_as_a_metric(tmp_path: Path):
    articles = write_articles(tmp_path / "articles", GROUPS_ONLY)
    target = tmp_path / "starter.yaml"
    assert CliRunner().invoke(main, ["init", str(articles), "--output", str(target)]).exit_code == 0
    rules = load_rules([target])
    aliases = {a for m in rules.metrics.values() for a in m.aliases}
    assert "people" not in aliases  # "300 people" and "900 people" say who, not what happened to them
    assert "people died" in aliases  # twin: what happened to them is a metric
    assert "Not proposed: [people]" in target.read_text(encoding="utf-8")


def test_a_metric_is_an_estimate_only_when_most_of_its_figures_are_estimated(tmp_path: Path):
    texts = {
        "a.txt": ("2019-05-10", "So far 40 homes were destroyed. Officials estimated 45 homes were destroyed."),
        "b.txt": ("2019-05-12", "By then 52 homes were destroyed."),
        "c.txt": ("2019-05-20", "In all 61 homes were destroyed."),
        "d.txt": ("2019-05-20", "Insurers expect 90 claims could follow, and 100 claims could be filed, with 120 claims expected."),
    }
    articles = write_articles(tmp_path / "articles", texts)
    target = tmp_path / "starter.yaml"
    assert CliRunner().invoke(main, ["init", str(articles), "--output", str(target)]).exit_code == 0
    kinds = {a: m.kind for m in load_rules([target]).metrics.values() for a in m.aliases}
    assert kinds["homes"] != "estimate"  # one estimated figure among four counts
    assert {kind for alias, kind in kinds.items() if alias.startswith("claims")} == {"estimate"}  # twin: every figure is a forecast


def test_people_in_a_state_they_can_leave_are_a_stock_not_a_running_total(tmp_path: Path):
    texts = {
        "a.txt": ("2019-05-10", "In all 40 people died since the flood. In all, 30 missing people were listed so far."),
        "b.txt": ("2019-05-12", "In total 52 people died since the flood. Rescuers still seek 12 missing people in the hills."),
        "c.txt": ("2019-05-20", "In total 61 people died since the flood. Rescuers seek 5 missing people near the river."),
    }
    articles = write_articles(tmp_path / "articles", texts)
    target = tmp_path / "starter.yaml"
    assert CliRunner().invoke(main, ["init", str(articles), "--output", str(target)]).exit_code == 0
    kinds = {a: m.kind for m in load_rules([target]).metrics.values() for a in m.aliases}
    assert {kind for alias, kind in kinds.items() if "missing" in alias} == {"level"}  # found alive, they leave the count
    assert {kind for alias, kind in kinds.items() if "died" in alias} == {"cumulative"}  # twin: the dead only add up


def _proposed_rules(tmp_path: Path, articles: dict[str, tuple[str, str]]):
    """`checker init` on these articles; its proposal, loaded as checker loads rules."""
    folder = write_articles(tmp_path / "articles", articles)
    target = tmp_path / "rules" / "starter.yaml"
    result = CliRunner().invoke(main, ["init", str(folder), "--output", str(target)])
    assert result.exit_code == 0, result.output
    return load_rules([target])


def test_init_names_a_possessive_or_accented_phrase_with_a_valid_id(tmp_path: Path):
    # "the building's residents" and "réfugiés" made ids such as "building's" that the rules refuse.
    articles = {
        "a.txt": ("2017-06-20", "The fire began on 14 June. Since then 255 of the building's residents were rehoused and 40 réfugiés left."),
        "b.txt": ("2017-06-28", "The fire began on 14 June. So far 260 of the building's residents were rehoused, and 52 réfugiés left."),
    }
    rules = _proposed_rules(tmp_path, articles)
    assert all(m.id.isascii() and "'" not in m.id for m in rules.metrics.values())
    # twin: the phrase itself stays an alias as printed, so the figures still resolve to it
    assert any("building's residents" in a or "residents" in a for m in rules.metrics.values() for a in m.aliases)


def test_init_gives_each_word_to_one_metric_when_it_names_figures_in_two_units(tmp_path: Path):
    # "reais" names amounts counted in reais and, beside "$1,000", in dollars: two clusters with
    # one word, which the rules refuse as an alias of two metrics.
    articles = {
        "a.txt": ("2024-05-15", "The flood began on 29 April. Losses have surpassed 9 billion reais. Families get 5,100 reais (nearly $1,000) each."),
        "b.txt": ("2024-05-16", "The flood began on 29 April. Losses reached 13.4 billion reais. The plan gives 50.9 billion reais ($10 billion) to the state."),
        "c.txt": ("2024-05-20", "The flood began on 29 April. Losses stand at 12 billion reais, and 2,000 reais ($400) go to each family."),
    }
    rules = _proposed_rules(tmp_path, articles)  # loads: no alias belongs to two metrics
    owners = [m.id for m in rules.metrics.values() if "reais" in m.aliases or m.id == "reais"]
    assert len(owners) == 1  # twin: the word still names one metric
