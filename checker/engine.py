"""The audit pipeline: prepare the claims table, run the checks, stamp, sort, exit code.

load rules -> load claims -> (here) prepare columns -> per check, partition metrics by their
effective settings -> run the check once per partition -> stamp rule id and severity -> sort.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from checker.checks import REGISTRY
from checker.checks.relation_common import RelationInput
from checker.claim import PREPARED_COLUMNS, Claims, cite
from checker.errors import ExitCode
from checker.frames import plain_strings
from checker.loading import Corpus
from checker.model import FAIL_ON_CHOICES, ClaimRef, Draft, Finding, Severity, stamped_severity
from checker.report.messages import render as render_message
from checker.rules import RuleSet

log = logging.getLogger(__name__)


@dataclass
class AuditResult:
    findings: list[Finding]
    claims: pd.DataFrame
    corpus: Corpus
    rules: RuleSet
    as_of: str
    not_checked: list[tuple[ClaimRef, str]] = field(default_factory=list)
    stale_accepted: list[tuple[str, str]] = field(default_factory=list)  # accepted entries matching no finding
    checks_run: tuple[str, ...] = ()  # checks that had claims to look at, in registry order
    # Declared relations no claims could test: (relation id, check id, the reason). Silence about
    # a relation is not consistency, so the reports list them under Not checked.
    relations_not_checked: list[tuple[str, str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        active = [f for f in self.findings if f.accepted is None]
        return {
            "error": sum(f.severity is Severity.ERROR for f in active),
            "warning": sum(f.severity is Severity.WARNING for f in active),
            "info": sum(f.severity is Severity.INFO for f in active),
            "accepted": sum(f.accepted is not None for f in self.findings),
        }


def prepare(claims: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """The columns every check relies on besides the loaded ones (checker.claim.PREPARED),
    computed once and vectorised, over plain Python strings (checker.frames). The loaded columns
    are shared with `claims`, not copied: pandas copies a column only when it is written."""
    frame = plain_strings(claims.copy(deep=False), copy=False)
    if frame.empty:
        for column in PREPARED_COLUMNS:
            frame[column] = pd.Series(dtype=float)
        return frame
    metric_of, metrics = pd.factorize(frame["metric"].to_numpy())
    lag = np.array([rules.lag_days(m) for m in metrics], float)[metric_of]
    frame["end_early"] = frame["end_first"] - np.where(frame["end_from_publication"].to_numpy(bool), lag, 0.0)
    qualifier_of, qualifiers = pd.factorize(frame["qualifier"].to_numpy())
    directional = {qid: not q.rounding for qid, q in rules.qualifiers.items()}
    frame["directional"] = np.array([directional.get(q, False) for q in qualifiers], bool)[qualifier_of]
    frame["norm_value"] = frame["value"] * frame["factor"]
    for name in ("low_open", "high_open"):
        if frame[name].dtype != bool:
            frame[name] = frame[name].astype(bool)
    return frame


def default_as_of(corpus: Corpus) -> str:
    """The report date when none is given: the latest publication date, never today."""
    if not corpus.sources:
        return "0001-01-01"
    return max(s.published.last for s in corpus.sources.values()).isoformat()


def run_audit(corpus: Corpus, rules: RuleSet, as_of: str | None = None) -> AuditResult:
    from checker.relations import derive_claims

    relations = rules.relations
    stated = prepare(corpus.claims, rules)
    frame = stated
    if relations and not stated.empty:
        derived = derive_claims(stated[stated["low"].notna()], relations, rules, float(rules.settings.date_tolerance_days))
        if not derived.empty:
            frame = pd.concat([stated, derived[stated.columns].astype(stated.dtypes.to_dict())], ignore_index=True)
    findings: list[Finding] = []
    compared: set[str] = set()
    ran: set[str] = set()
    unevaluated: list[tuple[str, str, str]] = []
    refs: dict[str, ClaimRef] = {}

    def ref(claim_id: str) -> ClaimRef:
        if claim_id not in refs:
            refs[claim_id] = cite(claims.claim(position[claim_id]), rules)
        return refs[claim_id]

    claims = Claims(frame)
    position = {cid: i for i, cid in enumerate(frame["claim_id"].tolist())}
    convertible = frame[frame["low"].notna()] if not frame.empty else frame
    comparable = Claims(convertible)
    kinds_cache: dict = {}
    for check_id, module in REGISTRY.items():
        if convertible.empty:
            break
        for rows, options, severity, relation in _runs(module, check_id, convertible, comparable, rules, kinds_cache):
            drafts, seen = module.check(rows, options, relation)
            ran.add(check_id)
            compared |= seen
            if relation is not None and not drafts and not seen:
                unevaluated.append((relation.relation.id, check_id, _why_not_evaluated(relation.relation, rows)))
            findings.extend(_stamp(check_id, severity, _cap(drafts, _limit(options, rules)), ref))
    # A claim that fed a derived claim was checked through it.
    if not frame.empty:
        fed = frame.loc[frame["claim_id"].isin(compared) & (frame["derived_from"] != ""), "derived_from"]
        compared |= {cid for ids in fed for cid in str(ids).split(",")}
    findings = _group_restatements(_dedupe(findings))
    findings, stale = _apply_accepted(findings, rules)
    findings.sort(key=Finding.sort_key)
    not_checked = _not_checked(claims, compared, rules, ref)
    result = AuditResult(findings, frame, corpus, rules, as_of or default_as_of(corpus), not_checked)
    result.stale_accepted = stale
    result.checks_run = tuple(check_id for check_id in REGISTRY if check_id in ran)
    result.relations_not_checked = sorted(unevaluated)
    return result


def _runs(module, check_id: str, convertible: pd.DataFrame, comparable: Claims, rules: RuleSet, kinds_cache: dict):
    """The calls one check gets: (rows, options, severity, relation input).

    A relation check runs once per declared relation of its kind, on the rows its `select`
    declares. A check of metric kinds runs once per group of metrics that share its severity
    and options (one call, not one per metric), on the claims of those metrics.
    """
    if module.RELATION_KIND is not None:
        for relation in (r for r in rules.relations if r.kind == module.RELATION_KIND):
            setting = rules.check_setting(check_id, relation.anchor_metric)
            severity = relation.severity or setting.severity
            if severity != "off":
                bound = RelationInput(relation, rules, tuple(rules.relations))
                yield module.select(comparable, bound), setting.options, severity, bound
        return
    subset = _of_kinds(convertible, tuple(module.KINDS), kinds_cache)
    settings = {metric: rules.check_setting(check_id, metric) for metric in sorted(subset["metric"].unique())}
    partitions: dict[tuple, list[str]] = {}
    for metric, setting in settings.items():
        if setting.severity != "off":
            partitions.setdefault((setting.severity, repr(setting.options)), []).append(metric)
    for (severity, _), metrics in sorted(partitions.items()):
        rows = subset if len(metrics) == len(settings) else subset[subset["metric"].isin(metrics)].reset_index(drop=True)
        yield rows, settings[metrics[0]].options, severity, None


def _of_kinds(convertible: pd.DataFrame, kinds: tuple[str, ...], cache: dict) -> pd.DataFrame:
    """The claims of metrics of these kinds, made once per set of kinds (checks share them)."""
    if kinds not in cache:
        cache[kinds] = convertible[convertible["kind"].isin(kinds)].reset_index(drop=True)
    return cache[kinds]


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
    for draft in drafts:
        key = (draft.metric, draft.scope)
        count = dict(draft.details).get("not_listed")
        if count is not None:
            left_out[key] = left_out.get(key, 0) + int(count)
        elif listed.get(key, 0) < limit:
            listed[key] = listed.get(key, 0) + 1
            kept.append(draft)
        else:
            left_out[key] = left_out.get(key, 0) + 1
    for (metric, scope), count in sorted(left_out.items()):
        kept.append(Draft(metric, scope, "findings.not_listed", (), (("not_listed", count), ("limit", limit))))
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


def _group_restatements(findings: list[Finding]) -> list[Finding]:
    """One finding per disagreement: findings of one check that set the same figures (figure,
    qualifier, unit and window) against each other, from other sources, become one finding
    listing every restatement. Counted placeholders (no claims) are left as they are."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        figures = tuple(sorted({(c.printed, c.qualifier, c.unit, c.window_text) for c in finding.claims}))
        key = (finding.rule, finding.metric, finding.scope, finding.severity, figures) if finding.claims else (id(finding),)
        groups.setdefault(key, []).append(finding)
    out: list[Finding] = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1:
            out.append(first)
            continue
        claims = {c.claim_id: c for member in members for c in member.claims}
        sources = sorted({c.source for member in members[1:] for c in member.claims} - {c.source for c in first.claims})
        details = first.details + (("restatements", len(members) - 1), ("restated_by", tuple(sources)))
        out.append(_worded(replace(first, claims=tuple(claims.values()), details=details)))
    return out


