"""Unquoted YAML values are read as written, never coerced by YAML 1.1's rules.

Claim files read every plain scalar as text (a figure as printed, a title, a scope); rules files
use YAML 1.2's core schema, so `yes`, `NO`, `on` are text, `010` is ten and `1:30` is text.
"""

from __future__ import annotations

import pytest

from checker.corpus import load_corpus
from checker.rules import load_rules
from checker.yamlio import parse_yaml_text
from support import BASE_RULES, write


def load(project):
    return load_corpus([project.claims], load_rules([project.rules])).claims


def test_claim_values_keep_their_printed_form(project):
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 010, window: since end_of_war, quote: "q1"}
        - {metric: deaths, value: 1.50, window: since end_of_war, quote: "q2"}
        - {metric: deaths, value: 3400, window: since end_of_war, quote: "q3"}
    """)
    claims = load(project).set_index("quote")
    assert claims.loc["q1", "printed"] == "010" and claims.loc["q1", "value"] == 10
    assert claims.loc["q2", "printed"] == "1.50" and claims.loc["q2", "high"] == pytest.approx(1.51)  # rounded, or cut from 1.509
    assert claims.loc["q3", "printed"] == "3400"


@pytest.mark.parametrize("value", ["1:30", "0x10", "0o17", "1e3", ".inf", "yes"])
def test_claim_values_that_yaml_1_1_would_turn_into_numbers_are_refused(project, value):
    project.source("a", "2021-11-02", f'- {{metric: deaths, value: {value}, window: since end_of_war, quote: "q"}}')
    result = project.run()
    assert result.exit_code == 2
    assert f"claims[0].value: cannot read {value!r} as a number" in result.stderr


def test_claim_text_fields_keep_yes_no_and_on_as_written(project):
    write(project.claims / "a.yaml", """
        source: {id: a, title: Yes, publisher: Paper, published: 2021-11-02}
        claims:
          - {metric: deaths, value: 33, window: since end_of_war, scope: NO, quote: "q", attributed_to: on, note: Yes}
    """)
    claims = load(project)
    assert claims.loc[0, "scope"] == "NO"
    assert claims.loc[0, "attributed_to"] == "on"
    assert claims.loc[0, "note"] == "Yes"
    assert claims.loc[0, "source_title"] == "Yes"


def test_rules_use_the_yaml_1_2_core_schema(project):
    write(project.rules / "rules.yaml", BASE_RULES.replace("    unit: count\n", "    unit: count\n    scope: NO\n    aliases: [on, off]\n", 1)
          + "settings:\n  max_findings: 010\n")
    rules = load_rules([project.rules])
    assert rules.settings.max_findings == 10
    assert rules.metrics["stock"].scope == "NO"
    assert rules.metric_id("on") == "stock" and rules.metric_id("off") == "stock"


@pytest.mark.parametrize("setting", ["trailing_zeros: yes", "trailing_zeros: on", "max_findings: 1:30"])
def test_yaml_1_1_booleans_and_sexagesimal_in_settings_are_refused(project, setting):
    write(project.rules / "rules.yaml", BASE_RULES + f"settings:\n  {setting}\n")
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "q"}')
    result = project.run()
    assert result.exit_code == 2 and "settings." in result.stderr


def test_yaml_1_2_booleans_and_numbers_still_load():
    document, issue = parse_yaml_text("a: true\nb: 0x10\nc: 1.5e3\nd: .inf\ne: -12\nf: ~\n", "x")
    assert issue is None
    assert document == {"a": True, "b": 16, "c": 1500.0, "d": float("inf"), "e": -12, "f": None}


def test_a_huge_hex_integer_in_the_rules_is_refused(project):
    write(project.rules / "big.yaml", "settings:\n  max_findings: 0x" + "f" * 2000 + "\n")
    result = project.run()
    assert result.exit_code == 2 and "too many digits" in result.stderr
