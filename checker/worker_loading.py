"""`checker check --engine dask` on Parquet claims: the workers load them, slice by slice.

The main process reads only what planning needs: each file's row groups, and three light
columns (metric, source_id, id). From the metrics it plans the partitions (whole components of
metrics, engine_dask.metric_components); from the ids it checks what no slice can see alone,
that every claim id is unique across the whole input (an id a file leaves empty is
`<source id>#<n>`, n counted from the file's first row).

Each worker task then reads its own slice (a file, or a run of a file's row groups) with the
columnar loader (checker/loading_columns.py), validated the same way; the rows' lines are the
file's lines (a slice from row r on reads row k as line r + k + 2). It sorts its rows into the
partitions of their metrics and writes each share to a scratch folder (on a cluster the shares
stay in the workers' memory). A partition task reads its shares, puts them in content order and
runs the local engine on them (engine_dask.audit_rows). What only the whole input shows is
checked in this process from what the slices hand back: a source described differently in two
slices of a file, or used in two files.

Valid input is the path this module takes. Whenever anything is off (a slice the columnar
loader refuses, a repeated claim id, a source that disagrees), it hands back None and the caller
reads the whole input as `--engine local` does, so every problem is reported exactly as there:
one line naming file, line and field.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import dask
import numpy as np
import pandas as pd

from checker.corpus import claims_table_of
from checker.engine import AuditResult
from checker.engine_dask import CONNECT_TIMEOUT, PARTITION_CLAIMS, ClusterError, PartResult, audit_rows, merged, metric_components, packed, relations_by_partition
from checker.loading import CSV_COLUMNS, CSV_REQUIRED, SOURCE_COLUMNS, Corpus, Provenance, Source, claim_files, first_of_each_scope, lookalike_scopes
from checker.loading_columns import CODED, WHITESPACE, FlatColumns, Invalid, claims_table, positions_in_groups, release_arrow_memory, use_jemalloc
from checker.rules import RuleSet
from checker.yamlio import display_path

SLICE_ROWS = 1_000_000  # a slice is a run of whole row groups of about this many rows (at least one group)
LIGHT = ("metric", "source_id", "id")


@dataclass(frozen=True)
class Slice:
    """Row groups `groups` of `file`, its rows from `first_row` on; `numbered`: for a file that
    leaves ids empty, how many rows of each source come before the slice."""

    file: Path
    path: str
    groups: tuple[int, ...]
    first_row: int
    numbered: dict[str, int]


@dataclass
class InputPlan:
    """What the workers need to load and shuffle: the slices, each metric's partition."""

    slices: list[Slice]
    partition_of_metric: dict[str, int]
    relations: dict[int, list]
    metric_counts: dict[str, int]  # claims of each metric, over the whole input
    files: tuple[str, ...]


@dataclass
class SliceResult:
    """What a slice's load hands back to this process: no claims, only what the checks across
    slices read. `problem`: the columnar loader refused the slice."""

    problem: bool
    sources: list[tuple[Source, tuple]] = field(default_factory=list)  # with its columns as written (stripped), in first-row order
    firsts: pd.DataFrame | None = None
    partitions: tuple[int, ...] = ()


class NoQuoteChecked(Provenance):
    """Every claim's quote not verified (no source text was read), counted without their ids."""

    def __init__(self, count: int):
        super().__init__({})
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, claim_id: str) -> str:
        return self.NOT_VERIFIED


# -- planning, in this process -------------------------------------------------------------


def parquet_files(paths: list[Path]) -> list[Path] | None:
    """The claim files, when there are some and every one is Parquet."""
    files, issues = claim_files(paths)
    if issues or not files or any(f.suffix.lower() != ".parquet" for f in files):
        return None
    return files


