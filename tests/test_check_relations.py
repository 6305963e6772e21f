"""Relation checks (parts-sum, share-consistency, stock-flow, scope-subset) and derived claims,
on topics other than landmines: an epidemic and a city budget."""

from __future__ import annotations

import pytest

from support import Project

RULES = """
metrics:
  - {id: cases, label: Confirmed cases, kind: cumulative, unit: people}
  - {id: recovered, label: Recovered, kind: cumulative, unit: people}
  - {id: deaths, label: Deaths, kind: cumulative, unit: people}
  - {id: outcomes, label: Closed cases, kind: cumulative, unit: people}
  - {id: budget, label: City budget, kind: level, unit: usd}
  - {id: health_budget, label: Health budget, kind: level, unit: usd}
  - {id: school_budget, label: School budget, kind: level, unit: usd}
  - {id: health_share, label: Health share of budget, kind: share, unit: percent}
  - {id: vaccinated_share, label: Share of population vaccinated, kind: share, unit: percent}
  - {id: vaccinated, label: People vaccinated, kind: cumulative, unit: people}
  - {id: beds_total, label: Hospital beds, kind: level, unit: count}
  - {id: beds_used, label: Beds occupied, kind: level, unit: count}
  - {id: beds_free, label: Beds free, kind: level, unit: count}
  - {id: beds_used_share, label: Share of beds occupied, kind: share, unit: percent}
named_dates:
  - {id: outbreak, date: 2024-01-15, aliases: [start of the outbreak]}
constants:
  - {id: population, value: 250000, unit: people, label: City population}
relations:
  - {id: outcomes-by-type, kind: parts-sum, total: outcomes, parts: [recovered, deaths]}
  - {id: budget-by-area, kind: parts-sum, total: budget, parts: [health_budget, school_budget]}
  - {id: health-share, kind: share, share: health_share, part: health_budget, whole: budget}
  - {id: vaccination-rate, kind: share, share: vaccinated_share, part: vaccinated, whole: {constant: population}}
  - {id: beds, kind: stock-flow, total: beds_total, flow: beds_used, remaining: beds_free}
  - {id: beds-share, kind: share, share: beds_used_share, part: beds_used, whole: beds_total}
  - id: icu-subset
    kind: subset
    subset: {metric: deaths, scope: in intensive care}
    superset: {metric: deaths, scope: all patients}
"""


@pytest.fixture
def city(tmp_path) -> Project:
    return Project(tmp_path, RULES)


def rules_of(findings):
    return sorted(f["rule"] for f in findings)


def test_parts_that_add_up_pass(city):
    city.source("health-dept", "2024-06-30", """
        - {metric: recovered, value: "1,180", window: since outbreak, quote: "1,180 recovered"}
        - {metric: deaths, value: 20, window: since outbreak, quote: "20 died"}
        - {metric: outcomes, value: "1,200", window: since outbreak, quote: "1,200 closed cases"}
    """)
    assert city.findings() == []


def test_parts_that_do_not_add_up_fail(city):
    city.source("health-dept", "2024-06-30", """
        - {metric: recovered, value: "1,104", window: since outbreak, quote: "1,104 recovered"}
        - {metric: deaths, value: 21, window: since outbreak, quote: "21 died"}
        - {metric: outcomes, value: "1,205", window: since outbreak, quote: "1,205 closed cases"}
    """)
    [finding] = city.findings()
    assert finding["rule"] == "parts-sum" and finding["severity"] == "error"
    assert "add up to 1,125 people" in finding["message"]
    assert "at least 80 people apart" in finding["message"]
    details = finding["details"]
    assert details["message_kind"] == "parts_sum.parts_do_not_add_up" and details["gap"] == 80
    assert details["parts_sum"]["low"] == 1125 and details["unit"] == "people"
    assert details["total"]["claim"] == finding["claims"][0]["id"] and len(details["parts"]) == 2


