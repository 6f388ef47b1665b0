"""The forms that come back, read from one folder: each member's judgements, and every problem
named by file, sheet, row and column.

A form is left out of the group, with the reason, when it is not a team-weights form, when it
asks about another criteria file version or other comparisons than the criteria file read, when
it is a second form for the same member (same form number, or same name), when the role is
blank or not one of the list, or when any answer is blank or outside the scale. An intensity
typed as a number 1-9 instead of picked from the list is read as that value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from smartcity_utils.data.load import Problem, table_files
from smartcity_utils.data.reading import Unusable, check_workbook
from smartcity_utils.strings import text
from smartcity_utils.team_weights.ahp import SCALE
from smartcity_utils.team_weights.hierarchy import Comparison, Hierarchy
from smartcity_utils.team_weights.layout import (
    ELEMENT_A,
    ELEMENT_B,
    FIRST_ROW,
    FORM_KIND,
    FORM_PROPERTY,
    INSTRUCTIONS_SHEET,
    INTENSITY,
    KEY,
    MEMBER_PROPERTY,
    NAME_CELL,
    QUESTIONS_PROPERTY,
    ROLE_CELL,
    SIDE,
    VERSION_PROPERTY,
    column_header,
    role_words,
    scale_words,
    sheet_name,
)


@dataclass(frozen=True)
class MemberForm:
    """One member's returned form, complete: every comparison answered on the scale."""

    number: str
    name: str
    role: str  # a key of layout.ROLES
    file: str
    answers: dict[str, float]  # comparison key -> how many times more important a is than b


