"""The audit pipeline: prepare the claims table, run the checks, stamp, sort, exit code.

load rules -> load claims -> (here) prepare columns -> per check, partition metrics by their
effective settings -> run the check once per partition -> stamp rule id and severity -> sort.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from checker.checks import REGISTRY
from checker.checks.relation_common import RelationInput
from checker.claim import PREPARED_COLUMNS, Claims, _Table, cite, extend_codes, share_codes
from checker.errors import ExitCode
from checker.frames import plain_strings
from checker.loading import Corpus
from checker.relation_groups import metric_positions
from checker.relations import derive_claims, linked_metrics
from checker.model import FAIL_ON_CHOICES, ClaimRef, Draft, Finding, Severity, stamped_severity
from checker.report.messages import render as render_message
from checker.restatements import group_restatements, group_shared_figures
from checker.rules import RuleSet
from checker.textnorm import normalize_label

log = logging.getLogger(__name__)


@dataclass
class AuditResult:
    findings: list[Finding]
    stated_claims: pd.DataFrame
    corpus: Corpus
    rules: RuleSet
    as_of: str
    not_checked: list[tuple[ClaimRef, str]] = field(default_factory=list)
    stale_accepted: list[tuple[str, str]] = field(default_factory=list)  # accepted entries matching no finding
    checks_run: tuple[str, ...] = ()  # checks that had claims to look at, in registry order
    # Declared relations no claims could test: (relation id, check id, the reason). Silence about
    # a relation is not consistency, so the reports list them under Not checked.
    relations_not_checked: list[tuple[str, str, str]] = field(default_factory=list)
    derived_claims: pd.DataFrame | None = None  # the claims relations derived, if any

    @cached_property
    def claims(self) -> pd.DataFrame:
        """Every claim the audit read, the derived ones after the stated ones: joined on first
        use, as a JSON report needs only their counts (`claim_counts`) and the join copies
        every column of a million rows."""
        if self.derived_claims is None or self.derived_claims.empty:
            return self.stated_claims
        return pd.concat([self.stated_claims, self.derived_claims], ignore_index=True)

    def claim_counts(self) -> tuple[int, int, int]:
        """(claims, derived claims, metrics) among `claims`, counted without joining them."""
        frames = [f for f in (self.stated_claims, self.derived_claims) if f is not None and len(f)]
        derived = sum(int((f["derived_from"].to_numpy() != "").sum()) for f in frames)
        metrics = set().union(*(_present(f, "metric") for f in frames))
        return sum(len(f) for f in frames) - derived, derived, len(metrics)

    def counts(self) -> dict[str, int]:
        active = [f for f in self.findings if f.accepted is None]
        return {
            "error": sum(f.severity is Severity.ERROR for f in active),
            "warning": sum(f.severity is Severity.WARNING for f in active),
            "info": sum(f.severity is Severity.INFO for f in active),
            "accepted": sum(f.accepted is not None for f in self.findings),
        }


def _present(frame: pd.DataFrame, name: str) -> set:
    """The distinct values of a column but missing ones, from the codes the frame's tables keep
    (`Claims.codes`: numbered once per frame) rather than hashing a million values again."""
    codes, values = _Table(frame).coded(name)
    held = np.bincount(codes, minlength=len(values) + 1)[:len(values)] > 0  # a missing value is numbered len(values)
    return set(values[held].tolist())


def prepare(claims: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """The columns every check relies on besides the loaded ones (checker.claim.PREPARED),
    computed once and vectorised, over plain Python strings (checker.frames). The loaded columns
    are shared with `claims`, not copied: pandas copies a column only when it is written."""
    frame = plain_strings(claims.copy(deep=False), copy=False)
    if frame.empty:
        for column in PREPARED_COLUMNS:
            frame[column] = pd.Series(dtype=float)
        return frame
    share_codes(claims, frame)  # the loader numbered some columns: the checks read them here
    table = _Table(frame)
    metric_of, metrics = table.coded("metric")  # (a missing value is numbered past the distinct ones)
    lag = np.array([*(rules.lag_days(m) for m in metrics), 0.0], float)[metric_of]
    frame["end_early"] = frame["end_first"] - np.where(frame["end_from_publication"].to_numpy(bool), lag, 0.0)
    qualifier_of, qualifiers = table.coded("qualifier")
    directional = {qid: not q.rounding for qid, q in rules.qualifiers.items()}
    frame["directional"] = np.array([*(directional.get(q, False) for q in qualifiers), False], bool)[qualifier_of]
    frame["norm_value"] = frame["value"] * frame["factor"]
    for name in ("low_open", "high_open"):
        if frame[name].dtype != bool:
            frame[name] = frame[name].astype(bool)
    if "scope_basis" not in frame:  # a table built without the loader (benchmarks) states every scope
        frame["scope_basis"] = "stated"
    widen_unstated_scopes(frame, rules)
    return frame


def widen_unstated_scopes(frame: pd.DataFrame, rules: RuleSet) -> None:
    """Reads a figure whose sentence named no scope (`scope_basis: inferred`, as `checker
    extract` drafts it) as what it proves where the rules declare parts: it may be a part's
    figure, and a part's count never exceeds the whole's, so it is at least its value for its
    metric's scope; it says nothing of a share or an estimate, or of a scope that is itself a part.
    Uncertainty never makes two figures comparable."""
    unstated = frame["scope_basis"].to_numpy() == "inferred"
    if not unstated.any() or not any(scope.part_of for scope in rules.scopes.values()):
        return
    parts = [normalize_label(scope.name) for scope in rules.scopes.values() if scope.part_of]
    count = np.isin(frame["kind"].to_numpy(), ("cumulative", "level")) & ~np.isin(frame["scope"].to_numpy(), parts)
    for name, bound, side in (("high", np.inf, unstated), ("exact_high", np.inf, unstated), ("low", -np.inf, unstated & ~count), ("exact_low", -np.inf, unstated & ~count)):
        frame[name] = np.where(side, bound, frame[name].to_numpy(float))
    frame["high_open"] = frame["high_open"].to_numpy(bool) | unstated
    frame["low_open"] = frame["low_open"].to_numpy(bool) | (unstated & ~count)


def default_as_of(corpus: Corpus) -> str:
    """The report date when none is given: the latest publication date, never today."""
    if not corpus.sources:
        return "0001-01-01"
    return max(s.published.last for s in corpus.sources.values()).isoformat()


def run_audit(corpus: Corpus, rules: RuleSet, as_of: str | None = None, apart: frozenset[str] = frozenset()) -> AuditResult:
    """The audit; findings involving a claim in `apart` keep each restating pair apart (the gate
    rules on each draft figure's own findings)."""
    table = AuditTable(prepare(corpus.claims, rules), rules)
    compared = Compared(table)
    drafted, ran, unevaluated = _run_checks(table, rules, compared)
    # A claim that fed a derived claim was checked through it.
    compared.add_ids(cid for ids in compared.of_derived() for cid in ids.split(","))
    refs = _refs(table, rules, [cid for _, _, drafts in drafted for draft in drafts for cid in draft.claim_ids])
    findings = [f for check_id, severity, drafts in drafted for f in _stamp(check_id, severity, drafts, refs.__getitem__)]
    # Accepted before grouping, so entries that accepted each restating pair still accept their
    # clash; then by the grouped finding's own fingerprint.
    findings, used = _apply_accepted(_dedupe(findings), rules)
    findings, used_grouped = _apply_accepted(group_restatements(findings, _worded, apart), rules)
    findings, used_shared = _apply_accepted(group_shared_figures(findings, _worded, apart), rules)
    stale = sorted((fp, reason) for fp, reason in dict(rules.accepted).items() if fp not in used | used_grouped | used_shared)
    findings.sort(key=Finding.sort_key)
    not_checked = _not_checked(table, compared.mask(), rules)
    result = AuditResult(findings, table.stated, corpus, rules, as_of or default_as_of(corpus), not_checked)
    result.derived_claims = table.derived
    result.stale_accepted = stale
    result.checks_run = tuple(check_id for check_id in REGISTRY if check_id in ran)
    result.relations_not_checked = sorted(unevaluated)
    return result


class AuditTable:
    """The claims an audit reads: the stated ones (the prepared table) and the ones relations
    derive from them, which follow the stated ones (table positions ``len(stated)`` on).

    Appending a handful of derived claims to a million stated ones would copy every column
    (half a CPU second and 300 MB at a million claims). Checks are metric-local and relations
    link metrics, so the checks read the stated table, and, for the metrics linked through
    relations to a derived claim's (`linked`), a small table of those metrics' stated claims
    followed by the derived ones (`small`, indexed by table position), which is all the table
    holds of them. The checks read those metrics' claims twice, so where they are more than
    `SMALL_SHARE` of the table, the checks read one table of every claim instead (`tables`).
    """

    SMALL_SHARE = 0.25

    def __init__(self, stated: pd.DataFrame, rules: RuleSet):
        self.stated = stated
        self.derived = stated.iloc[:0]
        self.linked: frozenset[str] = frozenset()
        self.small: pd.DataFrame | None = None
        self.tables = [stated]  # the tables the checks read: the stated one, then the small one
        if rules.relations and not stated.empty:
            derived = derive_claims(stated, rules.relations, rules, float(rules.settings.date_tolerance_days))  # it reads figures in their metric's unit only
            if not derived.empty:
                self.derived = derived[stated.columns].astype(stated.dtypes.to_dict()).set_axis(np.arange(len(derived)) + len(stated))
                self._split(rules)

    def _split(self, rules: RuleSet) -> None:
        linked = linked_metrics(set(self.derived["metric"].tolist()), rules.relations)
        rows = metric_positions(Claims(self.stated), sorted(linked))[0]  # reads the metric codes derive_claims made
        if len(rows) > self.SMALL_SHARE * len(self.stated):
            joined = pd.concat([self.stated, self.derived], ignore_index=True)
            extend_codes(self.stated, self.derived, joined)  # the stated table's numbering holds
            self.tables = [joined]
            return
        self.linked = frozenset(linked)
        self.small = pd.concat([self.stated.iloc[rows].set_axis(rows), self.derived])
        self.tables = [self.stated, self.small]

    def __len__(self) -> int:
        return len(self.stated) + len(self.derived)

    def parts(self) -> list[tuple[int, pd.DataFrame]]:
        """(the first table position, the frame) of the stated claims and the derived ones."""
        return [(0, self.stated), (len(self.stated), self.derived)]

    def at(self, name: str, positions: np.ndarray) -> np.ndarray:
        """Column `name` at table positions (ascending)."""
        split = np.searchsorted(positions, len(self.stated))
        stated, derived = self.stated[name].to_numpy(), self.derived[name].to_numpy()
        if split == len(positions):
            return stated[positions]
        return np.concatenate([stated[positions[:split]], derived[positions[split:] - len(self.stated)]])

    @cached_property
    def _linked_rows(self) -> np.ndarray:
        """The table positions of the stated claims of the linked metrics."""
        return self.small.index.to_numpy()[:len(self.small) - len(self.derived)] if self.small is not None else np.zeros(0, np.int64)

    @cached_property
    def linked_mask(self) -> np.ndarray:
        """One boolean per stated claim: of a linked metric."""
        mask = np.zeros(len(self.stated), bool)
        mask[self._linked_rows] = True
        return mask

    @cached_property
    def linked_ids(self) -> set[str]:
        """The ids of the stated claims of the linked metrics."""
        return set(self.stated["claim_id"].to_numpy()[self._linked_rows].tolist())

    def claims_at(self, positions: np.ndarray) -> list:
        """The claims at table positions (ascending), as Claims."""
        split = int(np.searchsorted(positions, len(self.stated)))
        return Claims(self.stated).claims_at(positions[:split]) + Claims(self.derived).claims_at(positions[split:] - len(self.stated))


def _run_checks(table: AuditTable, rules: RuleSet, compared: "Compared"):
    """Every check over the claims that convert to their metric's unit: the drafts of each run
    (check id, severity, drafts cut to the findings limit), the checks that ran, and the
    declared relations no claims could test. Marks what each run compared in `compared`."""
    drafted: list[tuple[str, str, list[Draft]]] = []
    ran: set[str] = set()
    unevaluated: list[tuple[str, str, str]] = []
    views = [_View(frame) for frame in table.tables]
    for check_id, module in REGISTRY.items():
        if views[0].convertible.empty:
            break
        for run in _runs(module, check_id, views, table.linked, rules):
            rows, positions, options, severity, relation = run[:5]
            drafts, seen = module.check(rows, options, relation)
            if run[5]:  # a run of the stated table: what it says of the linked metrics the small one says
                drafts, seen = [d for d in drafts if d.metric not in table.linked], _unlinked(seen, positions, table)
            ran.add(check_id)
            reached = compared.add(seen, positions)
            if relation is not None and not drafts and not reached and not _implied_and_unused(relation.relation, rows):
                unevaluated.append((relation.relation.id, check_id, _why_not_evaluated(relation.relation, rows)))
            drafted.append((check_id, severity, _cap(drafts, _limit(options, rules))))
    return drafted, ran, unevaluated


class _View:
    """A table the checks read: its claims that convert to their metric's unit (indexed by table
    position), as a Claims table, and the rows of each set of metric kinds (`_of_kinds`)."""

    def __init__(self, frame: pd.DataFrame):
        self.convertible = _rows_where(frame, frame["low"].notna().to_numpy()) if not frame.empty else frame
        self.comparable = Claims(self.convertible)
        self.kinds: dict = {}


def _unlinked(seen, positions: np.ndarray, table: AuditTable):
    """What a run of the stated table compared, less the claims of the linked metrics."""
    if not table.linked:
        return seen
    if isinstance(seen, np.ndarray):
        return seen & ~table.linked_mask[positions]
    return set(seen) - table.linked_ids


class Compared:
    """Which claims of the table some check compared, as one boolean per row.

    A check hands back what it compared either as a boolean mask over the rows it was given
    (cheap for millions of claims) or, as checks first did, as a set of claim ids; ids are
    collected and looked up once, at the end, in one pass over the table.
    """

    def __init__(self, table: AuditTable):
        self.table = table
        self.rows = np.zeros(len(table), bool)
        self.ids: set[str] = set()

    def add(self, seen, positions: np.ndarray) -> bool:
        """Marks a run's compared claims (`positions`: the table rows of the rows it was given);
        says whether it compared any."""
        if isinstance(seen, np.ndarray):
            self.rows[positions[seen]] = True
            return bool(seen.any())
        self.ids.update(seen)
        return bool(seen)

    def add_ids(self, ids) -> None:
        self.ids.update(ids)

    def mask(self) -> np.ndarray:
        if self.ids:
            # A set lookup per claim not marked yet (most are, by the checks' masks): Series.isin
            # would first copy a large set into a table of its own.
            unmarked = np.flatnonzero(~self.rows)
            ids = self.table.at("claim_id", unmarked)
            self.rows[unmarked] = np.fromiter(map(self.ids.__contains__, ids), bool, len(unmarked))
            self.ids = set()
        return self.rows

    def of_derived(self) -> list[str]:
        """The derived_from lists of the compared derived claims."""
        out: list[str] = []
        mask = self.mask()
        for first, frame in self.table.parts():
            derived_from = frame["derived_from"].to_numpy()
            fed = np.flatnonzero(mask[first:first + len(frame)] & (derived_from != ""))  # elementwise in C: a Python loop over a million rows cost 0.5 s
            out.extend(str(ids) for ids in derived_from[fed])
        return out


def _refs(table: AuditTable, rules: RuleSet, ids: list[str]) -> dict[str, ClaimRef]:
    """How findings cite the claims they name, each built once, the claims found in one pass."""
    wanted = set(ids)
    if not wanted:
        return {}
    refs: dict[str, ClaimRef] = {}
    for _, frame in table.parts():
        positions = np.flatnonzero(frame["claim_id"].isin(wanted).to_numpy())
        refs.update((str(claim.claim_id), cite(claim, rules)) for claim in Claims(frame).claims_at(positions))
    return refs


def _runs(module, check_id: str, views: list[_View], linked: frozenset[str], rules: RuleSet):
    """The calls one check gets: (rows, their positions in the table, options, severity,
    relation input, whether the caller drops what it says of the `linked` metrics).

    A relation check runs once per declared relation of its kind, on the rows its `select`
    declares (rows of the table, keeping its index): of the small table (`AuditTable`) for a
    relation of linked metrics. A check of metric kinds runs once per group of metrics that
    share its severity and options (one call, not one per metric), on the claims of those
    metrics: of the stated table, then of the small one for the linked metrics.
    """
    if module.RELATION_KIND is not None:
        for relation in (r for r in rules.relations if r.kind == module.RELATION_KIND):
            setting = rules.check_setting(check_id, relation.anchor_metric)
            severity = relation.severity or setting.severity
            if severity != "off":
                bound = RelationInput(relation, rules, tuple(rules.relations))
                view = views[-1] if not linked.isdisjoint(relation.metrics()) else views[0]
                rows = module.select(view.comparable, bound)
                yield rows, _table_positions(rows), setting.options, severity, bound, False
        return
    for k, view in enumerate(views):
        for run in _metric_runs(view, check_id, tuple(module.KINDS), rules):
            yield (*run, None, k == 0 and len(views) > 1)


def _metric_runs(view: _View, check_id: str, kinds: tuple[str, ...], rules: RuleSet):
    """A check of metric kinds' calls on one table: (rows, positions, options, severity)."""
    convertible, comparable = view.convertible, view.comparable
    subset, rows, metrics = _of_kinds(convertible, comparable, kinds, view.kinds)
    positions = convertible.index.to_numpy()[rows]
    settings = {metric: _metric_setting(rules, check_id, metric) for metric in metrics}
    partitions: dict[tuple, list[str]] = {}
    spelled: dict = {}  # options as text, once per distinct options (metrics mostly share them)
    for metric, setting in settings.items():
        if setting.severity != "off":
            if setting.options not in spelled:
                spelled[setting.options] = repr(setting.options)
            partitions.setdefault((setting.severity, spelled[setting.options]), []).append(metric)
    for (severity, _), chosen in sorted(partitions.items()):
        if len(chosen) == len(settings):
            yield subset, positions, settings[chosen[0]].options, severity
            continue
        keep = _of_metrics(comparable, chosen)[rows]
        part = subset[keep].reset_index(drop=True)
        Claims(subset).lend_codes(np.flatnonzero(keep), part)
        yield part, positions[keep], settings[chosen[0]].options, severity


def _metric_setting(rules: RuleSet, check_id: str, metric: str):
    """The check's setting for one metric. A check with a `reporting_lag_days` option (it sees
    only its options) gets the metric's own lag where the metric declares one: the lag its
    "as of publication" ends were widened by (prepare); else the option as set (default: settings)."""
    setting = rules.check_setting(check_id, metric)
    spec = rules.metrics.get(metric)
    if spec is None or spec.reporting_lag_days is None or not hasattr(setting.options, "reporting_lag_days"):
        return setting
    return replace(setting, options=replace(setting.options, reporting_lag_days=spec.reporting_lag_days))


def _table_positions(rows) -> np.ndarray:
    """Where a relation check's rows sit in the table: a view of the comparable claims (whose
    frame is indexed by table position) or rows of that frame."""
    if isinstance(rows, Claims):
        return rows.frame.index.to_numpy()[rows.positions]
    return rows.index.to_numpy()


def _of_kinds(convertible: pd.DataFrame, comparable: Claims, kinds: tuple[str, ...], cache: dict) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The claims of metrics of these kinds, their rows among the convertible claims and their
    metrics, sorted; made once per set of kinds (checks share them)."""
    if kinds not in cache:
        names, kind_of = _metrics_and_kinds(comparable)
        chosen = [name for name, kind in zip(names, kind_of) if kind in kinds]
        keep = _of_metrics(comparable, chosen)
        subset = _rows_where(convertible, keep).reset_index(drop=True) if not keep.all() or not _numbered(convertible) else convertible
        Claims(convertible).lend_codes(np.flatnonzero(keep), subset)  # checks number their columns once per run
        cache[kinds] = (subset, np.flatnonzero(keep), chosen)
    return cache[kinds]


def _metrics_and_kinds(claims: Claims) -> tuple[list[str], list[str]]:
    """The metrics of the claims, sorted, and each one's kind (a metric's claims share its kind),
    read from the metric column numbered once per table rather than by a pass over the text of
    every claim per set of kinds."""
    memo = claims.table.memo
    if "metrics and kinds" not in memo:
        codes, count = claims.codes("metric")
        some_row = np.zeros(count + 1, np.int64)
        some_row[codes] = np.arange(len(codes))  # any row of each metric will do
        rows = some_row[:count]
        memo["metrics and kinds"] = ([str(m) for m in claims["metric"][rows].tolist()], claims["kind"][rows].tolist())
    return memo["metrics and kinds"]


def _of_metrics(claims: Claims, chosen: list[str]) -> np.ndarray:
    """Which claims (one boolean per row) are of the `chosen` metrics."""
    names, _ = _metrics_and_kinds(claims)
    wanted = set(chosen)
    codes, _ = claims.codes("metric")
    return np.array([name in wanted for name in names] + [False], bool)[codes]


def _rows_where(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows where `keep`, keeping their index; the frame itself (no copy of a million rows)
    when that is every row."""
    return frame if keep.all() else frame[keep]


