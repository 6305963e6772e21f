"""No output replaces an input: reports, baselines and drafts are refused (exit 2, nothing
written) when their path is, by any route, a file the run read or lies inside a folder it reads.
A baseline written into an existing rules file keeps everything already in it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from checker.cli import main
from support import REPO, Project

GOOD = '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}'
CLASH = """
- {metric: deaths, value: 68, window: since end_of_war, quote: "68 fatalities"}
- {metric: deaths, value: 71, window: between 2020-11-10 and 2023-11, quote: "71 killed"}
"""


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_texts(project: Project) -> Path:
    texts = project.root / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("In all, 33 died there.", encoding="utf-8")
    project.source("a", "2021-11-02", GOOD, extra="  text: a.txt\n")
    return texts


def routes_to_inputs(project: Project, texts: Path) -> list[tuple[str, Path]]:
    """Each way an output path can reach an input: directly, via `..`, a linked folder, a hard link."""
    (project.root / "sub").mkdir()
    linked = project.root / "linked"
    linked.symlink_to(project.claims, target_is_directory=True)
    hard = project.root / "hard.yaml"
    os.link(project.claims / "a.yaml", hard)
    return [
        ("a claims file", project.claims / "a.yaml"),
        ("a claims file via ..", project.root / "sub" / ".." / "claims" / "a.yaml"),
        ("a claims file via a linked folder", linked / "a.yaml"),
        ("a hard link to a claims file", hard),
        ("a rules file", project.rules / "rules.yaml"),
        ("a source text", texts / "a.txt"),
        ("a new file in the claims folder", project.claims / "report.md"),
        ("a new file in the rules folder", project.rules / "report.md"),
    ]


@pytest.mark.parametrize("option", ["--output", "--markdown"])
def test_report_paths_that_reach_an_input_are_refused(project, option):
    texts = with_texts(project)
    for label, target in routes_to_inputs(project, texts):
        before = digest(project.root)
        result = project.run("--sources", str(texts), "--format", "markdown", option, str(target))
        assert result.exit_code == 2, label
        [line] = result.stderr.splitlines()
        assert line.startswith(f"{target}: cannot write report: "), label
        assert digest(project.root) == before, label


def test_report_paths_beside_the_inputs_are_written(project):
    texts = with_texts(project)
    out = project.root / "reports" / "audit.md"
    out.parent.mkdir()
    result = project.run("--sources", str(texts), "--format", "markdown", "--output", str(out), "--markdown", str(out.with_suffix(".2.md")))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith("checker audit")
    assert out.with_suffix(".2.md").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_one_file_for_both_outputs_is_refused(project):
    project.source("a", "2021-11-02", GOOD)
    out = project.root / "r.md"
    result = project.run("--output", str(out), "--markdown", str(project.root / "." / "r.md"))
    assert result.exit_code == 2 and not out.exists()


# -- baseline --------------------------------------------------------------------------


def baseline(project: Project, *args: str):
    from click.testing import CliRunner

    return CliRunner().invoke(main, ["baseline", str(project.claims), "--rules", str(project.rules), *args], catch_exceptions=False)


def test_baseline_onto_a_claims_file_or_folder_is_refused(project):
    project.source("a", "2025-06-01", CLASH)
    before = digest(project.root)
    for target in (project.claims / "a.yaml", project.claims):
        result = baseline(project, "--output", str(target), "--force")
        assert result.exit_code == 2 and "cannot write baseline" in result.stderr
    assert digest(project.root) == before


REVIEWED = """\
# Reviewed by hand: keep this comment.
settings:
  max_findings: 50   # tuned for this corpus
accepted:
  - fingerprint: 0123456789abcdef
    reason: >-
      Reviewed: a spoken rounding, not a contradiction.
  # the entry above was checked on 2025-05-01

