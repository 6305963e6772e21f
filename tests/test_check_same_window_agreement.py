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
        - {metric: deaths, value: 64, window: between November 2020 and November 2023, quote: "64 killed"}
    """)
    [finding] = project.findings("same-window-agreement")
    assert finding["severity"] == "error"
    assert finding["details"]["gap"] == 7
    assert finding["details"]["message_kind"] == "same_window.disagree"
    b_claim = next(c["id"] for c in finding["claims"] if c["source"] == "b")
    assert finding["details"]["lower"] == b_claim  # 64 is the lower figure
    assert {f["claim"] for f in finding["details"]["figures"]} == {c["id"] for c in finding["claims"]}


def test_a_month_and_a_day_in_it_are_different_window_edges(project):
    # Principle 2: "2019-03" spans the month; "2019-03-03" is one day of it. Twin of the test above.
    project.source("a", "2025-12-04", """
        - {metric: deaths, value: 71, window: between 2019-03 and 2019-06, quote: "71 killed"}
    """)
    project.source("b", "2025-12-09", """
        - {metric: deaths, value: 64, window: between 2019-03-03 and 2019-04-30, quote: "64 killed"}
    """)
    assert project.findings("same-window-agreement") == []


RUNNING = """
    - {{metric: deaths, value: "{first}", window: since 2025-03-01, attributed_to: {who_a}, quote: "{first} dead"}}
"""


def _same_day(project, first: str, second: str, who_a: str = "Ministry", who_b: str = "Red Cross") -> list[dict]:
    # Three days into an event, two outlets give the running toll on the same day.
    project.source("a", "2025-03-03", RUNNING.format(first=first, who_a=who_a))
    project.source("b", "2025-03-03", RUNNING.format(first=second, who_a=who_b))
    project.source("c", "2025-03-02", RUNNING.format(first="900", who_a="Agency"))
    return project.findings("same-window-agreement")


def test_same_day_updates_of_a_running_count_are_not_a_contradiction(project):
    # Principle 4: 1,200 and 1,350 on one day, when the toll grows by hundreds a day.
    assert _same_day(project, "1,200", "1,350") == []


def test_same_day_figures_beyond_the_daily_rate_are_a_warning(project):
    # Twin: 1,200 against 11,300 would need ten thousand deaths in a day.
    [finding] = _same_day(project, "1,200", "11,300")
    assert finding["severity"] == "warning"
    assert finding["details"]["days_of_growth"] > 1
    assert finding["details"]["message_kind"] == "same_window.disagree_unless_updates_within_a_day"


def test_one_speaker_giving_two_figures_for_one_instant_is_an_error(project):
    # Twin: the same body gives both figures, so no update explains them.
    [finding] = _same_day(project, "1,200", "1,350", who_a="Ministry", who_b="Ministry")
    assert finding["severity"] == "error"


def _one_article(project, who_a: str, who_b: str, second: str = "1,500") -> list[dict]:
    # One article gives two running tolls for the same day, "as of" its publication.
    project.source("a", "2025-03-03", RUNNING.format(first="1,200", who_a=who_a) + RUNNING.format(first=second, who_a=who_b))
    project.source("c", "2025-03-02", RUNNING.format(first="900", who_a="Agency"))
    return project.findings("same-window-agreement")


def test_one_article_quoting_two_speakers_may_quote_an_earlier_update_of_one(project):
    # The minister's toll and the UN's in one article: either may be an update hours old.
    assert _one_article(project, "Ministry", "United Nations") == []
    # Beyond what the count grows in a day: likely, not a proof.
    [finding] = _one_article(project, "Ministry", "United Nations", "11,300")
    assert finding["severity"] == "warning"


def test_one_article_giving_two_figures_unattributed_is_one_statement(project):
    # Twin: with no second speaker, the article itself says both for one moment: an error.
    [finding] = _one_article(project, "null", "null")
    assert finding["severity"] == "error"


def test_a_thousands_slip_is_named(project):
    project.source("a", "2025-12-04", """
        - {metric: deaths, value: "4,200", window: between 2019-03 and 2019-06, quote: "4,200 killed"}
    """)
    project.source("b", "2025-12-09", """
        - {metric: deaths, value: "4.2", window: between 2019-03 and 2019-06, quote: "4.2 killed"}
    """)
    [finding] = project.findings("same-window-agreement")
    assert finding["details"]["likely_slip_factor"] == 1000


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


DATED = """
    - {{metric: deaths, value: "{figure}", window: between 2025-03-01 and 2025-03-03, attributed_to: {who}, quote: "{figure} dead"}}
"""


def _same_day_dated(project, first_printed: str) -> list[dict]:
    # A toll for 1-3 March written with its end date, from two outlets: the first printed on
    # `first_printed`, the second (higher) the next day; a third shows the toll's daily growth.
    project.source("a", first_printed, DATED.format(figure="1,200", who="Ministry"))
    project.source("b", "2025-03-04", DATED.format(figure="1,350", who="Red Cross"))
    project.source("c", "2025-03-02", RUNNING.format(first="900", who_a="Agency"))
    return project.findings("same-window-agreement")


def test_a_period_ending_on_its_publication_day_is_a_running_count(project):
    # "Between 1 and 3 March" printed on 3 March is "since 1 March": a same-day update, as above.
    assert _same_day_dated(project, "2025-03-03") == []


def test_a_period_closed_before_both_publications_is_one_fixed_figure(project):
    # Twin: printed on 5 March, both figures describe a period already over: they must agree.
    [finding] = _same_day_dated(project, "2025-03-05")
    assert finding["severity"] == "error"


def _article_figures(project, figures: list[str], mark: str = ", scope_basis: inferred") -> list[dict]:
    rows = "\n".join(f'- {{metric: deaths, value: "{v}", window: during 2022-07{mark}, quote: "{v} killed"}}' for v in figures)
    project.source("a", "2022-08-03", rows)
    return project.findings("same-window-agreement")


def test_one_article_s_list_of_figures_of_no_stated_scope_is_not_set_against_itself(project):
    # "7", "16" and "51" killed in July: a list by places the sentences left unnamed.
    assert _article_figures(project, ["7", "16", "51"]) == []


def test_one_article_s_two_figures_of_no_stated_scope_are_still_compared(project):
    # Twin: a headline's 1,213 against the body's 1,251 is the article contradicting itself.
    [finding] = _article_figures(project, ["1,213", "1,251"])
    assert finding["severity"] == "error"


def test_one_article_s_list_with_stated_scopes_is_compared(project):
    # Twin: a reviewer stated the scopes (the metric's own): three tolls for one month clash.
    assert len(_article_figures(project, ["7", "16", "51"], mark="")) == 3


def test_two_articles_figures_of_no_stated_scope_are_still_compared(project):
    # Twin: across sources the list rule does not apply.
    _article_figures(project, ["7", "16", "51"])
    project.source("b", "2022-08-04", '- {metric: deaths, value: "200", window: during 2022-07, scope_basis: inferred, quote: "200 killed"}')
    assert len(project.findings("same-window-agreement")) >= 1
