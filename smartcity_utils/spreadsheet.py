"""Saving Excel workbooks for people: atomically, and with no text that Excel would run; the
identity a workbook sent out keeps inside itself (its document properties), so that a
returned copy says what it is whatever its file is called; and how a form looks on screen and
on paper (protection, wrapped text with row heights that show it, pages fitted to the width).

openpyxl stores any string that begins with `=` as a formula; text from the data (an evidence
reference such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0`) must stay text. Every text cell
that a spreadsheet program could read as a formula is stored as a string with Excel's own
quote prefix, the state a cell gets when a person types a leading apostrophe.

(The Stage I form, the one large workbook, is written with XlsxWriter: `stage1/form.py`.)
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

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


def drop_down(values: list[str] | str, title: str, error: str,
              allow_blank: bool = True) -> DataValidation:
    """An Excel drop-down of `values` that refuses anything else with the message `error`
    titled `title`. `values` is a list (Excel keeps it as one text of at most 255 characters,
    commas between values) or a range of cells holding them, such as `Skala!$A$2:$A$18`."""
    formula = values if isinstance(values, str) else '"' + ",".join(values) + '"'
    rule = DataValidation(type="list", formula1=formula, allow_blank=allow_blank)
    rule.error = error
    rule.errorTitle = title
    rule.showErrorMessage = True
    return rule


def set_identity(book: Workbook, identity: dict[str, str]) -> None:
    """Store `identity` (property name -> text) in the workbook's custom document properties."""
    for name, value in identity.items():
        book.custom_doc_props.append(StringProperty(name=name, value=str(value)))


def identity(book: Workbook) -> dict[str, str]:
    """The custom document properties of a workbook (`set_identity`), stripped; empty ones
    left out."""
    return {p.name: str(p.value).strip() for p in book.custom_doc_props
            if p.value is not None and str(p.value).strip()}


# ------------------------------------------------------------------ how a form looks

WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
LINE_HEIGHT = 15  # points per line of 11-point text


def lock(sheet: Worksheet) -> None:
    """Protect the sheet (no password): locked cells cannot be changed; columns and rows may
    still be widened."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def landscape(sheet: Worksheet, fit_width: bool = True) -> None:
    """Print across the page; `fit_width`: all columns on one page's width."""
    sheet.page_setup.orientation = "landscape"
    if fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True


def wrap_rows(sheet: Worksheet, first_row: int = 1) -> None:
    """Wrap every cell from `first_row` down and give each row the height its longest cell
    needs: spreadsheet programs do not grow a row a program wrote when they open the file.
    Hidden columns do not count."""
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            cell.alignment = WRAP
            if cell.value is not None and not sheet.column_dimensions[cell.column_letter].hidden:
                width = max((sheet.column_dimensions[cell.column_letter].width or 10) - 2, 1)
                text_lines = str(cell.value).split("\n")
                lines = max(lines, sum(math.ceil(max(len(t), 1) / width) for t in text_lines))
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
