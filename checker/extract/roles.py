"""What a figure is when its words say it is no value of its metric.

A metric's alias near a figure does not make the figure a value of that metric. The words
around it can say it is something else about the metric:

- a difference: "2 million acres more than the previous record", "300 fewer than last year",
  "deaths rose by 300", "an increase of 300 cases", "28 fewer missing" (for a count; "rose to 300"
  is its value);
- a ratio: "6x the previous record", "three times the 2022 toll";
- a rate: "5,350 per year", "200 a day" (for a count, not a rate metric);
- an average: "the average number of fires was 5,350", "an average of 80 a week";
- a past record with no window of its own: "the previous high of 18.7 million acres";
- new additions to a level: "ten new fires" ("11 more", "300 additional") is no count of fires burning (new additions to a
  running count are unresolved only where no window is written near them: see the pipeline);
- the subject of another verb: in "4,000 people killed in the floods had been identified" the
  metric's word only describes the people, and the figure counts those identified.
- the value of a group counted before it: in "3,088 residences with $1.3 billion in construction
  value" the money is those residences' worth (a part the text does not name), not the whole;
- the whole a part is taken from: in "the bodies of 124 of the 275 victims are yet to be
  identified" 275 is all the victims, and takes a metric only from its own noun ("victims");
- a part the words call partial: "a partial toll of 577 deaths" counts some of the dead only;
- those something is being done to: "95 pilgrims are being treated" counts the treated, not
  the pilgrims.
- a definition's threshold: "clusters, which the agency defines as three or more related reports",
  "meaning 3 or more reports" says what a word means, and counts nothing;
- an age: "people 18 and older", "people 5 to 17", "younger than 4", "a median age of 8" say
  how old those counted are;
- a part restating a share: in "about 11%, or 85 people, needed treatment" the
  count is the part the share gives, whatever its noun, never the metric's whole.

Each reading gives the reason a draft keeps the figure unresolved, for the reviewer; None
means the figure may be the metric's value. Only the words between the figure and the nearest
comma, semicolon or bracket count, so "7M acres burned, more than double the previous record"
leaves 7M the metric's value.
"""

from __future__ import annotations

import re

from checker.extract.metrics import MONEY_UNITS, _stem
from checker.extract.numbers import Quantity

