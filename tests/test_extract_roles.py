"""Figures the words around them make no value of their metric, and table rows' labels as scopes.

Each case has a twin: the same figure, worded as a value of the metric, keeps its metric.
"""

from __future__ import annotations

import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules
from support import rules_from_text

RULES = """
metrics:
  - {id: area_burned, label: Area burned, kind: cumulative, unit: hectare, scope: the country, aliases: [burned, hectares burned, acres burned]}
  - {id: average_area, label: Ten-year average area burned, kind: cumulative, unit: hectare, aliases: [average area burned]}
  - {id: fires_burning, label: Fires burning, kind: level, unit: fires, aliases: [fires burning, wildfires burning]}
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [deaths, died, killed]}
units:
  - {id: fires, label: fires, aliases: [fire, fires, wildfires]}
scopes:
  - {name: Valley Province, aliases: [the valley, VP]}
"""


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES, tmp_path_factory.mktemp("rules"))


def drafted(text: str, rules) -> list[tuple[str, str, str | None]]:
    claims = extract_text(text, published=parse_date("2023-08-01"), rules=rules, source_id="s")
    return [(str(c["value"]), c["metric"], c.get("scope")) for c in claims]


def metric_of(text: str, rules, value: str) -> str:
    return next(m for v, m, _ in drafted(text, rules) if v == value)


@pytest.mark.parametrize(
    "other, twin, value",
    [
        # a difference, and the twin where a comma ends the figure's words before the comparison
        ("The fires burned 2 million acres more than the previous record.", "The fires burned 2 million acres, more than the previous record.", "2 million"),
        ("The fires burned 2 million acres more than the previous record.", "The fires burned 2 million acres more than two weeks ago.", "2 million"),
        ("Deaths rose by 300 on Friday.", "Deaths rose to 300 on Friday.", "300"),
        # a ratio
        ("The fires burned about 6x the previous record.", "The fires burned about 6 hectares.", "6"),
        # a rate, and "a year ago", which is a date
        ("Fires burned 5,000 hectares per year.", "Fires burned 5,000 hectares a year ago.", "5,000"),
        # an average of the metric, and the metric itself
        ("Fires burned an average of 5,000 hectares.", "Fires burned a total of 5,000 hectares.", "5,000"),
        ("Fires burned the mean of 5,000 hectares.", "A dry summer could mean 5,000 hectares burned.", "5,000"),
        # new additions are no level
        ("There were 12 new wildfires burning.", "There were 12 wildfires burning.", "12"),
        ("There were 12 more wildfires burning.", "There were 12 wildfires burning, more than in July.", "12"),
        # a figure that counts places, with an adjective or "of X's" between
        ("Deaths were reported in 20 African countries.", "Deaths rose to 20 African citizens.", "20"),
        ("Deaths were reported in 13 of Canada's provinces.", "Deaths in Canada's provinces reached 13.", "13"),
        # a plural noun after a word that modifies it ("tourism companies", a headline's "Tourism
        # Companies"), and the twins where the noun is the metric's or the word between is a verb
        ("Officials suspended 16 tourism companies over the deaths.", "Officials said 16 registered deaths were counted.", "16"),
        ("Licences of 16 Tourism Companies Suspended After Deaths", "Licences Suspended After 16 Registered Deaths", "16"),
        ("Officials blamed 16 tourism companies for deaths.", "At least 16 died as floods swept the valley.", "16"),
        # the subject of another verb, and the twin where the metric's word is the verb
        ("Nearly 4,000 people killed in the floods had been identified.", "Nearly 4,000 people had been killed in the floods.", "4,000"),
        ("Nearly 4,000 people killed in the floods had been identified.", "Nearly 4,000 deaths were recorded.", "4,000"),
        ("Nearly 4,000 people killed in the floods had been identified.", "Nearly 4,000 reported deaths were confirmed.", "4,000"),
        # a part the words call partial, and the whole
        ("Officials gave a partial toll of 577 deaths for two days.", "Officials gave a toll of 577 deaths for two days.", "577"),
        # those something is being done to, and those the metric names
        ("Officials said 95 people who died are being examined.", "Officials said 95 people died.", "95"),
        ("Officials said 95 wildfires burning are being contained.", "Officials said 95 wildfires burning were contained.", "95"),
        # a definition's threshold, and the twin where the same figure is counted
        ("Outbreaks, which officials define as 30 deaths or more, spread.", "Outbreaks, which officials said caused 30 deaths or more, spread.", "30"),
        ("Outbreaks are reported, meaning 30 deaths or more.", "Outbreaks are reported, with 30 deaths or more.", "30"),
        ("Two clusters meet the definition of an outbreak, which is 30 deaths or more.", "Two clusters meet the definition of an outbreak, which caused 30 deaths.", "30"),
        # an age, and the twins where the figure counts those people
        ("Deaths were recorded among people 18 and older.", "Deaths were recorded among 18 people.", "18"),
        ("Deaths were recorded among people 5 to 17.", "Deaths were recorded among 5 to 17 people.", "5-17"),
        ("Most deaths were of children younger than 4.", "Most deaths were of 4 children.", "4"),
        ("Deaths were highest at a median age of 8.", "Deaths were highest at 8.", "8"),
        # a part restating a share, and a count the share does not precede
        ("About 11%, or 85 deaths, were children.", "About 11% fled, and 85 deaths were recorded.", "85"),
    ],
)
def test_a_figure_the_sentence_makes_something_else_is_unresolved(rules, other, twin, value):
    assert metric_of(other, rules, value) == "unresolved"
    assert metric_of(twin, rules, value) != "unresolved"


