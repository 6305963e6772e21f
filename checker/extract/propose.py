"""Starter rules from a folder of articles: what `checker init` and `extract --propose-rules` write.

A new topic starts with no rules, so every drafted figure is ``metric: unresolved``. The words
next to those figures say what they count: "1,204 people died", "the death toll rose to 1,204".
This module turns them into a commented rules file for a person to edit:

- metrics: the head words of the unresolved figures (the words after the figure, else before it),
  clustered with rapidfuzz, each with a unit and a kind guessed from its figures and its aliases;
- named dates: dates that several articles hang figures from ("since 3 May", "the storm began on
  3 May"), with the phrases that name them;
- scopes: the places and groups figures were drafted for.

Every proposal is commented with the quotes it came from. The file always loads as rules.
"""

from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from checker.dates import DateSpan, parse_date
from checker.errors import InputErrors
from checker.extract.document import read_document
from checker.extract.pipeline import ExtractError, Extractor, draft_claims_document, read_source, source_ids_for
from checker.report.write import write_atomic
from checker.rules import load_rules
from checker.rules.schema import name_key
from checker.extract.metrics import UNRESOLVED, tokens
from checker.extract.windows import _resolve_any, find_windows, lowered_text
from checker.vocabulary import POPULATION_NOUNS, QUALIFIER_PHRASES

MIN_FIGURES = 2  # a metric, date or scope seen once is left to the reviewer
MAX_METRICS = 40
_SKIP = frozenset(
    [w for w in QUALIFIER_PHRASES if " " not in w]
    + "a an the of to in on at by for from with and or as is are was were be been being has have had that which who "
    "this these those its their his her our it they he she we about around nearly almost more than over some least "
    "up down rose fell reached stood stands climbed jumped surged total now so far still another other new".split()
)
# Words after a figure that say how big it is, or nothing about what it counts: skipped when
# looking for the head words ("1.2 million acres" counts acres; "7 million" says nothing).
_SCALE = frozenset("thousand thousands million millions billion billions trillion lakh lakhs crore crores bn mn m k".split())
_NOT_WHAT = _SCALE | frozenset(
    "not no out among after before according per each every only just while when where whom whose "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december yesterday today week weeks month months year years day days".split()
)
_GROUPS = frozenset(["people", "persons", "individuals", *POPULATION_NOUNS])
_STATES = frozenset("dead missing homeless die died injured hurt displaced infected sick ill".split())  # what a group of people can be
_SAYING = frozenset("reported estimated confirmed expected believed thought said feared recorded registered counted listed".split())
_FIGURE_RE = re.compile(r"[\d][\d,.\s]*\d|\d")
_CUMULATIVE_HINTS = frozenset("total toll since so far to date cumulative altogether overall in all".split())
_ESTIMATE_HINTS = frozenset("could would will may might expected estimate estimated forecast projected projection likely".split())
# What a group is in at one moment, and can leave: a stock, never a running total, whatever the
# quotes say ("16 people are still missing", "62 unidentified bodies so far").
_STOCK_HINTS = frozenset("missing unaccounted hospitalized hospitalised displaced homeless sheltered shelters unidentified remain remaining detained active".split())
_EVENT_RE = re.compile(
    r"\b(?P<e>the\s+(?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*)\s+(?:began|started|struck|hit|broke\s+out|erupted|made\s+landfall|"
    r"was\s+declared|occurred|happened|took\s+place|was\s+confirmed|was\s+reported)\s+(?:on\s+|in\s+)?(?:the\s+\w+\s+of\s+)?"
    r"(?P<d>(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?)",
    re.IGNORECASE,
)


@dataclass
class _Cluster:
    phrase: str
    unit_counts: Counter = field(default_factory=Counter)
    phrases: Counter = field(default_factory=Counter)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    windows: list[str] = field(default_factory=list)
    estimated: int = 0  # figures whose quote says they are estimated, expected, could be...


def head_phrase(quote: str, value: str) -> str:
    """The words a figure counts: after it ("people died"), else before it ("death toll")."""
    position = _figure_position(quote, value)
    if position is None:
        return ""
    start, end = position
    names = _proper_names(quote)
    after = [t for t in tokens(quote[end:]) if not t.isdigit() and t not in _SCALE][:6]
    before = [t for t in tokens(quote[:start]) if not t.isdigit() and t not in _SCALE][-3:]
    after = [t for t in after if t not in names]  # "58 from Egypt", "530 Egyptians died": a name says whose figure, not what it counts
    before = [t for t in before if t not in names]
    words = _content(after)[:2]
    if words and words[0] in _GROUPS:
        state = next((t for t in after[1:] if (t.endswith("ed") or t in _STATES) and t not in _SAYING), "")
        words = [words[0], state] if state else words[:1]
    if not words or words == ["percent"]:
        nouns = _content(before)[-2:]
        while nouns and nouns[-1].endswith(("ed", "ing")):  # "included 58", "reaching 58": a verb, not what is counted
            nouns.pop()
        words = nouns + (["percent"] if words == ["percent"] else [])
    return " ".join(words)


