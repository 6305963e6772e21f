"""Restatements: one finding per clash, listing every claim that restates one of its figures;
then one finding per figure set against several others.

Checks compare claims pair by pair, so one figure printed by three sources against another
figure is three findings of one clash. Findings of one check become one finding when their
conclusion is identical under every reading:

- the same check, metric, scope, severity, evidence, message kind and acceptance;
- the same facts, each claim taken as its figure (metric, scope and interval in the metric's
  unit, with its ends' openness): what differs is only which claims gave the figures and when;
- and either they differ in one claim only, which the check set against the very same other
  claims with the same result (so its window is the same for the check's purpose: every fact
  that rests on the window, such as days, rates or the reading that excuses it, is equal), or
  every claim is restated with the same window (a clash copied whole by another source).

Claims are merged one slot at a time (the first figure, then the second...), and only findings
that agree on every other slot merge, so each restatement of one side was proved against every
listed claim of the other. The merged finding is the earliest statement of the clash, listing
every claim, with the facts `restatements` (findings merged), `restated_by` (sources not in the
first) and `restated` (per claim of the first, the claims that restate it, earliest first:
checker.facts.Restatement).

Then one figure set against several (group_shared_figures): findings of one check that name
two figures by role and share one of them, with the claims restating it, in the same role
(a low total below several parts, a count below several longer counts), with the same
severity, evidence, message kind and acceptance, are one finding. Each pair was proved on its
own, so each keeps its facts: the earliest finding speaks, with the facts `shared` (the figure)
and `also` (per other finding its claims, message kind and facts: checker.facts.Alongside);
its scope is the shared figure's. A finding joins the figure it shares with the most findings
(ties: its first), so the work stays linear. Pairs compared either way round (a tuple of
figures) share no side: of three disagreeing figures none is proved the odd one.
Acceptance entries are applied between the two steps and after, so entries that accepted each
pair or each restated clash still accept the finding of all, and accepting some keeps them apart.
Findings involving a claim kept `apart` stay as they are: the gate rules on each figure of a
draft by the findings of that figure alone.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, replace
from typing import Any, Callable

from checker.facts import Alongside, Figure, Restatement
from checker.model import ClaimRef, Finding


@dataclass
class _Group:
    """Findings that state one clash: `slots` holds, per figure of the clash, the ids of the
    claims that give it."""

    key: int  # what the findings conclude (_shape), numbered: equal conclusions, equal numbers
    members: list[int]  # positions in the input
    slots: list[tuple[str, ...]]
    extras: tuple[str, ...]  # claims a finding lists but its facts name no Figure of


def group_restatements(findings: list[Finding], worded: Callable[[Finding], Finding], apart: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings with each clash stated once (see the module doc); `worded` renders a merged
    finding's message. Counted placeholders (no claims) and findings involving a claim in
    `apart` are left as they are."""
    groups: list[_Group] = []
    numbered: dict[tuple, int] = {}  # a key is a deep tuple: hashed once here, not at every merge
    for position, finding in enumerate(findings):
        if finding.claims and not apart.intersection(c.claim_id for c in finding.claims):
            key, slots, extras = _shape(finding)
            groups.append(_Group(numbered.setdefault(key, len(numbered)), [position], [(cid,) for cid in slots], extras))
    for slot in range(max((len(g.slots) for g in groups), default=0)):
        groups = _merge(groups, lambda g, slot=slot: (slot, tuple(frozenset(s) for k, s in enumerate(g.slots) if k != slot)))
    windows = {c.claim_id: c.window_text for f in findings for c in f.claims}
    groups = _merge(groups, lambda g: ("copied", tuple(frozenset(windows[cid] for cid in s) for s in g.slots)))
    out = [f for f in findings if not f.claims or apart.intersection(c.claim_id for c in f.claims)]
    for group in groups:
        if len(group.members) == 1:
            out.append(findings[group.members[0]])
            continue
        members = sorted((findings[p] for p in group.members), key=_earliest)
        out.append(worded(_merged(members, group.slots)))
    return out


def _stated(claim: ClaimRef) -> tuple:
    return (claim.published, claim.source, claim.file, claim.line, claim.claim_id)


def _earliest(finding: Finding) -> tuple:
    """The earliest statement of a clash speaks for it: its claims' dates, sources and lines in
    order, then the fingerprint (a total order)."""
    return (tuple(_stated(c) for c in finding.claims), finding.fingerprint)