# "acres more than the previous record": up to two words (a noun) between figure and comparison
# ("killed 300 people more than two weeks ago" dates the figure: no difference)
_DIFFERENCE_RE = re.compile(
    r"(?:\s+(?!or\b|and\b|to\b|of\b)[a-z][\w\-]*){0,2}\s+(?P<w>(?:more|fewer|less|higher|lower|greater|larger|smaller)\s+than)\b(?!(?:\s+[\w\-]+){1,3}\s+(?:ago|earlier)\b)",
    re.IGNORECASE,
)
_RATIO_UNITS = frozenset(["x", "×", "times", "fold", "-fold"])
_RATE_RE = re.compile(
    r"(?:\s+(?!or\b|and\b|to\b|of\b)[a-z][\w\-]*){0,2}?\s+(?P<w>(?:per|a|an|each|every)\s+(?:year|annum|month|week|day|hour)\b(?!\s+(?:ago|earlier|later|before|after|on|since|of)\b)|annually\b|per\s+capita\b)",
    re.IGNORECASE,
)
# "73 deaths per million inhabitants", "(295 per million)", "12 cases per 100,000": a rate over a population
_PER_BASE_RE = re.compile(r"(?:\s+(?!or\b|and\b|to\b|of\b)[a-z][\w\-]*){0,2}?\s+(?P<w>per\s+(?:million|thousand|hundred\s+thousand|billion|capita|head|\d[\d,.]*))\b", re.IGNORECASE)
_PER_BEFORE_RE = re.compile(r"\bper\s+$", re.IGNORECASE)
# "a 25 percent raise", "a 40% pay rise", "a 5% increase in cases": a percentage that is a change
_CHANGE_WORDS = ("raise", "rise", "increase", "hike", "cut", "drop", "decline", "fall", "reduction", "jump", "gain", "growth")
_CHANGE_STARTS = frozenset(w[:4] for w in _CHANGE_WORDS)
_PERCENT_CHANGE_RE = re.compile(r"(?:\s+(?:pay|wage|salary|price|rent|tax|year-on-year|annual))?\s+(?P<w>" + "|".join(_CHANGE_WORDS) + r")\b", re.IGNORECASE)
_AVERAGE_RE = re.compile(r"\b(?P<w>average|avg\.?|(?:the|a)\s+mean)\b", re.IGNORECASE)  # not "could mean 300"
_PAST_RECORD_RE = re.compile(r"\b(?P<w>(?:previous|former|old|prior|earlier|last)\s+(?:record|high|peak|best|worst|maximum|low))\b", re.IGNORECASE)
# "an increase of 105 cases", "a sharp drop of 28": the figure is the change, whatever its noun ("a loss of 300 lives" is a count)
_CHANGE_OF_RE = re.compile(
    r"\b(?P<w>(?:an?|the)\s+(?:[a-z\-]+\s+)?(?:increase|decrease|rise|drop|fall|decline|jump|surge|reduction|spike|uptick|dip)\s+of)\s+$",
    re.IGNORECASE,
)
_FEWER_AFTER_RE = re.compile(r"\s+(?P<w>fewer)\b(?!\s+than\b)", re.IGNORECASE)  # "28 fewer missing persons": down by 28
# "131 of the fatalities were men", "124 of the 275 victims": a part of a whole the words name
# ("81 of them were handed over": a pronoun names no whole, the words after it are the part's own)
_PART_OF_AFTER_RE = re.compile(r"\s+(?P<w>of\s+(?:all\s+)?(?:the|its|their)\b)", re.IGNORECASE)
_PART_PREDICATE_RE = re.compile(r"\b(?:have|has|had|were|was|are|is|be|been|will|would|remain|remained|who|that|which|whose)\b", re.IGNORECASE)
_NEW_AFTER_RE = re.compile(r"\s+(?P<w>new|more|additional|further)\b(?!\s+than\b)", re.IGNORECASE)  # "11 more autopsies"; not "300 more than"
# "the new deaths reported Thursday included 58 from ...": the figure is listed among new additions
# ("New Mexico", a capital before a capital, is a name); the verb of inclusion ends right before the figure
_NEW_SUBJECT_RE = re.compile(
    r"\b(?:[Nn]ew|[Aa]dditional|[Ff]urther)\s+[a-z][\w\-]*(?:\s+[\w\-]+){0,4}?\s+(?:included?|includes|including|comprised?|comprises)\s+(?:(?:about|around|nearly|some|at\s+least|more\s+than)\s+)?$"
)
# "people killed in the floods had been identified": the figure's own verb, after a participle
_PREDICATE_RE = re.compile(r"\b(?:had|have|has|were|was)\s+(?:been\s+)?(?P<w>[a-z]+ed)\b")
# "3,088 residences with", "400 homes worth": a count of things, then the money figure is theirs
_GROUP_VALUE_RE = re.compile(r"(?P<w>\d[\d,.]*\s+(?:[a-z\-]+\s+)?[a-z]+s\s+(?:with|worth|valued\s+at))\s+$")
_PARTIAL_RE = re.compile(r"\b(?P<w>partial|incomplete)\b", re.IGNORECASE)
_BEING_RE = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}?(?:are|is|were|was)\s+being\s+(?P<w>[a-z]+ed)\b")  # "pilgrims are being treated"
# "the agency's definition of an outbreak, which is three or more related cases": across the comma
_DEFINITION_OF_RE = re.compile(r"\b(?P<w>definition)\s+of\b[^.;:()]{0,60}?,?\s+(?:which|that)\s+(?:is|are|means)\s+(?:(?:at\s+least|about|around|some)\s+)?$", re.IGNORECASE)
_DEFINITION_RE = re.compile(r"\b(?P<w>defin(?:e|es|ed)\s+(?:[a-z]+\s+){0,2}?as|meaning|means)\s+(?:(?:at\s+least|about|around|some)\s+)?$", re.IGNORECASE)
# "people 18 and older", "children 5 to 17", "aged 65", "younger than 4", "a median age of 8"
_AGE_BEFORE_RE = re.compile(
    r"\b(?P<w>(?:people|persons|children|adults|residents|patients|individuals)|aged?|ages|(?:younger|older)\s+than|(?:the\s+)?age\s+of)\s+$",
    re.IGNORECASE,
)
_AGE_AFTER_RE = re.compile(r"^\s*(?P<w>(?:and|or)\s+(?:older|younger|over|under)|years?[\s\-]+old|-year-old|years\s+of\s+age)\b", re.IGNORECASE)
_SHARE_BEFORE_RE = re.compile(r"(?P<w>\d\s*(?:%|per\s?cent\b|percent\b))\s*,\s*or\s+$", re.IGNORECASE)  # "11%, or 85 people"
# "more than half of the total compensation, £559 million, ...": the figure a share of a whole stands for
_SHARE_OF_BEFORE_RE = re.compile(
    r"(?P<w>\b(?:half|a\s+third|a\s+quarter|two[\s-]thirds|three[\s-]quarters|\d+(?:\.\d+)?\s*(?:%|per\s?cent|percent))\s+of\s+[^,;:()]{0,50}?),\s*$",
    re.IGNORECASE,
)
_CUT_RE = re.compile(r"[,;:()\[\]|\n]|\s[–—-]\s")