def test_an_average_metric_keeps_its_averages(rules):
    assert metric_of("The average area burned is 5,000 hectares.", rules, "5,000") == "average_area"


def test_a_past_record_without_its_own_window_is_unresolved(rules):
    assert metric_of("The previous high of 18 million acres burned stood for decades.", rules, "18 million") == "unresolved"
    # twin: the sentence dates the record, so its figure is a value for that window
    claims = extract_text("The previous high of 18 million acres burned was set in 1989.", published=parse_date("2023-08-01"), rules=rules, source_id="s")
    assert [(c["metric"], c["window"]) for c in claims if c["value"] == "18 million"] == [("area_burned", "during 1989")]


def test_new_additions_to_a_running_count_need_a_window_of_their_own(rules):
    assert metric_of("There were 300 new deaths in the past few days.", rules, "300") == "unresolved"
    assert metric_of("There were 300 new deaths in the past few days, officials said on Monday.", rules, "300") == "unresolved"
    assert metric_of("Officials recorded 300 more deaths.", rules, "300") == "unresolved"
    # twin: the sentence gives the period of the new additions
    claims = extract_text("There were 300 new deaths since 1 July.", published=parse_date("2023-08-01"), rules=rules, source_id="s")
    assert [(c["metric"], c["window"]) for c in claims] == [("deaths", "since 2023-07-01")]


@pytest.mark.parametrize("text", ["The new deaths reported included 58 from the valley.", "New deaths included about 58 in the valley."])
def test_a_figure_listed_among_new_additions_needs_a_window_of_its_own(rules, text):
    assert metric_of(text, rules, "58") == "unresolved"


@pytest.mark.parametrize("text", ["The deaths reported included 58 from the valley.", "New Valley deaths included 58 in the valley."])
def test_a_figure_listed_among_a_running_count_keeps_its_metric(rules, text):
    # twins: no addition ("New Valley" is a name, not "new")
    assert metric_of(text, rules, "58") == "deaths"


def test_a_table_rows_label_is_its_figures_scope(rules):
    text = "Deaths by region:\nNorthland: 785 deaths (4 missing)\nSouthland: |\n120 deaths\n| VP: | 30 deaths |\n"
    assert drafted(text, rules) == [("785", "deaths", "Northland"), ("4", "unresolved", "Northland"), ("120", "deaths", "Southland"), ("30", "deaths", "Valley Province")]


@pytest.mark.parametrize(
    "text",
    [
        "Deaths: 785\n",  # a label that names the figure, not a place
        "KYIV: 785 people died.\n",  # a dateline
        "Update: 785 people died.\n",
        "Southland: |\n\nThe storm killed 785 people.\n",  # a label two lines up labels nothing here
    ],
)
def test_labels_that_are_no_place_give_no_scope(rules, text):
    assert [(v, s) for v, _, s in drafted(text, rules)] == [("785", None)]


