"""`checker check --engine dask`: the audit split by metric, partition by partition, with dask.

Every check reads the claims of whole metrics, and a relation reads the claims of the metrics it
links (stock-flow also those of the share relations that use its total, which share a metric with
it). So the metrics fall into components: metrics linked by a relation, directly or through other
relations (a union-find over the declared relations). The claims of one component never meet
another's. Components are packed, in the order of their first metric, into partitions of about
`partition_claims` claims; dask runs the local engine on each partition (worker processes, so
every core works and each holds only its partition's intermediate tables), and the results are
merged in the local engine's total order. The report is byte-identical to `--engine local`'s.

Parquet claims (a file, or a folder of files: a partitioned dataset) are loaded by the workers,
slice by slice, and shuffled to their partitions (checker/worker_loading.py): this process reads
only the metric, source and id columns. Other input, input with problems to name, and reports
that list every claim (Markdown, --timelines) are loaded here, as columns, and this module splits
the loaded table; the audit's working tables, which grow with the pairs and groups a check
builds, are what partitioning bounds.

Two ways to run the partitions:
- on this machine (the default): worker processes forked after the loaded table is set aside,
  so a task names its rows instead of carrying a copy;
- on a running dask.distributed cluster (`--scheduler ADDRESS`, needs `distributed`): each
  partition's rows are sent to the cluster once (`scatter`), the rules once to every worker, and
  the workers run the same local engine. Every worker needs the same checker installed.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace

import dask
import numpy as np
import pandas as pd

from checker.checks import REGISTRY
from checker.engine import AuditResult, default_as_of, run_audit
from checker.loading import Corpus
from checker.model import Finding
from checker.rules import RuleSet

PARTITION_CLAIMS = 250_000
CONNECT_TIMEOUT = "10s"  # to reach a --scheduler address before giving up


def metric_components(metrics: list[str], relations: list) -> dict[str, str]:
    """Each metric's component, named by its smallest metric: metrics a relation links, directly
    or through other relations, share one."""
    parent = {m: m for m in metrics}

    def root(m: str) -> str:
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    for relation in relations:
        linked = sorted(relation.metrics())
        for m in linked:
            parent.setdefault(m, m)
        for m in linked[1:]:
            a, b = root(linked[0]), root(m)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {m: root(m) for m in parent}


def partition_of_rows(metric: pd.Series, components: dict[str, str], partition_claims: int) -> tuple[np.ndarray, dict[str, int]]:
    """(the partition of each claim, the partition of each component holding claims)."""
    component = metric.map(components)
    partition = packed({str(name): int(size) for name, size in component.value_counts().items()}, partition_claims)
    return component.map(partition).to_numpy(np.int64), partition


def packed(sizes: dict[str, int], partition_claims: int) -> dict[str, int]:
    """Each component (by its claim count) -> its partition: in the order of their names, packed
    into partitions of about `partition_claims` claims."""
    partition: dict[str, int] = {}
    current, filled = 0, 0
    for name in sorted(sizes):
        if filled and filled + sizes[name] > partition_claims:
            current, filled = current + 1, 0
        partition[name] = current
        filled += sizes[name]
    return partition


def relations_by_partition(rules: RuleSet, components: dict[str, str], partition_of: dict[str, int], auditing: list[int]) -> dict[int, list]:
    """Each relation goes to the partition holding its metrics' claims, so a partition sweeps only
    its own relations (a corpus of 100,000 metrics declares tens of thousands). A relation no
    auditing partition holds (no convertible claims of its metrics) is untested alike anywhere:
    it goes to the first partition that audits, which reports it as the local engine does."""
    out: dict[int, list] = {p: [] for p in auditing}
    for relation in rules.relations:
        home = partition_of.get(components.get((relation.metrics() or [""])[0], ""), -1)
        out[home if home in out else auditing[0]].append(relation)
    return out


@dataclass
class PartResult:
    """What one partition's audit hands back: no claims table, only what the report reads."""

    findings: list[Finding]
    not_checked: list
    stale_accepted: list[tuple[str, str]]
    checks_run: tuple[str, ...]
    relations_not_checked: list[tuple[str, str, str]]
    derived: pd.DataFrame


# The loaded claims, the partition order and the rest of the corpus, shared with the workers:
# they are forked after this is set, so a task names its rows instead of carrying a copy.
_SHARED: dict = {}


def audit_rows(claims: pd.DataFrame, corpus: Corpus, rules: RuleSet, relations: tuple) -> PartResult:
    """The local engine on one partition's claims, with the relations of its metrics only."""
    claims = claims.reset_index(drop=True)
    result = run_audit(replace(corpus, claims=claims), replace(rules, relations=relations), "0001-01-01")
    derived = result.claims.iloc[len(claims):].reset_index(drop=True)
    return PartResult(result.findings, result.not_checked, result.stale_accepted, result.checks_run, result.relations_not_checked, derived)


def audit_part(first: int, stop: int, partition: int) -> PartResult:
    """audit_rows on rows order[first:stop] of the table shared with the forked workers."""
    claims = _SHARED["claims"].iloc[_SHARED["order"][first:stop]]
    return audit_rows(claims, _SHARED["corpus"], _SHARED["rules"], tuple(_SHARED["relations"].get(partition, ())))


