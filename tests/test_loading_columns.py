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


# -- the columnar loader's own readings, each against the reader it stands for ---------------

import math  # noqa: E402
from collections import Counter  # noqa: E402
import sys as _sys  # noqa: E402

import numpy as np  # noqa: E402
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checker.frames import coded_order, sorted_positions  # noqa: E402
from checker.loading import Provenance  # noqa: E402
from checker.loading_columns import FIGURE_COLUMNS, FIGURE_FIELDS, WHITESPACE, as_printed_steps, intervals_of, plain_integers  # noqa: E402
from checker.values import QualifierRule, as_printed, parse_figure, to_interval  # noqa: E402

FAST = settings(max_examples=300, deadline=None)


def test_the_whitespace_arrow_strips_is_what_str_strip_strips() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(_sys.maxunicode + 1)) if c.isspace()}


GROUPED = st.builds(lambda head, groups: ",".join([str(head), *(f"{g:03d}" for g in groups)]), st.integers(1, 999), st.lists(st.integers(0, 999), max_size=5))
PLAIN = st.one_of(GROUPED, st.from_regex(r"\A[0-9]{1,20}\Z"))


@FAST
@given(st.lists(st.tuples(PLAIN, st.booleans()), min_size=1, max_size=10), st.booleans())
@example([("0010", False), ("0100", True), ("1100", False)], True)  # leading zeros are not significant digits
def test_plain_integers_read_as_parse_figure_reads_them(cases, trailing_zeros: bool) -> None:
    texts = [text for text, _ in cases]
    steps = np.array([1.0 if continuous else 0.0 for _, continuous in cases])
    plain, figures = plain_integers(texts, trailing_zeros, steps)
    for k, (text, continuous) in enumerate(cases):
        if len(text.replace(",", "")) > 15:
            assert not plain[k]  # left to parse_figure
            continue
        figure = parse_figure(text, trailing_zeros, integer_step=steps[k], count=not continuous, share=continuous)
        assert plain[k]
        assert [figures[name][k] for name in FIGURE_COLUMNS] == [getattr(figure, name) for name in FIGURE_COLUMNS]


@pytest.mark.parametrize("text", ["1.5", "1,5", "12,34", "-3", "3 400", "3,400 million", "10-13", "about 5", "٣٤٠٠", "1,0000", ",100", "half", "1" * 16])
def test_any_other_figure_is_left_to_parse_figure(text: str) -> None:
    """The twin of the test above: what is not a plain integer is not read here."""
    plain, _ = plain_integers(["12", text], True, np.zeros(2))
    assert plain.tolist() == [True, False]


NUMBER = st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 2))
FACTOR = st.one_of(st.sampled_from([0.0, 0.9, 0.95, 1.0, 1.05, 1.5]), st.floats(0, 3, allow_nan=False), st.just(math.inf))


@FAST
@given(st.lists(st.tuples(NUMBER, NUMBER, st.sampled_from([0.0, 0.5, 1.0, 100.0]), st.sampled_from([0.0, 1.0, 10.0]), FACTOR, FACTOR,
                          st.booleans(), st.booleans(), st.booleans(), st.sampled_from([0.0, 0.5, 100.0, 200.0])), min_size=1, max_size=20))
def test_intervals_as_arrays_are_to_interval_bound_for_bound(cases) -> None:
    from checker.values import Figure

    figures, rules = [], []
    for a, b, step, exact_step, low, high, low_open, high_open, rounding, cut in cases:
        figures.append(Figure(str(a), min(a, b), max(a, b), step, step * 2, printed_range=a != b, low_exact_step=exact_step, high_exact_step=exact_step,
                              high_cut_step=cut))
        rules.append(QualifierRule("q", low, high, low_open, high_open, rounding))
    field = {name: np.array([getattr(f, name) for f in figures], float) for name in FIGURE_FIELDS}
    rule = {name: np.array([getattr(q, name) for q in rules]) for name in ("low", "high", "low_open", "high_open", "rounding")}
    low, high = intervals_of(field["low"], field["high"], field["low_step"], field["high_step"], field["high_cut_step"], rule)
    steps = as_printed_steps(field["low_step"], field["high_step"], field["low_exact_step"], field["high_exact_step"], field["high_cut_step"])
    exact_low, exact_high = intervals_of(field["low"], field["high"], *steps, rule)
    for k, (figure, qualifier) in enumerate(zip(figures, rules)):
        interval, exact = to_interval(figure, qualifier), to_interval(as_printed(figure), qualifier)
        assert (low[k], high[k]) == (interval.low, interval.high)
        assert (exact_low[k], exact_high[k]) == (exact.low, exact.high)


