"""Tables pasted as text: the figures of a pipe table read through its column headers.

A pipe table is a header row, a separator row of dashes ("---|---|---") and body rows, with
cells separated by "|". Copied from a web page it often comes one cell a line ("1,981 |"), and
the gate reads a paragraph's lines as one; so a table is read as a run of cells, not lines: the
separator gives the number of columns k, the k cells before it are the headers, and the cells
after it, k at a time, the rows, until a cell that holds a blank line or runs past
MAX_CELL_CHARS (prose again). The first column is the row's label.

The row label is the cell's scope when the rules name it as a place; a row that names the whole
("Total") is the metric's own scope, written out, when the table's other rows name places of
the rules (it totals them); any other row is set aside ("Parks Canada" is an agency).

A body cell that holds one number is read with its column header only when the header, less
its period words and its unit, is a metric alias of the rules and nothing else, and names a
period: "2023 area burned in hectares" is the area burned during 2023 in hectares; "2024 area
burned in hectares (YTD)" the area burned since 1 January 2024. A header that names no period,
names none of the rules' aliases, or says more than the alias ("2023 fires" when no alias is
"fires"; "area burned per fire") has its cells set aside (`unresolved`, with the reason),
whatever metric the words of a run-on row would suggest: a figure with no words of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.dates import DateSpan

MAX_CELL_CHARS = 100

# starts only where a run of dashes starts, and takes each run whole: linear on "-----..."
_SEPARATOR_RE = re.compile(r"(?<![-:])(?:\|[ \t]*+)?(?::?-{3,}+:?[ \t]*+\|[ \t]*+)++(?::?-{3,}+:?)?")
_DASH_CELL_RE = re.compile(r":?-{3,}:?")
_NUMBER_CELL_RE = re.compile(r"[ \t]*(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*")
_YEAR_RE = re.compile(r"(?<![\d,.])(?P<y>(?:19|20)\d\d)(?![\d,.])")
_TO_DATE_RE = re.compile(r"\(?\b(?:ytd|year[\s-]to[\s-]date|to\s+date|so\s+far)\b\)?", re.IGNORECASE)
_FILLER = frozenset(["in", "of", "the", "total", "number"])


@dataclass(frozen=True)
class TableCell:
    """A body cell's number: its offsets in the text, its column header and its row's label."""

    start: int
    end: int
    header: str
    row: str
    table: int  # which table of the text (0, 1, ...)


def table_cells(text: str) -> list[TableCell]:
    """The number cells of every pipe table in `text`, with their headers and row labels."""
    found: list[TableCell] = []
    position = 0
    tables = 0
    while True:
        separator = _find_separator(text, position)
        if separator is None:
            return found
        start, end, columns = separator
        headers = _cells_before(text, start, columns)
        rows, position = _rows_after(text, end, columns)
        if headers is not None:
            for row in rows:
                label = _last_line(text[row[0][0] : row[0][1]])
                for (cell_start, cell_end), header in zip(row[1:], headers[1:]):
                    number = _NUMBER_CELL_RE.fullmatch(text, cell_start, cell_end)
                    if number is not None:
                        found.append(TableCell(number.start("n"), number.end("n"), header, label, tables))
            tables += 1
        position = max(position, end)


def _find_separator(text: str, position: int) -> tuple[int, int, int] | None:
    """(start, end, number of columns) of the next separator row with two columns or more."""
    for match in _SEPARATOR_RE.finditer(text, position):
        columns = len(_DASH_CELL_RE.findall(match.group(0)))
        if columns >= 2:
            return match.start(), match.end(), columns
    return None


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the stripped text between the pipes of text[start:end]; a piece of
    whitespace only (the line break between two Markdown rows) is no cell."""
    out = []
    cursor = start
    for bar in [m.start() for m in re.finditer(r"\|", text[start:end])] + [end - start]:
        piece_start, piece_end = cursor, start + bar
        stripped = text[piece_start:piece_end]
        if stripped.strip():
            lead = len(stripped) - len(stripped.lstrip())
            out.append((piece_start + lead, piece_start + len(stripped.rstrip())))
        cursor = start + bar + 1
    return out


def _cells_before(text: str, separator_start: int, columns: int) -> list[str] | None:
    """The header cells: the `columns` pieces right before the separator (the first one's last line)."""
    line_start = max(text.rfind("\n\n", 0, separator_start), 0)
    pieces = _pieces(text, line_start, separator_start)
    if len(pieces) < columns:
        return None
    return [_last_line(text[a:b]) for a, b in pieces[-columns:]]


def _rows_after(text: str, separator_end: int, columns: int) -> tuple[list[list[tuple[int, int]]], int]:
    """The body rows (each `columns` cell spans) after the separator, and where the table ends."""
    end = text.find("\n\n", separator_end)
    end = len(text) if end < 0 else end
    cells = []
    for a, b in _pieces(text, separator_end, end):
        if b - a > MAX_CELL_CHARS:
            end = a
            break
        cells.append((a, b))
    rows = [cells[k : k + columns] for k in range(0, len(cells) - columns + 1, columns)]
    return rows, end


def _last_line(cell: str) -> str:
    return cell.strip().rsplit("\n", 1)[-1].strip()


def header_period(header: str, published: DateSpan | None) -> tuple[str, str] | None:
    """(window, the header less its period words) of a column header that names a period: a
    year before publication is that year ("during 2023"); the publication year, or a year said
    "to date", counts from its 1 January ("since 2024-01-01"). None without one."""
    years = _YEAR_RE.findall(header)
    if len(years) != 1 or published is None:
        return None
    year = int(years[0])
    to_date = _TO_DATE_RE.search(header) is not None
    if year > published.last.year:
        return None
    rest = _TO_DATE_RE.sub(" ", _YEAR_RE.sub(" ", header))
    if to_date or year == published.last.year:
        return f"since {year}-01-01", rest
    return f"during {year}", rest


def only_filler(words: list[str]) -> bool:
    """Whether the words left of a header (its alias, unit and period taken out) say nothing more."""
    return all(w in _FILLER for w in words)
