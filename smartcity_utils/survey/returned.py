"""Reading the returned survey forms: a folder of them (the data folder's `survei-dampak/`,
with the plan's `survey_plan.json` beside them) read as one survey against its plan.

Each workbook says which form it is (its identity, `layout`), whatever its file is called; it
is read only when it is a form of this plan with the plan's dimension, sub-dimensions and
programmes and the questionnaire's headings. Several files of one form (two enumerators, say)
are one form. Every respondent row is either scored or listed with its reason (`problems`):

- a row with no answer at all is an unused row of the form, not a respondent;
- a row identical to an earlier one of the same form, respondent fields and every answer (in
  any of the form's files), is a row entered twice: the answers carry no names, so a copy is
  told from a second person only by being the same in every one of its cells;
- a respondent's answers about one programme are scored when every statement is answered on
  the scale and the respondent has used the programme; otherwise they are listed (blank, off
  the scale, never used) and the respondent's other programmes still count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from smartcity_utils.errors import DataError
from smartcity_utils.spreadsheet import identity
from smartcity_utils.survey import layout
from smartcity_utils.survey.forms import answer_columns
from smartcity_utils.survey.models import Form, SurveyPlan
from smartcity_utils.survey.plan import PLAN_FILE, read_plan
from smartcity_utils.survey.problems import SurveyProblem
from smartcity_utils.survey.rules import Questionnaire

ANSWER_COLUMNS = ("form_id", "file", "row", "innovation_id", "score")


@dataclass
class ReturnedSurvey:
    """The plan, each scored answer (a respondent's mean over one programme's statements, on
    the answer scale) and every problem."""

    plan: SurveyPlan | None
    answers: pd.DataFrame
    problems: list[SurveyProblem] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)  # form id -> its files read
    sheets: dict[str, str] = field(default_factory=dict)  # form id -> its answer sheet's name
    rows: dict[str, int] = field(default_factory=dict)  # form id -> respondent rows found
    # innovation id -> whether its responsible agency said it took part: `yes`, `no`, `` (not
    # said); with several files of one form, the least of them (a `no` in any file stands)
    took_part: dict[str, str] = field(default_factory=dict)


def _fold(value) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _blank(value) -> bool:
    return value is None or not str(value).strip()


def _letters(positions: list[int]) -> str:
    """Sheet columns as the reader sees them: `G`, `G, I`, or `G-K` for a run."""
    letters = [get_column_letter(p) for p in positions]
    if len(positions) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{letters[0]}-{letters[-1]}"
    return ", ".join(letters)


def programme_columns(questionnaire: Questionnaire,
                      programmes: int) -> list[tuple[int, int, list[int]]]:
    """(programme index, usage column, statement columns) per programme of a form's answer
    sheet, as `forms.answer_columns` lays them out (column A holds the respondent's number)."""
    fields = len(questionnaire.respondent_fields)
    per = 1 + len(questionnaire.questions)
    return [(k, 2 + fields + k * per,
             list(range(3 + fields + k * per, 2 + fields + (k + 1) * per)))
            for k in range(programmes)]


class _FormReader:
    """One workbook of a form, checked against the plan and read row by row."""

    def __init__(self, path: Path, book, form: Form, questionnaire: Questionnaire, lang: str):
        self.path, self.book, self.form, self.lang = path, book, form, lang
        self.q = questionnaire
        self.columns = answer_columns(form, questionnaire, lang)
        self.scale = {_fold(a.id if lang == "id" else a.en): a.value for a in questionnaire.scale}
        self.sheet_name = layout.ANSWER_SHEET[lang]
        self.problems: list[SurveyProblem] = []

    def problem(self, code, severity, row=None, column=None, value=None, sheet=None, **facts):
        self.problems.append(SurveyProblem(
            file=self.path.name, code=code, severity=severity,
            sheet=self.sheet_name if sheet is None else sheet, row=row, column=column,
            value=None if value is None else str(value), facts=facts))

    def headings_match(self, sheet) -> bool:
        found = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True), ())
        for position, (_, _, heading) in enumerate(self.columns, start=2):
            got = found[position - 1] if position - 1 < len(found) else None
            if _fold(got) != _fold(heading):
                self.problem("changed_heading", "error", row=2,
                             column=get_column_letter(position), value=got, expected=heading)
                return False
        return True

    def programme_blocks(self) -> list[tuple[int, int, list[int]]]:
        return programme_columns(self.q, len(self.form.programmes))

    def respondent_fields(self, row: int, values: list) -> None:
        blank, wrong = [], []
        for position, item in enumerate(self.q.respondent_fields, start=2):
            value = values[position - 2]
            if _blank(value):
                blank.append(position)
            elif item.choices and _fold(value) not in {_fold(getattr(c, self.lang))
                                                         for c in item.choices}:
                wrong.append((position, value, item))
        if blank:
            self.problem("field_blank", "warning", row, _letters(blank))
        for position, value, item in wrong:
            self.problem("field_not_in_list", "warning", row, get_column_letter(position),
                         value, field=getattr(item, self.lang))

    def programme_answer(self, row: int, values: list, k: int, usage: int,
                         statements: list[int]) -> float | None:
        """A respondent's mean over the statements about programme k, or None (listed)."""
        name = self.form.programmes[k].innovation_name
        answers = [values[p - 2] for p in statements]
        used = values[usage - 2]
        if all(_blank(a) for a in answers):
            self.problem("programme_blank", "excluded", row, _letters(statements),
                         programme=name)
            return None
        blank = [p for p, a in zip(statements, answers, strict=True) if _blank(a)]
        off = [(p, a) for p, a in zip(statements, answers, strict=True)
               if not _blank(a) and _fold(a) not in self.scale]
        if blank:
            self.problem("blank_answer", "excluded", row, _letters(blank), programme=name,
                         n=len(blank))
        for position, answer in off:
            self.problem("off_scale", "excluded", row, get_column_letter(position), answer,
                         programme=name, scale=", ".join(self.q.scale_labels(self.lang)))
        if blank or off:
            return None
        usage_key = {_fold(getattr(c, self.lang)): c.key for c in self.q.usage.choices}
        if _blank(used):
            self.problem("usage_blank", "warning", row, get_column_letter(usage),
                         programme=name)
        elif _fold(used) not in usage_key:
            self.problem("field_not_in_list", "warning", row, get_column_letter(usage), used,
                         field=getattr(self.q.usage, self.lang))
        elif usage_key[_fold(used)] in self.q.not_scored_usage:
            self.problem("never_used", "excluded", row, get_column_letter(usage), used,
                         programme=name)
            return None
        return sum(self.scale[_fold(a)] for a in answers) / len(answers)

    def took_part(self) -> dict[str, str]:
        """Whether each programme's responsible agency said it took part (Program sheet, S1):
        innovation id -> `yes`, `no` (any other answer) or `` (none)."""
        name = layout.PROGRAMME_SHEET[self.lang]
        if name not in self.book.sheetnames:
            self.problem("no_sheet", "error", sheet=name)
            return {}
        sheet = self.book[name]
        yes = _fold(layout.TOOK_PART["yes"][self.lang])
        said = {}
        for k, programme in enumerate(self.form.programmes):
            row = layout.FIRST_PROGRAMME_ROW + k
            value = sheet.cell(row, layout.TOOK_PART_COLUMN).value
            said[programme.innovation_id] = "yes" if _fold(value) == yes else \
                "" if _blank(value) else "no"
            if said[programme.innovation_id] != "yes":
                self.problem("agency_not_taking_part" if not _blank(value) else
                             "agency_took_part_blank", "warning", row,
                             get_column_letter(layout.TOOK_PART_COLUMN), value, sheet=name,
                             agency=programme.agency.name, programme=programme.innovation_name)
        return said


