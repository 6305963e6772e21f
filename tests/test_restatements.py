"""One finding per clash (checker/restatements.py): findings that set the same figures against
each other merge, listing every restating claim, only where the conclusion is the same for each."""

from __future__ import annotations

import pytest

from checker.corpus import load_corpus
from checker.engine import run_audit
from checker.rules import load_rules
from support import BASE_RULES, SUBSET_RULES, Project


@pytest.fixture
def project(tmp_path):
    return Project(tmp_path, SUBSET_RULES)


def _town(project: Project, sid: str, published: str, value: str = "11,300") -> None:
    project.source(sid, published, f"- {{metric: deaths, value: '{value}', scope: the town, window: since 2023-09-10, quote: '{value} in the town'}}")


def _region(project: Project, sid: str, published: str, value: str = "3,958") -> None:
    project.source(sid, published, f"- {{metric: deaths, value: '{value}', scope: the region, window: since 2023-09-10, quote: '{value} in the region'}}")


def _claims(finding: dict) -> set[str]:
    return {c["id"] for c in finding["claims"]}


def test_a_figure_restated_in_three_sources_is_one_finding_naming_each(project):
    for sid, published in (("radio", "2023-09-14"), ("wire", "2023-09-16"), ("daily", "2023-09-19")):
        _town(project, sid, published)
    _region(project, "office", "2023-09-30")
    [finding] = project.findings("scope-subset")
    assert finding["severity"] == "error"
    assert _claims(finding) == {"radio#1", "wire#1", "daily#1", "office#1"}
    [restated] = finding["details"]["restated"]
    assert restated["of"]["claim"] == "radio#1"  # the earliest statement speaks for the clash
    assert [x["claim"] for x in restated["by"]] == ["wire#1", "daily#1"]
    assert finding["details"]["restated_by"] == ["daily", "wire"]
    assert "wire" in finding["message"] and "daily" in finding["message"]


