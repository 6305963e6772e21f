"""The words figures are written with, defined once for the whole of checker.

The claims loader reads "464 million" with :data:`SCALE_WORDS`; the rules' built-in qualifiers
take their aliases from :data:`QUALIFIER_PHRASES`, and the extractor finds "more than" before a
figure with the same table (plus the aliases a rules file adds); the rules' built-in units and
the extractor's unit words are :data:`UNITS`. Nothing here knows about any topic: these are
general English words for amounts, bounds and units.
"""

from __future__ import annotations

from typing import Any

# scale word -> factor; a claim's value and an article's figure read them alike ("1.2bn")
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "trillions": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip

# Qualifier ids of the claims format that are spellings of another id's bounds.
QUALIFIER_SYNONYMS: dict[str, str] = {
    "around": "about",
    "some": "about",
    "over": "more_than",
    "almost": "nearly",
    "fewer_than": "less_than",
    "under": "less_than",
    "at_most": "up_to",
}

# phrase written before a figure -> qualifier id (an id of the claims format or a synonym above).
# Verbs that bound a figure belong here too: "the toll surpassed 2,400" is more than 2,400.
QUALIFIER_PHRASES: dict[str, str] = {
    "more than": "more_than", "slightly more than": "more_than", "far more than": "more_than",
    "much more than": "more_than", "well over": "over", "just over": "over", "a little over": "over",
    "slightly over": "over", "over": "over", "above": "more_than", "greater than": "more_than",
    "higher than": "more_than", "in excess of": "more_than", "upwards of": "more_than",
    "exceeding": "more_than", "north of": "more_than", "over than": "more_than",
    "surpass": "more_than", "surpassed": "more_than", "surpasses": "more_than", "surpassing": "more_than",
    "exceed": "more_than", "exceeded": "more_than", "exceeds": "more_than",
    "topped": "more_than", "topping": "more_than", "tops": "more_than",
    "crossed": "more_than", "crossing": "more_than", "crosses": "more_than",
    "passed": "more_than", "passing": "more_than", "passes": "more_than",
    "climbed above": "more_than", "climbed past": "more_than", "climbing above": "more_than", "climbing past": "more_than",
    "climbs above": "more_than", "climbs past": "more_than", "rises above": "more_than", "rises past": "more_than",
    "rose above": "more_than", "rose past": "more_than", "rising above": "more_than", "risen above": "more_than",
    "soared past": "more_than", "soared above": "more_than", "soaring past": "more_than", "soaring above": "more_than",
    "soars past": "more_than", "soars above": "more_than", "jumps past": "more_than", "jumps above": "more_than",
    "jumped past": "more_than", "jumped above": "more_than", "went past": "more_than", "gone past": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "not less than": "at_least", "not fewer than": "at_least",
    "nearly": "nearly", "almost": "almost", "close to": "nearly", "just shy of": "nearly",
    "approach": "nearly", "approached": "nearly", "approaches": "nearly", "approaching": "nearly",
    "near": "nearly", "neared": "nearly", "nears": "nearly", "nearing": "nearly",
    "about": "about", "around": "around", "some": "some", "roughly": "approximately",
    "approximately": "approximately", "approx.": "approximately", "approx": "approximately",
    "circa": "approximately", "c.": "approximately", "an estimated": "about", "estimated": "about",
    "averaged": "about", "averaging": "about", "averages": "about", "~": "about", "≈": "about", "≃": "about",
    "up to": "up_to", "as much as": "up_to", "a maximum of": "up_to", "at most": "at_most",
    "no more than": "at_most", "not more than": "at_most", "did not exceed": "at_most",
    "does not exceed": "at_most", "do not exceed": "at_most", "not exceeding": "at_most", "not to exceed": "at_most",
    "as many as": "up_to",
    "less than": "less_than", "fewer than": "fewer_than", "lower than": "less_than",
    "under": "under", "just under": "under", "below": "less_than", "sub-": "under",
    "only": "exact", "just": "exact", "a total of": "exact", "total of": "exact", "exactly": "exact",
    "precisely": "exact", "a mere": "exact", "barely": "exact", "a record": "exact", "a further": "exact",
    "another": "exact", "an additional": "exact", "a whopping": "exact",
}  # fmt: skip