def _identity_problem(path: Path, found: dict, plan: SurveyPlan) -> SurveyProblem | None:
    """Why a workbook is not a form of `plan` as planned, or None."""
    def problem(code, **facts):
        return SurveyProblem(file=path.name, code=code, severity="error", facts=facts)

    form_id = found.get(layout.FORM_PROPERTY)
    if not form_id:
        return problem("not_a_form")
    if found.get(layout.PLAN_PROPERTY) != plan.plan_id:
        return problem("other_plan", form=form_id, plan=found.get(layout.PLAN_PROPERTY, "–"),
                       expected=plan.plan_id)
    form = next((f for f in plan.forms if f.form_id == form_id), None)
    if form is None:
        return problem("unknown_form", form=form_id)
    said = (found.get(layout.DIMENSION_PROPERTY), found.get(layout.SUB_DIMENSIONS_PROPERTY),
            found.get(layout.PROGRAMMES_PROPERTY))
    planned = (form.dimension, layout.SEPARATOR.join(form.sub_dimensions),
               layout.SEPARATOR.join(p.innovation_id for p in form.programmes))
    if said != planned:
        return problem("other_dimension", form=form_id, said=" / ".join(map(str, said)),
                       planned=" / ".join(planned))
    if found.get(layout.LANGUAGE_PROPERTY) not in layout.ANSWER_SHEET:
        return problem("no_language", form=form_id)
    return None


