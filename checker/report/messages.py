"""The words of findings: one function per message kind, from the facts a check found.

A check drafts a message kind (``Draft.message_kind``, a stable id such as
``containment.lower_than_contained``) and its facts (``Draft.details``: claims as
``checker.facts.Figure``, numbers, the reading it rests on). The engine calls ``render`` once per
finding and stores the sentence as ``Finding.message``; every report shows that sentence. Another
wording (another language, a shorter SARIF text) is another set of these functions over the same
facts.
"""

from __future__ import annotations

import math
from typing import Callable

from checker.facts import Alongside, Figure, Restatement, Rounding, Window
from checker.model import ClaimRef, Finding, Interval, format_number
from checker.report.common import figure_text


class Phrases:
    """How a finding names its claims: by the figure as printed, its source and its window."""

    def __init__(self, finding: Finding):
        self.finding = finding
        self.claims: dict[str, ClaimRef] = {c.claim_id: c for c in finding.claims}

    def claim(self, fact: Figure) -> ClaimRef:
        return self.claims[fact.claim]

    def figure(self, fact: Figure) -> str:
        """'more than 3,400 people': the figure as printed, with the unit id."""
        claim = self.claim(fact)
        return figure_text(claim.printed, claim.qualifier, claim.unit)

    def who(self, fact: Figure) -> str:
        """The source and its publication date: 'un-2024-03 (2024-03-12)'."""
        claim = self.claim(fact)
        return f"{claim.source} ({claim.published})"

    def pick(self, fact: Figure) -> str:
        """A claim as a relation uses it: metric, figure and source ('(derived)' if computed)."""
        claim = self.claim(fact)
        derived = " (derived)" if claim.derived_from else ""
        return f"{claim.metric} {self.figure(fact)} from {claim.source}{derived}"

    def said(self, fact: Figure) -> str:
        """An estimate with who gave it, as of when, and where it was published."""
        claim = self.claim(fact)
        speaker = claim.attributed_to or claim.publisher
        return f"{self.figure(fact)} ({speaker}, as of {fact.window.end}, in {self.who(fact)})"


def window_words(window: Window) -> str:
    if window.start is None:
        return f"as of publication ({window.end})" if window.as_of_publication else f"as of {window.end}"
    if window.as_of_publication:
        return f"{window.start} to publication ({window.end})"
    return f"{window.start} to {window.end}"


def interval_words(interval: Interval) -> str:
    return interval.describe()


def computed_words(interval: Interval, digits: int = 4) -> str:
    """An interval a relation computed, rounded to `digits` decimals: '[0.25, 0.31)'."""
    return interval.describe(digits)


def percent(part: float, whole: float) -> str:
    """' (12.5%)': `part` as a share of `whole`, or nothing when that is undefined."""
    if not math.isfinite(part) or not math.isfinite(whole) or whole == 0:
        return ""
    return f" ({abs(part) / abs(whole) * 100:.1f}%)"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


# -- the engine's own findings ------------------------------------------------------------


def not_listed(facts: dict, say: Phrases) -> str:
    finding = say.finding
    where = f"{finding.metric} ({finding.scope})" if finding.scope else finding.metric
    copies = facts.get("restating_listed", 0)
    copies = (f" Of these, {copies:,} give the same figures for the same windows as clashes listed here, from further sources."
              if copies else "")
    return (
        f"{facts['not_listed']:,} more {finding.rule} findings for {where} are not listed: a check lists at most "
        f"{facts['limit']:,} per metric and scope (raise settings.max_findings to see them all).{copies} So many "
        f"clashes usually mean claims that differ in scope or definition were given one metric."
    )


# -- cumulative-containment ---------------------------------------------------------------


