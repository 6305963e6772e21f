"""A figure whose sentence names no scope (`scope_basis: inferred`, as `checker extract` drafts
it) may be a part's figure: where the rules declare parts, it proves only that its metric's scope
counts at least as many (engine.widen_unstated_scopes). Uncertainty never makes two figures
comparable, and a figure that proves a clash under every reading still does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.rules import load_rules
from support import BASE_RULES, Project, rules_from_text

WITH_PARTS = BASE_RULES + """
scopes:
  - name: the country
  - name: the town
    part_of: [the country]
"""


def _toll(project: Project, sid: str, published: str, value: str, basis: str = "") -> None:
    # The later figure's window is closed, so no reporting lag excuses it: a clash is an error.
    extra = f", scope_basis: {basis}" if basis else ""
    window = "since 2023-09-01" if published < "2023-09-08" else "between 2023-09-01 and 2023-09-08"
    project.source(sid, published, f"- {{metric: deaths, value: '{value}', window: {window}, quote: '{value} died'{extra}}}")


@pytest.fixture
def parts(tmp_path):
    return Project(tmp_path, WITH_PARTS)


def test_a_later_lower_figure_naming_no_scope_is_no_proof(parts):
    _toll(parts, "early", "2023-09-05", "217")
    _toll(parts, "late", "2023-09-10", "212", "inferred")  # perhaps the town's dead
    assert parts.findings("cumulative-containment") == []


def test_the_same_figure_with_its_scope_stated_is_an_error(parts):
    _toll(parts, "early", "2023-09-05", "217")
    _toll(parts, "late", "2023-09-10", "212")
    [finding] = parts.findings("cumulative-containment")
    assert finding["severity"] == "error"


def test_without_parts_in_the_rules_an_unstated_scope_is_the_metrics_own(tmp_path):
    project = Project(tmp_path, BASE_RULES)
    _toll(project, "early", "2023-09-05", "217")
    _toll(project, "late", "2023-09-10", "212", "inferred")
    [finding] = project.findings("cumulative-containment")
    assert finding["severity"] == "error"


def test_an_earlier_higher_figure_naming_no_scope_still_proves_the_later_too_low(parts):
    # 300 of a part means at least 300 in the whole: 212 since the same day cannot hold.
    _toll(parts, "early", "2023-09-05", "300", "inferred")
    _toll(parts, "late", "2023-09-10", "212")
    [finding] = parts.findings("cumulative-containment")
    assert finding["severity"] == "error"


def test_a_lower_bound_naming_no_scope_is_not_outdated(parts):
    _toll(parts, "early", "2023-09-02", "217")
    parts.source("late", "2023-09-10", "- {metric: deaths, value: '70', qualifier: more_than, window: since 2023-09-01, quote: 'more than 70 died', scope_basis: inferred}")
    assert parts.findings("outdated-lower-bound") == []


def test_the_same_lower_bound_with_its_scope_stated_is_outdated(parts):
    _toll(parts, "early", "2023-09-02", "217")
    parts.source("late", "2023-09-10", "- {metric: deaths, value: '70', qualifier: more_than, window: since 2023-09-01, quote: 'more than 70 died'}")
    [finding] = parts.findings("outdated-lower-bound")
    assert finding["severity"] == "warning"


def test_a_bad_scope_basis_is_one_error_naming_file_line_and_field(parts):
    _toll(parts, "late", "2023-09-10", "212", "guessed")
    result = parts.run("--format", "json")
    assert result.exit_code == 2
    assert "late.yaml:" in result.stderr and "scope_basis" in result.stderr and "stated" in result.stderr


def test_a_flat_file_reads_scope_basis_as_yaml_does(tmp_path: Path):
    from checker.corpus import load_corpus

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(WITH_PARTS, encoding="utf-8")
    (tmp_path / "claims.csv").write_text("source_id,source_title,publisher,published,metric,value,window,quote,scope_basis,id\n"
                                         "s1,T,P,2024-06-01,deaths,7,since 2020,seven,inferred,a\ns1,T,P,2024-06-01,deaths,8,since 2021,eight,,b\n", encoding="utf-8")
    (tmp_path / "yaml").mkdir()
    (tmp_path / "yaml" / "s1.yaml").write_text("source: {id: s1, title: T, publisher: P, published: 2024-06-01}\nclaims:\n"
                                               "  - {id: a, metric: deaths, value: 7, window: since 2020, quote: seven, scope_basis: inferred}\n"
                                               "  - {id: b, metric: deaths, value: 8, window: since 2021, quote: eight}\n", encoding="utf-8")
    rules = load_rules([tmp_path / "rules"])
    from_csv = load_corpus([tmp_path / "claims.csv"], rules).claims.drop(columns=["file", "line"]).reset_index(drop=True)
    from_yaml = load_corpus([tmp_path / "yaml"], rules).claims.drop(columns=["file", "line"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(from_csv, from_yaml)
    assert dict(zip(from_csv["claim_id"], from_csv["scope_basis"])) == {"a": "inferred", "b": "stated"}


EXTRACT_RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, scope: the country, aliases: [died, deaths]}
scopes:
  - name: the country
  - {name: Valley Province, aliases: [the valley], part_of: [the country]}
"""


