"""rate-jump and estimate-disagreement on a budget and an epidemic."""

from support import BASE_RULES


def test_sudden_jump_in_daily_rate_is_flagged(project):
    project.source("a", "2021-11-01", '- {metric: victims, value: "1,000", window: between 2020-11-01 and 2021-10-31, quote: "1,000"}')
    project.source("b", "2023-11-01", '- {metric: victims, value: "2,500", window: between 2020-11-01 and 2023-10-31, quote: "2,500"}')
    project.source("c", "2024-05-01", '- {metric: victims, value: "9,000", window: between 2020-11-01 and 2024-04-30, quote: "9,000"}')
    [finding] = project.findings("rate-jump")
    assert finding["severity"] == "warning"
    assert [c["value"] for c in finding["claims"]] == ["2,500", "9,000"]
    details = finding["details"]
    assert details["message_kind"] == "rate_jump.jump" and details["rate"] > 8 * details["usual"]
    assert [details["from"]["claim"], details["to"]["claim"]] == [c["id"] for c in finding["claims"]]


def test_steady_series_is_not_flagged(project):
    project.source("a", "2021-11-01", '- {metric: victims, value: 33, window: since end_of_war, quote: "33"}')
    project.source("b", "2023-05-01", '- {metric: victims, value: 55, window: since end_of_war, quote: "55"}')
    project.source("c", "2025-06-01", '- {metric: victims, value: 68, window: since end_of_war, quote: "68"}')
    assert project.findings() == []


def _found_in_steps(project, values):
    for published, value in values:
        project.source(f"s{published}", published, f"- {{metric: victims, value: '{value}', window: since 2020-01-01, quote: '{value}'}}")
    return project.findings("rate-jump")


def test_a_count_found_in_two_big_steps_is_no_sudden_jump(project):
    # 500, then 100 million, about 190 million, 192.7 million: two steps of a review, each
    # far above the slow last period, but neither far above the other.
    steps = [("2020-07-01", "500"), ("2020-10-01", "100 million"), ("2021-01-01", "190 million"), ("2021-07-01", "192.7 million")]
    assert _found_in_steps(project, steps) == []


def test_one_big_step_among_slow_periods_is_a_jump(project):
    # The twin: 500, then 100 million, then only a million more each period.
    steps = [("2020-07-01", "500"), ("2020-10-01", "100 million"), ("2021-01-01", "101 million"), ("2021-07-01", "102 million")]
    [finding] = _found_in_steps(project, steps)
    assert [c["value"] for c in finding["claims"]] == ["500", "100 million"]


def test_factor_is_an_option(project):
    from support import write

    write(project.rules / "rules.yaml", BASE_RULES + "checks:\n  rate-jump: {factor: 50}\n")
    project.source("a", "2021-11-01", '- {metric: victims, value: "1,000", window: between 2020-11-01 and 2021-10-31, quote: "1,000"}')
    project.source("b", "2023-11-01", '- {metric: victims, value: "2,500", window: between 2020-11-01 and 2023-10-31, quote: "2,500"}')
    project.source("c", "2024-05-01", '- {metric: victims, value: "9,000", window: between 2020-11-01 and 2024-04-30, quote: "9,000"}')
    assert project.findings("rate-jump") == []


def test_estimates_that_do_not_overlap_are_reported_as_info(project):
    project.source("agency", "2021-11-02", '- {metric: forecast, value: "10-13", qualifier: about, window: as of publication, attributed_to: Agency, quote: "about 10-13 years"}')
    project.source("minister", "2023-05-01", '- {metric: forecast, value: 30, qualifier: nearly, window: as of 2022-10, attributed_to: Minister, quote: "nearly 30 years"}')
    [finding] = project.findings()
    assert finding["rule"] == "estimate-disagreement" and finding["severity"] == "info"
    assert "Agency" in finding["message"] and "Minister" in finding["message"]
    assert finding["details"]["message_kind"] == "estimate.no_overlap"
    first, second = finding["details"]["figures"]
    assert first["window"]["as_of_publication"] and second["window"] == {"start": None, "end": "2022-10", "as_of_publication": False}
    assert project.run().exit_code == 0  # info does not fail the default gate
    assert project.run("--fail-on", "info").exit_code == 1


def test_overlapping_estimates_agree(project):
    project.source("a", "2021-11-02", '- {metric: forecast, value: "5-6", window: as of publication, quote: "5-6 years"}')
    project.source("b", "2022-11-02", '- {metric: forecast, value: 6, qualifier: about, window: as of publication, quote: "about 6 years"}')
    assert project.findings() == []
