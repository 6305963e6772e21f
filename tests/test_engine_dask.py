"""`checker check --engine dask` gives the local engine's report byte for byte: on the bundled
corpus (relations, derived claims, accepted findings) and on a generated corpus of 10,000 claims,
with partitions small enough that every component of metrics is audited apart."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.corpus import load_corpus
from checker.engine import run_audit
from checker.report import render_markdown
from checker.report.jsonout import render_json
from checker.rules import load_rules
from click.testing import CliRunner

from checker.cli import main
from support import REPO

dask = pytest.importorskip("dask")
from checker import engine_dask  # noqa: E402  (needs dask)

spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate
spec.loader.exec_module(generate)


def bundled():
    rules = load_rules([REPO / "rules"])
    return load_corpus([REPO / "claims"], rules), rules


def test_the_cli_report_is_byte_identical(tmp_path: Path) -> None:
    local, parted = tmp_path / "local.json", tmp_path / "dask.json"
    for engine, out in (("local", local), ("dask", parted)):
        result = CliRunner().invoke(main, ["check", str(REPO / "claims"), "--rules", str(REPO / "rules"), "--format", "json", "--output", str(out),
                      "--fail-on", "never", "--engine", engine], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert parted.read_bytes() == local.read_bytes()


def test_one_partition_per_component_gives_the_same_reports() -> None:
    corpus, rules = bundled()
    local = run_audit(corpus, rules)
    parted = engine_dask.run_audit_dask(corpus, rules, partition_claims=1, scheduler="sync")
    assert render_json(parted) == render_json(local)
    assert render_markdown(parted) == render_markdown(local)


def test_a_generated_corpus_of_10000_claims_in_worker_processes(tmp_path: Path) -> None:
    frame, rules_text, planted = generate.generate(10_000, 100, 4)
    generate.write(tmp_path, frame, rules_text, planted, ("parquet",))
    rules = load_rules([tmp_path / "rules"])
    corpus = load_corpus([tmp_path / "claims.parquet"], rules)
    parted = engine_dask.run_audit_dask(corpus, rules, partition_claims=2_000, scheduler="processes", workers=2)
    assert render_json(parted) == render_json(run_audit(corpus, rules))


def test_metrics_a_relation_links_share_a_component() -> None:
    _, rules = bundled()
    components = engine_dask.metric_components(sorted(rules.metrics), rules.relations)
    for relation in rules.relations:
        assert len({components[m] for m in relation.metrics()}) == 1, relation.id


def test_splitting_a_relation_across_partitions_changes_the_report(monkeypatch) -> None:
    """The twin: without the union-find, a relation's metrics land in different partitions and
    its findings are lost, so the byte comparison above has teeth."""
    corpus, rules = bundled()
    assert any(f.rule in ("parts-sum", "share-consistency", "stock-flow", "scope-subset") for f in run_audit(corpus, rules).findings)
    monkeypatch.setattr(engine_dask, "metric_components", lambda metrics, relations: {m: m for m in metrics})
    parted = engine_dask.run_audit_dask(corpus, rules, partition_claims=1, scheduler="sync")
    assert render_json(parted) != render_json(run_audit(corpus, rules))


distributed = pytest.importorskip("distributed")


# distributed's own sockets and event loops warn at shutdown: not ours to fix.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_running_cluster_gives_the_same_report(tmp_path: Path) -> None:
    """`--scheduler ADDRESS`: partitions travel to a dask.distributed cluster (a worker process
    here, so claims, rules and findings really cross a process boundary) and the report is the
    local engine's, byte for byte."""
    local, clustered = tmp_path / "local.json", tmp_path / "cluster.json"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        for out, extra in ((local, []), (clustered, ["--engine", "dask", "--scheduler", cluster.scheduler_address])):
            result = CliRunner().invoke(main, ["check", str(REPO / "claims"), "--rules", str(REPO / "rules"), "--format", "json",
                                               "--output", str(out), "--fail-on", "never", *extra], catch_exceptions=False)
            assert result.exit_code == 0, result.output
    assert clustered.read_bytes() == local.read_bytes()


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch) -> None:
    monkeypatch.setattr(engine_dask, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(main, ["check", str(REPO / "claims"), "--rules", str(REPO / "rules"), "--engine", "dask",
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "cannot reach the dask scheduler at tcp://127.0.0.1:9" in result.output


def test_a_scheduler_without_the_dask_engine_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["check", str(REPO / "claims"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
