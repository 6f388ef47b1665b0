"""Saving Excel workbooks for people: atomically, and with no text that Excel would run; and
the identity a workbook sent out keeps inside itself (its document properties), so that a
returned copy says what it is whatever its file is called.

openpyxl stores any string that begins with `=` as a formula; text from the data (an evidence
reference such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0`) must stay text. Every text cell
that a spreadsheet program could read as a formula is stored as a string with Excel's own
quote prefix, the state a cell gets when a person types a leading apostrophe.

(The Stage I form, the one large workbook, is written with XlsxWriter: `stage1/form.py`.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.datavalidation import DataValidation

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


def drop_down(values: list[str], title: str, error: str,
              allow_blank: bool = True) -> DataValidation:
    """An Excel drop-down of `values` that refuses anything else with the message `error`
    titled `title`. Excel keeps such a list as one text of at most 255 characters, commas
    between values."""
    rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                          allow_blank=allow_blank)
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
