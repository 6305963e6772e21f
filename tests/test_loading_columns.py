"""The columnar loader (CSV, Parquet) builds the same claims table as the YAML and row loaders,
and hands anything invalid to the row loader, whose one-line errors name file and line."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from checker.errors import InputErrors
from checker.corpus import load_corpus
from checker.rules import load_rules
from support import REPO

spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
sys.modules["generate"] = generate
spec.loader.exec_module(generate)

pytest.importorskip("pyarrow")

WHERE = ["file", "line"]  # where a claim was read: differs by file type, nothing else may


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    frame, rules, planted = generate.generate(1500, 30, 5)
    # A few rows that exercise defaults: no id, no qualifier, no window, a scope to normalise.
    frame.loc[3, "id"] = ""
    frame.loc[4, "qualifier"] = ""
    frame.loc[5, "scope"] = "  North   District "
    generate.write(folder, frame, rules, planted)
    return folder


def table(paths: list[Path], rules_folder: Path) -> pd.DataFrame:
    rules = load_rules([rules_folder])
    return load_corpus(paths, rules).claims


def test_the_claims_table_is_the_same_whatever_the_file_type(corpus: Path) -> None:
    from_yaml = table([corpus / "yaml"], corpus / "rules")
    from_csv = table([corpus / "claims.csv"], corpus / "rules")
    from_parquet = table([corpus / "claims.parquet"], corpus / "rules")
    pd.testing.assert_frame_equal(from_csv.drop(columns=WHERE), from_yaml.drop(columns=WHERE))
    pd.testing.assert_frame_equal(from_parquet.drop(columns=WHERE), from_csv.drop(columns=WHERE))
    assert from_parquet["line"].tolist() == from_csv["line"].tolist()


def test_the_columnar_path_gives_what_the_row_path_gives(corpus: Path, monkeypatch) -> None:
    """With pyarrow hidden, CSV takes the row loader: the same table, line numbers included."""
    columnar = table([corpus / "claims.csv"], corpus / "rules")
    monkeypatch.setattr("checker.loading_columns.pyarrow_available", lambda: False)
    rows = table([corpus / "claims.csv"], corpus / "rules")
    pd.testing.assert_frame_equal(columnar, rows)


def test_a_mixed_corpus_of_yaml_and_parquet_loads_as_one_table(corpus: Path, tmp_path: Path) -> None:
    frame = pd.read_parquet(corpus / "claims.parquet")
    sources = sorted(frame["source_id"].unique())
    half = set(sources[: len(sources) // 2])
    frame[frame["source_id"].isin(half)].to_parquet(tmp_path / "half.parquet", index=False)
    for sid in sources[len(sources) // 2:]:
        (tmp_path / f"{sid}.yaml").write_text((corpus / "yaml" / f"{sid}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    mixed = table([tmp_path], corpus / "rules")
    whole = table([corpus / "yaml"], corpus / "rules")
    pd.testing.assert_frame_equal(mixed.drop(columns=WHERE), whole.drop(columns=WHERE))


@pytest.mark.parametrize("column, bad, field", [("value", "twelve", "value"), ("window", "since the flood", "window"), ("metric", "no_such_metric", "metric"),
                                                 ("publisher", "Someone else", "publisher")])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_bad_cell_is_one_error_with_its_file_and_line(corpus: Path, tmp_path: Path, column: str, bad: str, field: str, suffix: str) -> None:
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    row = 6 if column != "publisher" else int(frame.index[frame["source_id"] == frame.loc[0, "source_id"]][1])
    frame.loc[row, column] = bad
    target = tmp_path / f"claims{suffix}"
    frame.to_csv(target, index=False) if suffix == ".csv" else frame.to_parquet(target, index=False)
    with pytest.raises(InputErrors) as caught:
        table([target], corpus / "rules")
    assert [(i.line, i.field) for i in caught.value.issues] == [(row + 2, field)]


def test_a_valid_file_raises_nothing(corpus: Path) -> None:
    """The twin of the bad cells above."""
    assert len(table([corpus / "claims.parquet"], corpus / "rules")) == 1500