def plan_input(files: list[Path], rules: RuleSet, display_root: Path | None, partition_claims: int, slice_rows: int = SLICE_ROWS) -> InputPlan | None:
    """The slices and partitions of valid-looking input, or None when the local loader must
    read it (to name its problems)."""
    slices: list[Slice] = []
    counts: dict[str, int] = {}
    ids: list = []
    total = 0
    for file in files:
        read = light_columns(file, rules)
        if read is None:
            return None
        groups, metric_of, metric_ids, source_of, source_ids, claim_ids, unnamed = read
        total += len(metric_of)
        for code, count in enumerate(np.bincount(metric_of, minlength=len(metric_ids)).tolist()):
            if count:
                counts[metric_ids[code]] = counts.get(metric_ids[code], 0) + count
        ids.append(claim_ids)
        slices += file_slices(file, display_path(file, display_root), groups, source_of, source_ids, unnamed, slice_rows)
    unique = unique_ids(ids)
    del ids
    release_arrow_memory()
    if total > rules.settings.max_claims or not unique:
        return None
    components = metric_components(sorted(set(rules.metrics) | set(counts)), rules.relations)
    partition_of = packed_components(counts, components, partition_claims)
    relations = relations_by_partition(rules, components, partition_of, sorted(set(partition_of.values())))
    metric_partition = {m: partition_of[components[m]] for m in counts}
    return InputPlan(slices, metric_partition, relations, counts, tuple(str(f) for f in files))