TEXTS = st.sampled_from(["", "a", "b", "ab", "B", "é"])


@FAST
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([math.nan, 1.0, 2.0, -0.5]), TEXTS, TEXTS), min_size=1, max_size=40))
def test_the_coded_order_is_the_sorted_order(rows) -> None:
    """The order of a table held as codes is sorted_positions' order of the same table, ties
    broken by the text columns as sort_values breaks them."""
    group, number, text, last = (list(column) for column in zip(*rows))
    frame = pd.DataFrame({"group": pd.Series(group), "number": pd.Series(number), "text": pd.Series(text, dtype=object),
                          "last": pd.Series(last, dtype=object)})
    distinct_numbers = np.array([math.nan, 1.0, 2.0, -0.5])
    columns = {"group": (np.arange(4), np.array(group)), "number": (distinct_numbers, np.array([int(np.flatnonzero((distinct_numbers == x) | (np.isnan(distinct_numbers) & np.isnan(x)))[0]) for x in number])),
               "text": (np.array(text, dtype=object), None), "last": (np.array(last, dtype=object), None)}
    keys = ["group", "number", "text", "last"]
    assert coded_order(columns, keys, len(rows)).tolist() == sorted_positions(frame, keys).tolist()


@FAST
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.sampled_from([math.nan, 0.0, 3.0, -1.5]), st.integers(0, 3)), min_size=1, max_size=40),
       st.sampled_from([2, 8, 50, 1 << 62]))
def test_coded_keys_sorted_as_one_number_keep_the_order(rows, bound: int) -> None:
    """Neighbouring coded keys sorted as one combined number (begun anew before it would pass
    `bound`) order the rows as the keys in turn do."""
    from checker.frames import CombinedRanks

    first, second, number, last = (list(column) for column in zip(*rows))
    frame = pd.DataFrame({"first": pd.Series([f"t{x}" for x in first], dtype=object), "second": pd.Series(second),
                          "number": pd.Series(number), "last": pd.Series([f"u{x}" for x in last], dtype=object)})
    distinct_numbers = np.array([math.nan, 0.0, 3.0, -1.5])
    columns = {"first": (np.array([f"t{x}" for x in range(6)], dtype=object), np.array(first)), "second": (np.arange(3), np.array(second)),
               "number": (distinct_numbers, np.array([[0, 1, 2, 3][[0.0, 3.0, -1.5].index(x) + 1] if not math.isnan(x) else 0 for x in number])),
               "last": (np.array([f"u{x}" for x in range(4)], dtype=object), np.array(last))}
    keys = ["first", "second", "number", "last"]
    old, CombinedRanks.BOUND = CombinedRanks.BOUND, bound
    try:
        assert coded_order(columns, keys, len(rows)).tolist() == sorted_positions(frame, keys).tolist()
    finally:
        CombinedRanks.BOUND = old


def test_provenance_counts_the_unread_claims_without_a_dict_of_them() -> None:
    provenance = Provenance({"a": "verified", "b": "not found"}, (np.array(["c", "d"], dtype=object),))
    assert len(provenance) == 4 and sorted(provenance) == ["a", "b", "c", "d"]
    assert sorted(provenance.values()) == ["not found", "not verified", "not verified", "verified"]
    assert provenance["a"] == "verified" and provenance.get("d") == "not verified" and provenance.get("e", "none") == "none"
    with pytest.raises(KeyError):
        provenance["e"]
    assert provenance.counts() == Counter(provenance.values())
    assert Provenance({"a": "verified"}).counts() == Counter({"verified": 1})  # none unread: no zero count added


# -- flat files that the columnar loader must read as the row loader does -------------------


def _as_csv(frame: pd.DataFrame, target: Path, newline: str = "\n", bom: bool = False) -> Path:
    text = frame.to_csv(index=False, lineterminator=newline)
    target.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return target


@pytest.mark.parametrize("newline, bom", [("\r\n", False), ("\n", True)])
def test_crlf_and_a_byte_order_mark_read_as_the_row_loader_reads_them(corpus: Path, tmp_path: Path, newline: str, bom: bool, monkeypatch) -> None:
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    target = _as_csv(frame, tmp_path / "claims.csv", newline, bom)
    columnar = table([target], corpus / "rules")
    monkeypatch.setattr("checker.loading_columns.pyarrow_available", lambda: False)
    pd.testing.assert_frame_equal(columnar, table([target], corpus / "rules"))


