"""French and Portuguese texts, read through the English extractor.

The extractor's patterns are English. A text whose function words are mostly French or
Portuguese is rewritten before it is read: its number formats become English ones ("49.056" ->
"49,056", "1,60%" -> "1.60%", "51 mil" -> "51 thousand") and a small table of words that frame
figures becomes their English equivalents: qualifiers ("plus de", "mais de", "cerca de"), months
("28 de outubro" -> "28 October"), window phrases ("depuis le début de l'année", "desde o início
do ano", "até", "semaine 47"), conjunctions ("et", "e", "dont") and small number words ("nove").
Nouns are left as written: a figure's metric is found only through the rules' aliases, so a
French figure resolves when the rules give a French alias for its metric and stays unresolved
otherwise. Quotes and offsets are those of the text as written (:meth:`Reading.to_source`).

A text in any other language, or one these tables do not cover, is read as it is and its figures
are set aside for review (the caller's job).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Iterable

# Function words that tell the languages apart ("a", "o", "e", "de", "la" are shared or too short).
_MARKERS = {
    "en": frozenset("the of and to in is was that for on with as by at from it are were has have had this which said".split()),
    "fr": frozenset("le les des et du une est dans pour par sur que qui au aux ont été avec selon cette".split()),
    "pt": frozenset("em na no os das dos um uma com do da pelo pela foram mais ao não são uma segundo".split()),
    "other": frozenset("el los las del por con para es und der die den dem ist mit von zu nicht".split()),
}
_WORD_RE = re.compile(r"[a-zà-ÿ]+")

_MONTHS = {
    "janvier": "January", "février": "February", "fevrier": "February", "mars": "March", "avril": "April", "mai": "May",
    "juin": "June", "juillet": "July", "août": "August", "aout": "August", "septembre": "September",
    "octobre": "October", "novembre": "November", "décembre": "December", "decembre": "December",
    "janeiro": "January", "fevereiro": "February", "março": "March", "abril": "April", "maio": "May",
    "junho": "June", "julho": "July", "agosto": "August", "setembro": "September", "outubro": "October",
    "novembro": "November", "dezembro": "December",
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

# Phrases -> English, per language; each pattern is matched case-insensitively on whole words.
_PHRASES = {
    "fr": [
        (r"depuis le début de l['’]année", "since the start of the year"),
        (r"depuis le début de (\d{4})", r"since the start of \1"),
        (r"depuis la semaine", "since week"), (r"depuis", "since"),
        (r"jusqu['’]au|jusqu['’]à", "until"),
        (r"en date du", "as of"),
        (r"semaine (?:épidémiologique|epidemiologique)", "epidemiological week"),
        (r"en semaine", "in week"), (r"la semaine dernière", "last week"), (r"semaine", "week"),
        (r"plus de", "more than"), (r"moins de", "fewer than"), (r"près de", "nearly"), (r"environ", "about"),
        (r"au moins", "at least"), (r"presque", "almost"), (r"quelque", "some"), (r"jusqu['’]à", "up to"),
        (r"pour cent", "percent"), (r"milliers", "thousands"), (r"millions", "million"), (r"milliards", "billion"),
        (r"dont", "including"), (r"et", "and"), (r"selon", "according to"),
        (r"deux", "two"), (r"trois", "three"), (r"quatre", "four"), (r"cinq", "five"), (r"sept", "seven"),
        (r"huit", "eight"), (r"neuf", "nine"), (r"dix", "ten"),
        (r"1er", "1"),
    ],
    "pt": [
        (r"desde o início do ano", "since the start of the year"),
        (r"desde o início de (\d{4})", r"since the start of \1"),
        (r"desde a semana", "since week"), (r"desde", "since"),
        (r"até", "until"),
        (r"semana epidemiológica", "epidemiological week"),
        (r"na semana passada", "last week"), (r"na semana", "in the week"), (r"semana", "week"),
        (r"mais de", "more than"), (r"menos de", "fewer than"), (r"cerca de", "about"), (r"aproximadamente", "approximately"),
        (r"quase", "almost"), (r"pelo menos", "at least"), (r"por cento", "percent"),
        (r"mil milhões|bilhões|bilhão", "billion"), (r"milhões|milhão", "million"), (r"mil", "thousand"),
        (r"incluindo", "including"), (r"dos quais|das quais", "of which"), (r"e", "and"),
        (r"de acordo com", "according to"),
        (r"dois|duas", "two"), (r"três", "three"), (r"quatro", "four"), (r"cinco", "five"), (r"seis", "six"),
        (r"sete", "seven"), (r"oito", "eight"), (r"nove", "nine"), (r"dez", "ten"),
    ],
}  # fmt: skip

# "28 de outubro de 2024" -> "28 October 2024"; "1er décembre" -> "1 December"
_DATE = rf"(?P<day>\d{{1,2}})(?:er)?\s+(?:de\s+)?(?P<month>{_MONTH_ALT})(?:\s+(?:de\s+)?(?P<year>\d{{4}}))?"
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_ONE_DATE = rf"\d{{1,2}}(?:er)?\s+(?:de\s+)?(?:{_MONTH_ALT})(?:\s+(?:de\s+)?\d{{4}})?"
# "de 28 de outubro a 2 de novembro", "du 18 au 24 novembre" -> "from 28 October to 2 November"
_RANGE = rf"(?:de|du|entre)\s+(?P<r1>{_ONE_DATE}|\d{{1,2}}(?:er)?)\s+(?:a|à|au|até|e|et)\s+(?P<r2>{_ONE_DATE})"
# "49.056", "1.234.567,8", "49 056" (a space or no-break space between groups): thousands
_THOUSANDS = r"(?<![\d.,])\d{1,3}(?:(?P<sep>[.\u00a0\u202f ])\d{3})(?:(?P=sep)\d{3})*(?:,\d+)?(?![\d]|[.,]\d)"
# "1,60" "0,21": a decimal comma
_DECIMAL = r"(?<![\d.,])\d+,\d+(?![\d]|[.,]\d)"


def detect_language(text: str) -> str:
    """'en', 'fr', 'pt' or 'other', from the function words of the text's first 5,000 characters."""
    words = _WORD_RE.findall(text[:5000].lower())
    if len(words) < 20:
        return "en"
    counts = {language: sum(w in markers for w in words) for language, markers in _MARKERS.items()}
    if counts["en"] >= max(counts["fr"], counts["pt"], counts["other"]):
        return "en"
    best = max(("fr", "pt", "other"), key=lambda language: counts[language])
    return best