def test_qualifiers_widen_the_sum(city):
    city.source("health-dept", "2024-06-30", """
        - {metric: recovered, value: "1,100", qualifier: about, window: since outbreak, quote: "about 1,100"}
        - {metric: deaths, value: 21, window: since outbreak, quote: "21 died"}
        - {metric: outcomes, value: "1,160", window: since outbreak, quote: "1,160 closed"}
    """)
    assert city.findings() == []


def test_parts_from_different_windows_are_not_added(city):
    city.source("health-dept", "2024-06-30", """
        - {metric: recovered, value: "1,104", window: since outbreak, quote: "1,104 recovered"}
        - {metric: deaths, value: 21, window: between 2024-05 and 2024-06, quote: "21 died"}
        - {metric: outcomes, value: "1,205", window: since outbreak, quote: "1,205 closed cases"}
    """)
    assert rules_of(city.findings()) == []


def test_share_with_printed_rounding_passes(city):
    # 94.85% is reported as 95%: "95" stands for [94.5, 95.5].
    city.source("council", "2024-03-01", """
        - {metric: budget, value: 464 million, unit: usd, window: as of publication, quote: "$464 million"}
        - {metric: health_budget, value: 440.1 million, unit: usd, window: as of publication, quote: "$440.1 million"}
        - {metric: health_share, value: 95, window: as of publication, quote: "95%"}
    """)
    assert city.findings() == []


def test_share_that_does_not_match_fails(city):
    city.source("council", "2024-03-01", """
        - {metric: budget, value: 464 million, window: as of publication, quote: "$464 million"}
        - {metric: health_budget, value: 364 million, window: as of publication, quote: "$364 million"}
        - {metric: health_share, value: 95, window: as of publication, quote: "95%"}
    """)
    [finding] = [f for f in city.findings() if f["rule"] == "share-consistency"]
    assert "= [78.17, 78.75] percent" in finding["message"]
    details = finding["details"]
    assert details["message_kind"] == "share.does_not_match" and details["unit"] == "percent"
    assert 78.1 < details["implied"]["low"] < details["implied"]["high"] < 78.8 and details["gap"] > 15
    assert len(details["inputs"]) == 2


def test_share_of_a_constant(city):
    city.source("a", "2024-09-01", """
        - {metric: vaccinated, value: "120,000", window: since outbreak, quote: "120,000 vaccinated"}
        - {metric: vaccinated_share, value: 48, window: since outbreak, quote: "48%"}
    """)
    assert city.findings() == []
    city.source("b", "2024-09-02", """
        - {metric: vaccinated, value: "120,000", window: since outbreak, quote: "120,000 vaccinated"}
        - {metric: vaccinated_share, value: 60, window: since outbreak, quote: "60%"}
    """)
    [finding] = [f for f in city.findings() if f["rule"] == "share-consistency"]
    assert "population" in finding["message"] and finding["claims"][0]["source"] == "b"


def test_remaining_that_only_fits_as_the_total_is_explained(city):
    # 312 used "of 1,040 beds", 30%; but 1,040 is called the free beds.
    city.source("hospital", "2024-02-01", """
        - {metric: beds_used, value: 312, window: as of publication, quote: "312 beds occupied"}
        - {metric: beds_free, value: "1,040", window: as of publication, quote: "1,040 beds remain free"}
        - {metric: beds_used_share, value: 30, window: as of publication, quote: "30% of beds"}
    """)
    findings = city.findings()
    stock = [f for f in findings if f["rule"] == "stock-flow"]
    assert len(stock) == 1
    assert "only fits as the total" in stock[0]["message"]
    details = stock[0]["details"]
    assert details["message_kind"] == "stock_flow.remaining_fits_as_total" and details["share_metric"] == "beds_used_share"
    assert details["share_if_total"]["low"] <= 30 <= details["share_if_total"]["high"]
    assert "beds_used_share = [22.91, 23.16] percent; read as the total, beds_used_share = [29.71, 30.14] percent" in stock[0]["message"]
    # the share check, fed the derived total (312 + 1,040), disagrees too
    assert [f["rule"] for f in findings if f["rule"] == "share-consistency"] == ["share-consistency"]


