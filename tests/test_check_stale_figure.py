"""stale-figure: an identical cumulative figure for windows ending far apart."""

from support import BASE_RULES, write

NAMED = BASE_RULES + "checks:\n  stale-figure: {severity: warning}\n"


def named_by_the_rules(project, options: str = "") -> None:
    """The check runs only where the rules name it: these rules do."""
    write(project.rules / "rules.yaml", NAMED.replace("{severity: warning}", "{severity: warning" + options + "}"))


def repeated_two_years_later(project) -> None:
    """412 victims for a window ending November 2023, and the same 412 "during the ceasefire" in December 2025."""
    project.source("a", "2025-12-09", """
        - {metric: victims, value: 412, window: between 2020-11 and 2023-11, quote: "412 victims"}
    """)
    project.source("b", "2025-12-04", """
        - {metric: victims, value: 412, window: since end_of_war, quote: "412 during the ceasefire"}
    """)


def test_same_figure_two_years_later_is_flagged(project):
    named_by_the_rules(project)
    repeated_two_years_later(project)
    [finding] = project.findings("stale-figure")
    assert finding["severity"] == "warning"
    assert [c["source"] for c in finding["claims"]] == ["a", "b"]
    assert finding["details"]["days"] >= 600
    assert finding["details"]["message_kind"] == "stale.repeated_unchanged"
    assert [finding["details"][role]["claim"] for role in ("earlier", "later")] == [c["id"] for c in finding["claims"]]


def test_a_repeat_is_not_flagged_where_the_rules_do_not_name_the_check(project):
    # twin of the test above: whether the count was still running is the rules' to say
    repeated_two_years_later(project)
    assert project.findings("stale-figure") == []


def test_same_figure_days_apart_is_not_stale(project):
    named_by_the_rules(project)
    project.source("a", "2025-12-09", """
        - {metric: victims, value: 464, window: since end_of_war, quote: "464"}
    """)
    project.source("b", "2025-12-04", """
        - {metric: victims, value: 464, window: since end_of_war, quote: "464"}
    """)
    assert project.findings() == []


def test_min_gap_is_an_option(project):
    named_by_the_rules(project, ", min_gap_days: 1000")
    project.source("a", "2025-12-09", """
        - {metric: victims, value: 412, window: between 2020-11 and 2023-11, quote: "412"}
        - {metric: victims, value: 412, window: since end_of_war, quote: "412"}
    """)
    assert project.findings("stale-figure") == []


def test_per_metric_override_can_turn_a_check_off(project):
    rules = NAMED.replace("  - id: victims\n    label: Victims\n", "  - id: victims\n    label: Victims\n    checks: {stale-figure: {severity: off}}\n")
    write(project.rules / "rules.yaml", rules)
    project.source("a", "2025-12-09", """
        - {metric: victims, value: 412, window: between 2020-11 and 2023-11, quote: "412"}
        - {metric: victims, value: 412, window: since end_of_war, quote: "412"}
    """)
    assert project.findings("stale-figure") == []


def test_a_figure_copied_into_many_claims_is_one_finding_listing_each_copy(project):
    # Three copies of one figure and window (compared once internally), then the same figure
    # two years on: one finding (principle 7) that lists every copy, none left "not checked".
    named_by_the_rules(project)
    for sid in ("a", "b", "c"):
        project.source(sid, "2021-11-02", """
            - {metric: victims, value: 412, window: since end_of_war, quote: "412"}
        """)
    project.source("d", "2023-11-02", """
        - {metric: victims, value: 412, window: since end_of_war, quote: "412"}
    """)
    result = project.json()
    found = [f for f in result["findings"] if f["rule"] == "stale-figure"]
    [finding] = found
    assert sorted(c["source"] for c in finding["claims"]) == ["a", "b", "c", "d"]
    assert finding["details"]["days"] >= 700 and finding["details"]["restatements"] == 2
    assert result["not_checked"] == []


def test_named_without_a_severity_runs_at_its_default(project):
    write(project.rules / "rules.yaml", BASE_RULES + "checks:\n  stale-figure: {min_gap_days: 30}\n")
    repeated_two_years_later(project)
    [finding] = project.findings("stale-figure")
    assert finding["severity"] == "warning"
