"""Unit words after a figure: a general table plus the unit aliases declared in the rules.

:class:`UnitMatcher` answers two questions in linear time: which unit is written right after
position ``pos`` ("6,000 hectares", "11,667 km²", "50mph"), and which one appears within the
next few words ("4,329 anti-tank mines" -> mines). Rules aliases win over the general table.
"""

from __future__ import annotations

import re
from functools import lru_cache

# general units: id -> aliases (matched case-insensitively unless listed in CASE_SENSITIVE)
GENERAL_UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("%", "percent", "per cent", "pc", "pct"),
    "percentage_points": ("percentage points", "percentage point", "pp", "ppt", "ppts"),
    "basis_points": ("basis points", "basis point", "bps", "bp"),
    "people": ("people", "persons", "person", "individuals", "civilians", "citizens", "residents", "victims",
               "inhabitants", "adults", "children", "men", "women", "patients", "workers", "employees", "staff"),
    "km2": ("km²", "km2", "sq km", "sq. km", "square kilometres", "square kilometers", "square kilometre", "square kilometer"),
    "m2": ("m²", "m2", "sq m", "sqm", "square metres", "square meters"),
    "mi2": ("square miles", "square mile", "sq mi"),
    "ft2": ("sq ft", "square feet", "square foot"),
    "hectare": ("hectares", "hectare", "ha"),
    "acre": ("acres", "acre"),
    "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
    "m": ("m", "metres", "meters", "metre", "meter"),
    "cm": ("cm", "centimetres", "centimeters"),
    "mm": ("mm", "millimetres", "millimeters", "millimeter", "millimetre"),
    "mile": ("miles", "mile", "mi"),
    "ft": ("feet", "foot", "ft"),
    "inch": ("inches", "inch", "in.", "″"),
    "yard": ("yards", "yard", "yd"),
    "kg": ("kg", "kilograms", "kilogrammes", "kilogram", "kilos"),
    "g": ("g", "grams", "gram", "grammes"),
    "mg": ("mg", "milligrams", "milligram"),
    "tonne": ("tonnes", "tonne", "tons", "ton", "t", "metric tons", "metric tonnes"),
    "lb": ("lb", "lbs", "pounds of"),
    "oz": ("oz", "ounces", "ounce"),
    "l": ("litres", "liters", "litre", "liter", "l", "ml", "millilitres", "milliliters", "gallons", "gallon", "barrels", "barrel"),
    "years": ("years", "year", "yrs", "yr", "-year", "decades", "decade"),
    "months": ("months", "month"),
    "weeks": ("weeks", "week"),
    "days": ("days", "day"),
    "hours": ("hours", "hour", "hrs", "hr", "h"),
    "minutes": ("minutes", "minute", "mins", "min"),
    "seconds": ("seconds", "second", "secs", "sec", "s"),
    "usd": ("dollars", "dollar", "us dollars", "usd"),
    "eur": ("euros", "euro", "eur"),
    "gbp": ("pounds sterling", "sterling", "gbp"),
    "jpy": ("yen", "jpy"),
    "cny": ("yuan", "renminbi", "cny", "rmb"),
    "currency": ("shekels", "rupees", "roubles", "rubles", "manat", "lira", "francs", "crowns", "kronor", "krone",
                 "rand", "ringgit", "won", "pesos", "reais", "dirhams", "riyals", "naira", "cents", "cent", "sen", "pence", "p"),
    "speed": ("mph", "km/h", "kph", "km/hr", "knots", "kt", "m/s", "miles per hour", "kilometres per hour", "kilometers per hour"),
    "power": ("kw", "mw", "gw", "w", "watts", "kilowatts", "megawatts", "gigawatts", "hp", "bhp", "horsepower", "ps"),
    "energy": ("kwh", "mwh", "gwh", "twh", "joules", "calories", "kcal", "mah"),
    "data": ("gb", "mb", "tb", "kb", "gbps", "mbps", "kbps", "bytes", "megabytes", "gigabytes", "terabytes"),
    "frequency": ("hz", "khz", "mhz", "ghz", "rpm"),
    "temperature": ("degrees celsius", "degrees fahrenheit", "degrees", "degree", "°c", "°f", "celsius", "fahrenheit", "°"),
    "times": ("times", "fold"),
    "points": ("points", "point", "pts"),
}  # fmt: skip
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
        """The first unit within the next `max_words` words ("4,329 anti-tank mines")."""
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