def _drafts(text: str, tmp_path: Path) -> dict[str, dict]:
    claims = extract_text(text, published=parse_date("2020-06-01"), rules=rules_from_text(EXTRACT_RULES, tmp_path), source_id="s")
    return {c["value"]: c for c in claims}


def test_extract_marks_a_figure_whose_sentence_names_no_scope(tmp_path):
    draft = _drafts("Officials said 40 people died on Tuesday.", tmp_path)["40"]
    assert draft.get("scope_basis") == "inferred" and "scope" not in draft


def test_extract_leaves_a_figure_whose_sentence_names_its_scope_stated(tmp_path):
    draft = _drafts("In Valley Province, 40 people died on Tuesday.", tmp_path)["40"]
    assert draft.get("scope") == "Valley Province" and "scope_basis" not in draft


BREAKDOWN_RULES = EXTRACT_RULES + """  - {name: Hill Town, part_of: [Valley Province, the country]}
"""


def _breakdown_drafts(text: str, tmp_path: Path) -> dict[str, dict]:
    claims = extract_text(text, published=parse_date("2020-06-01"), rules=rules_from_text(BREAKDOWN_RULES, tmp_path), source_id="s")
    return {c["value"]: c for c in claims}


@pytest.mark.parametrize("text", ["Officials said 140 people died in the storm, 120 in Valley Province alone.", "Officials said 140 people died in the storm, the vast majority in the valley.", "There are 140 confirmed deaths, with 120 victims from the valley, officials said."])
def test_a_figure_broken_down_by_a_place_right_under_the_metrics_scope_is_the_whole(text, tmp_path):
    draft = _breakdown_drafts(text, tmp_path)["140"]
    assert "scope_basis" not in draft and "scope" not in draft


@pytest.mark.parametrize("text", ["Officials said 140 people died in the storm, and rescuers searched Valley Province.", "Officials said 140 people died in the storm, 120 in Hill Town alone."])
def test_a_figure_beside_a_place_that_does_not_break_it_down_or_lies_deeper_stays_marked(text, tmp_path):
    draft = _breakdown_drafts(text, tmp_path)["140"]
    assert draft.get("scope_basis") == "inferred" and "scope" not in draft


EVENT_RULES = """
metrics:
  - {id: deaths, label: Deaths, kind: cumulative, unit: people, aliases: [killed, lives]}
named_dates:
  - {id: collapse, date: 2020-05-02, label: "Collapse of the Riverside bridge, Dorset county"}
"""


def _event_drafts(text: str, tmp_path: Path) -> dict[str, dict]:
    claims = extract_text(text, published=parse_date("2020-06-01"), rules=rules_from_text(EVENT_RULES, tmp_path), source_id="s")
    return {c["value"]: c for c in claims}


def test_the_place_the_rules_event_happened_is_no_narrower_scope(tmp_path):
    draft = _event_drafts("The collapse claimed 31 lives in Dorset county's Riverside.", tmp_path)["31"]
    assert "scope" not in draft


def test_a_place_the_event_label_does_not_name_stays_the_figures_scope(tmp_path):
    # twin: another place, written the same way
    draft = _event_drafts("The collapse claimed 31 lives in Hampton county's Millbrook.", tmp_path)["31"]
    assert draft.get("scope")
