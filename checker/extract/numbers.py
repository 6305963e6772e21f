"""Find the figures in one sentence: digits, words, scales, percentages, currency and ranges.

The parser is a handful of linear-time regular expressions plus small tables; nothing here
knows about any domain. It returns :class:`Quantity` values with character offsets into the
sentence it was given, the value as printed and as a number, the qualifier ("more than"),
the direction of a change ("rose 5%") and the raw unit words that follow the figure.

Guards against false numbers (each learned from a measured failure of a library):
dates and times are masked first; a bare year (1000-2100, no unit, no currency, no qualifier)
is not a figure; ordinals (18th), ages ("Alishov, 59,"), names and section numbers
("Section 427", "S&P 500", "TA-35"), codes ("M21 9AB8"), phone numbers and street addresses
are skipped; " - " between spaces is a separator, never a minus sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from checker.extract.qualifiers import DEFAULT_PHRASES, PhraseTable, change_adverb, change_before, qualifier_after, qualifier_before
from checker.extract.units import UnitMatcher, general_matcher
from checker.vocabulary import SCALE_WORDS

_APPROX = frozenset({"about", "approximately", "around", "some", "nearly", "almost"})

# --------------------------------------------------------------------------------------
# Tables

SMALL_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIER_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
SCALE_SUFFIXES = SCALE_WORDS  # one table with the claims loader's (checker/vocabulary.py); looked up lower-cased
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
VAGUE_WORDS = {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
FOLD_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "hundred": 100}

_WORD_ALT = "|".join(sorted(list(SMALL_WORDS) + list(MULTIPLIER_WORDS) + ["dozen"], key=len, reverse=True))
_WORDSEQ = rf"\b(?:{_WORD_ALT})\b(?:(?:-|\s+and\s+|\s+|,\s+)(?:{_WORD_ALT})\b)*"

CURRENCY_PREFIX = (
    r"(?:(?:US|U\.S\.|C|CA|A|AU|NZ|HK|S|NT|Z|R)\s?\$|\$\s?(?:US|A|AU|NZ|C|HK|S)?|£|€|¥|₹|₽|₺|₩|₪|Y="
    r"|(?:USD|EUR|GBP|AUD|CAD|NZD|INR|JPY|CNY|RMB|CHF|SGD|HKD|AZN|TRY|RUB|PS|RM|Rs\.?|Rp|R|Dh|Dhs|AED|SAR|KES|NGN|ZAR)(?=\s?\d))"
)
_CURRENCY_CODE = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "$US": "USD", "£": "GBP", "PS": "GBP", "€": "EUR",
    "¥": "JPY", "Y=": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "RM": "MYR", "₪": "ILS",
    "C$": "CAD", "CA$": "CAD", "$C": "CAD", "A$": "AUD", "AU$": "AUD", "$A": "AUD", "$AU": "AUD",
    "NZ$": "NZD", "$NZ": "NZD", "HK$": "HKD", "$HK": "HKD", "S$": "SGD", "$S": "SGD", "₺": "TRY",
    "₽": "RUB", "₩": "KRW", "R$": "BRL", "R": "ZAR",
}  # fmt: skip

_ATOM_RE = re.compile(
    rf"""
    (?<![\w$£€¥₹])(?<!\w[.,])(?:(?<!/)|(?=[$£€]))
    (?P<cur>{CURRENCY_PREFIX})?
    (?P<sign>[+\-−–](?=\$?\d|\.\d)|minus[-\s](?=\d)|plus[-\s](?=\d))?
    (?P<cur2>\$)?
    (?:
        (?P<sci>\d+(?:\.\d+)?\s?[×x]\s?10\^?[−-]?\d{{1,3}}(?![\d.]))
        |(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d])
          |\d{{1,3}}(?:[\u00a0\u202f\u2009]\d{{3}})+(?![\d.,]\d)
          |\d{{1,3}}(?:\ \d{{3}})+(?![\d.,]?\d)(?=\s?(?:%|[a-z]))
          |\d+(?:\.\d+)?
          |\.\d+)
      | (?P<words>{_WORDSEQ})
    )
    (?P<frac>\s?[/⁄]\s?\d{{1,4}}(?![\d/]))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SCALE_RE = re.compile(
    r"(?:(?P<sp>[\s\u00a0-]?)(?P<word>(?:hundred\s)?(?:thousand|million|billion|trillion)|hundred|mln|bln|trn|mn|bn|tn|mil)\b"
    r"|(?P<short>[kKmMbB])(?![\w²³])|\s(?P<spshort>[MB])(?=\s[a-z]))"
)
_GLUED_UNIT_RE = re.compile(r"(?P<u>[A-Za-zµμ°Ω℃℉€£$²³′″'\"]+(?:[²³23](?![\d]))?(?:/[A-Za-z]+[²³23]?)?)")
_PERCENT_RE = re.compile(
    r"\s?(?P<p>%|percent(?:age points?)?\b|per\s?cent\b|pc\b|pct\b|percentage points?\b|basis points?\b|bps\b|ppts?\b|points? percentage\b)",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTHS_LOWER = r"(?:january|february|april|june|july|august|september|october|november|december|jan|feb|apr|aug|sept?|oct|nov|dec)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2}|2100)(?!\d)"
MASK_RE = re.compile(
    rf"""
      (?P<date>
        \b(?:{_MONTHS}|{_MONTHS_LOWER})\.?\s+{_DAY}(?:\s*[-–]\s*{_DAY})?(?:,?\s+{_YEAR})?(?![\d,]*\d)
      | \b{_DAY}\s+(?:of\s+)?(?:{_MONTHS}|{_MONTHS_LOWER})\b\.?(?:,?\s+{_YEAR})?
      | \b(?:{_MONTHS}|{_MONTHS_LOWER})\b\.?,?\s+(?:of\s+)?{_YEAR}
      | \b[0-3]?\d[./][01]?\d[./](?:\d{{4}}|\d{{2}})(?!\d)
      | \b\d{{4}}-[01]\d-[0-3]\d(?:T[\d:.]+Z?)?
      | \b{_YEAR}\s?[-–/]\s?(?:\d{{2}}|{_YEAR})(?![\d%])(?!\s?(?:percent|per\scent|%))
      | \b(?:mid|early|late)-?{_YEAR}s?
      | \b{_YEAR}s\b
      | '\d{{2}}\b
      )
    | (?P<time>
        \b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:\s?[ap]\.?m\.?\b|\s?[AP]M\b)?
      | \b\d{{1,2}}(?:[.:]\d{{2}})?\s?(?:[ap]\.m\.|[ap]m\b|[AP]M\b|[AP]\.M\.)
      | \b(?:\d{{1,2}}(?:[.:]\d{{2}})?|[0-2]\d[0-5]\d)\s?(?:GMT|EDT|EST|PDT|PST|UTC|CET|BST|CEST|EEST|hrs)\b
      )
    | (?P<phone>
        (?:\+\d{{1,3}}[\s.-]?)?\(?\b\d{{3}}\)?[\s.-]\d{{3}}[\s.-]\d{{4}}\b
      | \+\d{{1,3}}(?:[\s.-]?\d{{2,4}}){{2,5}}\b
      )
    | (?P<ordinal>\b\d+(?:st|nd|rd|th)\b)
    | (?P<code>\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]*[A-Za-z]\d[A-Za-z\d]*(?:[-./][A-Za-z\d]+)*
      | \b[A-Z]{{1,6}}[-/.]\d[\d.-]*\b
      | \b\d+[A-Za-z]+\d[A-Za-z\d]*\b
      | \b\d+(?:\.\d+){{2,}}\b
      | \b\d+(?:-\d+){{2,}}\b)
    """,
    re.VERBOSE,
)
_YEAR_ONLY_RE = re.compile(r"^(?:1[1-9][0-9]{2}|2[01][0-9]{2})$")
_CURRENCY_CODE_RE = re.compile(
    r"^(?:USD|EUR|GBP|AUD|CAD|NZD|INR|JPY|CNY|RMB|CHF|SGD|HKD|AZN|TRY|RUB|PS|RM|Rs|Rp|R|Dh|Dhs|AED|SAR|KES|NGN|ZAR|US|A|C|HK|NZ|AU|S)\d"
    r"|^\d+(?:\.\d+)?(?:k?m[23]|cm[23]|mm[23]|km[23])$"
)
_NAME_WORDS_BEFORE = re.compile(
    r"(?:\b(?:Section|Sections|Row|Part|Article|Art|Chapter|Clause|Paragraph|Para|Rule|Title|Room|Unit|Suite|Floor|Gate|Route|Highway|Road|Street|Level|Phase|Stage|Game|Games|Round|Week|Day|Episode|Season|Volume|Vol|Issue|No|Nos|Number|Item|Figure|Fig|Table|Page|Pages|pp|Box|Channel|Category|Grade|Class|Model|Version|Windows|Series|Galaxy|iPhone|Pixel|Watch|Planet|Apollo|Flight|Resolution|Amendment|Act|Law|Bill|Protocol|Camp|Block|Sector|Zone|Lot|Plot|Annex|Appendix|Line|Platform|Pier|Terminal|Bay|Exit|Hall|Building|Tower|Ward|District|Region|Division|League|Cup|Formula|Euro|Stoxx|FTSE|Nasdaq|Dow|DAX|CAC|Nikkei|Index|Fortune|Top|S&P|TSX|Hang\sSeng|Russell|Group|Covid|COVID|MH|Boeing|Airbus|Unit|Row|Big)\.?\s*(?:No\.?\s*)?$)"
)
_CAPITAL_BEFORE = re.compile(r"(?:^|[^\w.])(?P<w>[A-Z][A-Za-z&]*[A-Za-z])\s$")
_AGE_BEFORE = re.compile(r"[A-Z][a-z'’\-]+,\s$")
_AGE_AFTER = re.compile(r"^,(?:\s|$)|^\)")
_STREET_AFTER = re.compile(
    r"^(?:[-–]\d+)?(?:\s+[A-Z0-9][\w'’]*){0,3}\s+(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Ln|Drive|Dr|Boulevard|Blvd|Place|Pl|Court|Ct|Square|Sq|Terrace|Crescent|Close|Parkway|Highway)\b\.?"
)
_NAME_AFTER = re.compile(r"^\s?(?:ZIP|zip|postcode|Postcode|AD|BC|BCE|CE)\b")

# Words after a bare four-digit year-like number that still make it a quantity.


@dataclass
class Quantity:
    """A figure found in a sentence. Offsets are relative to the text given to :func:`find_quantities`."""

    start: int  # the figure as printed (including currency, scale and percent sign)
    end: int
    value: float
    high: float | None = None  # ranges: value is the low end as written, high the other end
    printed: str = ""  # the figure as printed, normalised: "3,400", "464 million", "10-13"
    qualifier: str = "exact"
    qualifier_start: int | None = None
    change: str | None = None  # "up" | "down"
    unit_text: str = ""  # the unit as written ("hectares", "km²", "percent"); "" if none
    unit_id: str | None = None  # id from the unit table or the rules
    after_text: str = ""  # up to six words after the figure (for metric resolution)
    unit_start: int | None = None
    unit_end: int | None = None
    percent: bool = False
    currency: str | None = None
    kind: str = "number"  # number | percent | currency | fraction | vague | ordinalish
    confidence: float = 0.9
    scale: float = 1.0
    is_word: bool = False
    has_digits: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def span_start(self) -> int:
        return self.start if self.qualifier_start is None else min(self.start, self.qualifier_start)

    @property
    def span_end(self) -> int:
        return max(self.end, self.unit_end or self.end)

    @property
    def is_range(self) -> bool:
        return self.high is not None


def _scale_value(word: str) -> float:
    parts = word.lower().split()
    if len(parts) == 2:  # "hundred million"
        return 100 * SCALE_SUFFIXES[parts[1]]
    if parts[0] == "hundred":
        return 100.0
    return SCALE_SUFFIXES.get(word, SCALE_SUFFIXES.get(word.lower(), 1.0))


_WORD_SPLIT_RE = re.compile(r"[\s,\-]+")


def words_to_number(text: str) -> float | None:
    """'three hundred and forty-two' -> 342; 'one million' -> 1e6; None if not a number."""
    total = 0.0
    current = 0.0
    seen = False
    for token in _WORD_SPLIT_RE.split(text.lower()):
        if not token or token == "and":
            continue
        if token in SMALL_WORDS:
            current += SMALL_WORDS[token]
            seen = True
        elif token == "dozen":
            current = (current or 1) * 12
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
            seen = True
        elif token in MULTIPLIER_WORDS:
            total += (current or 1) * MULTIPLIER_WORDS[token]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _digits_value(text: str) -> float:
    cleaned = text.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    return float(cleaned)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for a, b in spans:
        if a < end and start < b:
            return True
    return False


# MASK_RE.finditer tries all its branches at every character; these find the few places where a
# match can start, so mask_spans calls MASK_RE.match there only. Every branch holds a digit and
# starts at a word start (\b then a word character) or at ', + or ( before a digit. Only the
# month branches read spaces before their first digit, at most two spaced words ("March of
# 2020", "May 5"): a match starts in the token holding that digit, or at a month name in one of
# the two tokens before it.
_DIGIT_RE = re.compile(r"\d")
_DIGIT_TOKEN_RE = re.compile(r"\d\S*")  # a token's first digit to the token's end
_TWO_TOKENS_BACK_RE = re.compile(r"(?P<own>\S*)(?:\s+\S+){0,2}")  # run on the reversed sentence
_MASK_START_RE = re.compile(r"(?<!\w)\w|['+(]")
# the first three letters of every month name MASK_RE knows (its lower-case list omits march and may)
_MONTH_START_RE = re.compile(r"(?<!\w)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec)")


def _mask_matches(sentence: str) -> Iterator[re.Match[str]]:
    """The matches of ``MASK_RE.finditer(sentence)``, trying only where a match can start."""
    if not _DIGIT_RE.search(sentence):
        return
    reverse = sentence[::-1]
    n = len(sentence)
    done = 0  # every start before this offset was tried or lies inside a match
    for token in _DIGIT_TOKEN_RE.finditer(sentence):
        digit, token_end = token.span()
        back = _TWO_TOKENS_BACK_RE.match(reverse, n - digit)
        token_start = n - back.end("own")
        for starts, begin in ((_MONTH_START_RE, n - back.end()), (_MASK_START_RE, token_start)):
            candidates = starts.finditer(sentence, max(done, begin), token_start if starts is _MONTH_START_RE else token_end)
            for match in _matches_at(MASK_RE, sentence, (c.start() for c in candidates), done):
                done = match.end()
                yield match
        done = max(done, token_end)


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int], done: int) -> Iterator[re.Match[str]]:
    """``pattern.match`` at each of the ascending offsets `starts` from `done` on, skipping those
    inside an earlier match: what ``pattern.finditer`` finds that starts at one of them."""
    for start in starts:
        if start < done:
            continue
        match = pattern.match(text, start)
        if match is not None:
            done = match.end()
            yield match