def _proper_names(quote: str) -> frozenset[str]:
    """Words the quote capitalises other than at its start or after a full stop (lower-cased):
    names of places, people and bodies, which say whose figure it is, not what it counts."""
    text = quote.strip()
    return frozenset(m.group(1).lower() for m in re.finditer(r"(?<![.!?:\u201c\"]\s)\b([A-Z][a-z]+)\b", text) if m.start() > 0)


def _figure_position(quote: str, value: str) -> tuple[int, int] | None:
    digits = re.sub(r"\D", "", str(value).split("-")[0])[:3]
    for match in _FIGURE_RE.finditer(quote):
        if digits and re.sub(r"\D", "", match.group(0)).startswith(digits):
            return match.span()
    match = re.search(r"\b(?:a|one|two|three|half|third|quarter)\b[\w\- ]{0,12}", quote, re.IGNORECASE)
    return match.span() if match else None


def _content(words: list[str]) -> list[str]:
    out = []
    for word in words:
        if word in _SKIP or word in _NOT_WHAT or len(word) < 3:  # "(F, 19)": a letter names nothing counted
            if out:
                break
            continue
        out.append(word)
    return out


def cluster_metrics(drafts: list[dict[str, Any]]) -> list[_Cluster]:
    """Unresolved figures grouped by their head words (rapidfuzz token-sort similarity >= 85:
    "people died" and "people die" meet, "people died" and "people missing" do not)."""
    clusters: list[_Cluster] = []
    items: list[tuple[str, dict[str, Any], str]] = []
    for draft in drafts:
        source = draft["source"]["id"]
        for claim in draft["claims"]:
            if claim.get("metric") != UNRESOLVED:
                continue
            phrase = head_phrase(str(claim.get("quote", "")), str(claim.get("value", "")))
            if phrase:
                items.append((phrase, claim, source))
    frequency = Counter(phrase for phrase, _, _ in items)
    for phrase, claim, source in sorted(items, key=lambda item: (-frequency[item[0]], item[0])):
        unit = _unit_class(claim, phrase)
        home = next((c for c in clusters if _unit_class_of(c) == unit and fuzz.token_sort_ratio(c.phrase, phrase) >= 85), None)
        if home is None:
            home = _Cluster(phrase)
            clusters.append(home)
        home.unit_counts[unit] += 1
        home.phrases[phrase] += 1
        home.windows.append(str(claim.get("window", "")))
        home.estimated += bool(set(tokens(str(claim.get("quote", "")))) & _ESTIMATE_HINTS)
        if len(home.quotes) < 3 and all(q != claim.get("quote") for _, q in home.quotes):
            home.quotes.append((source, str(claim.get("quote", ""))))
    kept = [c for c in clusters if sum(c.unit_counts.values()) >= MIN_FIGURES]
    return sorted(kept, key=lambda c: (-sum(c.unit_counts.values()), c.phrase))[:MAX_METRICS]


def _unit_class(claim: dict[str, Any], phrase: str) -> str:
    unit = str(claim.get("unit") or "")
    if unit:
        return unit
    words = set(phrase.split())
    if words & set(POPULATION_NOUNS) or "people" in words or "persons" in words:
        return "people"
    return "count"


def _unit_class_of(cluster: _Cluster) -> str:
    return cluster.unit_counts.most_common(1)[0][0] if cluster.unit_counts else "count"


def _kind(cluster: _Cluster, unit: str) -> str:
    if unit == "percent":
        return "share"
    words = set(" ".join(q for _, q in cluster.quotes).lower().split())
    if cluster.estimated * 2 > sum(cluster.unit_counts.values()):  # most of its figures, not one "estimated" among many counts
        return "estimate"
    if set(cluster.phrase.split()) & _STOCK_HINTS:
        return "level"
    if words & _CUMULATIVE_HINTS or any(w.startswith(("since", "between")) for w in cluster.windows):
        return "cumulative"
    return "level"


