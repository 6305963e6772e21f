"""outdated-lower-bound: a lower bound printed after a clearly higher figure was already public.

The case folders (tests/checks/outdated-lower-bound/) hold the flag / look-alike twins; these
tests pin the facts, the readings, the listing and the search against a pair-by-pair reference."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from checker.checks import outdated_lower_bound
from checker.corpus import load_corpus
from checker.engine import prepare
from checker.rules import load_rules
from support import BASE_RULES, member_claims, source_doc, write

RULE = "outdated-lower-bound"


def test_the_finding_says_what_was_known_and_when(project):
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 645, window: since end_of_war, quote: "645"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    [finding] = project.findings(RULE)
    details = finding["details"]
    assert finding["severity"] == "warning"
    assert details["message_kind"] == "outdated_lower_bound.behind"  # 19 days: beyond the 7-day lag
    assert (details["bound"]["claim"], details["earlier"]["claim"]) == ("paper#1", "agency#1")
    assert details["days_before"] == 19 and details["times_the_bound"] == pytest.approx(1.43)
    assert "fits_at_scale" not in details and "unit may have slipped" not in finding["message"]  # 1.43 times: an old figure


def test_a_bound_a_thousand_times_behind_is_read_as_a_possible_unit_slip(project):
    # twin of the test above: "more than 9.3 million" after 7.7 billion fits as 9.3 billion
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 7.7 billion, window: since end_of_war, quote: "7.7 billion"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 9.3 million, qualifier: more_than, window: since end_of_war, quote: "more than 9.3 million"}
    """)
    [finding] = project.findings(RULE)
    assert finding["details"]["fits_at_scale"] == 1000
    assert "Read 1,000 times larger it would not be behind" in finding["message"]


def test_within_the_reporting_lag_the_finding_says_what_would_excuse_it(project):
    project.source("agency", "2025-12-17", """
        - {metric: victims, value: 645, window: since end_of_war, quote: "645"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    [finding] = project.findings(RULE)
    assert finding["details"]["message_kind"] == "outdated_lower_bound.behind_unless_compiled_earlier"
    assert finding["details"]["reporting_lag_days"] == 7 and finding["details"]["days_before"] == 3


def test_an_error_severity_is_lowered_to_a_warning(project):
    write(project.rules / "rules.yaml", BASE_RULES + "checks:\n  outdated-lower-bound: {severity: error}\n")
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 645, window: since end_of_war, quote: "645"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: more_than, window: since end_of_war, quote: "more than 450"}
    """)
    assert [f["severity"] for f in project.findings(RULE)] == ["warning"]  # true, only behind: never a proof


def test_one_finding_per_earlier_source_and_window(project):
    # One source's 645 and "more than 600" for one window are one count: the bound is set
    # against the higher. Its 550 for an earlier window is another count, and a finding of its own.
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 645, window: since end_of_war, quote: "645"}
        - {metric: victims, value: 600, qualifier: more_than, window: since end_of_war, quote: "more than 600"}
        - {metric: victims, value: 550, window: between 2020-11-10 and 2025-11-28, quote: "550"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    # Both set the bound against a figure, so they are shown as one finding (details.also).
    assert project.pairs(RULE) == [("agency#1", "paper#1"), ("agency#3", "paper#1")]
    assert len(project.findings(RULE)) == 1


@pytest.mark.parametrize("flipped", [False, True])
def test_equally_high_figures_of_one_source_are_all_listed_whatever_their_order(project, flipped):
    # "3,400" read as rounded (from 3,350) and "more than 3,350" are equally high at their
    # lowest: neither is chosen by the claims' order.
    figures = ['{metric: victims, value: "3,400", window: since end_of_war, quote: "a"}',
               '{metric: victims, value: "3,350", qualifier: more_than, window: since end_of_war, quote: "b"}']
    project.source("agency", "2025-12-01", "\n".join(f"- {f}" for f in (figures[::-1] if flipped else figures)))
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 1000, qualifier: at_least, window: since end_of_war, quote: "at least 1,000"}
    """)
    cited = sorted(c["quote"] for f in project.findings(RULE) for c in f["claims"] if c["source"] == "agency")
    assert cited == ["a", "b"]


def test_of_one_source_and_window_the_highest_figure_nothing_disputes_is_used(project):
    # The source's own 3,350 disputes its 3,400 read as exact; the 3,350 still shows the bound behind.
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: "3,400", window: since end_of_war, quote: "a"}
        - {metric: victims, value: "3,350", window: since end_of_war, quote: "b"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 1000, qualifier: at_least, window: since end_of_war, quote: "at least 1,000"}
    """)
    assert [sorted(c["quote"] for c in f["claims"]) for f in project.findings(RULE)] == [["at least 1,000", "b"]]


