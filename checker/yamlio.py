"""Safe YAML and CSV reading that keeps line numbers and refuses hostile constructs.

* Mappings load as :class:`LineDict` (a dict that knows the line of each key) and
  sequences as :class:`LineList` (a list that knows the line of each item).
* Aliases and anchors are refused: they are never needed in claim or rule files and are
  the way "billion laughs" bombs blow up memory.
* Only the safe tags exist, and plain scalars are read by YAML 1.2's core schema, not 1.1's:
  ``NO``, ``Yes``, ``on`` are text, ``010`` is ten, ``1:30`` is text, never 8, 90 or a boolean;
  dates stay strings so that "2025-06" and "2025-06-11" both reach our own date parser with
  their precision intact. Claim files, whose every field is text or a figure as printed, go
  further (``schema="text"``): every plain scalar but null is read as the text written, so
  ``value: 0x10`` or ``value: 1.50`` reach the figure parser as printed.
* Duplicate keys are errors, not silent overwrites.
* Tags that build non-text values (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``) are unknown,
  explicit ``!!int``/``!!float``/``!!bool``/``!!map``/``!!seq`` on a value of the wrong shape are
  line-numbered errors, and strings may not hold control characters or lone surrogates (a
  terminal escape or an unencodable character in a quote would reach the reports).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputIssue

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024

# C0 controls other than tab and newline, DEL, C1 controls and lone surrogates: never part of
# a claim or a rule, and dangerous in a terminal report (ESC, CSI) or unencodable (surrogates).
FORBIDDEN_CHARS_RE = _FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_char(text: str) -> tuple[int, str] | None:
    """The position and description of the first control character or lone surrogate."""
    match = _FORBIDDEN_CHARS.search(text)
    if match is None:
        return None
    code = ord(match.group())
    kind = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return match.start(), f"{kind} (U+{code:04X})"


class LineDict(dict):
    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _YamlProblem(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Refusing(yaml.composer.Composer):
    """Composition that refuses anchors and aliases, so no document can expand (billion laughs)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _YamlProblem(
                event.start_mark.line + 1, "YAML aliases (*name) are not allowed in checker files"
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _YamlProblem(
                event.start_mark.line + 1, "YAML anchors (&name) are not allowed in checker files"
            )
        return yaml.composer.Composer.compose_node(self, parent, index)


def _implicit(*rules: tuple[str, str, str]) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """A resolver table: (tag, pattern, first characters) -> {first character: [(tag, regexp)]}."""
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, starts in rules:
        for start in list(starts) + ([""] if tag.endswith(":null") else []):
            table.setdefault(start, []).append((tag, re.compile(pattern, re.X)))
    return table


_NULL = ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
_MERGE = ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<")  # resolved only to be refused
_INT_RE = r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"
_FLOAT_RE = r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
# YAML 1.2 core schema (rules files): true/false only, decimal, 0o and 0x integers, no sexagesimal.
_CORE_RESOLVERS = _implicit(
    _NULL,
    _MERGE,
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", _INT_RE, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT_RE, "-+.0123456789"),
)
_TEXT_RESOLVERS = _implicit(_NULL, _MERGE)  # claim files: everything written is text


class _Loader(_Refusing, yaml.SafeLoader):
    """The pure-Python loader: slower, with the more precise messages for malformed YAML."""

    yaml_implicit_resolvers = _CORE_RESOLVERS


class _TextLoader(_Loader):
    yaml_implicit_resolvers = _TEXT_RESOLVERS


if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(_Refusing, yaml._yaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc,name-defined]
        """libyaml's scanner and parser (about 3x faster) under the same composition and
        constructors; any YAML error is re-parsed by _Loader for its message."""

        def __init__(self, stream: str) -> None:
            yaml._yaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        yaml_implicit_resolvers = _CORE_RESOLVERS

    class _FastTextLoader(_FastLoader):
        yaml_implicit_resolvers = _TEXT_RESOLVERS
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _FastTextLoader = None  # type: ignore[assignment,misc]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _YamlProblem(key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed")
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise _YamlProblem(key_node.start_mark.line + 1, "mapping keys must be plain scalars")
        if key in result:
            raise _YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def _construct_str(loader: _Loader, node: yaml.Node) -> str:
    value = loader.construct_scalar(node)
    found = forbidden_char(value)
    if found is not None:
        raise _YamlProblem(node.start_mark.line + 1, f"text contains {found[1]}")
    return value


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """Core-schema integers (also under an explicit !!int): "010" is ten, not eight."""
    text = str(loader.construct_scalar(node))
    if not re.match(_INT_RE, text):
        raise ValueError(text)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


_NAN = float("nan")


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    if not (re.match(_FLOAT_RE, text) or re.match(_INT_RE, text)):
        raise ValueError(text)
    if text.lower() == ".nan":
        return _NAN  # one object, so two loads of a document compare equal
    if text.lstrip("+-").lower() == ".inf":
        return float(text.replace(".", "", 1))
    return float(_construct_int(loader, node)) if text.startswith(("0o", "0x")) else float(text)


_MAX_INT_BITS = 4000  # about 1,200 decimal digits; no claim or rule needs more


def _checked(construct, what: str):  # type: ignore[no-untyped-def]
    """Wrap a scalar constructor so a malformed value ("!!int xyz", "0x_", a 5,000-digit
    integer) is a line-numbered problem instead of a ValueError from deep inside PyYAML."""

    def wrapper(loader: _Loader, node: yaml.Node):  # type: ignore[no-untyped-def]
        if not isinstance(node, yaml.ScalarNode):
            raise _YamlProblem(node.start_mark.line + 1, f"expected a {what}, not a {node.id}")
        shown = str(node.value)
        shown = shown if len(shown) <= 30 else shown[:27] + "..."
        try:
            value = construct(loader, node)
        except (ValueError, KeyError, OverflowError) as exc:
            reason = "too many digits" if "digits" in str(exc) else f"not a valid {what}"
            raise _YamlProblem(node.start_mark.line + 1, f"cannot read {shown!r}: {reason}") from None
        # Hex and sexagesimal integers skip Python's 4,300-digit guard on int(), and a huge
        # int then fails later wherever it is turned into text.
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            raise _YamlProblem(node.start_mark.line + 1, f"cannot read {shown!r}: too many digits")
        return value

    return wrapper


def _shaped(construct, node_type: type, what: str):  # type: ignore[no-untyped-def]
    def wrapper(loader: _Loader, node: yaml.Node):  # type: ignore[no-untyped-def]
        if not isinstance(node, node_type):
            raise _YamlProblem(node.start_mark.line + 1, f"expected a {what}, not a {node.id}")
        return construct(loader, node)

    return wrapper


# Our own table of constructors: only the types claim and rule files use. Anything else
# (!!binary, !!set, !!omap, !!pairs, !!python/...) has no constructor and is refused.
_Loader.yaml_constructors = _CONSTRUCTORS = {
    None: yaml.SafeLoader.yaml_constructors[None],
    "tag:yaml.org,2002:null": _checked(yaml.SafeLoader.construct_yaml_null, "null"),
    "tag:yaml.org,2002:bool": _checked(yaml.SafeLoader.construct_yaml_bool, "boolean"),
    "tag:yaml.org,2002:int": _checked(_construct_int, "integer"),
    "tag:yaml.org,2002:float": _checked(_construct_float, "number"),
    "tag:yaml.org,2002:str": _construct_str,
    "tag:yaml.org,2002:timestamp": _checked(_construct_timestamp, "date"),
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG: _shaped(_construct_mapping, yaml.MappingNode, "mapping"),
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG: _shaped(_construct_sequence, yaml.SequenceNode, "list"),
}


if _FastLoader is not None:
    _FastLoader.yaml_constructors = _CONSTRUCTORS

SCHEMAS = {"core": (_FastLoader, _Loader), "text": (_FastTextLoader, _TextLoader)}


def _parse(text: str, schema: str = "core") -> Any:
    fast, pure = SCHEMAS[schema]
    if fast is not None:
        try:
            return _from_events(fast(text), clean=forbidden_char(text) is None)
        except _Unusual:
            pass  # the loaders below read it, or say what is wrong, in their own words
        try:
            return yaml.load(text, Loader=fast)  # noqa: S506 - a SafeConstructor with our table
        except _YamlProblem:
            raise
        except yaml.YAMLError:
            pass  # malformed: let the pure loader say where and why, in its own words
    return yaml.load(text, Loader=pure)  # noqa: S506 - _Loader is a SafeLoader


class _Unusual(Exception):
    """A document the event reader leaves to the loaders: anchors, explicit tags, several
    documents, or anything they would refuse (so their messages stay the only ones)."""


_PLAIN_TAGS = (None, "!")
_STR_TAG = "tag:yaml.org,2002:str"


def _from_events(loader: Any, clean: bool = False) -> Any:
    """A single document read straight from libyaml's events into LineDicts, LineLists and
    scalars, as the loaders would build it, without their node tree: half the time on large
    rules files. Anything out of the ordinary raises _Unusual. `clean`: the text holds no
    forbidden character, so only escapes ("\\x01") can put one in a scalar."""
    try:
        loader.get_event()  # stream start
        if isinstance(loader.get_event(), yaml.StreamEndEvent):
            return None
        document = _EventReader(loader, clean).value(loader.get_event())  # after the document start
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Unusual
        return document
    except (yaml.YAMLError, _YamlProblem, RecursionError) as exc:
        raise _Unusual from exc
    finally:
        loader.dispose()


class _EventReader:
    """Builds the value that starts with an event, reading the events after it: one call per
    value, each event looked at once (rules files of ten thousand metrics are 100k events)."""

    def __init__(self, loader: Any, clean: bool):
        self.loader = loader
        self.next = loader.get_event
        self.clean = clean
        resolvers = loader.yaml_implicit_resolvers
        self.any_start = resolvers.get(None, [])  # resolvers for any first character
        self.by_start = {start: entries + self.any_start for start, entries in resolvers.items() if start is not None}

    def value(self, event: Any) -> Any:
        if event.anchor is not None or event.tag not in _PLAIN_TAGS:
            raise _Unusual
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self.scalar(event)
        if kind is yaml.SequenceStartEvent:
            return self.sequence(event)
        if kind is yaml.MappingStartEvent:
            return self.mapping(event)
        raise _Unusual

    def scalar(self, event: Any) -> Any:
        text = event.value
        tag = self.tag(text, event.implicit)
        if tag == _STR_TAG and ((self.clean and event.style != '"') or forbidden_char(text) is None):
            return text
        constructor = _CONSTRUCTORS.get(tag)
        if constructor is None or tag in (_STR_TAG, _MERGE[0]):
            raise _Unusual
        return constructor(self.loader, yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, style=event.style))

    def tag(self, text: str, implicit: tuple[bool, bool]) -> str:
        """What the loader's resolve() gives a scalar (this module's loaders have no path resolvers)."""
        if implicit[0]:
            for tag, pattern in self.by_start.get(text[:1], self.any_start):
                if pattern.match(text):
                    return tag
        return _STR_TAG

    def sequence(self, event: Any) -> LineList:
        items = LineList()
        items.line = event.start_mark.line + 1
        event = self.next()
        while type(event) is not yaml.SequenceEndEvent:
            items.item_lines.append(event.start_mark.line + 1)
            items.append(self.value(event))
            event = self.next()
        return items

    def mapping(self, event: Any) -> LineDict:
        mapping = LineDict()
        mapping.line = event.start_mark.line + 1
        event = self.next()
        while type(event) is not yaml.MappingEndEvent:
            key_line = event.start_mark.line + 1
            key = self.value(event)
            if (not isinstance(key, (str, int, float, bool)) and key is not None) or key in mapping:
                raise _Unusual
            mapping[key] = self.value(self.next())
            mapping.key_lines[key] = key_line
            event = self.next()
        return mapping