def lower_than_contained(facts: dict, say: Phrases) -> str:
    outer, inner, shortfall = facts["outer"], facts["contained"], facts["shortfall"]
    same = facts["same_figure_from"]
    same = f" (and the identical figure from {', '.join(say.who(x) for x in same)})" if same else ""
    others = facts.get("other_contained_claims", 0)
    more = f" It is also below {plural(others, 'other claim')} in windows it contains." if others else ""
    return (
        f"{say.figure(outer)} from {say.who(outer)} covers {window_words(outer.window)}, a window that contains "
        f"{window_words(inner.window)} of {say.figure(inner)} from {say.who(inner)}{same}, yet it is lower: "
        f"{interval_words(outer.interval)} against {interval_words(inner.interval)}, "
        f"{shortfall_words(shortfall, outer.interval, inner.interval)}. A count over a longer window "
        f"cannot be smaller than one over a window it contains.{more}"
    )


def shortfall_words(shortfall: float, outer: Interval, contained: Interval) -> str:
    """'short by at least 113 (2.9%)'; where the two ranges only meet at an end one of them
    leaves out ("nearly 4,000" against "more than 4,000"), the gap is no number: which side of
    that end each is on."""
    if shortfall > 0:
        return f"short by at least {format_number(shortfall)}{percent(shortfall, contained.low)}"
    first = "under" if outer.high_open else "at most"
    second = "over it" if contained.low_open else "at least it"
    return f"the first {first} {format_number(contained.low)} and the second {second}"


def rounding_words(rounding: Rounding, say: Phrases) -> str:
    """'1,200 was rounded down from at least 1,225': the rounding that would excuse a clash."""
    short, over = say.claims[rounding.short].printed, say.claims[rounding.over].printed
    if rounding.short_round and not rounding.over_round:
        return f"{short} was rounded down from at least {format_number(rounding.least)}"
    if rounding.over_round and not rounding.short_round:
        return f"{over} was rounded up from at most {format_number(rounding.most)}"
    return f"{short} was rounded down or {over} rounded up, to meet between {format_number(rounding.most)} and {format_number(rounding.least)}"


def _or_rounding(facts: dict, say: Phrases) -> str:
    """The end of an excuse: '.' or ', or if 1,200 was rounded down from at least 1,225.'"""
    rounding = facts.get("rounding")
    return f", or if {rounding_words(rounding, say)}." if rounding else "."


def lower_unless_fresh(facts: dict, say: Phrases) -> str:
    return lower_than_contained(facts, say) + (
        f" It holds only if the figure from {say.who(facts['outer'])} was at least "
        f"{plural(facts['age_that_excuses_days'], 'day')} old when published (within the reporting lag), or was revised down"
        + _or_rounding(facts, say)
    )


def lower_unless_compiled_earlier(facts: dict, say: Phrases) -> str:
    days = facts["published_days_after_contained_end"]
    when = f"{days} day{'' if days == 1 else 's'} after the contained window ends" if days else "the day the contained window ends"
    return lower_than_contained(facts, say) + (
        f" It holds if the figure from {say.who(facts['outer'])} was an early tally: it was published {when}, within the "
        f"reporting lag of {plural(facts['reporting_lag_days'], 'day')}{_and_tolerance(facts)}, and {_before(facts)} {say.who(facts['contained'])} gave the contained figure."
    )


def _before(facts: dict) -> str:
    """The longer count came out before the other figure, or may have (both dated one day)."""
    return "perhaps before (dated the same day)" if facts.get("published_in_either_order") else "before"


def _and_tolerance(facts: dict) -> str:
    days = facts.get("date_tolerance_days", 0)
    return f" and the date tolerance of {plural(days, 'day')}" if days else ""


def lower_unless_counted_from_start(facts: dict, say: Phrases) -> str:
    return lower_than_contained(facts, say) + (
        " This reads each figure given 'as of' a date as counted from the start of the series; it holds if one of them counts a shorter period"
        + _or_rounding(facts, say)
    )


def lower_unless_qualifiers_loose(facts: dict, say: Phrases) -> str:
    number = format_number(facts["contained"].interval.low)
    return lower_than_contained(facts, say) + (
        f" Both give {number}, and only their qualifiers set them apart: it holds only if the qualifiers are read strictly, "
        "not as loose wording of one figure."
    )