# Qualifier spellings a claim may use that are not phrases before a figure in prose.
QUALIFIER_SYMBOLS: dict[str, str] = {
    "=": "exact", "total": "exact", ">": "more_than", ">=": "at_least", "<": "less_than", "<=": "up_to", "between": "range",
}


def qualifier_aliases(qualifier_id: str) -> list[str]:
    """Every phrase and symbol of the tables above that means `qualifier_id` (synonyms folded in)."""
    found = [p for p, q in {**QUALIFIER_PHRASES, **QUALIFIER_SYMBOLS}.items() if QUALIFIER_SYNONYMS.get(q, q) == qualifier_id]
    return sorted(set(found) - {qualifier_id})


# Units: id -> label, aliases and (optionally) a conversion. `builtin` units are declared to every
# rule set (claims may name them); the others are words the extractor recognises after a figure.
UNITS: dict[str, dict[str, Any]] = {
    "count": {"label": "count", "aliases": ("items", "number", "objects"), "builtin": True},
    "people": {"label": "people", "aliases": ("people", "persons", "person", "individuals", "citizens", "residents", "inhabitants"), "builtin": True},
    "percent": {"label": "percent", "aliases": ("%", "percent", "per cent", "percentage", "pct", "pc"), "builtin": True},
    "years": {"label": "years", "aliases": ("years", "year", "yrs", "yr"), "builtin": True},
    "days": {"label": "days", "aliases": ("days", "day"), "builtin": True},
    "usd": {"label": "US dollars", "aliases": ("$", "dollars", "dollar", "us dollars", "us$", "usd"), "builtin": True},
    "km2": {"label": "square kilometres", "aliases": ("km²", "km2", "km^2", "sq km", "sq. km", "square kilometres", "square kilometers", "square kilometre", "square kilometer"), "builtin": True},
    "hectare": {"label": "hectares", "aliases": ("hectares", "hectare", "ha"), "convert": {"to": "km2", "factor": 0.01}, "builtin": True},
    "acre": {"label": "acres", "aliases": ("acres", "acre"), "convert": {"to": "km2", "factor": 0.0040468564224}, "builtin": True},
    "percentage_points": {"label": "percentage points", "aliases": ("percentage points", "percentage point", "pp", "ppt", "ppts")},
    "basis_points": {"label": "basis points", "aliases": ("basis points", "basis point", "bps", "bp")},
    "m2": {"label": "square metres", "aliases": ("m²", "m2", "sq m", "sqm", "square metres", "square meters")},
    "mi2": {"label": "square miles", "aliases": ("square miles", "square mile", "sq mi")},
    "ft2": {"label": "square feet", "aliases": ("sq ft", "square feet", "square foot")},
    "km": {"label": "kilometres", "aliases": ("km", "kilometres", "kilometers", "kilometre", "kilometer")},
    "m": {"label": "metres", "aliases": ("m", "metres", "meters", "metre", "meter")},
    "cm": {"label": "centimetres", "aliases": ("cm", "centimetres", "centimeters")},
    "mm": {"label": "millimetres", "aliases": ("mm", "millimetres", "millimeters", "millimeter", "millimetre")},
    "mile": {"label": "miles", "aliases": ("miles", "mile", "mi")},
    "ft": {"label": "feet", "aliases": ("feet", "foot", "ft")},
    "inch": {"label": "inches", "aliases": ("inches", "inch", "in.", "″")},
    "yard": {"label": "yards", "aliases": ("yards", "yard", "yd")},
    "kg": {"label": "kilograms", "aliases": ("kg", "kilograms", "kilogrammes", "kilogram", "kilos")},
    "g": {"label": "grams", "aliases": ("g", "grams", "gram", "grammes")},
    "mg": {"label": "milligrams", "aliases": ("mg", "milligrams", "milligram")},
    "tonne": {"label": "tonnes", "aliases": ("tonnes", "tonne", "tons", "ton", "t", "metric tons", "metric tonnes")},
    "lb": {"label": "pounds", "aliases": ("lb", "lbs", "pounds of")},
    "oz": {"label": "ounces", "aliases": ("oz", "ounces", "ounce")},
    "l": {"label": "litres", "aliases": ("litres", "liters", "litre", "liter", "l", "ml", "millilitres", "milliliters", "gallons", "gallon", "barrels", "barrel")},
    "months": {"label": "months", "aliases": ("months", "month")},
    "weeks": {"label": "weeks", "aliases": ("weeks", "week")},
    "hours": {"label": "hours", "aliases": ("hours", "hour", "hrs", "hr", "h")},
    "minutes": {"label": "minutes", "aliases": ("minutes", "minute", "mins", "min")},
    "seconds": {"label": "seconds", "aliases": ("seconds", "second", "secs", "sec", "s")},
    "eur": {"label": "euros", "aliases": ("euros", "euro", "eur")},
    "gbp": {"label": "pounds sterling", "aliases": ("pounds sterling", "sterling", "gbp")},
    "jpy": {"label": "yen", "aliases": ("yen", "jpy")},
    "cny": {"label": "yuan", "aliases": ("yuan", "renminbi", "cny", "rmb")},
    "currency": {"label": "other currencies", "aliases": ("shekels", "rupees", "roubles", "rubles", "manat", "lira", "francs", "crowns", "kronor", "krone",
                 "rand", "ringgit", "won", "pesos", "reais", "dirhams", "riyals", "naira", "cents", "cent", "sen", "pence", "p")},
    "speed": {"label": "speed", "aliases": ("mph", "km/h", "kph", "km/hr", "knots", "kt", "m/s", "miles per hour", "kilometres per hour", "kilometers per hour")},
    "power": {"label": "power", "aliases": ("kw", "mw", "gw", "w", "watts", "kilowatts", "megawatts", "gigawatts", "hp", "bhp", "horsepower", "ps")},
    "energy": {"label": "energy", "aliases": ("kwh", "mwh", "gwh", "twh", "joules", "calories", "kcal", "mah")},
    "data": {"label": "data", "aliases": ("gb", "mb", "tb", "kb", "gbps", "mbps", "kbps", "bytes", "megabytes", "gigabytes", "terabytes")},
    "frequency": {"label": "frequency", "aliases": ("hz", "khz", "mhz", "ghz", "rpm")},
    "temperature": {"label": "temperature", "aliases": ("degrees celsius", "degrees fahrenheit", "degrees", "degree", "°c", "°f", "celsius", "fahrenheit", "°")},
    "times": {"label": "times", "aliases": ("times", "fold")},
    "points": {"label": "points", "aliases": ("points", "point", "pts")},
}  # fmt: skip

