"""How firmly the gate read a draft figure: which parts of its reading the draft states and which
were guessed, and so how much a finding that rests on it can prove.

The extractor reads a figure's metric, window and scope from its sentence. Where the sentence
does not give one, a reading still has to be chosen, and then it is a guess:

- `window` from the rules: a running count whose sentence gives no start counts from the
  latest named date of the rules before publication ("nearly 12,000 items found so far", counted
  from that date), or the metric's `default_window` fills a window the sentence lacks.
  The rules say how such figures are counted, but the draft does not say it counts that way.
- `window` from the extractor alone: a start the extractor made of the text's dates ("in 2019",
  said in 2019, read as a running count since 1 January). Nothing the user wrote grounds it.
  So too a start from the rules for a figure whose sentence gives it a period of its own that
  the extractor did not read ("240 new reports in the past week", "5,350 per year"): the rules'
  start is for running counts, and the words say this one is not.
- `scope`: the metric is known in several scopes and the figure's words name none, so it took
  the metric's default scope (`checker.gate.scopes`).
- `metric`: the extraction's confidence is below `WEAK_CONFIDENCE`: the metric came through
  shared words rather than an alias, or the number was spelled out (`checker.gate.run`).

A finding is as strong as the weakest reading it rests on (`EVIDENCE_CEILING` in
checker.model): with no guess, the check's own evidence; with one guess from the rules or the
words, at most `likely`, a warning, below the default `--fail-on`; with a window the extractor
alone guessed, or with two guesses, the figure is not understood and its findings are listed,
not counted. `--infer-windows` takes every window as stated.
"""

from __future__ import annotations

import re
from dataclasses import replace

from checker.gate.draft import Figure
from checker.model import Finding, stamped_severity

WINDOW = "window"
SCOPE = "scope"
METRIC = "metric"

STATED = ""  # the sentence (or its paragraph) gives the window
FROM_RULES = "rules"  # a named date or the metric's default_window, from the rules
FROM_READER = "reader"  # the extractor's own reading of the text's dates

# Confidence is the number's (0.6 spelled out, 0.85 digits, 0.95 with a unit) times the metric
# match's (0.55-0.95 through an alias, 0.4-0.7 through shared words): below 0.6 fall a metric
# matched through shared words on a bare number and any metric of a spelled-out number.
WEAK_CONFIDENCE = 0.6

_START_RE = re.compile(r"^(?:since|between)\s+(?P<start>\S+)")

# Words that give a figure a period of its own: a rate ("per year", "a day"), a recent span ("in
# the past week", "over the last 24 hours"), a frequency or an average ("weekly", "average").
_UNIT_OF_TIME = r"(?:hours?|days?|weeks?|months?|years?|quarters?)"
_OWN_PERIOD_RE = re.compile(
    rf"\b(?:(?:per|a|an|each|every)\s+{_UNIT_OF_TIME}"
    rf"|(?:past|last|previous|preceding)\s+(?:\d+\s+|few\s+|several\s+|two\s+|three\s+|four\s+|seven\s+)?{_UNIT_OF_TIME}"
    r"|daily|weekly|monthly|yearly|annual|annually|average|averaged)\b",
    re.IGNORECASE,
)
# "240 new reports", "ten new sites": a figure of new ones counts some recent period
_NEW_AFTER_RE = re.compile(r"^\s+(?:\w+\s+)?new\b")


def window_origin(figure: Figure, rules) -> str:
    """Where a figure's window comes from: STATED, FROM_RULES or FROM_READER."""
    if figure.window_basis != "inferred":
        return STATED
    metric = rules.metrics.get(figure.metric)
    if metric is not None and metric.default_window and figure.window == metric.default_window:
        return FROM_RULES
    match = _START_RE.match(figure.window)
    if match is None:  # "as of publication", "as of 2023-06-09" ("on Friday"): the text's own dates
        return STATED
    named = rules.named_dates.get(match.group("start"))
    if named is not None:
        if names_date(figure.sentence, named):
            return STATED
        return FROM_READER if has_own_period(figure) else FROM_RULES
    return FROM_READER if figure.window.startswith("since ") else STATED


def has_own_period(figure: Figure) -> bool:
    """Whether the figure's sentence gives it a rate, a recent span or an average, or calls it new."""
    at = figure.sentence.find(figure.printed)
    after = figure.sentence[at + len(figure.printed) :] if at >= 0 else ""
    return bool(_OWN_PERIOD_RE.search(figure.sentence) or _NEW_AFTER_RE.match(after))


def names_date(sentence: str, named) -> bool:
    """Whether the sentence names the named date (its id, label or an alias; whole words, any case)."""
    lowered = sentence.lower()
    names = [named.id.replace("_", " "), named.label, *named.aliases]
    return any(name and re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered) for name in names)


def guesses(figure: Figure, rules, defaulted_scopes: set[str], infer_windows: bool) -> tuple[str, ...]:
    """The parts of a figure's reading that were guessed (WINDOW, SCOPE, METRIC), in that order."""
    out = []
    if not infer_windows and window_origin(figure, rules) != STATED:
        out.append(WINDOW)
    if figure.claim_id in defaulted_scopes:
        out.append(SCOPE)
    if figure.confidence < WEAK_CONFIDENCE:
        out.append(METRIC)
    return tuple(out)


def unreadable(figure: Figure, guessed: tuple[str, ...], rules, infer_windows: bool) -> bool:
    """A reading too weak to count: a window only the extractor guessed, or two guesses."""
    return len(guessed) > 1 or (not infer_windows and window_origin(figure, rules) == FROM_READER)


def capped(finding: Finding, guessed: dict[str, tuple[str, ...]], involved: list[str]) -> Finding:
    """The finding at no more than `likely` evidence when a draft figure it rests on was read
    with a guess; otherwise unchanged."""
    if not any(guessed.get(cid) for cid in involved):
        return finding
    return replace(finding, severity=stamped_severity(finding.severity.value, "likely"))
