"""The adversarial corpus in tests/hostile/: each file's exact behaviour through the CLI.

Either a clear one-line error naming the file, exit 2 and nothing written, or a successful load
with a safe rendering. Never a traceback (the CLI runs with catch_exceptions=False, so any
exception fails the test). Time bounds live in benchmarks/hostile_guard.py, not here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from support import Project

HOSTILE = Path(__file__).resolve().parent / "hostile"

FIGURE_HINT = 'write it as printed, e.g. "3,400", "20.8", "464 million" or a range "10-13"'
TAG = "invalid YAML: unsupported YAML tag (could not determine a constructor for the tag 'tag:yaml.org,2002:{}')"

# (file in tests/hostile, the exact stderr lines before the summary line)
REFUSED = [
    ("billion_laughs.yaml", ["{path}:2: YAML anchors (&name) are not allowed in checker files"]),
    ("alias_only.yaml", ["{path}:1: YAML aliases (*name) are not allowed in checker files"]),
    ("merge_key.yaml", ["{path}:2: YAML merge keys (<<) are not allowed"]),
    ("python_object.yaml", ["{path}:1: " + TAG.format("python/object/apply:os.system")]),
    ("python_name.yaml", ["{path}:2: " + TAG.format("python/name:os.system")]),
    ("binary_tag.yaml", ["{path}:3: " + TAG.format("binary")]),
    ("set_tag.yaml", ["{path}:1: " + TAG.format("set")]),
    ("explicit_int_tag.yaml", ["{path}:4: cannot read 'three': not a valid integer"]),
    # Claim files read every plain scalar as text: the hex literal is an (odd) id, not a number.
    ("huge_hex.yaml", ["{path}:2: claims: missing required field", "{path}:3: source.published: missing required field",
                       "{path}:3: source.publisher: missing required field", "{path}:3: source.title: missing required field"]),
    ("nested_lists.yaml", ["{path}: YAML nested too deeply"]),
    ("nested_mappings.yaml", ["{path}: YAML nested too deeply"]),
    ("nested_blocks.yaml", ["{path}: YAML nested too deeply"]),
    ("invalid_utf8.yaml", ["{path}:3: not valid UTF-8 (byte 28) (save the file as UTF-8)"]),
    ("invalid_utf8.csv", ["{path}:2: not valid UTF-8 (byte 92) (save the file as UTF-8)"]),
    ("nul_byte.yaml", ["{path}: binary file (contains NUL bytes)"]),
    ("escape_sequence.yaml", ["{path}:3: text contains a control character (U+001B)"]),
    ("lone_surrogate.yaml", ["{path}:3: text contains an unpaired surrogate (U+D800)"]),
    ("control_char.csv", ["{path}:2: contains a control character (U+001B) (remove it or save the file as plain UTF-8 text)"]),
    ("numbers.yaml", [
        "{path}:8: claims[0].value: cannot read '1e309' as a number; " + FIGURE_HINT,
        "{path}:9: claims[1].value: cannot read '1e309' as a number; " + FIGURE_HINT,
        "{path}:10: claims[2].value: cannot read '1.0e+309' as a number; " + FIGURE_HINT,
        "{path}:11: claims[3].value: cannot read 'NaN' as a number; " + FIGURE_HINT,
        "{path}:12: claims[4].value: cannot read '.nan' as a number; " + FIGURE_HINT,
        "{path}:13: claims[5].value: cannot read '-.inf' as a number; " + FIGURE_HINT,
        "{path}:14: claims[6].value: value is longer than 60 characters",
        "{path}:15: claims[7].value: value is longer than 60 characters",
    ]),
    ("dates.yaml", [
        "{path}:8: claims[0].window: year 0 in '0000-00-00' is out of range 1000-9998",
        "{path}:9: claims[1].window: year 9999 in '9999-12-31' is out of range 1000-9998",
        "{path}:10: claims[2].window: day 29 in '2021-02-29' does not exist in 2021-02",
        "{path}:11: claims[3].window: day 31 in '2021-11-31' does not exist in 2021-11",
        "{path}:12: claims[4].window: year 1 in '0001-01-01' is out of range 1000-9998",
    ]),
    ("published_zero.yaml", ["{path}:5: source.published: year 0 in '0000-00-00' is out of range 1000-9998"]),
]


def copy_in(project: Project, name: str) -> Path:
    target = project.claims / name
    shutil.copyfile(HOSTILE / name, target)
    return target


@pytest.mark.parametrize("name, expected", REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_claims_file_is_refused_with_one_line_per_problem(project, name, expected):
    path = copy_in(project, name)
    output = project.root / "out.md"
    result = project.run("--format", "markdown", "--output", str(output))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:-1] == [line.format(path=path) for line in expected]
    assert lines[-1] == f"checker: {len(expected)} input error{'s' if len(expected) > 1 else ''}; nothing was written"
    assert "Traceback" not in result.output
    assert not output.exists()


@pytest.mark.parametrize("name", ["billion_laughs.yaml", "python_object.yaml", "nested_lists.yaml", "escape_sequence.yaml", "huge_hex.yaml"])
def test_hostile_rules_file_is_refused(project, name):
    project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "q"}')
    shutil.copyfile(HOSTILE / name, project.rules / name)
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{project.rules / name}")
    assert len(result.stderr.splitlines()) == 2


def test_object_constructing_tag_runs_nothing(project, tmp_path):
    marker = Path("/tmp/checker-pwned")
    existed = marker.exists()
    copy_in(project, "python_object.yaml")
    assert project.run().exit_code == 2
    assert marker.exists() == existed


def load(project: Project):
    from checker.corpus import load_corpus
    from checker.rules import load_rules

    return load_corpus([project.claims], load_rules([project.rules])).claims


def test_bom_crlf_and_cr_only_files_load_with_their_line_numbers(project):
    for name in ("bom_crlf.yaml", "bom_crlf.csv", "cr_only.yaml"):
        copy_in(project, name)
    claims = load(project).set_index("source_id")
    assert sorted(claims.index) == ["bom-crlf", "bom-csv", "old-mac"]
    assert claims.loc["bom-crlf", "line"] == 7 and claims.loc["bom-crlf", "quote"] == "33 died"
    assert claims.loc["bom-crlf", "source_title"] == "BOM and CRLF"  # no stray \r
    assert claims.loc["bom-csv", "line"] == 2 and claims.loc["bom-csv", "printed"] == "40"
    assert claims.loc["old-mac", "line"] == 7
    assert project.run("--fail-on", "never").exit_code == 0


def test_edge_numbers_load(project):
    copy_in(project, "numbers_ok.yaml")
    values = sorted(load(project)[["printed", "low", "high"]].itertuples(index=False, name=None))
    assert values == [("-0", 0, 0), ("-0", 0, 0), ("-0.0", -0.05, 0.05), ("0", 0, 0)]  # as printed
    assert project.run("--format", "markdown", "--fail-on", "never").exit_code == 0


def test_last_supported_date_loads(project):
    copy_in(project, "published_far.yaml")
    claims = load(project)
    assert sorted(claims["window_text"]) == ["9998-01 .. 9998-12-31", "9998-06 .. 9998-12-31"]
    assert project.json()["as_of"] == "9998-12-31"


def _all_claims(document: dict) -> list[dict]:
    seen = {}
    for finding in document["findings"]:
        for claim in finding["claims"]:
            seen[claim["id"]] = claim
    for entry in document["not_checked"]:
        seen[entry["claim"]["id"]] = entry["claim"]
    return [seen[k] for k in sorted(seen)]


# -- injection -------------------------------------------------------------------------


def test_injection_is_inert_in_markdown(project):
    copy_in(project, "markdown_injection.yaml")
    out = project.root / "r.md"
    assert project.run("--format", "markdown", "--output", str(out), "--fail-on", "never").exit_code == 0
    text = out.read_text(encoding="utf-8")
    markup = re.sub(r'<a name="[A-Za-z0-9_.-]+"></a>', "", text)  # checker's own anchors are the only tags
    assert "<" not in markup and ">" not in markup.replace("&gt;", "")
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", text)
    # Every link is to an http(s) URL or, with no scheme, to a chart, a claim file or an anchor.
    assert all(t.startswith("https://") or ":" not in t for t in targets), targets
    assert "javascript:" not in "".join(targets)
    assert not re.search(r"^#{1,6} .*(Fake|Heading)", text, re.M)
    assert_tables_keep_their_columns(text)


def test_injection_round_trips_exactly_in_json(project):
    copy_in(project, "markdown_injection.yaml")
    raw = project.run("--format", "json", "--fail-on", "never").stdout
    document = json.loads(raw, parse_constant=_no_constants)
    quotes = {c["quote"] for c in _all_claims(document)}
    assert "<script>alert(1)</script> | ](javascript:alert(1)) ### H `x` *y* _z_ <!-- c --> &amp; &#60;" in quotes


def test_injection_is_plain_text_in_the_terminal(project):
    copy_in(project, "markdown_injection.yaml")
    text = project.run("--fail-on", "never", "--color", "--timelines", env={"COLUMNS": "400"}).stdout
    assert "<script>alert(1)</script>" in text  # shown as written, not interpreted as markup
    assert "\x1b]" not in text  # colour codes only (ESC [ ... m), never an OSC title sequence


def _no_constants(name: str):
    raise AssertionError(f"JSON report contains {name}, which is not valid JSON")


def assert_tables_keep_their_columns(text: str) -> None:
    columns = None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        count = len(re.findall(r"(?<!\\)\|", line.replace("\\\\", "")))
        if columns is None:
            columns = count
        assert count == columns, line


def test_source_text_path_cannot_leave_the_sources_folder(project):
    copy_in(project, "source_text_traversal.yaml")
    sources = project.root / "texts" / "inner"
    sources.mkdir(parents=True)
    (project.root / "secret.txt").write_text("the secret is 33", encoding="utf-8")
    document = project.json("--sources", str(sources))
    assert document["summary"]["quotes"] == {"verified": 0, "not verified": 1}


# -- big files and limits --------------------------------------------------------------


def test_a_50_mb_file_is_refused_by_size_before_it_is_read(project):
    path = project.claims / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"source:\n  id: big\n  title: '")
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b"'\n")
    result = project.run()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}: file is 52,428,830 bytes, over the limit of 20,971,520 (raise it with --max-file-size)"
    )


def test_max_file_size_applies_to_claims_and_rules(project):
    path = project.source("a", "2021-11-02", '- {metric: deaths, value: 33, window: since end_of_war, quote: "q"}')
    size = path.stat().st_size
    result = project.run("--max-file-size", str(size - 1))
    assert result.exit_code == 2
    rules_file = project.rules / "rules.yaml"
    assert result.stderr.splitlines()[0] == (
        f"{rules_file}: file is {rules_file.stat().st_size:,} bytes, over the limit of {size - 1:,} (raise it with --max-file-size)"
    )
    big_enough = max(size, rules_file.stat().st_size)
    assert project.run("--max-file-size", str(big_enough), "--fail-on", "never").exit_code == 0
    result = project.run("--max-file-size", "0")
    assert result.exit_code == 2 and "--max-file-size" in result.stderr


def test_max_claims_limits_the_run(project):
    rows = "".join(f"s{i % 7},T,P,2021-11-02,deaths,{i},q{i},since end_of_war\n" for i in range(50))
    path = project.claims / "many.csv"
    path.write_text("source_id,source_title,publisher,published,metric,value,quote,window\n" + rows, encoding="utf-8")
    result = project.run("--max-claims", "49")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{project.claims}: 50 claims, over the limit of 49 (raise settings.max_claims)",
        "checker: 1 input error; nothing was written",
    ]
    assert project.run("--max-claims", "50", "--fail-on", "never").exit_code == 0


def test_max_claims_from_the_rules_settings(project):
    from support import BASE_RULES, write

    write(project.rules / "rules.yaml", BASE_RULES + "settings:\n  max_claims: 1\n")
    project.source("a", "2021-11-02", """
        - {metric: deaths, value: 33, window: since end_of_war, quote: "q"}
        - {metric: deaths, value: 34, window: since end_of_war, quote: "q"}
    """)
    result = project.run()
    assert result.exit_code == 2
    assert "2 claims, over the limit of 1" in result.stderr


# -- output paths ----------------------------------------------------------------------


GOOD = '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}'


def test_output_through_a_symlink_is_refused_and_the_target_kept(project):
    project.source("a", "2021-11-02", GOOD)
    elsewhere = project.root / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "precious.txt"
    target.write_text("precious", encoding="utf-8")
    link = project.root / "r.md"
    link.symlink_to(target)
    result = project.run("--format", "markdown", "--output", str(link))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{link}: cannot write report: refusing to write through a symbolic link; remove the link or name the real file"
    ]
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "precious"


def test_dangling_symlink_output_is_refused(project):
    project.source("a", "2021-11-02", GOOD)
    link = project.root / "r.md"
    link.symlink_to(project.root / "nowhere" / "x.md")
    assert project.run("--output", str(link)).exit_code == 2
    assert link.is_symlink() and not (project.root / "nowhere").exists()


def test_markdown_output_through_a_symlink_is_refused(project):
    project.source("a", "2021-11-02", GOOD)
    target = project.root / "t.md"
    target.write_text("keep", encoding="utf-8")
    link = project.root / "l.md"
    link.symlink_to(target)
    assert project.run("--markdown", str(link)).exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep"


def test_dotdot_output_paths_are_written_where_they_point(project):
    project.source("a", "2021-11-02", GOOD)
    (project.root / "sub").mkdir()
    out = project.root / "sub" / ".." / "r.md"
    assert project.run("--format", "markdown", "--output", str(out), "--fail-on", "never").exit_code == 0
    assert (project.root / "r.md").read_text(encoding="utf-8").startswith('# <a name="checker-audit"></a>checker audit')


def test_output_to_a_folder_or_a_missing_folder_is_an_error(project):
    project.source("a", "2021-11-02", GOOD)
    folder = project.root / "reports"
    folder.mkdir()
    result = project.run("--output", str(folder))
    assert result.exit_code == 2 and result.stderr.splitlines() == [f"{folder}: cannot write report: is a folder"]
    missing = project.root / "no" / "r.md"
    result = project.run("--output", str(missing))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{missing}: cannot write report: folder {missing.parent} does not exist"]


def test_report_keeps_the_old_files_permissions(project):
    project.source("a", "2021-11-02", GOOD)
    out = project.root / "r.md"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    assert project.run("--format", "markdown", "--output", str(out), "--fail-on", "never").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o640
    fresh = project.root / "fresh.md"
    assert project.run("--format", "markdown", "--output", str(fresh), "--fail-on", "never").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_every_hostile_file_is_covered():
    covered = {name for name, _ in REFUSED} | {
        "bom_crlf.yaml", "bom_crlf.csv", "cr_only.yaml", "numbers_ok.yaml", "published_far.yaml",
        "markdown_injection.yaml", "source_text_traversal.yaml",
    }
    assert {p.name for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".csv")} == covered


def test_cli_main_is_importable():
    assert main is not None
