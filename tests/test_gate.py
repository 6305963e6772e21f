"""checker gate: a verdict per figure of a draft, against the bundled corpus."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checker.cli import main
from checker.gate import run_gate
from checker.rules import load_rules
from support import FIXTURES, REPO

DRAFT = FIXTURES / "gate" / "draft-new-article.md"
CORRECTED = FIXTURES / "gate" / "draft-new-article-corrected.md"
CORPUS = ["--claims", str(REPO / "claims"), "--rules", str(REPO / "rules")]


def gate(runner, *args: str, stdin: str | None = None):
    result = runner.invoke(main, ["gate", *args, *CORPUS], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def gate_json(runner, *args: str, stdin: str | None = None) -> tuple[int, dict]:
    code, out, err = gate(runner, *args, "--format", "json", stdin=stdin)
    assert code in (0, 1), err
    return code, json.loads(out)


def conflicts(document: dict) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, metric, rules) of every figure in conflict."""
    out = []
    for draft in document["drafts"]:
        rules = {f["fingerprint"]: f["rule"] for f in draft["findings"]}
        for figure in draft["figures"]:
            if figure["verdict"] == "conflict":
                out.append((figure["line"], figure["metric"], tuple(sorted(rules[fp] for fp in figure["findings"]))))
    return out


def test_draft_with_an_outdated_and_a_lower_cumulative_figure_fails_on_exactly_those_two(runner):
    code, document = gate_json(runner, str(DRAFT))
    assert code == 1
    assert conflicts(document) == [(11, "area_cleared", ("cumulative-containment",)), (15, "mine_victims", ("stale-figure",))]
    assert all(f["verdict"] != "conflict" for f in document["drafts"][0]["figures"] if f["line"] not in (11, 15))


def test_the_same_draft_corrected_passes(runner):
    code, document = gate_json(runner, str(CORRECTED))
    assert code == 0
    assert conflicts(document) == []
    lines = {f["line"]: f["verdict"] for f in document["drafts"][0]["figures"]}
    assert lines[11] == "consistent" and lines[15] == "consistent"


def test_a_consistent_figure_cites_its_comparable_claims_and_why(runner):
    _, document = gate_json(runner, str(CORRECTED))
    victims = next(f for f in document["drafts"][0]["figures"] if f["line"] == 15)
    assert {s["claim"]["source"] for s in victims["support"]} >= {"report-2025-12-09", "aa-2025-12-04"}
    assert {s["relation"] for s in victims["support"]} == {"contains"}


def test_a_conflict_cites_the_clashing_claim_window_and_gap(runner):
    _, document = gate_json(runner, str(DRAFT))
    finding = next(f for f in document["drafts"][0]["findings"] if f["rule"] == "cumulative-containment")
    assert finding["severity"] == "error"
    assert finding["details"]["shortfall"] == 227  # 2,100 printed stands for up to 2,200: rounded, or cut
    sources = [c["source"] for c in finding["claims"]]
    assert sources == ["draft-new-article", "report-2025-12-09"]
    assert finding["claims"][0]["file"] == str(DRAFT) and finding["claims"][0]["line"] == 11


def test_a_draft_the_rules_cannot_resolve_passes_with_every_figure_not_understood(runner, tmp_path):
    draft = tmp_path / "bakery.md"
    draft.write_text("The bakery sold 350 loaves and 12 cakes on Tuesday, up from 290 loaves a week before.\n", encoding="utf-8")
    code, document = gate_json(runner, str(draft), "--published", "2026-01-10")
    assert code == 0
    figures = document["drafts"][0]["figures"]
    assert len(figures) >= 3
    assert {f["verdict"] for f in figures} == {"not understood"}
    assert {f["reason"] for f in figures} == {"metric"}


def test_a_new_figure_says_what_the_corpus_holds(runner):
    _, document = gate_json(runner, str(DRAFT))
    spending = next(f for f in document["drafts"][0]["figures"] if f["metric"] == "demining_spending")
    assert spending["verdict"] == "new"
    assert spending["holdings"]["claims"] == 2 and spending["holdings"]["sources"] == 2


def test_figures_below_the_confidence_threshold_are_never_conflicts(runner):
    code, document = gate_json(runner, str(DRAFT), "--min-confidence", "0.99")
    assert code == 0
    assert {f["verdict"] for f in document["drafts"][0]["figures"]} == {"not understood"}
    assert {f["reason"] for f in document["drafts"][0]["figures"]} == {"confidence"}


