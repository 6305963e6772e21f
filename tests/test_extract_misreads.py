"""Figures the extractor used to give a neighbour's metric (drafts end to end on the eval topics):
each reading has a test that must read the figure and a twin that must not."""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules

RULES = """\
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [death toll, toll, deaths, killed]}
  - {id: rebuild_cost, label: Cost to rebuild, kind: estimate, unit: usd, aliases: [rebuild cost, cost to rebuild]}
"""


@pytest.fixture
def rules(tmp_path):
    (tmp_path / "r.yaml").write_text(RULES, encoding="utf-8")
    return load_rules([tmp_path])


def read(text: str, rules) -> dict[str, str]:
    claims = extract_text(text, published=parse_date("2023-08-12"), rules=rules, source_id="s")
    return {str(c["value"]): str(c["metric"]) for c in claims}


def test_a_figure_with_no_currency_is_no_amount_of_money(rules):
    drafts = read("Wildfire death toll rises to 80 as rebuild cost put at $6bn.", rules)
    assert drafts["80"] != "rebuild_cost"
    assert drafts["6bn"] == "rebuild_cost"


def test_a_figure_with_a_currency_word_is_money(rules):
    # twin: "dollars" after the figure is its currency
    assert read("The rebuild cost is put at 6 billion dollars.", rules)["6 billion"] == "rebuild_cost"
    assert read("The rebuild cost is put at $80 million.", rules)["80 million"] == "rebuild_cost"


def test_money_of_a_group_counted_before_it_is_not_the_whole(rules):
    drafts = read("Analysts count 3,088 residences with $1.3 billion in rebuild cost inside the perimeter.", rules)
    assert drafts["1.3 billion"] == "unresolved"


def test_money_after_a_count_without_with_is_the_whole(rules):
    # twin: the count and the money are two figures of their own
    drafts = read("Analysts count 3,088 residences; the rebuild cost is $1.3 billion.", rules)
    assert drafts["1.3 billion"] == "rebuild_cost"


UNIDENTIFIED = """\
metrics:
  - {id: unidentified, label: Bodies not identified, kind: level, unit: people, aliases: [yet to be identified, unidentified]}
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [deaths, victims]}
"""


def test_the_whole_a_part_is_taken_from_is_not_the_part(tmp_path):
    (tmp_path / "r.yaml").write_text(UNIDENTIFIED, encoding="utf-8")
    rules = load_rules([tmp_path])
    drafts = read("The bodies of 124 of the 275 people on board are yet to be identified.", rules)
    assert drafts["124"] == "unidentified" and drafts["275"] == "unresolved"
    assert read("Out of the remaining 81, the identities of 53 are yet to be identified.", rules)["81"] == "unresolved"


def test_the_whole_keeps_the_metric_its_own_noun_names(tmp_path):
    # twins: "275 victims" is named by its own noun; a figure with no part before it is read as ever
    (tmp_path / "r.yaml").write_text(UNIDENTIFIED, encoding="utf-8")
    rules = load_rules([tmp_path])
    assert read("The bodies of 124 of the 275 victims are yet to be identified.", rules)["275"] == "deaths"
    assert read("The bodies of 275 people are yet to be identified.", rules)["275"] == "unidentified"



BODIES = """\
metrics:
  - {id: bodies_received, label: Bodies received, kind: cumulative, unit: people, aliases: [bodies received by the hospital]}
  - {id: bodies_handed_over, label: Bodies handed over, kind: cumulative, unit: people, aliases: [handed over by the hospital]}
"""


def test_the_words_of_a_part_after_of_which_are_not_the_whole_s(tmp_path):
    (tmp_path / "r.yaml").write_text(BODIES, encoding="utf-8")
    drafts = read("162 bodies were kept at the hospital morgue, of which 81 bodies were handed over to the kin.", load_rules([tmp_path]))
    assert drafts["162"] != "bodies_handed_over"


def test_the_words_of_the_whole_s_own_clause_name_it(tmp_path):
    # twin: with no "of which" the clause is the figure's own
    (tmp_path / "r.yaml").write_text(BODIES, encoding="utf-8")
    drafts = read("162 bodies were kept at the hospital morgue and handed over to the kin.", load_rules([tmp_path]))
    assert drafts["162"] == "bodies_handed_over"


def qualifiers(text: str) -> dict[str, str]:
    claims = extract_text(text, published=parse_date("2023-08-12"), rules=None, source_id="s")
    return {str(c["value"]): str(c["qualifier"]) for c in claims}


def test_over_of_a_phrasal_verb_is_no_bound():
    assert qualifiers("Hospital authorities handed over 53 bodies after DNA matching.")["53"] == "exact"
    assert qualifiers("The police turned over 12 files to the court.")["12"] == "exact"


def test_over_before_a_figure_is_a_bound():
    # twin: "over" after any other verb bounds the figure
    assert qualifiers("Hospital authorities received over 53 bodies after the crash.")["53"] == "over"


PLACES = """\
metrics:
  - {id: flood_deaths, label: Flood deaths, kind: cumulative, unit: people, scope: Libya, aliases: [death toll, toll, deaths]}
scopes:
  - name: Libya
  - name: Derna
    part_of: Libya
"""


def scopes(text: str, tmp_path) -> dict[str, str | None]:
    (tmp_path / "r.yaml").write_text(PLACES, encoding="utf-8")
    claims = extract_text(text, published=parse_date("2023-09-24"), rules=load_rules([tmp_path]), source_id="s")
    return {str(c["value"]): c.get("scope") for c in claims}