PILGRIM_RULES = """
metrics:
  - {id: pilgrim_deaths, label: Pilgrims who died, kind: cumulative, unit: people, aliases: [died, dead, deaths]}
  - {id: pilgrims, label: Pilgrims, kind: level, unit: people, aliases: [pilgrims]}
"""


@pytest.fixture(scope="module")
def pilgrim_rules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pilgrim-rules")
    (folder / "rules.yaml").write_text(PILGRIM_RULES, encoding="utf-8")
    return load_rules([folder])


@pytest.mark.parametrize("text", ["Officials said 1,301 pilgrims died.", "Last year 200 pilgrims were reported dead."])
def test_the_predicate_after_a_figures_noun_says_what_it_counts(pilgrim_rules, text):
    value = "1,301" if "1,301" in text else "200"
    assert metric_of(text, pilgrim_rules, value) == "pilgrim_deaths"


def test_a_figures_noun_keeps_its_metric_when_no_other_metric_follows(pilgrim_rules):
    assert metric_of("Officials said 1,301 pilgrims attended.", pilgrim_rules, "1,301") == "pilgrims"


def test_a_relative_clause_on_the_figures_noun_says_what_it_counts(pilgrim_rules):
    assert metric_of("Reports name 1,081 pilgrims from ten countries who have died.", pilgrim_rules, "1,081") == "pilgrim_deaths"
    # twin: the relative clause names no other metric
    assert metric_of("Reports name 1,081 pilgrims from ten countries who have arrived.", pilgrim_rules, "1,081") == "pilgrims"


def test_a_definitions_threshold_in_words_is_not_drafted(rules):
    assert "3" not in [v for v, _, _ in drafted("Outbreaks, which the agency defines as three or more related deaths, spread.", rules)]
    assert "3" not in [v for v, _, _ in drafted("Two clusters meet the definition of an outbreak, which is three or more related deaths.", rules)]
    # twin: the same words counting deaths are drafted
    assert ("3", "deaths", None) in drafted("Outbreaks caused three or more related deaths.", rules)


def test_an_earlier_value_without_its_own_window_is_unresolved(rules):
    # must not be today's count: the value the new one is compared with
    assert metric_of("Deaths reached 481, up from 124 deaths in late spring.", rules, "124") == "unresolved"
    # twin: the sentence dates the earlier value, so it is a value for that window
    claims = extract_text("Deaths reached 481, up from 124 deaths in 2022.", published=parse_date("2023-08-01"), rules=rules, source_id="s")
    assert [c["metric"] for c in claims if c["value"] == "124"] == ["deaths"]


@pytest.mark.parametrize("text", ["Officials reported the most deaths, 199, and the valley reported 98.", "The majority of deaths, 199, were recorded in the valley.", "Of all the deaths, 199."])
def test_a_figure_set_off_by_commas_is_named_by_the_noun_before_them(rules, text):
    assert metric_of(text, rules, "199") == "deaths"


@pytest.mark.parametrize("text", ["After the deaths were counted, 199 homes stood.", "In the days after the deaths, 199 left, and none came back."])
def test_a_figure_after_a_comma_with_words_of_its_own_is_not_named_by_the_noun_before(rules, text):
    # twins: the figure has words of its own ("homes"), or the comma closes an opening phrase
    assert metric_of(text, rules, "199") == "unresolved"


def test_a_bracketed_aside_of_words_does_not_cut_the_figure_from_its_metric(rules):
    assert metric_of("The number of deaths in the valley (east) rose to 212.", rules, "212") == "deaths"
    # twin: brackets that hold a figure are no aside, and still cut
    assert metric_of("The number of deaths (12 in May) rose to 212.", rules, "212") == "unresolved"


# An earlier state of the count ("the previous toll of 115", "an initial list of 3,200",
# "Initially more than 1,000"): the text does not date it, so it is no count as of publication.
@pytest.mark.parametrize("text, value", [
    ("Officials lowered the death toll to 97 from a previous toll of 115 people killed.", "115"),
    ("An initial list of 3,200 deaths has since been revised.", "3,200"),
    ("Initially more than 1,000 people were believed killed, officials said.", "1,000"),
])
def test_an_earlier_state_of_the_count_is_undated(text, value, rules):
    assert metric_of(text, rules, value) == "unresolved"