def light_columns(file: Path, rules: RuleSet):
    """(row groups' sizes, each row's metric as a code, the metrics' ids, each row's source as
    a code, the sources' ids, the claim ids as the loader reads them, whether it names some) of
    a Parquet file; None when the columnar loader would refuse what these columns show."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        if file.stat().st_size > rules.settings.max_file_bytes:
            return None
        meta = pq.ParquetFile(file)
        names = meta.schema_arrow.names
        if len(set(names)) != len(names) or any(n != n.strip() or n not in CSV_COLUMNS for n in names) or any(n not in names for n in CSV_REQUIRED):
            return None
        if meta.metadata.num_rows == 0:
            return None
        table = meta.read(columns=[n for n in LIGHT if n in names], use_threads=False)
    except (OSError, pa.ArrowException):
        return None
    metric_codes, metric_values = coded(table.column("metric"))
    metric_ids = [None if v is None else rules.metric_id(v) for v in metric_values]
    source_of, source_ids = coded(table.column("source_id"))
    if any(metric_ids[c] is None for c in np.unique(metric_codes).tolist()) or any(source_ids[c] is None for c in np.unique(source_of).tolist()):
        return None
    claim_ids = pc.utf8_trim(table.column("id").combine_chunks(), characters=WHITESPACE) if "id" in names else pa.nulls(table.num_rows, pa.string())
    claim_ids = pc.if_else(pc.equal(claim_ids, ""), pa.scalar(None, claim_ids.type), claim_ids)
    groups = [meta.metadata.row_group(k).num_rows for k in range(meta.metadata.num_row_groups)]
    named = named_ids(claim_ids, source_of, source_ids)
    return groups, metric_codes, metric_ids, source_of, source_ids, named, claim_ids.null_count > 0


def coded(column) -> tuple[np.ndarray, list[str | None]]:
    """A text column as (each row's code, the distinct values stripped; None for empty or missing)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = column.cast(pa.string())
    encoded = pc.dictionary_encode(column.combine_chunks())
    values = [None if v is None or not v.strip() else v.strip() for v in encoded.dictionary.to_pylist()] + [None]
    return pc.fill_null(encoded.indices, len(values) - 1).to_numpy().astype(np.int64), values


def named_ids(claim_ids, source_of: np.ndarray, source_ids: list):
    """The claim ids, an empty one as the columnar loader names it: <source id>#<n>, the n-th
    claim of its source in the file (an Arrow array)."""
    import pyarrow as pa

    if not claim_ids.null_count:
        return claim_ids
    index = positions_in_groups(source_of, len(source_ids))
    missing = np.flatnonzero(claim_ids.is_null().to_numpy(zero_copy_only=False))
    values = claim_ids.to_numpy(zero_copy_only=False)
    values[missing] = [f"{source_ids[source_of[k]]}#{index[k] + 1}" for k in missing.tolist()]
    return pa.array(values, pa.large_string())


def unique_ids(ids: list) -> bool:
    """Whether no claim id is used twice in the whole input."""
    import pyarrow as pa
    import pyarrow.compute as pc

    every = pa.chunked_array([i.cast(pa.large_string()) for i in ids], pa.large_string())
    return pc.count_distinct(every, mode="all").as_py() == len(every)


def file_slices(file: Path, path: str, groups: list[int], source_of: np.ndarray, source_ids: list, numbered: bool, slice_rows: int) -> list[Slice]:
    """A file's row groups in runs of about `slice_rows` rows."""
    out: list[Slice] = []
    start, run, rows = 0, [], 0
    for k, size in enumerate(groups + [0]):
        if run and (k == len(groups) or rows + size > slice_rows):
            before = np.bincount(source_of[:start], minlength=len(source_ids)) if numbered and start else np.zeros(0)
            out.append(Slice(file, path, tuple(run), start, {source_ids[c]: int(n) for c, n in enumerate(before.tolist()) if n}))
            start, run, rows = start + rows, [], 0
        if k < len(groups):
            run.append(k)
            rows += size
    return out


def packed_components(counts: dict[str, int], components: dict[str, str], partition_claims: int) -> dict[str, int]:
    """Each component holding claims -> its partition: in the order of their names, packed into
    partitions of about `partition_claims` claims (as engine_dask.partition_of_rows packs them)."""
    sizes: dict[str, int] = {}
    for metric, count in counts.items():
        sizes[components[metric]] = sizes.get(components[metric], 0) + count
    return packed(sizes, partition_claims)


# -- on a worker: a slice loaded, its rows shared out to their partitions ----------------


def slice_table(piece: Slice):
    """The slice's rows as an Arrow table of text, as read_parquet_table reads a whole file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(piece.file)
    textual = [f.name for f in schema if f.name in CODED and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    table = pq.ParquetFile(piece.file, read_dictionary=textual).read_row_groups(list(piece.groups), use_threads=False).unify_dictionaries()
    columns = []
    for name in table.column_names:
        column = table.column(name)
        kind = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
        columns.append(column if pa.types.is_string(kind) or pa.types.is_large_string(kind) else column.cast(pa.string()))
    return pa.table(columns, names=table.column_names)


def load_slice(piece: Slice, rules: RuleSet) -> tuple[SliceResult, pd.DataFrame | None]:
    """The slice's claims table (its lines and named ids as the whole file gives them) and what
    this process checks across slices; (a problem, None) when the columnar loader refuses it."""
    import pyarrow as pa

    use_jemalloc()
    try:
        table = slice_table(piece)
    except (OSError, pa.ArrowException):
        return SliceResult(True), None
    written = sources_as_written(table)
    unnamed = None if "id" not in table.column_names else table.column("id").is_null().to_numpy(zero_copy_only=False)
    try:
        loaded, found = claims_table(FlatColumns.of(table), piece.path, rules, {})
    except Invalid:
        return SliceResult(True), None
    finally:
        del table
        release_arrow_memory()
    frame, firsts = loaded.frame, loaded.firsts
    if piece.numbered:
        renumber(frame, piece.numbered, unnamed)
    frame["line"] += piece.first_row
    firsts["line"] += piece.first_row
    sources = [(source, written[source.id]) for source in found.values()]
    return SliceResult(False, [(replace(s, line=s.line + piece.first_row), w) for s, w in sources], firsts), frame


def sources_as_written(table) -> dict[str, tuple]:
    """Each source's columns at its first row of the slice, stripped (None for empty), as the row
    loader compares a source's rows."""
    import pyarrow.compute as pc

    sid = pc.utf8_trim(table.column("source_id").cast("string"), characters=WHITESPACE).combine_chunks()
    encoded = pc.dictionary_encode(sid)
    codes = pc.fill_null(encoded.indices, -1).to_numpy()
    _, first = np.unique(codes, return_index=True)
    names = [n for n in SOURCE_COLUMNS.values() if n in table.column_names]
    rows = table.select(names).take(np.sort(first)).to_pylist()
    out = {}
    for row in rows:
        values = tuple(None if v is None or not str(v).strip() else str(v).strip() for v in (row.get(n) for n in SOURCE_COLUMNS.values()))
        out.setdefault(values[0], values)
    return out


def renumber(frame: pd.DataFrame, before: dict[str, int], unnamed) -> None:
    """Ids the loader named <source id>#<n> within the slice, counted from the file's first row."""
    if unnamed is None:
        rows = np.arange(len(frame))
    else:
        rows = np.flatnonzero(unnamed[frame["line"].to_numpy() - 2])
    ids = frame["claim_id"].to_numpy(copy=True)
    for k in rows.tolist():
        source, n = ids[k].rsplit("#", 1)
        if before.get(source):
            ids[k] = f"{source}#{int(n) + before[source]}"
    frame["claim_id"] = ids


def shared_out(frame: pd.DataFrame, partition_of_metric: dict[str, int]) -> dict[int, pd.DataFrame]:
    """The slice's rows by partition."""
    partition = frame["metric"].map(partition_of_metric).to_numpy(np.int64)
    order = np.argsort(partition, kind="stable")
    cuts = np.flatnonzero(np.r_[True, partition[order][1:] != partition[order][:-1], True])
    return {int(partition[order[a]]): frame.iloc[order[a:b]] for a, b in zip(cuts[:-1], cuts[1:])}


def load_to_folder(piece: Slice, index: int, rules: RuleSet, partition_of_metric: dict[str, int], folder: str) -> SliceResult:
    """load_slice, each partition's share written to `folder` as <partition>-<slice>.pickle."""
    result, frame = load_slice(piece, rules)
    if frame is None:
        return result
    shares = shared_out(frame, partition_of_metric)
    del frame
    for partition, share in shares.items():
        with open(Path(folder) / f"{partition}-{index}.pickle", "wb") as handle:
            pickle.dump(share, handle, protocol=pickle.HIGHEST_PROTOCOL)
    result.partitions = tuple(shares)
    return result


def audit_from_folder(partition: int, slices: list[int], folder: str, corpus: Corpus, rules: RuleSet, relations: tuple) -> tuple[PartResult, bool]:
    """A partition's audit from its shares in `folder`; and whether it had claims to check."""
    shares = []
    for index in slices:
        with open(Path(folder) / f"{partition}-{index}.pickle", "rb") as handle:
            shares.append(pickle.load(handle))
    return audit_shares(shares, corpus, rules, relations)


def audit_shares(shares: list[pd.DataFrame], corpus: Corpus, rules: RuleSet, relations: tuple) -> tuple[PartResult, bool]:
    """The local engine on a partition's claims, put together in content order (a slice's
    share is in that order already)."""
    claims = shares[0].reset_index(drop=True) if len(shares) == 1 else claims_table_of([], shares)
    return audit_rows(claims, corpus, rules, relations), bool(claims["low"].notna().any())


# -- in this process: what only the whole input shows ----------------------------------


def sources_agree(pieces: list[Slice], results: list[SliceResult]) -> dict[str, Source] | None:
    """Every source in input order, when each is described alike in all slices of one file and
    used in one file only; else None."""
    sources: dict[str, Source] = {}
    written: dict[str, tuple[str, tuple]] = {}
    for piece, result in zip(pieces, results):
        for source, values in result.sources:
            seen = written.get(source.id)
            if seen is None:
                written[source.id] = (piece.path, values)
                sources[source.id] = source
            elif seen != (piece.path, values):
                return None
    return sources


def stated_claims(plan: InputPlan) -> pd.DataFrame:
    """The claims table this process keeps: the columns the report reads of every claim (its
    metric; derived_from, empty for a stated claim), in no particular order."""
    metrics = sorted(plan.metric_counts)
    metric = np.repeat(np.array(metrics, dtype=object), [plan.metric_counts[m] for m in metrics])
    derived_from = np.empty(len(metric), dtype=object)
    derived_from.fill("")
    return pd.DataFrame({"metric": metric, "derived_from": derived_from})


def light_corpus(plan: InputPlan, sources: dict[str, Source], results: list[SliceResult]) -> Corpus:
    firsts = first_of_each_scope(pd.concat([r.firsts for r in results], ignore_index=True))
    claims = stated_claims(plan)
    return Corpus(claims, sources, plan.files, NoQuoteChecked(len(claims)), [], (), lookalike_scopes(firsts))


def leftover_relations(plan: InputPlan, audited: dict[int, bool]) -> list:
    """The relations of partitions that had no claims to check: untested alike anywhere, they are
    reported by a partition that checks, as the local engine reports them."""
    return [r for p, has in audited.items() if not has for r in plan.relations.get(p, [])]


def in_rules_order(rules: RuleSet, relations: list) -> tuple:
    keep = {id(r) for r in relations}
    return tuple(r for r in rules.relations if id(r) in keep)


# -- the run ------------------------------------------------------------------------------


def files_only(files: list[Path]) -> Corpus:
    """A corpus naming its files only: what refusing an output among the inputs reads."""
    return Corpus(pd.DataFrame(), {}, tuple(str(f) for f in files), {})


def audit_parquet(files: list[Path], rules: RuleSet, as_of: str | None, display_root: Path | None, partition_claims: int = PARTITION_CLAIMS,
                  scheduler: str = "processes", workers: int | None = None, address: str | None = None, slice_rows: int = SLICE_ROWS) -> AuditResult | None:
    """The local engine's AuditResult with the workers loading the claims; None when the input
    must be read as --engine local reads it (to name its problems)."""
    plan = plan_input(files, rules, display_root, partition_claims, slice_rows)
    if plan is None:
        return None
    if address is not None:
        return _on_cluster(address, plan, rules, as_of)
    with tempfile.TemporaryDirectory(prefix="checker-shares-") as folder:
        return _on_this_machine(plan, rules, as_of, folder, scheduler, workers)


# What the tasks on this machine read besides their number: set before the workers are forked,
# so a task carries no copy of the rules, the plan or the corpus (dask would also walk every
# relation and source of such arguments, at seconds per task).
_SHARED: dict = {}


def _load_shared(index: int) -> SliceResult:
    return load_to_folder(_SHARED["plan"].slices[index], index, _SHARED["rules"], _SHARED["plan"].partition_of_metric, _SHARED["folder"])


def _audit_shared(partition: int) -> tuple[PartResult, bool]:
    relations = tuple(_SHARED["plan"].relations.get(partition, ()))
    return audit_from_folder(partition, _SHARED["held"][partition], _SHARED["folder"], _SHARED["corpus"], _SHARED["rules"], relations)


def _computed(function, arguments: list, scheduler: str, workers: int | None) -> list:
    options: dict[str, Any] = {"scheduler": scheduler}
    if scheduler == "processes":
        options["num_workers"] = workers
    with dask.config.set({"multiprocessing.context": "fork"}):  # this process holds little: a fork copies little
        return list(dask.compute(*[dask.delayed(function)(a) for a in arguments], **options))


def _on_this_machine(plan: InputPlan, rules: RuleSet, as_of: str | None, folder: str, scheduler: str, workers: int | None) -> AuditResult | None:
    _SHARED.update(plan=plan, rules=rules, folder=folder)
    try:
        results = _computed(_load_shared, list(range(len(plan.slices))), scheduler, workers)
        corpus = checked_corpus(plan, results)
        if corpus is None:
            return None
        held = held_by_partition(results)
        light = replace(corpus, claims=corpus.claims.iloc[:0], provenance={})
        _SHARED.update(held=held, corpus=light)
        order = sorted(held)
        outcome = dict(zip(order, _computed(_audit_shared, order, scheduler, workers)))
    finally:
        _SHARED.clear()
    leftover = leftover_relations(plan, {p: has for p, (_, has) in outcome.items()})
    checking = [p for p in order if outcome[p][1]]
    if leftover and checking:
        first = checking[0]
        outcome[first] = audit_from_folder(first, held[first], folder, light, rules, in_rules_order(rules, [*plan.relations.get(first, []), *leftover]))
    return merged(corpus, rules, as_of, [outcome[p][0] for p in order])


def checked_corpus(plan: InputPlan, results: list[SliceResult]) -> Corpus | None:
    """The corpus this process keeps, once every slice loaded and the sources agree."""
    if any(r.problem for r in results):
        return None
    sources = sources_agree(plan.slices, results)
    return None if sources is None else light_corpus(plan, sources, results)


def held_by_partition(results: list[SliceResult]) -> dict[int, list[int]]:
    """Each partition's slices: the ones that hold some of its claims."""
    held: dict[int, list[int]] = {}
    for k, result in enumerate(results):
        for partition in result.partitions:
            held.setdefault(partition, []).append(k)
    return held


# -- on a dask.distributed cluster: the shares stay in the workers' memory ------------------


def load_shares(piece: Slice, rules: RuleSet, partition_of_metric: dict[str, int]) -> tuple[SliceResult, dict[int, pd.DataFrame]]:
    result, frame = load_slice(piece, rules)
    shares = {} if frame is None else shared_out(frame, partition_of_metric)
    result.partitions = tuple(shares)
    return result, shares


def slice_result(loaded: tuple) -> SliceResult:
    return loaded[0]


def share_of(loaded: tuple, partition: int) -> pd.DataFrame:
    return loaded[1][partition]


def _on_cluster(address: str, plan: InputPlan, rules: RuleSet, as_of: str | None) -> AuditResult | None:
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    try:
        return _cluster_run(client, plan, rules, as_of)
    except Exception as exc:  # a worker's failure arrives re-raised here
        hint = " (every worker needs checker installed)" if isinstance(exc, ImportError) else ""
        raise ClusterError(f"a dask worker failed: {type(exc).__name__}: {exc}{hint}") from None
    finally:
        client.close()


def _cluster_run(client, plan: InputPlan, rules: RuleSet, as_of: str | None) -> AuditResult | None:
    bare_rules = replace(rules, relations=())
    [shared_rules, shared_map] = client.scatter([bare_rules, plan.partition_of_metric], broadcast=True)
    loads = [client.submit(load_shares, piece, shared_rules, shared_map, pure=False) for piece in plan.slices]
    results = client.gather([client.submit(slice_result, f) for f in loads])
    corpus = checked_corpus(plan, results)
    if corpus is None:
        return None
    held = held_by_partition(results)
    light = client.scatter(replace(corpus, claims=corpus.claims.iloc[:0], provenance={}), broadcast=True)
    shares = {p: [client.submit(share_of, loads[k], p) for k in held[p]] for p in held}

    def audit(p: int, relations: tuple):
        return client.submit(audit_shares, shares[p], light, shared_rules, relations, pure=False)

    order = sorted(held)
    outcome = dict(zip(order, client.gather([audit(p, tuple(plan.relations.get(p, ()))) for p in order])))
    leftover = leftover_relations(plan, {p: has for p, (_, has) in outcome.items()})
    checking = [p for p in order if outcome[p][1]]
    if leftover and checking:
        first = checking[0]
        outcome[first] = audit(first, in_rules_order(rules, [*plan.relations.get(first, []), *leftover])).result()
    return merged(corpus, rules, as_of, [outcome[p][0] for p in order])