def test_a_place_in_an_opening_clause_of_time_is_not_the_figure_s(tmp_path):
    text = "Nearly two weeks after a flash flood devastated the port city of Derna, the official death toll keeps rising, passing 3,800."
    assert scopes(text, tmp_path)["3,800"] is None


def test_a_place_in_the_figure_s_own_clause_is_its_scope(tmp_path):
    # twin: the same place in the main clause is the figure's
    text = "Nearly two weeks after a flash flood struck, the official death toll in Derna keeps rising, passing 3,800."
    assert scopes(text, tmp_path)["3,800"] == "Derna"


CHARGED_RULES = """\
metrics:
  - {id: charged, label: People charged, kind: cumulative, unit: people, aliases: [charged]}
  - {id: cases, label: Cases, kind: cumulative, unit: count, aliases: [opened]}
"""


@pytest.mark.parametrize("text", ["Police charged over 420 protesters after the march.", "Prosecutors charged 420 sub-contractors last year."])
def test_people_named_by_what_they_do_after_the_metrics_verb_are_what_it_counts(text, tmp_path):
    (tmp_path / "r.yaml").write_text(CHARGED_RULES, encoding="utf-8")
    assert read(text, load_rules([tmp_path]))["420"] == "charged"


@pytest.mark.parametrize("text", ["Police charged 420 vehicles after the march.", "Inspectors opened 420 containers at the port."])
def test_things_after_the_metrics_verb_stay_something_else(text, tmp_path):
    # twins: a noun that names no person, and a noun like a person's for a metric not counted in people
    (tmp_path / "r.yaml").write_text(CHARGED_RULES, encoding="utf-8")
    assert read(text, load_rules([tmp_path]))["420"] == "unresolved"


SHARE_RULES = """\
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [died, deaths]}
  - {id: unlicensed_share, label: Share unlicensed, kind: share, unit: percent, aliases: [unlicensed]}
"""


def test_a_figure_with_no_percent_is_no_value_of_a_share(tmp_path):
    (tmp_path / "r.yaml").write_text(SHARE_RULES, encoding="utf-8")
    assert read("Of the 900 who died, 630 were unlicensed.", load_rules([tmp_path]))["630"] == "unresolved"


@pytest.mark.parametrize(("text", "value"), [("Of the 900 who died, 70 percent were unlicensed.", "70"), ("Of the 900 who died, 70% were unlicensed.", "70"), ("Of the 900 who died, a third were unlicensed.", "33.33")])
def test_a_percent_or_a_fraction_is_a_value_of_the_share(text, value, tmp_path):
    # twin: the same sentence with a share printed as one
    (tmp_path / "r.yaml").write_text(SHARE_RULES, encoding="utf-8")
    assert read(text, load_rules([tmp_path]))[value] == "unlicensed_share"


DAMAGE_RULES = """\
metrics:
  - {id: damaged, label: Homes damaged, kind: cumulative, unit: count, aliases: [damaged]}
  - {id: destroyed, label: Homes destroyed, kind: cumulative, unit: count, aliases: [destroyed]}
  - {id: damaged_or_destroyed, label: Homes damaged or destroyed, kind: cumulative, unit: count, aliases: [damaged or destroyed]}
"""


def test_an_alias_that_holds_a_conjunction_names_one_metric(tmp_path):
    (tmp_path / "r.yaml").write_text(DAMAGE_RULES, encoding="utf-8")
    assert read("Surveyors counted 610 homes damaged or destroyed by the storm.", load_rules([tmp_path]))["610"] == "damaged_or_destroyed"


def test_two_metrics_joined_by_a_conjunction_keep_their_own_figures(tmp_path):
    # twin: each figure before its own alias, the conjunction between two metrics
    (tmp_path / "r.yaml").write_text(DAMAGE_RULES, encoding="utf-8")
    drafts = read("Surveyors counted 610 homes damaged and 95 destroyed by the storm.", load_rules([tmp_path]))
    assert (drafts["610"], drafts["95"]) == ("damaged", "destroyed")


def test_a_count_brought_up_to_a_figure_reached_it(rules):
    claims = extract_text("The new cases brought the national death toll in 2019 up to 1,249.", published=parse_date("2023-08-12"), rules=rules, source_id="s")
    assert [(c["value"], c["qualifier"]) for c in claims] == [("1,249", "exact")]


@pytest.mark.parametrize("text", ["The new rules allow up to 1,249 deaths to be counted.", "Officials brought in teams; the death toll could reach up to 1,249.", "The storm will bring a flood to the coast, leaving up to 1,249 deaths."])
def test_up_to_with_no_verb_raising_an_object_is_a_bound(text, rules):
    # twins: "up to" as a bound, also where "brought" is not the verb of the figure's clause
    claims = extract_text(text, published=parse_date("2023-08-12"), rules=rules, source_id="s")
    assert [c["qualifier"] for c in claims if c["value"] == "1,249"] == ["up_to"]


RATE_RULES = """\
metrics:
  - {id: fatality_rate, label: Case fatality rate, kind: share, unit: percent, aliases: [taxa de letalidade, letalidade]}
"""


@pytest.mark.parametrize(("unit", "metric"), [("2%", "fatality_rate"), ("2 pontos", "unresolved")])
def test_a_figure_whose_partner_carries_the_percent_is_a_share(unit, metric, tmp_path):
    # "de 0,35 para 2%" gives 0,35 its partner's percent; the twin's partner has none, so 0,35 is no share
    (tmp_path / "r.yaml").write_text(RATE_RULES, encoding="utf-8")
    text = f"A taxa de letalidade subiu de 0,35 para {unit} na semana, disse o ministro, e as autoridades da província estão em alerta."
    assert read(text, load_rules([tmp_path]))["0.35"] == metric
