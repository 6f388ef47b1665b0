"""Formulas a workbook holds without a stored result.

Excel saves every formula with the value it last computed, and that value is what the loader
reads. A workbook written by a program (a script, an export tool) may hold formulas that no
spreadsheet has computed yet: openpyxl reads them as empty cells. They are found here, in the
worksheet's XML, so that validation names each one instead of losing its value.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.xml.constants import SHEET_MAIN_NS

from smartcity_utils.data.parsing import UnreadCell

_SHEET_DATA, _ROW, _CELL, _FORMULA, _VALUE = (
    f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("sheetData", "row", "c", "f", "v"))


def uncomputed_formulas(path: Path) -> dict[str, dict[tuple[int, int], UnreadCell]]:
    """Sheet name -> (row, column) -> the formula of every cell with no stored result."""
    reader = ExcelReader(path, read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        found = {}
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and _has_formulas(reader.archive, rel.target):
                with reader.archive.open(rel.target) as part:
                    found[sheet.name] = _uncomputed(part)
        return found
    finally:
        reader.archive.close()


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(archive, name: str) -> bool:
    """Whether a worksheet's XML holds a formula at all (a search of its bytes, many times
    faster than parsing them: most sheets of agencies' tables hold none)."""
    with archive.open(name) as part:
        tail = b""
        while chunk := part.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _uncomputed(part) -> dict[tuple[int, int], UnreadCell]:
    """The formula cells of one worksheet's XML without a value (a formula whose stored
    result is empty text says so with type `str`); rows are dropped once read."""
    found: dict[tuple[int, int], UnreadCell] = {}
    sheet_data = None
    for event, element in iterparse(part, events=("start", "end")):
        if event == "start":
            if element.tag == _SHEET_DATA:
                sheet_data = element
            continue
        if element.tag == _CELL:
            formula = element.find(_FORMULA)
            if formula is not None and not element.findtext(_VALUE) \
                    and element.get("t") != "str" and element.get("r"):
                shown = f"={formula.text}" if formula.text else "a shared formula"
                found[coordinate_to_tuple(element.get("r"))] = UnreadCell(
                    shown, f"formula {shown} has no stored result (the workbook was written "
                           "by a program, not saved by Excel): open and save it in Excel, or "
                           "type the value")
        elif element.tag == _ROW and sheet_data is not None:
            sheet_data.remove(element)
    return found
