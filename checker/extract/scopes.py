"""The scope a figure is for, and who gave it, from the words of its sentence.

Scope: "1,204 died in the north and 388 in the south" are figures for two places; "388 children"
is a figure for a population. In the figure's clause, in this order:

1. a scope the rules name (section ``scopes`` with aliases, a metric's default scope, or a scope
   a relation names), written out ("in Rivertown"), as its initials ("Democratic Republic of the
   Congo" for DRC), or word for word in any order ("deaths had been confirmed" for "confirmed
   deaths"); the most specific one wins, and the metric's own default scope means no scope;
2. a group of people named right after the figure ("388 children"), not a generic one ("people");
3. a part of a country ("in the north", "in the capital", "in the northern province", "in other areas");
4. a place named after "in" ("in Quebec") that is not part of the metric's default scope.

Before all of these, a group or place written right against the figure: "3,964 Icelanders",
"Lakeside (1,320 people)", "170 died outside Rivertown" (through the rules' names where they have one).
And before that, the label of a table row pasted as text: "Uganda: 785 cases (4 deaths)", or a
label alone on the line before the row ("British Columbia: |" then "7M acres burned"). A label is
a place when the rules name it (for any metric) or when it is a name in title case that no metric
of the rules uses as a word ("Deaths:" labels a figure, not a place; "KYIV:" is a dateline).
A dateline ("ISLAMABAD:", "KARACHI, Pakistan -", "PARIS (AFP) —" at the start of the text or of a
paragraph, in upper case, then prose) is where the story was filed, never a figure's scope.

Attribution: "according to X", "X said", "said X", "the ministry reported".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from checker.extract.metrics import _clause_stems, stems
from checker.vocabulary import POPULATION_NOUNS

_GENERIC_PEOPLE = frozenset("people persons person individuals residents inhabitants citizens victims".split())
_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|central)"
_REGION = r"(?:province|region|district|state|county|part|parts|areas?|regions|provinces|districts)"
_PART_RE = re.compile(
    rf"\b(?:in|across|throughout|from)\s+(?:the\s+(?P<p>capital|{_DIRECTION}(?:\s+{_REGION})?)|(?P<p2>other\s+(?:areas|parts|regions|provinces|districts|cities|towns)))\b",
    re.IGNORECASE,
)
_NAMED_PLACE_RE = re.compile(r"\b(?:in|across|throughout|within)\s+(?P<p>[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+){0,3})")
_OUTSIDE_RE = re.compile(r"\boutside\s+(?:of\s+)?(?:the\s+)?(?P<p>[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+){0,2}|capital)(?P<p2>)")
_PLACE_BRACKET_RE = re.compile(r"(?P<p>[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+){0,2})\s*\(\s*$")  # "Lakeside (1,320 people)"
_DEMONYM_AFTER_RE = re.compile(r"\s+(?P<p>[A-Z][a-z]+(?:ans|ians|ese|is|ers))\b")  # "3,964 Icelanders"
# "26 people from 11 different countries", "165 pilgrims from Indonesia": where those counted come from
_PLACES = r"(?:countries|nations|states|provinces|regions|districts|cities|towns)"
_FROM_AFTER_RE = re.compile(
    rf"\s+(?:[a-z]+\s+)?from\s+(?P<p>(?:\d[\d,]*|other|several|many|various|different)(?:\s+(?:different|other))?\s+{_PLACES}|[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+){{0,2}})\b"
)
_DEMONYM_ADJECTIVE_RE = re.compile(r"\s+(?P<p>[A-Z][a-z]+(?:an|ese|i|ish))\s+(?=[a-z])")  # "175,000 Indian pilgrims"
_NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday The This That These Those It Its He She They We I A An In Total All".split()
)
_SPEAKER_BEFORE_RE = re.compile(r"\b(?:officials?|authorities|ministry|said|says|told|reported|based|spokes(?:man|woman|person)|agency|office)\s*$", re.IGNORECASE)
_CAPITAL_RUN_RE = re.compile(r"\b[A-Z][\w'’\-]*(?:\s+(?:of|the|and|[A-Z][\w'’\-]*))*")
_SMALL = frozenset("of the and".split())
# "| Alberta: |", "Democratic Republic of the Congo:": a row's label, then only table rules
_ROW_LABEL_RE = re.compile(r"^[\s|*•\-]*(?P<p>[A-Z][\w'’.\-]*(?:\s+(?:of|the|and|[A-Z][\w'’.\-]*)){0,5})\s*:[ \t|]*\n?[ \t]*\Z")  # a blank line after it ends the table
_NOT_LABELS = frozenset("total totals source sources note notes update updated summary key highlights photo image read related overall figures data breaking correction editor see author".split())
# ", which borders Eastland,": a place that describes the subject, not the figure's place
# a sentence that opens with a clause of time ("Nearly two weeks after a flash flood devastated the
# port city of Derna, "): the places it names set the scene, and are not the main clause's figures'
_OPENING_CLAUSE_RE = re.compile(r"\s*(?:[A-Z]?[a-z]+\s+){0,4}?(?:[Aa]fter|[Ww]hen|[Ff]ollowing|[Oo]nce)\s[^,;:()\d]{0,200},\s")
_ASIDE_RE = re.compile(r",\s*(?:which|who|whose|que|qui|dont|onde|où)\b[^,;]{0,80},")
# "58 Jordanians", "31 of them Egyptian", "41 were Moroccans", "155 in Valencia", "202 people in the
# Northland": a figure, then the group or place it counts
_GROUP_OF_FIGURE_RE = re.compile(
    r"(?<![\w.,])(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds)\s+"
    r"(?:(?:of|among)\s+(?:them|whom|those)\s+(?:were\s+|are\s+)?|were\s+|are\s+|(?:[a-z]+\s+)?(?:in|at|from)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "among officially registered pilgrims": up to four words, the phrase ends at the first of _AMONG_END
_AMONG_RE = re.compile(r"\bamong\s+(?P<p>[A-Za-z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3})")
_AMONG_STOP = frozenset("the them those these its their all".split())
_AMONG_END = frozenset(
    "in on at of for from to by with who whom which that and or but as than during since after before were was are is had have has more less".split()
)
# "ISLAMABAD:", "KARACHI, Pakistan -", "PARIS (AFP) —": a place in upper case, then a colon or a dash, then prose
_DATELINE_RE = re.compile(
    r"[ \t]*[A-Z][A-Z.'’\-]+(?:[ \t]+[A-Z][A-Z.'’\-]+){0,3}(?:,[ \t]*[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,2})?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?::|[—–]|-(?=[ \t]))(?=[ \t]*[A-Za-z“\x22‘'])"
)
_DATELINE_GATE_RE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z.'’\-]+[ \t,(:—–-]")  # a line that may open with one
_LABEL_RE = re.compile(r"\s*(?P<p>[A-Z][\w'’\-]*(?:\s+(?:of|the|and|[A-Z][\w'’\-]*)){0,6})\s*:\s[^:\n]*$")


# "Northland, Southland and Eastland"; "Northland and a nearby county in Southland" (a part of the next place)
_LIST_JOIN_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:(?:a|an|one|two|the)\s+(?:[a-z]+\s+){0,2}(?:in|of)\s+)?")
_LIST_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_AGE_GROUP_RE = re.compile(
    r"(?:\s+[a-z]+){0,2}?\s+(?:are|were|is|was)\s+(?:in|among)\s+(?P<p>(?:people|persons|children|adults|patients|residents)\s+"
    r"(?:(?:younger|older)\s+than\s+\d+|(?:aged?\s+)?\d+\s*(?:to|-|–)\s*\d+|\d+\s+(?:and|or)\s+(?:older|younger|over|under)))"
)
# a list of parts of the metric's own whole: "Among the deaths in Northland, 11 were ..., four are unexplained"
_AMONG_OWN_RE = re.compile(r"\s*(?P<p>among\s+(?:the|these|those|all)\s+(?P<w>[a-z]+)\s+(?:in|of)\s+[^,;]{1,40}),", re.IGNORECASE)
# the figure's breakdown by place, right after its clause: ", 213 in the North alone", ", the vast majority in the North"
_BREAKDOWN_RE = re.compile(
    r"[^,;:.]{0,80},\s*(?:(?:with|including|of\s+which|of\s+whom)\s+)?"
    r"(?:(?:the\s+)?(?:vast\s+|great\s+)?majority|most|mostly|(?:almost|nearly)\s+all|\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+of\s+(?:them|those|whom))?(?:\s+[a-z]+)??\s+(?:were\s+|was\s+)?(?:in|from)\s+(?P<p>[^,;:.()]{1,60})",
    re.IGNORECASE,
)
_NEAR = 60  # characters between a scope's name and its figure, at most

@dataclass(frozen=True)
class _Known:
    metric: str | None  # the metric it is a scope of (None: any)
    name: str
    pattern: re.Pattern[str]
    words: frozenset[str]  # content stems, for the any-order match
    initials: str  # "DRC" for an all-capitals name, else ""
    definition: bool  # several lower-case words ("confirmed deaths"): matched in any order


class ScopeResolver:
    """Known scopes of one rule set, and the reading of a figure's clause."""

    def __init__(self, rules: object | None) -> None:
        self.rules = rules
        metrics = getattr(rules, "metrics", None) or {}
        self.default = {mid: str(getattr(m, "scope", "") or "") for mid, m in metrics.items()}
        self.known: list[_Known] = []
        self._for_metric: dict[str, list[_Known]] = {}
        self._metric_stems: set[str] | None = None  # built on the first row label
        seen: set[tuple[str | None, str]] = set()
        for metric, name, phrases in _declared(rules):
            for phrase in phrases:
                key = (metric, " ".join(phrase.lower().split()))
                if key[1] and key not in seen:
                    seen.add(key)
                    self.known.append(_known(metric, name, phrase))

    def named_place(self, text: str) -> str | None:
        """The rules' scope (of any metric) `text` names, the most specific; None when it names none."""
        hits = [(-len(k.words), k.name) for k in self.known if k.metric is None and k.pattern.search(text)]
        return min(hits)[1] if hits else None

    def within(self, scope: str, place: str) -> bool:
        """Whether `scope` is `place` or part of it, following the rules' part_of."""
        wholes = {name: tuple(getattr(item, "part_of", ()) or ()) for name, item in (getattr(self.rules, "scopes", None) or {}).items()}
        named = next((k.name for k in self.known if k.metric is None and k.pattern.fullmatch(scope)), scope)  # an alias, as written
        seen, todo = set(), [named]
        while todo:
            name = todo.pop()
            if name == place:
                return True
            if name not in seen:
                seen.add(name)
                todo.extend(wholes.get(name, ()))
        return False

    def article_place(self, headline: str, body: str) -> str | None:
        """The one place the rules know that the headline names, when the body names no other
        (not even a metric's own scope): "Inondations à Northfield : ...". None otherwise."""
        if not headline:
            return None
        named = self._places_in(headline)
        if len(named) != 1:
            return None
        return named.pop() if self._places_in(body) <= named else None

    def _places_in(self, text: str) -> set[str]:
        capital_initials = {_initials(m.group(0)) for m in _CAPITAL_RUN_RE.finditer(text)}
        return {k.name for k in self.known if not k.definition and (k.pattern.search(text) or (k.initials and k.initials in capital_initials))}

    def names_default(self, sentence: str, metric: str) -> bool:
        """Whether the sentence names the metric's own scope ("in Europe")."""
        default = self.default.get(metric, "")
        return bool(default) and any(k.name == default and k.pattern.search(sentence) for k in self.known)

    def breakdown_place(self, sentence: str, figure_end: int) -> str | None:
        """The rules' place by which the words right after a figure break it down ("217 died, 213 in
        the North alone", "219 died, the vast majority in the North"), or None."""
        found = _BREAKDOWN_RE.match(sentence, figure_end)
        return self.named_place(found.group("p")) if found is not None else None

    def whole_of_breakdown(self, sentence: str, figure_end: int, metric: str) -> bool:
        """Whether a figure is broken down by a place the rules list right under the metric's own
        scope: then it is the whole's, not a part's. A place with wholes in between (a town of a
        region of the country) leaves the figure's scope open."""
        place, default = self.breakdown_place(sentence, figure_end), self.default.get(metric, "")
        declared = (getattr(self.rules, "scopes", None) or {}).get(place) if place and default else None
        return declared is not None and tuple(getattr(declared, "part_of", ()) or ()) == (default,)

    def place_label(self, label: str) -> str | None:
        """The place a row label names ("North Province"): the rules' name for it (by name,
        alias or initials), else the label; None for a label that is no place ("Total")."""
        if label.split()[0] in _NOT_PLACES or label.split()[0].lower() in _NOT_LABELS:
            return None
        for k in self.known:
            if not k.definition and (k.pattern.fullmatch(label) or (k.initials and k.initials == _initials(label))):
                return k.name
        return label

    def rules_place(self, label: str) -> str | None:
        """The rules' name for the place a label names, or None when the rules name none."""
        return next((k.name for k in self.known if not k.definition and (k.pattern.fullmatch(label) or (k.initials and k.initials == _initials(label)))), None)

    def is_total_label(self, label: str) -> bool:
        """Whether a row label names no place but the whole ("Total", "All")."""
        return label.split()[0] in _NOT_PLACES or label.split()[0].lower() in _NOT_LABELS

    def own_or_none(self, place: str, metric: str) -> str | None:
        """`place` as a figure's scope: None when it is the metric's own."""
        return None if place.lower() == self.default.get(metric, "").lower() else place

    def acronyms(self) -> list[str]:
        """The known scopes written in capitals ("UAE")."""
        return sorted({k.initials for k in self.known if k.initials})

    def scope_for(self, clause: str, figure: int, metric: str, unit_text: str, metric_words: Iterable[str] = (), row: str | None = None, figure_end: int | None = None) -> str | None:
        """The scope of the figure at offset `figure` of `clause`, or None for the metric's own;
        `row`: the label of the table row the figure is in; `figure_end`: where the figure as
        printed ends ("two" in "two Americans"), else read from the digits at `figure`."""
        default = self.default.get(metric, "").lower()
        place = self._label_place(row) if row is not None else None
        if place is not None:
            return None if place.lower() == default else place
        label = self._line_label(clause, figure)  # "Eastland: 785 cases (4 deaths)": a list's row
        if label is not None:
            return None if label.lower() == default else label
        end = _figure_end(clause, figure) if figure_end is None else figure_end
        group = self._named_group(clause, figure, end)  # "Lakeside (1,320 people)": nothing is nearer
        if group is not None and group.lower().removesuffix("s") in default.split():
            group = None  # "412 Icelanders" for a metric of "Icelander citizens": its own population
        if group is not None:
            named = next((k.name for k in self.known if k.metric in (None, metric) and k.pattern.fullmatch(group)), group)
            return None if named.lower() == default else named
        adjective = _demonym_adjective(clause, end)  # "175,000 Indian pilgrims"
        named = next((k.name for k in self.known if k.metric in (None, metric) and k.pattern.fullmatch(adjective + "s")), None) if adjective else None
        if named is not None:
            return None if named.lower() == default else named  # the rules' "Indians"
        age = _AGE_GROUP_RE.match(clause, end)  # "15 are in people 18 and older": a part, as written
        if age is not None:
            return " ".join(age.group("p").split())
        among = _AMONG_OWN_RE.match(clause)
        if among is not None and among.end() <= figure and set(stems(among.group("w"))) <= set(stems(" ".join(metric_words))):
            return " ".join(among.group("p").split())  # "Among the deaths in Northland, four deaths are unexplained": a part
        found = self._known_in(clause, figure, metric, end)
        if found is not None and found.lower() != default:
            return found
        if adjective is not None and not _part_of(adjective, default):  # "African" for a metric of Africa: its own
            return adjective  # a nationality the rules do not name: a part, as written, never the whole
        subgroup = self._among_group(clause, figure, end, metric, metric_words)  # "31 deaths ... among registered pilgrims"
        if subgroup is not None:
            return subgroup
        if found is not None:
            return None
        noun = unit_text.lower().strip()
        vocabulary = {w.lower() for w in metric_words}
        if noun in POPULATION_NOUNS and noun not in _GENERIC_PEOPLE and noun not in vocabulary:
            return noun
        part = _nearest(_PART_RE, clause, figure)
        if part is not None:
            return " ".join(part.lower().split())
        return self._named_place(clause, figure, end, default)

    def _label_place(self, label: str) -> str | None:
        """The place a row's label names (the rules' name for it), or None for a label that is no place."""
        for k in self.known:
            if k.pattern.fullmatch(label) or (k.initials and _initials(label) == k.initials):
                return k.name
        words = label.split()
        if words[0] in _NOT_PLACES or any(w.lower() in _NOT_LABELS for w in words):
            return None
        if not all(w in _SMALL or (w[0].isupper() and any(c.islower() for c in w)) for w in words):
            return None  # "KYIV:" is a dateline, "Confirmed cases:" a figure's label
        if self._metric_stems is None:
            self._metric_stems = _metric_stems(self.rules)
        named = stems(" ".join(w for w in words if w not in _SMALL))
        return None if set(named) & self._metric_stems else label

    def _line_label(self, clause: str, figure: int) -> str | None:
        """The scope a list row names before its colon ("Eastland: 2,334 cases (1 death)"), when
        the rules know it as a scope of any metric (by name or initials)."""
        label = _LABEL_RE.match(clause[:figure])
        if label is None:
            return None
        name = label.group("p")
        for k in self.known:
            if k.pattern.fullmatch(name) or (k.initials and k.initials == _initials(name)):
                return k.name
        return None

    def _named_group(self, clause: str, figure: int, figure_end: int) -> str | None:
        """'3,964 Icelanders', '26 people from 11 countries', 'Lakeside (1,320 people)', 'died outside Rivertown': a named group or place
        the figure is for, even when it is part of the metric's whole."""
        demonym = _DEMONYM_AFTER_RE.match(clause, figure_end)
        if demonym is not None:
            return demonym.group("p")
        origin = _FROM_AFTER_RE.match(clause, figure_end)
        if origin is not None:
            place = origin.group("p")
            if not place[0].isupper():
                return f"from {place}"  # "from 11 countries": a part, never the whole
            if any(k.pattern.fullmatch(place) for k in self.known):
                return place  # a place the rules name; not "deaths from Ebola"
        bracket = _PLACE_BRACKET_RE.search(clause[max(0, figure - 40) : figure])
        if bracket is not None and bracket.group("p").split()[0] not in _NOT_PLACES:
            return bracket.group("p")
        outside = _nearest(_OUTSIDE_RE, clause, figure)
        return f"outside {outside}" if outside is not None else None

    def _known_in(self, clause: str, figure: int, metric: str, figure_end: int) -> str | None:
        """The most specific scope of this metric named near the figure (then the nearest)."""
        known = self._for_metric.get(metric)
        if known is None:
            known = self._for_metric[metric] = [k for k in self.known if k.metric in (None, metric)]
        if not known:
            return None
        clause_stems = set(_clause_stems(clause))  # cached: the figures of a clause share it
        capital_initials = {_initials(m.group(0)): m.start() for m in _CAPITAL_RUN_RE.finditer(clause)} if any(k.initials for k in known) else {}
        hits: list[tuple[int, int, str]] = []
        asides = [(m.start(), m.end()) for m in _ASIDE_RE.finditer(clause) if not m.start() <= figure < m.end()]
        opening = _OPENING_CLAUSE_RE.match(clause)
        if opening is not None and opening.end() <= figure:
            asides.append((0, opening.end()))  # "Two weeks after a flood devastated Derna, the toll ...": where it struck, not the toll's place
        named = [(m.start(), m.end(), k.name) for k in known for m in k.pattern.finditer(clause) if not any(a <= m.start() < b for a, b in asides) and not _another_figures(clause, m.start(), figure, figure_end) and not _next_clause(clause, m.start(), figure_end)]
        listed = self._place_list(clause, figure, figure_end, named, known)
        if listed is not None:
            return listed
        for k in known:
            distances = [abs(m.start() - figure) for m in k.pattern.finditer(clause) if not any(a <= m.start() < b for a, b in asides) and not _another_figures(clause, m.start(), figure, figure_end) and not _next_clause(clause, m.start(), figure_end)]
            if k.initials and k.initials in capital_initials:
                distances.append(abs(capital_initials[k.initials] - figure))
            near = [d for d in distances if d <= _NEAR]
            if near:
                hits.append((-len(k.words) - 1, min(near), k.name))
            elif k.definition and k.words <= clause_stems:
                hits.append((-len(k.words), len(clause), k.name))
        return min(hits)[2] if hits else None

    def _place_list(self, clause: str, figure: int, figure_end: int, named: list[tuple[int, int, str]], known: list[_Known]) -> str | None:
        """The scope of places listed together near the figure ("201 have occurred in Southland
        and Northland"): the rules' scope that lists the same places in any order, else the list as
        written (compared with nothing), never one of its places. None when no list is near or
        one of the rules' names spans it."""
        named = sorted(n for n in named if not any(o[0] <= n[0] and n[1] <= o[1] and o != n for o in named))  # "Northland" inside "Northland and Southland"
        chain: list[tuple[int, int, str]] = []
        for item in named:
            if chain and _LIST_JOIN_RE.fullmatch(clause[chain[-1][1] : item[0]]):
                chain.append(item)
                continue
            if len(chain) > 1 and _gap(chain, figure, figure_end) <= _NEAR:
                break
            chain = [item]
        if len(chain) < 2 or _gap(chain, figure, figure_end) > _NEAR:
            return None
        places = {name for _, _, name in chain}
        listing = next((k.name for k in known if set(_LIST_SPLIT_RE.split(k.name)) == places), None)
        return listing or clause[chain[0][0] : chain[-1][1]]

    def _among_group(self, clause: str, figure: int, figure_end: int, metric: str, metric_words: Iterable[str]) -> str | None:
        """The part of the metric's whole an "among ..." phrase of the clause restricts the figure
        to: "31 deaths among officially registered pilgrims" counts registered pilgrims only. The
        rules' one scope whose words hold the phrase's (an adverb of a participle aside), else the phrase as written;
        None when the phrase names only the metric's own words ("among the dead", "among pilgrims")."""
        found = next((m for m in _AMONG_RE.finditer(clause) if _same_phrase(clause, figure, figure_end, m.start())), None)
        if found is None:
            return None
        words = [w for w in found.group("p").split() if w.lower() not in _AMONG_STOP]
        words = words[: next((i for i, w in enumerate(words) if w.lower() in _AMONG_END), len(words))]
        own = set(stems(" ".join([*metric_words, self.default.get(metric, "")])))
        adverbs = {i for i, w in enumerate(words[:-1]) if w.lower().endswith("ly") and words[i + 1].lower().endswith("ed")}  # "officially registered"
        named = set(stems(" ".join(w for i, w in enumerate(words) if i not in adverbs)))
        if not named or named <= own:
            return None
        rules_names = {k.name for k in self.known if k.metric in (None, metric) and named <= k.words}
        if len(rules_names) == 1:
            return rules_names.pop()
        return " ".join(words) if not rules_names else None  # several of the rules' scopes fit: no guess

    def _named_place(self, clause: str, figure: int, figure_end: int, default: str) -> str | None:
        best: tuple[int, str] | None = None
        for match in _NAMED_PLACE_RE.finditer(clause):
            place = " ".join(w for w in match.group("p").split() if w not in _NOT_PLACES)
            if not place or place.split()[0] in _NOT_PLACES or _SPEAKER_BEFORE_RE.search(clause[: match.start()]):
                continue
            if _part_of(place, default) or _another_figures(clause, match.start("p"), figure, figure_end):
                continue  # "158 died, 155 in Valencia": the place of the part
            distance = abs(match.start() - figure)
            if distance < 80 and (best is None or distance < best[0]):
                best = (distance, place)
        return best[1] if best is not None else None