def test_stock_that_balances_passes(city):
    city.source("hospital", "2024-02-01", """
        - {metric: beds_total, value: "1,300", window: as of publication, quote: "1,300 beds"}
        - {metric: beds_used, value: 300, window: as of publication, quote: "300 beds occupied"}
        - {metric: beds_free, value: "1,000", window: as of publication, quote: "1,000 beds free"}
        - {metric: beds_used_share, value: 23, window: as of publication, quote: "23%"}
    """)
    assert city.findings() == []


def test_stated_total_that_does_not_balance_fails(city):
    city.source("hospital", "2024-02-01", """
        - {metric: beds_total, value: "1,452", window: as of publication, quote: "1,452 beds"}
        - {metric: beds_used, value: 312, window: as of publication, quote: "312 beds occupied"}
        - {metric: beds_free, value: "1,040", window: as of publication, quote: "1,040 beds free"}
    """)
    assert "stock-flow" in rules_of(city.findings())


def test_derived_part_is_checked_against_other_sources(city):
    # Source a gives outcomes and recovered: deaths = 1,213 - 1,163 = 50 (derived) by June.
    # Source b says 70 deaths by mid-February, inside a's window: the derived figure is too low.
    city.source("a", "2024-06-30", """
        - {metric: outcomes, value: "1,213", window: since outbreak, quote: "1,213 closed"}
        - {metric: recovered, value: "1,163", window: since outbreak, quote: "1,163 recovered"}
    """)
    city.source("b", "2024-02-15", """
        - {metric: deaths, value: 70, window: since outbreak, quote: "70 died"}
    """)
    document = city.json()
    [finding] = document["findings"]
    assert finding["rule"] == "cumulative-containment"
    derived = [c for c in finding["claims"] if c["derived_from"]]
    assert len(derived) == 1 and derived[0]["value"] == "50"
    assert sorted(derived[0]["derived_from"]) == ["a#1", "a#2"]
    assert document["summary"]["derived_claims"] == 1


def test_subset_cannot_exceed_superset(city):
    city.source("a", "2024-06-30", """
        - {metric: deaths, value: 30, scope: in intensive care, window: since outbreak, quote: "30 died in ICU"}
        - {metric: deaths, value: 25, scope: all patients, window: since outbreak, quote: "25 deaths in all"}
    """)
    [finding] = city.findings()
    assert finding["rule"] == "scope-subset"
    details = finding["details"]
    assert details["message_kind"] == "scope_subset.part_exceeds_whole"
    assert details["part"]["interval"]["low"] > details["whole"]["interval"]["high"]  # 30 (as [28.5, 31.5)) above 25
    assert (details["part_scope"], details["whole_scope"]) == ("in intensive care", "all patients")


def test_subset_within_superset_passes_and_scopes_are_separate(city):
    city.source("a", "2024-06-30", """
        - {metric: deaths, value: 20, scope: in intensive care, window: since outbreak, quote: "20 in ICU"}
        - {metric: deaths, value: 25, scope: all patients, window: since outbreak, quote: "25 in all"}
    """)
    assert city.findings() == []


def test_subset_pairs_taken_a_block_at_a_time_give_the_same_findings(city, monkeypatch):
    # Memory stays bounded on large sides: the cross product is built in blocks of pairs.
    import checker.checks.scope_subset as scope_subset

    rows = []
    for day, (icu, total) in enumerate([(30, 25), (20, 40), (50, 45), (10, 60), (70, 65)], start=1):
        rows.append(f'- {{metric: deaths, value: {icu}, scope: in intensive care, window: since outbreak, quote: "{icu} in ICU"}}')
        rows.append(f'- {{metric: deaths, value: {total}, scope: all patients, window: since outbreak, quote: "{total} in all"}}')
        city.source(f"s{day}", f"2024-06-{day:02d}", "\n".join(rows[-2:]))
    whole = city.findings("scope-subset")
    monkeypatch.setattr(scope_subset, "PAIR_CHUNK", 1)
    assert city.findings("scope-subset") == whole
    assert len(whole) >= 3  # 30 > 25, 50 > 45, 70 > 65 on their own days, at least


