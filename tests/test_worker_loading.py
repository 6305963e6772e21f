"""`checker check --engine dask` on Parquet claims loaded by the workers (checker/worker_loading.py):
a partitioned dataset (a folder of Parquet files) and one file read as runs of row groups give
the local engine's report byte for byte, in worker processes and on a dask.distributed cluster;
a problem in the second file, or in a slice from the middle of a file, is named with its file
and line exactly as the local engine names it."""

from __future__ import annotations

import importlib.util
import json
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.corpus import load_corpus
from checker.engine import run_audit
from checker.report.jsonout import render_json
from checker.rules import load_rules
from support import REPO

pa = pytest.importorskip("pyarrow")
pytest.importorskip("dask")
import pyarrow.parquet as pq  # noqa: E402

from checker import worker_loading  # noqa: E402

spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate
spec.loader.exec_module(generate)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """3,000 generated claims: one Parquet file of row groups of 400 rows, and the same claims
    as a dataset of three files (each source in one file, as sources must be)."""
    out = tmp_path_factory.mktemp("parquet")
    frame, rules_text, planted = generate.generate(3_000, 40, 7)
    generate.write(out, frame, rules_text, planted, ("parquet",))
    table = pq.read_table(out / "claims.parquet")
    pq.write_table(table, out / "grouped.parquet", row_group_size=400)
    bucket = pa.array([zlib.crc32(s.encode()) % 3 for s in table.column("source_id").to_pylist()])
    (out / "dataset").mkdir()
    for k in range(3):
        pq.write_table(table.filter(pa.compute.equal(bucket, k)), out / "dataset" / f"part-{k}.parquet", row_group_size=300)
    return out


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args, "--fail-on", "never"], catch_exceptions=False)
    return result.exit_code, result.output


def report(claims: Path, rules: Path, out: Path, *engine: str) -> bytes:
    code, output = check(str(claims), "--rules", str(rules), "--format", "json", "--output", str(out), *engine)
    assert code == 0, output
    return out.read_bytes()


