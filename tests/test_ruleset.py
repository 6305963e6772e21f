"""A loaded RuleSet never changes: overrides go to load_rules, and changed copies are new values."""

import dataclasses
import pickle

import pytest

from checker.errors import InputErrors
from checker.rules import RuleSet, load_rules
from support import BASE_RULES, write


@pytest.fixture
def rules_file(tmp_path):
    return write(tmp_path / "rules" / "rules.yaml", BASE_RULES + "settings:\n  max_claims: 10\n")


def test_a_loaded_ruleset_refuses_changes(rules_file):
    rules = load_rules([rules_file])
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.settings = dataclasses.replace(rules.settings, max_claims=20)
    with pytest.raises(TypeError):
        rules.metrics["other"] = rules.metrics["deaths"]
    with pytest.raises(TypeError):
        rules.accepted.update({"0123456789abcdef": "known"})
    assert "other" not in rules.metrics and not rules.accepted


def test_a_changed_copy_is_a_new_ruleset_and_the_loaded_one_stays(rules_file):
    rules = load_rules([rules_file])
    fewer = dataclasses.replace(rules, metrics={"deaths": rules.metrics["deaths"]})
    assert list(fewer.metrics) == ["deaths"] and len(rules.metrics) == 5
    with pytest.raises(TypeError):  # the copy's tables are read-only too
        fewer.metrics["victims"] = rules.metrics["victims"]


def test_settings_overrides_win_over_the_rules_files(rules_file):
    assert load_rules([rules_file], settings_overrides={"max_claims": 20}).settings.max_claims == 20


def test_without_overrides_the_rules_files_settings_hold(rules_file):
    assert load_rules([rules_file]).settings.max_claims == 10
    assert load_rules([rules_file], settings_overrides={}).settings.max_claims == 10


def test_a_max_file_bytes_override_below_a_rules_file_refuses_it(rules_file):
    with pytest.raises(InputErrors) as caught:
        load_rules([rules_file], settings_overrides={"max_file_bytes": 100})
    assert [issue.path for issue in caught.value.issues] == [str(rules_file)]


def test_a_max_file_bytes_override_above_a_rules_file_reads_it(rules_file):
    rules = load_rules([rules_file], settings_overrides={"max_file_bytes": rules_file.stat().st_size})
    assert rules.settings.max_file_bytes == rules_file.stat().st_size and "deaths" in rules.metrics


def test_an_override_of_no_setting_is_a_programming_error(rules_file):
    with pytest.raises(ValueError):
        load_rules([rules_file], settings_overrides={"max_claim": 20})


def test_a_ruleset_survives_pickling_for_worker_processes(rules_file):
    rules = load_rules([rules_file])
    copy = pickle.loads(pickle.dumps(rules))
    assert copy == rules and copy.metric_id("fatalities") == "deaths"
    with pytest.raises(TypeError):
        copy.metrics["other"] = copy.metrics["deaths"]


def test_relations_are_kept_once_parsed(tmp_path):
    rules = load_rules([write(tmp_path / "r.yaml", BASE_RULES + "relations:\n  - kind: subset\n    subset: victims\n    superset: deaths\n")])
    assert [r.kind for r in rules.relations] == ["subset"] and isinstance(rules.relations, tuple)
    assert not hasattr(rules, "parsed_relations")
    assert RuleSet().relations == ()