def mask_spans(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Spans that are not quantities (dates, times, phones, ordinals, codes); dates listed apart."""
    blocked: list[tuple[int, int]] = []
    dates: list[tuple[int, int, str]] = []
    for match in _mask_matches(sentence):
        kind = match.lastgroup or ""
        if kind == "code" and (_CURRENCY_CODE_RE.match(match.group()) or sentence[max(0, match.start() - 1) : match.start()] in ("$", "-")):
            continue
        blocked.append((match.start(), match.end()))
        if kind == "date":
            dates.append((match.start(), match.end(), match.group()))
    return blocked, dates


class _Atom:
    __slots__ = ("start", "end", "value", "printed", "currency", "scale", "is_word", "percent", "unit_text",
                 "unit_start", "unit_end", "sign", "frac", "glued_unit", "drop", "kind", "has_scale_word", "unit_id")  # fmt: skip

    def __init__(self) -> None:
        self.drop = False
        self.unit_text = ""
        self.unit_start: int | None = None
        self.unit_end: int | None = None
        self.percent = False
        self.glued_unit = ""
        self.kind = "number"
        self.currency: str | None = None
        self.scale = 1.0
        self.has_scale_word = False
        self.unit_id: str | None = None


_SCI_SPLIT_RE = re.compile(r"\s?[×x]\s?10\^?")
_NON_DIGIT_RE = re.compile(r"\D")
_COMPOUND_ADJ_RE = re.compile(r"-(?:[a-z])")
_MILLION_M_AFTER_RE = re.compile(r"^\s+(?!long|high|wide|deep|tall|away|from|in\b|on\b|at\b|and\b|or\b|to\b|\()[a-zA-Z]")
_BILLION_B_AFTER_RE = re.compile(r"^\s+[a-z]")
_ENDS_DIGIT_RE = re.compile(r"\d$")
_AREA_SUFFIX_RE = re.compile(r"[²³]|m2$|m3$|cm2$|km2$")


# _ATOM_RE.finditer, like MASK_RE's, tries every character. A match holds a core (digits, "."
# before a digit, or number words) and starts at most 13 characters before it: a currency prefix
# ("U.S. $", 6), a sign ("minus ", 6) and "$". The core's first digit starts a run of digits; its
# first number word is a whole [a-z] run of the lower-cased sentence (\b on both sides).
_ATOM_REACH = 14  # 13, plus the "." of ".5"
_DIGIT_RUN_RE = re.compile(r"\d+")
_LOWER_RUN_RE = re.compile(r"[a-z]+")
_NUMBER_WORDS = frozenset([*SMALL_WORDS, *MULTIPLIER_WORDS, "dozen"])
# every number word holds one of these (a quicker test than all 33 words)
_NUMBER_WORD_PARTS = ("zero", "one", "two", "thr", "four", "five", "fif", "six", "seven", "eight", "nine", "ten",
                      "eleven", "twel", "thir", "twenty", "forty", "hundred", "thousand", "illion", "dozen")  # fmt: skip
_ATOM_START_RE = re.compile(r"(?<![\w$£€¥₹])\S")  # the first lookbehind of _ATOM_RE, and no space


def _number_cores(sentence: str, lowered: str) -> list[int]:
    """Offsets, in order, of each run of digits and each number word (`lowered` from _lowered_for_gates)."""
    cores = [m.start() for m in _DIGIT_RUN_RE.finditer(sentence)]
    if any(part in lowered for part in _NUMBER_WORD_PARTS):
        cores += [m.start() for m in _LOWER_RUN_RE.finditer(lowered) if m.group() in _NUMBER_WORDS]
        cores.sort()
    return cores


def _atom_matches(sentence: str, cores: list[int]) -> Iterator[re.Match[str]]:
    """The matches of ``_ATOM_RE.finditer(sentence)``, trying only before the `cores`."""
    done = 0  # every start before this offset was tried or lies inside a match
    for core in cores:
        if core < done:
            continue
        candidates = _ATOM_START_RE.finditer(sentence, max(done, core - _ATOM_REACH), core + 1)
        for match in _matches_at(_ATOM_RE, sentence, (c.start() for c in candidates), done):
            done = match.end()
            yield match
        done = max(done, core + 1)


def _read_atoms(sentence: str, blocked: list[tuple[int, int]], cores: list[int] | None = None) -> list[_Atom]:
    """The figures of `sentence` outside the `blocked` spans, each with its scale word, percent sign or unit."""
    if cores is None:
        cores = _number_cores(sentence, _lowered_for_gates(sentence))
    atoms: list[_Atom] = []
    for match in _atom_matches(sentence, cores):
        if match.start() == match.end():
            continue
        atom = _sci_atom(match, blocked) if match.group("sci") else _core_atom(sentence, match, blocked)
        if atom is not None:
            atoms.append(atom)
    return atoms


def _sci_atom(match: re.Match[str], blocked: list[tuple[int, int]]) -> _Atom | None:
    """A figure in scientific notation ("6.02 x 10^23"), or None where it is blocked or too large."""
    sci = match.group("sci")
    mantissa, exponent = _SCI_SPLIT_RE.split(sci)
    exponent = exponent.replace("−", "-")
    if _overlaps(blocked, match.start("sci"), match.end("sci")):
        return None
    try:  # in floats: 10 ** 309 is a fine int but no float; such figures are kept unread
        value = float(mantissa) * 10.0 ** int(exponent)
    except OverflowError:
        return None
    atom = _Atom()
    atom.start, atom.end = match.start("sci"), match.end("sci")
    atom.value = value
    atom.is_word = False
    atom.sign = ""
    atom.frac = None
    atom.printed = sci
    return atom


def _core_atom(sentence: str, match: re.Match[str], blocked: list[tuple[int, int]]) -> _Atom | None:
    """A figure in digits or number words, or None where it is blocked or is no figure ("four-door")."""
    digits = match.group("digits")
    core = "digits" if digits else "words"
    core_start, core_end = match.start(core), match.end(core)
    if _overlaps(blocked, core_start, core_end):
        return None
    atom = _Atom()
    atom.start = match.start()
    atom.is_word = digits is None
    atom.currency = _currency_of(match)
    reading = _digits_reading(sentence, match, atom) if digits else _words_reading(sentence, match, atom)
    if reading is None:
        return None
    value, frac, end = reading
    sign = (match.group("sign") or "").strip().lower()
    signed = _signed(sentence, atom.start, sign, value)
    if signed is None:
        return None
    atom.sign = sign
    atom.frac = frac
    atom.end = end
    atom.value = signed
    pos, end = _read_scale(sentence, atom, end)
    end = _read_unit(sentence, atom, pos, end)
    if atom.currency:
        atom.kind = "currency"
    atom.end = end
    atom.printed = sentence[core_start:end]
    return atom


def _currency_of(match: re.Match[str]) -> str | None:
    cur = match.group("cur") or match.group("cur2")
    if not cur:
        return None
    cur_key = cur.replace(" ", "")
    if cur_key.startswith("$") and len(cur_key) > 1:
        return _CURRENCY_CODE.get(cur_key, "USD")
    return _CURRENCY_CODE.get(cur_key, cur_key.strip("$") or "USD")


def _digits_reading(sentence: str, match: re.Match[str], atom: _Atom) -> tuple[float, str | None, int] | None:
    """(value, fraction text, end) of a figure in digits; a fraction ("3/4") only below 1 and without currency."""
    digits, start, end = match.group("digits"), match.start(), match.end()
    if digits[0] == "." and start > 0 and sentence[start - 1].isdigit():
        return None
    try:
        value = _digits_value(digits)
    except ValueError:
        return None
    frac = match.group("frac")
    if frac:
        denominator = int(_NON_DIGIT_RE.sub("", frac))
        if denominator == 0 or atom.currency or value >= denominator:
            frac = None
            end = match.end("digits")
        else:
            value = value / denominator
            atom.kind = "fraction"
    return value, frac, end


def _words_reading(sentence: str, match: re.Match[str], atom: _Atom) -> tuple[float, None, int] | None:
    """(value, None, end) of a figure in number words; None for vague amounts and compound adjectives."""
    words, start, core_end = match.group("words"), match.start(), match.end("words")
    parsed = words_to_number(words)
    if parsed is None:
        return None
    lowered = words.lower()
    if lowered in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        if sentence[max(0, start - 2) : start].lower() == "a " and lowered != "dozen":
            start -= 2  # "a million dollar house"
            atom.start = start
        else:
            return None  # "hundreds"/"a thousand" handled as vague amounts
    last = lowered.split()[-1].split("-")[-1]
    if last in MULTIPLIER_WORDS and last != "hundred":
        atom.scale = float(MULTIPLIER_WORDS[last])
    if start > 0 and sentence[start - 1] == "-" or _COMPOUND_ADJ_RE.match(sentence[core_end : core_end + 2]):
        return None  # compound adjectives: "four-door", "five-year", "two-month"
    if words[0].isupper() and len(words) > 1 and words[1].islower() and _CAPITAL_BEFORE.search(sentence[max(0, start - 30) : start]):
        return None  # "the Kick Six"
    return parsed, None, core_end


def _signed(sentence: str, start: int, sign: str, value: float) -> float | None:
    """`value` with its sign applied; None where an en dash before it is a range or a hyphen, not a minus."""
    if sign in ("-", "−", "minus-", "minus"):
        return -value
    if sign == "–":
        # an en dash glued to a digit is a minus only at a word start after a space
        if not (start == 0 or sentence[start - 1] in " (\t"):
            return None
        return -value
    return value


def _read_scale(sentence: str, atom: _Atom, end: int) -> tuple[int, int]:
    """Applies a scale word after the figure ("2.4 million", "$13.6M"); returns (reading position, figure end)."""
    pos = end
    scale_match = _SCALE_RE.match(sentence, pos)
    if not scale_match or (atom.is_word and (scale_match.group("short") or scale_match.group("spshort"))):
        return pos, end
    word = scale_match.group("word") or scale_match.group("short") or scale_match.group("spshort")
    accept = True
    if scale_match.group("short"):
        short = word
        after = sentence[scale_match.end() : scale_match.end() + 12]
        if short in "mM":
            # 37m (121ft) is metres; $13.6M, 35m of its devices, 1.2m tons are millions
            accept = bool(atom.currency) or short == "M" or bool(_MILLION_M_AFTER_RE.match(after))
        elif short in "bB":
            accept = bool(atom.currency) or (short == "B" and bool(_BILLION_B_AFTER_RE.match(after)))
        if accept and scale_match.start() != pos:
            accept = False
    if not accept:
        return pos, end
    atom.scale = _scale_value(word)
    atom.has_scale_word = True
    atom.value *= atom.scale
    return scale_match.end(), scale_match.end()


def _read_unit(sentence: str, atom: _Atom, pos: int, end: int) -> int:
    """Reads a percent sign, basis points or a unit glued to the figure ("12km"); returns the figure's end."""
    pct = _PERCENT_RE.match(sentence, pos)
    if pct:
        if pct.group("p").lower().startswith(("basis", "bps")):
            atom.unit_text = pct.group("p")
            atom.unit_start, atom.unit_end = pct.start("p"), pct.end("p")
            return end
        atom.percent = True
        atom.kind = "percent"
        atom.unit_text = "percent"
        atom.unit_start, atom.unit_end = pct.start("p"), pct.end("p")
        return pct.end()
    if pos < len(sentence) and sentence[pos] not in " \t\n\u00a0" and not atom.is_word:
        glued = _GLUED_UNIT_RE.match(sentence, pos)
        if glued:
            unit = glued.group("u")
            if _ENDS_DIGIT_RE.search(unit) and not _AREA_SUFFIX_RE.search(unit):
                atom.drop = True  # a code such as 9AB8
            atom.glued_unit = unit
            atom.unit_text = unit
            atom.unit_start, atom.unit_end = glued.span("u")
    return end


_VAGUE_RE = re.compile(
    r"\b(?P<outer>tens|hundreds|dozens|thousands|millions|billions)\s+of\s+(?:(?P<inner>thousands|millions|billions)\s+of\s+)?(?=[A-Za-z$])",
    re.IGNORECASE,
)
_FRACTION_RE = re.compile(
    r"\b(?:(?P<num>a|one|two|three|four|five|seven|nine)[\s-](?P<den>half|third|thirds|quarter|quarters|fourth|fourths|fifth|fifths|tenth|tenths|eighth|eighths)"
    r"|(?P<half>half)(?=\s+(?:of|the|a|an|its|their|his|her|our|those|these|all)\b)(?<!\bthe half)"
    r"|(?P<onum>one|two|three|\d{1,3})\s+(?:out\s+of|in)\s+(?P<oden>two|three|four|five|six|seven|eight|nine|ten|\d{1,4})(?=\s+[a-zA-Z])"
    r")\b(?!-)",
    re.IGNORECASE,
)
_FOLD_RE = re.compile(r"\b(?P<w>two|three|four|five|six|seven|eight|nine|ten|hundred|\d{1,3})-?fold\b", re.IGNORECASE)


_HALF_NOT_FRACTION_RE = re.compile(r"\b(?:first|second|the|other|and a|one)\s$")
# "more than half were children": after a bound, "half" is a share whatever follows it
_BOUNDED_HALF_RE = re.compile(r"\b(?:more|less|fewer)\s+than\s+(?P<half>half)\b|\b(?:almost|nearly|about|around|roughly|over|at\s+least|just\s+over|just\s+under|well\s+over)\s+(?P<half2>half)\b(?!-)", re.IGNORECASE)


# Characters that IGNORECASE matches to an ASCII letter although str.lower() does not give it
_CASE_FOLD_EXTRA = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_VAGUE_OUTER = ("tens", "hundreds", "dozens", "thousands", "millions", "billions")


def _lowered_for_gates(sentence: str) -> str:
    """Lower case in which every IGNORECASE match of an ASCII word appears as that word.

    Same length as `sentence`, so offsets carry over (see _NAME_WORDS_LOWER).
    """
    if not sentence.isascii():
        sentence = sentence.translate(_CASE_FOLD_EXTRA)
    return sentence.lower()


_FRACTION_DENOMINATORS = ("half", "third", "quarter", "fourth", "fifth", "tenth", "eighth")


def _fraction_matches(sentence: str, lowered: str, cores: list[int]) -> Iterator[re.Match[str]]:
    """The matches of ``_FRACTION_RE.finditer(sentence)``.

    Without a fraction word only the "one in four" branch can match, and it starts at a number
    (a core): _FRACTION_RE.match is tried there instead of at every character.
    """
    if any(word in lowered for word in _FRACTION_DENOMINATORS):
        yield from _FRACTION_RE.finditer(sentence)
        return
    yield from _matches_at(_FRACTION_RE, sentence, cores, 0)


def _extra_atoms(sentence: str, blocked: list[tuple[int, int]], taken: list[tuple[int, int]], lowered: str | None = None, cores: list[int] | None = None) -> list[Quantity]:
    found: list[Quantity] = []
    # word gates skip the scans of sentences that cannot match (most of them)
    if lowered is None:
        lowered = _lowered_for_gates(sentence)
    if cores is None:
        cores = _number_cores(sentence, lowered)
    vague = any(word in lowered for word in _VAGUE_OUTER)
    for match in _VAGUE_RE.finditer(sentence) if vague else ():
        if _overlaps(taken, match.start(), match.end()):
            continue
        outer = match.group("outer").lower()
        inner = (match.group("inner") or "").lower()
        if outer == "dozens":
            low, high = 12.0, 120.0
        else:
            low = float(VAGUE_WORDS[outer])
            if inner:
                low *= VAGUE_WORDS[inner]
            high = low * 10
        text_end = match.end() - 1
        q = Quantity(match.start(), text_end, low, high=high, printed=sentence[match.start() : text_end].strip(), kind="vague", confidence=0.4, is_word=True, has_digits=False)
        q.qualifier = "range"
        found.append(q)
    for match in _BOUNDED_HALF_RE.finditer(sentence) if "half" in lowered else ():
        group = "half" if match.group("half") else "half2"
        start, end = match.span(group)
        if not _overlaps(blocked, start, end) and not any(q.start == start for q in found):
            taken = taken + [(start, end)]
            found.append(Quantity(start, end, 0.5, printed=match.group(group), kind="fraction", confidence=0.6, is_word=True, has_digits=False))
    for match in _fraction_matches(sentence, lowered, cores):
        if _overlaps(taken, match.start(), match.end()) or _overlaps(blocked, match.start(), match.end()):
            continue
        if match.group("half"):
            before = sentence[max(0, match.start() - 12) : match.start()].lower()
            if _HALF_NOT_FRACTION_RE.search(before):
                continue
            value = 0.5
        elif match.group("den"):
            num_word = match.group("num").lower()
            num = 1 if num_word in ("a", "one") else SMALL_WORDS[num_word]
            den = FRACTION_WORDS[match.group("den").lower()]
            value = num / den
        else:
            onum, oden = match.group("onum").lower(), match.group("oden").lower()
            num = int(onum) if onum.isdigit() else SMALL_WORDS[onum]
            den = int(oden) if oden.isdigit() else SMALL_WORDS[oden]
            if den == 0 or num > den:
                continue
            value = num / den
        q = Quantity(match.start(), match.end(), value, printed=match.group(0), kind="fraction", confidence=0.6, is_word=True, has_digits=False)
        found.append(q)
    for match in _FOLD_RE.finditer(sentence) if "fold" in lowered else ():
        if _overlaps(blocked, match.start(), match.end()):
            continue
        word = match.group("w").lower()
        value = float(word) if word.isdigit() else float(FOLD_WORDS[word])
        q = Quantity(match.start(), match.end(), value, printed=match.group(0), kind="multiple", confidence=0.5, is_word=not word.isdigit(), has_digits=word.isdigit())
        q.unit_text = "times"
        found.append(q)
    return found


_NAME_WORDS_ANYCASE = re.compile(
    r"\b(?:section|sections|row|part|article|chapter|clause|paragraph|room|suite|floor|gate|route|highway|level|phase|"
    r"stage|game|games|round|episode|season|volume|vol|issue|no|nos|number|item|figure|fig|table|page|pages|pp|box|"
    r"channel|category|grade|class|model|version|series|resolution|amendment|protocol|block|sector|zone|lot|plot|"
    r"annex|appendix|platform|pier|terminal|exit|ward|district|division|formula|index|top|covid|s\s?p|s&p|sp|p|"
    r"aged|ages|age)\.?\s*(?:no\.?\s*)?$",
    re.IGNORECASE,
)
# For a pattern of ASCII characters with lower-case letters, IGNORECASE matching of a text is
# case-sensitive matching of _lowered_for_gates(text) (same length, same \w, \d and \s, and a
# character folds to an ASCII letter exactly when IGNORECASE matches it to that letter; checked
# over all code points). The case-sensitive search is several times faster: sre skips a branch
# on its first letter.
_NAME_WORDS_LOWER = re.compile(_NAME_WORDS_ANYCASE.pattern)
_CAPITAL_STOP = {
    "In", "The", "About", "Over", "Since", "Of", "And", "To", "At", "By", "With", "Only", "Just", "Some", "Nearly",
    "Almost", "More", "Around", "All", "Between", "From", "Until", "During", "After", "Before", "For", "On", "Up",
    "Under", "Total", "Approximately", "Roughly", "Another", "Another", "Than", "Less", "Fewer", "Least", "Those",
    "These", "Its", "Their", "His", "Her", "Our", "My", "Your", "Some", "Nearly", "Of", "Only", "A", "An", "Around",
    "Additionally", "Also", "Then", "Now", "Today", "Yesterday", "While", "When", "Where", "That", "This", "Which",
    "Overall", "Altogether", "Of", "Among", "Including", "Exactly", "Over", "Above", "Below", "Within", "Just",
}  # fmt: skip


_UP_TO_3_DIGITS_RE = re.compile(r"\d{1,3}")
_COUNT_WORD_AFTER_RE = re.compile(r"^\s?(?:people|persons|%)")
_ACRONYM_BEFORE_RE = re.compile(r"(?:^|[\s(])(?=[A-Z&]*[A-Z][A-Z&]*\s$)[A-Z&]{2,6}\s$")
_NAME_END_AFTER_RE = re.compile(r"^(?:[.,;:!?)]|\s*$|\s+[A-Z]|[-–]\d|\s+[+\-−]\d|\s+(?:and|or)\s+\d)")
_OPEN_PAREN_END_RE = re.compile(r"\($")
_CLOSE_PAREN_START_RE = re.compile(r"^\)")
_POSSESSIVE_BEFORE_RE = re.compile(r"\w['’]s\s$")
_LIST_PUNCT_AFTER_RE = re.compile(r"^[,;.]")
_GLUED_CODE_BEFORE_RE = re.compile(r"(?:^|[^\w])(?=[A-Za-z]*[A-Z])[A-Za-z]{1,8}[-‑]\s?$")
_HYPHEN_PREFIX_WORD_RE = re.compile(r"\b(?:minus|plus|sub|over|under|about|top|than|to|the|a|an|of|and|or|by|mid|late|early|post|pre|anti|non|some|now)-$", re.IGNORECASE)
_ERA_BEFORE_RE = re.compile(r"\b(?:A\.D\.|AD|B\.C\.|BC)\s$")
_WORD_SUFFIX_RE = re.compile(r"[a-z]{2,}|s")


def _last_tokens_start(text: str, count: int) -> int:
    """Where the last `count` whitespace-separated tokens of `text` begin (0 if it has no more)."""
    parts = text.rsplit(None, count)
    return len(parts[0]) if len(parts) > count else 0


def _name_word_anycase(before: str, tail: int) -> bool:
    """``_NAME_WORDS_ANYCASE.search(before, tail)``, faster."""
    return _NAME_WORDS_LOWER.search(_lowered_for_gates(before), tail) is not None


def _is_false_number(sentence: str, atom: _Atom, atoms_text_after: str) -> bool:
    start, end = atom.start, atom.end
    before = sentence[max(0, start - 40) : start]
    after = sentence[end : end + 40]
    raw = sentence[start:end]
    plain = not (atom.currency or atom.percent or atom.has_scale_word or atom.is_word)
    # The patterns on `before` end in $ and span at most three tokens ("Hang Seng No. "): searching
    # from the third-last token finds the same matches without trying every character.
    tail = _last_tokens_start(before, 3)
    # ages: "Ogtay Alishov, 59, lost"
    if plain and _UP_TO_3_DIGITS_RE.fullmatch(raw):
        if _AGE_BEFORE.search(before, tail) and _AGE_AFTER.match(after):
            return True
    if atom.is_word or not plain:
        return False
    known_unit = bool(atom.unit_id) and atom.unit_id not in ("seconds",) or bool(_COUNT_WORD_AFTER_RE.match(after))
    # section numbers and names: "Section 427", "S&P 500", "Apple Watch 5", "category 4"
    if not known_unit:  # a figure with a known unit is a count, whatever name precedes it
        if _NAME_WORDS_BEFORE.search(before, tail) or _name_word_anycase(before, tail):
            return True
        if _ACRONYM_BEFORE_RE.search(before, tail):
            return True  # HIV 2, ASX 200, FTSE 100
        capital = _CAPITAL_BEFORE.search(before, tail)
        if capital and capital.group("w") not in _CAPITAL_STOP:
            if _NAME_END_AFTER_RE.match(after):
                return True  # "Automotive 15.", "Galaxy Note 20 Ultra", "beat Charlton 2-1"
    if _OPEN_PAREN_END_RE.search(before, tail) and _CLOSE_PAREN_START_RE.match(after):
        return True  # "Dak Prescott (4)"
    if _POSSESSIVE_BEFORE_RE.search(before, tail) and _LIST_PUNCT_AFTER_RE.match(after):
        return True  # "the old hybrid's 212,"
    if _GLUED_CODE_BEFORE_RE.search(before, tail) and not _HYPHEN_PREFIX_WORD_RE.search(before, tail):
        return True  # glued codes: TA-35, COVID-19, G-20
    if _STREET_AFTER.match(after) or _NAME_AFTER.match(after):
        return True
    if _ERA_BEFORE_RE.search(before, tail):
        return True
    if atom.glued_unit and not atom.unit_id and _WORD_SUFFIX_RE.fullmatch(atom.glued_unit):
        return True  # "49ers", "Model 3s"
    return False


_PLURAL_SUFFIX_RE = re.compile(r"s|['’]s")


def _is_year(sentence: str, atom: _Atom) -> bool:
    raw = sentence[atom.start : atom.end]
    if atom.currency or atom.percent or atom.has_scale_word or atom.is_word or atom.unit_id:
        return False
    if not _YEAR_ONLY_RE.match(raw):
        return False
    if atom.glued_unit and not _PLURAL_SUFFIX_RE.fullmatch(atom.glued_unit):
        return False
    after = sentence[atom.end : atom.end + 30]
    if _COUNT_NOUN_AFTER_RE.match(after):
        return False
    return True


_COUNT_NOUN_AFTER_RE = re.compile(
    r"^\s(?:people|persons|units|times|points|customers|employees|workers|jobs|users|homes|members|students|hires|"
    r"staff|calories|dollars|euros|yuan|yen|parts per|deaths|cases|victims|soldiers|troops|hectares|acres|"
    r"families|children|refugees|houses|companies|firms|votes)\b",
    re.IGNORECASE,
)


_RANGE_SEP_RE = re.compile(r"^(?P<sep>\s?[-–—]\s?|\s+to\s*-?\s*|\s?[-–]\s?to\s?[-–]?\s?|\s+through\s+|\s+and\s+|/)$", re.IGNORECASE)


def _merge_ranges(sentence: str, qs: list[Quantity]) -> list[Quantity]:
    """Join 'X-Y', 'X to Y', 'between X and Y', 'from X to Y' into one range quantity."""
    merged: list[Quantity] = []
    i = 0
    single = ("vague", "fraction", "multiple")
    while i < len(qs):
        q = qs[i]
        if i + 1 < len(qs) and q.high is None and qs[i + 1].high is None and q.kind not in single and qs[i + 1].kind not in single:
            nxt = qs[i + 1]
            r = _try_range(sentence, q, nxt)
            if r is not None:
                merged.append(r)
                i += 2
                continue
        merged.append(q)
        i += 1
    return merged


_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\s$")
_RANGE_WORD_BEFORE_RE = re.compile(r"\b(?:from|range|ranging|ranges|between)\s$")


def _try_range(sentence: str, q: Quantity, nxt: Quantity) -> Quantity | None:
    gap = sentence[q.end : nxt.span_start]
    before = sentence[max(0, q.span_start - 14) : q.span_start].lower()
    has_between = bool(_BETWEEN_BEFORE_RE.search(before))
    has_from = bool(_RANGE_WORD_BEFORE_RE.search(before))
    sep = _RANGE_SEP_RE.match(gap)
    if not sep and q.unit_end and not q.percent and q.unit_end <= nxt.span_start:
        sep = _RANGE_SEP_RE.match(sentence[q.unit_end : nxt.span_start])
    loose = False
    if not sep and len(gap) < 80:
        same_unit = _SAME_UNIT_GAP_RE.match(gap)
        if same_unit and sentence[nxt.end : nxt.end + len(same_unit.group("u")) + 1].strip() == same_unit.group("u"):
            sep = same_unit  # "1.3 A/cm2 to 0.03 A/cm2"
        elif has_from:
            sep = _FROM_GAP_RE.match(gap)  # "from 21 mpg combined to 23", "from $75 U.S. per barrel to $45.88"
            loose = sep is not None
    if not sep:
        return None
    sep_text = sep.group("sep").strip().lower()
    if sep_text == "and":
        if not has_between:
            return None
    elif sep_text == "/":
        if not (q.currency and nxt.currency):
            return None
    elif sep_text not in ("-", "–", "—"):  # to, through
        if q.change and not has_from and (q.unit_id or q.currency):
            return None  # "rose 64.06 points to 4,577.10"
    if q.percent and not nxt.percent:
        return None
    if nxt.percent and not q.percent and q.unit_id:
        return None
    if q.unit_id and nxt.unit_id and q.unit_id != nxt.unit_id and not (q.currency or nxt.currency):
        return None
    if q.currency and nxt.unit_id and not nxt.currency and nxt.unit_id != q.unit_id and not has_from:
        return None
    if q.value < 0 and nxt.value < 0 and sep_text in ("-", "–"):
        return None
    if q.value == nxt.value and sep_text in ("-", "–"):
        return None  # scores such as 2-2
    if sep_text in ("-", "–", "—") and gap[:1].isspace() and gap[-1:].isspace() and nxt.value * (nxt.scale if q.scale == 1 else 1) < q.value:
        return None  # "4,540 – 3,964 of them": a spaced dash before a smaller figure is punctuation, not a range
    if loose and (q.percent != nxt.percent):
        return None
    if sep_text == "to" and not has_from and q.currency and not nxt.currency and nxt.value < q.value:
        return None  # "delivered £167 million to 316 claimants": money, then a smaller count: two figures, no range
    low_val, high_val = q.value, nxt.value
    # "four to five thousand", "$10 to $15 billion": the scale of the second applies to both
    if nxt.scale > 1 and q.scale == 1 and q.value * nxt.scale <= nxt.value * 1.0000001 and not q.percent:
        low_val = q.value * nxt.scale
    r = Quantity(
        q.start, nxt.end, low_val, high=high_val, printed=_range_printed(q, nxt),
        qualifier=q.qualifier if q.qualifier != "exact" else "range",
        qualifier_start=q.qualifier_start, change=q.change or nxt.change,
        unit_text=nxt.unit_text or q.unit_text, unit_id=nxt.unit_id or q.unit_id,
        after_text=nxt.after_text,
        unit_start=nxt.unit_start if nxt.unit_text else q.unit_start,
        unit_end=nxt.unit_end if nxt.unit_text else q.unit_end,
        percent=q.percent or nxt.percent, currency=q.currency or nxt.currency,
        kind=nxt.kind if nxt.kind != "number" else q.kind,
        confidence=min(q.confidence, nxt.confidence), scale=nxt.scale,
        is_word=q.is_word and nxt.is_word, has_digits=q.has_digits or nxt.has_digits,
    )  # fmt: skip
    if has_between and r.qualifier_start is None:
        r.qualifier_start = sentence.rfind("between", 0, q.start)
    return r


_SAME_UNIT_GAP_RE = re.compile(r"^\s(?P<u>[A-Za-zµμ°][\w/²³]{0,8})\s+(?P<sep>to)\s+$")
_FROM_GAP_RE = re.compile(r"^(?:[\s,]+[^\s,;]+){0,7}?\s+(?P<sep>(?:up\s+)?to)\s+$")


def _range_printed(a: Quantity, b: Quantity) -> str:
    return f"{_bare(a.printed)}-{_bare(b.printed)}"


_PERCENT_TAIL_RE = re.compile(r"\s?(?:%|percent|per\s?cent|pc|pct)$", re.IGNORECASE)


def _bare(printed: str) -> str:
    text = printed.strip()
    text = _PERCENT_TAIL_RE.sub("", text)
    return text


def find_quantities(sentence: str, units: UnitMatcher | None = None, max_figures: int = 200, qualifiers: PhraseTable = DEFAULT_PHRASES) -> list[Quantity]:
    """All figures in one sentence, left to right (at most `max_figures`: a bound on work).

    `qualifiers` is the phrase table read before each figure (the rules' aliases included)."""
    if not _maybe_number(sentence):
        return []
    matcher = units or general_matcher()
    blocked, _dates = mask_spans(sentence)
    lowered = _lowered_for_gates(sentence)
    cores = _number_cores(sentence, lowered)
    extras = _extra_atoms(sentence, blocked, [], lowered, cores)
    atoms = _read_atoms(sentence, blocked + [(q.start, q.end) for q in extras], cores)[:max_figures]
    for atom in atoms:
        if not atom.unit_text and not atom.drop:
            hit = matcher.at(sentence, atom.end)
            if hit:
                atom.unit_id = hit[0]
                atom.unit_text = sentence[hit[1] : hit[2]]
                atom.unit_start, atom.unit_end = hit[1], hit[2]
        elif atom.unit_text and not atom.percent:
            hit = matcher.at(sentence, atom.unit_start or atom.end)
            if hit and hit[2] >= (atom.unit_end or 0):
                atom.unit_id = hit[0]
                atom.unit_text = sentence[hit[1] : hit[2]]
                atom.unit_start, atom.unit_end = hit[1], hit[2]
    result: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for index, atom in enumerate(atoms):
        if atom.drop:
            continue
        if _is_year(sentence, atom) and not _year_in_quantity_range(sentence, atoms, index, qualifiers):
            continue
        if _is_false_number(sentence, atom, ""):
            continue
        if atom.is_word and sentence[atom.start : atom.end].lower() == "one" and _one_is_pronoun(sentence, atom.start, atom.end):
            continue
        q = Quantity(atom.start, atom.end, atom.value, printed=_printed(sentence, atom), percent=atom.percent, currency=atom.currency, kind=atom.kind, scale=atom.scale, is_word=atom.is_word, has_digits=not atom.is_word)
        q.unit_text, q.unit_start, q.unit_end = atom.unit_text, atom.unit_start, atom.unit_end
        q.unit_id = "percent" if atom.percent else atom.unit_id
        if atom.currency and not q.unit_id:
            q.unit_id = atom.currency.lower()
        if atom.sign in ("+", "plus", "plus-"):
            q.change = "up"
        elif atom.sign in ("-", "−", "–") and atom.kind == "percent":
            q.change = "down"
        after = _AFTER_WORDS_RE.match(sentence, q.unit_end or atom.end)
        q.after_text = after.group(0).strip() if after else ""
        q.confidence = _base_confidence(q)
        result.append(q)
        taken.append((atom.start, atom.end))
    # qualifiers and changes before each figure
    for q in result:
        prefix_start = q.start
        qual = qualifier_before(sentence, prefix_start, qualifiers)
        if qual is not None:
            q.qualifier, q.qualifier_start = qual
            prefix_start = q.qualifier_start
        else:
            post = qualifier_after(sentence, q.unit_end or q.end)
            if post is not None:
                q.qualifier = post
        chg = change_before(sentence, prefix_start)
        if chg is not None and q.change is None:
            if not (q.qualifier in _APPROX and change_adverb(sentence, prefix_start)):
                q.change = chg  # "rose about 2%" is a change; "was up about 19%" an approximation
    for q in extras:
        qual = qualifier_before(sentence, q.start, qualifiers)
        if qual is not None:
            q.qualifier, q.qualifier_start = qual
        after = _AFTER_WORDS_RE.match(sentence, q.end)
        q.after_text = after.group(0).strip() if after else ""
        result.append(q)
    result.sort(key=lambda x: x.start)
    result = _merge_ranges(sentence, result)
    _inherit(sentence, result)
    return result


_MAYBE_NUMBER_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"billion|trillion|dozens?|half|third|thirds|quarter|fourth|tens|hundreds|thousands|millions|billions)\b",
    re.IGNORECASE,
)
_MAYBE_NUMBER_LOWER_RE = re.compile(_MAYBE_NUMBER_RE.pattern)  # for _lowered_for_gates text, see _NAME_WORDS_LOWER
_AFTER_WORDS_RE = re.compile(r"(?:[\s\u00a0]*[^\s.;:!?]+){0,6}")


