"""Saving Excel workbooks for people: atomically, and with no text that Excel would run.

openpyxl stores any string that begins with `=` as a formula; text from the data (an evidence
reference such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0`) must stay text. Every text cell
that a spreadsheet program could read as a formula is stored as a string with Excel's own
quote prefix, the state a cell gets when a person types a leading apostrophe.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from smartcity_utils.artifacts import neutralise
from smartcity_utils.atomic import atomic_path


def inert_text(book: Workbook) -> int:
    """Make every formula-looking text cell of `book` plain text; return how many there were."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and neutralise(cell.value) != cell.value:
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def save_workbook(book: Workbook, path: Path) -> Path:
    """Save `book` to `path` atomically, every formula-looking text cell made inert."""
    inert_text(book)
    with atomic_path(Path(path)) as tmp:
        book.save(tmp)
    return Path(path)
