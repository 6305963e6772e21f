"""CI formats: GitHub annotations and job summary, SARIF 2.1.0, the pre-commit hook and the
README's GitHub Actions workflow, run as far as they can be offline.

tests/schemas/sarif-schema-2.1.0.json is the official schema, as published by the OASIS SARIF
technical committee (sarif-spec, Documents/CommitteeSpecifications/2.1.0), unchanged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker.cli import main
from checker.report.github import SUMMARY_LIMIT, annotation, escape_data, escape_property, job_summary
from support import FIXTURES, REPO

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DRAFT = "tests/fixtures/gate/draft-new-article.md"
CORRECTED = "tests/fixtures/gate/draft-new-article-corrected.md"
GOLDEN = FIXTURES / "gate" / "draft-new-article.github.txt"
BIN = Path(sys.executable).parent
ANNOTATION_RE = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+(,col=\d+)?,title=[^:]+::.+$")


@pytest.fixture
def at_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def run(runner, *args: str, env: dict | None = None):
    result = runner.invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def sarif_errors(text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(json.loads(text))]


# --- GitHub annotations -------------------------------------------------------------------


def test_gate_annotations_match_the_golden_file(runner, at_repo):
    # Regenerate on purpose only, from the repo root:
    #   checker gate tests/fixtures/gate/draft-new-article.md --claims claims --rules rules --format github > tests/fixtures/gate/draft-new-article.github.txt
    code, out, _ = run(runner, "gate", DRAFT, "--claims", "claims", "--rules", "rules", "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})
    assert code == 1
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_gate_annotations_are_one_line_each_in_the_documented_format(runner, at_repo):
    _, out, _ = run(runner, "gate", DRAFT, "--claims", "claims", "--rules", "rules", "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})
    lines = out.splitlines()
    assert lines and all(ANNOTATION_RE.match(line) for line in lines)
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels.count("::error") == 1 and levels.count("::warning") == 1  # the two conflicts
    assert lines[0].startswith(f"::error file={DRAFT},line=11,col=40,title=checker gate%3A cumulative-containment::")


def test_a_corrected_draft_has_no_error_or_warning_annotation(runner, at_repo):
    code, out, _ = run(runner, "gate", CORRECTED, "--claims", "claims", "--rules", "rules", "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})
    assert code == 0
    assert all(line.startswith("::notice ") for line in out.splitlines())


def test_check_annotations_cover_every_finding_not_accepted(runner, at_repo):
    code, out, _ = run(runner, "check", "--format", "github", env={"GITHUB_STEP_SUMMARY": ""})
    assert code == 1
    lines = out.splitlines()
    assert all(ANNOTATION_RE.match(line) for line in lines)
    _, text, _ = run(runner, "check", "--format", "json")
    findings = json.loads(text)["findings"]
    assert len(lines) == sum(f["accepted"] is None for f in findings)
    assert {line.split(" ", 1)[0] for line in lines} == {"::error", "::warning", "::notice"}


def test_select_and_ignore_filter_check_findings(runner, at_repo):
    _, out, _ = run(runner, "check", "--format", "json", "--select", "stale-figure")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"stale-figure"}
    code, out, _ = run(runner, "check", "--format", "json", "--ignore", "cumulative-containment,share-consistency", "--ignore", "stock-flow")
    assert code == 0  # the errors left are accepted ones
    assert {f["rule"] for f in json.loads(out)["findings"]}.isdisjoint({"cumulative-containment", "share-consistency", "stock-flow"})
    code, _, err = run(runner, "check", "--select", "rate-jumps")
    assert code == 2 and "--select: unknown check 'rate-jumps'" in err


def test_escaping_keeps_each_annotation_on_one_line():
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z") == "x%3Ay%2Cz"
    line = annotation("error", "dir/a,b:c.md", 3, 7, "t: 1", "two\nlines 100%")
    assert line == "::error file=dir/a%2Cb%3Ac.md,line=3,col=7,title=t%3A 1::two%0Alines 100%25"


def test_job_summary_is_written_when_github_says_where(runner, at_repo, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, _, _ = run(runner, "gate", DRAFT, "--claims", "claims", "--rules", "rules", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# checker gate")  # appended, as GitHub expects
    assert "| # | Figure | Verdict | Against what |" in text


def test_job_summary_is_cut_under_the_limit_with_a_pointer():
    report = "\n".join(f"| {n} | a row of the verdict table |" for n in range(100_000))
    cut = job_summary(report, "The full report is in gate-report.md.")
    assert len(cut.encode("utf-8")) <= SUMMARY_LIMIT < 1024 * 1024
    assert cut.rstrip().endswith("The full report is in gate-report.md.")
    assert "| 0 | a row" in cut and "| 99999 |" not in cut
    small = job_summary("# short\n", "unused")
    assert small == "# short\n"


# --- SARIF --------------------------------------------------------------------------------


def test_gate_sarif_validates_against_the_official_schema(runner, at_repo):
    code, out, _ = run(runner, "gate", DRAFT, CORRECTED, "--claims", "claims", "--rules", "rules", "--format", "sarif")
    assert code == 1
    assert sarif_errors(out) == []
    run_ = json.loads(out)["runs"][0]
    rules = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    failing = [r for r in run_["results"] if r["level"] in ("error", "warning")]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in failing] == [("cumulative-containment", 11), ("stale-figure", 15)]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run_["results"])


def test_check_sarif_validates_and_marks_accepted_findings_suppressed(runner, at_repo, tmp_path):
    # The bundled rules accept nothing: accept two findings in a copy of them.
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    fingerprints = [f["fingerprint"] for f in json.loads(run(runner, "check", "--format", "json")[1])["findings"][:2]]
    (rules / "accepted.yaml").write_text("accepted:\n" + "".join(f"  - {{fingerprint: {fp}, reason: reviewed}}\n" for fp in fingerprints), encoding="utf-8")
    code, out, _ = run(runner, "check", "--rules", str(rules), "--format", "sarif")
    assert code == 1
    assert sarif_errors(out) == []
    results = json.loads(out)["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 2 and {r["suppressions"][0]["kind"] for r in suppressed} == {"external"}
    assert all(r["partialFingerprints"]["checkerFinding/v1"] for r in results)


def test_an_invalid_log_fails_the_schema():
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "checker"}}, "results": [{"level": "fatal", "message": {"text": "x"}}]}]}
    assert sarif_errors(json.dumps(bad))


# --- pre-commit hook ----------------------------------------------------------------------


def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "checker-gate")


def run_hook(cwd: Path, files: list[str]) -> subprocess.CompletedProcess:
    """What pre-commit does with the hook: entry + args + the staged files of its types."""
    spec = hook()
    command = spec["entry"].split() + spec.get("args", []) + [f for f in files if f.endswith((".md", ".markdown"))]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_pre_commit_hook_is_declared_for_markdown():
    spec = hook()
    assert spec["language"] == "python" and spec["types"] == ["markdown"] and spec["entry"] == "checker gate"


def test_the_pre_commit_hook_runs_on_a_sample_draft(tmp_path):
    shutil.copytree(REPO / "claims", tmp_path / "claims")
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "drafts").mkdir()
    shutil.copy(REPO / DRAFT, tmp_path / "drafts" / "bad.md")
    shutil.copy(REPO / CORRECTED, tmp_path / "drafts" / "good.md")
    failing = run_hook(tmp_path, ["drafts/bad.md", "notes.txt"])
    assert failing.returncode == 1, failing.stderr
    assert "cumulative-containment" in failing.stdout
    passing = run_hook(tmp_path, ["drafts/good.md"])
    assert passing.returncode == 0, passing.stderr


# --- the README's GitHub Actions workflow -------------------------------------------------


def readme_workflow() -> dict:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "checker gate" in b)
    return yaml.safe_load(block)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True, capture_output=True)


def pull_request(tmp_path: Path, draft: str) -> Path:
    """A base repository with the corpus and a clone with one commit adding `draft`."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    shutil.copytree(REPO / "claims", origin / "claims")
    shutil.copytree(REPO / "rules", origin / "rules")
    (origin / "notes.md").write_text("Not a draft: 12,000 words.\n", encoding="utf-8")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "corpus")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "draft")
    (work / "drafts").mkdir()
    shutil.copy(REPO / draft, work / "drafts" / "new-article.md")
    (work / "notes.md").write_text("Changed, still not a draft: 13,000 words.\n", encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "draft")
    return work


