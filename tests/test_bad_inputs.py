"""Bad input: one line per problem naming file, line and field, with a hint; exit 2; nothing written."""

from __future__ import annotations

import pytest

from support import source_doc, write

GOOD = '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}'

CASES = [
    # (id, claims file name, claims file text, expected stderr line with {path})
    ("unknown metric", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deths, value: 33, window: since end_of_war, quote: "q"}'),
     "{path}:7: claims[0].metric: unknown metric 'deths' (did you mean 'deaths'?)"),
    ("bad value", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deaths, value: lots, window: since end_of_war, quote: "q"}'),
     "{path}:7: claims[0].value: cannot read 'lots' as a number; write it as printed, e.g. \"3,400\", \"20.8\", \"464 million\" or a range \"10-13\""),
    ("unknown qualifier", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deaths, value: 33, qualifier: nearlyy, window: since end_of_war, quote: "q"}'),
     "{path}:7: claims[0].qualifier: unknown qualifier 'nearlyy' (did you mean 'nearly'?)"),
    ("unknown named date", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_wat, quote: "q"}'),
     "{path}:7: claims[0].window: unknown named date 'end_of_wat' (did you mean 'end_of_war'?)"),
    ("bad date", "a.yaml", source_doc("a", "2021-13-02", GOOD),
     "{path}:5: source.published: month 13 in '2021-13-02' is not between 1 and 12"),
    ("missing quote", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war}'),
     "{path}:7: claims[0].quote: missing required field"),
    ("unknown claim key", "a.yaml", source_doc("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "q", qualifer: about}'),
     "{path}:7: claims[0].qualifer: unknown key (did you mean 'qualifier'?)"),
    ("unknown unit", "a.yaml", source_doc("a", "2021-11-02", '- {metric: area, value: 33, unit: hectars, window: since end_of_war, quote: "q"}'),
     "{path}:7: claims[0].unit: unknown unit 'hectars' (did you mean 'hectares'?)"),
    ("malformed yaml", "a.yaml", "source:\n  id: a\n  title: [unclosed\n",
     "{path}:4: invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ("yaml alias bomb", "a.yaml", "a: &a [1, 2]\nb: [*a, *a]\n",
     "{path}:1: YAML anchors (&name) are not allowed in checker files"),
    ("python tag", "a.yaml", "source: !!python/object/apply:os.system ['echo hi']\n",
     "{path}:1: invalid YAML: unsupported YAML tag (could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system')"),
    ("inferred date without reason", "a.yaml", source_doc("a", "2021-11", GOOD, "  date_basis: inferred\n"),
     "{path}:6: source.date_reason: an inferred date needs a date_reason"),
    ("csv unknown column", "a.csv", "source_id,source_title,publisher,published,metric,value,quote,windw\na,T,P,2021-11-02,deaths,33,q,since end_of_war\n",
     "{path}:1: windw: unknown column (did you mean 'window'?)"),
    ("csv bad value", "a.csv", "source_id,source_title,publisher,published,metric,value,quote,window\na,T,P,2021-11-02,deaths,3x,q,since end_of_war\n",
     "{path}:2: value: cannot read '3x' as a number; write it as printed, e.g. \"3,400\", \"20.8\", \"464 million\" or a range \"10-13\""),
    ("csv ragged row", "a.csv", "source_id,source_title,publisher,published,metric,value,quote\na,T,P,2021-11-02,deaths\n",
     "{path}:2: row has 5 cells but the header has 7"),
    ("not utf-8", "a.yaml", b"source:\n  title: caf\xe9\n",
     "{path}:2: not valid UTF-8 (byte 20) (save the file as UTF-8)"),
]