def other_role(sentence: str, q: Quantity, metric_kind: str, metric_unit: str, metric_words: set[str]) -> str | None:
    """Why the figure `q` of `sentence` is no value of a metric of `metric_kind`, or None."""
    after = _after(sentence, q)
    changed = _PERCENT_CHANGE_RE.match(after) if q.percent else None
    if changed is not None and not any(w.lower()[:4] in _CHANGE_STARTS for w in metric_words):  # unless the metric counts changes
        printed = q.printed if q.printed.endswith("%") else f"{q.printed}%"
        return f"a change ({printed} {changed.group('w')}), not a share"  # "a 25 percent raise"
    if q.percent or q.kind == "fraction":
        return None  # a share is read by its own metric kinds
    if _PER_BEFORE_RE.search(_before(sentence, q)):  # "12 cases per 100,000": the base of a rate
        return "the base of a rate ('per' before it), not a count"
    if q.unit_text.lower() in _RATIO_UNITS and metric_unit not in _RATIO_UNITS:
        return f"a ratio ({q.printed}{q.unit_text}), not a value of the metric"
    difference = _DIFFERENCE_RE.match(after)
    if difference is not None:
        return f"a difference ({difference.group('w')!r} follows it), not a value of the metric"
    if metric_kind in ("cumulative", "level"):
        if q.change is not None:  # "deaths rose by 300": an increment ("rose to 300" is no change)
            return f"a change ({q.change}), not a value of the metric"
        change = _CHANGE_OF_RE.search(_before(sentence, q)) or _FEWER_AFTER_RE.match(sentence, q.span_end)
        if change is not None:  # "an increase of 105 cases" ("increased to 105 cases" is its value)
            return f"a change ({change.group('w')!r}), not a value of the metric"
        rate = _RATE_RE.match(after) or _PER_BASE_RE.match(after)
        if rate is not None:
            return f"a rate ({rate.group('w')!r}), not a count over the window"
        average = _AVERAGE_RE.search(_before(sentence, q))
        if average is not None and not {"average", "avg", "mean"} & {w.lower().rstrip(".") for w in metric_words}:  # an average metric's own
            return f"an average ({average.group('w')!r} before it), not a count over the window"
    if metric_kind == "level" and new_additions(sentence, q):
        return "new additions, not the level the metric counts"
    group = _GROUP_VALUE_RE.search(_before(sentence, q)) if metric_unit in MONEY_UNITS else None
    if group is not None:  # "3,088 residences with $1.3 billion": their value, a part the text does not name as a place
        return f"the value of a group counted before it ({group.group('w')!r}), not the metric's whole"
    partial = _PARTIAL_RE.search(_before(sentence, q))
    if partial is not None and metric_kind in ("cumulative", "level"):
        return f"a part ({partial.group('w')!r} before it), not the metric's whole"
    return (_not_a_count(sentence, q, after) or _being_done(after, metric_words) or _other_predicate(after, metric_words)
            or _qualified_subset(sentence, q, metric_words) or _own_state(after, metric_words))