@dataclass(frozen=True)
class Reading:
    """A text as the English extractor reads it, with a map back to the text as written."""

    text: str
    language: str
    _starts: tuple[int, ...] = ()  # start of each rewritten piece in `text`
    _ends: tuple[int, ...] = ()  # its end in `text`
    _source: tuple[tuple[int, int], ...] = ()  # (start, end) of the words it replaced

    acronyms: tuple[str, ...] = ()

    def translate(self, other: str) -> str:
        """Another text of the same document (its title) rewritten the same way."""
        if self.language not in _PHRASES or not other:
            return other
        return _rewrite(other, self.language, self.acronyms).text

    @property
    def readable(self) -> bool:
        """Whether the extractor reads this language (English, or one of the tables here)."""
        return self.language in ("en", "fr", "pt")

    def to_source(self, index: int, last: bool = False) -> int:
        """The offset in the text as written of offset `index` of `text`; inside a rewritten
        piece, the piece's first character (its last when `last`: a quote's final character)."""
        k = bisect.bisect_right(self._starts, index) - 1
        if k < 0:
            return index
        end = self._ends[k]
        source_start, source_end = self._source[k]
        if index < end:
            return source_end - 1 if last else source_start
        return source_end + (index - end)


def read_as_english(text: str, acronyms: Iterable[str] = ()) -> Reading:
    """`text` rewritten for the English extractor when it is French or Portuguese; else as it is.

    `acronyms` are the rules' all-capital names ("UAE"): the same letters in another order ("EAU",
    the French and Portuguese word order) are read as the rules' name."""
    language = detect_language(text)
    if language not in _PHRASES:
        return Reading(text, language)
    return _rewrite(text, language, tuple(sorted(set(acronyms))))


