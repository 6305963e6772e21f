"""No data loss: inputs are never modified; an interrupted write leaves the old report and no debris."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker.report import write as write_module
from checker.report.write import write_atomic
from support import REPO, Project

GOOD = '- {metric: deaths, value: 33, window: since end_of_war, quote: "33 died"}'


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_inputs_are_untouched_by_good_and_bad_runs(project):
    project.source("a", "2021-11-02", GOOD)
    project.source("b", "2021-11-03", '- {metric: deaths, value: 30, window: since end_of_war, quote: "30 died"}')
    (project.claims / "c.csv").write_text("source_id,source_title,publisher,published,metric,value,quote\n", encoding="utf-8")
    before = snapshot(project.claims) | snapshot(project.rules)
    for fmt in ("terminal", "markdown", "json"):
        project.run("--format", fmt, "--output", str(project.root / f"r.{fmt}"), "--markdown", str(project.root / "m.md"))
    project.source("bad", "2021-13-01", GOOD)
    before["bad.yaml"] = snapshot(project.claims)["bad.yaml"]
    assert project.run().exit_code == 2
    assert snapshot(project.claims) | snapshot(project.rules) == before


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
def test_interrupted_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch, stage):
    target = tmp_path / "report.md"
    target.write_text("previous report", encoding="utf-8")
    calls = {"n": 0}

    def interrupt(*args, **kwargs):
        calls["n"] += 1
        raise KeyboardInterrupt

    if stage == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()
                return False

            def write(self, data):
                self.handle.write(data[: len(data) // 2])  # half the report reaches the temp file
                raise KeyboardInterrupt

        monkeypatch.setattr(write_module.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    elif stage == "fsync":
        monkeypatch.setattr(write_module.os, "fsync", interrupt)
    else:
        monkeypatch.setattr(write_module.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new report " * 100_000)
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_unencodable_text_fails_before_touching_the_disk(tmp_path):
    target = tmp_path / "r.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "lone \ud800")
    assert target.read_text(encoding="utf-8") == "old" and len(list(tmp_path.iterdir())) == 1


SIGINT_DURING_WRITE = textwrap.dedent("""
    import os, signal, sys
    real_fsync = os.fsync

    def fsync_then_interrupt(fd):
        # A real SIGINT, delivered while the report is being written (data in the temp file,
        # not yet renamed over the old report).
        os.kill(os.getpid(), signal.SIGINT)
        real_fsync(fd)

    os.fsync = fsync_then_interrupt
    from checker.cli import main
    sys.argv = ["checker", *sys.argv[1:]]
    main()
""")


def test_sigint_during_writing_leaves_the_previous_report(tmp_path):
    project = Project(tmp_path)
    for i in range(40):  # enough claims for a report of some size
        project.source(f"s{i:02d}", "2021-11-02", f'- {{metric: deaths, value: {30 + i}, window: since end_of_war, quote: "{30 + i} died"}}')
    out = tmp_path / "audit.md"
    out.write_text("the previous report\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SIGINT_DURING_WRITE, "check", str(project.claims), "--rules", str(project.rules),
         "--format", "markdown", "--output", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode not in (0, 2)  # interrupted: neither clean nor an input error
    assert "Traceback" not in result.stderr and result.stderr.strip().endswith("Aborted!")
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.md", "claims", "rules"]
