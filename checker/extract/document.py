"""An article file as a document: its metadata (title, URL, publisher, date) and the text to read.

Articles arrive with more than prose: header lines (``title:``, ``url:``, ``published:``), YAML
front matter, HTML ``<title>`` and ``<meta>`` tags, bylines ("By Jane Roe"), datelines
("GENEVA, 3 May (Reuters) -"), URLs, and page furniture ("Share this article", "Read more").
:func:`read_document` takes the metadata from these and blanks them in the text it hands to the
extractor, so no figure is ever drafted from a URL slug, a tag or a share button.

Blanking replaces characters with spaces (line breaks are kept), so every offset into the text
read is an offset into the file as written: a draft's quote can always be found where it says.
A date broken over two lines ("on March" / "3, 2019") is joined the same way, one character for
one, so its day number is read as part of the date.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urlparse

import yaml

from checker.dates import DateSpan, parse_date

# header keys -> metadata field; any other "key: value" line ends the header
_HEADER_KEYS = {
    "title": "title", "headline": "title", "url": "url", "link": "url", "source_url": "url", "canonical": "url",
    "published": "published", "date": "published", "published_at": "published", "pubdate": "published",
    "publication_date": "published", "publisher": "publisher", "outlet": "publisher", "site": "publisher",
    "site_name": "publisher", "source": "publisher", "author": "author", "authors": "author", "byline": "author",
    "updated": "updated", "modified": "updated", "description": "", "summary": "", "id": "", "tags": "",
    "language": "", "lang": "", "section": "", "category": "", "keywords": "", "image": "",
}  # fmt: skip
_HEADER_LINE_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_ \-]{0,20}?)\s*:\s?(?P<value>.*)$")
_FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

_HTML_META_RE = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_HTML_ATTR_RE = re.compile(r"""(?P<name>[a-zA-Z:_\-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
_HTML_CANONICAL_RE = re.compile(r"<link\b[^>]{0,1000}\brel\s*=\s*[\"']?canonical[^>]{0,1000}>", re.IGNORECASE)
_HTML_META_FIELDS = {
    "og:title": "title", "twitter:title": "title", "og:url": "url", "og:site_name": "publisher",
    "article:published_time": "published", "datepublished": "published", "date": "published", "pubdate": "published",
    "publish-date": "published", "dc.date": "published", "dc.date.issued": "published", "sailthru.date": "published",
    "parsely-pub-date": "published", "author": "author", "article:author": "author", "dc.creator": "author",
}  # fmt: skip
# Whole elements that are page furniture, never article text.
_FURNITURE_TAGS = ("head", "nav", "footer", "aside", "form", "button", "select", "svg", "figure", "noscript", "script", "style", "template", "title")
_OPEN_TAG_RE = {tag: re.compile(rf"<{tag}\b") for tag in _FURNITURE_TAGS}

_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2000}|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{1,253}\b|\]\([^)\s]{1,2000}\)", re.IGNORECASE)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_NOT_A_NAME = rf"(?!(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|Then|Now|Early|Late|Mid|End)\b)"
_NAME = r"[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}"
# Bylines and date lines, looked for near the top only: "By Jane Roe and John Doe | 3 June 2019",
# "Updated: 12:40, 4 May 2019", "5 min read".
_BYLINE_RE = re.compile(
    rf"^[ \t]*(?i:(?:written|reported|reporting|edited|photos?|words)\s+by|by)\s+{_NOT_A_NAME}{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*[ \t]*(?:[|•·,–—-][^\n]{{0,80}})?$"
    r"|^[ \t]*(?i:(?:last\s+)?(?:updated|published|posted|first\s+published)(?:\s+on)?)\s*[:\-–]?\s*(?:\d|[A-Z][a-z]{2,8}\.?,?\s+\d)[^\n]{0,60}$"
    r"|^[ \t]*\d{1,3}\s+(?i:min(?:ute)?s?\s+read|comments?|shares?|views?|photos?|images?)\s*$",
    re.MULTILINE,
)
_BYLINE_REACH = 2000  # characters from the top of the text where bylines are looked for
# Page furniture anywhere: a line that is only a marker ("Share this article", "Advertisement"),
# or a marker with a colon or bar and the rest of its line ("Photo: ...", "Read more | ...").
_FURNITURE_RE = re.compile(
    r"^[ \t]*(?:share(?:\s+this(?:\s+article|\s+story|\s+page)?)?|share\s+on\s+\w+|tweet|email|print|advertisement|"
    r"sponsored(?:\s+content)?|read\s+more|read\s+next|related(?:\s+(?:articles?|stories|coverage|news))?|also\s+read|"
    r"see\s+also|more\s+on\s+this(?:\s+story)?|subscribe(?:\s+now)?|sign\s+up|follow\s+us(?:\s+on\s+\w+)?|click\s+here|"
    r"skip\s+to\s+(?:main\s+)?content|accept\s+cookies|comments?|back\s+to\s+top|top\s+stories|most\s+read|trending)"
    r"[ \t]*[:|»›>]?[ \t]*$"
    r"|^[ \t]*(?:read\s+more|read\s+next|related|also\s+read|see\s+also|image|photo|photograph|picture|caption|credit|"
    r"source\s+image|watch|listen|video|gallery|file\s+photo)[ \t]*[:|»›][^\n]{0,200}$"
    r"|^[ \t]*(?:©|\(c\)|copyright\b|all\s+rights\s+reserved)[^\n]{0,200}$",
    re.IGNORECASE | re.MULTILINE,
)
_FURNITURE_LOWER_RE = re.compile(_FURNITURE_RE.pattern, re.MULTILINE)


