"""Drafts written by `checker extract` load as they are: `extraction` offsets are accepted and
figures with `metric: unresolved` are listed for review instead of failing the run."""


def test_raw_draft_with_unresolved_figures_loads(project):
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "33 died", extraction: {start: 10, end: 17, confidence: 0.9}}
        - {metric: unresolved, value: 30, unit: count, quote: "30 saboteurs", extraction: {start: 40, end: 52, confidence: 0.3}}
    """)
    document = project.json()
    assert document["summary"]["claims"] == 1
    assert document["summary"]["unresolved"] == 1
    assert document["unresolved"][0]["quote"] == "30 saboteurs"
    markdown = project.run("--format", "markdown", "--fail-on", "never").stdout
    assert "draft figures have `metric: unresolved`" in markdown


def test_malformed_extraction_metadata_is_an_input_error(project):
    path = project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "q", extraction: {offset: 3}}
    """)
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:7: claims[0].extraction: expected {{start, end, confidence}} as written by checker extract"
