"""The precision principles of docs/checks.md, one pair of tests each: the case that must flag
beside the look-alike that must not."""

from __future__ import annotations

from support import BASE_RULES, SUBSET_RULES, Project


def _severities(project: Project, rule: str) -> list[str]:
    return [f["severity"] for f in project.findings(rule)]


# 1. An error is a proof; a warning says what it would take.

def test_1_a_violation_no_reading_excuses_is_an_error(project):
    project.source("a", "2024-03-01", "- {metric: deaths, value: 60, window: since end_of_war, quote: '60'}")
    project.source("b", "2024-01-20", "- {metric: deaths, value: 65, window: between 2020-11-10 and 2023-11-30, quote: '65'}")
    assert _severities(project, "cumulative-containment") == ["error"]


def test_1_a_violation_the_reporting_lag_excuses_is_a_warning_naming_the_age(project):
    # Published five days after the other window ends: within the built-in one-week lag.
    project.source("a", "2023-12-05", "- {metric: deaths, value: 60, window: since end_of_war, quote: '60'}")
    project.source("b", "2024-01-20", "- {metric: deaths, value: 65, window: between 2020-11-10 and 2023-11-30, quote: '65'}")
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "warning"
    assert finding["details"]["age_that_excuses_days"] == 6


def test_1_a_violation_only_a_round_figures_rounding_excuses_is_a_warning_naming_it(project):
    # "1,200" read as rounded (1,150-1,250) holds 1,225; read as printed it cannot.
    project.source("a", "2024-01-15", "- {metric: deaths, value: '1,200', window: between 2023-01-01 and 2023-12-31, quote: '1,200'}")
    project.source("b", "2023-07-10", "- {metric: deaths, value: '1,225', window: between 2023-01-01 and 2023-06-30, quote: '1,225'}")
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "warning"
    assert finding["details"]["reading"] == "round figures are exact as printed"


def test_1_a_figure_that_says_it_is_approximate_has_no_exact_reading(project):
    project.source("a", "2024-01-15", "- {metric: deaths, value: '1,200', qualifier: about, window: between 2023-01-01 and 2023-12-31, quote: 'about 1,200'}")
    project.source("b", "2023-07-10", "- {metric: deaths, value: '1,225', window: between 2023-01-01 and 2023-06-30, quote: '1,225'}")
    assert project.findings() == []


def test_1_a_violation_the_lag_or_the_rounding_excuses_names_both(project):
    project.source("a", "2023-07-03", "- {metric: deaths, value: '1,200', window: since end_of_war, quote: '1,200'}")
    project.source("b", "2023-07-10", "- {metric: deaths, value: '1,225', window: between 2020-11-10 and 2023-06-30, quote: '1,225'}")
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "warning"
    assert finding["details"]["age_that_excuses_days"] == 4
    assert "round figures are exact as printed" in finding["details"]["reading"]


# 2. Uncertainty never creates comparability.

def test_2_the_same_month_twice_is_the_same_window(project):
    project.source("a", "2025-12-04", "- {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: '71'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: 64, window: between 2019-03 and 2019-06, quote: '64'}")
    assert _severities(project, "same-window-agreement") == ["error"]


def test_2_a_month_and_a_day_in_it_are_not_the_same_window(project):
    project.source("a", "2025-12-04", "- {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: '71'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: 64, window: between 2019-03-03 and 2019-04-30, quote: '64'}")
    assert project.findings() == []


def test_2_the_reporting_lag_never_makes_two_as_of_dates_the_same(tmp_path):
    project = Project(tmp_path, BASE_RULES + "settings: {reporting_lag_days: 90, date_tolerance_days: 0}\n")
    project.source("a", "2025-01-01", "- {metric: stock, value: 10, window: as of publication, quote: '10'}")
    project.source("b", "2025-03-01", "- {metric: stock, value: 50, window: as of publication, quote: '50'}")
    assert project.findings() == []


def test_2_two_statements_of_one_date_are_compared_whatever_the_lag(tmp_path):
    project = Project(tmp_path, BASE_RULES + "settings: {reporting_lag_days: 90, date_tolerance_days: 0}\n")
    project.source("a", "2025-03-01", "- {metric: stock, value: 10, window: as of publication, attributed_to: Office, quote: '10'}")
    project.source("b", "2025-03-01", "- {metric: stock, value: 50, window: as of publication, attributed_to: Office, quote: '50'}")
    assert _severities(project, "same-window-agreement") == ["error"]


# 3. Neutral built-in defaults: edges match to the day, a figure is at most a week old.