def lower_unless_rounded(facts: dict, say: Phrases) -> str:
    return lower_than_contained(facts, say) + f" It holds only if {rounding_words(facts['rounding'], say)}."


# -- same-window-agreement ----------------------------------------------------------------


def same_window_disagree(facts: dict, say: Phrases, reading: str = "") -> str:
    a, b = facts["figures"]
    low, high = (a, b) if a.claim == facts["lower"] else (b, a)
    gap, slip = facts["gap"], facts.get("likely_slip_factor")
    if slip is not None:
        reading += f" One figure is about {format_number(slip)} times the other: a likely thousands or unit slip."
    return (
        f"{say.figure(a)} from {say.who(a)} and {say.figure(b)} from {say.who(b)} cover the same window "
        f"({window_words(a.window)} and {window_words(b.window)}) but cannot both hold: {interval_words(low.interval)} against "
        f"{interval_words(high.interval)}, at least {format_number(gap)} apart{percent(gap, high.interval.low)}.{reading}"
    )


def same_window_unless_updates_within_a_day(facts: dict, say: Phrases) -> str:
    return same_window_disagree(facts, say, (
        f" The sources may be quoting updates of a running count: that holds only if "
        f"{format_number(facts['gap'])} were added within a day, while the count has grown by at most "
        f"about {format_number(round(facts['daily_rate'], 1))} a day."
    ))


def same_window_unless_different_updates(facts: dict, say: Phrases) -> str:
    return same_window_disagree(facts, say, " The sources may be quoting different updates of a running count.")


# -- qualifier-conflict -------------------------------------------------------------------


def exclusive_qualifiers(facts: dict, say: Phrases) -> str:
    x, y = facts["figures"]
    return (
        f"{say.figure(x)} from {say.who(x)} and {say.figure(y)} from {say.who(y)} give the same number for the "
        f"same window ({window_words(x.window)} and {window_words(y.window)}) with qualifiers that exclude each other: "
        f"{interval_words(x.interval)} against {interval_words(y.interval)}."
    )


# -- estimate-disagreement ----------------------------------------------------------------


def estimates_do_not_overlap(facts: dict, say: Phrases) -> str:
    x, y = facts["figures"]
    return f"{say.said(x)} and {say.said(y)} do not overlap: {interval_words(x.interval)} against {interval_words(y.interval)}."


# -- stale-figure --------------------------------------------------------------------------


def repeated_unchanged(facts: dict, say: Phrases) -> str:
    earlier, later = facts["earlier"], facts["later"]
    return (
        f"{say.figure(earlier)} from {say.who(earlier)} ({window_words(earlier.window)}) is repeated unchanged by "
        f"{say.who(later)} for {window_words(later.window)}, a window ending {facts['days']} days later: a cumulative count "
        f"that did not move in that time is likely copied or outdated. It is current only if the count was final by "
        f"{earlier.window.end} (no more were counted after it)."
    )


# -- outdated-lower-bound ------------------------------------------------------------------


def behind(facts: dict, say: Phrases) -> str:
    bound, earlier, days = facts["bound"], facts["earlier"], facts["days_before"]
    return (
        f"{say.figure(bound)} from {say.who(bound)} ({window_words(bound.window)}) still holds, but it is behind what was "
        f"already public: {say.who(earlier)} had published {say.figure(earlier)} ({window_words(earlier.window)}) "
        f"{plural(days, 'day')} earlier, at least {format_number(facts['times_the_bound'])} times the bound, for a window "
        f"the bound's contains. A lower bound printed after a clearly higher figure understates what was known."
        f"{_scale_slip_words(facts)}"
    )


def _scale_slip_words(facts: dict) -> str:
    factor = facts.get("fits_at_scale")
    if not factor:
        return ""
    return (f" Read {format_number(factor)} times larger it would not be behind: the unit may have slipped "
            f"(a million printed for a billion, or a figure in thousands).")


