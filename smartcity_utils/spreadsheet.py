"""Saving Excel workbooks for people: atomically, and with no text that Excel would run.

openpyxl stores any string that begins with `=` as a formula; text from the data (an evidence
reference such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0`) must stay text. Every text cell
that a spreadsheet program could read as a formula is stored as a string with Excel's own
quote prefix, the state a cell gets when a person types a leading apostrophe.

(The Stage I form, the one large workbook, is written with XlsxWriter: `stage1/form.py`.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from smartcity_utils.artifacts import neutralise
from smartcity_utils.atomic import atomic_path


def looks_like_formula(value: object) -> bool:
    """Text that a spreadsheet program would run: plain cells holding it must be made inert."""
    return isinstance(value, str) and neutralise(value) != value


def inert_text(book: Workbook) -> int:
    """Make every formula-looking text cell of `book` plain text; return how many there were."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if looks_like_formula(c.value):
                    c.data_type = "s"
                    c.quotePrefix = True
                    changed += 1
    return changed


def save_workbook(book: Workbook, path: Path) -> Path:
    """Save `book` to `path` atomically, every formula-looking text cell made inert."""
    inert_text(book)
    with atomic_path(Path(path)) as tmp:
        book.save(tmp)
    return Path(path)