def _numbered(frame: pd.DataFrame) -> bool:
    """Rows indexed 0, 1, ... as checks expect their claims."""
    return frame.index.equals(pd.RangeIndex(len(frame)))


def _implied_and_unused(relation, rows: pd.DataFrame) -> bool:
    """Whether a relation is one a scope's `part_of` implies for every count metric (it has no
    file) and no claim gives its part or its whole: then the rules declared nothing left untested,
    and listing it under "Not checked" would only be noise."""
    if relation.file:
        return False
    metrics, scopes = rows["metric"].to_numpy(), rows["scope"].to_numpy()
    return any(not np.any((metrics == operand.name) & (scopes == normalize_label(operand.scope or ""))) for _, operand in relation.roles)


def _why_not_evaluated(relation, rows: pd.DataFrame) -> str:
    """Why a relation compared no claims: the operands no claim gives, or no shared window."""
    present = set(rows["metric"]) if not rows.empty else set()
    missing = [m for m in relation.metrics() if m not in present]
    if missing:
        return f"no claim gives {', '.join(missing)}"
    where = "window and scope" if relation.cross_source else "window, scope and source"
    return f"no claims of {', '.join(relation.metrics())} share a {where}"


def _limit(options, rules: RuleSet) -> int:
    return int(getattr(options, "max_findings", None) or rules.settings.max_findings)


