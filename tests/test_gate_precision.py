"""The gate's guards against its own misreadings: guessed windows, scopes, weak metrics,
dotted thousands, two values for one quantity in a sentence.

Each guard has a twin that must flag: the same figure read without the doubt is a conflict
that fails the gate.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.cli import main
from support import REPO, Project

BUNDLED = ["--claims", str(REPO / "claims"), "--rules", str(REPO / "rules")]

FLOOD_RULES = """
metrics:
  - id: deaths
    label: People killed
    kind: cumulative
    unit: people
    scope: Libya
    aliases: [people died, died, dead, deaths, killed]
named_dates:
  - id: storm
    date: 2023-09-10
    aliases: [the storm]
"""


def gate_json(runner, draft: Path, *args: str) -> tuple[int, dict]:
    result = runner.invoke(main, ["gate", str(draft), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def figures(document: dict) -> list[dict]:
    return document["drafts"][0]["figures"]


def draft(tmp_path: Path, text: str, date: str = "2026-05-15") -> Path:
    path = tmp_path / "draft.md"
    path.write_text(f"---\ndate: {date}\n---\n{text}\n", encoding="utf-8")
    return path


def severities(document: dict) -> set[str]:
    return {f["severity"] for f in document["drafts"][0]["findings"]}


def test_a_running_count_whose_start_comes_from_the_rules_conflicts_at_most_as_a_warning(runner, tmp_path):
    path = draft(tmp_path, "Demining teams have detected 100,000 explosive objects, officials said.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 0
    (figure,) = figures(document)
    assert figure["verdict"] == "conflict" and figure["window_guessed"] and figure["guessed"] == ["window"]
    assert {f["rule"] for f in document["drafts"][0]["findings"]} == {"cumulative-containment"}
    assert severities(document) == {"warning"}
    code, _ = gate_json(runner, path, *BUNDLED, "--fail-on", "warning")
    assert code == 1


def test_with_infer_windows_the_same_figure_fails(runner, tmp_path):
    path = draft(tmp_path, "Demining teams have detected 100,000 explosive objects, officials said.")
    code, document = gate_json(runner, path, *BUNDLED, "--infer-windows")
    assert code == 1
    # The rounding reading may add a warning beside the errors (a round 100,000 read as exact).
    assert figures(document)[0]["verdict"] == "conflict" and "error" in severities(document)


def test_a_figure_with_a_period_of_its_own_does_not_take_the_rules_start(runner, tmp_path):
    path = draft(tmp_path, "Demining teams have detected 100,000 explosive objects in the past week, officials said.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 0
    (figure,) = figures(document)
    # "in the past week" is read as its own week (new) or left unread; never counted from the rules' start.
    assert figure["verdict"] in {"new", "not understood"}
    assert document["drafts"][0]["findings"] == []


def test_new_ones_have_a_period_of_their_own(runner, tmp_path):
    path = draft(tmp_path, "Demining teams have detected 100,000 new explosive objects, officials said.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 0
    # The extractor may already set "new" additions with no stated period aside (metric), or the gate does (window).
    assert [f["verdict"] for f in figures(document)] == ["not understood"] and figures(document)[0]["reason"] in {"window", "metric"}


def test_a_stated_start_is_not_a_guess(runner, tmp_path):
    path = draft(tmp_path, "Since the end of hostilities, demining teams have detected 100,000 explosive objects.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 1 and figures(document)[0]["verdict"] == "conflict"


def test_dotted_thousands_are_not_understood(runner, tmp_path):
    path = draft(tmp_path, "Since the end of hostilities, 2.100 km² have been cleared.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 0
    assert [(f["verdict"], f["reason"]) for f in figures(document)] == [("not understood", "separator")]


def test_dotted_thousands_twin_with_a_comma_conflicts(runner, tmp_path):
    path = draft(tmp_path, "Since the end of hostilities, 2,100 km² have been cleared.")
    code, _ = gate_json(runner, path, *BUNDLED)
    assert code == 1


def flood_corpus(tmp_path: Path) -> list[str]:
    (tmp_path / "corpus").mkdir()
    project = Project(tmp_path / "corpus", FLOOD_RULES)
    project.source("agency-2023-09-20", "2023-09-20", """
        - {id: "agency#toll", metric: deaths, value: "3,958", window: since the storm, quote: "3,958 people died"}
        - {id: "agency#derna", metric: deaths, value: "3,800", scope: Derna, window: since the storm, quote: "3,800 died in Derna"}
    """)
    return ["--claims", str(project.claims), "--rules", str(project.rules)]


def test_a_figure_takes_the_scope_its_words_name(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    # Ten days after the corpus figure: beyond the one-week reporting lag, so certainly later.
    path = draft(tmp_path, "Since the storm, 3,850 people died in Derna.", "2023-10-01")
    code, document = gate_json(runner, path, *corpus)
    assert code == 0
    (figure,) = figures(document)
    assert figure["scope"] == "Derna" and figure["verdict"] == "consistent"


def test_a_figure_that_names_no_scope_takes_the_default_and_conflicts_at_most_as_a_warning(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    path = draft(tmp_path, "Since the storm, 3,850 people died.", "2023-10-01")
    code, document = gate_json(runner, path, *corpus)
    assert code == 0
    (figure,) = figures(document)
    assert figure["scope"] == "Libya" and figure["verdict"] == "conflict" and figure["guessed"] == ["scope"]
    assert severities(document) == {"warning"}


def test_the_same_figure_naming_its_scope_fails(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    path = draft(tmp_path, "Since the storm, 3,850 people died in Libya.", "2023-10-01")
    code, document = gate_json(runner, path, *corpus)
    assert code == 1
    (figure,) = figures(document)
    assert figure["scope"] == "Libya" and figure["guessed"] == [] and severities(document) == {"error"}


def test_a_guessed_start_and_a_default_scope_together_are_not_understood(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    path = draft(tmp_path, "Rescuers say 3,850 people died.", "2023-10-01")
    code, document = gate_json(runner, path, *corpus)
    assert code == 0
    (figure,) = figures(document)
    assert (figure["verdict"], figure["reason"]) == ("not understood", "guesses")
    assert document["drafts"][0]["tentative_findings"]


def test_the_same_figure_with_its_scope_named_conflicts_as_a_warning(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    path = draft(tmp_path, "Rescuers say 3,850 people died in Libya.", "2023-10-01")
    code, document = gate_json(runner, path, *corpus)
    assert code == 0
    (figure,) = figures(document)
    assert figure["verdict"] == "conflict" and figure["guessed"] == ["window"] and severities(document) == {"warning"}


def test_a_sentence_naming_two_scopes_leaves_the_scope_open(runner, tmp_path):
    corpus = flood_corpus(tmp_path)
    path = draft(tmp_path, "Rescuers from Derna, the worst hit city of Libya, said that since the storm 3,850 people died.", "2023-09-21")
    code, document = gate_json(runner, path, *corpus)
    assert code == 0
    assert [(f["verdict"], f["reason"]) for f in figures(document)] == [("not understood", "scope")]


def test_a_spelled_out_number_conflicts_at_most_as_a_warning(runner, tmp_path):
    path = draft(tmp_path, "Since the 2020 ceasefire, ten Azerbaijanis have become mine victims, officials say.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 0
    (figure,) = figures(document)
    assert figure["verdict"] == "conflict" and figure["guessed"] == ["metric"] and severities(document) == {"warning"}


def test_the_same_figure_in_digits_fails(runner, tmp_path):
    path = draft(tmp_path, "Since the 2020 ceasefire, 10 Azerbaijanis have become mine victims, officials say.")
    code, document = gate_json(runner, path, *BUNDLED)
    assert code == 1 and figures(document)[0]["guessed"] == [] and severities(document) == {"error"}


CONFIRMED_RELATION = """
relations:
  - id: confirmed-within-all
    kind: subset
    subset: {metric: deaths, scope: confirmed deaths}
    superset: {metric: deaths, scope: Libya}
