"""Files as sheets of cells: every sheet of an Excel workbook, a CSV file as one sheet.

A CSV file's encoding is decided per file (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252); a UTF-8 file with a few bytes that are not UTF-8 (a line pasted from a
Windows-1252 file) is read as UTF-8, those bytes as Windows-1252, and their lines are named in
a warning. A CSV file is split into cells by pandas' C parser (the speed of the disk); a file
that parser refuses (a row longer than the first, an unclosed quote) is split by Python's `csv`
module, which reads it as it always did. Excel cells merged down the rows are filled with the
merged value, and hidden rows are read; both are said in a warning. A cell whose value cannot
be read (a formula without a stored result, NUL characters, more characters than an Excel cell
holds) is kept as an `UnreadCell`, which validation names on its row and column.

A workbook is read at bounded cost (docs/reliability.md): one that unpacks to more than
`UNPACKED_LIMIT` is refused before it is parsed, and so is a password-protected one; a sheet's
used range as stored is not trusted: a sheet is read up to its last row and column holding
data, cells far beyond the table (after more than `EMPTY_ROWS_LIMIT` empty rows or
`EMPTY_COLUMNS_LIMIT` empty columns) are not read, and each sheet names them in `refused`:
cells below the table are not read (an error), cells right of it are left out of rows that are
read (a warning).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.data.cells import distinct_cells, spread
from smartcity_utils.data.formulas import uncomputed_formulas
from smartcity_utils.data.parsing import UnreadCell, cell_text, is_blank

DELIMITERS = (";", ",", "\t")

# What a workbook may hold; docs/reliability.md says why these numbers.
UNPACKED_LIMIT = 128 * 2**20  # bytes: 2.5 times the national registry as a workbook (52 MiB)
EMPTY_ROWS_LIMIT = 1_000  # empty rows between a table and a cell below it
EMPTY_COLUMNS_LIMIT = 100  # empty columns between a table and a cell right of it
GRID_LIMIT = 4 * 2**20  # cells of a sheet's table (rows x columns): 3 national registries
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted workbook, or an old .xls
REFUSED_FORMATS = {".xls": "old Excel .xls format", ".ods": "OpenDocument .ods format"}


class Unusable(Exception):
    """The file cannot be read at all; the message is the problem's reason."""


HEAD_ROWS = 11  # the rows header recognition looks at (10, and the row below the last)


@dataclass
class Sheet:
    """The cells of one sheet (or CSV file) and what reading it noticed. `cells` has one row
    per spreadsheet row (row i is the user's row i + 1) and one column per position, object
    cells, a cell beyond the end of a shorter row empty (None, or '' in a CSV file)."""

    name: str | None
    cells: pd.DataFrame
    notes: list[tuple[int | None, str]] = field(default_factory=list)  # (row, warning)
    merged_down: list[tuple[str, int, int]] = field(default_factory=list)  # (cells, rows)
    head_rows: list[list[object]] | None = None  # CSV: the first rows as `csv` splits them
    # cells not read: (row, column letters, the value's start, reason, severity)
    refused: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    @property
    def head(self) -> list[list[object]]:
        """The first rows as lists of cells (header recognition looks at them)."""
        if self.head_rows is None:
            self.head_rows = [list(r) for r in self.cells.iloc[:HEAD_ROWS].itertuples(index=False)]
        return self.head_rows

    @cached_property
    def distinct(self) -> list[tuple[np.ndarray, list[object]]]:
        """Each column's cells as (codes, distinct values) (`cells.distinct_cells`)."""
        return [distinct_cells(self.cells[p]) for p in self.cells.columns]

    @cached_property
    def blank(self) -> np.ndarray:
        """True for every blank cell (rows x positions)."""
        if not self.distinct:
            return np.ones(self.cells.shape, dtype=bool)
        return np.column_stack([spread([is_blank(v) for v in values], codes, True)
                                for codes, values in self.distinct])

    def is_empty(self) -> bool:
        return bool(self.blank.all())


def rows_frame(rows: list[list[object]]) -> pd.DataFrame:
    """Rows of cells (of any lengths) as a frame of object cells, short rows padded with None."""
    width = max((len(r) for r in rows), default=0)
    array = np.full((len(rows), width), None, dtype=object)
    for i, row in enumerate(rows):
        array[i, :len(row)] = row
    return pd.DataFrame(array, dtype=object)


