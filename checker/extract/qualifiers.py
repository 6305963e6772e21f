"""Qualifiers ("more than", "nearly") and changes ("rose 5%") written next to a figure.

Qualifier phrases come from a closed list and map to the qualifier ids of the claims format
(docs/formats.md). Rules may add aliases (``ruleset.qualifiers[id].aliases``); those are used
by :func:`qualifier_id` when a reviewer's wording is not in the list below.
"""

from __future__ import annotations

import re

# phrase -> qualifier id of the claims format; longest phrases are tried first
QUALIFIER_PHRASES: dict[str, str] = {
    "more than": "more_than", "slightly more than": "more_than", "far more than": "more_than",
    "much more than": "more_than", "well over": "over", "just over": "over", "a little over": "over",
    "slightly over": "over", "over": "over", "above": "more_than", "greater than": "more_than",
    "higher than": "more_than", "in excess of": "more_than", "upwards of": "more_than",
    "exceeding": "more_than", "north of": "more_than", "over than": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "not less than": "at_least", "not fewer than": "at_least",
    "nearly": "nearly", "almost": "almost", "close to": "nearly", "just shy of": "nearly",
    "about": "about", "around": "around", "some": "some", "roughly": "approximately",
    "approximately": "approximately", "approx.": "approximately", "approx": "approximately",
    "circa": "approximately", "c.": "approximately", "an estimated": "about", "estimated": "about",
    "averaged": "about", "averaging": "about", "averages": "about", "~": "about", "≈": "about", "≃": "about",
    "up to": "up_to", "as much as": "up_to", "a maximum of": "up_to", "at most": "at_most",
    "no more than": "at_most", "not more than": "at_most", "did not exceed": "at_most",
    "does not exceed": "at_most", "do not exceed": "at_most", "not exceeding": "at_most", "not to exceed": "at_most", "as many as": "exact",
    "less than": "less_than", "fewer than": "fewer_than", "lower than": "less_than",
    "under": "under", "just under": "under", "below": "less_than", "sub-": "under",
    "only": "exact", "just": "exact", "a total of": "exact", "total of": "exact", "exactly": "exact",
    "precisely": "exact", "a mere": "exact", "barely": "exact", "a record": "exact", "a further": "exact",
    "another": "exact", "an additional": "exact", "a whopping": "exact",
}  # fmt: skip

# the NewsQuant "change" code of each qualifier id
CHANGE_CODE = {
    "exact": "=", "range": "=", "about": "~", "approximately": "~", "around": "~", "some": "~",
    "nearly": "~", "almost": "~", "more_than": ">", "over": ">", "at_least": ">", "up_to": "<",
    "less_than": "<", "fewer_than": "<", "under": "<", "at_most": "<",
}  # fmt: skip

_PHRASES = sorted(QUALIFIER_PHRASES, key=len, reverse=True)
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


# Most figures follow a word that ends no phrase: checking that word first skips the phrase search.
_PHRASE_LAST_WORDS = frozenset(p.split(" ")[-1] for p in QUALIFIER_PHRASES)
_PHRASE_MAX_WORDS = max(len(p.split(" ")) for p in QUALIFIER_PHRASES)


def _last_word(window: str) -> str:
    """The first word :func:`_tail_words` gives (lower-cased), without building the list."""
    end = len(window.rstrip())
    begin = max(window.rfind(" ", 0, end), window.rfind("\n", 0, end)) + 1
    return window[begin:end].lstrip(_LEAD_PUNCT).lower()


def qualifier_before(sentence: str, start: int) -> tuple[str, int] | None:
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
    if _last_word(window) not in _PHRASE_LAST_WORDS:
        return None
    # a phrase of k words is a key only if k <= _PHRASE_MAX_WORDS; two words are needed for "the over"
    words = _tail_words(window, max(2, _PHRASE_MAX_WORDS))
    for k in range(min(len(words), 5), 0, -1):
        phrase = " ".join(w for w, _ in reversed(words[:k])).lower()
        qid = QUALIFIER_PHRASES.get(phrase)
        if qid is None:
            continue
        if k == 1 and phrase in ("over", "under") and len(words) > 1 and words[1][0].lower() in _WEAK_BEFORE:
            return None
        return qid, base + words[k - 1][1]
    return None


_WEAK_BEFORE = frozenset("the all from taken took is was came come fought argue argued worry concern concerns dispute".split())


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


def qualifier_id(text: str, rules: object | None = None) -> str | None:
    """Map a written phrase to a qualifier id, looking at the rules' aliases first."""
    lowered = " ".join(text.lower().split())
    qualifiers = getattr(rules, "qualifiers", None) or {}
    for qid, rule in qualifiers.items():
        aliases = [a.lower() for a in getattr(rule, "aliases", ())]
        if lowered == qid or lowered in aliases:
            return qid
    return QUALIFIER_PHRASES.get(lowered)