def test_3_by_default_windows_ending_days_apart_are_different(project):
    project.source("a", "2025-12-01", "- {metric: stock, value: 10, window: as of 2025-11-20, quote: '10'}")
    project.source("b", "2025-12-01", "- {metric: stock, value: 50, window: as of 2025-11-23, quote: '50'}")
    assert project.findings() == []


def test_3_by_default_windows_ending_the_same_day_are_the_same(project):
    project.source("a", "2025-12-01", "- {metric: stock, value: 10, window: as of 2025-11-20, quote: '10'}")
    project.source("b", "2025-12-01", "- {metric: stock, value: 50, window: as of 2025-11-20, quote: '50'}")
    assert project.findings("same-window-agreement") != []


# 4. Counts change within a day.

SAME_DAY = "- {{metric: deaths, value: '{value}', window: since 2025-03-01, attributed_to: {who}, quote: '{value}'}}"


def _toll(project: Project, first: str, second: str) -> list[dict]:
    project.source("a", "2025-03-03", SAME_DAY.format(value=first, who="Ministry"))
    project.source("b", "2025-03-03", SAME_DAY.format(value=second, who="Red Cross"))
    project.source("c", "2025-03-02", SAME_DAY.format(value="900", who="Agency"))
    return project.findings("same-window-agreement")


def test_4_same_day_updates_within_the_daily_rate_are_not_flagged(project):
    assert _toll(project, "1,200", "1,350") == []


def test_4_same_day_figures_beyond_the_daily_rate_are_a_warning_with_the_rate(project):
    [finding] = _toll(project, "1,200", "11,300")
    assert finding["severity"] == "warning"
    assert finding["details"]["daily_rate"] > 0


# 5. Scopes are values: relations across scopes of one metric.


def test_5_a_part_above_a_whole_that_contains_its_window_is_flagged(tmp_path):
    project = Project(tmp_path, SUBSET_RULES)
    project.source("a", "2023-09-14", "- {metric: deaths, value: '11,300', scope: the town, window: since 2023-09-10, quote: '11,300'}")
    project.source("b", "2023-09-30", "- {metric: deaths, value: '3,958', scope: the region, window: since 2023-09-10, quote: '3,958'}")
    assert _severities(project, "scope-subset") == ["error"]


def test_5_a_part_below_its_whole_is_not_flagged(tmp_path):
    project = Project(tmp_path, SUBSET_RULES)
    project.source("a", "2023-09-14", "- {metric: deaths, value: '3,300', scope: the town, window: since 2023-09-10, quote: '3,300'}")
    project.source("b", "2023-09-30", "- {metric: deaths, value: '3,958', scope: the region, window: since 2023-09-10, quote: '3,958'}")
    assert project.findings() == []


# 6. Severity follows the evidence.

def test_6_estimates_by_different_bodies_are_info(project):
    project.source("a", "2021-11-02", "- {metric: forecast, value: 10-13, window: as of publication, attributed_to: Agency, quote: '10-13'}")
    project.source("b", "2022-10-01", "- {metric: forecast, value: 30, qualifier: nearly, window: as of publication, attributed_to: President, quote: '30'}")
    assert _severities(project, "estimate-disagreement") == ["info"]


def test_6_one_body_contradicting_its_own_estimate_is_a_warning(project):
    project.source("a", "2021-11-02", "- {metric: forecast, value: 10-13, window: as of publication, attributed_to: Agency, quote: '10-13'}")
    project.source("b", "2022-10-01", "- {metric: forecast, value: 30, qualifier: nearly, window: as of publication, attributed_to: Agency, quote: '30'}")
    assert _severities(project, "estimate-disagreement") == ["warning"]


def test_6_a_round_figure_stands_for_the_range_people_mean(project):
    # "only 20%" spoken against 20.8% written, for one window: they agree.
    (project.rules / "share.yaml").write_text("metrics:\n  - {id: cleared, label: Share cleared, kind: share, unit: percent}\n", encoding="utf-8")
    project.source("a", "2025-12-04", "- {metric: cleared, value: 20, window: between 2020-11-10 and 2025-11-30, quote: 'only 20%'}")
    project.source("b", "2025-12-09", "- {metric: cleared, value: '20.8', window: between 2020-11-10 and 2025-11-30, quote: '20.8%'}")
    assert project.findings() == []


def test_6_a_precise_figure_is_held_to_its_printed_precision(project):
    (project.rules / "share.yaml").write_text("metrics:\n  - {id: cleared, label: Share cleared, kind: share, unit: percent}\n", encoding="utf-8")
    project.source("a", "2025-12-04", "- {metric: cleared, value: '18.2', window: between 2020-11-10 and 2025-11-30, quote: '18.2%'}")
    project.source("b", "2025-12-09", "- {metric: cleared, value: '20.8', window: between 2020-11-10 and 2025-11-30, quote: '20.8%'}")
    assert _severities(project, "same-window-agreement") == ["error"]


