"""One article read as a whole: what its drafts say of each other fixes, or sets aside, a guess.

Drafts are read one figure at a time; an article is read once more as a whole, in three steps:

1. A count printed right before a share ("57 deaths (a death rate of 0.4%)") is the share's part
   (the rules' relations of kind ``share``) when the count over the article's figure of the
   share's whole, same place and window, gives the share as printed (57 of 13,171 is 0.43%).
2. In a list ("As of 1 December, the region has:" then one figure per line), a row that names its
   figure with one bare word ("Northfield: 2,334 cases") counts what an earlier row of the list
   named with that word ("13,171 confirmed cases"), unless an earlier row used the word for
   the row's own metric.
3. An article does not contradict itself. A running count (a metric of kind ``cumulative``) over
   a window cannot be lower than the same count, for the same scope, over a window inside it.
   When two drafts break that rule and the lower one's window was inferred rather than stated
   ("893 cases" of a weekly update, read as a count since the start of the year beside the
   "49,566 cases since the start of the year" of the same text), the window is the
   likelier misreading: the draft is kept for review with ``metric: unresolved`` and the reason.
   When the lower one's window is stated and the higher one's inferred, the higher one is set
   aside. Two stated windows that disagree are kept: that is the article's own contradiction, for
   the checks to report; so are a lower figure whose window its paragraph states ("so far this
   year") and a higher one whose inferred start gives that same window. A share with an inferred window ("the fatality rate rose to 1%", a
   weekly rate) that the article's own part and whole over one window do not give ("1,193 deaths"
   of "49,566 cases", 2.4%) is set aside the same way.

An article with more drafts than MAX_DRAFTS (a table pasted as text) is left as drafted.
"""

from __future__ import annotations

from typing import Any, Callable

from checker.dates import DateSpan
from checker.extract.metrics import UNRESOLVED, tokens
from checker.extract.validate import set_aside
from checker.values import parse_figure
from checker.windows import Window, WindowError, parse_window

MAX_DRAFTS = 500  # the steps compare drafts pairwise: bounded work per article

# qualifiers under which the printed value may be below the true one, or above it
_FLOOR = frozenset(["more_than", "over", "at_least"])
_CEILING = frozenset(["up_to", "less_than", "fewer_than", "under", "at_most"])

Reader = Callable[[dict[str, Any]], "tuple[float, Window] | None"]


def read_as_a_whole(claims: list[dict[str, Any]], rules: Any, published: DateSpan | None, kinds: dict[str, str]) -> None:
    """The three steps of the module docstring, in place on one article's drafts."""
    if rules is None or published is None or len(claims) > MAX_DRAFTS:
        return
    cache: dict[int, tuple[float, Window] | None] = {}

    def read(claim: dict[str, Any]) -> tuple[float, Window] | None:
        if id(claim) not in cache:
            cache[id(claim)] = _read(claim, rules, published)
        return cache[id(claim)]

    name_counts_by_their_share(claims, rules, read)
    rows_follow_the_list_head(claims)
    set_aside_self_contradictions(claims, rules, read, kinds)


def name_counts_by_their_share(claims: list[dict[str, Any]], rules: Any, read: Reader) -> None:
    """Step 1: a count printed before its share takes the share's part metric (see the docstring)."""
    for count, share, metric in _counts_named_by_their_share(claims, rules, read):
        count["metric"] = metric  # "57 deaths (a death rate of 0.4%)" of 13,171 confirmed cases
        count["note"] = f"metric from the share beside it ({share['value']}%, {metric})"
        share["window"] = count["window"]
        share.pop("window_basis", None)
        if "window_basis" in count:
            share["window_basis"] = count["window_basis"]