def named_date_candidates(articles: list[tuple[str, str, DateSpan | None]]) -> list[tuple[DateSpan, list[str], list[tuple[str, str]]]]:
    """(date, phrases that name it, quotes) for dates figures hang from in several articles:
    the start of a 'since'/'between' window, or a date an event phrase gives ('the storm began on')."""
    by_date: dict[tuple, dict[str, Any]] = defaultdict(lambda: {"sources": set(), "names": Counter(), "quotes": []})
    for source_id, text, published in articles:
        for line in text.splitlines():
            if not re.search(r"\d", line):
                continue
            for event in _EVENT_RE.finditer(line):
                day = _resolve_any(event.group("d").lower(), published, None)
                if day is not None:
                    entry = by_date[(day[0].first, day[0].last, day[0].precision)]
                    entry["sources"].add(source_id)
                    entry["names"][" ".join(event.group("e").lower().split())] += 1
                    if len(entry["quotes"]) < 3:
                        entry["quotes"].append((source_id, " ".join(event.group(0).split())))
            for window in find_windows(line, published, None, lowered_text(line)):
                if window.kind not in ("since", "between") or window.first is None or window.basis != "stated":
                    continue
                entry = by_date[(window.first.first, window.first.last, window.first.precision)]
                entry["sources"].add(source_id)
                event = _event_before(line, window.start)
                if event:
                    entry["names"][event] += 1
                if len(entry["quotes"]) < 3:
                    entry["quotes"].append((source_id, " ".join(line[max(0, window.start - 60) : window.end + 20].split())))
    found = []
    for (first, last, precision), entry in by_date.items():
        if len(entry["sources"]) >= MIN_FIGURES:
            found.append((DateSpan(first, last, precision), [name for name, _ in entry["names"].most_common(4)], entry["quotes"]))
    return sorted(found, key=lambda item: item[0].first)


def _event_before(line: str, position: int) -> str:
    match = None
    for match in _EVENT_RE.finditer(line[:position]):
        pass
    return " ".join(match.group("e").lower().split()) if match is not None else ""


def scope_candidates(drafts: list[dict[str, Any]]) -> list[tuple[str, list[tuple[str, str]]]]:
    counts: Counter = Counter()
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for draft in drafts:
        for claim in draft["claims"]:
            scope = claim.get("scope")
            if scope:
                counts[scope] += 1
                if len(quotes[scope]) < 3:
                    quotes[scope].append((draft["source"]["id"], str(claim.get("quote", ""))))
    return [(scope, quotes[scope]) for scope, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_FIGURES]


def render_proposal(drafts: list[dict[str, Any]], articles: list[tuple[str, str, DateSpan | None]]) -> str:
    """A commented rules file (metrics, named dates, scopes) for a person to edit."""
    lines = [
        "# Starter rules proposed by `checker init` from the figures of your articles.",
        "# Every entry is a guess: rename ids, fix kinds and units, merge or delete metrics, then",
        "# run `checker extract` with these rules and review the drafts. Quotes show where each came from.",
        "",
        "metrics:",
    ]
    used: set[str] = set()
    clusters = cluster_metrics(drafts)
    ids = [_unique(_slug(cluster.phrase) or "metric", used) for cluster in clusters]
    # Every name (id or alias) may belong to one metric only, as the rules require.
    taken = {name_key(metric_id): metric_id for metric_id in ids}
    for cluster, metric_id in zip(clusters, ids):
        lines += _metric_lines(cluster, metric_id, taken)
    if not clusters:
        lines[-1] = "metrics: []  # no figure was seen twice with the same words"
    lines += _date_lines(named_date_candidates(articles))
    lines += _scope_lines(scope_candidates(drafts))
    lines += _CHECK_LINES
    return "\n".join(lines) + "\n"


# Checks whose premise only the topic knows are off until the rules name them (docs/checks.md).
_CHECK_LINES = [
    "",
    "# checks:",
    "#   stale-figure: {severity: warning}   # only if the counts were still running when later sources repeated",
    "#                                       # them: then the same figure months later for a later date is stale",
]


