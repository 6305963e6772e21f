"""Unit words after a figure: the general unit table plus the unit aliases declared in the rules.

:class:`UnitMatcher` answers two questions in linear time: which unit is written right after
position ``pos`` ("6,000 hectares", "11,667 km²", "50mph"), and which one appears within the
next few words ("4,329 hospital beds" -> beds). Rules aliases win over the general table.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.vocabulary import POPULATION_NOUNS, UNITS, YEAR_WORDS

# general units: id -> aliases (matched case-insensitively unless listed in CASE_SENSITIVE): the one
# unit table of checker/vocabulary.py, plus the words that only hint at a unit ("388 children")
GENERAL_UNITS: dict[str, tuple[str, ...]] = {unit_id: tuple(spec["aliases"]) for unit_id, spec in UNITS.items()}
GENERAL_UNITS["people"] += tuple(n for n in POPULATION_NOUNS if n not in GENERAL_UNITS["people"])
GENERAL_UNITS["years"] += YEAR_WORDS
CASE_SENSITIVE = {"m", "g", "t", "h", "s", "l", "p", "w", "ps", "mi", "pp", "bp", "kt", "in.", "ha"}


def _normalize_alias(alias: str) -> str:
    return " ".join(str(alias).strip().split())


class UnitMatcher:
    """Longest-alias lookup of unit words; rules aliases first, then the general table."""

    def __init__(self, rules: object | None = None, *, general: bool = True) -> None:
        self.alias_to_id: dict[str, str] = {}
        self.case_sensitive: dict[str, str] = {}
        units = getattr(rules, "units", None) or {}
        for unit_id, unit in units.items():
            for alias in (unit_id, getattr(unit, "label", "") or "", *getattr(unit, "aliases", ())):
                self._add(str(alias), unit_id, rules_unit=True)
        if general:
            for unit_id, aliases in GENERAL_UNITS.items():
                for alias in aliases:
                    self._add(alias, unit_id, rules_unit=False)
        words = sorted(self.alias_to_id, key=len, reverse=True)
        symbols = sorted(self.case_sensitive, key=len, reverse=True)
        word_alt = "|".join(re.escape(w) for w in words) or r"(?!x)x"
        sym_alt = "|".join(re.escape(s) for s in symbols) or r"(?!x)x"
        tail = r"(?![\w²³])"
        self._word_re = re.compile(r"[\s\u00a0]?(?:-\s?)?(?P<u>" + word_alt + ")" + tail, re.IGNORECASE)
        # The aliases are lower case, so on ASCII text IGNORECASE is plain lower-casing, and a
        # case-sensitive match of the lower-cased text is several times faster.
        self._word_lower_re = re.compile(self._word_re.pattern)
        self._lowered: tuple[str, str] = ("", "")  # the last text and its lower case
        self._sym_re = re.compile(r"[\s\u00a0]?(?P<u>" + sym_alt + ")" + tail)
        self._token_re = re.compile(r"[\s\u00a0]+(?P<w>[A-Za-z][\w'’\-]*)")

    def _add(self, alias: str, unit_id: str, *, rules_unit: bool) -> None:
        alias = _normalize_alias(alias)
        if not alias:
            return
        if alias in CASE_SENSITIVE or (len(alias) <= 2 and alias.isalpha() and not rules_unit):
            if rules_unit or alias not in self.case_sensitive:
                self.case_sensitive[alias] = unit_id
            return
        key = alias.lower()
        if rules_unit or key not in self.alias_to_id:
            self.alias_to_id[key] = unit_id

    def at(self, text: str, pos: int) -> tuple[str, int, int] | None:
        """The unit written right after `pos` (an optional space between): (unit id, start, end)."""
        best: tuple[str, int, int] | None = None
        if text.isascii():
            last_text, lowered = self._lowered
            if last_text is not text:
                lowered = text.lower()
                self._lowered = (text, lowered)
            match = self._word_lower_re.match(lowered, pos)
        else:
            match = self._word_re.match(text, pos)
        if match:
            best = (self.alias_to_id[match.group("u").lower()], match.start("u"), match.end("u"))
        match = self._sym_re.match(text, pos)
        if match and (best is None or match.end("u") > best[2]):
            best = (self.case_sensitive[match.group("u")], match.start("u"), match.end("u"))
        return best

    def near(self, text: str, pos: int, max_words: int = 3) -> tuple[str, int, int] | None:
        """The first unit within the next `max_words` words ("4,329 hospital beds")."""
        hit = self.at(text, pos)
        if hit:
            return hit
        cursor = pos
        for _ in range(max_words):
            token = self._token_re.match(text, cursor)
            if not token:
                return None
            cursor = token.end()
            hit = self.at(text, cursor)
            if hit and hit[0] not in ("m", "g", "t", "h", "s", "l", "p", "w"):
                return hit
        return None


@lru_cache(maxsize=1)
def general_matcher() -> UnitMatcher:
    return UnitMatcher(None)
