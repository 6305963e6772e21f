"""The relation sweep (`comparable_groups`, `choices`) and the rows the engine hands each relation
check give exactly what the first, row-by-row version gave. The reference versions below are
that first version, kept here to compare against."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pandas as pd
import pytest

from checker.checks import REGISTRY
from checker.checks.relation_common import RelationInput
from checker.claim import Claims
from checker.engine import prepare
from checker.relations import choices, claim_groups, comparable_groups
from support import REPO

TOLERANCE = 31.0


def _check_scale():
    spec = importlib.util.spec_from_file_location("check_scale", REPO / "benchmarks" / "check_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    """About 3,000 synthetic claims with every kind of relation, roughened: claims without a
    window start or end, with other scopes and with tied window ends."""
    bench = _check_scale()
    frame, text = bench.relations_corpus(3000, 30, seed=5)
    rules = bench.load_yaml_rules(text)
    rng = np.random.default_rng(3)
    n = len(frame)
    no_start = rng.random(n) < 0.1
    frame.loc[no_start, ["start_first", "start_last"]] = np.nan
    frame.loc[rng.random(n) < 0.01, ["end_first", "end_last"]] = np.nan
    frame.loc[rng.random(n) < 0.05, "scope"] = "x"
    frame.loc[rng.random(n) < 0.05, "scope"] = "y"
    frame.loc[rng.random(n) < 0.2, "end_first"] -= 40.0  # an end known only to within 40 days
    return prepare(frame, rules), rules


def reference_groups(frame: pd.DataFrame, metrics: list[str], tolerance: float, cross_source: bool):
    part = frame[frame["metric"].isin(metrics)]
    if part.empty:
        return []
    groups = []
    blocks = [part] if cross_source else [block for _, block in part.groupby("source_id", sort=True)]
    for block in blocks:
        ordered = block.sort_values(["end_last"], kind="stable")
        run: list[pd.Series] = []
        anchor_end = None
        for _, row in ordered.iterrows():
            if run and row["end_early"] - anchor_end > tolerance:
                groups.extend(_reference_split(run, tolerance))
                run = []
            if not run:
                anchor_end = row["end_last"]
            run.append(row)
        if run:
            groups.extend(_reference_split(run, tolerance))
    return groups


def _reference_split(run, tolerance):
    floating = [r for r in run if pd.isna(r["start_first"])]
    dated = sorted((r for r in run if not pd.isna(r["start_first"])), key=lambda r: r["start_first"])
    clusters = []
    for row in dated:
        if clusters and row["start_first"] - clusters[-1][0]["start_last"] <= tolerance:
            clusters[-1].append(row)
        else:
            clusters.append([row])
    if not clusters:
        clusters = [[]]
    out = []
    for cluster in clusters:
        members = cluster + floating
        scopes = sorted({str(r["scope"]) for r in members if r["scope"]}) or [""]
        for scope in scopes:
            chosen = [r for r in members if not r["scope"] or r["scope"] == scope]
            if chosen:
                by_metric: dict = {}
                for row in chosen:
                    by_metric.setdefault(str(row["metric"]), []).append(row)
                out.append(by_metric)
    return out


def reference_choices(group, metrics, limit=64):
    combos = [{}]
    for metric in metrics:
        options = group.get(metric)
        if not options:
            continue
        combos = [{**combo, metric: option} for combo in combos for option in options][:limit]
    return combos


def ids(groups):
    return [{metric: [str(row["claim_id"]) for row in rows] for metric, rows in group.items()} for group in groups]


def metric_sets(rules):
    return [sorted(set(r.metrics())) for r in rules.relations]


@pytest.mark.parametrize("cross_source", [False, True])
def test_groups_match_the_row_by_row_sweep(corpus, cross_source):
    frame, rules = corpus
    claims = Claims(frame)
    for metrics in metric_sets(rules):
        expected = ids(reference_groups(frame, metrics, TOLERANCE, cross_source))
        assert ids(claim_groups(claims, metrics, TOLERANCE, cross_source)) == expected
        assert ids(comparable_groups(frame, metrics, TOLERANCE, cross_source)) == expected


def test_rows_read_like_series(corpus):
    frame, rules = corpus
    metrics = metric_sets(rules)[0]
    for ours, theirs in zip(comparable_groups(frame, metrics, TOLERANCE, False), reference_groups(frame, metrics, TOLERANCE, False)):
        for metric in ours:
            for row, series in zip(ours[metric], theirs[metric]):
                expected = series.to_dict()
                got = row.to_dict()
                assert list(got) == list(expected)
                for key, value in expected.items():
                    assert got[key] == value or (isinstance(value, float) and math.isnan(value) and math.isnan(got[key])), key
                    assert type(got[key]) is type(value), key


def test_shuffled_claims_give_the_same_groups(corpus):
    """With exact window edges the groups do not depend on the order of the claims. (Where a
    window end is only known to within some days, which claim of a tied end opens a run
    decides the runs, in this version as in the first: ties keep the order of the files.)"""
    frame, rules = corpus
    frame = frame.assign(end_early=frame["end_last"])
    shuffled = frame.sample(frac=1.0, random_state=1).reset_index(drop=True)

    def as_sets(groups):
        return sorted(sorted((metric, tuple(sorted(claims))) for metric, claims in group.items()) for group in ids(groups))

    for metrics in metric_sets(rules):
        for cross_source in (False, True):
            assert as_sets(comparable_groups(shuffled, metrics, TOLERANCE, cross_source)) == as_sets(comparable_groups(frame, metrics, TOLERANCE, cross_source))


def test_choices_match_the_full_product_cut_at_the_limit():
    rng = np.random.default_rng(2)
    for _ in range(300):
        metrics = [f"m{i}" for i in range(int(rng.integers(0, 9)))]
        group = {m: [f"{m}.{k}" for k in range(int(rng.integers(0, 5)))] for m in metrics if rng.random() < 0.8}
        for limit in (1, 7, 64):
            assert choices(group, metrics + ["absent"], limit) == reference_choices(group, metrics + ["absent"], limit)


def test_each_relation_check_finds_the_same_on_its_own_rows(corpus):
    frame, rules = corpus
    from checker.relations import derive_claims

    derived = derive_claims(frame[frame["low"].notna()], rules.relations, rules, TOLERANCE)
    full = pd.concat([frame, derived[frame.columns].astype(frame.dtypes.to_dict())], ignore_index=True)
    convertible = full[full["low"].notna()]
    claims = Claims(convertible)
    checked = 0
    for check_id, module in REGISTRY.items():
        for relation in (r for r in rules.relations if r.kind == module.RELATION_KIND):
            options = rules.check_setting(check_id, relation.anchor_metric).options
            bound = RelationInput(relation, rules, tuple(rules.relations))
            drafts_all, seen_all = module.check(convertible, options, bound)
            drafts_own, seen_own = module.check(module.select(claims, bound), options, bound)
            assert [(d.message_kind, d.claim_ids, d.details) for d in drafts_own] == [(d.message_kind, d.claim_ids, d.details) for d in drafts_all]
            assert seen_own == seen_all
            checked += len(drafts_all)
    assert checked > 0

