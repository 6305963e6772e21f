"""The fast relation sweep (checker.relation_groups, the screens of the relation checks) gives
exactly what the plain rule gives, on many small random corpora: the grouping against a
straightforward reference written row by row, and each relation check with its screen against
the same check trying every combination."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pandas as pd
import pytest

from checker.checks import REGISTRY
from checker.checks.relation_common import RelationInput, relation_drafts
from checker.claim import Claims
from checker.engine import prepare
from checker.relation_groups import combinations, find_groups, metric_codes
from checker.relations import choices, derive_claims
from support import REPO

METRICS = ("a", "b", "c")


def random_rows(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Claims of three metrics from three sources with windows that often tie or fall just
    inside or outside a 10-day tolerance, some without a start or an end, some scoped."""
    end_last = rng.choice([100.0, 105.0, 110.0, 111.0, 125.0, 140.0], n)
    start_first = rng.choice([0.0, 3.0, 10.0, 11.0, 30.0, 95.0], n)
    start_first[rng.random(n) < 0.2] = math.nan
    end_last[rng.random(n) < 0.05] = math.nan
    return pd.DataFrame({
        "claim_id": [f"c{i}" for i in range(n)],
        "source_id": rng.choice(["s1", "s2", "s3"], n),
        "metric": rng.choice(METRICS, n),
        "scope": rng.choice(["", "", "", "x", "y"], n),
        "start_first": start_first,
        "start_last": start_first + rng.choice([0.0, 5.0], n),
        "end_last": end_last,
        "end_early": end_last - rng.choice([0.0, 0.0, 12.0], n),
    })


def reference_groups(rows: list[dict], metrics: tuple[str, ...], tolerance: float, cross_source: bool, world=lambda row: 0) -> list[dict[str, list[str]]]:
    """The rule, row by row: runs of claims (per source unless cross-source, and per scope
    world: `world(row)`, by window end) whose earliest end is within `tolerance` of the run's
    first claim's latest end; each run split into clusters of window starts (claims without a
    start join every cluster) and then by scope (claims without a scope join every scope)."""
    blocks: dict[tuple, list[dict]] = {}
    for row in rows:
        if row["metric"] in metrics:
            blocks.setdefault(("" if cross_source else row["source_id"], world(row)), []).append(row)
    groups = []
    for key in sorted(blocks):
        ordered = sorted(blocks[key], key=lambda r: (math.isnan(r["end_last"]), 0.0 if math.isnan(r["end_last"]) else r["end_last"]))
        runs: list[list[dict]] = []
        for row in ordered:
            if runs and not row["end_early"] - runs[-1][0]["end_last"] > tolerance:
                runs[-1].append(row)
            else:
                runs.append([row])
        for run in runs:
            groups.extend(_reference_split(run, tolerance))
    return groups


def _reference_split(run: list[dict], tolerance: float) -> list[dict[str, list[str]]]:
    floating = [r for r in run if math.isnan(r["start_first"])]
    clusters: list[list[dict]] = []
    for row in sorted((r for r in run if not math.isnan(r["start_first"])), key=lambda r: r["start_first"]):
        if clusters and row["start_first"] - clusters[-1][0]["start_last"] <= tolerance:
            clusters[-1].append(row)
        else:
            clusters.append([row])
    out = []
    for cluster in clusters or [[]]:
        members = cluster + floating
        for scope in sorted({r["scope"] for r in members if r["scope"]}) or [""]:
            chosen = [r for r in members if not r["scope"] or r["scope"] == scope]
            if chosen:
                group: dict[str, list[str]] = {}
                for row in chosen:
                    group.setdefault(row["metric"], []).append(row["claim_id"])
                out.append(group)
    return out


def fast_groups(frame: pd.DataFrame, metrics: tuple[str, ...], tolerance: float, cross_source: bool):
    claims = Claims(frame)
    positions = claims.of_metrics(metrics)
    return claims, find_groups(claims, positions, metric_codes(claims, positions, metrics), metrics, tolerance, cross_source)


