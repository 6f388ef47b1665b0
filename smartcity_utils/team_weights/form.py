"""The pairwise-comparison form sent to each member of the technical team (`smartcity template
--weights`): an Excel workbook in Bahasa Indonesia.

Sheets: `Petunjuk` (instructions, the form's number and criteria version, the member's name,
optional, and role, required, from a drop-down), then one sheet per matrix: `Kelompok` (the
criteria groups compared pairwise) and one per group of two or more criteria (its criteria
compared), and `Skala` (Saaty's 1-9 scale in words, the drop-down's source). Each question
is one row: two drop-downs, which of the two is more important and how much more ("sedikit
lebih penting" ...). The structure is protected (sheets and cells other than the answers are
locked, without a password: against slips, not against a determined user); the form's identity
(its number, the criteria file version and a fingerprint of the questions) is stored in
document properties, and each question's key in a hidden column.
"""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection

from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import SmartCityError
from smartcity_utils.spreadsheet import (
    LINE_HEIGHT,
    WRAP,
    drop_down,
    landscape,
    save_workbook,
    set_identity,
    wrap_rows,
)
from smartcity_utils.strings import text
from smartcity_utils.team_weights.ahp import SCALE
from smartcity_utils.team_weights.hierarchy import Hierarchy, element_label, hierarchy
from smartcity_utils.team_weights.layout import (
    ELEMENT_A,
    ELEMENT_B,
    FIRST_ROW,
    FORM_KIND,
    FORM_PROPERTY,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    INTENSITY,
    KEY,
    MEMBER_PROPERTY,
    NAME_CELL,
    NUMBER,
    QUESTIONS_PROPERTY,
    ROLE_CELL,
    SCALE_SHEET,
    SIDE,
    VERSION_PROPERTY,
    column_header,
    form_name,
    role_words,
    sheet_name,
)

ANSWER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDTHS = {NUMBER: 5, ELEMENT_A: 32, ELEMENT_B: 32, SIDE: 34, INTENSITY: 38, KEY: 10}
INSTRUCTION_LINES = 7  # tw.instructions.1 .. 7
MOST_MEMBERS = 99  # forms are numbered 01..99


def _answer_cell(cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = ANSWER_FILL


def _drop_down(sheet, values: list[str] | str, cell: str, title: str) -> None:
    rule = drop_down(values, title, text("tw.pick_from_list", "id"))
    sheet.add_data_validation(rule)
    rule.add(cell)


def _instructions(book: Workbook, member: int, version: str) -> None:
    sheet = book.active
    sheet.title = INSTRUCTIONS_SHEET
    sheet.append([text("tw.form_title", "id")])
    sheet.append([text("tw.form_number", "id"), f"{member:02d}"])
    sheet.append([text("tw.criteria_version", "id"), version])
    sheet.append([text("tw.member_name", "id"), None])
    sheet.append([text("tw.member_role", "id"), None])
    sheet.append([])
    for n in range(1, INSTRUCTION_LINES + 1):
        sheet.append([text(f"tw.instructions.{n}", "id")])
    sheet["A1"].font = Font(bold=True, size=14)
    for row, column in (NAME_CELL, ROLE_CELL):
        _answer_cell(sheet.cell(row, column))
    role = sheet.cell(*ROLE_CELL)
    _drop_down(sheet, role_words("id"), role.coordinate, text("tw.member_role", "id"))
    widths = {"A": 36, "B": 60}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    # each paragraph across both columns, wrapped, its row as high as its lines
    for row in range(7, sheet.max_row + 1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = sheet.cell(row, 1)
        cell.alignment = WRAP
        lines = math.ceil(len(str(cell.value or "")) / (sum(widths.values()) - 4))
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(lines, 1)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _scale(book: Workbook) -> str:
    """The scale sheet; returns the range the intensity drop-downs list."""
    sheet = book.create_sheet(SCALE_SHEET)
    sheet.append([text("tw.scale_choice", "id"), text("tw.scale_value", "id"),
                  text("tw.scale_meaning", "id")])
    for value in SCALE:
        meaning = text(f"tw.scale_meaning.{value}" if value % 2 else "tw.scale_meaning.between",
                       "id")
        sheet.append([text(f"tw.scale.{value}", "id"), value, meaning])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 38), ("B", 8), ("C", 80)):
        sheet.column_dimensions[letter].width = width
    wrap_rows(sheet)
    landscape(sheet)
    return f"{SCALE_SHEET}!$A$2:$A${1 + len(SCALE)}"


def _comparison_sheet(book: Workbook, tree: Hierarchy, matrix: str, scale_range: str) -> None:
    sheet = book.create_sheet(sheet_name(matrix))
    question = "tw.question_groups" if matrix == "groups" else "tw.question_within"
    sheet.cell(1, 1, text(question, "id")).font = Font(bold=True)
    for column in (NUMBER, ELEMENT_A, ELEMENT_B, SIDE, INTENSITY, KEY):
        cell = sheet.cell(HEADER_ROW, column, column_header(column, matrix))
        cell.font = Font(bold=True)
        cell.alignment = WRAP
        sheet.column_dimensions[cell.column_letter].width = WIDTHS[column]
    for n, comparison in enumerate(tree.comparisons(matrix), start=1):
        row = FIRST_ROW + n - 1
        sheet.cell(row, NUMBER, n)
        sheet.cell(row, ELEMENT_A, element_label(matrix, comparison.a))
        sheet.cell(row, ELEMENT_B, element_label(matrix, comparison.b))
        sheet.cell(row, KEY, comparison.key)
        side, intensity = sheet.cell(row, SIDE), sheet.cell(row, INTENSITY)
        _answer_cell(side)
        _answer_cell(intensity)
        # the side's choices are the row's own two names (a range: no quoting of names needed)
        _drop_down(sheet, f"$B${row}:$C${row}", side.coordinate, column_header(SIDE, matrix))
        _drop_down(sheet, scale_range, intensity.coordinate, column_header(INTENSITY, matrix))
    sheet.column_dimensions[sheet.cell(HEADER_ROW, KEY).column_letter].hidden = True
    wrap_rows(sheet, FIRST_ROW)
    landscape(sheet)
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1).coordinate


def weights_form(criteria: CriteriaSet, member: int) -> Workbook:
    """The form of member number `member` for the criteria file `criteria`."""
    tree = hierarchy(criteria)
    if not tree.matrices():
        raise SmartCityError(f"{criteria.file}: one criterion only; there is nothing to compare")
    book = Workbook()
    _instructions(book, member, tree.version)
    scale_range = _scale(book)
    for matrix in tree.matrices():
        _comparison_sheet(book, tree, matrix, scale_range)
    book.move_sheet(SCALE_SHEET, offset=len(book.sheetnames))
    for sheet in book.worksheets:
        sheet.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)
    set_identity(book, {FORM_PROPERTY: FORM_KIND, VERSION_PROPERTY: tree.version,
                        QUESTIONS_PROPERTY: tree.fingerprint(), MEMBER_PROPERTY: f"{member:02d}"})
    return book


def write_weights_forms(out_dir: str | Path, criteria: CriteriaSet, members: int) -> list[Path]:
    """One form per member, numbered 01..`members`, into `out_dir`; the files written."""
    if not 1 <= members <= MOST_MEMBERS:
        raise SmartCityError(f"--members must be 1 to {MOST_MEMBERS}, not {members}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [save_workbook(weights_form(criteria, n), out / form_name(n))
            for n in range(1, members + 1)]