# "the toll is 275 and not 288", "rather than 300": a figure the sentence denies.
_DENIED_RE = re.compile(r"\b(?P<w>not|rather\s+than|instead\s+of)\s+$", re.IGNORECASE)
# "Section 304", "IPC 302", "Article 5": a number that names a provision, not a count.
_NAMED_BY_NUMBER_RE = re.compile(r"\b(?P<w>sections?|articles?|clauses?|paragraphs?|chapters?|IPC|CrPC|No\.)\s+$", re.IGNORECASE)


def _not_asserted(sentence: str, q: Quantity) -> str | None:
    """A figure the sentence denies ("and not 288"), or a number that is a name ("304A", "Section
    304"): neither says how many the metric counts."""
    if q.end < len(sentence) and sentence[q.end].isalpha() and q.unit_id is None and not q.printed[-1:].isalpha():  # letters glued on, no unit
        return f"an identifier ({sentence[q.start : q.end + 1]!r}...), not a count"
    denied = _DENIED_RE.search(sentence, max(0, q.span_start - 20), q.span_start)
    if denied is not None:
        return f"a figure the sentence denies ({denied.group('w')!r} before it)"
    named = _NAMED_BY_NUMBER_RE.search(sentence, max(0, q.span_start - 20), q.span_start)
    if named is not None:
        return f"a number that names something ({named.group('w')!r} before it), not a count"
    return None


def _not_a_count(sentence: str, q: Quantity, after: str) -> str | None:
    """A definition's threshold, an age, or a part restating a share: figures that say something
    about those counted, not how many the metric counts."""
    not_asserted = _not_asserted(sentence, q)
    if not_asserted is not None:
        return not_asserted
    before = _before(sentence, q)
    definition = _DEFINITION_RE.search(before) or _DEFINITION_OF_RE.search(sentence, max(0, q.span_start - 100), q.span_start)
    if definition is not None:
        return f"a definition's threshold ({definition.group('w')!r} before it), not a count"
    age = _AGE_BEFORE_RE.search(before) or _AGE_AFTER_RE.match(after)
    if age is not None:
        return f"an age ({age.group('w')!r}), not a count"
    share = _SHARE_BEFORE_RE.search(sentence, max(0, q.span_start - 30), q.span_start) or _SHARE_OF_BEFORE_RE.search(sentence, max(0, q.span_start - 80), q.span_start)
    if share is not None and share.end() == q.span_start:
        return f"a part restating a share ({share.group('w').strip()!r}), not the metric's whole"
    return None


def _being_done(after: str, metric_words: set[str]) -> str | None:
    """"95 pilgrims are being treated": those something is being done to, unless the metric names it."""
    being = _BEING_RE.match(after)
    if being is None or _stem(being.group("w")) in {_stem(w) for w in metric_words}:
        return None
    return f"counts those being {being.group('w')}, which the metric does not name"


# "2,719 structures exposed", "28 bodies lying unclaimed": a noun, then a participle that says which of them
_SUBSET_AFTER_RE = re.compile(r"\s+(?P<noun>[a-z]+s)\s+(?P<w>[a-z]+(?:ed|ing))\b(?!\s+(?:by|to|in|on|at|from|with|since|for|during|after|so)\b)")


