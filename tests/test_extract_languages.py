"""French and Portuguese texts, weekly windows and the reading of one article as a whole
(checker/extract/languages.py, weeks.py, consistency.py and their hooks in the pipeline).

Every sentence here is written for the test; each behaviour has a twin that must not happen."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dates import parse_date
from checker.extract.languages import detect_language, english_number, read_as_english
from checker.extract.pipeline import extract_text
from checker.extract.weeks import week_span, week_windows
from checker.extract.windows import find_windows
from checker.rules import load_rules
from support import rules_from_text

RULES_YAML = """
metrics:
  - id: cases
    label: Outbreak cases
    kind: cumulative
    unit: people
    scope: Region
    aliases: [cases, new cases, casos suspeitos, casos, cas]
  - id: confirmed
    label: Confirmed cases
    kind: cumulative
    unit: people
    scope: Region
    aliases: [confirmed cases, casos confirmados, confirmés]
  - id: deaths
    label: Deaths
    kind: cumulative
    unit: people
    scope: Region
    aliases: [deaths, mortes, décès]
  - id: fatality_rate
    label: Case fatality rate
    kind: share
    unit: percent
    scope: Region
    aliases: [case fatality rate, taxa de letalidade]
named_dates:
  - id: start_of_2024
    date: 2024-01-01
    aliases: [start of the year, start of the epidemic]
relations:
  - id: fatality
    kind: share
    share: fatality_rate
    part: deaths
    whole: cases
  - id: north-within-region
    kind: subset
    subset: {metric: cases, scope: NLD}
    superset: {metric: cases, scope: Region}
  - id: south-within-region
    kind: subset
    subset: {metric: cases, scope: Southland}
    superset: {metric: cases, scope: Region}