@pytest.mark.parametrize("name, filename, text, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_claims_give_one_line_errors_and_exit_2(project, name, filename, text, expected):
    path = project.claims / filename
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    output = project.root / "out.md"
    result = project.run("--format", "markdown", "--output", str(output))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == expected.format(path=path)
    assert lines[-1].startswith("checker: ") and lines[-1].endswith("nothing was written")
    assert "Traceback" not in result.output
    assert not output.exists()


def test_every_error_in_a_run_is_listed(project):
    project.source("a", "2021-11-02", """
        - {metric: deths, value: 33, window: since end_of_war, quote: "q"}
        - {metric: deaths, value: x, window: since end_of_war, quote: "q"}
    """)
    project.source("b", "2021-11-02", """
        - {metric: deaths, value: 1, window: since nowhere, quote: "q"}
    """)
    result = project.run()
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 4  # three problems and the summary line


RULE_CASES = [
    ("unknown section", "metrix: []\n", "{path}:1: metrix: unknown key (did you mean 'metrics'?)"),
    ("unknown metric kind", "metrics:\n  - {id: m, kind: cumulativ, unit: people}\n",
     "{path}:2: metrics[0].kind: expected one of cumulative, level, share, estimate, got 'cumulativ' (did you mean 'cumulative'?)"),
    ("unknown check", "checks:\n  stale-figures: {severity: info}\n", "{path}:2: checks.stale-figures: unknown check (did you mean 'stale-figure'?)"),
    ("unknown check option", "checks:\n  stale-figure: {min_gap: 10}\n", "{path}:2: checks.stale-figure.min_gap: unknown option (did you mean 'min_gap_days'?)"),
    ("bad severity", "checks:\n  stale-figure: {severity: fatal}\n", "{path}:2: checks.stale-figure.severity: expected one of error, warning, info, off, got 'fatal'"),
    ("bad named date", "named_dates:\n  - {id: x, date: 2020-02-30}\n", "{path}:2: named_dates[0].date: day 30 in '2020-02-30' does not exist in 2020-02"),
    ("relation kind not a name", "relations:\n  - {kind: [subset], subset: deaths, superset: deaths}\n",
     "{path}:2: relations[0].kind: expected one of parts-sum, share, stock-flow, subset, got ['subset'] (did you mean 'subset'?)"),
]


@pytest.mark.parametrize("name, text, expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_bad_rules_give_one_line_errors_and_exit_2(project, name, text, expected):
    project.source("a", "2021-11-02", GOOD)
    path = write(project.rules / "zz-extra.yaml", text)
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == expected.format(path=path)


def test_missing_claims_path_is_an_input_error(project):
    result = project.run(str(project.root / "nope"))
    assert result.exit_code == 2
    assert "claims path does not exist" in result.stderr


def test_bad_as_of_is_a_usage_error(project):
    project.source("a", "2021-11-02", GOOD)
    result = project.run("--as-of", "yesterday")
    assert result.exit_code == 2
    assert "'yesterday' is not a date in the form YYYY-MM-DD" in result.stderr


def test_inputs_are_never_modified(project):
    path = project.source("a", "2021-11-02", GOOD)
    before = path.read_bytes()
    project.run("--output", str(project.root / "r.txt"))
    assert path.read_bytes() == before


def test_quote_not_in_its_source_text_is_an_input_error(project):
    texts = project.root / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("In all, 33 people died since the war ended.", encoding="utf-8")
    path = project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "33 people died"}
        - {metric: deaths, value: 34, window: since end_of_war, quote: "34 people died"}
    """, extra="  text: a.txt\n")
    result = project.run("--sources", str(texts))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:9: quote: not found verbatim in the source text a.txt (copy the fragment exactly from the text)"


def test_quotes_are_verified_modulo_whitespace_and_typographic_quotes(project):
    texts = project.root / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("The agency’s count:\n33  people died.", encoding="utf-8")
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "agency's count: 33 people died"}
    """, extra="  text: a.txt\n")
    assert project.json("--sources", str(texts))["summary"]["quotes"] == {"verified": 1, "not verified": 0}


def test_missing_source_text_is_reported_not_an_error(project):
    project.source("a", "2021-11-02", GOOD, extra="  text: missing.txt\n")
    assert project.json("--sources", str(project.root))["summary"]["quotes"] == {"verified": 0, "not verified": 1}
