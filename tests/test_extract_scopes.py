"""Scope and attribution from the sentence (issue 12, item 6), and the rules' `scopes` section."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.extract.scopes import attribution
from checker.rules import load_rules
from support import rules_from_text

RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, scope: the whole country, aliases: [died, deaths, killed]}
  - {id: homes, label: Homes destroyed, kind: cumulative, unit: count, aliases: [homes destroyed, homes]}
scopes:
  - {name: Valley Province, aliases: [the valley, VP]}
relations:
  - {id: confirmed-within, kind: subset, subset: {metric: deaths, scope: confirmed deaths}, superset: {metric: deaths, scope: the whole country}}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_of(RULES, tmp_path_factory)


def rules_of(text: str, tmp_path_factory):
    return rules_from_text(text, tmp_path_factory.mktemp("rules"))


def scopes(text: str, rules) -> list[tuple[str, str | None]]:
    claims = extract_text(text, published=parse_date("2020-06-01"), rules=rules, source_id="s")
    return [(c["value"], c.get("scope")) for c in claims]


def test_places_in_one_sentence_get_their_own_scopes(rules):
    assert scopes("1,204 died in the north and 388 in the south.", rules) == [("1,204", "north"), ("388", "south")]


def test_populations_and_parts_of_a_country(rules):
    assert scopes("The floods killed 40 children.", rules) == [("40", "children")]
    assert scopes("12 civilians died in the capital.", rules) == [("12", "civilians")]
    assert scopes("In the northern province, 25 people died.", rules) == [("25", "northern province")]
    # twins: generic people and the metric's own words are no scope
    assert scopes("The floods killed 40 people.", rules) == [("40", None)]


def test_scopes_the_rules_name_are_resolved_through_their_aliases(rules):
    assert scopes("In the valley, 300 homes destroyed were counted.", rules) == [("300", "Valley Province")]
    assert scopes("Officials said 75 deaths had been confirmed so far.", rules) == [("75", "confirmed deaths")]
    # twin: the metric's default scope named in the text is the default, written as no scope
    assert scopes("Across the whole country, 900 people died.", rules) == [("900", None)]


def test_a_scope_a_relation_gives_one_metric_is_not_given_to_another(rules):
    # "confirmed deaths" is a scope of deaths only; the homes figure stays in its default
    assert scopes("With deaths confirmed, 300 homes destroyed were counted.", rules) == [("300", None)]


def test_a_place_named_after_in_is_a_scope_unless_it_is_the_whole(rules, tmp_path: Path):
    assert scopes("40 people died in Rivertown.", rules) == [("40", "Rivertown")]
    # twin: officials in a place are where it was said, not what it counts
    assert scopes("Officials in Rivertown said 40 people died.", rules) == [("40", None)]


def test_the_loader_reads_a_scope_through_its_aliases(tmp_path: Path):
    from click.testing import CliRunner

    from checker.cli import main

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(
        "source: {id: a, title: A, publisher: P, published: 2020-06-01}\n"
        "claims:\n"
        "  - {metric: homes, value: 300, scope: VP, window: since 2020-01, quote: 300 homes}\n"
        "  - {metric: homes, value: 500, scope: Valley Province, window: since 2020-01, quote: 500 homes}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path / "claims"), "--rules", str(tmp_path / "rules"), "--format", "json"])
    assert result.exit_code == 1  # one scope, so the two figures for one window clash
    assert '"scope": "Valley Province"' in result.stdout


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("According to the health ministry, 40 people died.", "the health ministry"),
        ("40 people died, the Red Cross said on Monday.", "the Red Cross"),
        ("40 people died, said Jane Roe, a spokeswoman.", "Jane Roe"),
        ("Local officials reported 40 deaths.", "Local officials"),
        ("40 people died, he said.", None),  # a pronoun names no one
    ],
)
def test_attribution(sentence, source):
    assert attribution(sentence) == source


def drafted(text: str, rules) -> list[tuple[str, str, str | None]]:
    claims = extract_text(text, published=parse_date("2020-06-01"), rules=rules, source_id="s")
    return [(c["value"], c["metric"], c.get("scope")) for c in claims]


def test_a_figure_that_counts_something_else_is_not_the_metric(rules):
    assert drafted("A court sentenced 12 officials over the flood that killed 40 people.", rules) == [("12", "unresolved", None), ("40", "deaths", None)]
    assert drafted("Rivertown, a city of around 120,000 people, was flooded.", rules) == [("120,000", "unresolved", None)]
    # twins: the same figures counting what the metric counts
    assert drafted("The flood killed 12 people.", rules) == [("12", "deaths", None)]
    assert drafted("Around 120,000 people died.", rules) == [("120,000", "deaths", None)]


def test_named_groups_and_places_next_to_a_figure(rules):
    assert [s for _, _, s in drafted("The toll was 4,540 – 3,964 Greenlanders and 576 foreigners – on Friday.", rules)] == [None, "Greenlanders", "foreigners"]
    assert [s for _, _, s in drafted("Deaths rose in Rivertown (1,320 people) and Lakeside (730 people).", rules)] == ["Rivertown", "Lakeside"]
    assert drafted("Another 170 people died outside Rivertown.", rules) == [("170", "deaths", "outside Rivertown")]


def test_other_areas_are_a_scope_of_their_own(rules):
    assert drafted("Another 170 people died in other areas of the country.", rules) == [("170", "deaths", "other areas")]


def test_a_demonym_that_is_the_metrics_own_population_is_no_scope(tmp_path: Path):
    (tmp_path / "r.yaml").write_text(
        "metrics:\n  - {id: victims, label: Victims, kind: cumulative, unit: people, scope: Icelander citizens, aliases: [became victims, victims]}\n",
        encoding="utf-8",
    )
    rules = load_rules([tmp_path])
    assert drafted("Since May, 412 Icelanders became victims.", rules) == [("412", "victims", None)]
    # twin: another nationality is a scope of its own
    assert drafted("Since May, 412 Greenlanders became victims.", rules) == [("412", "victims", "Greenlanders")]


SUBGROUP_RULES = """
metrics:
  - {id: deaths, label: Pilgrims who died, kind: cumulative, unit: people, scope: all pilgrims, aliases: [died, deaths]}