def display_path(path: Path, root: Path | None = None) -> str:
    """How a file is named in messages and reports: relative to `root` (default: the current
    folder) when it lies inside it, so reports do not depend on where the checkout lives."""
    base = (root or Path.cwd()).resolve()
    try:
        shown = path.resolve().relative_to(base).as_posix()
    except ValueError:
        shown = str(path)
    return printable_name(shown)


def printable_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (read from the file system as surrogates)
    shown as escapes ("a\\xff.yaml"), so a report that names the file can be written."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, display: str | None = None) -> tuple[str | None, InputIssue | None]:
    """Read a UTF-8 text file (a BOM is dropped, CRLF kept as newlines) within a size limit."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, InputIssue(shown, None, None, f"cannot read file: {exc.strerror or exc}")
    if size > max_bytes:
        return None, InputIssue(
            shown,
            None,
            None,
            f"file is {size:,} bytes, over the limit of {max_bytes:,}",
            "raise it with --max-file-size",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, InputIssue(shown, None, None, f"cannot read file: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, InputIssue(shown, line, None, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    issue = text_issue(text, shown)
    return (None, issue) if issue is not None else (text, None)


def text_issue(text: str, shown: str) -> InputIssue | None:
    """What refuses a file's decoded text before it is parsed: NUL bytes, control characters."""
    if "\x00" in text:
        return InputIssue(shown, None, None, "binary file (contains NUL bytes)")
    found = forbidden_char(text)
    if found is not None:
        line = text.count("\n", 0, found[0]) + 1
        return InputIssue(shown, line, None, f"contains {found[1]}", "remove it or save the file as plain UTF-8 text")
    return None