"""


def test_a_scope_the_rules_relations_name_is_read_from_the_sentence(runner, tmp_path):
    (tmp_path / "corpus").mkdir()
    project = Project(tmp_path / "corpus", FLOOD_RULES + CONFIRMED_RELATION)
    project.source("agency-2023-09-20", "2023-09-20", """
        - {id: "agency#toll", metric: deaths, value: "3,958", window: since the storm, quote: "3,958 people died"}
        - {id: "agency#derna", metric: deaths, value: "3,800", scope: Derna, window: since the storm, quote: "3,800 died in Derna"}
    """)
    path = draft(tmp_path, "Since the storm, officials counted 3,000 confirmed deaths.", "2023-10-01")
    code, document = gate_json(runner, path, "--claims", str(project.claims), "--rules", str(project.rules))
    assert code == 0
    (figure,) = figures(document)
    assert figure["scope"] == "confirmed deaths" and figure["verdict"] != "conflict"


def test_without_the_relation_the_same_figure_is_read_as_the_whole_toll_and_conflicts(runner, tmp_path):
    (tmp_path / "corpus").mkdir()
    project = Project(tmp_path / "corpus", FLOOD_RULES)
    project.source("agency-2023-09-20", "2023-09-20", """
        - {id: "agency#toll", metric: deaths, value: "3,958", window: since the storm, quote: "3,958 people died"}
        - {id: "agency#derna", metric: deaths, value: "3,800", scope: Derna, window: since the storm, quote: "3,800 died in Derna"}
    """)
    path = draft(tmp_path, "Since the storm, officials counted 3,000 confirmed deaths.", "2023-10-01")
    _, document = gate_json(runner, path, "--claims", str(project.claims), "--rules", str(project.rules))
    (figure,) = figures(document)
    assert figure["scope"] == "Libya" and figure["verdict"] == "conflict"


def _figure(cid: str, window: str, scope: str = ""):
    from checker.gate.draft import Figure

    sentence = "Since the start of 2024, 20 people died, and 1,200 died by Thursday."
    return Figure(cid, "d.md", 1, 1, sentence, cid, "deaths", cid, "exact", "people", window, "inferred", 0.8, {"scope": scope} if scope else {})


def _rows(*rows):
    import pandas as pd

    columns = ["claim_id", "low", "high", "start_first", "start_last", "end_first", "end_last"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows])


def test_two_values_of_one_sentence_clash_when_their_windows_are_one_however_written():
    from checker.gate.audit import clashing_in_sentence

    # "since start_of_2024" (a day) and "between 2024 and ..." (a year's span): the starts overlap
    frame = _rows(("a", 20, 20, 739252, 739252, 739590, 739590), ("b", 1200, 1200, 739252, 739617, 739590, 739590))
    assert clashing_in_sentence(frame, [_figure("a", "between start_of_2024 and 2024-12-05"), _figure("b", "between 2024 and 2024-12-05")]) == {"a", "b"}


def test_two_values_of_one_sentence_for_two_scopes_or_two_windows_do_not_clash():
    from checker.gate.audit import clashing_in_sentence

    frame = _rows(("a", 20, 20, 739252, 739252, 739590, 739590), ("b", 1200, 1200, 739252, 739617, 739590, 739590))
    assert clashing_in_sentence(frame, [_figure("a", "w", "north"), _figure("b", "w", "south")]) == set()
    later = _rows(("a", 20, 20, 739252, 739252, 739590, 739590), ("b", 1200, 1200, 739300, 739300, 739590, 739590))
    assert clashing_in_sentence(later, [_figure("a", "w"), _figure("b", "w")]) == set()
