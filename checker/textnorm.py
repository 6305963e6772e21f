"""Text that must compare as people read it: scopes, labels, quotes.

A scope is a key: "Baku" and "Baku\u200b" (a zero-width space), "Baku " or "Baku" with an NBSP
must not become two scopes, or the contradiction between their figures disappears. Invisible
characters are removed and compatibility forms folded (Unicode NFKC) when a scope is loaded.
Letters that only look alike (Cyrillic "а" and Latin "a", "Baku" and "baku") are kept as
written, since they may be meant, but :func:`skeleton` gives them one form so the loader can warn.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters, the soft hyphen, bidi marks, embeddings, overrides and isolates, the
# Arabic letter mark and the BOM: invisible in print, different in a comparison.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
INVISIBLE_RE = re.compile(f"[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff{BIDI_CONTROLS}]")


def normalize_label(text: str) -> str:
    """NFKC, invisible characters removed, every run of (Unicode) white space one space."""
    if text.isascii():  # the common case, and NFKC leaves ASCII as it is
        return " ".join(text.split())
    return " ".join(INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).split())


def visible(text: str) -> bool:
    """Whether the text has anything a reader would see."""
    if text.isascii():
        return not text.isspace() and bool(text)
    return bool(normalize_label(text))


# Cyrillic and Greek letters drawn like Latin ones (capitals mapped before case folding, since
# Cyrillic "В" looks like "B" but its small form does not look like "b"), and the dotless i.
_LOOKALIKES = {
    # Cyrillic capitals, then small letters
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y",
    "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "о": "o", "р": "p", "с": "c", "у": "y",
    "х": "x", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek capitals, then small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x",
    "ı": "i",  # dotless i
}
_CAPITALS = str.maketrans({k: v for k, v in _LOOKALIKES.items() if k.isupper()})
_SMALL = str.maketrans({k: v for k, v in _LOOKALIKES.items() if not k.isupper()})


def skeleton(text: str) -> str:
    """One form for text that reads the same: case folded, look-alike letters made Latin."""
    return normalize_label(text).translate(_CAPITALS).casefold().translate(_SMALL)


def differing_letters(a: str, b: str) -> str:
    """The letters two look-alike texts differ in, named ("U+0430 CYRILLIC SMALL LETTER A"), or
    "letter case" when they differ in case only."""
    different = sorted({c for c in set(a) ^ set(b) if not c.isascii()})
    if not different:
        return "letter case"
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in different[:3])
