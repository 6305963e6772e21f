"""A metric's `default_window`: the period its figures cover when their text names none."""

from __future__ import annotations

from checker.dates import parse_date
from checker.extract.pipeline import extract_text
from checker.extract.windows import NamedDateMatcher, find_windows
from checker.rules import load_rules
from support import BASE_RULES, Project, write

RULES = BASE_RULES + """
  - id: war_start
    date: 2020-09-27
  - id: first_ceasefire
    date: 1994-05-12
    aliases: [ceasefire in 1994, the 1994 ceasefire]
"""
WAR_DEATHS = """
  - id: war_deaths
    label: People killed in the war
    kind: cumulative
    unit: people
    default_window: between war_start and end_of_war
    aliases: [killed in the war]
"""


def project_with(tmp_path) -> Project:
    project = Project(tmp_path, RULES)
    write(project.rules / "war.yaml", "metrics:\n" + WAR_DEATHS.strip("\n") + "\n")
    return project


def test_claims_without_a_window_take_the_metrics_default(tmp_path):
    project = project_with(tmp_path)
    # Both figures cover the war (27 Sep to 10 Nov 2020): 3,000 and 5,000 cannot both hold.
    project.source("a", "2021-06-01", '- {metric: war_deaths, value: "3,000", quote: "3,000 were killed in the war"}')
    project.source("b", "2023-06-01", '- {metric: war_deaths, value: "5,000", window: between 2020-09-27 and 2020-11-10, quote: "5,000"}')
    found = project.findings("same-window-agreement")
    assert len(found) == 1
    windows = {(c["value"], c["window_start"], c["window_end"]) for c in found[0]["claims"]}
    assert windows == {("3,000", "2020-09-27", "2020-11-10"), ("5,000", "2020-09-27", "2020-11-10")}


def test_a_stated_window_overrides_the_default(tmp_path):
    project = project_with(tmp_path)
    project.source("a", "2021-06-01", '- {metric: war_deaths, value: "3,000", quote: "q"}')
    project.source("b", "2023-06-01", '- {metric: war_deaths, value: "5,000", window: since end_of_war, quote: "q"}')
    assert project.findings("same-window-agreement") == []


def test_a_bad_default_window_is_a_rules_error_with_a_hint(tmp_path):
    project = Project(tmp_path, RULES)
    path = write(project.rules / "war.yaml", "metrics:\n" + WAR_DEATHS.replace("end_of_war\n", "end_of_wr\n", 1).strip("\n") + "\n")
    project.source("a", "2021-06-01", '- {metric: deaths, value: 3, window: since end_of_war, quote: "q"}')
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:6: metrics[0].default_window: unknown named date 'end_of_wr' (did you mean 'end_of_war'?)"


def test_extract_uses_the_default_only_where_the_sentence_states_no_window(tmp_path):
    rules_dir = tmp_path / "rules"
    write(rules_dir / "rules.yaml", RULES)
    write(rules_dir / "war.yaml", "metrics:\n" + WAR_DEATHS.strip("\n") + "\n")
    rules = load_rules([rules_dir])
    text = "About 3,000 people were killed in the war. Since 2021, 40 more were killed in the war."
    drafts = extract_text(text, published=parse_date("2023-06-01"), rules=rules, source_id="s")
    got = [(d["value"], d["metric"], d["window"], d.get("window_basis", "stated")) for d in drafts]
    assert got == [
        ("3,000", "war_deaths", "between war_start and end_of_war", "inferred"),
        ("40", "war_deaths", "since 2021", "stated"),
    ]


def test_named_dates_after_an_indefinite_article():
    rules = load_rules_text(RULES)
    found = find_windows("The war lasted until a ceasefire in 1994 and 20 percent was lost.", parse_date("2021-11-02"), NamedDateMatcher(rules))
    assert [(w.text, w.basis) for w in found] == [("as of first_ceasefire", "stated")]


def load_rules_text(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder) / "rules.yaml", text)
        return load_rules([Path(folder)])