def test_unknown_metric_in_a_relation_is_an_input_error(tmp_path):
    project = Project(tmp_path, RULES + "  - {id: bad, kind: parts-sum, total: outcome, parts: [recovered, deaths]}\n")
    project.source("a", "2024-06-30", '- {metric: deaths, value: 20, window: since outbreak, quote: "20"}')
    result = project.run()
    assert result.exit_code == 2
    assert "relations[7].total: unknown metric 'outcome' (did you mean 'outcomes'?)" in result.stderr


def test_stock_flow_does_not_count_unrelated_shares_as_checked(city):
    # beds_used and beds_free can be read against beds_used_share (which uses beds_total), but
    # the vaccination share has nothing to do with beds: nothing compared it, so it is listed.
    city.source("hospital", "2024-06-30", """
        - {metric: beds_used, value: 230, window: as of 2024-06-30, quote: "230 beds occupied"}
        - {metric: beds_free, value: 770, window: as of 2024-06-30, quote: "770 beds free"}
        - {metric: vaccinated_share, value: 40, window: as of 2024-06-30, quote: "40% vaccinated"}
    """)
    not_checked = {n["claim"]["metric"] for n in city.json()["not_checked"]}
    assert "vaccinated_share" in not_checked


SCOPED_PARTS = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, scope: whole country}
  - {id: identified, label: Dead identified, kind: cumulative, unit: people, scope: one province}
  - {id: unidentified, label: Dead not yet identified, kind: level, unit: people, scope: one province}
named_dates:
  - {id: storm, date: 2024-10-29, aliases: [the storm]}
relations:
  - {id: registered-dead, kind: parts-sum, total: deaths, parts: [identified, unidentified]}
"""


def court_counts(project: Project) -> None:
    """The province's dead as its court gives them: 203 identified and 9 not yet (212)."""
    project.source("court", "2024-11-20", """
        - {metric: identified, value: 203, window: since the storm, quote: "203 identified"}
        - {metric: unidentified, value: 9, window: since the storm, quote: "9 not yet identified"}
    """)


def test_total_derived_from_one_province_is_that_province_not_the_country(tmp_path):
    # The parts are a province's dead, the total metric's default scope is the country: the
    # derived 212 is the province's, so the country's 224 the same day does not contradict it.
    project = Project(tmp_path, SCOPED_PARTS)
    court_counts(project)
    project.source("government", "2024-11-20", """
        - {metric: deaths, value: 224, window: since the storm, quote: "224 dead"}
    """)
    document = project.json()
    assert document["findings"] == []
    assert document["summary"]["derived_claims"] == 1


def test_total_derived_from_one_province_still_checked_against_that_province(tmp_path):
    # The twin: the province's own count of 230 dead by an earlier date is more than the 212
    # its identified and unidentified dead add up to later: a contradiction within the province.
    project = Project(tmp_path, SCOPED_PARTS)
    court_counts(project)
    project.source("regional-paper", "2024-11-10", """
        - {metric: deaths, value: 230, scope: one province, window: since the storm, quote: "230 dead in the province"}
    """)
    [finding] = project.json()["findings"]
    derived = [c for c in finding["claims"] if c["derived_from"]]
    assert len(derived) == 1 and derived[0]["value"] == "212" and derived[0]["scope"] == "one province"


SCOPED_METRICS = """
metrics:
  - {id: dead, label: People killed, kind: cumulative, unit: people, scope: the landslides}
  - {id: identified, label: Bodies identified, kind: cumulative, unit: people, scope: the landslides}
relations:
  - id: identified-among-dead
    kind: subset
    subset: {metric: identified}
    superset: {metric: dead}
"""