def test_two_different_figures_against_one_are_one_finding_stating_each_clash(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16", "11,400")
    _region(project, "office", "2023-09-30")
    [finding] = project.findings("scope-subset")
    assert _claims(finding) == {"office#1", "radio#1", "wire#1"}
    assert finding["details"]["shared"]["claim"] == "office#1"
    [other] = finding["details"]["also"]
    assert sorted(other["claims"]) == ["office#1", "wire#1"] and other["details"]["part"]["claim"] == "wire#1"
    assert "restated" not in finding["details"]
    assert project.pairs("scope-subset") == [("office#1", "radio#1"), ("office#1", "wire#1")]
    # The message states both clashes (each part's figure against the region's) and names the
    # shared figure twice: in the first proof and as the subject of the list, not once per clash.
    message = finding["message"]
    assert "11,300" in message and "11,400" in message and message.count("3,958 people") == 2


def test_an_error_and_a_warning_against_one_figure_stay_two_findings(project):
    # The twin above with the wire's town figure as of the region's own publication day: it
    # clashes only if the region's figure was as of that day (a warning), and a warning never
    # merges with the radio's proof.
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-30", "11,400")
    _region(project, "office", "2023-09-30")
    found = project.findings("scope-subset")
    assert sorted(f["severity"] for f in found) == ["error", "warning"]
    assert all("also" not in f["details"] for f in found)


def test_three_disagreeing_figures_share_no_side(project):
    # same-window-agreement compares a pair either way round: 64 against 71 and 77 does not
    # make 64 the odd one out (71 and 77 disagree too), so each pair stays a finding.
    for sid, value in (("a", 64), ("b", 71), ("c", 77)):
        project.source(sid, "2025-12-04", f"- {{metric: deaths, value: {value}, window: between 2019-03 and 2019-06, quote: '{value}'}}")
    found = project.findings("same-window-agreement")
    assert len(found) == 3 and all("also" not in f["details"] for f in found)


def test_a_figure_below_two_others_in_a_draft_kept_apart_stays_two_findings(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16", "11,400")
    _region(project, "office", "2023-09-30")
    rules = load_rules([project.rules])
    corpus = load_corpus([project.claims], rules)
    kept = run_audit(corpus, rules, apart=frozenset({"office#1"})).findings
    merged = run_audit(corpus, rules).findings
    assert (len(kept), len(merged)) == (2, 1)


def test_both_sides_restated_is_one_finding_when_every_pair_clashes(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-15")
    _region(project, "office", "2023-09-30")
    _region(project, "agency", "2023-10-01")
    [finding] = project.findings("scope-subset")
    assert _claims(finding) == {"radio#1", "wire#1", "office#1", "agency#1"}
    assert finding["details"]["restatements"] == 3
    assert {r["of"]["claim"] for r in finding["details"]["restated"]} == {"radio#1", "office#1"}


def test_a_restatement_is_never_listed_beside_a_claim_it_was_not_compared_with(project):
    # The region's 3,958 of 25 September contains only the town's window to 14 September (with
    # the week's reporting lag); its restatement of 2 October contains both town windows.
    _town(project, "radio", "2023-09-14")
    _town(project, "daily", "2023-09-24")
    _region(project, "office", "2023-10-09")
    _region(project, "agency", "2023-09-25")
    errors = [f for f in project.findings("scope-subset") if f["severity"] == "error"]
    assert not any({"daily#1", "agency#1"} <= _claims(f) for f in errors)
    assert set().union(*map(_claims, errors)) == {"radio#1", "daily#1", "office#1", "agency#1"}


def test_a_contained_figure_restated_with_other_windows_is_one_containment_finding(project):
    project.source("early", "2023-10-06", "- {metric: deaths, value: 4000, qualifier: more_than, window: since 2023-09-10, quote: 'more than 4,000'}")
    project.source("late", "2024-07-29", "- {metric: deaths, value: 4000, qualifier: more_than, window: since 2023-09-10, quote: 'over 4,000'}")
    project.source("year", "2024-09-11", "- {metric: deaths, value: 4000, qualifier: nearly, window: since 2023-09-10, quote: 'nearly 4,000'}")
    [finding] = project.findings("cumulative-containment")
    assert _claims(finding) == {"early#1", "late#1", "year#1"}


def _accept(project: Project, fingerprints: list[str], reason: str = "reviewed") -> None:
    entries = "".join(f"  - {{fingerprint: {fp}, reason: {reason}}}\n" for fp in fingerprints)
    (project.rules / "accepted.yaml").write_text("accepted:\n" + entries, encoding="utf-8")


def _pair_fingerprints(project: Project) -> list[str]:
    """The fingerprints each restating pair had as a finding of its own: with one town claim at
    a time."""
    town = sorted(project.claims.glob("radio.yaml")) + sorted(project.claims.glob("wire.yaml"))
    texts = {path: path.read_text(encoding="utf-8") for path in town}
    fingerprints = []
    for path in town:
        for other in town:
            if other != path:
                other.unlink()
        [finding] = project.findings("scope-subset")
        fingerprints.append(finding["fingerprint"])
        for other, text in texts.items():
            other.write_text(text, encoding="utf-8")
    return fingerprints


def test_entries_that_accepted_each_restating_pair_accept_the_clash(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16")
    _region(project, "office", "2023-09-30")
    _accept(project, _pair_fingerprints(project))
    document = project.json()
    [finding] = [f for f in document["findings"] if f["rule"] == "scope-subset"]
    assert finding["accepted"] == "reviewed" and len(finding["claims"]) == 3
    assert document["stale_accepted"] == []


def test_a_restatement_nobody_accepted_stays_open(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16")
    _region(project, "office", "2023-09-30")
    _accept(project, _pair_fingerprints(project)[:1])
    found = project.findings("scope-subset")
    assert sorted(f["accepted"] or "" for f in found) == ["", "reviewed"]
    assert all(len(f["claims"]) == 2 for f in found)


def test_the_merged_finding_own_fingerprint_accepts_it(project):
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16")
    _region(project, "office", "2023-09-30")
    [finding] = project.findings("scope-subset")
    _accept(project, [finding["fingerprint"]])
    document = project.json()
    assert [f["accepted"] for f in document["findings"]] == ["reviewed"] and document["stale_accepted"] == []


def test_findings_of_claims_kept_apart_stay_pairs(project):
    # The gate keeps a draft's figures apart, so each gets a verdict from its own findings.
    from checker.engine import run_audit
    from checker.corpus import load_corpus
    from checker.rules import load_rules

    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-16")
    _region(project, "office", "2023-09-30")
    rules = load_rules([project.rules])
    corpus = load_corpus([project.claims], rules)
    [merged] = [f for f in run_audit(corpus, rules).findings if f.rule == "scope-subset"]
    apart = [f for f in run_audit(corpus, rules, apart=frozenset({"wire#1"})).findings if f.rule == "scope-subset"]
    assert len(merged.claims) == 3
    assert sorted({c.claim_id for c in f.claims} == {"wire#1", "office#1"} for f in apart) == [False, True]


def _estimates(tmp_path, second_speaker: str) -> list[dict]:
    project = Project(tmp_path, BASE_RULES + "checks:\n  estimate-disagreement: {severity: info}\n")
    project.source("agency", "2021-11-02", "- {metric: forecast, value: 10-13, qualifier: range, window: as of publication, attributed_to: ANAMA, quote: '10-13 years'}")
    project.source("paper", "2021-12-01", f"- {{metric: forecast, value: 10-13, qualifier: range, window: as of publication, attributed_to: {second_speaker}, quote: '10-13 years again'}}")
    project.source("speech", "2022-05-01", "- {metric: forecast, value: 30, qualifier: nearly, window: as of publication, attributed_to: the president, quote: 'nearly 30 years'}")
    return project.findings("estimate-disagreement")


def test_one_estimate_restated_by_the_same_body_is_one_finding(tmp_path):
    [finding] = _estimates(tmp_path, "ANAMA")
    assert len(finding["claims"]) == 3


def test_restatements_on_different_evidence_stay_apart_even_at_one_severity(tmp_path):
    # Against the president's own earlier 10-13 years, nearly 30 years is the president
    # contradicting himself (likely); against the agency's, two bodies differing (a hint).
    found = _estimates(tmp_path, "the president")
    assert [f["severity"] for f in found] == ["info", "info"] and all(len(f["claims"]) == 2 for f in found)


def test_a_restated_figure_and_another_against_one_are_one_finding(project):
    # 11,300 (radio, restated by the wire) and 11,400 (daily) each exceed the region's 3,958.
    _town(project, "radio", "2023-09-14")
    _town(project, "wire", "2023-09-15")
    _town(project, "daily", "2023-09-16", "11,400")
    _region(project, "office", "2023-09-30")
    [finding] = project.findings("scope-subset")
    assert finding["details"]["shared"]["claim"] == "office#1"
    assert [r["of"]["claim"] for r in finding["details"]["restated"]] == ["radio#1"]
    assert project.pairs("scope-subset") == [("daily#1", "office#1"), ("office#1", "radio#1", "wire#1")]