def behind_unless_compiled_earlier(facts: dict, say: Phrases) -> str:
    return behind(facts, say) + (
        f" It was current only if its figure was compiled before {say.who(facts['earlier'])} published, at least "
        f"{plural(facts['days_before'], 'day')} before it was printed (within the reporting lag of "
        f"{plural(facts['reporting_lag_days'], 'day')})."
    )


# -- rate-jump -----------------------------------------------------------------------------


def rate_jump(facts: dict, say: Phrases) -> str:
    begin, end, rate, usual = facts["from"], facts["to"], facts["rate"], facts["usual"]
    return (
        f"{say.claim(end).metric} rises from {say.figure(begin)} ({say.who(begin)}) to {say.figure(end)} ({say.who(end)}) at no less than "
        f"{format_number(round(rate, 1))} a day, {rate / usual:.1f} times the series' usual "
        f"{format_number(round(usual, 1))} a day over its other periods. Check the later figure's "
        f"window and definition."
    )


# -- scope-subset --------------------------------------------------------------------------


def part_exceeds_whole(facts: dict, say: Phrases) -> str:
    part, whole = facts["part"], facts["whole"]
    return (
        f"{say.figure(part)} for {facts['part_scope'] or 'its scope'} ({say.who(part)}, {window_words(part.window)}) exceeds {say.figure(whole)} for "
        f"{facts['whole_scope'] or 'all'} ({say.who(whole)}, {window_words(whole.window)}), a window that contains it: "
        f"{interval_words(part.interval)} against {interval_words(whole.interval)}, though the first is part of the second ({facts['relation']})."
    )


def _older(facts: dict, say: Phrases) -> str:
    return f"the figure from {say.who(facts['whole'])} was older than its publication date"


def part_exceeds_whole_unless_older(facts: dict, say: Phrases) -> str:
    return part_exceeds_whole(facts, say) + f" It holds only if {_older(facts, say)}."


def part_exceeds_whole_unless_compiled_earlier(facts: dict, say: Phrases) -> str:
    days = facts["published_days_after_part_end"]
    when = f"{plural(days, 'day')} after the part's window ends" if days else "the day the part's window ends"
    return part_exceeds_whole(facts, say) + (
        f" It holds if the figure from {say.who(facts['whole'])} was an early tally: it was published {when}, within the reporting lag of "
        f"{plural(facts['reporting_lag_days'], 'day')}{_and_tolerance(facts)}, and {_before(facts)} {say.who(facts['part'])} gave the part."
    )


def part_exceeds_whole_unless_rounded(facts: dict, say: Phrases) -> str:
    excuses = [_older(facts, say)] if facts["whole_may_be_older"] else []
    excuses.append(rounding_words(facts["rounding"], say))
    return part_exceeds_whole(facts, say) + f" It holds only if {', or if '.join(excuses)}."


# -- parts-sum -----------------------------------------------------------------------------


def parts_do_not_add_up(facts: dict, say: Phrases) -> str:
    terms = " + ".join(say.pick(part) for part in facts["parts"])
    unit, formula = facts["unit"], f"{facts['total_metric']} = {' + '.join(facts['part_metrics'])}"
    return (
        f"{terms} add up to {computed_words(facts['parts_sum'])} {unit}, but {say.pick(facts['total'])} is given as the "
        f"total for the same window ({facts['relation']}: {formula}); "
        f"they are at least {format_number(facts['gap'])} {unit} apart."
    )


# -- share-consistency ---------------------------------------------------------------------


def share_does_not_match(facts: dict, say: Phrases) -> str:
    inputs = "; ".join(say.pick(x) for x in facts["inputs"])
    unit, ratio = facts["unit"], f"{facts['part_expression']} / {facts['whole_expression']}"
    return (
        f"{say.pick(facts['share'])} does not match {ratio} = "
        f"{computed_words(facts['implied'], 2)} {unit} ({inputs}): at least {format_number(round(facts['gap'], 2))} {unit} apart."
    )


