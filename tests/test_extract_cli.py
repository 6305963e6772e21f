"""`checker extract` on many files, and which rules extract and check use (issue 12, items 7 and 9)."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import main

RULES = "metrics:\n  - {id: boats_sunk, label: Boats sunk, kind: cumulative, unit: count, aliases: [boats sank, boats]}\n"
ARTICLE = "title: River report\npublished: 2024-01-02\n\nOfficials said 40 boats sank on the river.\n"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def drafts(folder: Path) -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.claims.yaml"))}


def test_folders_are_read_with_their_subfolders_and_only_article_files(tmp_path: Path):
    (tmp_path / "in" / "2024").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "2024" / "b.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "in" / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    result = run("extract", str(tmp_path / "in"), "--rules", str(tmp_path / "rules.yaml"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    got = drafts(tmp_path / "out")
    assert sorted(got) == ["a.claims.yaml", "b.claims.yaml"]
    assert [c["metric"] for c in got["a.claims.yaml"]["claims"]] == ["boats_sunk"]


def test_standard_input_is_an_article(tmp_path: Path):
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    result = run("extract", "-", "--rules", str(tmp_path / "rules.yaml"), "--output", "-", stdin=ARTICLE)
    assert result.exit_code == 0
    document = yaml.safe_load(result.stdout)
    assert document["source"]["id"] == "stdin"
    assert [c["value"] for c in document["claims"]] == ["40"]


def test_a_failing_file_does_not_stop_the_others_and_every_failure_is_listed(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    (folder / "c.txt").write_text("No date here, and 12 boats.\n", encoding="utf-8")
    (folder / "d.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    result = run("extract", str(folder), "--rules", str(tmp_path / "rules.yaml"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert sorted(drafts(tmp_path / "out")) == ["a.claims.yaml", "d.claims.yaml"]
    assert "b.txt" in result.stderr and "c.txt" in result.stderr
    assert "2 of 4 inputs failed" in result.stderr


def test_a_missing_input_is_a_one_line_error(tmp_path: Path):
    result = run("extract", str(tmp_path / "nowhere.txt"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nowhere.txt" in result.stderr and "Traceback" not in result.output


def test_extract_without_rules_says_so_and_drafts_no_topic(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("extract", "a.txt", "--output", "out")
    assert result.exit_code == 0
    assert "no rules/ folder" in result.stderr
    assert [c["metric"] for c in drafts(Path("out"))["a.claims.yaml"]["claims"]] == ["unresolved"]
    # twin: with a rules/ folder here it is used, without a note
    Path("rules").mkdir()
    Path("rules/metrics.yaml").write_text(RULES, encoding="utf-8")
    result = run("extract", "a.txt", "--output", "out", "--force")
    assert result.exit_code == 0 and result.stderr == ""
    assert [c["metric"] for c in drafts(Path("out"))["a.claims.yaml"]["claims"]] == ["boats_sunk"]


def test_check_never_reads_the_demo_rules_for_your_claims(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("claims").mkdir()
    result = run("check")
    assert result.exit_code == 2
    assert "no rules" in result.stderr


def test_check_with_nothing_here_audits_the_demo_with_a_note(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0
    assert "bundled demo corpus" in result.stderr
    # twin: asked for by name, there is no note
    result = run("check", "--demo", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0 and result.stderr == ""


def test_check_with_rules_but_no_claims_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("rules").mkdir()
    Path("rules/metrics.yaml").write_text(RULES, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2
    assert "no claims" in result.stderr


def test_the_dask_engine_writes_the_same_drafts_and_the_same_errors(tmp_path: Path):
    """`extract --engine dask` drafts in worker processes: the same files, byte for byte, and a
    failing article is listed while the others are written, as with the local engine."""
    import pytest

    pytest.importorskip("dask")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"a{i:02d}.txt").write_text(ARTICLE.replace("40 boats", f"{40 + i} boats"), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    results = {}
    for engine in ("local", "dask"):
        results[engine] = run("extract", str(folder), "--rules", str(tmp_path / "rules.yaml"), "--output", str(tmp_path / engine), "--engine", engine)
        assert results[engine].exit_code == 2 and "b.txt" in results[engine].stderr
    local = {p.name: p.read_bytes() for p in (tmp_path / "local").iterdir()}
    assert len(local) == 12
    assert local == {p.name: p.read_bytes() for p in (tmp_path / "dask").iterdir()}
    assert results["dask"].stderr.strip() == results["local"].stderr.strip()  # the local progress bar leaves a blank line
