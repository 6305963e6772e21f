"""cumulative-containment: a longer window that contains a shorter one cannot hold fewer."""

from contextlib import contextmanager

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import cumulative_containment as containment
from checker.checks.common import contains, higher_may_end_later, same_window, strictly_below
from checker.claim import FIELDS


def test_later_longer_window_with_higher_figure_passes(project):
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}
    """)
    project.source("b", "2023-05-01", """
        - {metric: deaths, value: 55, window: since end_of_war, quote: "to 55"}
    """)
    assert project.findings("cumulative-containment") == []


def test_containing_window_with_lower_figure_fails(project):
    project.source("early", "2025-06", """
        - {metric: deaths, value: 68, window: since the end of hostilities, quote: "68 fatalities"}
    """)
    project.source("late", "2025-12-09", """
        - {metric: deaths, value: 71, window: between 10 November 2020 and November 2023, quote: "71 were killed"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "error"
    assert [c["source"] for c in finding["claims"]] == ["early", "late"]
    assert "short by at least 3" in finding["message"]
    details = finding["details"]
    assert details["message_kind"] == "containment.lower_than_contained" and details["shortfall"] == 3
    early, late = (c["id"] for c in finding["claims"])
    assert details["outer"]["claim"] == early and details["contained"]["claim"] == late
    assert details["contained"]["window"] == {"start": "2020-11-10", "end": "2023-11", "as_of_publication": False}
    assert details["outer"]["interval"] == {"low": 68, "high": 68, "low_open": False, "high_open": False}
    assert details["same_figure_from"] == []


def test_ranges_meeting_at_an_end_both_leave_out_say_which_side_each_is_on(project):
    # "nearly 4,000" a year on against "more than 4,000": a clash with no gap to print.
    project.source("early", "2023-10-06", """
        - {metric: deaths, value: 4000, qualifier: more_than, window: since 2023-09-10, quote: "more than 4,000"}
    """)
    project.source("late", "2024-09-11", """
        - {metric: deaths, value: 4000, qualifier: nearly, window: since 2023-09-10, quote: "nearly 4,000"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["details"]["shortfall"] == 0
    assert "the first under 4,000 and the second over it" in finding["message"]
    assert "short by" not in finding["message"]
    # One number worded two ways is no proof: likely, and it says what it would take.
    assert finding["severity"] == "warning"
    assert finding["details"]["message_kind"] == "containment.lower_unless_qualifiers_loose"
    assert "only if the qualifiers are read strictly" in finding["message"]


def test_ranges_apart_print_the_gap(project):
    project.source("early", "2023-10-06", """
        - {metric: deaths, value: 4200, qualifier: more_than, window: since 2023-09-10, quote: "more than 4,200"}
    """)
    project.source("late", "2024-09-11", """
        - {metric: deaths, value: 4000, qualifier: nearly, window: since 2023-09-10, quote: "nearly 4,000"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert "short by at least 200" in finding["message"]
    assert finding["severity"] == "error"  # two numbers, not one worded two ways: a proof


def test_decades_cannot_be_below_a_window_they_contain(project):
    project.source("a", "2025-12-01", """
        - {metric: victims, value: 380, window: since 1991, quote: "380 since 1991"}
        - {metric: victims, value: 412, window: between 2020-11 and 2023-11, quote: "412 in three years"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["claims"][0]["value"] == "380"


def test_short_window_cannot_exceed_the_decades_containing_it(project):
    project.source("a", "2025-12-01", """
        - {metric: victims, value: 500, window: "during 2020-10", quote: "500 during the war"}
        - {metric: victims, value: 450, window: since 1991, quote: "450 since 1991"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["claims"][1]["value"] == "500"


def test_windows_that_only_overlap_are_not_compared(project):
    project.source("a", "2025-12-01", """
        - {metric: deaths, value: 90, window: between 2020-01 and 2022-12, quote: "90"}
        - {metric: deaths, value: 10, window: between 2021-01 and 2025-11, quote: "10"}
    """)
    assert project.findings("cumulative-containment") == []


def test_a_month_start_is_not_certainly_inside_a_day_start(project):
    # Principle 2: "November 2020" may begin on 1 November, before the other window's 10
    # November start, so the longer window is not known to contain it. Twin of the test above.
    project.source("early", "2025-06", """
        - {metric: deaths, value: 68, window: since the end of hostilities, quote: "68 fatalities"}
    """)
    project.source("late", "2025-12-09", """
        - {metric: deaths, value: 71, window: between November 2020 and November 2023, quote: "71 were killed"}
    """)
    assert project.findings("cumulative-containment") == []


def test_a_violation_the_reporting_lag_excuses_is_a_warning_that_says_so(project):
    # Published 40 days after the other window ends; the rules allow a 90-day reporting lag.
    (project.rules / "settings.yaml").write_text("settings: {reporting_lag_days: 90}\n", encoding="utf-8")
    project.source("a", "2024-01-09", """
        - {metric: deaths, value: 60, window: since end_of_war, quote: "60"}
    """)
    project.source("b", "2024-01-20", """
        - {metric: deaths, value: 65, window: between 2020-11-10 and 2023-11-30, quote: "65"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "warning"
    assert finding["details"]["age_that_excuses_days"] == 41


def test_a_violation_beyond_the_reporting_lag_is_an_error(project):
    # Twin: with the built-in one-week lag, 40 days cannot be excused.
    project.source("a", "2024-01-09", """
        - {metric: deaths, value: 60, window: since end_of_war, quote: "60"}
    """)
    project.source("b", "2024-01-20", """
        - {metric: deaths, value: 65, window: between 2020-11-10 and 2023-11-30, quote: "65"}
    """)
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "error"


def test_qualifier_interval_decides(project):
    # "more than 60" over a longer window could be 72: no contradiction with 71.
    project.source("a", "2025-06-01", """
        - {metric: deaths, value: 60, qualifier: more_than, window: since end_of_war, quote: "more than 60"}
        - {metric: deaths, value: 71, window: between 2020-11 and 2023-11, quote: "71"}
    """)
    assert project.findings("cumulative-containment") == []


def test_levels_are_not_checked_for_containment(project):
    project.source("a", "2025-06-01", """
        - {metric: stock, value: 5, window: between 2020-11 and 2025-05, quote: "5"}
        - {metric: stock, value: 9, window: between 2021-11 and 2023-11, quote: "9"}
    """)
    assert project.findings("cumulative-containment") == []


def test_dominance_filter_finds_exactly_what_all_pairs_find():
    """The two-phase check (dominance table, then exact pairs for candidates) flags the same
    (outer, inner) pairs as testing every ordered pair, on random windows and figures, including
    groups too large for a table."""
    import numpy as np
    import pandas as pd

    from checker.checks import cumulative_containment as check
    from checker.checks.common import contains, higher_may_end_later, same_window, strictly_below
    from checker.claim import FIELDS

    rng = np.random.default_rng(3)
    for table_limit in (check.TABLE_LIMIT, 1):
        n = 300
        start = 737000 + rng.integers(0, 400, n).astype(float)
        width = rng.choice([0.0, 30.0, 364.0], n)
        end = start + rng.integers(1, 900, n)
        low = rng.integers(0, 500, n).astype(float)
        frame = pd.DataFrame({
            "claim_id": [f"c{i}" for i in range(n)], "metric": rng.choice(["m1", "m2"], n), "scope": "",
            "start_first": start, "start_last": start + width, "end_first": end, "end_last": end + width,
            "end_early": end - rng.choice([0.0, 90.0], n), "low": low, "high": low + rng.choice([0.0, 10.0], n),
            "low_open": rng.random(n) < 0.2, "high_open": rng.random(n) < 0.2,
        })
        old_limit, check.TABLE_LIMIT = check.TABLE_LIMIT, table_limit
        try:
            claims = frame.assign(value=frame["low"], factor=1.0, printed="x", qualifier="exact", unit="u", source_id="s",
                                  published="2020", window_text="a .. b", end_from_publication=False)
            drafts, _ = check.check(claims.reindex(columns=list(FIELDS)), check.Options(31))  # columns not given: NaN
        finally:
            check.TABLE_LIMIT = old_limit
        got = {(d.claim_ids[0], c) for d in drafts if d.evidence == "proof" for c in d.claim_ids[1:]}
        # every ordered pair, tested directly (numpy over the full n x n grid)
        i, j = (x.ravel() for x in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
        A = {c: frame[c].to_numpy()[i] for c in frame.columns}
        B = {c: frame[c].to_numpy()[j] for c in frame.columns}
        hit = (i != j) & (A["metric"] == B["metric"]) & contains(A, B, 31) & ~contains(B, A, 31) & ~same_window(A, B, 31)
        hit &= strictly_below(A["high"], A["high_open"], B["low"], B["low_open"])
        hit &= ~higher_may_end_later(B["end_first"], B["end_last"], A["end_first"], A["end_last"])  # growth explains it
        expected = set(zip(A["claim_id"][hit].tolist(), B["claim_id"][hit].tolist()))
        assert len(expected) > 50  # the random corpus does hold violations
        # the check reports, per low claim, its worst contained claims: every one of them is a real
        # violation, and every low claim with a violation is reported
        assert got <= expected
        assert {o for o, _ in got} == {o for o, _ in expected}


# -- the vectorised check against every pair, on random small corpora --------------------------

GROUPS = [("deaths", ""), ("deaths", "north"), ("injuries", "")]
# Small day numbers and figures, so that equal edges, containment within the tolerance and
# equal figures are common.
window_claims = st.lists(st.fixed_dictionaries({
    "group": st.sampled_from(GROUPS), "start": st.integers(0, 30), "start_span": st.integers(0, 2),
    "length": st.integers(0, 30), "end_span": st.integers(0, 2), "lag": st.integers(0, 3),
    "low": st.integers(0, 12), "spread": st.integers(0, 2), "low_open": st.booleans(), "high_open": st.booleans(),
}), min_size=2, max_size=30)


def claims_table(items: list[dict]) -> pd.DataFrame:
    """A prepared claims table of known starts and no round figures (so two readings: the
    windows as given, and the lower figure as fresh as its publication date)."""
    n = len(items)
    start = 737000.0 + np.array([c["start"] for c in items], float)
    end = start + [c["length"] for c in items]
    low = np.array([c["low"] for c in items], float)
    frame = pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(n)], "metric": [c["group"][0] for c in items], "scope": [c["group"][1] for c in items],
        "start_first": start, "start_last": start + [c["start_span"] for c in items], "end_first": end,
        "end_last": end + [c["end_span"] for c in items], "end_early": end - [c["lag"] for c in items],
        "low": low, "high": low + [c["spread"] for c in items], "low_open": [c["low_open"] for c in items],
        "high_open": [c["high_open"] for c in items], "value": low, "factor": 1.0, "printed": "x", "qualifier": "exact",
        "unit": "u", "source_id": "s", "published": "2020", "window_text": "a .. b", "end_from_publication": False,
    })
    return frame.reindex(columns=list(FIELDS))  # the columns not given are NaN


def every_pair(frame: pd.DataFrame, tolerance: float, fresh: bool) -> tuple[set[tuple[str, str]], set[str]]:
    """(outer, inner) violations and the claims that contain or are contained by another, by
    testing every ordered pair; `fresh`: ends read as fresh as their publication dates (windows
    that are the same only so are compared)."""
    table = frame.assign(end_early=frame["end_first"]) if fresh else frame
    i, j = (x.ravel() for x in np.meshgrid(np.arange(len(table)), np.arange(len(table)), indexing="ij"))
    a = {c: table[c].to_numpy()[i] for c in table.columns}
    b = {c: table[c].to_numpy()[j] for c in table.columns}
    together = (i != j) & (a["metric"] == b["metric"]) & (a["scope"] == b["scope"])
    inside, outside = contains(a, b, tolerance), contains(b, a, tolerance)
    # Windows the same as given are same-window-agreement's, whatever the reading.
    given_a, given_b = ({c: frame[c].to_numpy()[k] for c in frame.columns} for k in (i, j))
    same_as_given = (contains(given_a, given_b, tolerance) & contains(given_b, given_a, tolerance)) | same_window(given_a, given_b, tolerance)
    hit = together & inside & ~same_as_given & strictly_below(a["high"], a["high_open"], b["low"], b["low_open"])
    hit &= ~higher_may_end_later(b["end_first"], b["end_last"], a["end_first"], a["end_last"])  # growth explains it
    linked = set(a["claim_id"][together & (inside | outside)].tolist())
    return set(zip(a["claim_id"][hit].tolist(), b["claim_id"][hit].tolist())), linked


@contextmanager
def table_sizes(table_limit: int, batch_cells: int):
    """The check with other table limits: 1 sweeps every group; small batches mix groups."""
    old = containment.TABLE_LIMIT, containment.BATCH_CELLS
    containment.TABLE_LIMIT, containment.BATCH_CELLS = table_limit, batch_cells
    try:
        yield
    finally:
        containment.TABLE_LIMIT, containment.BATCH_CELLS = old


@settings(max_examples=150, deadline=None)
@given(window_claims, st.integers(0, 3), st.sampled_from([1, 5, 1_000_000]), st.booleans())
def test_the_vectorised_check_finds_what_every_pair_finds(items, tolerance, batch_cells, swept):
    frame = claims_table(items)
    with table_sizes(1 if swept else containment.TABLE_LIMIT, batch_cells):
        drafts, compared_rows = containment.check(frame, containment.Options(tolerance))
    compared = set(frame["claim_id"].to_numpy()[compared_rows])
    proof, linked = every_pair(frame, tolerance, fresh=False)
    fresh, linked_fresh = every_pair(frame, tolerance, fresh=True)
    shown = {(d.claim_ids[0], inner) for d in drafts for inner in d.claim_ids[1:]}
    proven = {(d.claim_ids[0], inner) for d in drafts if d.evidence == "proof" for inner in d.claim_ids[1:]}
    # Each low claim is reported with the claims it is below, worst first (a long list is cut
    # and counted): every pair shown is a violation, and every low claim is shown.
    assert proven <= proof and {outer for outer, _ in proven} == {outer for outer, _ in proof}
    assert shown <= proof | fresh and {outer for outer, _ in shown} == {outer for outer, _ in proof | fresh}
    if swept:  # a group swept rather than tabled counts each of its claims as compared
        assert compared >= linked | linked_fresh
    else:
        assert compared == linked | linked_fresh


def consistent_claims(items: list[dict]) -> list[dict]:
    """The claims with exact figures that never fall below a window they contain: each counts
    the days its window certainly covers, and no reporting lag."""
    return [{**c, "lag": 0, "low": c["length"] - c["start_span"], "spread": 0, "low_open": False, "high_open": False} for c in items]


@settings(max_examples=60, deadline=None)
@given(window_claims)
def test_figures_that_grow_with_their_windows_are_not_flagged(items):
    frame = claims_table(consistent_claims(items))
    drafts, _ = containment.check(frame, containment.Options(0))
    assert drafts == [] and every_pair(frame, 0, fresh=False)[0] == set()


@settings(max_examples=60, deadline=None)
@given(window_claims)
def test_a_window_around_them_all_with_a_lower_figure_is_flagged(items):
    # Twin of the test above: one claim over a window containing every other, below them all.
    items = consistent_claims(items)
    first, last = min(c["start"] for c in items), max(c["start"] + c["length"] + c["end_span"] for c in items)
    around = {**items[0], "start": first - 10, "start_span": 0, "length": last - first + 20, "end_span": 0, "low": -10}
    frame = claims_table([*items, around])
    drafts, _ = containment.check(frame, containment.Options(0))
    flagged = {d.claim_ids[0] for d in drafts}
    assert flagged == {f"c{len(items)}"}
    assert {(d.claim_ids[0], inner) for d in drafts for inner in d.claim_ids[1:]} <= every_pair(frame, 0, fresh=False)[0]


def test_figures_ranked_anew_for_a_few_claims_are_the_figures_ranked_from_scratch():
    """The as-printed reading re-ranks only the round figures it reads differently: the ranks
    and figures must be exactly what ranking every claim again gives (missing figures too)."""
    from checker.checks.cumulative_containment import _figures, _refigured

    rng = np.random.default_rng(1)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        low = rng.integers(0, 10, n).astype(float)
        low[rng.random(n) < 0.1] = np.nan
        given = {"low": low, "low_open": rng.random(n) < 0.3}
        printed = low.copy()
        moved = rng.random(n) < 0.3
        printed[moved] = rng.integers(0, 12, int(moved.sum()))
        as_printed = {"low": printed, "low_open": given["low_open"]}
        rank, figures = _refigured(*_figures(given), as_printed)
        expected_rank, expected_figures = _figures(as_printed)
        assert np.array_equal(rank, expected_rank) and np.array_equal(figures, expected_figures)
