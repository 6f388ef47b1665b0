"""Files as sheets of cells: every sheet of an Excel workbook, a CSV file as one sheet.

A CSV file's encoding is decided per file (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252); a UTF-8 file with a few lines that are not UTF-8 (one stray Windows-1252 byte)
is read line by line and the lines are named in a warning. A CSV file is split into cells by
pandas' C parser (the speed of the disk); a file that parser refuses (a row longer than the
first, an unclosed quote) is split by Python's `csv` module, which reads it as it always did.
Excel cells merged down the rows are filled with the merged value, and hidden rows are read;
both are said in a warning.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.data.cells import distinct_cells, spread
from smartcity_utils.data.parsing import is_blank

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


def decode(data: bytes) -> tuple[str, list[int]]:
    """Text of a CSV file and the 1-based lines that were not UTF-8 in a UTF-8 file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    good, bad, utf8_accents = [], [], 0
    for number, line in enumerate(lines, 1):
        try:
            good.append(line.decode("utf-8"))
            utf8_accents += not line.isascii()
        except UnicodeDecodeError:
            good.append(line.decode("cp1252", errors="replace"))
            bad.append(number)
    if not utf8_accents:  # no line has UTF-8 accents: a Windows-1252 file
        return data.decode("cp1252", errors="replace"), []
    return "\n".join(good), bad


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


FIELD_LIMIT = csv.field_size_limit()


def _csv_sheet(text: str, delimiter: str) -> Sheet:
    """The cells of a CSV text: pandas' C parser where it reads the text as the `csv` module
    would, else the `csv` module itself (which also says what is wrong: a NUL byte, a field
    beyond its size limit)."""
    if "\x00" not in text:
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=object,
                                na_filter=False, skip_blank_lines=False, engine="c")
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            pass
        else:
            frame.columns = range(frame.shape[1])
            sheet = Sheet(None, frame, head_rows=_head_rows(text, delimiter))
            if all(max(map(len, values), default=0) <= FIELD_LIMIT
                   for _, values in sheet.distinct):
                return sheet
    rows = _csv_rows(text, delimiter)
    return Sheet(None, rows_frame(rows), head_rows=rows[:HEAD_ROWS])


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
    best = max(DELIMITERS, key=lambda d: (quality(_csv_rows(head, d)), head.count(d)))
    sheet = _csv_sheet(text, best)
    if bad_lines:
        shown = ", ".join(map(str, bad_lines[:10]))
        sheet.notes.append((None, f"mixed encoding: the file is UTF-8 but line(s) {shown} are "
                                  "not; read as Windows-1252, check their accented letters"))
    return [sheet]


def read_xlsx(path: Path) -> list[Sheet]:
    """Every worksheet of an .xlsx workbook (formulas as their last computed value)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        raise Unusable(f"unreadable file: not an Excel .xlsx workbook ({exc})") from None
    try:
        sheets = [_sheet(ws) for ws in book.worksheets]
    except Exception as exc:
        raise Unusable(f"unreadable file: damaged Excel workbook ({exc})") from None
    finally:
        book.close()
    if all(s.is_empty() for s in sheets):
        raise Unusable("empty file")
    return sheets


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