def _maybe_number(sentence: str) -> bool:
    """``_MAYBE_NUMBER_RE.search(sentence)``, faster: a digit is the quick yes."""
    return _DIGIT_RE.search(sentence) is not None or _MAYBE_NUMBER_LOWER_RE.search(_lowered_for_gates(sentence)) is not None


_YEAR_RANGE_GAP_RE = re.compile(r"\s?[-–]\s?|\s+to\s+|\s+and\s+")
_RANGE_AFTER_RE = re.compile(r"^\s?(?:[-–,]|and\b|to\b)")
_DATE_PREPOSITION_BEFORE_RE = re.compile(r"\b(?:since|in|from|until|by|of|before|after)\s+\S+\s$", re.IGNORECASE)


def _year_in_quantity_range(sentence: str, atoms: list[_Atom], index: int, qualifiers: PhraseTable = DEFAULT_PHRASES) -> bool:
    """A year-like number that is a quantity after all: '2000 - 2500 Calories', 'from 1000 to 2000
    hires', 'about 2000'."""
    atom = atoms[index]
    for other, gap in (
        (atoms[index + 1] if index + 1 < len(atoms) else None, sentence[atom.end : atoms[index + 1].start] if index + 1 < len(atoms) else ""),
        (atoms[index - 1] if index > 0 else None, sentence[atoms[index - 1].end : atom.start] if index > 0 else ""),
    ):
        if other is None or not _YEAR_RANGE_GAP_RE.fullmatch(gap):
            continue
        if other.currency or other.has_scale_word or other.percent:
            continue
        if not _YEAR_ONLY_RE.match(sentence[other.start : other.end]) and 1000 <= abs(other.value) < 10000:
            return True
    before = sentence[max(0, atom.start - 30) : atom.start]
    qual = qualifier_before(sentence, atom.start, qualifiers)
    if qual is not None and qual[0] != "exact":
        after = sentence[atom.end : atom.end + 6]
        if not _RANGE_AFTER_RE.match(after) and not _DATE_PREPOSITION_BEFORE_RE.search(before):
            return True
    return False


