"""Escaping source text for the reports so a quote can never inject markup, reorder what a
reader sees, or ping anyone.

* Bidi controls (embeddings, overrides, isolates, the LRM, RLM and Arabic letter marks) and line
  separators become spaces in the terminal and Markdown reports (:func:`plain`): "\u202e" would
  otherwise show a figure's digits reversed. The JSON report keeps the exact text.
* Markdown: HTML entities and Markdown punctuation escaped, links only to http(s) URLs, and
  GitHub's autolinks neutralised: an invisible zero-width space (written ``&#8203;``, which
  GitHub renders as nothing) after "@" and inside "www." and "http://", so a report posted as a
  comment pings nobody and links nowhere its author did not mean.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from checker.textnorm import BIDI_CONTROLS

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029{BIDI_CONTROLS}]")
_MENTION_RE = re.compile(r"@(?=[A-Za-z0-9_])")
_BARE_LINK_RE = re.compile(r"(?i)(www)(\.)|(https?)(://)")
ZERO_WIDTH_SPACE = "&#8203;"


def plain(text: object) -> str:
    """Text for a terminal: bidi controls and line separators as spaces."""
    return _CONTROL.sub(" ", str(text))


def md(text: object) -> str:
    """Inline Markdown-safe text: one line, HTML entities escaped, Markdown punctuation escaped."""
    value = _CONTROL.sub(" ", str(text))
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # A leading '-', '=' or digit+'.' could start a list or heading if text ever began a line.
    if value[:1] in ("-", "="):
        value = "\\" + value
    value = _MENTION_RE.sub("@" + ZERO_WIDTH_SPACE, value)
    return _BARE_LINK_RE.sub(lambda m: f"{m.group(1) or m.group(3)}{ZERO_WIDTH_SPACE}{m.group(2) or m.group(4)}", value)


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


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:#\-]*")


def code(text: object) -> str:
    """An id as a code span. Markdown does not unescape inside code spans, so only text that
    needs no escaping (letters, digits, '_', '.', ':', '#', '-') goes in one; anything else is
    shown as escaped plain text."""
    value = str(text)
    return f"`{value}`" if _PLAIN_ID.fullmatch(value) else md(value)


def anchor(name: str) -> str:
    """A stable anchor to link to (GitHub keeps `<a name>` and scrolls to it). Names are made
    by checker from ids and fingerprints: letters, digits, '_', '.', '-'."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", name):
        raise ValueError(f"not an anchor name: {name!r}")
    return f'<a name="{name}"></a>'


def md_relative_link(text: str, target: str, fragment: str = "") -> str:
    """A link to a file by relative path. Every character that could end the target or start
    a scheme (':', '(', ')', spaces) is percent-encoded."""
    return f"[{md(text)}]({quote(target, safe='/')}{fragment})"