@dataclass
class ReturnedForms:
    forms: list[MemberForm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # the workbooks found in the folder


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _intensity(value) -> int | None:
    """An intensity as picked ("sedikit lebih penting") or typed (3); None when off the scale."""
    if isinstance(value, str):
        words = scale_words("id")
        if value.strip().lower() in words:
            return words[value.strip().lower()]
        value = value.strip()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and int(number) in SCALE else None


def _answer(comparison: Comparison, row: tuple, where: dict) -> tuple[float | None, list[Problem]]:
    """The judgement of one row (a over b), or the problems that keep it from being read."""
    side, intensity = row[SIDE - 1], row[INTENSITY - 1]
    label_a, label_b = row[ELEMENT_A - 1], row[ELEMENT_B - 1]

    def problem(column: int, value, reason: str) -> Problem:
        return Problem(**where, column=column_header(column, comparison.matrix),
                       value=None if value is None else str(value), reason=reason)

    if _blank(intensity):
        return None, [problem(INTENSITY, None, f"blank answer: how much more important is "
                              f"not chosen for {label_a} against {label_b}")]
    value = _intensity(intensity)
    if value is None:
        return None, [problem(INTENSITY, intensity, f"answer outside the scale: {intensity!r} "
                              "is not one of the choices of sheet Skala (Saaty's 1-9 scale)")]
    if value == 1:
        return 1.0, []
    if _blank(side):
        return None, [problem(SIDE, None, f"blank answer: which is more important is not "
                              f"chosen for {label_a} against {label_b}")]
    if str(side).strip() not in (label_a, label_b):
        return None, [problem(SIDE, side, f"answer outside the choices: {side!r} is neither "
                              f"{label_a} nor {label_b}")]
    return (float(value) if str(side).strip() == label_a else 1.0 / value), []


def _sheet_answers(book, tree: Hierarchy, matrix: str, name: str) -> tuple[dict, list[Problem]]:
    """The judgements of one comparison sheet, by comparison key."""
    title = sheet_name(matrix)
    if title not in book.sheetnames:
        return {}, [Problem(file=name, sheet=title, reason=f"sheet {title} is missing")]
    rows = {}
    for number, row in enumerate(book[title].iter_rows(min_row=FIRST_ROW, max_col=KEY,
                                                       values_only=True), start=FIRST_ROW):
        if row and not _blank(row[KEY - 1]):
            rows[str(row[KEY - 1]).strip()] = (number, tuple(row) + (None,) * (KEY - len(row)))
    answers, problems = {}, []
    for comparison in tree.comparisons(matrix):
        if comparison.key not in rows:
            problems.append(Problem(file=name, sheet=title, reason=f"the question "
                                    f"{comparison.a} against {comparison.b} is missing"))
            continue
        number, row = rows[comparison.key]
        value, found = _answer(comparison, row, {"file": name, "sheet": title, "row": number})
        problems += found
        if value is not None:
            answers[comparison.key] = value
    return answers, problems


def _member(book, name: str) -> tuple[str, str, list[Problem]]:
    """The member's name and role key from the instructions sheet."""
    sheet = book[INSTRUCTIONS_SHEET] if INSTRUCTIONS_SHEET in book.sheetnames else None
    if sheet is None:
        return "", "", [Problem(file=name, sheet=INSTRUCTIONS_SHEET,
                                reason=f"sheet {INSTRUCTIONS_SHEET} is missing")]
    cells = {(r, c): v for r, row in enumerate(sheet.iter_rows(max_row=ROLE_CELL[0],
                                                               values_only=True), start=1)
             for c, v in enumerate(row, start=1)}
    member_name = str(cells.get(NAME_CELL) or "").strip()
    role = cells.get(ROLE_CELL)
    where = {"file": name, "sheet": INSTRUCTIONS_SHEET, "row": ROLE_CELL[0],
             "column": text("tw.member_role", "id")}
    if _blank(role):
        return member_name, "", [Problem(**where, reason="blank answer: the member's role is "
                                         "required (perangkat daerah, akademisi, praktisi, "
                                         "sektor lain)")]
    roles = role_words("id")
    key = roles.get(str(role).strip().lower())
    if key is None:
        return member_name, "", [Problem(**where, value=str(role), reason=f"answer outside "
                                         f"the choices: {role!r} is not one of "
                                         f"{', '.join(roles)}")]
    return member_name, key, []


def _identity(book, tree: Hierarchy, name: str, source: str) -> tuple[str, list[Problem]]:
    """The form's number, or the problem that makes it not a form of this criteria file."""
    props = {p.name: str(p.value or "") for p in book.custom_doc_props}
    if props.get(FORM_PROPERTY) != FORM_KIND:
        return "", [Problem(file=name, reason="not a team-weights form (write them with "
                            "smartcity template --weights)")]
    if props.get(VERSION_PROPERTY) != tree.version:
        return "", [Problem(file=name, reason=f"a form for criteria version "
                            f"{props.get(VERSION_PROPERTY)!r}, but {source} is version "
                            f"{tree.version!r}: the members answer forms of the file read")]
    if props.get(QUESTIONS_PROPERTY) != tree.fingerprint():
        return "", [Problem(file=name, reason=f"the form asks other comparisons than {source} "
                            "(its groups or criteria changed without a new version)")]
    return props.get(MEMBER_PROPERTY, ""), []


def read_form(path: Path, tree: Hierarchy, source: str) -> tuple[MemberForm | None,
                                                                  list[Problem]]:
    """One returned form: the member's complete judgements, or None with the problems."""
    name = path.name
    if path.suffix.lower() != ".xlsx":
        return None, [Problem(file=name, reason=f"not a team-weights form: a {path.suffix} file "
                              "(the forms are the .xlsx workbooks of smartcity template "
                              "--weights)")]
    try:
        check_workbook(path)
        book = load_workbook(path, read_only=True, data_only=True)
    except Unusable as exc:
        return None, [Problem(file=name, reason=str(exc))]
    except Exception as exc:  # not a workbook openpyxl can open
        return None, [Problem(file=name, reason=f"unreadable workbook: {exc}")]
    try:
        number, problems = _identity(book, tree, name, source)
        if problems:
            return None, problems
        member_name, role, problems = _member(book, name)
        answers: dict[str, float] = {}
        for matrix in tree.matrices():
            found, more = _sheet_answers(book, tree, matrix, name)
            answers.update(found)
            problems += more
    finally:
        book.close()
    if problems:
        return None, problems
    return MemberForm(number, member_name, role, name, answers), []


def read_forms(folder: str | Path, tree: Hierarchy, source: str) -> ReturnedForms:
    """Every form in `folder` (by file name); a second form of one member, or a file that is
    not a form, is named, not read."""
    folder = Path(folder)
    out = ReturnedForms()
    files = table_files(folder)  # spreadsheets and CSV files; each one not a form is named
    out.files = len(files)
    by_number: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for path in files:
        form, problems = read_form(path, tree, source)
        out.problems += problems
        if form is None:
            continue
        first = by_number.get(form.number) or (form.name and by_name.get(_same_name(form.name)))
        if first:
            out.problems.append(Problem(file=form.file, reason=f"a duplicate member: {first} "
                                        "is the same member's form (same form number or "
                                        "name); this one is not read"))
            continue
        by_number[form.number] = form.file
        if form.name:
            by_name[_same_name(form.name)] = form.file
        out.forms.append(form)
    return out


def _same_name(name: str) -> str:
    """A name as compared for duplicates: case and spacing ignored."""
    return " ".join(name.split()).casefold()