def _metric_lines(cluster: _Cluster, metric_id: str, taken: dict[str, str]) -> list[str]:
    unit = _unit_class_of(cluster)
    phrases = [p for p, _ in cluster.phrases.most_common(8)]
    aliases = [p for p in phrases if taken.setdefault(name_key(p), metric_id) == metric_id]
    out = [f"  # {sum(cluster.unit_counts.values())} figures, e.g."]
    out += [f"  #   {source}: {_comment(quote)}" for source, quote in cluster.quotes]
    if phrases and not aliases:  # its words name a metric above (the same words in another unit)
        owners = sorted({taken[name_key(p)] for p in phrases})
        return out + [f"  # Not proposed: {_yaml_list(phrases)} already name {', '.join(owners)} above; if these figures are",
                      "  # the same thing in another unit, give that metric the unit; else add a metric with other words.", ""]
    out.append(f"  - id: {metric_id}")
    out.append(f"    label: {_yaml_scalar(cluster.phrase.capitalize())}")
    out.append(f"    kind: {_kind(cluster, unit)}            # cumulative | level | share | estimate: check it")
    out.append(f"    unit: {unit}")
    general = [a for a in aliases if a in _GROUPS]
    specific = [a for a in aliases if a not in _GROUPS]
    if not specific:  # "people" alone says who, not what happened to them: every such figure would match
        return out[:1 + len(cluster.quotes)] + [f"  # Not proposed: {_yaml_list(general)} alone says who is counted, not what happened to them,",
                                                "  # so every such figure would match. Add a metric with a more specific alias if these matter.", ""]
    note = f"  # left out, too general alone: {', '.join(general)}" if general else ""
    out.append(f"    aliases: {_yaml_list(specific)}{note}")
    return out + [""]


def _date_lines(candidates: list[tuple[DateSpan, list[str], list[tuple[str, str]]]]) -> list[str]:
    if not candidates:
        return ["named_dates: []  # no date was named by two articles"]
    out = ["", "named_dates:"]
    used: set[str] = set()
    for span, names, quotes in candidates:
        base = _slug(names[0]) if names else f"date_{span.iso().replace('-', '_')}"
        out += [f"  #   {source}: {_comment(quote)}" for source, quote in quotes]
        out.append(f"  - id: {_unique(base, used)}")
        out.append(f"    date: {span.iso()}")
        if names:
            out.append(f"    aliases: {_yaml_list(names)}")
        out.append("")
    return out


def _scope_lines(candidates: list[tuple[str, list[tuple[str, str]]]]) -> list[str]:
    if not candidates:
        return ["", "scopes: []  # no place or group was named for two figures"]
    out = ["", "scopes:"]
    for scope, quotes in candidates:
        out += [f"  #   {source}: {_comment(quote)}" for source, quote in quotes]
        out.append(f"  - name: {_yaml_scalar(scope)}")
        out.append("    aliases: []")
        out.append("")
    return out


def _slug(text: str) -> str:
    """An id from words: ASCII letters and digits only ("building's" -> buildings), as ids must be."""
    words = (re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()) for word in tokens(text))
    return "_".join(word for word in words if word)[:40].strip("_")


def _unique(base: str, used: set[str]) -> str:
    base = base if base and base[0].isalpha() else f"m_{base}"
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def _comment(text: str) -> str:
    return "“" + " ".join(text.split())[:120] + "”"


def _yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, default_style=None, width=1000).strip().removesuffix("...").strip()


def _yaml_list(items: list[str]) -> str:
    return yaml.safe_dump(items, default_flow_style=True, width=1000).strip()


# --------------------------------------------------------------------------------------
# The engine of `checker init`


def run_init(files: list, published: Any, rules_dirs: list, output: Any, force: bool = False) -> int:
    """Draft every article, propose rules from the drafts, write them (0), or say why not (2)."""
    target = Path(output)
    if target.exists() and not force:
        print(f"error: {target}: exists; use --force to overwrite", file=sys.stderr)
        return 2
    try:
        published_span = parse_date(published) if isinstance(published, str) else published
        rules = load_rules(list(rules_dirs))
    except (ValueError, InputErrors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    extractor, drafts, articles, errors = Extractor(rules), [], [], []
    ids = source_ids_for(list(files))
    for path in files:
        try:
            text = read_source(path)
            draft = draft_claims_document(text, name=str(path), published=published_span, rules=rules, extractor=extractor, source_id=ids[path])
        except ExtractError as exc:
            errors.append(str(exc))
            continue
        drafts.append(draft)
        articles.append((draft["source"]["id"], read_document(text, str(path)).readable, parse_date(draft["source"]["published"])))
    proposal = render_proposal(drafts, articles)
    with tempfile.TemporaryDirectory(prefix="checker-init-") as folder:
        (Path(folder) / "proposal.yaml").write_text(proposal, encoding="utf-8")
        try:
            load_rules([Path(folder) / "proposal.yaml"])
        except InputErrors as exc:  # a bug here, never the user's: say so plainly
            print(f"error: the proposed rules do not load ({exc}); please report this", file=sys.stderr)
            return 2
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, proposal)
    except OSError as exc:
        print(f"error: {target}: cannot write the rules: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    print(f"{target}: rules proposed from {len(drafts)} of {len(files)} articles; edit them, then run checker extract --rules {target.parent}", file=sys.stderr)
    return 2 if errors else 0
