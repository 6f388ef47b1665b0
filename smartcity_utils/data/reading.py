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
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.data.cells import distinct_cells, spread
from smartcity_utils.data.formulas import uncomputed_formulas
from smartcity_utils.data.parsing import UnreadCell, is_blank

DELIMITERS = (";", ",", "\t")


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


def read_xlsx(path: Path) -> list[Sheet]:
    """Every worksheet of an .xlsx workbook (formulas as their last computed value; one
    without a stored result as an `UnreadCell`)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        raise Unusable(f"unreadable file: not an Excel .xlsx workbook ({exc})") from None
    try:
        sheets = [_sheet(ws) for ws in book.worksheets]
        _name_uncomputed(sheets, uncomputed_formulas(path))
    except Exception as exc:
        raise Unusable(f"unreadable file: damaged Excel workbook ({exc})") from None
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


def _sheet(ws) -> Sheet:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    sheet = Sheet(ws.title, pd.DataFrame())
    for merged in ws.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue  # merged across columns only: a group header, handled with the header
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = value
        sheet.merged_down.append((merged.coord, merged.min_row, merged.max_row))
    sheet.cells = rows_frame(rows)
    hidden = [r for r, dim in ws.row_dimensions.items() if dim.hidden and r <= len(rows)
              and any(not is_blank(c) for c in rows[r - 1])]
    if hidden:
        shown = ", ".join(map(str, sorted(hidden)[:10]))
        sheet.notes.append((None, f"hidden rows are read like the others: {shown}"))
    return sheet


def read_sheets(path: Path, quality) -> list[Sheet]:
    """The sheets of a table file; raises `Unusable` when it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            raise Unusable("unreadable file: old Excel .xls format; save it as .xlsx or CSV")
        if suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path)
        return read_csv(path, quality)
    except FileNotFoundError:
        raise Unusable("unreadable file: no such file") from None
    except (OSError, csv.Error) as exc:
        raise Unusable(f"unreadable file: {exc}") from None
