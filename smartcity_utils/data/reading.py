"""Files as sheets of cells: every sheet of an Excel workbook, a CSV file as one sheet.

A CSV file's encoding is decided per file (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252); a UTF-8 file with a few lines that are not UTF-8 (one stray Windows-1252 byte)
is read line by line and the lines are named in a warning. Excel cells merged down the rows
are filled with the merged value, and hidden rows are read; both are said in a warning.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from smartcity_utils.data.parsing import is_blank

DELIMITERS = (";", ",", "\t")


class Unusable(Exception):
    """The file cannot be read at all; the message is the problem's reason."""


@dataclass
class Sheet:
    """The cells of one sheet (or CSV file), row by row, and what reading it noticed."""

    name: str | None
    rows: list[list[object]]
    notes: list[tuple[int | None, str]] = field(default_factory=list)  # (row, warning)
    merged_down: list[tuple[str, int, int]] = field(default_factory=list)  # (cells, rows)


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


def read_csv(path: Path, quality) -> list[Sheet]:
    """A CSV file as one sheet, with the separator whose rows `quality` scores best."""
    text, bad_lines = decode(path.read_bytes())
    if not text.strip():
        raise Unusable("empty file")
    head = "\n".join(text.splitlines()[:12])
    best = max(DELIMITERS, key=lambda d: (quality(_csv_rows(head, d)), head.count(d)))
    sheet = Sheet(None, _csv_rows(text, best))
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
    if not any(not is_blank(c) for s in sheets for row in s.rows for c in row):
        raise Unusable("empty file")
    return sheets


def _sheet(ws) -> Sheet:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    sheet = Sheet(ws.title, rows)
    for merged in ws.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue  # merged across columns only: a group header, handled with the header
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = value
        sheet.merged_down.append((merged.coord, merged.min_row, merged.max_row))
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
