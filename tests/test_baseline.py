"""Accepted findings and baselines: reported, not failing the gate; stale entries listed."""


from checker.cli import main

CLAIMS = """
- {metric: deaths, value: 68, window: since end_of_war, quote: "68 fatalities"}
- {metric: deaths, value: 71, window: between 2020-11-10 and 2023-11, quote: "71 killed"}
"""


def test_baseline_accepts_current_findings_and_gate_passes(project, runner):
    project.source("a", "2025-06-01", CLAIMS)
    assert project.run().exit_code == 1
    result = runner.invoke(main, ["baseline", str(project.claims), "--rules", str(project.rules), "--reason", "reviewed"])
    assert result.exit_code == 0, result.stderr
    assert "1 findings accepted" in result.stderr
    assert (project.rules / "accepted.yaml").exists()
    assert project.run().exit_code == 0
    document = project.json()
    assert document["summary"]["accepted"] == 1
    assert document["findings"][0]["accepted"] == "reviewed"


def test_baseline_refuses_to_overwrite_without_force(project, runner):
    project.source("a", "2025-06-01", CLAIMS)
    target = project.rules / "accepted.yaml"
    target.write_text("accepted: []\n", encoding="utf-8")
    args = ["baseline", str(project.claims), "--rules", str(project.rules)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and "pass --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "accepted: []\n"
    assert runner.invoke(main, args + ["--force"]).exit_code == 0
    assert "fingerprint" in target.read_text(encoding="utf-8")


def test_new_findings_still_fail_after_a_baseline(project, runner):
    project.source("a", "2025-06-01", CLAIMS)
    runner.invoke(main, ["baseline", str(project.claims), "--rules", str(project.rules)])
    project.source("b", "2025-07-01", '- {metric: victims, value: 10, window: since end_of_war, quote: "10"}\n- {metric: victims, value: 20, window: between 2021-01 and 2023-01, quote: "20"}')
    assert project.run().exit_code == 1


def test_fingerprint_survives_unrelated_edits(project):
    path = project.source("a", "2025-06-01", CLAIMS)
    before = project.json()["findings"][0]["fingerprint"]
    text = path.read_text(encoding="utf-8").replace("claims:\n", "claims:\n  - {metric: area, value: 5, window: since end_of_war, quote: \"5 km2\"}\n")
    path.write_text(text, encoding="utf-8")
    after = project.json()["findings"]
    assert [f["fingerprint"] for f in after] == [before]
    assert after[0]["claims"][0]["line"] != 0


def test_stale_acceptances_are_listed(project):
    project.source("a", "2025-06-01", '- {metric: deaths, value: 68, window: since end_of_war, quote: "68"}')
    (project.rules / "accepted.yaml").write_text("accepted:\n  - {fingerprint: 0123456789abcdef, reason: old}\n", encoding="utf-8")
    document = project.json()
    assert document["stale_accepted"] == [{"fingerprint": "0123456789abcdef", "reason": "old"}]


def test_accepted_entry_needs_a_reason(project):
    project.source("a", "2025-06-01", '- {metric: deaths, value: 68, window: since end_of_war, quote: "68"}')
    path = project.rules / "accepted.yaml"
    path.write_text("accepted:\n  - {fingerprint: 0123456789abcdef}\n", encoding="utf-8")
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:2: accepted[0].reason: missing required field (say why the finding is accepted)"


def test_unchecked_claims_are_listed_with_reasons(project):
    project.source("a", "2025-06-01", '- {metric: deaths, value: 68, window: since end_of_war, quote: "68"}\n- {metric: stock, value: 3, window: as of 2025-01-01, quote: "3"}\n- {metric: stock, value: 4, window: as of 2024-01-01, quote: "4"}')
    reasons = {(n["claim"]["metric"], n["claim"]["value"]): n["reason"] for n in project.json()["not_checked"]}
    assert reasons[("deaths", "68")] == "the only figure of its metric and scope"
    assert reasons[("stock", "3")] == "no other claim of its metric and scope has a comparable window"


# 68 is below 71 and below 75: two clashes of the 68, shown as one finding (checker/restatements.py).
BELOW_TWO = CLAIMS + '- {metric: deaths, value: 75, window: between 2020-11-10 and 2023-12, quote: "75 killed"}\n'


def _pair_fingerprints(project) -> list[str]:
    """The fingerprints of each clash as its own finding (as a baseline before merging wrote them)."""
    from checker.corpus import load_corpus
    from checker.engine import run_audit
    from checker.rules import load_rules

    rules = load_rules([project.rules])
    corpus = load_corpus([project.claims], rules)
    return sorted(f.fingerprint for f in run_audit(corpus, rules, apart=frozenset({"a#1"})).findings)


def _accept(project, fingerprints: list[str]) -> None:
    entries = "".join(f"  - {{fingerprint: {fp}, reason: reviewed}}\n" for fp in fingerprints)
    (project.rules / "accepted.yaml").write_text("accepted:\n" + entries, encoding="utf-8")


def test_entries_accepting_each_clash_accept_the_finding_of_both(project):
    project.source("a", "2025-06-01", BELOW_TWO)
    pairs = _pair_fingerprints(project)
    assert len(pairs) == 2 and len(project.findings()) == 1
    _accept(project, pairs)
    document = project.json()
    assert [f["accepted"] for f in document["findings"]] == ["reviewed"]
    assert document["stale_accepted"] == [] and project.run().exit_code == 0


def test_an_entry_accepting_one_clash_leaves_the_other_open(project):
    project.source("a", "2025-06-01", BELOW_TWO)
    _accept(project, _pair_fingerprints(project)[:1])
    found = project.findings()
    assert sorted(str(f["accepted"]) for f in found) == ["None", "reviewed"]
    assert all("also" not in f["details"] for f in found) and project.run().exit_code == 1


def test_a_baseline_of_the_finding_of_both_accepts_it(project, runner):
    project.source("a", "2025-06-01", BELOW_TWO)
    result = runner.invoke(main, ["baseline", str(project.claims), "--rules", str(project.rules), "--reason", "reviewed"])
    assert result.exit_code == 0 and "1 findings accepted" in result.stderr
    assert project.run().exit_code == 0