# -- stock-flow ----------------------------------------------------------------------------


def not_balanced(facts: dict, say: Phrases) -> str:
    unit = facts["unit"]
    return (
        f"{say.pick(facts['total'])} is not {say.pick(facts['flow'])} + "
        f"{say.pick(facts['remaining'])} = {computed_words(facts['implied'])} {unit} ({facts['relation']}); "
        f"at least {format_number(facts['gap'])} {unit} apart."
    )


def remaining_fits_as_total(facts: dict, say: Phrases) -> str:
    unit, share, share_unit = facts["unit"], facts["share_metric"], facts["share_unit"]
    return (
        f"{say.pick(facts['remaining'])} only fits as the total, not as what remains. Read as remaining, "
        f"the total is {say.pick(facts['flow'])} + it = {computed_words(facts['total_if_remaining'])} {unit} and "
        f"{share} = {computed_words(facts['share_if_remaining'], 2)} {share_unit}; read as the total, "
        f"{share} = {computed_words(facts['share_if_total'], 2)} {share_unit}, matching "
        f"{say.pick(facts['share'])} ({facts['relation']}, {facts['share_relation']})."
    )


MESSAGES: dict[str, Callable[[dict, Phrases], str]] = {
    "findings.not_listed": not_listed,
    "containment.lower_than_contained": lower_than_contained,
    "containment.lower_unless_fresh": lower_unless_fresh,
    "containment.lower_unless_counted_from_start": lower_unless_counted_from_start,
    "containment.lower_unless_compiled_earlier": lower_unless_compiled_earlier,
    "containment.lower_unless_rounded": lower_unless_rounded,
    "containment.lower_unless_qualifiers_loose": lower_unless_qualifiers_loose,
    "same_window.disagree": same_window_disagree,
    "same_window.disagree_unless_updates_within_a_day": same_window_unless_updates_within_a_day,
    "same_window.disagree_unless_different_updates": same_window_unless_different_updates,
    "qualifier.exclusive_qualifiers": exclusive_qualifiers,
    "estimate.no_overlap": estimates_do_not_overlap,
    "stale.repeated_unchanged": repeated_unchanged,
    "outdated_lower_bound.behind": behind,
    "outdated_lower_bound.behind_unless_compiled_earlier": behind_unless_compiled_earlier,
    "rate_jump.jump": rate_jump,
    "scope_subset.part_exceeds_whole": part_exceeds_whole,
    "scope_subset.part_exceeds_whole_unless_older": part_exceeds_whole_unless_older,
    "scope_subset.part_exceeds_whole_unless_compiled_earlier": part_exceeds_whole_unless_compiled_earlier,
    "scope_subset.part_exceeds_whole_unless_rounded": part_exceeds_whole_unless_rounded,
    "parts_sum.parts_do_not_add_up": parts_do_not_add_up,
    "share.does_not_match": share_does_not_match,
    "stock_flow.not_balanced": not_balanced,
    "stock_flow.remaining_fits_as_total": remaining_fits_as_total,
}


# -- restatements (checker/restatements.py) -------------------------------------------------


def restatements_words(restated: tuple[Restatement, ...], say: Phrases) -> str:
    """'11,300 people from a (2023-09-14) is also given by 1 more source: b (2023-09-19), for
    2023-09-10 to publication (2023-09-19).' A clash copied whole: 'The same figures are also
    given by ...'."""
    givers = [_givers(r, say) for r in restated]
    if len(restated) > 1 and len(set(givers)) == 1 and all(_same_dates(x.window, r.of.window) for r in restated for x in r.by):
        return f"The same figures are also given by {givers[0]}."
    return " ".join(f"{say.figure(r.of)} from {say.who(r.of)} is also given by {g}." for r, g in zip(restated, givers))