def test_two_figures_of_one_sentence_read_as_one_metric_and_window_are_not_understood(runner, tmp_path):
    draft = tmp_path / "clash.md"
    draft.write_text("---\ndate: 2026-05-15\n---\nBetween November 2020 and November 2023, mine explosions killed 71 people and injured 341.\n", encoding="utf-8")
    _, document = gate_json(runner, str(draft))
    figures = document["drafts"][0]["figures"]
    same = [f for f in figures if f["metric"] == figures[0]["metric"]]
    if len(same) == 2:  # the extractor read both as one metric: neither may become a conflict
        assert {f["reason"] for f in same} == {"ambiguous"}
    assert all(f["verdict"] != "conflict" for f in figures)


def test_a_hard_wrapped_paragraph_is_read_as_one_sentence(runner):
    _, document = gate_json(runner, str(DRAFT))
    aid = next(f for f in document["drafts"][0]["figures"] if f["value"] == "23.9 million")
    assert aid["metric"] == "demining_foreign_aid"
    assert aid["line"] == 17 and aid["column"] == 63


def test_inline_accept_on_the_line_before_accepts_the_figure(runner, tmp_path):
    text = DRAFT.read_text(encoding="utf-8").replace(
        "Since the end of hostilities, demining teams",
        '<!-- checker: accept area_cleared reason="the 2,100 km2 figure is our own survey" -->\nSince the end of hostilities, demining teams',
    )
    draft = tmp_path / "accepted.md"
    draft.write_text(text, encoding="utf-8")
    code, document = gate_json(runner, str(draft))
    assert code == 0
    area = next(f for f in document["drafts"][0]["figures"] if f["metric"] == "area_cleared")
    assert area["verdict"] == "conflict" and area["accepted"] == "inline: the 2,100 km2 figure is our own survey"
    code, out, _ = gate(runner, str(draft), "--format", "markdown")
    assert "conflict (accepted)" in out


def test_inline_accept_on_the_same_line_and_an_unused_one(runner, tmp_path):
    text = DRAFT.read_text(encoding="utf-8").replace(
        "cleared 2,100 km² of land.", 'cleared 2,100 km² of land. <!-- checker: accept area cleared reason="survey" -->'
    ) + '\n<!-- checker: accept mine_deaths reason="nothing here" -->\n'
    draft = tmp_path / "same-line.md"
    draft.write_text(text, encoding="utf-8")
    code, document = gate_json(runner, str(draft))
    assert code == 0
    assert [a["metric"] for a in document["drafts"][0]["unused_accepts"]] == ["mine_deaths"]


def test_without_the_accept_the_figure_fails(runner, tmp_path):
    text = DRAFT.read_text(encoding="utf-8").replace("Since the end", '<!-- checker: accept mine_victims reason="other metric" -->\nSince the end')
    draft = tmp_path / "wrong-metric.md"
    draft.write_text(text, encoding="utf-8")
    code, _ = gate_json(runner, str(draft))
    assert code == 1


@pytest.mark.parametrize(
    "comment, message",
    [
        ('<!-- checker: accept area_cleard reason="x" -->', "unknown metric 'area_cleard'"),
        ('<!-- checker: accept area_cleared reason="" -->', "an accept needs a reason"),
        ("<!-- checker: ignore area_cleared -->", "not an accept comment"),
    ],
)
def test_bad_inline_accepts_are_input_errors(runner, tmp_path, comment, message):
    draft = tmp_path / "bad.md"
    draft.write_text(f"---\ndate: 2026-05-15\n---\n{comment}\nSince the end of hostilities, 2,100 km² have been cleared.\n", encoding="utf-8")
    code, out, err = gate(runner, str(draft))
    assert code == 2 and out == ""
    assert f"{draft}:4: checker comment: {message}" in err