def test_a_subset_side_naming_no_scope_means_its_metric_s_scope(tmp_path):
    # Metrics whose default scope is "the landslides", a relation whose sides name none, claims
    # that name none: all one scope, so 180 identified cannot exceed 167 dead.
    from support import Project

    project = Project(tmp_path, SCOPED_METRICS)
    project.source("a", "2024-08-05", """
        - {metric: dead, value: 167, window: since 2024-07-30, quote: "167 dead"}
        - {metric: identified, value: 180, window: since 2024-07-30, quote: "180 identified"}
    """)
    [finding] = project.findings("scope-subset")
    assert finding["severity"] == "error"


def test_a_subset_side_naming_no_scope_holds_where_the_part_is_smaller(tmp_path):
    # Twin: 96 identified among 167 dead is no finding, and the pair counts as checked.
    from support import Project

    project = Project(tmp_path, SCOPED_METRICS)
    project.source("a", "2024-08-05", """
        - {metric: dead, value: 167, window: since 2024-07-30, quote: "167 dead"}
        - {metric: identified, value: 96, window: since 2024-07-30, quote: "96 identified"}
    """)
    result = project.json()
    assert result["findings"] == [] and result["relations_not_checked"] == []


PROVINCES = """
metrics:
  - {id: houses_damaged, label: Houses damaged, kind: cumulative, unit: houses, scope: Pakistan}
  - {id: houses_partial, label: Houses partially damaged, kind: cumulative, unit: houses, scope: Pakistan}
  - {id: houses_destroyed, label: Houses destroyed, kind: cumulative, unit: houses, scope: Pakistan}
  - {id: destroyed_share, label: Share of damaged houses destroyed, kind: share, unit: percent, scope: Pakistan}
  - {id: flooded_area, label: Area under water, kind: level, unit: km2, scope: Pakistan}
  - {id: flooded_share, label: Share of the country under water, kind: share, unit: percent, scope: Pakistan}
units:
  - {id: houses, label: houses}
named_dates:
  - {id: monsoon, date: 2022-06-14, aliases: [the monsoon]}
constants:
  - {id: country_area, value: 796095, unit: km2, label: Area of Pakistan}
scopes:
  - {name: Pakistan}
  - {name: Sindh, part_of: [Pakistan]}
  - {name: Balochistan, part_of: [Pakistan]}
relations:
  - {id: houses-by-damage, kind: parts-sum, total: houses_damaged, parts: [houses_partial, houses_destroyed]}
  - {id: destroyed-share, kind: share, share: destroyed_share, part: houses_destroyed, whole: houses_damaged}
  - {id: flooded-share, kind: share, share: flooded_share, part: flooded_area, whole: {constant: country_area}}
"""


def houses(project: Project, sid: str, total_scope: str, total: str, parts_scope: str, partial: str = "135", destroyed: str = "77") -> None:
    """One report's houses since the monsoon: a total and its two parts, each for a scope."""
    project.source(sid, "2022-07-14", f"""
        - {{metric: houses_damaged, value: "{total}", scope: {total_scope}, window: since monsoon, quote: "{total} houses"}}
        - {{metric: houses_partial, value: "{partial}", scope: {parts_scope}, window: since monsoon, quote: "{partial} partially"}}
        - {{metric: houses_destroyed, value: "{destroyed}", scope: {parts_scope}, window: since monsoon, quote: "{destroyed} destroyed"}}
    """)


def test_parts_in_a_province_that_do_not_add_up_fail(tmp_path):
    # "312 houses, of which 135 partially damaged and 77 destroyed", all three for Sindh: a
    # relation holds within every scope, not only at its metrics' default (Pakistan).
    project = Project(tmp_path, PROVINCES)
    houses(project, "ndma", "Sindh", "312", "Sindh")
    [finding] = project.findings()
    assert (finding["rule"], finding["severity"], finding["scope"]) == ("parts-sum", "error", "Sindh")
    assert finding["details"]["gap"] == 100 and {c["scope"] for c in finding["claims"]} == {"Sindh"}