def test_a_source_written_with_stray_spaces_is_one_source(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """Rows of a source agree once stripped, as the row loader strips them."""
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    rows = frame.index[frame["source_id"] == frame.loc[0, "source_id"]]
    frame.loc[rows[1], "source_title"] = f"  {frame.loc[rows[1], 'source_title']} "
    frame.loc[rows[1], "publisher"] = f"{frame.loc[rows[1], 'publisher']}\u00a0"
    target = _as_csv(frame, tmp_path / "claims.csv")
    columnar = table([target], corpus / "rules")
    monkeypatch.setattr("checker.loading_columns.pyarrow_available", lambda: False)
    pd.testing.assert_frame_equal(columnar, table([target], corpus / "rules"))


@pytest.mark.parametrize("cell, field", [("a\x07b", None), ("a\x85b", None), ("\x00", None)])
def test_a_control_character_in_a_cell_is_the_row_loaders_error(corpus: Path, tmp_path: Path, cell: str, field) -> None:
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[7, "quote"] = cell
    target = _as_csv(frame, tmp_path / "claims.csv")
    with pytest.raises(InputErrors) as caught:
        table([target], corpus / "rules")
    assert [(i.line, i.field) for i in caught.value.issues] == [(None if cell == "\x00" else 9, field)]


def test_a_lone_carriage_return_is_a_line_break_as_the_row_loader_reads_it(corpus: Path, tmp_path: Path) -> None:
    """pyarrow would read the file otherwise: the row loader reads it, and names the line."""
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    target = _as_csv(frame, tmp_path / "claims.csv")
    lines = target.read_bytes().split(b"\n")
    lines[5] = lines[5] + b"\r" + lines[6]
    del lines[6]
    target.write_bytes(b"\n".join(lines))
    assert len(table([target], corpus / "rules")) == 1500


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_repeated_claim_id_names_both_lines(corpus: Path, tmp_path: Path, suffix: str) -> None:
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[9, "id"] = frame.loc[2, "id"]
    target = tmp_path / f"claims{suffix}"
    frame.to_csv(target, index=False) if suffix == ".csv" else frame.to_parquet(target, index=False)
    with pytest.raises(InputErrors) as caught:
        table([target], corpus / "rules")
    assert [(i.line, i.field) for i in caught.value.issues] == [(11, "id")] and ":4" in caught.value.issues[0].message


def test_missing_windows_read_the_metrics_default_as_the_yaml_loader_does(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(
        "metrics:\n  - {id: weekly, label: Weekly, kind: level, unit: count, default_window: during 2024-W10}\n"
        "  - {id: total, label: Total, kind: cumulative, unit: count}\n", encoding="utf-8")
    header = "source_id,source_title,publisher,published,metric,value,window,quote,id\n"
    rows = ["s1,T,P,2024-06-01,weekly,5,,five,a", "s1,T,P,2024-06-01,total,7,,seven,b", "s1,T,P,2024-06-01,total,8,since 2020,eight,c",
            "s2,U,P,2024-07-01,weekly,6,,six,d", "s2,U,P,2024-07-01,total,9,,nine,e"]
    (tmp_path / "claims.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "yaml").mkdir()
    for sid, title, published in (("s1", "T", "2024-06-01"), ("s2", "U", "2024-07-01")):
        claims = "".join(f"  - {{id: {r.split(',')[8]}, metric: {r.split(',')[4]}, value: {r.split(',')[5]}, quote: {r.split(',')[7]}"
                         + (f", window: {r.split(',')[6]}" if r.split(",")[6] else "") + "}\n" for r in rows if r.startswith(sid))
        (tmp_path / "yaml" / f"{sid}.yaml").write_text(f"source: {{id: {sid}, title: {title}, publisher: P, published: {published}}}\nclaims:\n{claims}", encoding="utf-8")
    from_csv = table([tmp_path / "claims.csv"], tmp_path / "rules")
    from_yaml = table([tmp_path / "yaml"], tmp_path / "rules")
    pd.testing.assert_frame_equal(from_csv.drop(columns=WHERE), from_yaml.drop(columns=WHERE))
    assert set(from_csv["window_basis"]) == {"stated", "inferred"}


def test_a_scope_alias_in_a_flat_file_is_its_declared_scope(tmp_path: Path) -> None:
    """As in a YAML file: "DR Congo" is the scope DRC, not a scope of its own."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text("metrics:\n  - {id: total, label: Total, kind: cumulative, unit: count}\n"
                                               "scopes:\n  - {name: DRC, aliases: [DR Congo]}\n", encoding="utf-8")
    (tmp_path / "claims.csv").write_text("source_id,source_title,publisher,published,metric,value,window,quote,scope,id\n"
                                         "s1,T,P,2024-06-01,total,7,since 2020,seven,DR Congo,a\ns1,T,P,2024-06-01,total,8,since 2021,eight,Elsewhere,b\n", encoding="utf-8")
    (tmp_path / "yaml").mkdir()
    (tmp_path / "yaml" / "s1.yaml").write_text("source: {id: s1, title: T, publisher: P, published: 2024-06-01}\nclaims:\n"
                                               "  - {id: a, metric: total, value: 7, window: since 2020, quote: seven, scope: DR Congo}\n"
                                               "  - {id: b, metric: total, value: 8, window: since 2021, quote: eight, scope: Elsewhere}\n", encoding="utf-8")
    from_csv = table([tmp_path / "claims.csv"], tmp_path / "rules")
    pd.testing.assert_frame_equal(from_csv.drop(columns=WHERE), table([tmp_path / "yaml"], tmp_path / "rules").drop(columns=WHERE))
    assert sorted(from_csv["scope"]) == ["DRC", "Elsewhere"]


def _numbered(frame: pd.DataFrame, name: str) -> tuple[list[int], int]:
    """Column `name` numbered afresh, as Claims.codes numbers a frame it knows nothing of."""
    from checker.claim import Claims

    return _listed(Claims(frame.copy(deep=True)).codes(name))


def _listed(numbered: tuple) -> tuple[list[int], int]:
    return numbered[0].tolist(), numbered[1]


def test_the_columns_a_flat_file_numbers_are_numbered_as_the_audit_would(corpus: Path) -> None:
    """The loader hands the audit some columns already numbered (claim.seed_codes); they are
    the numbers factorising the column gives, in the prepared table and past derived claims."""
    from checker.claim import Claims, extend_codes
    from checker.engine import prepare
    from checker.loading_columns import SEEDED

    rules = load_rules([corpus / "rules"])
    claims = load_corpus([corpus / "claims.parquet"], rules).claims
    prepared = prepare(claims, rules)
    for name in SEEDED:
        assert _listed(Claims(claims).codes(name)) == _numbered(claims, name)
        assert _listed(Claims(prepared).codes(name)) == _numbered(claims, name)
    assert "Dale" not in " ".join(claims["scope"])  # a scope sorted among the others, renumbering some
    known, new = prepared.iloc[[0, 5]], prepared.iloc[[1]].assign(scope="Dale")
    for more in (known, new):
        whole = pd.concat([prepared, more], ignore_index=True)
        extend_codes(prepared, more, whole)
        for name in SEEDED:
            assert _listed(Claims(whole).codes(name)) == _numbered(whole, name)


ID_TEXTS = st.lists(st.text(alphabet="aZ09_.#:-é \n\tx", max_size=5), min_size=1, max_size=6)


@FAST
@given(ID_TEXTS, st.booleans(), st.integers(0, 2))
def test_claim_ids_are_checked_on_bytes_as_the_regular_expression_checks_them(texts, large: bool, skip: int) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from checker.loading import CLAIM_ID_RE
    from checker.loading_columns import _all_claim_ids

    array = pa.array(["c1"] * skip + texts, pa.large_string() if large else pa.string()).slice(skip)  # an offset into its buffers
    assert _all_claim_ids(array) == pc.all(pc.match_substring_regex(array, CLAIM_ID_RE.pattern)).as_py()


@pytest.mark.parametrize("bad", ["c 1", "#c1", "c1é"])
def test_a_bad_claim_id_in_a_flat_file_is_one_error_with_its_line(corpus: Path, tmp_path: Path, bad: str) -> None:
    """The twin of test_a_valid_file_raises_nothing for the ids the columnar loader checks on bytes."""
    frame = pd.read_csv(corpus / "claims.csv", dtype=str, keep_default_na=False)
    frame.loc[7, "id"] = bad
    frame.to_parquet(tmp_path / "claims.parquet", index=False)
    with pytest.raises(InputErrors) as caught:
        table([tmp_path / "claims.parquet"], corpus / "rules")
    assert [(i.line, i.field) for i in caught.value.issues] == [(9, "id")]