def set_aside_self_contradictions(claims: list[dict[str, Any]], rules: Any, read: Reader, kinds: dict[str, str]) -> None:
    """Step 3: set aside each draft whose inferred window makes its article contradict itself."""
    readable = [(claim, found) for claim in claims if kinds.get(str(claim.get("metric"))) == "cumulative" for found in [read(claim)] if found is not None]
    doubtful: list[tuple[dict[str, Any], str]] = []
    for low, (low_value, low_window) in readable:
        for high, (high_value, high_window) in readable:
            if low is high or low["metric"] != high["metric"] or low.get("scope") != high.get("scope"):
                continue
            if low.get("qualifier") in _FLOOR or high.get("qualifier") in _CEILING or not low_value < high_value:
                continue
            if not _contains(low_window, high_window):
                continue
            if _both_read_alike(low, high, low_window, high_window):
                continue  # the article's own two figures over one window: for the checks to report
            if _inferred(low):
                doubtful.append((low, f"its inferred window ({low['window']}) would put it below {high['value']} of the same article over a window it contains"))
            elif _inferred(high):
                doubtful.append((high, f"its inferred window ({high['window']}) would put it above {low['value']} of the same article over a longer window"))
    doubtful += _disagreeing_shares(claims, rules, read)
    seen: set[int] = set()
    for claim, reason in doubtful:
        if id(claim) not in seen and claim["metric"] != UNRESOLVED:
            seen.add(id(claim))
            set_aside(claim, f"window to check: {reason}")


def _disagreeing_shares(claims: list[dict[str, Any]], rules: Any, read: Reader) -> list[tuple[dict[str, Any], str]]:
    """Shares with an inferred window that the article's own part and whole, over one window,
    do not give (a relation of kind share in the rules: share = part / whole)."""
    out: list[tuple[dict[str, Any], str]] = []
    for share_metric, part_metric, whole_metric in _share_relations(rules):
        parts = [c for c in claims if c.get("metric") == part_metric]
        wholes = [c for c in claims if c.get("metric") == whole_metric]
        for share in (c for c in claims if c.get("metric") == share_metric and _inferred(c)):
            value = _number(share)
            for part in (p for p in parts if p.get("scope") == share.get("scope")):
                for whole in (w for w in wholes if w.get("scope") == share.get("scope") and _same_window(w, part, read)):
                    part_value, whole_value = _number(part), _number(whole)
                    if value is None or part_value is None or not whole_value:
                        continue
                    given = 100.0 * part_value / whole_value
                    if abs(given - value) > max(0.5, 0.1 * value):
                        out.append((share, f"its inferred window ({share['window']}) would make it disagree with {part['value']} of {whole['value']} ({given:.2g}%) in the same article"))
    return out


def _counts_named_by_their_share(claims: list[dict[str, Any]], rules: Any, read: Reader) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """(count, share, metric): a count printed right before a share ("57 deaths (a death rate of
    0.4%)") whose metric is not the share's part, though the count over the article's figure of
    the share's whole, same place and window, is the share as printed (57 of 13,171 is 0.43%)."""
    units = {m: str(getattr(metric, "unit", "")) for m, metric in (getattr(rules, "metrics", None) or {}).items()}
    out = []
    for share_metric, part_metric, whole_metric in _share_relations(rules):
        for share in (c for c in claims if c.get("metric") == share_metric):
            count = min((c for c in claims if 0 <= _gap(c, share) <= 40), key=lambda c: (_gap(c, share), -c["extraction"]["start"]), default=None)
            value = _number(share)
            if count is None or value is None or count.get("metric") in (None, UNRESOLVED, part_metric) or units.get(str(count["metric"])) != units.get(part_metric):
                continue
            for whole in (w for w in claims if w.get("metric") == whole_metric and w.get("scope") == count.get("scope")):
                part_value, whole_value = _number(count), _number(whole)
                if part_value is not None and whole_value and _same_window(count, whole, read) and abs(100.0 * part_value / whole_value - value) <= _half_unit(share):
                    out.append((count, share, part_metric))
                    break
    return out