def _cap(drafts: list[Draft], limit: int) -> list[Draft]:
    """The first `limit` findings of each metric and scope, then one finding that counts the rest.

    Checks that can meet millions of clashing pairs stop drafting at the limit themselves and
    hand over their count as a placeholder (details `not_listed`); the others are cut here.
    """
    if limit <= 0:  # 0 lists everything
        return drafts
    kept: list[Draft] = []
    listed: dict[tuple[str, str], int] = {}
    left_out: dict[tuple[str, str], int] = {}
    restating: dict[tuple[str, str], int] = {}
    for draft in drafts:
        key, facts = (draft.metric, draft.scope), dict(draft.details)
        count = facts.get("not_listed")
        if count is not None:
            left_out[key] = left_out.get(key, 0) + int(count)
            restating[key] = restating.get(key, 0) + int(facts.get("restating_listed", 0))
        elif listed.get(key, 0) < limit:
            listed[key] = listed.get(key, 0) + 1
            kept.append(draft)
        else:
            left_out[key] = left_out.get(key, 0) + 1
    for (metric, scope), count in sorted(left_out.items()):
        copies = restating.get((metric, scope), 0)
        facts = (("not_listed", count), ("limit", limit)) + ((("restating_listed", copies),) if copies else ())
        kept.append(Draft(metric, scope, "findings.not_listed", (), facts))
    return kept