def run_workflow(work: Path, summary: Path) -> list[subprocess.CompletedProcess]:
    """The workflow's shell steps, as a runner would run them; installing and actions are GitHub's."""
    steps = readme_workflow()["jobs"]["gate"]["steps"]
    env = {**os.environ, "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = []
    for step in steps:
        script = step.get("run")
        if script is None or script.startswith("python -m pip install"):
            continue
        done.append(subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300))
    return done


def test_the_readme_workflow_gates_the_drafts_of_a_pull_request(tmp_path):
    work = pull_request(tmp_path, DRAFT)
    summary = tmp_path / "summary.md"
    (result,) = run_workflow(work, summary)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=drafts/new-article.md,line=11,col=40,")
    assert all(ANNOTATION_RE.match(line) for line in lines) and "notes.md" not in result.stdout
    assert "| # | Figure | Verdict |" in summary.read_text(encoding="utf-8")
    assert (work / "gate-report.md").is_file()


def test_the_readme_workflow_passes_a_corrected_draft(tmp_path):
    work = pull_request(tmp_path, CORRECTED)
    (result,) = run_workflow(work, tmp_path / "summary.md")
    assert result.returncode == 0, result.stderr


def test_the_readme_workflow_uses_the_documented_steps():
    workflow = readme_workflow()
    uses = [step.get("uses", "") for step in workflow["jobs"]["gate"]["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses) and any(u.startswith("actions/upload-artifact@") for u in uses)
    assert workflow[True]["pull_request"]["paths"] == ["drafts/**.md"]  # YAML 1.1 reads `on` as true