def _same_dates(a: Window, b: Window) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _givers(restatement: Restatement, say: Phrases) -> str:
    """'2 more sources: b (2023-09-19), for <window>, c (2023-09-20)': who restates a figure,
    with each window that differs from the figure's own."""
    listed: list[str] = []
    for fig in restatement.by:
        window = "" if _same_dates(fig.window, restatement.of.window) else f", for {window_words(fig.window)}"
        listed.append(f"{say.who(fig)}{window}")
    others = {say.claim(fig).source for fig in restatement.by} - {say.claim(restatement.of).source}
    count = plural(len(others), "more source") if others else "its own source again"
    return f"{count}: {'; '.join(dict.fromkeys(listed))}"


def render(finding: Finding) -> str:
    """The sentence of a finding: its kind's words, then the claims restating its figures, if any."""
    facts = dict(finding.details)
    sentence = MESSAGES[finding.message_kind](facts, Phrases(finding))
    restated = facts.get("restated")
    if restated:
        sentence += " " + restatements_words(restated, Phrases(finding))
    also = facts.get("also")
    if also:
        sentence += " " + alongside_words(facts["shared"], also, Phrases(finding))
    return sentence


def alongside_words(shared: Figure, also: tuple[Alongside, ...], say: Phrases) -> str:
    """'42.5M acre from a (2024) is set the same way against 2 more figures: (2) 45.7 million acre
    from b (2023-10-20), for <window>: short by at least 350,053 (2.0%). (3) ...': per other
    finding, the figure it sets against the shared one, the gap it proved and any excuse it
    states, so every pair's facts are stated once and the shared figure's words are not repeated."""
    items = []
    for number, other in enumerate(also, start=2):
        facts = dict(other.details)
        against = next(f for f in _named_figures(facts) if f.claim != shared.claim)
        item = f"({number}) {say.figure(against)} from {say.who(against)}, for {window_words(against.window)}: {_gap_words(facts, say)}.{_excuse_words(other.message_kind, facts, say)}"
        if facts.get("restated"):
            item += " " + restatements_words(facts["restated"], say)
        items.append(item)
    head = f"{say.figure(shared)} from {say.who(shared)} is set the same way against {plural(len(also), 'more figure')}:"
    return " ".join([head, *items])


def _named_figures(facts: dict) -> list[Figure]:
    return [value for name, value in facts.items() if isinstance(value, Figure) and name != "shared"]


def _gap_words(facts: dict, say: Phrases) -> str:
    """What one pair of a merged finding proved, in its check's terms."""
    if "shortfall" in facts:
        return shortfall_words(facts["shortfall"], facts["outer"].interval, facts["contained"].interval)
    if "times_the_bound" in facts:
        return f"published {plural(facts['days_before'], 'day')} before the bound, at least {format_number(facts['times_the_bound'])} times it"
    if "part" in facts:
        return f"the part {interval_words(facts['part'].interval)} against the whole {interval_words(facts['whole'].interval)}"
    if "rate" in facts:
        return f"at no less than {format_number(round(facts['rate'], 1))} a day, {facts['rate'] / facts['usual']:.1f} times the usual"
    return f"a window ending {facts['days']} days later"


# Per check, the proof sentence its message kinds start from: what a warning's sentence adds to
# it is the warning's excuse.
_PROOF_OF_CHECK: dict[str, Callable[[dict, Phrases], str]] = {
    "containment": lower_than_contained,
    "scope_subset": part_exceeds_whole,
    "outdated_lower_bound": behind,
    "stale": repeated_unchanged,
    "rate_jump": rate_jump,
}


def _excuse_words(kind: str, facts: dict, say: Phrases) -> str:
    """' It holds only if ...': the excuse a warning's sentence adds to its check's proof."""
    sentence, proof = MESSAGES[kind](facts, say), _PROOF_OF_CHECK[kind.split(".")[0]](facts, say)
    return sentence[len(proof):] if sentence.startswith(proof) else ""