def without_dateline(text: str) -> str:
    """`text` (the start of a paragraph) with its dateline blanked, same length so offsets hold."""
    match = _DATELINE_RE.match(text)
    return text if match is None else " " * match.end() + text[match.end() :]


def without_datelines(text: str) -> str:
    """`text` with the dateline of each of its lines blanked, same length so offsets hold."""
    if not _DATELINE_GATE_RE.search(text):
        return text
    return "\n".join(without_dateline(line) for line in text.split("\n"))


def row_label(text: str) -> str | None:
    """The label `text` is made of ("| Alberta: |"), or None: `text` is a line, or the part of a
    line before its first figure."""
    match = _ROW_LABEL_RE.match(text)
    return match.group("p") if match is not None else None


def _metric_stems(rules: object | None) -> set[str]:
    """Stems of the words of every metric's id, label and aliases."""
    words: list[str] = []
    for metric_id, metric in (getattr(rules, "metrics", None) or {}).items():
        words += [metric_id.replace("_", " "), str(getattr(metric, "label", "")), *map(str, getattr(metric, "aliases", ()))]
    return set(stems(" ".join(words)))


def _declared(rules: object | None) -> list[tuple[str | None, str, list[str]]]:
    """(metric or None for any, scope, phrases that name it): the rules' scopes section, each
    metric's default scope, and the scopes relations give a metric ({metric: m, scope: s})."""
    out: list[tuple[str | None, str, list[str]]] = []
    for scope in (getattr(rules, "scopes", None) or {}).values():
        out.append((None, scope.name, [scope.name, *scope.aliases]))
    for metric_id, metric in (getattr(rules, "metrics", None) or {}).items():
        if getattr(metric, "scope", ""):
            out.append((metric_id, metric.scope, [metric.scope]))
    for relation in getattr(rules, "relations", None) or ():
        if relation.file:  # declared in a rules file; the subsets part_of implies name declared scopes
            out.extend((metric_id, name, [name]) for metric_id, name in _relation_scopes(relation))
    return out


