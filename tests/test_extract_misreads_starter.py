"""Figures that broad starter aliases ("cases", "people missing") used to resolve though the
words make them no value of the metric; each reading has a test and a twin that must read the value."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules
from support import rules_from_text

RULES = """\
metrics:
  - {id: cases, label: Cases, kind: cumulative, unit: people, aliases: [cases]}
  - {id: people_died, label: People died, kind: cumulative, unit: people, aliases: [people died]}
  - {id: people_missing, label: People missing, kind: cumulative, unit: people, aliases: [people missing]}
  - {id: fatalities, label: Fatalities, kind: level, unit: people, aliases: [fatalities]}
"""


@pytest.fixture
def rules(tmp_path):
    return rules_from_text(RULES, tmp_path)


def read(text: str, rules) -> dict[str, str]:
    claims = extract_text(text, published=parse_date("2024-05-10"), rules=rules, source_id="s")
    return {str(c["value"]): str(c["metric"]) for c in claims}


@pytest.mark.parametrize("text", ["The county reported an increase of 105 cases on Friday.", "Officials noted a sharp drop of 105 cases since Monday."])
def test_a_change_named_before_the_figure_is_no_count(rules, text):
    assert read(text, rules)["105"] == "unresolved"


@pytest.mark.parametrize("text", ["The county's tally rose to 105 cases on Friday.", "The county reported 105 cases on Friday."])
def test_a_count_reached_is_the_count(rules, text):
    # twin: "rose to" and a plain count are the value
    assert read(text, rules)["105"] == "cases"


def test_fewer_after_the_figure_is_a_difference(rules):
    assert read("Officials now list 28 fewer people missing.", rules)["28"] == "unresolved"


def test_a_count_without_fewer_is_the_count(rules):
    # twin: the same words without "fewer"
    assert read("Officials now list 28 people missing.", rules)["28"] == "people_missing"


def test_the_noun_of_another_figure_breaks_no_tie(rules):
    # "people" is in two aliases; "missing" names the 12, not the 4
    text = "Officials said 4 people lost their lives in the storm, with 12 still missing."
    claims = {str(c["value"]): c for c in extract_text(text, published=parse_date("2024-05-10"), rules=rules, source_id="s")}
    assert "people_missing" not in str(claims["4"])  # neither its metric nor the metric a note says it was drafted as
    assert claims["12"]["metric"] == "people_missing"


def test_the_figures_own_words_break_the_tie(rules):
    # twin: "missing" is in the 40's own words
    assert read("Officials said 40 people from the village were missing after the storm.", rules)["40"] == "people_missing"
    assert read("Officials said 40 people in the valley were missing, with 12 of them children.", rules)["40"] == "people_missing"


SCOPED = RULES + """\
scopes:
  - {name: men, aliases: [males]}
"""


def test_a_part_of_a_named_whole_is_no_count_of_the_whole(rules):
    assert read("The coroner said 131 of the fatalities were over seventy.", rules)["131"] == "unresolved"


def test_a_part_with_a_scope_or_a_whole_is_a_count(rules, tmp_path):
    # twins: the whole itself, and a part whose scope the rules name, are values
    assert read("The coroner counted 131 fatalities in the region.", rules)["131"] == "fatalities"
    assert read("The report lists 216 fatalities of the storm.", rules)["216"] == "fatalities"  # "of the" after its noun
    scoped = tmp_path / "scoped"
    scoped.mkdir()
    (scoped / "r.yaml").write_text(SCOPED, encoding="utf-8")
    claims = extract_text("The coroner said 131 of the fatalities were males.", published=parse_date("2024-05-10"), rules=load_rules([scoped]), source_id="s")
    assert [(c["metric"], c.get("scope")) for c in claims if c["value"] == "131"] == [("fatalities", "men")]


def test_a_part_named_by_its_own_predicate_is_a_count(tmp_path):
    # twin: the alias is what the part did, not the whole it is taken from
    (tmp_path / "r.yaml").write_text("metrics:\n  - {id: identified, label: Victims identified, kind: cumulative, unit: people, aliases: [identified]}\n", encoding="utf-8")
    assert read("So far 6 of the victims have been identified.", load_rules([tmp_path]))["6"] == "identified"


def test_a_figure_of_a_list_read_respectively_is_a_part(rules):
    drafts = read("Three towns were hardest hit, with 45, 25 and 15 fatalities, respectively.", rules)
    assert drafts["15"] == "unresolved"


def test_a_figure_for_the_whole_list_is_a_count(rules, tmp_path):
    # twins: the list's total is the count; with the places in the rules, each is its place's count
    assert read("Three towns were hardest hit, with 85 fatalities in all.", rules)["85"] == "fatalities"
    scoped = tmp_path / "scoped"
    scoped.mkdir()
    (scoped / "r.yaml").write_text(RULES + "scopes:\n  - {name: Alba}\n  - {name: Bera}\n", encoding="utf-8")
    claims = extract_text("Alba and Bera were hardest hit, with 45 and 15 fatalities, respectively.", published=parse_date("2024-05-10"), rules=load_rules([scoped]), source_id="s")
    assert {(c["value"], c["metric"]) for c in claims if c.get("scope")} >= {("15", "fatalities")}


STRUCTURES = """\
metrics:
  - {id: structures, label: Structures, kind: cumulative, unit: count, aliases: [structures]}
  - {id: area_burned, label: Area burned, kind: cumulative, unit: acres, aliases: [acres]}
"""


def test_a_noun_then_a_participle_the_metric_does_not_name_is_a_subset(tmp_path):
    (tmp_path / "r.yaml").write_text(STRUCTURES, encoding="utf-8")
    rules = load_rules([tmp_path])
    assert read("The survey puts the total at 2,719 structures exposed.", rules)["2,719"] == "unresolved"
    assert read("Officials found 28 structures lying empty.", rules)["28"] == "unresolved"


def test_the_noun_alone_or_a_measure_is_a_count(tmp_path):
    # twins: the noun with no participle, and a unit of measure before one ("acres destroyed")
    (tmp_path / "r.yaml").write_text(STRUCTURES, encoding="utf-8")
    rules = load_rules([tmp_path])
    assert read("The survey counted 2,719 structures in the county.", rules)["2,719"] == "structures"
    assert read("Officials said 2,719 structures burned.", rules)["2,719"] == "structures"  # the figure's own verb
    assert read("The fire burned 2,170 acres destroyed by the wind.", rules)["2,170"] == "area_burned"
