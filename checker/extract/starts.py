"""Which named dates may start a metric's running counts, as the rules say through default windows.

A running count whose sentence names no start ("201 arrests", "the toll rose to 288 on June 3")
is counted from a named date of the rules. Which one is the rules' to say, and they say it in
`default_window`:

- a metric whose default window starts at a named date ("since lahaina_fire", "between
  start_of_conflict and first_war_ceasefire") is counted from that date only;
- a date some default window starts at is a start of counts; a date the default windows use only
  as a moment ("as of censure_vote": a vote, the day a plan was presented) or as an end, and a date
  they leave out while they name others, start no count: a figure of a metric with no default
  window of its own is counted from the latest start of counts before publication, else has no
  start ("as of" its day);
- rules whose default windows name no named date say nothing on the matter, and every named date
  may start any count (the latest before publication, as extraction always read them).

A window the sentence or its paragraph states ("since the no-confidence vote, 300 arrests") is
never touched here.
"""

from __future__ import annotations

from checker.windows import SHORTHAND

ANY = None  # every named date may start the metric's counts


def _date_id(rules: object, phrase: str) -> str | None:
    lookup = getattr(rules, "named_date", None)
    if lookup is None:
        return None
    found = lookup(phrase.strip())
    return getattr(found, "id", None) if found is not None else None


def _named_parts(rules: object, window: str) -> tuple[str | None, list[str]]:
    """(the named date a default window starts at, every named date it names)."""
    text = " ".join(window.split())
    for pattern, kind in SHORTHAND:
        match = pattern.match(text)
        if match is None:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        named = [d for d in (_date_id(rules, v) for v in groups.values()) if d is not None]
        start = _date_id(rules, groups["start"]) if "start" in groups else None
        return start, named
    return None, []


def count_starts(rules: object | None) -> tuple[dict[str, frozenset[str] | None], frozenset[str] | None]:
    """For each metric id, the ids of the named dates that may start its counts (`ANY`: all), and
    the ids that may start the counts of a metric the rules do not tie (or of no metric)."""
    metrics = getattr(rules, "metrics", None) or {}
    own: dict[str, str | None] = {}
    starts: set[str] = set()
    named_anywhere = False
    for mid, metric in metrics.items():
        window = str(getattr(metric, "default_window", "") or "")
        start, named = _named_parts(rules, window) if window else (None, [])
        own[mid] = start
        named_anywhere = named_anywhere or bool(named)
        if start is not None:
            starts.add(start)
    if not named_anywhere:
        return {mid: ANY for mid in metrics}, ANY
    shared = frozenset(starts)
    return {mid: frozenset([start]) if start is not None else shared for mid, start in own.items()}, shared