def _merge(groups: list[_Group], part: Callable[[_Group], tuple]) -> list[_Group]:
    """Groups whose key and `part` agree, merged: their members and each slot's claims joined."""
    merged: dict[tuple, _Group] = {}
    for group in groups:
        key = (group.key, len(group.slots), part(group))
        first = merged.get(key)
        if first is None:
            merged[key] = group
            continue
        first.members += group.members
        first.slots = [_joined(a, b) for a, b in zip(first.slots, group.slots)]
        first.extras = _joined(first.extras, group.extras)
    return list(merged.values())


def _joined(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


def _merged(members: list[Finding], slots: list[tuple[str, ...]]) -> Finding:
    """The first finding, listing every member's claims, with the facts of its restatements."""
    first = members[0]
    claims = {c.claim_id: c for member in members for c in member.claims}
    restated = _restatements(first, members, slots, claims)
    # The first finding's claims, then each figure's restatements, then any others listed.
    order = [c.claim_id for c in first.claims] + [x.claim for r in restated for x in r.by] + list(claims)
    listed = tuple(claims[cid] for cid in dict.fromkeys(order))
    sources = sorted({c.source for c in listed} - {c.source for c in first.claims})
    details = first.details + (("restatements", len(members) - 1), ("restated_by", tuple(sources)), ("restated", restated))
    return replace(first, claims=listed, details=details)


def _restatements(first: Finding, members: list[Finding], slots: list[tuple[str, ...]], claims: dict[str, ClaimRef]) -> tuple[Restatement, ...]:
    """Per figure of the first finding that other claims restate: those claims, earliest first."""
    figures = {fig.claim: fig for member in members for fig in _figures(member.details)}
    # Equal keys name their figures in the same order, so the first finding's slots line up.
    out = []
    for own, slot in zip(_shape(first)[1], slots):
        others = sorted(set(slot) - {own}, key=lambda cid: _stated(claims[cid]) if cid in claims else ())
        if others:
            out.append(Restatement(figures[own], tuple(figures[cid] for cid in others)))
    return tuple(out)


def _shape(finding: Finding) -> tuple[tuple, list[str], tuple[str, ...]]:
    """What a finding concludes with its claims taken as figures (the merge key), the ids of
    the claims its facts name as Figures in fact order (its slots), and the claims it lists
    beyond those."""
    figures = {c.claim_id: (c.metric, c.scope, c.low, c.high, c.compared) for c in finding.claims}
    slots: list[str] = []

    def norm(value: Any) -> Any:
        if type(value) is str:  # the most common facts first
            return ("claim", figures[value]) if value in figures else value
        if type(value) in _PLAIN:
            return value
        if isinstance(value, Figure):
            if value.claim not in slots:
                slots.append(value.claim)
            return ("figure", figures.get(value.claim), value.interval)
        if isinstance(value, tuple):
            if value and all(isinstance(x, Figure) for x in value):
                # A pair compared either way round is one clash: order its figures by value.
                value = tuple(sorted(value, key=lambda x: _figure_order(x, figures)))
            return tuple(norm(x) for x in value)
        if dataclasses.is_dataclass(value):
            return (type(value).__name__, *(norm(getattr(value, name)) for name in _field_names(type(value))))
        if isinstance(value, str) and value in figures:
            return ("claim", figures[value])
        return value

    facts = tuple((name, norm(value)) for name, value in finding.details)
    extras = tuple(c.claim_id for c in finding.claims if c.claim_id not in slots)
    key = (finding.rule, finding.metric, finding.scope, finding.severity, finding.evidence, finding.message_kind, finding.accepted, facts,
           tuple(sorted(repr(figures[cid]) for cid in extras)))
    return key, slots, extras


_PLAIN = (int, float, bool, type(None))  # facts that are their own shape


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _figure_order(figure: Figure, figures: dict) -> tuple:
    interval = figure.interval
    return (repr(figures.get(figure.claim)), interval.low, interval.high, interval.low_open, interval.high_open)


def _figures(details: tuple) -> list[Figure]:
    """Every Figure among a finding's facts."""
    found: list[Figure] = []

    def walk(value: Any) -> None:
        if isinstance(value, Figure):
            found.append(value)
        elif isinstance(value, tuple):
            for x in value:
                walk(x)

    for _, value in details:
        walk(value)
    return found


# -- one figure set against several others ---------------------------------------------------

_RESTATEMENT_FACTS = ("restatements", "restated_by", "restated")


def group_shared_figures(findings: list[Finding], worded: Callable[[Finding], Finding], apart: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings (clashes already stated once) with those that set one figure, on the same
    side, against several others stated as one finding (see the module doc); `worded` renders a
    merged finding's message. Findings of three or more figures, counted placeholders and
    findings involving a claim in `apart` (or derived from one) are left as they are."""
    sides = [_sides(f) if f.claims and not _kept_apart(f, apart) else None for f in findings]
    keys = [None if s is None else [_shared_key(f, k, side) for k, side in enumerate(s)] for f, s in zip(findings, sides)]
    counts: dict[tuple, int] = {}
    for options in keys:
        for key in options or ():
            counts[key] = counts.get(key, 0) + 1
    groups: dict[tuple, list[int]] = {}
    out = []
    for position, options in enumerate(keys):
        # Each finding joins the figure it shares with the most findings (ties: its first side).
        best = max(options, key=lambda key: counts[key], default=None) if options else None
        if best is None or counts[best] < 2:
            out.append(findings[position])
        else:
            groups.setdefault(best, []).append(position)
    for key, positions in groups.items():
        if len(positions) == 1:
            out.append(findings[positions[0]])
            continue
        members = sorted((findings[p] for p in positions), key=_earliest)
        out.append(worded(_alongside(members, key[-2], sides[positions[0]][key[-2]])))
    return out


def _kept_apart(finding: Finding, apart: frozenset[str]) -> bool:
    """Whether the finding involves a claim in `apart`, or a claim derived from one (a draft's
    total computed from its parts is that draft's figure too)."""
    ids = [c.claim_id for c in finding.claims] + [cid for c in finding.claims if c.derived_from for cid in c.derived_from.split(",")]
    return bool(apart.intersection(ids))


def _sides(finding: Finding) -> list[frozenset[str]] | None:
    """Per figure of a finding that names two figures by their roles (fact order), the claims
    that give it: its own and those restating it; None for a finding of another shape. A pair
    compared either way round (a tuple of figures) has no side to share: which of three
    disagreeing figures is the odd one is not proved."""
    own = [value.claim for name, value in finding.details if isinstance(value, Figure) and name not in _RESTATEMENT_FACTS]
    facts = tuple((name, value) for name, value in finding.details if name not in _RESTATEMENT_FACTS)
    if len(own) != 2 or len(set(own)) != 2 or len(_figures(facts)) != 2:
        return None
    restating = {r.of.claim: {x.claim for x in r.by} for r in dict(finding.details).get("restated", ())}
    return [frozenset({cid} | restating.get(cid, set())) for cid in own]


def _shared_key(finding: Finding, side: int, claims: frozenset[str]) -> tuple:
    """What findings setting one figure the same way agree on: the check and what it concludes
    (severity, evidence, sentence kind, acceptance), the figure's place in the facts and the
    claims that give it."""
    return (finding.rule, finding.metric, finding.severity, finding.evidence, finding.message_kind, finding.accepted, side, claims)


def _alongside(members: list[Finding], side: int, shared: frozenset[str]) -> Finding:
    """The first finding, listing every member's claims, with the others' facts (`also`) and
    the figure they share (`shared`)."""
    first = members[0]
    claims = {c.claim_id: c for member in members for c in member.claims}
    facts = tuple((name, value) for name, value in first.details if name not in _RESTATEMENT_FACTS)
    shared_figure = [fig for fig in _figures(facts) if fig.claim in shared][0]
    also = tuple(Alongside(tuple(c.claim_id for c in m.claims), m.message_kind, m.details) for m in members[1:])
    details = first.details + (("shared", shared_figure), ("also", also))
    return replace(first, scope=claims[shared_figure.claim].scope, claims=tuple(claims.values()), details=details)


def stated_apart(finding: Finding) -> list[Finding]:
    """The findings a finding that set one figure against several stands for, each with its own
    claims and facts (the finding itself otherwise): for comparing with findings kept apart.
    Each keeps the merged finding's scope and message."""
    also = dict(finding.details).get("also")
    if not also:
        return [finding]
    claims = {c.claim_id: c for c in finding.claims}
    shared = dict(finding.details)["shared"].claim
    restating = {x.claim for r in dict(finding.details).get("restated", ()) if r.of.claim == shared for x in r.by}
    others = {cid for other in also for cid in other.claims} - {shared} - restating
    own = tuple((name, value) for name, value in finding.details if name not in ("shared", "also"))
    first = replace(finding, claims=tuple(c for cid, c in claims.items() if cid not in others), details=own)
    return [first, *(replace(finding, claims=tuple(claims[cid] for cid in other.claims), details=other.details, message_kind=other.message_kind) for other in also)]