_PRONOUN_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|this|that|which|each|every|any|no|another|same|only|little|big|new|old|right|wrong|last|first|next|other|someone|everyone|such)\s$")
_PRONOUN_AFTER_RE = re.compile(r"^(?:'s|’s|\s+another|\s+by\s+one|\s+or\s+(?:two|another|more|the\s+other)|\s+\$?\d)")
_PRONOUN_VERB_AFTER_RE = re.compile(r"^\s+(?:who|which|that|is|was|can|could|would|should|might|must|does|did|has|had)\b")
_PUNCT_AFTER_RE = re.compile(r"^\s*[.,;:!?)]")


def _one_is_pronoun(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 16) : start].lower()
    after = sentence[end : end + 12].lower()
    if _PRONOUN_DETERMINER_BEFORE_RE.search(before):
        return True
    if _PRONOUN_AFTER_RE.match(after):
        return True
    if _PRONOUN_VERB_AFTER_RE.match(after):
        return True
    if _PUNCT_AFTER_RE.match(after) or not after.strip():
        return True
    return False


_SIGN_PREFIX_RE = re.compile(r"^[+\-−–]|^minus[-\s]|^plus[-\s]", re.IGNORECASE)
_SIGN_FIRST = frozenset("+-−–mMpP")


def _printed(sentence: str, atom: _Atom) -> str:
    text = sentence[atom.start : atom.end]
    if text[:1] in _SIGN_FIRST:  # the pattern is anchored at a sign or minus/plus
        text = _SIGN_PREFIX_RE.sub(lambda m: "-" if m.group(0)[0] in "-−–m" else "", text)
    return " ".join(text.split())