def load_yaml(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, display: str | None = None, schema: str = "core") -> tuple[Any, InputIssue | None]:
    """Parse one YAML file; returns (document, None) or (None, issue). `schema` is "core"
    (YAML 1.2 types) or "text" (every plain scalar but null is text)."""
    text, issue = read_text(path, max_bytes, display)
    if issue is not None:
        return None, issue
    assert text is not None
    return parse_yaml_text(text, display or str(path), schema)


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a document (with the position of every node), under the same refusals."""
    return yaml.compose(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def parse_yaml_text(text: str, path: str, schema: str = "core") -> tuple[Any, InputIssue | None]:
    """Parse YAML text already read; returns (document, None) or (None, issue)."""
    try:
        return _parse(text, schema), None
    except _YamlProblem as exc:
        return None, InputIssue(str(path), exc.line, None, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = exc.problem or "invalid YAML"
        if exc.context and "constructor" in type(exc).__name__.lower():
            message = f"{exc.context} {message}".strip()
        if isinstance(exc, yaml.constructor.ConstructorError):
            message = f"unsupported YAML tag ({exc.problem})"
        return None, InputIssue(str(path), line, None, f"invalid YAML: {message}")
    except yaml.YAMLError as exc:
        return None, InputIssue(str(path), None, None, f"invalid YAML: {exc}")
    except RecursionError:
        return None, InputIssue(str(path), None, None, "YAML nested too deeply")
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        # A safety net for hostile input that reaches a corner of PyYAML we did not wrap:
        # still one line naming the file, never a traceback.
        return None, InputIssue(str(path), None, None, f"invalid YAML: cannot read a value ({type(exc).__name__})")


def load_csv(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, display: str | None = None) -> tuple[list[tuple[int, dict[str, str]]], list[str], InputIssue | None]:
    """Read a CSV with a header; returns ([(line, row)], header, issue)."""
    text, issue = read_text(path, max_bytes, display)
    path = display or str(path)  # type: ignore[assignment]
    if issue is not None:
        return [], [], issue
    assert text is not None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None  # a malformed first row raises before it is read
    try:
        header = next(reader, None)
        if header is None:
            return [], [], InputIssue(str(path), 1, None, "empty CSV file", "the first row must name the columns")
        header = [name.strip() for name in header]
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                return rows, header, InputIssue(
                    str(path), line, None, f"row has {len(record)} cells but the header has {len(header)}"
                )
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        return rows, header or [], InputIssue(str(path), reader.line_num, None, f"invalid CSV: {exc}")
    return rows, header, None