def _stamp(check_id: str, severity: str, drafts, ref) -> list[Finding]:
    return [
        _worded(Finding(
            rule=check_id,
            severity=stamped_severity(severity, draft.evidence),
            metric=draft.metric,
            scope=draft.scope,
            message="",
            claims=tuple(ref(cid) for cid in draft.claim_ids),
            details=draft.details,
            message_kind=draft.message_kind,
            evidence=draft.evidence,
        ))
        for draft in drafts
    ]


def _worded(finding: Finding) -> Finding:
    """The finding with its message: the renderer words its kind and facts."""
    return replace(finding, message=render_message(finding))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    unique: dict[str, Finding] = {}
    for finding in findings:
        unique.setdefault(finding.fingerprint, finding)
    return list(unique.values())


def _apply_accepted(findings: list[Finding], rules: RuleSet) -> tuple[list[Finding], set[str]]:
    """Mark findings a reviewer accepted (rules `accepted:` entries, keyed by fingerprint); the
    entries that matched a finding."""
    accepted = dict(rules.accepted)
    used: set[str] = set()
    out = []
    for finding in findings:
        reason = accepted.get(finding.fingerprint)
        if reason is not None:
            used.add(finding.fingerprint)
            finding = finding if finding.accepted is not None else replace(finding, accepted=reason)
        out.append(finding)
    return out, used