_OBJECT_OF_RE = re.compile(r"\b(?:of|with|at|to|for|from|among|including|and)\s+$", re.IGNORECASE)


def _qualified_subset(sentence: str, q: Quantity, metric_words: set[str]) -> str | None:
    """"2,719 structures exposed": the metric's noun right after the figure, then a participle the
    metric does not name: those of them the participle picks out, not all it counts."""
    found = _SUBSET_AFTER_RE.match(sentence, q.end)
    if found is None or q.unit_id not in (None, "people"):  # "12,000 acres destroyed": a measure, no subset of things
        return None
    described = any(_OBJECT_OF_RE.search(sentence, max(0, at - 20), at) for at in (q.start, q.span_start))  # "a total of" may be the qualifier
    if found.group("w").endswith("ed") and not described:
        return None  # "1,301 pilgrims attended": the figure's own verb; after "a total of" it can only describe them
    stems = {_stem(w) for w in metric_words}
    if _stem(found.group("noun")) not in stems or _stem(found.group("w")) in stems:
        return None
    return f"those {found.group('w')} only ({found.group('noun')} {found.group('w')!r}), which the metric does not name"


def _other_predicate(after: str, metric_words: set[str]) -> str | None:
    """"people killed in the floods had been identified": the metric's word before the figure's
    own verb, which the metric does not name."""
    predicate = _PREDICATE_RE.search(after)
    if predicate is None:
        return None
    stems = {_stem(w) for w in metric_words}
    words = after[: predicate.start()].split()
    if any(_stem(w) in stems and not w.endswith("ed") for w in words[:2]):
        return None  # "12,400 confirmed cases have been recorded": the figure's own noun is the metric's
    participles = [w for w in words if w.endswith("ed")]  # "killed", not "homes"
    if _stem(predicate.group("w")) in stems or not any(_stem(w) in stems for w in participles):
        return None
    return f"counts those {predicate.group('w')} ({after[: predicate.end()].strip()!r}), which the metric does not name"


# What people can be that a figure right after it counts: "one dead and 10 injured"
_STATE_WORDS = frozenset(
    "dead killed injured wounded hurt missing displaced evacuated rescued hospitalized hospitalised "
    "infected sick ill homeless unaccounted arrested detained survived survivors".split()
)
_FIRST_WORD_RE = re.compile(r"\s*(?P<w>[a-z]+)\b")


def _own_state(after: str, metric_words: set[str]) -> str | None:
    """"at least one person dead and 10 injured": a figure whose own first word says what those
    it counts are, a state the metric does not name, counts them, whatever the words before it."""
    first = _FIRST_WORD_RE.match(after)
    if first is None or first.group("w") not in _STATE_WORDS:
        return None
    if any(w.lower()[:3] == first.group("w")[:3] for w in metric_words):  # "dead" for a metric of deaths
        return None
    return f"counts those {first.group('w')} ({first.group('w')!r} follows it), which the metric does not name"


# "124 of the 275 victims", "Out of the remaining 81,": the figure is the whole a part is taken from
_WHOLE_OF_PART_RE = re.compile(r"(?P<w>(?:\d[\d,]*\s+of|\bout\s+of)\s+(?:the\s+|all\s+|a\s+total\s+of\s+)?(?:remaining\s+)?)$", re.IGNORECASE)


def whole_of_a_part(sentence: str, q: Quantity) -> str | None:
    """The words that make `q` the whole a part is counted from ("124 of the", "out of the
    remaining"), or None: such a figure is the metric's only where its own noun names it."""
    found = _WHOLE_OF_PART_RE.search(sentence, max(0, q.span_start - 40), q.span_start)
    return " ".join(found.group("w").split()) if found is not None else None