# trailing notes for the next reviewer
"""


def test_forced_baseline_keeps_reviewed_entries_comments_and_other_sections(project):
    project.source("a", "2025-06-01", CLASH)
    target = project.rules / "accepted.yaml"
    target.write_text(REVIEWED, encoding="utf-8")
    assert project.run().exit_code == 1
    result = baseline(project, "--force", "--reason", "new")
    assert result.exit_code == 0, result.stderr
    assert "1 findings added, 1 entries kept as they were (1 match no current finding)" in result.stderr
    text = target.read_text(encoding="utf-8")
    lines = iter(text.splitlines())
    assert all(line in lines for line in REVIEWED.splitlines())  # every line kept as written, in order
    document = yaml.safe_load(text)
    assert document["settings"] == {"max_findings": 50}
    assert [e["reason"] for e in document["accepted"]] == ["Reviewed: a spoken rounding, not a contradiction.", "new"]
    assert project.run().exit_code == 0
    again = baseline(project, "--force")
    assert again.exit_code == 0 and "0 findings added" in again.stderr
    assert target.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("existing", ["accepted: []\n", "accepted:\n", "settings: {max_findings: 7}\n", "# only a comment\n", "",
                                      "accepted: [{fingerprint: 0123456789abcdef, reason: kept}]\nsettings: {max_findings: 7}\n"])
def test_forced_baseline_merges_into_any_layout(project, existing):
    project.source("a", "2025-06-01", CLASH)
    target = project.rules / "accepted.yaml"
    target.write_text(existing, encoding="utf-8")
    result = baseline(project, "--force")
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    old = yaml.safe_load(existing) or {}
    assert {k: v for k, v in document.items() if k != "accepted"} == {k: v for k, v in old.items() if k != "accepted"}
    assert len(document["accepted"]) == len(old.get("accepted") or []) + 1
    assert project.run().exit_code == 0


def test_forced_baseline_refuses_a_file_it_cannot_merge(project):
    project.source("a", "2025-06-01", CLASH)
    target = project.root / "baseline.yaml"  # outside the rules folder, so the rules still load
    for text in ("- just a list\n", "accepted: not a list\n", "accepted: [\n"):
        target.write_text(text, encoding="utf-8")
        result = baseline(project, "--force", "--output", str(target))
        assert result.exit_code == 2 and "cannot add the findings" in result.stderr
        assert target.read_text(encoding="utf-8") == text


# -- extract ---------------------------------------------------------------------------


def extract(*args: str):
    from click.testing import CliRunner

    return CliRunner().invoke(main, ["extract", "--published", "2021-11-02", "--rules", str(REPO / "rules"), *args], catch_exceptions=False)


ARTICLE = "Since November 10, 2020, 167 citizens have been trapped by landmines, of which 33 died.\n"


def test_extract_gives_every_input_its_own_draft(tmp_path):
    names = ["a/report.txt", "b/report.txt", "доклад.txt", "отчёт.txt", "Report.txt"]
    for number, name in enumerate(names):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(ARTICLE.replace("33", str(40 + number)), encoding="utf-8")
    out = tmp_path / "drafts"
    result = extract(*(str(tmp_path / n) for n in names), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    drafts = sorted(out.iterdir())
    assert len(drafts) == len(names)
    values = {yaml.safe_load(d.read_text(encoding="utf-8"))["claims"][1]["value"] for d in drafts}
    assert values == {str(40 + n) for n in range(len(names))}
    again = tmp_path / "again"
    assert extract(*(str(tmp_path / n) for n in reversed(names)), "--output", str(again)).exit_code == 0
    assert [p.name for p in sorted(again.iterdir())] == [p.name for p in drafts]  # stable names
    assert check_folder(out).exit_code == 0  # distinct source ids: the drafts load together


def check_folder(folder: Path):
    from click.testing import CliRunner

    return CliRunner().invoke(main, ["check", str(folder), "--rules", str(REPO / "rules"), "--fail-on", "never"], catch_exceptions=False)


def test_extract_keeps_plain_names_when_they_do_not_collide(tmp_path):
    (tmp_path / "note.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "Zürich.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "drafts"
    assert extract(str(tmp_path / "note.txt"), str(tmp_path / "Zürich.txt"), "--output", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["Zurich.claims.yaml", "note.claims.yaml"]


def test_extract_output_problems_are_one_line_errors(tmp_path):
    article = tmp_path / "note.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    for output in (a_file, a_file / "sub", Path("/proc/checker-cannot-create"), REPO / "rules", REPO / "rules" / "drafts"):
        result = extract(str(article), "--output", str(output))
        assert result.exit_code == 2, output
        [line] = result.stderr.splitlines()
        assert line.startswith(f"error: {output}"), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "note.txt"]
    assert not (REPO / "rules" / "drafts").exists()


def test_extract_never_writes_a_draft_over_its_input(tmp_path):
    article = tmp_path / "note.claims.yaml"  # a draft name that is the input itself
    article.write_text(ARTICLE, encoding="utf-8")
    result = extract(str(article.parent / "note.claims.yaml"), "--output", str(tmp_path), "--force")
    # the draft of "note.claims.yaml" is "note.claims.claims.yaml": not the input
    assert result.exit_code == 0 and article.read_text(encoding="utf-8") == ARTICLE
    twin = tmp_path / "twin.txt"
    twin.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "d").mkdir()
    os.link(twin, tmp_path / "d" / "twin.claims.yaml")
    result = extract(str(twin), "--output", str(tmp_path / "d"), "--force")
    assert result.exit_code == 2 and "an input of this run" in result.stderr
    assert twin.read_text(encoding="utf-8") == ARTICLE


def test_extract_write_failure_is_a_one_line_error(tmp_path, monkeypatch):
    from checker.report import write as write_module

    article = tmp_path / "note.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write_module.tempfile, "mkstemp", read_only)
    result = extract(str(article), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'out' / 'note.claims.yaml'}: cannot write the draft: Permission denied"]


# -- SIGTERM ---------------------------------------------------------------------------


SIGTERM_DURING_WRITE = textwrap.dedent("""
    import os, signal, sys
    real_fsync = os.fsync

    def fsync_then_terminate(fd):
        # A real SIGTERM while the report is in the temp file, not yet renamed over the old one.
        os.kill(os.getpid(), signal.SIGTERM)
        real_fsync(fd)

    os.fsync = fsync_then_terminate
    from checker.cli import main
    sys.argv = ["checker", *sys.argv[1:]]
    main()
