"""Escaping source text for Markdown and HTML so a quote can never inject markup."""

from __future__ import annotations

import re
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def md(text: object) -> str:
    """Inline Markdown-safe text: one line, HTML entities escaped, Markdown punctuation escaped."""
    value = _CONTROL.sub(" ", str(text))
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # A leading '-', '=' or digit+'.' could start a list or heading if text ever began a line.
    if value[:1] in ("-", "="):
        value = "\\" + value
    return value


def md_url(url: str) -> str:
    """A link target that can only be an http(s) URL and cannot break out of (...)."""
    if not re.match(r"^https?://", url, re.I):
        return ""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")  .replace("(", "%28").replace(")", "%29").replace("'", "%27")


def md_link(text: str, url: str) -> str:
    target = md_url(url)
    if not target:
        return md(text)
    return f"[{md(text)}]({target})"