scopes:
  - {name: all pilgrims}
  - {name: Northland, aliases: [Northlanders], part_of: [all pilgrims]}
  - {name: Southia, aliases: [Southians], part_of: [all pilgrims]}
  - {name: "Northland, registered pilgrims", aliases: [registered Northland pilgrims], part_of: [Northland, all pilgrims]}
"""


@pytest.fixture(scope="module")
def subgroup_rules(tmp_path_factory):
    return rules_of(SUBGROUP_RULES, tmp_path_factory)


def test_a_group_written_after_a_number_in_words_is_its_scope(subgroup_rules):
    # a group the rules do not name stays as written: a part, never the whole
    assert scopes("Seven tourists and two Southlanders are known to have died.", subgroup_rules)[-1] == ("2", "Southlanders")
    assert scopes("Officials said two Northlanders died.", subgroup_rules) == [("2", "Northland")]
    # twin: no group after the figure, the metric's own scope
    assert scopes("Officials said two pilgrims died.", subgroup_rules) == [("2", None)]


def test_an_among_phrase_narrows_the_scope(subgroup_rules):
    # the rules' one scope whose words hold the phrase's (the adverb aside)
    assert scopes("The unit said 31 deaths were confirmed among officially registered pilgrims.", subgroup_rules) == [("31", "Northland, registered pilgrims")]
    # no scope of the rules holds it: the phrase as written
    assert scopes("The unit said 31 deaths were confirmed among elderly pilgrims.", subgroup_rules) == [("31", "elderly pilgrims")]
    assert scopes("The unit said 31 deaths were confirmed among newly arrived pilgrims.", subgroup_rules) == [("31", "newly arrived pilgrims")]
    # twins: the metric's own words narrow nothing
    assert scopes("The unit said 31 deaths were confirmed among the pilgrims.", subgroup_rules) == [("31", None)]
    assert scopes("There were 660 Northlanders among the dead.", subgroup_rules) == [("660", "Northland")]


def test_a_whole_does_not_take_the_group_of_a_part_written_after_it(subgroup_rules):
    assert scopes("The toll rose to 1,081 deaths, including 58 Northlanders.", subgroup_rules)[0] == ("1,081", None)
    assert scopes("More than 1,000 pilgrims died, 31 of them Northlanders.", subgroup_rules)[0] == ("1,000", None)
    assert scopes("So far 158 pilgrims died, 155 in Northland and 3 in Southia.", subgroup_rules) == [("158", None), ("155", "Northland"), ("3", "Southia")]
    assert scopes("So far 158 pilgrims died, 155 in Eastmoor and 3 in Westmoor.", subgroup_rules) == [("158", None), ("155", "Eastmoor"), ("3", "Westmoor")]
    # twins: the group written for the figure itself, or before it with no figure of its own
    assert scopes("The toll rose to 1,081 Northlanders.", subgroup_rules) == [("1,081", "Northland")]
    assert scopes("Among Northlanders, 1,081 died.", subgroup_rules) == [("1,081", "Northland")]


def test_a_nationality_before_the_counted_noun_is_the_scope(subgroup_rules):
    # the rules' scope through its plural alias, else as written: a part, never the whole
    assert scopes("Officials said 500 Southian pilgrims died.", subgroup_rules) == [("500", "Southia")]
    assert scopes("Officials said 500 Moroccan pilgrims died.", subgroup_rules) == [("500", "Moroccan")]
    # twin: no nationality, the metric's own scope
    assert scopes("Officials said 500 pilgrims died.", subgroup_rules) == [("500", None)]


def test_where_those_counted_come_from_is_the_scope(subgroup_rules):
    # "from 11 countries" names no scope of the rules: as written, a part, never the whole
    assert scopes("The dead were 190 Northlanders and 26 people from 11 different countries.", subgroup_rules)[:2] == [("190", "Northland"), ("26", "from 11 different countries")]
    assert scopes("Officials said 165 people from Northland died.", subgroup_rules) == [("165", "Northland")]
    # twin: "from" a date is no origin
    assert scopes("The toll of 1,301 deaths from June was confirmed.", subgroup_rules) == [("1,301", None)]
    assert scopes("Officials said 1,301 deaths from Heatstroke were counted.", subgroup_rules) == [("1,301", None)]


def test_an_among_phrase_about_other_words_is_no_scope(subgroup_rules):
    assert scopes("Officials said 50 died, after identifications among elderly pilgrims rose.", subgroup_rules) == [("50", None)]
    # twin: the phrase bears on the figure
    assert scopes("Officials said 50 died among elderly pilgrims.", subgroup_rules) == [("50", "elderly pilgrims")]


LIST_RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [died, deaths]}
scopes:
  - {name: Northland and Southland, part_of: []}
  - {name: Northland, part_of: ["Northland and Southland"]}
  - {name: Southland, part_of: ["Northland and Southland"]}
  - {name: Eastland}
"""