def _apply_accepted(findings: list[Finding], rules: RuleSet) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Mark findings a reviewer accepted (rules `accepted:` entries, keyed by fingerprint)."""
    accepted = dict(rules.accepted)
    used: set[str] = set()
    out = []
    for finding in findings:
        reason = accepted.get(finding.fingerprint)
        if reason is not None:
            used.add(finding.fingerprint)
            finding = replace(finding, accepted=reason)
        out.append(finding)
    stale = sorted((fp, reason) for fp, reason in accepted.items() if fp not in used)
    return out, stale


def _not_checked(claims: Claims, compared: set[str], rules: RuleSet, ref) -> list[tuple[ClaimRef, str]]:
    frame = claims.frame
    if frame.empty:
        return []
    out: list[tuple[ClaimRef, str]] = []
    group_sizes = frame.groupby(["metric", "scope"])["claim_id"].transform("size").to_numpy()
    unchecked = np.flatnonzero(~frame["claim_id"].isin(compared).to_numpy())
    for position, claim in zip(unchecked.tolist(), claims.claims_at(unchecked)):
        metric = rules.metrics[claim.metric]
        if np.isnan(claim.low):
            reason = f"unit {claim.unit} does not convert to the metric's unit {metric.unit}"
        elif group_sizes[position] == 1:
            reason = "the only figure of its metric and scope"
        elif metric.kind == "estimate":
            reason = "estimates are not compared by the core checks"
        elif np.isnan(claim.start_first) and metric.kind == "cumulative":
            reason = "window has no start, so no other window is known to contain it or match it"
        else:
            reason = "no other claim of its metric and scope has a comparable window"
        out.append((ref(claim.claim_id), reason))
    out.sort(key=lambda item: (item[0].metric, item[0].scope, item[0].published, item[0].source, item[0].line))
    return out


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