def _relation_scopes(relation: Any) -> Iterable[tuple[str, str]]:
    """(metric, scope) of each side of a relation that names both ({metric: m, scope: s})."""
    for _, value in relation.roles:
        for operand in value if isinstance(value, tuple) else (value,):
            if operand.op == "metric" and operand.scope:
                yield operand.name, operand.scope


def _known(metric: str | None, name: str, phrase: str) -> _Known:
    words = phrase.split()
    pattern = re.compile(r"(?<!\w)" + r"[\s\-]+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)  # not \b: "U.S." ends in a dot
    initials = phrase if phrase.isupper() and phrase.isalpha() and 2 <= len(phrase) <= 6 else ""
    words_stems = frozenset(s for s in stems(phrase) if s not in ("the", "of", "and", "in", "to"))
    return _Known(metric, name, pattern, words_stems, initials, len(words_stems) > 1 and phrase == phrase.lower())


def _gap(chain: list[tuple[int, int, str]], figure: int, figure_end: int) -> int:
    """Characters between the figure (qualifier and digits) and a list of places."""
    return chain[0][0] - figure_end if chain[0][0] >= figure_end else max(0, figure - chain[-1][1])


def _next_clause(clause: str, name: int, figure_end: int) -> bool:
    """Whether the name, written after the figure, opens the next clause ("the most deaths, 199,
    and India reported 98"): the subject of another statement, not the figure's place."""
    return name > figure_end and ", and " in clause[figure_end:name]


def _another_figures(clause: str, name: int, figure: int, figure_end: int) -> bool:
    """Whether the name at `name` is the group of another figure, written right after it: in
    "1,081 dead, including 58 Jordanians", "1,000 died, 31 of them Egyptian" and "158 bodies, 155
    in Valencia" the place is the part's, not the whole's."""
    before = _GROUP_OF_FIGURE_RE.search(clause, max(0, name - 40), name)
    return before is not None and not figure <= before.start() < max(figure_end, figure + 1)


def _demonym_adjective(clause: str, figure_end: int) -> str | None:
    """The nationality written right before the counted noun ("175,000 Indian pilgrims"), or None."""
    found = _DEMONYM_ADJECTIVE_RE.match(clause, figure_end)
    return found.group("p") if found is not None and found.group("p") not in _NOT_PLACES else None


def _same_phrase(clause: str, figure: int, figure_end: int, at: int) -> bool:
    """Whether words at `at` bear on the figure: after it, or before it ("Among them, 31 died"),
    with no comma, other figure or more than 80 characters between."""
    between = clause[figure_end:at] if at >= figure_end else clause[at:figure]
    return len(between) <= 80 and not re.search(r"[\d;]", between) and (at < figure or "," not in between)


def _figure_end(clause: str, figure: int) -> int:
    match = re.compile(r"[\d.,]*\d").match(clause, figure)
    return match.end() if match else figure


def _initials(run: str) -> str:
    return "".join(w[0] for w in run.split() if w.lower() not in _SMALL)


def _nearest(pattern: re.Pattern[str], clause: str, figure: int) -> str | None:
    found = [(abs(m.start() - figure), m.group("p") or m.group("p2")) for m in pattern.finditer(clause)]
    return min(found)[1] if found else None


def _part_of(place: str, default: str) -> bool:
    """'Norway' within 'northern Norway', 'Iceland' within 'Icelandic citizens'."""
    words = default.lower().split()
    return any(w.startswith(p) or p.startswith(w) for p in place.lower().split() for w in words if len(w) > 3 and len(p) > 3)


# --------------------------------------------------------------------------------------
# Attribution

_NAME = r"(?:the\s+)?[A-Z][\w'’.&\-]*(?:\s+(?:of|for|the|and|on|[A-Z][\w'’.&\-]*)){0,6}"
_VERBS = r"(?:said|says|reported|reports|announced|stated|confirmed|estimated|estimates|told|added)"
_INSTITUTION = (
    r"(?:officials?|authorities|ministry|agency|government|police|spokes(?:man|woman|person)|officer|organi[sz]ation|committee|"
    r"council|office|department|service|center|centre|group|institute|experts?|analysts?|researchers?|scientists?|health\s+workers)"
)
_ATTRIBUTION_RES = (
    re.compile(r"\b(?i:according)\s+to\s+(?P<x>[^,.;:()\"“”]{2,80}?)(?=\s*(?:[,.;:()\"“”]|$)|\s+(?:on|in|at|which|who|that|as|and|from)\b)"),
    re.compile(rf"\b{_VERBS}\s+(?P<x>{_NAME})"),
    re.compile(rf"(?P<x>{_NAME})\s+{_VERBS}\b"),
    re.compile(rf"\b(?P<x>(?:the\s+)?(?:[A-Za-z]+\s+){{0,2}}{_INSTITUTION})\s+{_VERBS}\b"),
)
_NOT_SOURCES = frozenset("it he she they we i this that there which who what the a an and but".split())


_ATTRIBUTION_GATE_RE = re.compile(r"according|said|says|report|announc|stated|confirm|estimat|told|added", re.IGNORECASE)


def attribution(sentence: str) -> str | None:
    """Who the sentence says gave its figures, or None."""
    if _ATTRIBUTION_GATE_RE.search(sentence) is None:
        return None  # every pattern needs one of these words
    for pattern in _ATTRIBUTION_RES:
        for match in pattern.finditer(sentence):
            source = _clean_source(match.group("x"))
            if source:
                return source
    return None


def _clean_source(text: str) -> str:
    words = text.strip(" ,;:'\"“”").split()
    while words and words[-1].lower() in ("of", "the", "and", "for", "on"):
        words.pop()
    source = " ".join(words)
    if not source or source.lower() in _NOT_SOURCES or len(source) > 80 or re.search(r"\d", source):
        return ""
    return source