# Nouns for groups of people. After a figure they say its unit is people ("388 children"); they
# are also the populations a figure can be for (its scope).
POPULATION_NOUNS: tuple[str, ...] = (
    "victims", "civilians", "children", "adults", "men", "women", "patients", "workers", "employees", "staff",
    "soldiers", "troops", "fighters", "militants", "combatants", "police officers", "policemen", "officers",
    "students", "pupils", "teachers", "doctors", "nurses", "health workers", "aid workers", "journalists",
    "migrants", "refugees", "foreigners", "tourists", "passengers", "residents", "inhabitants", "villagers",
    "minors", "infants", "babies", "elderly", "pensioners", "prisoners", "detainees", "farmers", "miners",
)  # fmt: skip

# Words that tell the extractor a figure counts time in years, without being a unit a claim names.
YEAR_WORDS: tuple[str, ...] = ("-year", "decades", "decade")


def builtin_units() -> dict[str, dict[str, Any]]:
    """The units every rule set starts with, in the shape of a rules file's `units` entries."""
    out: dict[str, dict[str, Any]] = {}
    for unit_id, spec in UNITS.items():
        if spec.get("builtin"):
            entry: dict[str, Any] = {"label": spec["label"], "aliases": list(spec["aliases"])}
            if "convert" in spec:
                entry["convert"] = dict(spec["convert"])
            out[unit_id] = entry
    return out