def _short_lines(text: str, longest: int = 240) -> Iterable[tuple[int, int]]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start <= longest:
            yield start, end
        start = end + 1


def _lowered(text: str) -> str:
    """Lower case of the same length (so offsets hold): characters whose lower case is longer stay."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# "GENEVA, 3 May (Reuters) -", "KYIV, Ukraine (AP) —", "LAGOS -": a place in capitals, then a dash
_DATELINE_RE = re.compile(
    r"^[ \t]*(?P<d>[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][A-Za-z .'\-]{1,40})?(?:,\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?|,\s*\d{1,2}\s+[A-Za-z]{3,9}(?:\s+\d{4})?)?"
    r"(?:\s*\((?:[A-Za-z][A-Za-z .&]{1,30})\))?\s*[-–—]+\s)",
    re.MULTILINE,
)
# A line break inside a date ("on March" / "3, 2019") or inside a hard-wrapped sentence reads as a space.
_BROKEN_DATE_RE = re.compile(
    rf"\b{_MONTH}(?P<gap>[ \t]*\n[ \t]*)\d{{1,2}}\b|\b\d{{1,2}}(?P<gap2>[ \t]*\n[ \t]*){_MONTH}\b|\b{_MONTH}\s\d{{1,2}},(?P<gap3>[ \t]*\n[ \t]*)\d{{4}}\b"
)
_WRAPPED_LINE_RE = re.compile(r"(?<=[a-z,;])[ \t]*\n(?=[ \t]*[a-z])")


@dataclass
class Document:
    """`text` is the file as given; `readable` has the same length, with metadata and furniture blanked."""

    text: str
    readable: str
    fmt: str
    title: str = ""
    url: str = ""
    publisher: str = ""
    author: str = ""
    published: DateSpan | None = None
    published_text: str = ""
    notes: list[str] = field(default_factory=list)
    body_start: int = 0  # where the text after any header or front matter starts

    def dateline_text(self) -> str:
        """The top of the text with bylines and datelines kept, URLs blanked: where a date may be read."""
        top = self.text[self.body_start : self.body_start + 3000]
        return _URL_RE.sub(lambda m: " " * len(m.group(0)), top)


_INLINE_TAG_RE = re.compile(r"<(?:a\s+href|/a>|p>|/p>|br\s*/?>|strong>|/strong>|em>|/em>|div\b|/div>|span\b|/span>)", re.IGNORECASE)


def detect_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    head = text[:1000].lower()
    if "<html" in head or "<body" in head or "<!doctype html" in head:
        return "html"
    if len(_INLINE_TAG_RE.findall(text[:20000])) >= 2:
        return "html"  # text pasted with its links and paragraphs still tagged
    return "text"


def read_document(text: str, name: str = "", fmt: str | None = None) -> Document:
    """Metadata from the header, front matter or HTML head; the rest blanked for reading."""
    fmt = fmt or detect_format(name, text)
    meta: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    front = _FRONT_MATTER_RE.match(text)
    if front is not None:
        meta.update(_front_matter_fields(front.group("body")))
        spans.append(front.span())
        header_start = front.end()
    else:
        header_start = 0
    header_meta, header_end = _header_lines(text, header_start)
    if header_meta:
        for key, value in header_meta.items():
            meta.setdefault(key, value)
        spans.append((header_start, header_end))
    if fmt == "html":
        for key, value in _html_fields(text).items():
            meta.setdefault(key, value)
        spans.extend(_element_spans(text))
    spans.extend(_furniture_spans(text))
    readable = _join_broken_lines(_blank(text, spans))
    document = Document(text, readable, fmt, body_start=header_end if header_meta else header_start)
    _apply_meta(document, meta)
    return document


def _element_spans(text: str) -> list[tuple[int, int]]:
    """Each furniture element from its opening tag to its closing tag, in one pass per tag name
    (a regular expression with .*? would rescan the text for every unclosed tag)."""
    lowered = _lowered(text)
    spans: list[tuple[int, int]] = []
    for tag, opening in _OPEN_TAG_RE.items():
        position = 0
        while (match := opening.search(lowered, position)) is not None:
            close = lowered.find(f"</{tag}", match.end())
            if close < 0:
                break  # no closing tag after this one: none after any later one either
            end = lowered.find(">", close)
            end = len(text) if end < 0 else end + 1
            spans.append((match.start(), end))
            position = end
    return spans


def _header_lines(text: str, start: int) -> tuple[dict[str, str], int]:
    """``key: value`` lines at the top of a text, up to the first blank or other line."""
    meta: dict[str, str] = {}
    position = start
    known = 0
    while position < len(text):
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline + 1
        line = text[position:end].strip()
        match = _HEADER_LINE_RE.match(line)
        if not line or match is None:
            break
        key = match.group("key").strip().lower().replace(" ", "_").replace("-", "_")
        if key not in _HEADER_KEYS:
            break
        known += 1
        field_name = _HEADER_KEYS[key]
        if field_name and match.group("value").strip():
            meta.setdefault(field_name, match.group("value").strip())
        position = end
    if not known or not any(k in meta for k in ("title", "url", "published")):
        return {}, start  # "Note: ..." as a first line is prose, not a header
    return meta, position


def _front_matter_fields(body: str) -> dict[str, str]:
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    meta: dict[str, str] = {}
    for key, value in data.items():
        field_name = _HEADER_KEYS.get(str(key).strip().lower().replace("-", "_"), "")
        if field_name and value not in (None, "") and not isinstance(value, (dict, list)):
            meta.setdefault(field_name, value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value).strip())
    return meta


def _html_fields(text: str) -> dict[str, str]:
    head = text[:200_000]
    meta: dict[str, str] = {}
    for tag in _HTML_META_RE.finditer(head):
        attrs = {m.group("name").lower(): m.group("dq") if m.group("dq") is not None else (m.group("sq") if m.group("sq") is not None else m.group("bare")) for m in _HTML_ATTR_RE.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = html.unescape(attrs.get("content") or "").strip()
        if key in _HTML_META_FIELDS and content:
            meta.setdefault(_HTML_META_FIELDS[key], content)
    canonical = _HTML_CANONICAL_RE.search(head)
    if canonical is not None:
        href = re.search(r"""href\s*=\s*["']?([^"'\s>]+)""", canonical.group(0), re.IGNORECASE)
        if href:
            meta.setdefault("url", html.unescape(href.group(1)))
    lowered = head.lower()
    start = lowered.find("<title")
    close = lowered.find("</title", start) if start >= 0 else -1
    if close >= 0:
        inner = head[head.find(">", start) + 1 : close] if head.find(">", start) < close else ""
        meta.setdefault("title", " ".join(html.unescape(re.sub(r"<[^>]{0,2000}>", " ", inner)).split())[:300])
    return meta


def _furniture_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _URL_RE.finditer(text):
        yield match.span()
    lowered = _lowered(text)
    for start, end in _short_lines(text):  # furniture is a short line of its own
        match = _FURNITURE_LOWER_RE.match(lowered, start, end)
        if match is not None:
            yield match.span()
    head = text[:_BYLINE_REACH]
    for match in _BYLINE_RE.finditer(head):
        yield match.span()
    for match in _DATELINE_RE.finditer(head):
        yield match.span("d")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span's characters turned into spaces (line breaks kept)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        piece = text[start:end]
        chars[start:end] = re.sub(r"[^\n]", " ", piece)
    return "".join(chars)


def _join_broken_lines(text: str) -> str:
    gaps = [m.span() for m in _WRAPPED_LINE_RE.finditer(text)]
    newline = text.find("\n")
    while newline >= 0:  # a date broken over two lines lies within 20 characters of the break
        base = max(0, newline - 20)
        match = _BROKEN_DATE_RE.search(text, base, newline + 20)
        if match is not None:
            gaps += [match.span(g) for g in ("gap", "gap2", "gap3") if match.group(g) is not None]
        newline = text.find("\n", newline + 1)
    if not gaps:
        return text
    chars = list(text)
    for start, end in gaps:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _apply_meta(document: Document, meta: dict[str, str]) -> None:
    document.title = " ".join(meta.get("title", "").split())[:300]
    url = meta.get("url", "").strip()
    if url and not re.match(r"^https?://", url, re.IGNORECASE):
        document.notes.append(f"url {url[:80]!r} is not an http(s) address; left out")
        url = ""
    document.url = url
    document.author = " ".join(meta.get("author", "").split())[:200]
    publisher = " ".join(meta.get("publisher", "").split())[:200]
    if not publisher and url:
        host = urlparse(url).hostname or ""
        publisher = host[4:] if host.startswith("www.") else host
    document.publisher = publisher
    raw = meta.get("published", "").strip()
    if raw:
        span = published_date(raw)
        if span is None:
            document.notes.append(f"published date {raw[:40]!r} not understood; looked for a date in the text")
        else:
            document.published, document.published_text = span, raw


def published_date(raw: str) -> DateSpan | None:
    """A metadata date: ISO with or without a time ("2019-06-03T10:00:00Z"), or an English date."""
    text = raw.strip()
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text)
    try:
        return parse_date(iso.group(1) if iso else re.sub(r"^[A-Za-z]{3,9},\s+", "", text))
    except ValueError:
        return None
