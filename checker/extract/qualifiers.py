"""Qualifiers ("more than", "nearly") and changes ("rose 5%") written next to a figure.

Qualifier phrases are the one table of checker/vocabulary.py, which also gives the rules'
built-in qualifiers their aliases; they map to the qualifier ids of the claims format
(docs/formats.md). A phrase a rules file adds as an alias (``qualifiers: {about: {aliases:
[give or take]}}``) is read before figures too: :func:`phrases_for_rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.vocabulary import QUALIFIER_PHRASES

# the NewsQuant "change" code of each qualifier id
CHANGE_CODE = {
    "exact": "=", "range": "=", "about": "~", "approximately": "~", "around": "~", "some": "~",
    "nearly": "~", "almost": "~", "more_than": ">", "over": ">", "at_least": ">", "up_to": "<",
    "less_than": "<", "fewer_than": "<", "under": "<", "at_most": "<",
}  # fmt: skip

_QUAL_AFTER_RE = re.compile(r"^(?:[\s,]+)(?P<q>or more|or so|or higher|or above|or less|or fewer|or lower|plus)\b|^(?P<plus>\+)(?!\d)", re.IGNORECASE)
_AFTER_MAP = {"or more": "at_least", "or higher": "at_least", "or above": "at_least", "plus": "at_least", "+": "at_least",
              "or so": "about", "or less": "at_most", "or fewer": "at_most", "or lower": "at_most"}  # fmt: skip

_UP = (
    "rose rise rises rising risen up gained gain gains gaining jumped jump jumps jumping climbed climb climbs "
    "climbing advanced advance advances advancing added adds adding increased increase increases increasing "
    "surged surge surges surging soared soar soars soaring rallied rally rallies rallying grew grow grows growing "
    "spiked spike spikes skyrocketed skyrocketing rebounded rebound rebounds rebounding firmed widened widening "
    "upward upwards higher"
).split()
_DOWN = (
    "fell fall falls falling fallen down dropped drop drops dropping lost lose loses shed sheds shedding slid slide "
    "slides sliding slipped slip slips declined decline declines declining decreased decrease decreases "
    "decreasing plunged plunge plunges plunging plummeted plummet plummets tumbled tumble tumbles tumbling sank "
    "sink sinks dipped dip dips slumped slump slumps eased ease eases easing tanked retreated retreat shrank "
    "shrink shrinks shrinking contracted narrowed narrowing sagged sagging weakened slumping dipping sinking "
    "tanking downward downwards lower"
).split()
# transitive verbs ("raised 280 million") are changes only with "by"
_UP_BY = "raised raising boosted boosting lifted lifting hiked hiking revised".split()
_DOWN_BY = "cut cuts cutting lowered lowering reduced reducing trimmed slashed".split()
_CHANGE_WORDS = {w: "up" for w in _UP} | {w: "down" for w in _DOWN}
_BY_WORDS = {w: "up" for w in _UP_BY} | {w: "down" for w in _DOWN_BY}
_PHRASAL_UP = re.compile(
    r"\b(?:gave|give|gives|giving|given|picked|pick|set|sets|signed|sign|made|make|makes|took|take|takes|ended|end|ends|"
    r"put|puts|came|come|comes|built|build|summed|sum|adds|added|add|opened|open|turned|turn|showed|show|shows|"
    r"stepped|step|ramped|ramp|teamed|team|snapped|snap|beefing|beef|run|ran|racked|rack|broke|broken|break|"
    r"shut|cut|cuts|wrote|write|written|marked|mark|trading|tied|tie|won|win|paid|pay|held|hold|backed|back|"
    r"pulled|pull|followed|follow|looked|look|looking|filled|fill|fill|locked|lock|catch|caught|keep|kept|"
    r"warmed|heat|heated|hold|holds|holding|going|go|goes|went)\s+$",
    re.IGNORECASE,
)


_LEAD_PUNCT = "([\"'“‘,:;—–-"


def _tail_words(window: str, count: int) -> list[tuple[str, int]]:
    """The last `count` words of `window` with their start offsets (right to left)."""
    words: list[tuple[str, int]] = []
    end = len(window)
    while len(words) < count:
        while end > 0 and window[end - 1].isspace():
            end -= 1
        if end == 0:
            break
        begin = window.rfind(" ", 0, end) + 1
        begin = max(begin, window.rfind("\n", 0, end) + 1)
        word = window[begin:end]
        stripped = word.lstrip(_LEAD_PUNCT)
        words.append((stripped, begin + len(word) - len(stripped)))
        if stripped != word:
            break  # an opening bracket or quote ends the phrase
        end = begin
    return words


@dataclass(frozen=True)
class PhraseTable:
    """Qualifier phrases, with the last word of each (most figures follow a word that ends no
    phrase: checking that word first skips the phrase search)."""

    phrases: dict[str, str]
    last_words: frozenset[str]
    max_words: int

    @classmethod
    def of(cls, phrases: dict[str, str]) -> "PhraseTable":
        return cls(phrases, frozenset(p.split(" ")[-1] for p in phrases), max(len(p.split(" ")) for p in phrases))


DEFAULT_PHRASES = PhraseTable.of(QUALIFIER_PHRASES)


def phrases_for_rules(rules: object | None) -> PhraseTable:
    """The one phrase table plus the word aliases a rules file gives its qualifiers."""
    added: dict[str, str] = {}
    for qid, rule in (getattr(rules, "qualifiers", None) or {}).items():
        for alias in getattr(rule, "aliases", ()):
            phrase = " ".join(str(alias).lower().split())
            if qid != "range" and phrase not in QUALIFIER_PHRASES and re.search(r"[a-z]", phrase):
                added[phrase] = qid
    return PhraseTable.of({**QUALIFIER_PHRASES, **added}) if added else DEFAULT_PHRASES


def _last_word(window: str) -> str:
    """The first word :func:`_tail_words` gives (lower-cased), without building the list."""
    end = len(window.rstrip())
    begin = max(window.rfind(" ", 0, end), window.rfind("\n", 0, end)) + 1
    return window[begin:end].lstrip(_LEAD_PUNCT).lower()


def qualifier_before(sentence: str, start: int, table: PhraseTable = DEFAULT_PHRASES) -> tuple[str, int] | None:
    """The qualifier written just before position `start`: (qualifier id, its start)."""
    base = max(0, start - 40)
    window = sentence[base:start]
    if window.endswith("sub-"):
        return "under", start - 4
    stripped = window.rstrip()
    if stripped.endswith(("~", "≈", "≃")):
        return "about", base + len(stripped) - 1
    if not window or not window[-1].isspace():
        return None
    if _last_word(window) not in table.last_words:
        return None
    # a phrase of k words is a key only if k <= max_words; two words are needed for "the over"
    words = _tail_words(window, max(2, table.max_words))
    for k in range(min(len(words), table.max_words), 0, -1):
        phrase = " ".join(w for w, _ in reversed(words[:k])).lower()
        qid = table.phrases.get(phrase)
        if qid is None:
            continue
        if k == 1 and phrase in ("over", "under") and len(words) > 1 and words[1][0].lower() in _WEAK_BEFORE:
            return None
        if phrase == "up to" and _BRING_UP_RE.search(sentence, max(0, start - 100), start):
            return None  # "brought the count up to 1,249": the count reached it, "up" is the verb's
        return qid, base + words[k - 1][1]
    return None


# a verb whose object is raised "up to" a figure: "brought the national count up to 1,249"
_BRING_UP_RE = re.compile(r"\b(?:br(?:ing|ings|inging|ought)|push(?:es|ed|ing)?|t(?:ake|akes|aking|ook)|lift(?:s|ed|ing)?)\s+(?:the|its|their|this|that)\s+(?:[\w'’-]+\s+){0,4}?(?:count|toll|total|tally|number|figure)(?:\s+(?:in|for|of|so\s+far)(?:\s+[\w'’-]+){1,3})?\s+up\s+to\s*$", re.IGNORECASE)
# words after which "over"/"under" is no bound: "the over", "came under", "handed over 53 bodies" (a phrasal verb)
_WEAK_BEFORE = frozenset(
    "the all from taken took is was came come fought argue argued worry concern concerns dispute "
    "hand hands handed handing turn turns turned turning sign signs signed signing".split()
)


def qualifier_after(sentence: str, end: int) -> str | None:
    match = _QUAL_AFTER_RE.match(sentence, end)
    if not match:
        return None
    key = (match.group("q") or match.group("plus") or "").lower()
    return _AFTER_MAP.get(key)


def change_before(sentence: str, start: int) -> str | None:
    """'rose 5%' -> 'up'; 'fell by 2' -> 'down'; None when no change verb is next to the figure."""
    window = sentence[max(0, start - 40) : start]
    if not window or not window[-1].isspace():
        return None
    first = _last_word(window)
    if first != "by" and first not in _CHANGE_WORDS:
        return None  # only rest[0] and rest[1] are read below: three words are enough
    words = [w.lower() for w, _ in _tail_words(window, 3)]
    if not words:
        return None
    has_by = words[0] == "by"
    rest = words[1:] if has_by else words
    if not rest:
        return None
    if has_by:
        verb = rest[0]
        if verb in ("upward", "upwards", "downward", "downwards") and len(rest) > 1 and rest[1] in _BY_WORDS:
            return "down" if verb.startswith("down") else "up"
        if verb in _BY_WORDS:
            return _BY_WORDS[verb] if verb != "revised" else None
        if verb in ("higher", "lower", "upward", "upwards", "downward", "downwards"):
            return "up" if verb in ("higher", "upward", "upwards") else "down"
    verb = rest[0]
    if verb not in _CHANGE_WORDS:
        return None
    if not has_by and verb in ("higher", "lower", "upward", "upwards", "downward", "downwards"):
        return None
    if verb in ("up", "down") and len(rest) > 1 and _PHRASAL_UP.search(rest[1] + " "):
        return None  # "gave up 517 yards", "set up 30 sites"
    return _CHANGE_WORDS[verb]


_ADVERB_RE = re.compile(r"\b(?:up|down)\s+$")


def change_adverb(sentence: str, start: int) -> bool:
    """True when the change word before `start` is the adverb up/down ("was up about 19%")."""
    window = sentence[max(0, start - 12) : start].lower()
    return bool(_ADVERB_RE.search(window))