@dataclass(frozen=True)
class Plan:
    """Which rows each partition audits: rows order[bounds[i]:bounds[i + 1]] form partition homes[i]."""

    order: np.ndarray
    bounds: list[int]
    homes: list[int]
    relations: dict[int, list]  # each auditing partition's relations


def plan_partitions(claims: pd.DataFrame, rules: RuleSet, partition_claims: int) -> Plan:
    components = metric_components(sorted(set(rules.metrics) | set(claims["metric"].unique())), rules.relations)
    part_of, partition_of = partition_of_rows(claims["metric"], components, partition_claims)
    order = np.argsort(part_of, kind="stable")  # each partition keeps the table's order
    bounds = np.flatnonzero(np.r_[True, part_of[order][1:] != part_of[order][:-1], True]).tolist()
    homes = [int(part_of[order[a]]) for a in bounds[:-1]]
    convertible = np.bincount(part_of, weights=claims["low"].notna().to_numpy(float), minlength=len(homes))
    auditing = [p for p in homes if convertible[p] > 0]  # the others stop before any check, as an empty audit does
    relations = relations_by_partition(rules, components, partition_of, auditing) if auditing else {}
    return Plan(order, bounds, homes, relations)


def run_audit_dask(corpus: Corpus, rules: RuleSet, as_of: str | None = None, partition_claims: int = PARTITION_CLAIMS,
                   scheduler: str = "processes", workers: int | None = None, address: str | None = None) -> AuditResult:
    """The local engine's AuditResult, computed partition by partition: in local worker
    processes, or on the dask.distributed cluster whose scheduler listens at `address`."""
    claims = corpus.claims
    if claims.empty:
        return run_audit(corpus, rules, as_of)
    plan = plan_partitions(claims, rules, partition_claims)
    light = replace(corpus, claims=claims.iloc[:0], provenance={})  # what a partition reads besides its claims
    if address is not None:
        parts = _on_cluster(address, claims, light, rules, plan)
    else:
        parts = _on_this_machine(claims, light, rules, plan, scheduler, workers)
    return merged(corpus, rules, as_of, parts)


def _on_this_machine(claims: pd.DataFrame, light: Corpus, rules: RuleSet, plan: Plan, scheduler: str, workers: int | None) -> list[PartResult]:
    _SHARED.update(claims=claims, order=plan.order, corpus=light, rules=rules, relations=plan.relations)
    try:
        tasks = [dask.delayed(audit_part)(a, b, p) for a, b, p in zip(plan.bounds[:-1], plan.bounds[1:], plan.homes)]
        options = {"scheduler": scheduler}
        if scheduler == "processes":
            options["num_workers"] = workers
        # Forked workers inherit millions of objects: frozen, the collector leaves them alone
        # (its passes over them cost more than the audit and copied every page they touched).
        gc.freeze()
        with dask.config.set({"multiprocessing.context": "fork"}):
            return list(dask.compute(*tasks, **options))
    finally:
        gc.unfreeze()
        _SHARED.clear()


class ClusterError(Exception):
    """The cluster could not be reached or a worker failed: one line for the user."""


def _on_cluster(address: str, claims: pd.DataFrame, light: Corpus, rules: RuleSet, plan: Plan) -> list[PartResult]:
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    try:
        [shared_corpus, shared_rules] = client.scatter([light, replace(rules, relations=())], broadcast=True)
        futures = []
        for a, b, p in zip(plan.bounds[:-1], plan.bounds[1:], plan.homes):
            rows = client.scatter(claims.iloc[plan.order[a:b]])
            futures.append(client.submit(audit_rows, rows, shared_corpus, shared_rules, tuple(plan.relations.get(p, ())), pure=False))
        return client.gather(futures)
    except Exception as exc:  # a worker's failure arrives re-raised here
        hint = " (every worker needs checker installed)" if isinstance(exc, ImportError) else ""
        raise ClusterError(f"a dask worker failed: {type(exc).__name__}: {exc}{hint}") from None
    finally:
        client.close()


def merged(corpus: Corpus, rules: RuleSet, as_of: str | None, parts: list[PartResult]) -> AuditResult:
    """The partitions' results as the local engine orders them."""
    findings = sorted((f for p in parts for f in p.findings), key=Finding.sort_key)
    not_checked = sorted((item for p in parts for item in p.not_checked),
                         key=lambda item: (item[0].metric, item[0].scope, item[0].published, item[0].source, item[0].line))
    stale = set(parts[0].stale_accepted)
    for p in parts[1:]:
        stale &= set(p.stale_accepted)  # an accepted finding no partition produced
    ran = {check for p in parts for check in p.checks_run}
    # The reports read the loaded columns only: the stated claims as loaded (no prepared copy of
    # a table that may hold millions of rows), then the derived ones.
    stated = corpus.claims
    derived = [p.derived for p in parts if len(p.derived)]
    frame = pd.concat([stated, *[d[stated.columns] for d in derived]], ignore_index=True) if derived else stated
    result = AuditResult(findings, frame, corpus, rules, as_of or default_as_of(corpus), not_checked)
    result.stale_accepted = sorted(stale)
    result.checks_run = tuple(check for check in REGISTRY if check in ran)
    result.relations_not_checked = sorted(e for p in parts for e in p.relations_not_checked)  # each relation ran in one partition
    return result
