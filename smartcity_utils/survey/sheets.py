"""How the survey's workbooks look on screen and on paper: protection, wrapped text with row
heights that show it, and landscape pages."""

from __future__ import annotations

import math

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

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
    needs: spreadsheet programs do not grow a row a program wrote when they open the file."""
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            cell.alignment = WRAP
            if cell.value is not None:
                width = max((sheet.column_dimensions[cell.column_letter].width or 10) - 2, 1)
                text_lines = str(cell.value).split("\n")
                lines = max(lines, sum(math.ceil(max(len(t), 1) / width) for t in text_lines))
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