"""

PT_FILLER = "O ministro disse que a situação continua em observação e que os dados são atualizados com a ajuda dos hospitais da região. "
FR_FILLER = "Le ministre a dit que la situation reste sous surveillance et que les données sont mises à jour avec les hôpitaux de la région. "


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return rules_from_text(RULES_YAML, tmp_path_factory.mktemp("rules"))


def drafts(text: str, rules, published: str = "2024-11-26") -> list[dict]:
    return extract_text(text, published=parse_date(published), rules=rules, source_id="t")


def by_value(claims: list[dict]) -> dict[str, dict]:
    return {str(c["value"]): c for c in claims}


# --- languages ---------------------------------------------------------------------------------


def test_language_is_told_by_function_words():
    assert detect_language(PT_FILLER * 2) == "pt"
    assert detect_language(FR_FILLER * 2) == "fr"
    assert detect_language("The minister said that the situation is still watched and that the data are updated with the hospitals of the region.") == "en"


@pytest.mark.parametrize("printed, english", [("49.056", "49,056"), ("1.234.567,5", "1,234,567.5"), ("1,60", "1.60"), ("49\u00a0056", "49,056")])
def test_number_formats(printed, english):
    assert english_number(printed) == english


def test_portuguese_figures_are_read_with_the_rules_aliases(rules):
    text = PT_FILLER + "Desde o início do ano, foram notificados 49.566 casos suspeitos, dos quais 10.846 casos confirmados, e mais de 1.100 mortes."
    got = by_value(drafts(text, rules))
    assert got["49,566"]["metric"] == "cases" and got["49,566"]["window"] in ("since start_of_2024", "since 2024-01-01")
    assert got["10,846"]["metric"] == "confirmed"
    assert got["1,100"]["metric"] == "deaths" and got["1,100"]["qualifier"] == "more_than"
    assert "49.566 casos" in got["49,566"]["quote"]  # quotes as written


def test_english_text_keeps_its_decimal_point_twin(rules):
    got = by_value(drafts("The outbreak has caused 1.566 thousand cases since the start of the year, the minister said on the radio.", rules))
    assert "1.566 thousand" in got  # not 1,566 thousand: an English text keeps its decimal point


def test_a_language_without_a_table_is_set_aside(rules):
    text = "El ministro dijo que los casos de la región son 1.200 y que los datos se actualizan con los hospitales de la región por la mañana."
    assert all(c["metric"] == "unresolved" for c in drafts(text, rules))


def test_a_metric_the_rules_do_not_name_in_the_language_stays_unresolved(rules):
    text = FR_FILLER + "Depuis le début de l'année, la région a vacciné 5.200 personnes."
    got = by_value(drafts(text, rules))
    assert got["5,200"]["metric"] == "unresolved"


def test_french_acronym_in_other_order_reads_as_the_rules_one(rules):
    text = FR_FILLER + "Depuis le début de l'année, le NLD a enregistré 4.056 cas."
    twin = FR_FILLER + "Depuis le début de l'année, le pays a enregistré 4.056 cas."
    assert read_as_english("DLN " + text, ["NLD"]).text.startswith("NLD ")
    assert by_value(drafts(text.replace("NLD", "DLN"), rules))["4,056"].get("scope") == "NLD"
    assert by_value(drafts(twin, rules))["4,056"].get("scope") is None


def test_offsets_point_into_the_text_as_written(rules):
    text = PT_FILLER + "Mais de 1.100 mortes foram registadas até 3 de agosto."
    claim = by_value(drafts(text, rules, "2024-08-15"))["1,100"]
    start, end = claim["extraction"]["start"], claim["extraction"]["end"]
    assert text[start:end] == claim["quote"] and "1.100" in claim["quote"]
    assert claim["window"].endswith("2024-08-03")


# --- weeks -------------------------------------------------------------------------------------


def test_iso_week_is_monday_to_sunday():
    span = week_span(2024, 47)
    assert (span.first.isoformat(), span.last.isoformat()) == ("2024-11-18", "2024-11-24")
    assert week_span(2024, 53) is None  # 2024 has 52 ISO weeks


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        ("849 cases were counted in epidemiological week 47", "2024-12-06", "between 2024-11-18 and 2024-11-24"),
        ("849 cases in week 47 of 2023", "2024-12-06", "between 2023-11-20 and 2023-11-26"),
        ("849 cases in week 50", "2024-12-06", "between 2023-12-11 and 2023-12-17"),  # not yet begun in 2024
        ("the region reported 2,708 new cases last week", "2024-12-06", "between 2024-11-25 and 2024-12-01"),
        ("2,490 new cases in the past week alone", "2024-10-04", "between 2024-09-23 and 2024-09-29"),
        ("from week 1 to week 43, 1,000 cases", "2024-11-05", "between 2024-01-01 and 2024-10-27"),
        ("cases have fallen since week 39", "2024-12-06", "since 2024-09-23"),
    ],
)
def test_week_windows(sentence, published, expected):
    texts = [w.text for w in find_windows(sentence, parse_date(published))]
    assert expected in texts


def test_weeks_twin_no_week_no_window():
    assert week_windows("849 cases in the past weeks", parse_date("2024-12-06")) == []
    assert week_windows("a 47-week campaign", parse_date("2024-12-06")) == []


def test_french_week_number_is_a_window_not_a_figure(rules):
    text = FR_FILLER + "Nous étions à 849 cas en semaine 47."
    got = by_value(drafts(text, rules, "2024-12-06"))
    assert got["849"]["window"] == "between 2024-11-18 and 2024-11-24"
    assert "47" not in got


# --- a figure's own noun; lists; parts of a list ----------------------------------------------


def test_a_figure_takes_the_metric_of_its_own_noun(rules):
    got = by_value(drafts("The region reported 2,490 new cases, including 365 confirmed cases and 26 deaths.", rules))
    assert got["26"]["metric"] == "deaths"
    assert got["365"]["metric"] == "confirmed"


def test_own_noun_twin_a_figure_without_a_noun_keeps_the_words_before(rules):
    got = by_value(drafts("Deaths in the region have risen to 26, the ministry said.", rules))
    assert got["26"]["metric"] == "deaths"


def test_a_figure_for_two_metrics_at_once_is_left_to_the_reviewer(rules):
    got = by_value(drafts(PT_FILLER + "A região tem 16.800 casos ou mortes desde o início do ano.", rules))
    assert got["16,800"]["metric"] == "unresolved"
    twin = by_value(drafts(PT_FILLER + "A região tem 16.800 casos desde o início do ano.", rules))
    assert twin["16,800"]["metric"] == "cases"


def test_list_rows_keep_the_window_and_take_the_label_scope(rules):
    text = "Summary.\nAs of December 1, 2024, the region has:\n13,171 confirmed cases\nSouthland: 785 cases (4 deaths)\n\nOther news: 12 deaths."
    got = by_value(drafts(text, rules, "2024-12-10"))
    assert got["13,171"]["window"] == "as of 2024-12-01"
    assert got["785"]["window"] == "as of 2024-12-01" and got["785"]["scope"] == "Southland"
    assert got["4"]["scope"] == "Southland"
    assert got["12"]["window"] != "as of 2024-12-01"  # a blank line ends the list
    assert got["12"].get("scope") is None  # "Other news" is no place the rules know


def test_parts_of_a_list_share_its_scope(rules):
    got = by_value(drafts("Since the start of the year, Southland recorded 39,501 cases, including 8,622 confirmed cases and 1,173 deaths.", rules))
    assert got["1,173"]["scope"] == "Southland"
    twin = by_value(drafts("Since the start of the year, 39,501 cases were recorded in Southland and 1,173 deaths in the rest of the region.", rules))
    assert twin["1,173"].get("scope") != "Southland"


def test_a_place_in_an_aside_is_not_the_figure_place(rules):
    got = by_value(drafts("Southland, which borders NLD, recorded 173 cases since the start of the year.", rules))
    assert got["173"]["scope"] == "Southland"
    twin = by_value(drafts("Southland borders NLD, which recorded 173 cases since the start of the year.", rules))
    assert twin["173"]["scope"] == "NLD"


def test_a_headline_place_is_the_place_of_figures_that_name_none(rules):
    text = "title: Outbreak slows in Southland\npublished: 2024-11-26\n\nThe ministry counted 1,200 cases since the start of the year."
    assert by_value(drafts(text, rules))["1,200"]["scope"] == "Southland"
    twin = text + " NLD counted 300 cases."  # the body names another place: the headline's is not the article's
    assert by_value(drafts(twin, rules))["1,200"].get("scope") is None


def test_a_figure_its_words_call_the_total_does_not_take_the_headline_place(rules):
    text = "title: Outbreak slows in Southland\npublished: 2024-11-26\n\nA tally puts the total at 1,200 cases since the start of the year."
    assert by_value(drafts(text, rules))["1,200"].get("scope") is None
    # twin: the same figure not called a total is the headline place's
    twin = "title: Outbreak slows in Southland\npublished: 2024-11-26\n\nA tally puts the count at 1,200 cases since the start of the year."
    assert by_value(drafts(twin, rules))["1,200"]["scope"] == "Southland"


# --- one article does not contradict itself ----------------------------------------------------


def test_an_inferred_window_that_contradicts_the_article_is_set_aside(rules):
    text = "The ministry counted 893 cases. Since the start of the year, 49,566 cases were notified."
    got = by_value(drafts(text, rules))
    assert got["893"]["metric"] == "unresolved" and "window" in got["893"]["note"]
    assert got["49,566"]["metric"] == "cases"


def test_two_stated_windows_that_disagree_are_kept_for_the_checks(rules):
    text = "Since the start of the year, 893 cases were notified. Since the start of the year, 49,566 cases were notified."
    got = by_value(drafts(text, rules))
    assert got["893"]["metric"] == "cases" and got["49,566"]["metric"] == "cases"


def test_a_share_the_article_contradicts_is_set_aside(rules):
    text = "Since the start of the year, 49,566 cases and 1,193 deaths were notified. The case fatality rate rose to 1%."
    got = by_value(drafts(text, rules))
    assert got["1"]["metric"] == "unresolved"
    twin = by_value(drafts(text.replace("to 1%", "to 2.4%"), rules))
    assert twin["2.4"]["metric"] == "fatality_rate"


SHARE_RULES_YAML = RULES_YAML.replace(
    "named_dates:",
    """  - id: confirmed_deaths
    label: Deaths among confirmed cases
    kind: cumulative
    unit: people
    scope: Region
    aliases: [confirmed deaths]
  - id: confirmed_fatality_rate
    label: Death rate among confirmed cases
    kind: share
    unit: percent
    scope: Region
    aliases: [death rate]