def test_6_a_long_figure_may_have_had_its_last_digits_cut(project):
    # "62,800" printed for 62,862: cut to hundreds rather than rounded, it is the same figure.
    project.source("a", "2025-12-04", "- {metric: deaths, value: '62,800', window: between 2019-03 and 2019-06, quote: '62.800'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: '62,862', window: between 2019-03 and 2019-06, quote: '62,862'}")
    assert project.findings() == []


def test_6_a_figure_beyond_what_cutting_or_rounding_explains_is_an_error(project):
    # Cutting only ever drops digits: 62,950 is not 62,800 cut, and neither is 62,700.
    project.source("a", "2025-12-04", "- {metric: deaths, value: '62,800', window: between 2019-03 and 2019-06, quote: '62,800'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: '62,950', window: between 2019-03 and 2019-06, quote: '62,950'}")
    project.source("c", "2025-12-10", "- {metric: deaths, value: '62,700', window: between 2019-03 and 2019-06, quote: '62,700'}")
    assert _severities(project, "same-window-agreement") == ["error", "error"]


def test_6_one_significant_digit_is_rounded_not_cut(project):
    # "1,000" may be 1,000 to 1,499 rounded, never 1,900 cut.
    project.source("a", "2025-12-04", "- {metric: deaths, value: '1,000', window: between 2019-03 and 2019-06, quote: '1,000'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: '1,600', window: between 2019-03 and 2019-06, quote: '1,600'}")
    assert _severities(project, "same-window-agreement") == ["error"]


def test_6_a_thousands_slip_is_named_and_at_least_a_warning(project):
    project.source("a", "2025-12-04", "- {metric: deaths, value: '4,200', window: between 2019-03 and 2019-06, quote: '4,200'}")
    project.source("b", "2025-12-09", "- {metric: deaths, value: '4.2', window: between 2019-03 and 2019-06, quote: '4.2'}")
    [finding] = project.findings("same-window-agreement")
    assert finding["details"]["likely_slip_factor"] == 1000
    assert finding["severity"] in ("error", "warning")


def _series(project: Project, values: list[tuple[str, int]]) -> list[dict]:
    for published, value in values:
        project.source(f"s{published}", published, f"- {{metric: deaths, value: {value}, window: since 2020-01-01, quote: '{value}'}}")
    return project.findings("rate-jump")


def test_6_rate_jump_says_nothing_on_small_counts(project):
    # 11 a quarter, then 7 more in three months: noise, not a jump.
    assert _series(project, [("2020-04-01", 11), ("2020-07-01", 13), ("2020-10-01", 14), ("2021-01-01", 21)]) == []


def test_6_rate_jump_flags_a_large_count_jumping(project):
    assert _series(project, [("2020-04-01", 1100), ("2020-07-01", 1300), ("2020-10-01", 1400), ("2021-01-01", 9100)]) != []


# 7. Repeated evidence is one finding.

def test_7_a_figure_restated_by_three_sources_is_one_finding(project):
    for sid, published in (("a", "2024-01-01"), ("b", "2024-01-05"), ("c", "2024-01-09")):
        project.source(sid, published, "- {metric: deaths, value: 71, window: between 2020-11-10 and 2023-11-30, quote: '71'}")
    project.source("d", "2025-06-01", "- {metric: deaths, value: 68, window: since end_of_war, quote: '68'}")
    [finding] = project.findings("cumulative-containment")
    assert {c["source"] for c in finding["claims"]} == {"a", "b", "c", "d"}


def test_7_different_figures_below_are_separate_clashes_of_one_finding(project):
    # 68 is below 71 and below 75: two clashes, each proved, shown as one finding of the 68.
    project.source("a", "2024-01-01", "- {metric: deaths, value: 71, window: between 2020-11-10 and 2023-11-30, quote: '71'}")
    project.source("b", "2024-01-05", "- {metric: deaths, value: 75, window: between 2020-11-10 and 2023-12-31, quote: '75'}")
    project.source("d", "2025-06-01", "- {metric: deaths, value: 68, window: since end_of_war, quote: '68'}")
    [finding] = project.findings("cumulative-containment")
    assert project.pairs("cumulative-containment") == [("a#1", "d#1"), ("b#1", "d#1")]
    assert finding["details"]["shared"]["claim"] == "d#1"


# 5. A relation that cannot be evaluated is listed, not silent.

PARTS_RULES = BASE_RULES.replace("named_dates:", "  - {id: injured, label: Injured, kind: cumulative, unit: people}\nnamed_dates:") + """
relations:
  - {id: outcomes, kind: parts-sum, total: victims, parts: [deaths, injured]}
"""


