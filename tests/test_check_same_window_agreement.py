"""same-window-agreement: figures for the same window must overlap as intervals."""


def test_converted_units_that_agree_pass(project):
    project.source("a", "2021-11-02", """
        - {metric: area, value: "6,000", qualifier: almost, unit: hectare, window: since end_of_war, quote: "almost 6,000 hectares"}
        - {metric: area, value: "14,800", unit: acres, window: since end_of_war, quote: "14,800 acres"}
    """)
    assert project.findings() == []


def test_different_figures_for_the_same_window_fail(project):
    project.source("a", "2025-12-04", """
        - {metric: deaths, value: 71, window: between 2020-11 and 2023-11, quote: "71 killed"}
    """)
    project.source("b", "2025-12-09", """
        - {metric: deaths, value: 64, window: between 2020-11-01 and 2023-11-30, quote: "64 killed"}
    """)
    [finding] = project.findings("same-window-agreement")
    assert finding["severity"] == "error"
    assert "at least 7 apart" in finding["message"]


def test_about_widens_enough_to_agree(project):
    project.source("a", "2025-12-04", """
        - {metric: stock, value: "1,000", qualifier: about, window: as of 2025-11-30, quote: "about 1,000"}
        - {metric: stock, value: "1,040", window: as of 2025-11-30, quote: "1,040"}
    """)
    assert project.findings() == []


def test_levels_at_different_dates_are_not_compared(project):
    project.source("a", "2025-12-04", """
        - {metric: stock, value: 10, window: as of 2023-01-01, quote: "10"}
        - {metric: stock, value: 50, window: as of 2025-11-30, quote: "50"}
    """)
    assert project.findings() == []


def test_scopes_are_compared_separately(project):
    project.source("a", "2025-12-04", """
        - {metric: deaths, value: 71, scope: civilians, window: between 2020-11 and 2023-11, quote: "71"}
        - {metric: deaths, value: 90, scope: all, window: between 2020-11 and 2023-11, quote: "90"}
    """)
    assert project.findings() == []