""")


@pytest.mark.parametrize("command", ["check", "extract"])
def test_sigterm_during_writing_leaves_the_previous_file_and_no_temp(tmp_path, command):
    project = Project(tmp_path)
    project.source("s", "2021-11-02", GOOD)
    if command == "check":
        out = tmp_path / "audit.md"
        args = ["check", str(project.claims), "--rules", str(project.rules), "--format", "markdown", "--output", str(out)]
        folder = tmp_path
    else:
        folder = tmp_path / "drafts"
        folder.mkdir()
        (tmp_path / "note.txt").write_text(ARTICLE, encoding="utf-8")
        out = folder / "note.claims.yaml"
        args = ["extract", str(tmp_path / "note.txt"), "--published", "2021-11-02", "--rules", str(REPO / "rules"), "--output", str(folder), "--force"]
    out.write_text("the previous file\n", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    result = subprocess.run([sys.executable, "-c", SIGTERM_DURING_WRITE, *args], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous file\n"
    assert sorted(p.name for p in folder.iterdir()) == before


def test_known_files_find_a_file_again_by_real_path_or_inode_and_nothing_else(tmp_path):
    """KnownFiles answers same_file's question in one lookup (extract plans thousands of articles)."""
    import os

    from checker.report.write import KnownFiles, same_file

    first, other = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a", encoding="utf-8")
    other.write_text("a", encoding="utf-8")  # same content, another file
    os.symlink(first, tmp_path / "link.txt")
    os.link(first, tmp_path / "hard.txt")
    known = KnownFiles([first])
    for path in (tmp_path / "link.txt", tmp_path / "hard.txt", tmp_path / "sub" / ".." / "a.txt"):
        assert known.match(path) == first and same_file(path, first)
    assert known.match(other) is None and not same_file(other, first)
    assert known.match(tmp_path / "missing.txt") is None