def as_ids(frame: pd.DataFrame, groups) -> list[dict[str, list[str]]]:
    ids = frame["claim_id"].to_numpy()
    out = []
    for g in range(len(groups)):
        group: dict[str, list[str]] = {}
        for i in range(groups.starts[g], groups.starts[g + 1]):
            group.setdefault(groups.metrics[groups.metric[i]], []).append(str(ids[groups.members[i]]))
        out.append(group)
    return out


CASES = [(seed, metrics, cross) for seed in range(40) for metrics in (METRICS, ("a", "c")) for cross in (False, True)]


@pytest.mark.parametrize("seed,metrics,cross_source", CASES)
def test_groups_match_the_reference(seed, metrics, cross_source):
    frame = random_rows(np.random.default_rng(seed), int(np.random.default_rng(seed).integers(1, 60)))
    _, groups = fast_groups(frame, metrics, 10.0, cross_source)
    assert as_ids(frame, groups) == reference_groups(frame.to_dict("records"), metrics, 10.0, cross_source)


@pytest.mark.parametrize("seed,cross_source", [(seed, cross) for seed in range(30) for cross in (False, True)])
def test_scope_worlds_keep_each_scope_apart(seed, cross_source):
    """Claims of a part's scope ("y", world 1) are grouped only with claims of that scope, and
    the wholes' groups (no scope and "x") are the ones they would be without them."""
    frame = random_rows(np.random.default_rng(seed), int(np.random.default_rng(seed).integers(1, 60)))
    claims = Claims(frame)
    positions = claims.of_metrics(METRICS)
    worlds = (frame["scope"].to_numpy()[positions] == "y").astype(np.int64)
    groups = find_groups(claims, positions, metric_codes(claims, positions, METRICS), METRICS, 10.0, cross_source, None, worlds)
    world = lambda row: int(row["scope"] == "y")  # noqa: E731
    assert as_ids(frame, groups) == reference_groups(frame.to_dict("records"), METRICS, 10.0, cross_source, world)
    scope_of = dict(zip(frame["claim_id"], frame["scope"]))
    for group in as_ids(frame, groups):
        scopes = {scope_of[c] for ids in group.values() for c in ids}
        assert scopes == {"y"} or "y" not in scopes
    wholes = frame[frame["scope"] != "y"].reset_index(drop=True)
    _, alone = fast_groups(wholes, METRICS, 10.0, cross_source)
    assert [g for g in as_ids(frame, groups) if not {scope_of[c] for ids in g.values() for c in ids} == {"y"}] == as_ids(wholes, alone)


def test_the_reference_tells_tolerances_apart():
    """Twin: the corpora exercise the tolerance, so a sweep with a wrong one would fail above."""
    differ = 0
    for seed in range(40):
        frame = random_rows(np.random.default_rng(seed), 40)
        _, groups = fast_groups(frame, METRICS, 0.0, False)
        differ += as_ids(frame, groups) != reference_groups(frame.to_dict("records"), METRICS, 10.0, False)
    assert differ > 30


@pytest.mark.parametrize("seed", range(20))
def test_combinations_match_choices(seed):
    frame = random_rows(np.random.default_rng(seed), 60)
    _, groups = fast_groups(frame, METRICS, 10.0, True)
    ids = frame["claim_id"].to_numpy()
    for required, limit in (([0], 64), ([0, 2], 5), ([1], 1)):
        owner, picks = combinations(groups, required, limit)
        got = [{METRICS[k]: str(ids[p]) for k, p in enumerate(row) if p >= 0} for row in picks.tolist()]
        expected = []
        for g, group in enumerate(as_ids(frame, groups)):
            if all(METRICS[k] in group for k in required):
                expected += choices(group, list(METRICS), limit)
        assert got == expected