def _not_checked(table: AuditTable, compared: np.ndarray, rules: RuleSet) -> list[tuple[ClaimRef, str]]:
    if not len(table):
        return []
    out: list[tuple[ClaimRef, str]] = []
    unchecked = np.flatnonzero(~compared)
    group_sizes = _group_sizes(table, unchecked)
    for claim in table.claims_at(unchecked):
        metric = rules.metrics[claim.metric]
        if np.isnan(claim.low):
            reason = f"unit {claim.unit} does not convert to the metric's unit {metric.unit}"
        elif group_sizes.get((claim.metric, claim.scope)) == 1:  # a missing metric or scope forms no group
            reason = "the only figure of its metric and scope"
        elif metric.kind == "estimate":
            reason = "estimates are not compared by the core checks"
        elif np.isnan(claim.start_first) and metric.kind == "cumulative":
            reason = "window has no start, so no other window is known to contain it or match it"
        else:
            reason = "no other claim of its metric and scope has a comparable window"
        out.append((cite(claim, rules), reason))
    out.sort(key=lambda item: (item[0].metric, item[0].scope, item[0].published, item[0].source, item[0].line))
    return out


def _group_sizes(table: AuditTable, rows: np.ndarray) -> dict[tuple[str, str], int]:
    """How many claims each metric and scope of `rows` has in the whole table (counting only the
    metrics of those rows: they are usually few), from the metric and scope codes the table
    keeps (`Claims.codes`), not by hashing a million metric names again."""
    if not len(rows):
        return {}
    wanted = set(table.at("metric", rows).tolist())
    sizes: dict[tuple[str, str], int] = {}
    for _, frame in table.parts():
        if frame.empty:
            continue
        metric_of, metrics = _Table(frame).coded("metric")
        near = np.flatnonzero(np.array([m in wanted for m in metrics.tolist()] + [False], bool)[metric_of])
        if not len(near):
            continue
        scope_of, scopes = _Table(frame).coded("scope")
        width = len(scopes) + 1  # a missing scope is numbered len(scopes): it forms no group
        pairs, counts = np.unique(metric_of[near].astype(np.int64) * width + scope_of[near], return_counts=True)
        for pair, count in zip(pairs.tolist(), counts.tolist()):
            m, sc = divmod(pair, width)
            if sc < len(scopes):
                key = (str(metrics[m]), str(scopes[sc]))
                sizes[key] = sizes.get(key, 0) + count
    return sizes


def exit_code(findings: list[Finding], fail_on: str) -> int:
    """0 clean, 1 when a finding not accepted is at or above `fail_on`; `never` always gives 0."""
    if fail_on == "never":
        return ExitCode.CLEAN
    threshold = FAIL_ON_CHOICES.index(fail_on)
    failing = any(f.accepted is None and f.severity.rank <= threshold for f in findings)
    return ExitCode.FINDINGS if failing else ExitCode.CLEAN


def parse_as_of(text: str | None) -> str | None:
    if text is None:
        return None
    return dt.date.fromisoformat(text).isoformat()