def survey_files(folder: Path) -> list[Path]:
    """The files of a survey folder a reading considers (not hidden, not Excel's lock files)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")))


def read_returned_survey(folder: str | Path, questionnaire: Questionnaire) -> ReturnedSurvey:
    """Every returned form of `folder` read against the plan there; a folder that does not
    exist is no survey (plan None, nothing else)."""
    folder = Path(folder)
    empty = pd.DataFrame(columns=list(ANSWER_COLUMNS))
    if not folder.is_dir():
        return ReturnedSurvey(None, empty)
    try:
        plan = read_plan(folder / PLAN_FILE)
    except DataError:
        missing = not (folder / PLAN_FILE).exists()
        return ReturnedSurvey(None, empty, [SurveyProblem(
            file=PLAN_FILE, code="no_plan" if missing else "bad_plan", severity="error")])
    survey = ReturnedSurvey(plan, empty)
    seen: dict[str, dict[tuple, tuple[str, int]]] = {}
    answers = []
    for path in survey_files(folder):
        if path.name == PLAN_FILE:
            continue
        if path.suffix.lower() != ".xlsx":
            survey.problems.append(SurveyProblem(file=path.name, code="not_xlsx",
                                                 severity="warning"))
            continue
        answers += _read_form(path, plan, questionnaire, survey, seen)
    survey.answers = pd.DataFrame(answers, columns=list(ANSWER_COLUMNS))
    survey.problems += _plan_problems(plan, survey, questionnaire)
    survey.problems.sort(key=lambda p: (p.file, p.sheet or "", p.row or 0))
    return survey


def _read_form(path: Path, plan: SurveyPlan, questionnaire: Questionnaire,
               survey: ReturnedSurvey, seen: dict) -> list[tuple]:
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # not a workbook openpyxl can open
        survey.problems.append(SurveyProblem(file=path.name, code="unreadable",
                                             severity="error",
                                             facts={"reason": type(exc).__name__}))
        return []
    found = identity(book)
    problem = _identity_problem(path, found, plan)
    if problem:
        survey.problems.append(problem)
        return []
    form = next(f for f in plan.forms if f.form_id == found[layout.FORM_PROPERTY])
    reader = _FormReader(path, book, form, questionnaire, found[layout.LANGUAGE_PROPERTY])
    answers = []
    if reader.sheet_name not in book.sheetnames:
        reader.problem("no_sheet", "error")
    elif reader.headings_match(book[reader.sheet_name]):
        survey.files.setdefault(form.form_id, []).append(path.name)
        survey.sheets[form.form_id] = reader.sheet_name
        answers, rows = _read_rows(reader, book[reader.sheet_name],
                                   seen.setdefault(form.form_id, {}))
        survey.rows[form.form_id] = survey.rows.get(form.form_id, 0) + rows
        for innovation, said in reader.took_part().items():
            survey.took_part[innovation] = min(survey.took_part.get(innovation, "yes"), said,
                                               key=("no", "", "yes").index)
    survey.problems += reader.problems
    return answers


def _read_rows(reader: _FormReader, sheet,
               seen: dict[tuple, tuple[str, int]]) -> tuple[list[tuple], int]:
    """The scored answers of every respondent row of one file (see the module's rules), and
    how many respondent rows it has."""
    answers, rows = [], 0
    width = len(reader.columns)
    for row, cells in enumerate(sheet.iter_rows(min_row=layout.FIRST_RESPONDENT_ROW, min_col=2,
                                                max_col=1 + width, values_only=True),
                                start=layout.FIRST_RESPONDENT_ROW):
        values = list(cells) + [None] * (width - len(cells))
        if all(_blank(v) for v in values):
            continue  # an unused row of the form
        rows += 1
        key = tuple(_fold(v) for v in values)
        if key in seen:
            first_file, first_row = seen[key]
            reader.problem("duplicate", "excluded", row,
                           f"{get_column_letter(2)}-{get_column_letter(1 + width)}",
                           first_file=first_file, first_row=first_row)
            continue
        seen[key] = (reader.path.name, row)
        reader.respondent_fields(row, values)
        for k, usage, statements in reader.programme_blocks():
            mean = reader.programme_answer(row, values, k, usage, statements)
            if mean is not None:
                answers.append((reader.form.form_id, reader.path.name, row,
                                reader.form.programmes[k].innovation_id, mean))
    return answers, rows


def _plan_problems(plan: SurveyPlan, survey: ReturnedSurvey,
                   questionnaire: Questionnaire) -> list[SurveyProblem]:
    """Forms not returned, and programmes with fewer usable respondents than planned."""
    problems = []
    used = survey.answers.groupby("innovation_id")["row"].size()
    for form in plan.forms:
        files = survey.files.get(form.form_id)
        if not files:
            problems.append(SurveyProblem(file=form.file, code="form_missing",
                                          severity="warning", facts={"form": form.form_id}))
            continue
        columns = programme_columns(questionnaire, len(form.programmes))
        for (_, _, statements), programme in zip(columns, form.programmes, strict=True):
            n = int(used.get(programme.innovation_id, 0))
            if n < form.respondents:
                problems.append(SurveyProblem(
                    file=files[0], sheet=survey.sheets[form.form_id],
                    column=_letters(statements),
                    code="too_few" if n else "no_respondents",
                    severity="warning" if n else "error",
                    facts={"programme": programme.innovation_name, "n": n,
                           "planned": form.respondents}))
    return problems