def _base_confidence(q: Quantity) -> float:
    if q.is_word:
        return 0.6
    if q.currency or q.percent or q.scale > 1:
        return 0.95
    return 0.85


_CONVERSION_GAP_RE = re.compile(r"\s?[(\[]\s?|\s?/\s?|\s?\(\s?or\s+")
_BRACKET_GAP_RE = re.compile(r"[^()]{0,25}\(\s?")
_OR_GAP_RE = re.compile(r",?\s+(?:[a-z]+\s+)?or\s+")
_NAMED_BY_GAP_RE = re.compile(r",?\s*(?:and\s+)?[A-Z][\w&.\s]{0,30}\s+by\s+")


def _inherit(sentence: str, qs: list[Quantity]) -> None:
    """Conversions in brackets and ', or X' share the figure's qualifier and change:
    'almost 6,000 hectares (14,800 acres)', 'lost 190 points, or 0.6%'."""
    for prev, q in zip(qs, qs[1:]):
        gap = sentence[max(prev.end, prev.unit_end or prev.end) if (prev.unit_end or 0) <= q.start else prev.end : q.span_start]
        if _CONVERSION_GAP_RE.fullmatch(gap) or _BRACKET_GAP_RE.fullmatch(gap) and "(" in gap:
            if q.qualifier in ("exact",) and prev.qualifier not in ("exact", "range"):
                q.qualifier = prev.qualifier
                q.qualifier_start = None
            if q.change is None:
                q.change = prev.change
        elif _OR_GAP_RE.fullmatch(gap):
            if q.change is None and prev.change is not None:
                q.change = prev.change
        elif _NAMED_BY_GAP_RE.fullmatch(gap) and q.change is None and prev.change:
            q.change = prev.change