@pytest.fixture(scope="module")
def list_rules(tmp_path_factory):
    return rules_of(LIST_RULES, tmp_path_factory)


def test_places_listed_together_are_the_figures_scope_never_one_of_them(list_rules):
    # the rules' scope that lists the same places, in any order
    assert scopes("Most deaths, 201, occurred in Southland and Northland.", list_rules) == [("201", "Northland and Southland")]
    # a list the rules do not name stays as written: compared with nothing
    assert scopes("Most deaths, 201, occurred in Southland and Eastland.", list_rules) == [("201", "Southland and Eastland")]
    # a part of the next place is within the list
    assert scopes("Most deaths, 201, occurred in Southland and a nearby county in Northland.", list_rules) == [("201", "Northland and Southland")]
    # twin: one place named is that place
    assert scopes("Most deaths, 201, occurred in Southland.", list_rules) == [("201", "Southland")]


def test_an_age_group_after_the_figure_is_its_scope_as_written(rules):
    # must not take the whole: the figure counts one age group
    assert scopes("Of the deaths, 15 are in people 18 and older.", rules)[0] == ("15", "people 18 and older")
    assert scopes("Of the deaths, 89 were among children 5 to 17.", rules)[0] == ("89", "children 5 to 17")
    # twin: those counted, with no age, narrow nothing
    assert scopes("Of the deaths, 15 are in people.", rules)[0] == ("15", None)


def test_figures_listed_among_the_metrics_own_whole_are_parts(rules):
    # must not be the valley's whole: one part of its deaths
    got = scopes("Among the deaths in the valley, four deaths are unexplained.", rules)
    assert got[0][0] == "4" and got[0][1] not in (None, "Valley Province")
    # twin: the same figure with no "among" is the valley's
    assert scopes("In the valley, four deaths are unexplained.", rules)[0] == ("4", "Valley Province")


def test_a_place_that_opens_the_next_clause_is_not_the_figures(rules):
    claims = extract_text("The valley has reported the most deaths, 199, and Southland reported 98.", published=parse_date("2020-06-01"), rules=rules, source_id="s")
    assert [(c["value"], c["metric"], c.get("scope")) for c in claims if c["value"] == "199"] == [("199", "deaths", "Valley Province")]
    # twin: a place after the figure in its own clause is its place
    assert scopes("Officials counted 199 deaths in the valley.", rules) == [("199", "Valley Province")]


def test_counts_in_brackets_after_places_the_rules_name_are_those_places_counts(rules):
    claims = extract_text("The places with most deaths are VP (45) and Northland (12).", published=parse_date("2020-06-01"), rules=rules, source_id="s")
    assert [(c["value"], c["metric"], c.get("scope")) for c in claims] == [("45", "deaths", "Valley Province")]
    # twins: a name the rules do not know keeps its bracket as a label, and a sentence naming no metric drafts no count
    assert scopes("Coach Dak Prescott (4) played.", rules) == []
    assert [(c["value"], c["metric"]) for c in extract_text("VP (45) is a province.", published=parse_date("2020-06-01"), rules=rules, source_id="s")] == [("45", "unresolved")]