def test_parts_in_a_province_that_add_up_pass(tmp_path):
    # Twin: 212 = 135 + 77 in Sindh holds, and the relation counts as checked.
    project = Project(tmp_path, PROVINCES)
    houses(project, "ndma", "Sindh", "212", "Sindh")
    document = project.json()
    assert document["findings"] == [] and [n["claim"]["id"] for n in document["not_checked"] if not n["claim"]["derived_from"]] == []
    assert not any(r["relation"] == "houses-by-damage" for r in document["relations_not_checked"])


@pytest.mark.parametrize("total_scope,parts_scope", [("Pakistan", "Sindh"), ("Sindh", "Balochistan")])
def test_parts_and_total_of_different_scopes_are_never_summed(tmp_path, total_scope, parts_scope):
    # Twin: the country's (or another province's) 312 against Sindh's 135 + 77 is no clash;
    # the parts give their province's total (212, and 36.3% destroyed), which only figures of
    # that province, or of a scope it is part of (Sindh's 212 within Pakistan's 312), are held to.
    project = Project(tmp_path, PROVINCES)
    houses(project, "ndma", total_scope, "312", parts_scope)
    document = project.json()
    assert document["findings"] == [] and document["summary"]["derived_claims"] == 2
    assert {c["scope"] for c in derived_claims(project)} == {parts_scope}


def derived_claims(project: Project) -> list[dict]:
    """The claims relations derived, as the not-checked list and the findings name them."""
    document = project.json()
    claims = [n["claim"] for n in document["not_checked"]] + [c for f in document["findings"] for c in f["claims"]]
    return [c for c in claims if c.get("derived_from")]


def test_share_in_a_province_that_does_not_match_fails(tmp_path):
    # Sindh's 77 destroyed of 212 damaged is 36.3%, not the 50% the report gives for Sindh.
    project = Project(tmp_path, PROVINCES)
    project.source("pdma", "2022-07-14", """
        - {metric: houses_damaged, value: "212", scope: Sindh, window: since monsoon, quote: "212 houses"}
        - {metric: houses_destroyed, value: "77", scope: Sindh, window: since monsoon, quote: "77 destroyed"}
        - {metric: destroyed_share, value: 50, scope: Sindh, window: since monsoon, quote: "50% destroyed"}
    """)
    [finding] = project.findings()
    assert (finding["rule"], finding["scope"]) == ("share-consistency", "Sindh")


def test_share_in_a_province_that_matches_passes_and_is_never_set_against_the_country(tmp_path):
    # Twin: 36% holds in Sindh; and Sindh's 36% is never read against the country's houses.
    project = Project(tmp_path, PROVINCES)
    project.source("pdma", "2022-07-14", """
        - {metric: houses_damaged, value: "212", scope: Sindh, window: since monsoon, quote: "212 houses"}
        - {metric: houses_destroyed, value: "77", scope: Sindh, window: since monsoon, quote: "77 destroyed"}
        - {metric: destroyed_share, value: 36, scope: Sindh, window: since monsoon, quote: "36% destroyed"}
        - {metric: houses_damaged, value: "1,000", window: since monsoon, quote: "1,000 houses"}
        - {metric: houses_destroyed, value: "100", window: since monsoon, quote: "100 destroyed"}
    """)
    document = project.json()
    assert document["findings"] == []
    # The country's share is derived from the country's figures alone (10%), Sindh's is stated.
    assert [(c["metric"], c["scope"]) for c in derived_claims(project)] == [("destroyed_share", "Pakistan")]


def test_a_relation_with_a_constant_holds_only_for_the_whole(tmp_path):
    # The country's area is no province's: Sindh's 75,000 km² under water is not 9.4% "of
    # Sindh", so Sindh's 30% is neither compared with it nor derived from it.
    project = Project(tmp_path, PROVINCES)
    project.source("unosat", "2022-08-30", """
        - {metric: flooded_area, value: "75,000", scope: Sindh, window: as of publication, quote: "75,000 km2 in Sindh"}
        - {metric: flooded_share, value: 30, scope: Sindh, window: as of publication, quote: "30% of Sindh"}
    """)
    assert project.findings() == [] and derived_claims(project) == []