def _check_scale():
    spec = importlib.util.spec_from_file_location("check_scale", REPO / "benchmarks" / "check_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rough_corpus(seed: int):
    """A small synthetic corpus with every kind of relation, roughened: open-ended figures
    ("more than"), zero wholes, claims without a start, tied window ends."""
    bench = _check_scale()
    frame, text = bench.relations_corpus(600, 12, seed=seed)
    rules = bench.load_yaml_rules(text)
    rng = np.random.default_rng(seed)
    n = len(frame)
    more_than = rng.random(n) < 0.05
    frame.loc[more_than, "high"] = math.inf
    frame.loc[more_than, "high_open"] = True
    frame.loc[rng.random(n) < 0.05, "low_open"] = True
    frame.loc[rng.random(n) < 0.03, ["low", "high"]] = 0.0
    frame.loc[rng.random(n) < 0.1, ["start_first", "start_last"]] = np.nan
    frame.loc[rng.random(n) < 0.2, "end_first"] -= 40.0
    frame = prepare(frame, rules)
    derived = derive_claims(frame, rules.relations, rules, 31.0)
    full = pd.concat([frame, derived[frame.columns].astype(frame.dtypes.to_dict())], ignore_index=True)
    return Claims(full[full["low"].notna()]), rules


def run_relation_checks(claims: Claims, rules) -> list:
    out = []
    for check_id, module in REGISTRY.items():
        if module.RELATION_KIND in (None, "subset"):
            continue
        for relation in (r for r in rules.relations if r.kind == module.RELATION_KIND):
            bound = RelationInput(relation, rules, tuple(rules.relations))
            drafts, seen = module.check(module.select(claims, bound), rules.check_setting(check_id, relation.anchor_metric).options, bound)
            out.append((relation.id, [(d.message_kind, d.claim_ids, d.details) for d in drafts], sorted(seen)))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_screens_hide_nothing(monkeypatch, seed):
    """Screened, the checks find and compare exactly what trying every combination does."""
    claims, rules = rough_corpus(seed)
    screened = run_relation_checks(claims, rules)
    with monkeypatch.context() as patch:
        _pass_screens_by_keyword(patch, lambda screen: None)
        assert run_relation_checks(claims, rules) == screened
    assert any(drafts for _, drafts, _ in screened)


def test_a_screen_that_hides_drafts_is_caught(monkeypatch):
    """Twin: a screen that passes no combination changes what the checks find."""
    claims, rules = rough_corpus(0)
    screened = run_relation_checks(claims, rules)
    with monkeypatch.context() as patch:
        _pass_screens_by_keyword(patch, lambda screen: (lambda relation, picks, view: np.zeros(len(next(iter(picks.values()))), dtype=bool)))
        assert run_relation_checks(claims, rules) != screened


def _pass_screens_by_keyword(patch, replace):
    """Route each check's call of relation_drafts through `replace` for its screen (its 7th
    argument, positional in the checks)."""
    for module in REGISTRY.values():
        if getattr(module, "relation_drafts", None) is relation_drafts:
            def wrapped(*args, _replace=replace):
                head, screen = args[:6], args[6] if len(args) > 6 else None
                return relation_drafts(*head, _replace(screen))
            patch.setattr(module, "relation_drafts", wrapped)


@pytest.mark.parametrize("seed", range(6))
def test_run_starts_found_on_columns_match_the_loop(monkeypatch, seed):
    """The runs found by searching whole columns are the ones the row-by-row loop finds
    (ties, missing ends, blocks, a zero tolerance); twin: a shifted anchor changes them."""
    from checker import relation_groups

    rng = np.random.default_rng(seed)
    n = 400
    block = np.sort(rng.integers(0, 12, n))
    last = np.round(rng.uniform(0, 200, n))
    early = last - rng.integers(0, 40, n)
    last[rng.random(n) < 0.1] = np.nan
    early[np.isnan(last) | (rng.random(n) < 0.1)] = np.nan
    order = np.lexsort((np.where(np.isnan(last), 0, last), np.isnan(last), block))
    block, early, last = block[order], early[order], last[order]
    for tolerance in (0.0, 7.0, 31.0):
        assert relation_groups._next_starts(block, early, last, tolerance) is not None
        fast = relation_groups._runs(block, early, last, tolerance)
        with monkeypatch.context() as patch:
            patch.setattr(relation_groups, "_next_starts", lambda *args: None)
            assert np.array_equal(relation_groups._runs(block, early, last, tolerance), fast)
            assert not np.array_equal(relation_groups._runs(block, early, last + 5, tolerance), fast)