def test_accepted_findings_in_the_rules_apply(runner, tmp_path):
    _, document = gate_json(runner, str(DRAFT))
    fingerprint = next(f["fingerprint"] for f in document["drafts"][0]["findings"] if f["rule"] == "cumulative-containment")
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in (REPO / "rules").glob("*.yaml"):
        (rules / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (rules / "accepted.yaml").write_text(
        (REPO / "rules" / "accepted.yaml").read_text(encoding="utf-8") + f"  - fingerprint: {fingerprint}\n    reason: reviewed\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["gate", str(DRAFT), "--claims", str(REPO / "claims"), "--rules", str(rules), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    area = next(f for f in json.loads(result.stdout)["drafts"][0]["figures"] if f["metric"] == "area_cleared")
    assert area["accepted"] == "reviewed"


def test_fail_on_warning_counts_the_outdated_figure(runner):
    result = runner.invoke(main, ["gate", str(DRAFT), *CORPUS, "--ignore", "cumulative-containment"])
    assert result.exit_code == 0
    result = runner.invoke(main, ["gate", str(DRAFT), *CORPUS, "--ignore", "cumulative-containment", "--fail-on", "warning"])
    assert result.exit_code == 1


def test_select_and_ignore_take_check_ids(runner):
    code, document = gate_json(runner, str(DRAFT), "--select", "stale-figure,same-window-agreement")
    assert code == 0
    assert [c[2] for c in conflicts(document)] == [("stale-figure",)]
    code, out, err = gate(runner, str(DRAFT), "--ignore", "stale-figur")
    assert code == 2 and "--ignore: unknown check 'stale-figur' (did you mean 'stale-figure'?)" in err


def test_the_draft_comes_from_standard_input(runner):
    code, document = gate_json(runner, "-", stdin=DRAFT.read_text(encoding="utf-8"))
    assert code == 1
    assert document["drafts"][0]["path"] == "-" and document["drafts"][0]["source_id"] == "stdin"
    assert len(conflicts(document)) == 2


def test_publication_date_from_option_front_matter_or_today(tmp_path):
    rules = load_rules([REPO / "rules"])
    plain = tmp_path / "plain.txt"
    plain.write_text("Since the end of hostilities, 2,100 km² have been cleared.\n", encoding="utf-8")
    today = dt.date(2026, 7, 1)
    result = run_gate([str(plain), str(DRAFT)], [REPO / "claims"], rules, today=today)
    assert [(g.draft.published.iso(), g.draft.published_basis) for g in result.drafts] == [("2026-07-01", "today"), ("2026-05-15", "front matter")]
    result = run_gate([str(DRAFT)], [REPO / "claims"], rules, published="2026-06", today=today)
    assert (result.drafts[0].draft.published.iso(), result.drafts[0].draft.published_basis) == ("2026-06", "option")


def test_a_draft_without_a_date_says_today_was_used(runner, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("Since the end of hostilities, 2,100 km² have been cleared.\n", encoding="utf-8")
    code, out, _ = gate(runner, str(plain), "--format", "markdown")
    assert "today's date was used" in out


def test_reports_lead_with_the_verdict_table(runner):
    _, out, _ = gate(runner, str(DRAFT), "--format", "markdown")
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[2].startswith("## ") and lines[3].startswith("| # | Figure | Verdict | Against what |")
    assert out.index("### Conflicts") > out.index("| # | Figure")
    _, out, _ = gate(runner, str(DRAFT), "--no-color")
    assert out.index("line:col") < out.index("error cumulative-containment")


def test_gate_reports_are_deterministic(runner):
    first = gate(runner, str(DRAFT), str(CORRECTED), "--format", "json")
    second = gate(runner, str(DRAFT), str(CORRECTED), "--format", "json")
    assert first == second
    assert gate(runner, str(DRAFT), "--format", "markdown") == gate(runner, str(DRAFT), "--format", "markdown")


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.md"], "missing.md: cannot read file"),
        (["--published", "2026-13-01", str(DRAFT)], "--published: "),
    ],
)
def test_bad_drafts_are_one_line_errors(runner, args, message):
    code, out, err = gate(runner, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"text\x00with a NUL", "binary file"),
        (b"---\ndate: [2026\n---\nSince the end of hostilities, 2,100 km2.\n", "front matter: not valid YAML"),
        (b"---\ndate: someday\n---\nSince the end of hostilities, 2,100 km2.\n", "front matter: date"),
    ],
)
def test_unreadable_drafts_are_one_line_errors(runner, tmp_path, content, message):
    draft = tmp_path / "bad.md"
    draft.write_bytes(content)
    code, out, err = gate(runner, str(draft))
    assert code == 2 and out == "" and "Traceback" not in err
    assert message in err and str(draft) in err


def test_a_folder_is_not_a_draft(runner, tmp_path):
    code, _, err = gate(runner, str(tmp_path))
    assert code == 2 and f"{tmp_path}: is a folder" in err


def test_a_draft_named_like_a_corpus_source_gets_its_own_id(runner, tmp_path):
    draft = tmp_path / "report-2025-12-09.md"
    draft.write_text(CORRECTED.read_text(encoding="utf-8"), encoding="utf-8")
    code, document = gate_json(runner, str(draft))
    assert code == 0 and document["drafts"][0]["source_id"] == "report-2025-12-09-draft"


def test_front_matter_and_comments_are_not_figures(runner, tmp_path):
    draft = tmp_path / "matter.md"
    draft.write_text("---\ndate: 2026-05-15\nwords: 1200\n---\n<!-- 99 notes -->\nSince the end of hostilities, 2,427 km² have been cleared.\n", encoding="utf-8")
    _, document = gate_json(runner, str(draft))
    assert [f["value"] for f in document["drafts"][0]["figures"]] == ["2,427"]
    assert document["drafts"][0]["figures"][0]["line"] == 6