def rows_follow_the_list_head(claims: list[dict[str, Any]]) -> None:
    """Step 2: a list row named with one bare word counts what an earlier row named with it."""
    earlier: list[tuple[int, frozenset[str], str]] = []  # (list, alias words, metric)
    for claim in claims:
        row = (claim.get("extraction") or {}).get("list_row")
        if not row:
            continue
        number, alias, bare = row
        words = frozenset(tokens(alias))
        metric = str(claim["metric"])
        if bare and len(words) == 1 and metric != UNRESOLVED:
            same_list = [(w, m) for n, w, m in earlier if n == number and words <= w]
            others = [m for _, m in same_list if m not in (metric, UNRESOLVED)]
            if others and all(m != metric for _, m in same_list):
                claim["metric"] = others[0]
                claim["note"] = f"metric of the list's earlier row that names {alias!r} ({others[0]})"
        earlier.append((number, words, str(claim["metric"])))


def _gap(before: dict[str, Any], after: dict[str, Any]) -> int:
    """Characters from the end of one draft's quote to the start of the next's (-1: not before it)."""
    a, b = before.get("extraction") or {}, after.get("extraction") or {}
    if "end" not in a or "start" not in b or before is after or a.get("start", 0) >= b["start"]:
        return -1
    return max(0, b["start"] - a["end"])


def _half_unit(claim: dict[str, Any]) -> float:
    """Half the last printed digit of a value: "0.4" may be anything from 0.35 to 0.45."""
    printed = str(claim.get("value"))
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10 ** -decimals + 1e-9


def _share_relations(rules: Any) -> list[tuple[str, str, str]]:
    """(share, part, whole) metric ids of the rules' share relations between plain metrics."""
    out = []
    for relation in getattr(rules, "relations", None) or []:
        roles = dict(getattr(relation, "roles", ()))
        if getattr(relation, "kind", "") != "share" or not all(getattr(roles.get(r), "op", "") == "metric" for r in ("share", "part", "whole")):
            continue
        out.append((roles["share"].name, roles["part"].name, roles["whole"].name))
    return out


def _number(claim: dict[str, Any]) -> float | None:
    """A draft's value as one number ("1,193", "18.7 million", "42.5M"); None for a range."""
    try:
        figure = parse_figure(claim.get("value"))
    except ValueError:
        return None
    return None if figure.is_range else figure.value


def _same_window(a: dict[str, Any], b: dict[str, Any], read: Reader) -> bool:
    read_a, read_b = read(a), read(b)
    return read_a is not None and read_b is not None and _contains(read_a[1], read_b[1]) and _contains(read_b[1], read_a[1])


def _both_read_alike(low: dict[str, Any], high: dict[str, Any], low_window: Window, high_window: Window) -> bool:
    """Whether the lower figure's window comes from its paragraph (``context``: "so far this year,
    ... 201 have occurred in ...") and the higher one's default start gives the very same window:
    the text dates the lower figure, and no reading of the higher one would clear the article."""
    return low.get("window_basis") == "context" and high.get("window_basis") == "inferred" and _contains(high_window, low_window)


def _inferred(claim: dict[str, Any]) -> bool:
    return claim.get("window_basis") in ("inferred", "context")


def _read(claim: dict[str, Any], rules: Any, published: DateSpan) -> tuple[float, Window] | None:
    """(value, window) of a draft, or None when either does not read as one number and window."""
    number = _number(claim)
    try:
        window = parse_window(claim.get("window"), rules, published)
    except (ValueError, WindowError, AttributeError, TypeError):
        return None
    return (number, window) if number is not None else None


def _contains(outer: Window, inner: Window) -> bool:
    """Whether `outer` holds every day of `inner` (an unknown start is the earliest)."""
    if outer.end.last < inner.end.last:
        return False
    if outer.start is None:
        return True
    return inner.start is not None and outer.start.first <= inner.start.first