def test_a_bound_the_same_figure_restates_is_not_behind(project):
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 450, qualifier: more_than, window: since end_of_war, quote: "more than 450"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    assert project.findings(RULE) == []


def test_findings_past_the_limit_are_counted(project):
    write(project.rules / "rules.yaml", BASE_RULES + "settings:\n  max_findings: 2\n")
    for day in range(1, 6):
        project.source(f"agency{day}", f"2025-12-0{day}", f"""
            - {{metric: victims, value: {600 + day}, window: since end_of_war, quote: "{600 + day}"}}
        """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    found = project.findings(RULE)
    assert len([pair for f in found if f["claims"] for pair in member_claims(f)]) == 2
    assert [f["details"]["not_listed"] for f in found if not f["claims"]] == [3]


@pytest.mark.parametrize(("value", "problem"), [
    ("0.5", "checks.outdated-lower-bound.min_ratio: expected 1 to 1,000,000"),
    ("x", "checks.outdated-lower-bound.min_ratio: expected a number"),
])
def test_a_bad_min_ratio_is_an_input_error(project, value, problem):
    write(project.rules / "rules.yaml", BASE_RULES + f"checks:\n  outdated-lower-bound: {{min_ratio: {value}}}\n")
    result = project.run()
    assert result.exit_code == 2 and problem in result.stderr


# -- the search against a pair-by-pair reference -----------------------------------------

WINDOWS = ("since the_quake", "since 2023-02-07", "since 2023-02", "between 2023-02-06 and 2023-02-{day:02d}", "during 2023-02")
QUALIFIERS = ("exact", "exact", "at_least", "more_than", "about", "nearly")


def _random_corpus(folder, seed: int, tolerance: int):
    rng = np.random.default_rng(seed)
    write(folder / "rules" / "rules.yaml", f"""
        settings: {{date_tolerance_days: {tolerance}, reporting_lag_days: 3}}
        metrics:
          - {{id: deaths, label: Deaths, kind: cumulative, unit: people}}
        named_dates:
          - {{id: the_quake, date: 2023-02-06}}
    """)
    for k in range(40):
        published = dt.date(2023, 2, 28) + dt.timedelta(days=int(rng.integers(0, 30)))  # after every closed window
        lines = []
        for _ in range(int(rng.integers(1, 6))):
            window = WINDOWS[int(rng.integers(len(WINDOWS)))].format(day=int(rng.integers(7, 28)))
            scope = ", scope: north" if rng.random() < 0.2 else ""
            qualifier = QUALIFIERS[int(rng.integers(len(QUALIFIERS)))]
            # A count growing by about 60 a day, a little noisy; bounds are often far below it.
            noise = rng.uniform(0.3, 1.0) if qualifier in ("at_least", "more_than") else rng.uniform(0.9, 1.1)
            value = int((published.toordinal() - 738_550) * 60 * noise)
            lines.append(f'- {{metric: deaths, value: "{value:,}", qualifier: {qualifier}, '
                         f'window: "{window}"{scope}, quote: "x"}}')
        write(folder / "claims" / f"s{k}.yaml", source_doc(f"s{k}", published.isoformat(), "\n".join(lines)))
    rules = load_rules([folder / "rules"])
    return prepare(load_corpus([folder / "claims"], rules).claims, rules)


def _reference(frame, ratio: float, tolerance: float, lead: float) -> set[tuple[int, int]]:
    """Every (bound, earlier figure) pair, tried one pair at a time."""
    rows = frame.to_dict("records")
    strong = np.fmax(frame["low"], frame["exact_low"]).to_numpy()
    weak = np.fmin(frame["low"], frame["exact_low"]).to_numpy()
    high = np.fmin(frame["high"], frame["exact_high"]).to_numpy()
    pairs = set()
    for i, b in enumerate(rows):
        if np.isnan(b["start_first"]) or b["derived_from"] or not (np.isposinf(b["high"]) and strong[i] > 0):
            continue
        best: dict[tuple, list[int]] = {}
        public = []  # figures of the bound's count public by its day
        for j, e in enumerate(rows):
            if np.isnan(e["start_first"]) or e["derived_from"] or (e["metric"], e["scope"]) != (b["metric"], b["scope"]):
                continue
            same_start = abs(e["start_first"] - b["start_first"]) <= tolerance and abs(e["start_last"] - b["start_last"]) <= tolerance
            if same_start and e["published_last"] <= b["published_last"]:
                public.append(j)
            if (same_start and e["source_id"] != b["source_id"] and e["published_last"] <= b["published_first"] - lead
                    and e["end_last"] <= b["end_first"] + tolerance and weak[j] >= ratio * strong[i] and weak[j] > strong[i]):
                best.setdefault((e["source_id"], e["end_first"], e["end_last"]), []).append(j)
        disputed = {j for group in best.values() for j in group for c in public if rows[c]["end_last"] >= rows[j]["end_first"] and high[c] < strong[j]}
        standing = [[j for j in group if j not in disputed] for group in best.values()]
        pairs |= {(i, j) for group in standing for j in group if weak[j] == max(weak[k] for k in group)}
    return pairs


@pytest.mark.parametrize(("seed", "tolerance"), [(1, 0), (2, 0), (3, 1), (4, 2), (5, 3)])
def test_the_search_finds_exactly_the_pairs_a_pair_by_pair_reference_finds(tmp_path, seed, tolerance):
    frame = _random_corpus(tmp_path, seed, tolerance)
    options = outdated_lower_bound.Options(min_ratio=1.2, date_tolerance_days=tolerance, max_findings=0)
    drafts, compared = outdated_lower_bound.check(frame, options)
    ids = frame["claim_id"].tolist()
    found = {(ids.index(d.claim_ids[0]), ids.index(d.claim_ids[1])) for d in drafts}
    expected = _reference(frame, 1.2, tolerance, tolerance + 1)
    assert found == expected and len(drafts) == len(found)
    assert len(expected) > 0  # the random corpus has outdated bounds to find
    assert set(np.flatnonzero(compared)) == {k for pair in found for k in pair}


def test_a_figure_whose_disputes_lie_beyond_the_span_searched_is_not_used(project, monkeypatch):
    # Searched in full, nothing disputes 645 or 700. With a span of one figure the search sees
    # only the latest published by the bound's day (the bound itself): neither can be cleared,
    # so neither shows the bound outdated (precision before recall).
    project.source("agency", "2025-12-01", """
        - {metric: victims, value: 645, window: since end_of_war, quote: "645"}
    """)
    project.source("wire", "2025-12-10", """
        - {metric: victims, value: 700, window: since end_of_war, quote: "700"}
    """)
    project.source("paper", "2025-12-20", """
        - {metric: victims, value: 450, qualifier: at_least, window: since end_of_war, quote: "at least 450"}
    """)
    assert len(project.pairs(RULE)) == 2
    monkeypatch.setattr(outdated_lower_bound, "DISPUTE_SPAN", 1)
    assert project.findings(RULE) == []