@pytest.fixture
def taken(monkeypatch) -> list:
    """Every result the worker path hands back (None: it left the input to the local loader)."""
    seen: list = []
    original = worker_loading.audit_parquet

    def spy(*args, **kwargs):
        seen.append(original(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(worker_loading, "audit_parquet", spy)
    return seen


def test_a_partitioned_dataset_in_worker_processes_gives_the_local_report(corpus_dir: Path, tmp_path: Path, taken: list) -> None:
    rules = corpus_dir / "rules"
    local = report(corpus_dir / "dataset", rules, tmp_path / "local.json")
    assert report(corpus_dir / "dataset", rules, tmp_path / "dask.json", "--engine", "dask") == local
    assert len(taken) == 1 and taken[0] is not None  # the workers loaded the claims
    one_file = report(corpus_dir / "claims.parquet", rules, tmp_path / "one.json")
    assert placeless(local) == placeless(one_file)  # a dataset means the same claims as one file, at other places


def placeless(report_bytes: bytes):
    """A JSON report without the file and line of each claim."""

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("file", "line")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(json.loads(report_bytes))


def test_the_terminal_report_is_the_local_one(corpus_dir: Path, taken: list) -> None:
    """The terminal summary counts sources, claims and metrics from what this process keeps."""
    outputs = [check(str(corpus_dir / "dataset"), "--rules", str(corpus_dir / "rules"), "--color", "never", "--engine", engine) for engine in ("local", "dask")]
    assert outputs[0] == outputs[1] and outputs[0][0] == 0
    assert taken and taken[0] is not None


def test_one_file_read_as_runs_of_row_groups_gives_the_local_report(corpus_dir: Path) -> None:
    """Slices of two row groups (800 rows) shuffled into partitions of 500 claims: rows read
    from the middle of the file keep its line numbers, and ids the file leaves empty are
    numbered from its first row (<source id>#<n>)."""
    table = pq.read_table(corpus_dir / "claims.parquet")
    ids = [None if k % 3 == 0 else v for k, v in enumerate(table.column("id").to_pylist())]
    pq.write_table(table.set_column(0, "id", pa.array(ids, pa.large_string())), corpus_dir / "unnamed.parquet", row_group_size=400)
    rules = load_rules([corpus_dir / "rules"])
    for name in ("grouped.parquet", "unnamed.parquet"):
        file = corpus_dir / name
        local = run_audit(load_corpus([file], rules), rules)
        parted = worker_loading.audit_parquet([file], rules, None, None, partition_claims=500, scheduler="sync", slice_rows=800)
        assert parted is not None
        assert render_json(parted) == render_json(local)
        assert max(c.line for f in parted.findings for c in f.claims) > 802  # some finding rests on a row past the first slice


def test_a_cluster_loads_the_dataset_and_gives_the_local_report(corpus_dir: Path, tmp_path: Path, taken: list) -> None:
    distributed = pytest.importorskip("distributed")
    rules = corpus_dir / "rules"
    local = report(corpus_dir / "dataset", rules, tmp_path / "local.json")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        clustered = report(corpus_dir / "dataset", rules, tmp_path / "cluster.json", "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert clustered == local
    assert taken and taken[0] is not None


def broken_copy(corpus_dir: Path, tmp_path: Path, file: str, row: int, column: str, value: str | None) -> Path:
    """The dataset with one cell of one file changed."""
    out = tmp_path / "dataset"
    out.mkdir()
    for part in sorted((corpus_dir / "dataset").iterdir()):
        table = pq.read_table(part)
        if part.name == file:
            cells = table.column(column).to_pylist()
            cells[row] = value
            table = table.set_column(table.column_names.index(column), column, pa.array(cells, pa.large_string()))
        pq.write_table(table, out / part.name, row_group_size=300)
    return out


def errors(claims: Path, rules: Path, *engine: str) -> tuple[int, list[str]]:
    code, output = check(str(claims), "--rules", str(rules), *engine)
    return code, [line for line in output.splitlines() if not line.startswith("checker: ")]


def test_an_error_in_the_second_file_names_that_file_and_line(corpus_dir: Path, tmp_path: Path) -> None:
    """Row 450 of part-1.parquet (its second row group) is line 452, as in the CSV of the same rows."""
    broken = broken_copy(corpus_dir, tmp_path, "part-1.parquet", 450, "value", "about lots")
    rules = corpus_dir / "rules"
    code, lines = errors(broken, rules, "--engine", "dask")
    assert code == 2
    assert len(lines) == 1 and "part-1.parquet:452: value" in lines[0]
    assert (code, lines) == errors(broken, rules)


def test_the_same_dataset_unbroken_loads(corpus_dir: Path, tmp_path: Path) -> None:
    """The twin: the dataset copied with a cell rewritten as it was has no error."""
    value = pq.read_table(corpus_dir / "dataset" / "part-1.parquet").column("value")[450].as_py()
    same = broken_copy(corpus_dir, tmp_path, "part-1.parquet", 450, "value", value)
    code, lines = errors(same, corpus_dir / "rules", "--engine", "dask")
    assert code == 0 and lines


def test_what_no_slice_sees_alone_is_an_error_as_in_the_local_engine(corpus_dir: Path, tmp_path: Path) -> None:
    """A claim id repeated across files, and a source of one file reused in another: each file
    (each slice) is valid alone; the input is not, and the errors are the local engine's."""
    first = pq.read_table(corpus_dir / "dataset" / "part-0.parquet")
    rules = corpus_dir / "rules"
    for column, value in (("id", first.column("id")[5].as_py()), ("source_id", first.column("source_id")[0].as_py())):
        folder = tmp_path / column
        folder.mkdir()
        broken = broken_copy(corpus_dir, folder, "part-2.parquet", 10, column, value)
        code, lines = errors(broken, rules, "--engine", "dask")
        assert code == 2 and lines
        assert (code, lines) == errors(broken, rules)
        assert any("part-2.parquet" in line and "part-0.parquet" in line for line in lines)


def test_a_report_of_every_claim_is_loaded_in_this_process(corpus_dir: Path, tmp_path: Path, taken: list) -> None:
    """Markdown lists every claim in its timelines: the main process loads them, same report."""
    rules = corpus_dir / "rules"
    outputs = []
    for engine in ("local", "dask"):
        out = tmp_path / engine / "report.md"  # its charts go beside it, named after it
        out.parent.mkdir()
        code, output = check(str(corpus_dir / "dataset"), "--rules", str(rules), "--format", "markdown", "--output", str(out), "--engine", engine)
        assert code == 0, output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert not taken