def test_5_a_relation_missing_an_operand_is_listed_as_not_checked(tmp_path):
    project = Project(tmp_path, PARTS_RULES)
    project.source("a", "2025-01-01", "- {metric: victims, value: 400, window: since end_of_war, quote: '400'}\n- {metric: deaths, value: 70, window: since end_of_war, quote: '70'}")
    [entry] = project.json()["relations_not_checked"]
    assert entry["relation"] == "outcomes" and "injured" in entry["reason"]


def test_5_a_relation_with_all_its_operands_is_tested_not_listed(tmp_path):
    project = Project(tmp_path, PARTS_RULES)
    project.source("a", "2025-01-01", "- {metric: victims, value: 400, window: since end_of_war, quote: '400'}\n- {metric: deaths, value: 70, window: since end_of_war, quote: '70'}\n- {metric: injured, value: 100, window: since end_of_war, quote: '100'}")
    document = project.json()
    assert document["relations_not_checked"] == []
    assert [f["rule"] for f in document["findings"]] == ["parts-sum"]  # 70 + 100 is not 400


COUNTRY_TOWN_RULES = BASE_RULES + """
scopes:
  - name: the country
  - {name: the town, part_of: [the country]}
"""


def test_5_a_part_of_no_claim_gives_is_not_listed_for_every_metric(tmp_path):
    # `part_of` implies a relation for every count metric: one that no claim of the part or the
    # whole could test was never declared, so listing it would bury what was.
    project = Project(tmp_path, COUNTRY_TOWN_RULES)
    project.source("a", "2025-01-01", "- {metric: deaths, value: 70, window: since end_of_war, quote: '70', scope: the country}")
    assert project.json()["relations_not_checked"] == []


def test_5_a_part_of_with_claims_of_part_and_whole_that_share_no_window_is_listed(tmp_path):
    project = Project(tmp_path, COUNTRY_TOWN_RULES)
    project.source("a", "2025-01-01", "- {metric: deaths, value: 70, window: since end_of_war, quote: '70', scope: the country}")
    project.source("b", "2025-02-01", "- {metric: deaths, value: 9, window: during 2025-01, quote: '9', scope: the town}")
    [entry] = project.json()["relations_not_checked"]
    assert entry["relation"] == "part-of:the town:the country:deaths"


def test_7_one_disagreement_restated_by_two_sources_is_one_finding(project):
    # 64 (a) against 71 said for the same window by b and, later, by c: one disagreement.
    project.source("a", "2025-12-04", "- {metric: deaths, value: 64, window: between 2019-03 and 2019-06, quote: '64'}")
    project.source("b", "2025-12-05", "- {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: '71'}")
    project.source("c", "2025-12-09", "- {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: '71 again'}")
    [finding] = project.findings("same-window-agreement")
    assert {c["source"] for c in finding["claims"]} == {"a", "b", "c"}
    assert finding["details"]["restatements"] == 1


def test_7_two_different_figures_against_one_are_two_findings(project):
    project.source("a", "2025-12-04", "- {metric: deaths, value: 64, window: between 2019-03 and 2019-06, quote: '64'}")
    project.source("b", "2025-12-05", "- {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: '71'}")
    project.source("c", "2025-12-09", "- {metric: deaths, value: 77, window: between 2019-03 and 2019-06, quote: '77'}")
    assert len(project.findings("same-window-agreement")) == 3


PART_OF_RULES = BASE_RULES + """
scopes:
  - {name: the town, part_of: the region}
  - {name: the region}
"""


def test_5_a_scope_declared_part_of_another_is_checked_against_it(tmp_path):
    # No relation written: `part_of` makes the town's deaths part of the region's.
    project = Project(tmp_path, PART_OF_RULES)
    project.source("a", "2023-09-14", "- {metric: deaths, value: '11,300', scope: the town, window: since 2023-09-10, quote: '11,300'}")
    project.source("b", "2023-09-30", "- {metric: deaths, value: '3,958', scope: the region, window: since 2023-09-10, quote: '3,958'}")
    assert _severities(project, "scope-subset") == ["error"]


def test_5_a_part_below_its_declared_whole_is_not_flagged(tmp_path):
    project = Project(tmp_path, PART_OF_RULES)
    project.source("a", "2023-09-14", "- {metric: deaths, value: '3,300', scope: the town, window: since 2023-09-10, quote: '3,300'}")
    project.source("b", "2023-09-30", "- {metric: deaths, value: '3,958', scope: the region, window: since 2023-09-10, quote: '3,958'}")
    assert project.findings() == []
