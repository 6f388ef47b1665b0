"""Saving Excel workbooks for people: atomically, and with no text that Excel would run.

openpyxl stores any string that begins with `=` as a formula; text from the data (an evidence
reference such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0`) must stay text. Every text cell
that a spreadsheet program could read as a formula is stored as a string with Excel's own
quote prefix, the state a cell gets when a person types a leading apostrophe.

Large tables are written in openpyxl's write-only (streaming) mode: `streaming_workbook()` and
`cell(sheet, value, ...)` build each cell once, already inert, with its style.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from smartcity_utils.artifacts import neutralise
from smartcity_utils.atomic import atomic_path


def looks_like_formula(value: object) -> bool:
    """Text that a spreadsheet program would run: plain cells holding it must be made inert."""
    return isinstance(value, str) and neutralise(value) != value


def inert_text(book: Workbook) -> int:
    """Make every formula-looking text cell of `book` plain text; return how many there were.
    (A write-only workbook is made inert cell by cell, by `cell`.)"""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if looks_like_formula(c.value):
                    c.data_type = "s"
                    c.quotePrefix = True
                    changed += 1
    return changed


def streaming_workbook() -> Workbook:
    """A write-only workbook: rows are written once and not kept in memory."""
    return Workbook(write_only=True)


def cell(sheet, value, *, font=None, fill=None, alignment=None, number_format=None):
    """A write-only cell of `sheet` holding `value`, inert if it looks like a formula."""
    out = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        out.data_type = "s"
        out.quotePrefix = True
    if font is not None:
        out.font = font
    if fill is not None:
        out.fill = fill
    if alignment is not None:
        out.alignment = alignment
    if number_format is not None:
        out.number_format = number_format
    return out


def save_workbook(book: Workbook, path: Path) -> Path:
    """Save `book` to `path` atomically, every formula-looking text cell made inert."""
    if not book.write_only:
        inert_text(book)
    with atomic_path(Path(path)) as tmp:
        book.save(tmp)
    return Path(path)