def _rewrite(text: str, language: str, acronyms: tuple[str, ...]) -> Reading:
    pattern, table = _tables(language, acronyms)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sources: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in pattern.finditer(text):
        english = _english(match, table)
        if english is None or english == match.group(0):
            continue
        pieces.append(text[position : match.start()])
        length += match.start() - position
        starts.append(length)
        pieces.append(english)
        length += len(english)
        ends.append(length)
        sources.append((match.start(), match.end()))
        position = match.end()
    pieces.append(text[position:])
    return Reading("".join(pieces), language, tuple(starts), tuple(ends), tuple(sources), acronyms)


_PATTERNS: dict[str, re.Pattern[str]] = {}


@functools.lru_cache(maxsize=16)  # one rule set's acronyms, read for every text of a run
def _tables(language: str, acronyms: tuple[str, ...]) -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    """The pattern that finds what to rewrite, and the English of each phrase (acronyms last)."""
    long_enough = [a for a in acronyms if len(a) >= 3]
    table = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), english) for p, english in _PHRASES[language]]
    table += [(re.compile(rf"^(?:{_anagrams(a)})$"), a) for a in long_enough]
    return _with_acronyms(_pattern(language), long_enough), table


def _anagrams(acronym: str) -> str:
    """A pattern for the other orders of an acronym's letters ("EAU", "AEU" for "UAE")."""
    orders = sorted({"".join(p) for p in itertools.permutations(acronym)} - {acronym}) if len(acronym) <= 5 else []
    return "|".join(orders) or "(?!)"


def _with_acronyms(pattern: re.Pattern[str], acronyms: list[str]) -> re.Pattern[str]:
    if not acronyms:
        return pattern
    alternatives = "|".join(_anagrams(a) for a in acronyms)
    return re.compile(rf"(?-i:(?P<acronym>\b(?:{alternatives})\b))|" + pattern.pattern, re.IGNORECASE)


def _pattern(language: str) -> re.Pattern[str]:
    if language not in _PATTERNS:
        phrases = "|".join(p for p, _ in _PHRASES[language])
        _PATTERNS[language] = re.compile(
            rf"(?P<apostrophe>’)|(?P<range>\b{_RANGE}\b)|(?P<date>\b{_DATE}\b)|(?P<num>{_THOUSANDS}|{_DECIMAL})|(?P<mon>\b(?:{_MONTH_ALT})\b)|(?P<phrase>(?<![\w'’])(?:{phrases})(?![\w'’]))",
            re.IGNORECASE,
        )
    return _PATTERNS[language]


def _english(match: re.Match[str], table: list[tuple[re.Pattern[str], str]]) -> str | None:
    """The English for one matched date, number, month or phrase."""
    if match.group("apostrophe") is not None:
        return "'"  # "l’épidémie" as the rules' aliases write it, "l'épidémie"
    if match.group("range") is not None:
        return f"from {_english_date(match.group('r1'))} to {_english_date(match.group('r2'))}"
    if match.group("date") is not None:
        return _english_date(match.group("date"))
    if match.group("num") is not None:
        return english_number(match.group("num"))
    if match.group("mon") is not None:
        return _MONTHS[match.group("mon").lower()]
    phrase = match.group("acronym") if "acronym" in match.re.groupindex and match.group("acronym") else match.group("phrase")
    for regex, english in table:
        if regex.match(phrase):
            english = regex.sub(english, phrase)  # "de (\d{4})" -> "of \1": the year as written
            return english[0].upper() + english[1:] if phrase[0].isupper() else english
    return None


def _english_date(printed: str) -> str:
    """'28 de outubro de 2024' -> '28 October 2024'; '1er' (a range's first day) -> '1'."""
    match = _DATE_RE.fullmatch(printed)
    if match is None:
        return printed.lower().removesuffix("er")
    year = f" {match.group('year')}" if match.group("year") else ""
    return f"{match.group('day')} {_MONTHS[match.group('month').lower()]}{year}"


def english_number(printed: str) -> str:
    """'49.056' -> '49,056'; '1.234,5' -> '1,234.5'; '1,60' -> '1.60'; '49 056' -> '49,056'."""
    swapped = printed.translate(str.maketrans({",": ".", ".": ",", "\u00a0": ",", "\u202f": ",", " ": ","}))
    return swapped