named_dates:""",
).replace(
    "relations:",
    """relations:
  - id: confirmed-fatality
    kind: share
    share: confirmed_fatality_rate
    part: confirmed_deaths
    whole: confirmed""",
)


@pytest.fixture(scope="module")
def share_rules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("share-rules")
    (folder / "metrics.yaml").write_text(SHARE_RULES_YAML, encoding="utf-8")
    return load_rules([Path(folder)])


LIST = "Summary.\nAs of December 1, 2024, the region has:\n13,171 confirmed cases\n57 deaths (a death rate of {rate}%)\nSouthland: 785 cases (4 deaths)\n"


def test_a_count_takes_the_part_metric_of_the_share_beside_it(share_rules):
    got = by_value(drafts(LIST.format(rate="0.4"), share_rules, "2024-12-10"))  # 57 of 13,171 is 0.43%
    assert got["57"]["metric"] == "confirmed_deaths"
    twin = by_value(drafts(LIST.format(rate="2.5"), share_rules, "2024-12-10"))  # not what 57 of 13,171 gives
    assert twin["57"]["metric"] == "deaths"


def test_list_rows_count_what_the_head_rows_named(share_rules):
    got = by_value(drafts(LIST.format(rate="0.4"), share_rules, "2024-12-10"))
    assert got["785"]["metric"] == "confirmed" and got["4"]["metric"] == "confirmed_deaths"
    twin = by_value(drafts(LIST.format(rate="0.4").replace("13,171 confirmed cases\n", "13,171 cases\n"), share_rules, "2024-12-10"))
    assert twin["785"]["metric"] == "cases"  # the head row said plain cases


# --- ISO weeks in the claims format ------------------------------------------------------------


def test_a_claim_window_may_be_an_iso_week(project):
    project.source("a", "2024-12-06", '- {metric: deaths, value: 849, window: during 2024-W47, quote: "849"}')
    project.source("b", "2024-12-07", '- {metric: deaths, value: 893, window: between 2024-11-18 and 2024-11-24, quote: "893"}')
    found = project.findings("same-window-agreement")
    assert len(found) == 1
    assert {c["window_start"] for c in found[0]["claims"]} == {"2024-11-18"}


def test_iso_week_twin_the_next_week_is_another_window(project):
    project.source("a", "2024-12-06", '- {metric: deaths, value: 849, window: during 2024-W47, quote: "849"}')
    project.source("b", "2024-12-07", '- {metric: deaths, value: 430, window: during 2024-W48, quote: "430"}')
    assert project.findings("same-window-agreement") == []


def test_a_week_the_year_does_not_have_is_a_one_line_error(project):
    path = project.source("a", "2024-12-06", '- {metric: deaths, value: 849, window: during 2024-W53, quote: "849"}')
    result = project.run()
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:7: claims[0].window:") and "2024-W53" in first and "52" in first


def test_a_label_alone_on_a_line_is_the_place_of_the_next_line(rules):
    text = "Records fell in 2024:\nSouthland: |\n7,000 cases |\nTotal:\n12,000 cases\n"
    got = by_value(drafts(text, rules, "2024-12-10"))
    assert got["7,000"]["scope"] == "Southland"
    assert got["12,000"].get("scope") is None  # "Total" is no place


def test_self_contradiction_reads_scale_words(rules):
    # (not a "previous high": an undated past record is set aside on its own, see test_extract_roles)
    text = "Some 18.7 million cases have been counted. In 2024, 42.5 million cases were counted."
    got = by_value(drafts(text, rules, "2025-03-01"))
    assert got["18.7 million"]["metric"] == "unresolved"
    twin = by_value(drafts(text.replace("18.7 million", "58.7 million"), rules, "2025-03-01"))
    assert twin["58.7 million"]["metric"] == "cases"  # above the 2024 count: no contradiction to set aside


def test_a_figure_of_a_place_s_things_counts_those_things(rules):
    got = by_value(drafts("Since the start of the year, cases were reported in all 13 of Southland's districts.", rules))
    assert got["13"]["metric"] == "unresolved"
    twin = by_value(drafts("Since the start of the year, 1,300 of Southland's cases were reported in the north.", rules))
    assert twin["1,300"]["metric"] == "cases"