def test_a_relation_with_a_constant_still_holds_for_the_whole(tmp_path):
    # Twin: the same figures for the country (its default scope) clash: 75,000 / 796,095 = 9.4%.
    project = Project(tmp_path, PROVINCES)
    project.source("unosat", "2022-08-30", """
        - {metric: flooded_area, value: "75,000", window: as of publication, quote: "75,000 km2"}
        - {metric: flooded_share, value: 30, window: as of publication, quote: "30% of the country"}
    """)
    [finding] = project.findings()
    assert (finding["rule"], finding["scope"]) == ("share-consistency", "Pakistan")


def test_a_part_derived_in_a_province_is_that_provinces_and_checked_there(tmp_path):
    # Sindh's 312 houses less 135 partially damaged derive 177 destroyed in Sindh (by 14 July);
    # a count of 200 destroyed in Sindh by 10 July, inside that window, is more: a contradiction.
    project = Project(tmp_path, PROVINCES)
    project.source("ndma", "2022-07-14", """
        - {metric: houses_damaged, value: "312", scope: Sindh, window: since monsoon, quote: "312 houses"}
        - {metric: houses_partial, value: "135", scope: Sindh, window: since monsoon, quote: "135 partially"}
    """)
    project.source("pdma", "2022-07-10", """
        - {metric: houses_destroyed, value: "200", scope: Sindh, window: since monsoon, quote: "200 destroyed"}
    """)
    [finding] = project.findings()
    assert (finding["rule"], finding["scope"]) == ("cumulative-containment", "Sindh")
    [derived] = [c for c in finding["claims"] if c["derived_from"]]
    assert (derived["metric"], derived["scope"], derived["value"]) == ("houses_destroyed", "Sindh", "177")


def test_a_part_derived_in_a_province_is_not_held_to_another_province(tmp_path):
    # Twin: the 200 destroyed are Balochistan's: no figure of Sindh's is above Sindh's 177.
    project = Project(tmp_path, PROVINCES)
    project.source("ndma", "2022-07-14", """
        - {metric: houses_damaged, value: "312", scope: Sindh, window: since monsoon, quote: "312 houses"}
        - {metric: houses_partial, value: "135", scope: Sindh, window: since monsoon, quote: "135 partially"}
    """)
    project.source("pdma", "2022-07-10", """
        - {metric: houses_destroyed, value: "200", scope: Balochistan, window: since monsoon, quote: "200 destroyed"}
    """)
    assert project.findings() == []


def test_a_total_given_for_its_parts_default_scope_is_summed_with_them(tmp_path):
    # The parts' metrics count one province by default, the total's the country: the court's
    # 230 dead "in the province" beside its 203 identified and 9 unidentified is one scope's
    # breakdown that does not add up (212).
    project = Project(tmp_path, SCOPED_PARTS)
    project.source("court", "2024-11-20", """
        - {metric: identified, value: 203, window: since the storm, quote: "203 identified"}
        - {metric: unidentified, value: 9, window: since the storm, quote: "9 not yet identified"}
        - {metric: deaths, value: 230, scope: one province, window: since the storm, quote: "230 dead in the province"}
    """)
    [finding] = project.findings()
    assert (finding["rule"], finding["scope"]) == ("parts-sum", "one province")


def test_a_total_given_for_its_parts_default_scope_that_adds_up_passes(tmp_path):
    # Twin: 212 = 203 + 9 holds, and the stated total leaves nothing to derive.
    project = Project(tmp_path, SCOPED_PARTS)
    project.source("court", "2024-11-20", """
        - {metric: identified, value: 203, window: since the storm, quote: "203 identified"}
        - {metric: unidentified, value: 9, window: since the storm, quote: "9 not yet identified"}
        - {metric: deaths, value: 212, scope: one province, window: since the storm, quote: "212 dead in the province"}
    """)
    document = project.json()
    assert document["findings"] == [] and document["summary"]["derived_claims"] == 0
