"""Any YAML or CSV text gives either a Corpus / RuleSet or InputErrors, never another exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.errors import InputErrors
from checker.corpus import load_corpus
from checker.loading import CSV_COLUMNS, Corpus
from checker.rules import RuleSet, load_rules
from support import BASE_RULES, write

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_RULES: list[RuleSet] = []


def rules() -> RuleSet:
    if not _RULES:
        with tempfile.TemporaryDirectory() as folder:
            _RULES.append(load_rules([write(Path(folder) / "rules.yaml", BASE_RULES)]))
    return _RULES[0]


def load_claims_bytes(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            corpus = load_corpus([path], rules())
        except InputErrors as exc:
            assert exc.issues
            for issue in exc.issues:
                line = issue.format()
                assert "\n" not in line and line.startswith(str(path))
            return exc
        assert isinstance(corpus, Corpus)
        return corpus


def load_rules_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_bytes(data)
        try:
            result = load_rules([path])
        except InputErrors as exc:
            assert all("\n" not in issue.format() for issue in exc.issues)
            return exc
        assert isinstance(result, RuleSet)
        return result


YAML_CHARS = st.sampled_from(list(":-[]{},&*!|>'\"%@`#?~ \n\t\\") + ["!!", "<<", "---", "...", "&a", "*a", "!!python/object:os.system", "\ufeff", "\r\n"])
yaml_noise = st.lists(st.one_of(YAML_CHARS, st.text(max_size=6)), max_size=40).map("".join)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    st.sampled_from(["since end_of_war", "2021-11-02", "3,400", "about", "deaths", "1e309", ".nan", "-0"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
CLAIM_KEYS = ["metric", "value", "qualifier", "unit", "window", "scope", "attributed_to", "quote", "window_basis", "note", "id"]
SOURCE_KEYS = ["id", "title", "publisher", "url", "published", "date_basis", "date_reason", "text"]


@st.composite
def claim_documents(draw):
    """Documents shaped like claim files with hostile values in the fields."""
    good_source = {"id": "a", "title": "T", "publisher": "P", "published": "2021-11-02"}
    source = {k: draw(st.one_of(st.just(v), values)) for k, v in good_source.items()}
    source.update(draw(st.dictionaries(st.sampled_from(SOURCE_KEYS + ["extra"]), values, max_size=2)))
    good_claim = {"metric": "deaths", "value": 33, "window": "since end_of_war", "quote": "q"}
    items = []
    for _ in range(draw(st.integers(0, 3))):
        item = {k: draw(st.one_of(st.just(v), values)) for k, v in good_claim.items()}
        item.update(draw(st.dictionaries(st.sampled_from(CLAIM_KEYS + ["bogus"]), values, max_size=3)))
        items.append(item)
    document = {"source": source, "claims": draw(st.one_of(st.just(items), values))}
    return draw(st.one_of(st.just(document), values))


def dump(document) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True).encode("utf-8", "surrogatepass")


@FAST
@given(st.one_of(yaml_noise, st.text()))
@example("a: &x [1]\nb: *x\n")
@example("a: " + "[" * 3000)
@example("a: !!int x\n")
@example("- " * 3000)
def test_any_yaml_text_gives_a_corpus_or_input_errors(text):
    load_claims_bytes("a.yaml", text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_give_a_corpus_or_input_errors(data):
    load_claims_bytes("a.yaml", data)
    load_claims_bytes("a.csv", data)


@FAST
@given(claim_documents())
def test_claim_shaped_yaml_gives_a_corpus_or_input_errors(document):
    load_claims_bytes("a.yaml", dump(document))


csv_cells = st.one_of(st.text(max_size=12), st.sampled_from(["a", "T", "P", "2021-11-02", "deaths", "33", "q", "since end_of_war", "", "=cmd()", '"', "\r\n"]))


@st.composite
def csv_texts(draw):
    header = draw(st.one_of(st.just(list(CSV_COLUMNS[:7]) + ["window"]), st.lists(st.sampled_from(list(CSV_COLUMNS) + ["x", ""]), max_size=10)))
    rows = draw(st.lists(st.lists(csv_cells, min_size=len(header), max_size=len(header) + draw(st.integers(0, 1))), max_size=5))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", "\ufeff"])) + text.replace("\r\n", draw(st.sampled_from(["\n", "\r", "\r\n"])))
    return text


@FAST
@given(st.one_of(csv_texts(), st.text()))
@example('source_id,source_title\n"unterminated\n')
@example("a," * 5000 + "\n")
def test_any_csv_text_gives_a_corpus_or_input_errors(text):
    load_claims_bytes("a.csv", text.encode("utf-8", "surrogatepass"))


SECTION_NAMES = ["settings", "units", "metrics", "named_dates", "qualifiers", "checks", "constants", "relations", "accepted", "other"]


@st.composite
def rule_documents(draw):
    base = yaml.safe_load(BASE_RULES)
    document = {}
    for name in draw(st.lists(st.sampled_from(SECTION_NAMES), max_size=4, unique=True)):
        document[name] = draw(values)
    if draw(st.booleans()):
        document.update(base)
        metric = dict(base["metrics"][0])
        metric.update(draw(st.dictionaries(st.sampled_from(["id", "label", "kind", "unit", "aliases", "scope", "checks", "x"]), values, max_size=2)))
        document["metrics"] = [metric]
    return document


@FAST
@given(st.one_of(rule_documents().map(dump), yaml_noise.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_rules_text_gives_rules_or_input_errors(data):
    load_rules_bytes(data)
