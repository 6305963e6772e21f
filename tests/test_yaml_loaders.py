"""The libyaml-backed loader gives the same data and line numbers as the pure-Python one.

checker parses YAML with libyaml's scanner (about 3x faster on large claim files) and only falls
back to PyYAML's pure-Python parser to word the message for a malformed file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from checker import yamlio
from test_property_loaders import claim_documents

REPO = Path(__file__).resolve().parents[1]
BUNDLED = sorted((REPO / "claims").glob("*.yaml")) + sorted((REPO / "rules").glob("*.yaml"))

pytestmark = pytest.mark.skipif(yamlio._FastLoader is None, reason="PyYAML built without libyaml")


def shape(node):
    """Data with the line numbers checker reports."""
    if isinstance(node, yamlio.LineDict):
        return ("map", node.line, [(k, node.line_of(k), shape(v)) for k, v in node.items()])
    if isinstance(node, yamlio.LineList):
        return ("list", node.line, [(node.line_of(i), shape(v)) for i, v in enumerate(node)])
    return (type(node).__name__, node)


def both(text: str):
    return shape(yaml.load(text, Loader=yamlio._FastLoader)), shape(yaml.load(text, Loader=yamlio._Loader))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_files_load_identically(path):
    fast, pure = both(path.read_text(encoding="utf-8"))
    assert fast == pure


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_documents())
def test_generated_claim_files_load_identically(document):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=None)
    try:
        expected = shape(yaml.load(text, Loader=yamlio._Loader))
    except (yamlio._YamlProblem, yaml.YAMLError):
        return
    assert shape(yaml.load(text, Loader=yamlio._FastLoader)) == expected


def test_malformed_yaml_is_worded_by_the_pure_parser(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("source:\n\t- 1\n", encoding="utf-8")
    _, issue = yamlio.load_yaml(path)
    assert "found character '\\t' that cannot start any token" in issue.message
    assert issue.line == 2


def test_anchors_are_refused_by_both(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    _, issue = yamlio.load_yaml(path)
    assert (issue.line, issue.message) == (1, "YAML anchors (&name) are not allowed in checker files")


EVERY_YAML = sorted(p for p in REPO.rglob("*.yaml") if ".venv" not in p.parts)


def from_events(text: str, schema: str):
    """The event reader's document, or None where it leaves the text to the loaders."""
    try:
        return shape(yamlio._from_events(yamlio.SCHEMAS[schema][0](text)))
    except yamlio._Unusual:
        return None


def loaded(text: str, schema: str):
    try:
        return shape(yaml.load(text, Loader=yamlio.SCHEMAS[schema][1]))
    except (yamlio._YamlProblem, yaml.YAMLError, RecursionError):
        return "refused"


@pytest.mark.parametrize("schema", ["core", "text"])
def test_the_event_reader_builds_what_the_loaders_build(schema):
    """Every YAML file of the repository (claims, rules, fixtures, hostile inputs) reads the same
    through the event reader as through the pure loader, or is left to the loaders; and what the
    loaders refuse is always left to them."""
    read = 0
    for path in EVERY_YAML:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast, expected = from_events(text, schema), loaded(text, schema)
        assert fast is None or fast == expected, path
        read += fast is not None
    assert read > len(EVERY_YAML) / 2  # the twin: most files do take the fast way


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_documents())
def test_the_event_reader_reads_generated_claim_files(document):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=None)
    expected = loaded(text, "text")
    fast = from_events(text, "text")
    assert fast is None or fast == expected


@pytest.mark.parametrize("text", ["a: &x [1]\nb: *x\n", "a: !!int 3\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "a: 1\n---\nb: 2\n", "a: \"\\x01\"\n"])
def test_the_event_reader_leaves_the_unusual_to_the_loaders(text):
    assert from_events(text, "core") is None