_STRAY_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it


def decode(data: bytes) -> tuple[str, list[int]]:
    """Text of a CSV file and the 1-based lines that were not UTF-8 in a UTF-8 file. A file
    with UTF-8 letters is UTF-8, each stray byte read as Windows-1252; a file with none,
    Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="surrogateescape")
    stray = [m.start() for m in _STRAY_BYTE.finditer(text)]
    if len(text) - len(text.encode("ascii", errors="ignore")) == len(stray):
        return data.decode("cp1252", errors="replace"), []  # no UTF-8 letter: Windows-1252
    lines, line, seen = [], 1, 0
    for position in stray:
        line += text.count("\n", seen, position)
        seen = position
        if not lines or lines[-1] != line:
            lines.append(line)
    return _STRAY_BYTE.sub(_windows_1252, text), lines


def _windows_1252(stray: re.Match) -> str:
    return bytes([ord(stray[0]) - 0xDC00]).decode("cp1252", errors="replace")


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_sheet(text: str, delimiter: str) -> Sheet:
    """The cells of a CSV text: pandas' C parser where it reads the text as the `csv` module
    would, else the `csv` module itself (a NUL byte, a row longer than the first)."""
    if "\x00" not in text:
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=object,
                                na_filter=False, skip_blank_lines=False, engine="c")
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            pass
        else:
            frame.columns = range(frame.shape[1])
            return Sheet(None, frame, head_rows=_head_rows(text, delimiter))
    rows = _csv_rows(text, delimiter)
    return Sheet(None, rows_frame(rows), head_rows=rows[:HEAD_ROWS])


# Excel holds at most 32,767 characters in a cell: a longer field was never typed into a
# spreadsheet (a document pasted by a program, or a damaged file), and no report could show it
CELL_LIMIT = 32_767


@contextmanager
def _fields_up_to(size: int):
    """The `csv` module reads fields of up to `size` characters (by default it refuses the
    whole file for one field beyond 131,072); over-long cells are named by `_name_unread`."""
    before = csv.field_size_limit(max(size, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _name_unread(sheet: Sheet, nul: bool) -> None:
    """Make each cell longer than `CELL_LIMIT` or (when `nul`) holding NUL characters an
    `UnreadCell`, which validation names on its row and column (each distinct value is
    looked at once)."""
    changed = False
    for position, (codes, values) in zip(sheet.cells.columns, sheet.distinct, strict=True):
        unread = [i for i, value in enumerate(values) if isinstance(value, str)
                  and (len(value) > CELL_LIMIT or (nul and "\x00" in value))]
        for row in np.flatnonzero(np.isin(codes, unread)).tolist():
            sheet.cells.iat[row, position] = _unread(sheet.cells.iat[row, position])
            changed = True
    if changed:  # the cached views of the cells are made again from the changed cells
        sheet.__dict__.pop("distinct", None)
        sheet.__dict__.pop("blank", None)


def _unread(text: str) -> UnreadCell:
    if "\x00" in text:
        return UnreadCell(text[:60].replace("\x00", "\\0"),
                          "NUL characters in the cell (the file is damaged here, or was not "
                          "saved as text): not read")
    return UnreadCell(f"{text[:40]}... ({len(text):,} characters)",
                      f"{len(text):,} characters, more than the {CELL_LIMIT:,} an Excel cell "
                      "holds: not read")


def _head_rows(text: str, delimiter: str) -> list[list[str]]:
    """The first rows of a CSV text, each as long as it was written (split by the `csv`
    module from as much of the text as they need)."""
    size = 1 << 16
    while True:
        rows = _csv_rows(text[:size], delimiter)
        if len(rows) > HEAD_ROWS or size >= len(text):  # a row began after them: they are whole
            return rows[:HEAD_ROWS]
        size *= 4


def _head(text: str, lines: int = 12) -> str:
    """The first `lines` lines of a text (split as `str.splitlines` does), without splitting
    the whole text."""
    size = 1 << 16
    while True:
        found = text[:size].splitlines()
        if len(found) > lines or size >= len(text):
            return "\n".join(found[:lines])
        size *= 4


def read_csv(path: Path, quality) -> list[Sheet]:
    """A CSV file as one sheet, with the separator whose rows `quality` scores best."""
    text, bad_lines = decode(path.read_bytes())
    if not text or text.isspace():
        raise Unusable("empty file")
    head = _head(text)
    with _fields_up_to(len(text)):
        best = max(DELIMITERS, key=lambda d: (quality(_csv_rows(head, d)), head.count(d)))
        sheet = _csv_sheet(text, best)
    _name_unread(sheet, nul="\x00" in text)
    if bad_lines:
        shown = ", ".join(map(str, bad_lines[:10]))
        sheet.notes.append((None, f"mixed encoding: the file is UTF-8 but line(s) {shown} hold "
                                  "bytes that are not; those bytes were read as Windows-1252, "
                                  "check their accented letters"))
    return [sheet]


def check_workbook(path: Path) -> None:
    """Refuse a workbook before it is parsed: a password-protected one (an encrypted workbook
    is not a zip file but an OLE file, as an old .xls is) and one that unpacks to more than
    `UNPACKED_LIMIT` (a zip bomb, or a table too large for a workbook)."""
    with open(path, "rb") as file:
        if file.read(len(OLE_MAGIC)) == OLE_MAGIC:
            raise Unusable("unreadable file: the workbook is password-protected (or an old .xls "
                           "workbook renamed); save it as .xlsx without a password")
    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(member.file_size for member in book.infolist())
    except zipfile.BadZipFile:
        return  # not a workbook at all: openpyxl says so
    if unpacked > UNPACKED_LIMIT:
        raise Unusable(f"unreadable file: the workbook unpacks to {unpacked / 2**20:,.0f} MiB, "
                       f"more than the {UNPACKED_LIMIT // 2**20} MiB a workbook may hold; save "
                       "a table this large as CSV")


def read_xlsx(path: Path) -> list[Sheet]:
    """Every worksheet of an .xlsx workbook (formulas as their last computed value; one
    without a stored result as an `UnreadCell`)."""
    from openpyxl import load_workbook

    check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except Exception:  # a damaged workbook can fail in many ways inside openpyxl
        raise Unusable("unreadable file: not an Excel .xlsx workbook") from None
    try:
        sheets = [_sheet(ws) for ws in book.worksheets]
        for sheet in sheets:
            _name_unread(sheet, nul=False)
        _name_uncomputed(sheets, uncomputed_formulas(path))
    except Unusable:
        raise
    except Exception:
        raise Unusable("unreadable file: damaged Excel workbook") from None
    finally:
        book.close()
    if all(s.is_empty() for s in sheets):
        raise Unusable("empty file")
    return sheets


def _name_uncomputed(sheets: list[Sheet], formulas: dict[str, dict]) -> None:
    """Formulas without a stored result (read as empty) become cells validation names."""
    for sheet in sheets:
        for (row, column), cell in formulas.get(sheet.name, {}).items():
            if row <= sheet.cells.shape[0] and column <= sheet.cells.shape[1]:
                sheet.cells.iat[row - 1, column - 1] = cell


def _table_end(positions: list[int], gap: int) -> int:
    """The last of the sorted 1-based `positions` reached from 1 without crossing more than
    `gap` empty positions."""
    end = 0
    for position in positions:
        if position - end > gap + 1:
            break
        end = position
    return end


def _worksheet(ws) -> tuple[dict[tuple[int, int], object], list, set[int]]:
    """The cells a read-only worksheet holds with a value ((row, column) -> value), its merged
    ranges and its hidden rows, from one pass over its XML by openpyxl's own sheet parser (the
    one its read-only mode streams rows with): neither the cells of the range the file states
    nor a cell object per value (a loaded workbook's hundreds of bytes each) are made."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.worksheet.cell_range import CellRange

    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=book.data_only,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        held = {(c["row"], c["column"]): c["value"] for _, row in parser.parse() for c in row
                if c["value"] is not None}
    merged = [CellRange(m.ref) for m in parser.merged_cells.mergeCell] \
        if parser.merged_cells else []
    hidden = {int(row) for row, attributes in parser.row_dimensions.items()
              if attributes.get("hidden") in ("1", "true")}
    return held, merged, hidden


def _sheet(ws) -> Sheet:
    """The cells of a worksheet up to its last row and column holding data (the used range
    the file states is not trusted); cells far beyond the table are refused."""
    # the table's extent is that of the cells holding something not blank
    held, merged_ranges, hidden_rows = _worksheet(ws)
    filled = [at for at, value in held.items() if not is_blank(value)]
    last_row = _table_end(sorted({r for r, _ in filled}), EMPTY_ROWS_LIMIT)
    last_col = _table_end(sorted({c for r, c in filled if r <= last_row}), EMPTY_COLUMNS_LIMIT)
    if last_row * last_col > GRID_LIMIT:
        raise Unusable(f"unreadable file: sheet '{ws.title}' holds data over {last_row:,} rows "
                       f"and {last_col:,} columns, more than the {GRID_LIMIT:,} cells a sheet "
                       "may hold; save a table this large as CSV")
    sheet = Sheet(ws.title, pd.DataFrame())
    below = sorted(at for at in filled if at[0] > last_row)
    right = sorted(at for at in filled if at[0] <= last_row and at[1] > last_col)
    if below:
        sheet.refused.append(_beyond_the_table(
            below, held, f"{below[0][0] - last_row - 1:,} empty rows below", "error"))
    if right:
        sheet.refused.append(_beyond_the_table(
            right, held, f"{right[0][1] - last_col - 1:,} empty columns right of", "warning"))
    cells = np.full((last_row, last_col), None, dtype=object)
    for (r, c), value in held.items():
        if r <= last_row and c <= last_col:
            cells[r - 1, c - 1] = value
    for merged in merged_ranges:
        if merged.max_row == merged.min_row or merged.min_row > last_row \
                or merged.min_col > last_col:
            continue  # across columns only (a group header, handled with the header), or beyond
        rows = slice(merged.min_row - 1, min(merged.max_row, last_row))
        cells[rows, merged.min_col - 1:min(merged.max_col, last_col)] = \
            cells[merged.min_row - 1, merged.min_col - 1]
        sheet.merged_down.append((merged.coord, merged.min_row, merged.max_row))
    sheet.cells = pd.DataFrame(cells, dtype=object)
    hidden = [r for r in hidden_rows if r <= last_row
              and any(not is_blank(c) for c in cells[r - 1])]
    if hidden:
        shown = ", ".join(map(str, sorted(hidden)[:10]))
        sheet.notes.append((None, f"hidden rows are read like the others: {shown}"))
    return sheet


def _beyond_the_table(cells: list[tuple[int, int]], held: dict, gap: str,
                      severity: str) -> tuple[int, str, str, str, str]:
    """The one refusal naming the sorted `cells` beyond the table after `gap`, from the first."""
    from openpyxl.utils import get_column_letter

    row, col = cells[0]
    more = f" (and {len(cells) - 1:,} more cells)" if len(cells) > 1 else ""
    return (row, get_column_letter(col), _start(held[row, col]),
            f"cell {get_column_letter(col)}{row}{more} lies {gap} the table: not read; delete "
            "it or move it next to the table", severity)


def _start(value: object, length: int = 50) -> str:
    """The text of a cell as a problem shows it: its first `length` characters."""
    text = cell_text(value[:length + 1] if isinstance(value, str) else value)
    return text if len(text) <= length else text[:length] + "..."


def read_sheets(path: Path, quality) -> list[Sheet]:
    """The sheets of a table file; raises `Unusable` when it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in REFUSED_FORMATS:
            raise Unusable(f"unreadable file: {REFUSED_FORMATS[suffix]}; save it as .xlsx or CSV")
        if suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path)
        return read_csv(path, quality)
    except FileNotFoundError:
        raise Unusable("unreadable file: no such file") from None
    except PermissionError:
        raise Unusable("unreadable file: no permission to read it") from None
    except csv.Error:
        raise Unusable("unreadable file: not readable as CSV") from None
    except OSError:  # Python's own message is English and names a path: the cause only
        raise Unusable("unreadable file: the system could not read it") from None