def part_of_a_whole(sentence: str, q: Quantity, alias: str) -> str | None:
    """The words that make `q` a part of a whole its metric's `alias` names ("131 of the
    fatalities were men"), or None: such a figure is the metric's value only for the part's own
    scope ("men"), which the sentence must name. Where the alias is the part's own predicate
    ("six of the victims have been identified") the figure counts what it says."""
    found = _PART_OF_AFTER_RE.match(sentence, q.end)  # right after the number: "224 victims of the floods" is a count
    if found is None or not alias:
        return None
    rest = sentence[found.end() : found.end() + 60]
    cut = _CUT_RE.search(rest) or _PART_PREDICATE_RE.search(rest)
    whole = [_stem(w) for w in re.findall(r"[a-z]+", (rest[: cut.start()] if cut is not None else rest).lower())[:4]]  # "of the [confirmed cases]"
    named = [_stem(w) for w in re.findall(r"[a-z]+", alias.lower())]
    return found.group("w") if named and all(w in whole for w in named) else None


_RESPECTIVELY_RE = re.compile(r"[^.;:()]{0,80}?\b(?P<w>respectively)\b", re.IGNORECASE)


def respective_part(sentence: str, q: Quantity) -> str | None:
    """"respectively" when it closes the list `q` is in ("with 45, 25 and 15 fatalities,
    respectively"), or None: each figure is the count of one of the places or groups listed."""
    found = _RESPECTIVELY_RE.match(sentence, q.span_end)
    return found.group("w") if found is not None else None


def new_additions(sentence: str, q: Quantity) -> bool:
    """"ten new fires", "2,708 new cases", "11 more autopsies", "the new deaths included 58":
    additions over some period, not a running total."""
    return _NEW_AFTER_RE.match(sentence, q.span_end) is not None or _NEW_SUBJECT_RE.search(_before(sentence, q)) is not None


_EARLIER_RE = re.compile(r"\b(?P<w>(?:up|down|rising|falling|climbing|dropping)\s+from|compared\s+(?:with|to))\s+$", re.IGNORECASE)


def earlier_value(sentence: str, q: Quantity) -> str | None:
    """The words that make `q` an earlier value the text compares with ("up from 124 people"), or None."""
    found = _EARLIER_RE.search(sentence, max(0, q.span_start - 30), q.span_start)
    return found.group("w") if found is not None else None


# "the previous toll of 115", "an initial list of 3,200", "Initially more than 1,000 were believed
# missing": a figure the text gives as an earlier state of the count, on a date it does not give.
_EARLIER_STATE_RE = re.compile(
    r"(?P<w>\b(?:previous|prior|initial|original|former|earlier)\s+(?:[a-z\-]+\s+)?(?:toll|count|tally|figure|estimate|list|number|total)\s+(?:of|was|stood\s+at|at)?\s*"
    r"|\b(?:initially|originally|previously|at\s+first)\b[^.;:]*)$",
    re.IGNORECASE,
)


def earlier_state(sentence: str, q: Quantity) -> str | None:
    """The words that make `q` an earlier state of its count ("the previous toll of"), or None."""
    found = _EARLIER_STATE_RE.search(_before(sentence, q))
    return " ".join(found.group("w").split()) if found is not None else None


def past_record(sentence: str, q: Quantity) -> str | None:
    """The words that make `q` a past record ("the previous high of"), or None."""
    found = _PAST_RECORD_RE.search(_before(sentence, q))
    return found.group("w") if found is not None else None


def _after(sentence: str, q: Quantity) -> str:
    """The words after the figure (and its unit), up to the nearest cut."""
    rest = sentence[q.span_end : q.span_end + 80]
    cut = _CUT_RE.search(rest)
    return rest[: cut.start()] if cut is not None else rest


def _before(sentence: str, q: Quantity) -> str:
    """The words before the figure (and its qualifier), back to the nearest cut."""
    head = sentence[max(0, q.span_start - 80) : q.span_start]
    cuts = list(_CUT_RE.finditer(head))
    return head[cuts[-1].end() :] if cuts else head