@pytest.mark.parametrize("text, value", [
    ("Officials said the death toll stood at 115 people killed.", "115"),
    ("A list of 3,200 deaths was published on Friday.", "3,200"),
    ("More than 1,000 people were killed, officials said.", "1,000"),
])
def test_the_same_count_given_as_it_stands_keeps_its_metric(text, value, rules):
    assert metric_of(text, rules, value) == "deaths"


# A figure the sentence denies, or a number that names a provision, is no count.
@pytest.mark.parametrize("text, value", [
    ("Officials said 275 people were killed and not 288 as reported earlier.", "288"),
    ("Charges under 304A (causing death by negligence) were filed after 275 people were killed.", "304"),
    ("Charges under IPC 304 were filed after 275 people were killed.", "304"),
])
def test_a_denied_figure_or_a_number_naming_a_provision_is_no_count(text, value, rules):
    assert all(m == "unresolved" for v, m, _ in drafted(text, rules) if v == value)


@pytest.mark.parametrize("text, value", [
    ("Officials said 275 people were killed and not 288 as reported earlier.", "275"),
    ("Police said 304 people were killed in the collision.", "304"),
    ("Charges were filed after 304 people were killed.", "304"),
])
def test_the_figure_the_sentence_asserts_keeps_its_metric(text, value, rules):
    assert metric_of(text, rules, value) == "deaths"


def test_a_figure_set_beside_a_share_of_the_whole_is_that_part(rules):
    # "more than half of the total deaths, 140, ...": 140 is the half, not the total.
    assert metric_of("More than half of the total deaths, 140, were in the valley.", rules, "140") == "unresolved"


def test_a_figure_set_beside_the_whole_keeps_its_metric(rules):
    assert metric_of("The total of deaths, 140, was confirmed on Friday.", rules, "140") == "deaths"


def test_a_figure_whose_first_word_is_a_state_the_metric_does_not_name_counts_those(rules):
    # "one dead and 10 injured": the 10 are the injured, whatever "dead" before them says
    found = dict((v, m) for v, m, _ in drafted("The blast left one person dead and 10 injured, officials said.", rules))
    assert found["10"] == "unresolved"


def test_a_state_the_metric_names_keeps_the_figure_its_value(rules):
    # twin: "12 dead" and "79 killed" are the deaths the metric counts
    assert metric_of("The toll rose to 12 killed on Monday.", rules, "12") == "deaths"
    assert metric_of("By Friday 79 killed in all, officials said.", rules, "79") == "deaths"


def test_a_rate_over_a_population_and_its_base_are_no_counts(rules):
    found = dict((v, m) for v, m, _ in drafted("The flood killed 73 people per million inhabitants, and 12 deaths per 100,000 in the valley.", rules))
    assert found["73"] == "unresolved" and found["12"] == "unresolved" and found["100,000"] == "unresolved"


def test_a_count_beside_a_population_is_still_a_count(rules):
    # twin: "per" is what makes a rate; a count of deaths in a town of a million is a count
    assert metric_of("The flood killed 73 people in a city of a million inhabitants.", rules, "73") == "deaths"


def test_a_percentage_that_names_a_change_is_no_share(tmp_path):
    share_rules = rules_from_text("""
metrics:
  - {id: strikers_share, label: Share of members on strike, kind: share, unit: percent, aliases: [members on strike, on strike]}
""", tmp_path)
    assert [m for v, m, _ in drafted("The deal gives a 25 percent raise to members on strike.", share_rules)] == ["unresolved"]
    # twin: the same percentage without a change word is the share
    assert [m for v, m, _ in drafted("About 25 percent of members are on strike.", share_rules)] == ["strikers_share"]


def test_a_percentage_change_is_the_value_of_a_metric_of_such_changes(tmp_path):
    raise_rules = rules_from_text("""
metrics:
  - {id: offered_raise, label: Wage raise offered, kind: share, unit: percent, aliases: [raise, wage raise]}
""", tmp_path)
    assert [m for v, m, _ in drafted("The new offer includes a 25 percent raise over four years.", raise_rules)] == ["offered_raise"]
