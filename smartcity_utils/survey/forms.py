"""The forms to send: one Excel workbook per form of the plan.

Each holds the instructions (purpose, who answers, that answers are anonymous, how to fill it
in), the programmes in plain words (name, responsible agency, what it does, from the
registry's description) and the answer sheet: one row per planned respondent, the respondent
fields and, per programme, the usage question and the statements, every answer a drop-down.
Every sheet is protected and the workbook's structure locked; only the answer cells are open.
The form's identity (form, plan, year, dimension, sub-dimensions, programmes, questionnaire)
is stored in the workbook itself (`layout`), as the agency templates store their agency.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from smartcity_utils.spreadsheet import drop_down, landscape, lock, set_identity, wrap_rows
from smartcity_utils.strings import sub_dimension_label, text
from smartcity_utils.survey import layout
from smartcity_utils.survey.models import Form, SurveyPlan
from smartcity_utils.survey.rules import Item, Questionnaire
from smartcity_utils.survey.wording import together

ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")   # the cells to fill in: light yellow
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _names(agencies, lang: str) -> str:
    return together([a.name for a in agencies], lang)


def _instructions(book: Workbook, form: Form, plan: SurveyPlan, questionnaire: Questionnaire,
                  lang: str) -> None:
    sheet = book.active
    sheet.title = text("survey.form.sheet.instructions", lang)
    t = lambda key: text(f"survey.form.{key}", lang)  # noqa: E731
    who = "one" if form.split else ("all" if len(form.programmes) == 3 else "some")
    scale = ", ".join(f"{a.value} = {getattr(a, lang)}" for a in questionnaire.scale)
    coordinators = _names(plan.coordinators, lang)
    rows = [
        [t("title").format(city=plan.city, year=plan.year)], [],
        [t("form"), form.form_id],
        [text("dimension", lang), form.dimension],
        [text("sub_dimension", lang), ", ".join(sub_dimension_label(s, lang)
                                                for s in form.sub_dimensions)],
        [t("respondents"), form.respondents],
        [t("responsible"), _names(form.responsible, lang)], [],
        [t("purpose.head"), t("purpose").format(city=plan.city)],
        [t("who.head"), t(f"who.{who}")],
        [t("anonymous.head"), t("anonymous")],
        [t("how.head"), t("how.rows").format(sheet=layout.ANSWER_SHEET[lang],
                                             n=form.respondents)],
        ["", t("how.pick")], ["", t("how.scale").format(scale=scale)], ["", t("how.self")],
        ["", t("how.all")], ["", t("how.took_part").format(sheet=layout.PROGRAMME_SHEET[lang])],
        ["", t("how.return").format(coordinators=coordinators)], [],
        ["", t("together").format(responsible=_names(form.responsible, lang),
                                  coordinators=coordinators)],
    ]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows(min_row=3):
        row[0].font = Font(bold=True)
    wrap_rows(sheet, first_row=3)
    lock(sheet)
    landscape(sheet)


def _programmes(book: Workbook, form: Form, lang: str) -> None:
    sheet = book.create_sheet(layout.PROGRAMME_SHEET[lang])
    sheet.append([text("survey.form.no", lang), text("survey.form.programme_name", lang),
                  text("survey.form.responsible", lang), text("sub_dimension", lang),
                  text("survey.form.description", lang), text("survey.form.took_part", lang)])
    for k, p in enumerate(form.programmes, start=1):
        sheet.append([k, p.innovation_name, p.agency.name,
                      sub_dimension_label(p.sub_dimension, lang), p.description])
    for position, width in enumerate([5, 32, 32, 18, 70, 22], start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.border = GRID
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    wrap_rows(sheet)
    # who ran it: the responsible agency of each programme says it took part (S1)
    took_part = drop_down(layout.took_part_answers(lang), text("survey.form.answer", lang),
                          text("survey.form.pick_error", lang))
    letter = get_column_letter(layout.TOOK_PART_COLUMN)
    took_part.add(f"{letter}{layout.FIRST_PROGRAMME_ROW}:"
                  f"{letter}{layout.FIRST_PROGRAMME_ROW + len(form.programmes) - 1}")
    sheet.add_data_validation(took_part)
    for k in range(len(form.programmes)):
        cell = sheet.cell(layout.FIRST_PROGRAMME_ROW + k, layout.TOOK_PART_COLUMN)
        cell.fill = ANSWER_FILL
        cell.protection = Protection(locked=False)
    lock(sheet)
    landscape(sheet)


def answer_columns(form: Form, questionnaire: Questionnaire,
                    lang: str) -> list[tuple[str | None, Item | None, str]]:
    """(group heading, item, column heading) for each answer column, left to right; the item
    is None for a statement on the scale."""
    columns = [(text("survey.form.respondent", lang), f, getattr(f, lang))
               for f in questionnaire.respondent_fields]
    for k, p in enumerate(form.programmes, start=1):
        group = text("survey.form.programme_head", lang).format(k=k, name=p.innovation_name)
        columns.append((group, questionnaire.usage, getattr(questionnaire.usage, lang)))
        columns += [(group, None, f"{n}. {getattr(q, lang)}")
                    for n, q in enumerate(questionnaire.questions, start=1)]
    return columns


def _answers(book: Workbook, form: Form, questionnaire: Questionnaire, lang: str) -> None:
    sheet = book.create_sheet(layout.ANSWER_SHEET[lang])
    columns = answer_columns(form, questionnaire, lang)
    first, last = layout.FIRST_RESPONDENT_ROW, layout.FIRST_RESPONDENT_ROW + form.respondents - 1
    sheet.cell(2, 1, text("survey.form.no", lang))
    title, error = text("survey.form.answer", lang), text("survey.form.pick_error", lang)
    scale = drop_down(questionnaire.scale_labels(lang), title, error)
    rules = {}
    for position, (group, item, heading) in enumerate(columns, start=2):
        letter = get_column_letter(position)
        sheet.cell(1, position, group)
        sheet.cell(2, position, heading)
        sheet.column_dimensions[letter].width = 15  # a programme's six fit a landscape page
        cells = f"{letter}{first}:{letter}{last}"
        if item is None:
            scale.add(cells)
        elif item.choices:
            if item.key not in rules:
                rules[item.key] = drop_down([getattr(c, lang) for c in item.choices],
                                            title, error)
            rules[item.key].add(cells)
    for rule in (scale, *rules.values()):
        sheet.add_data_validation(rule)
    _merge_groups(sheet, columns)
    for row in range(first, last + 1):
        sheet.cell(row, 1, row - first + 1).border = GRID
        for position in range(2, len(columns) + 2):
            cell = sheet.cell(row, position)
            cell.fill = ANSWER_FILL
            cell.border = GRID
            cell.protection = Protection(locked=False)
    for row in sheet.iter_rows(min_row=1, max_row=2):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.fill = HEAD_FILL
            cell.border = GRID
    sheet.column_dimensions["A"].width = 5
    sheet.row_dimensions[2].height = 105
    sheet.freeze_panes = sheet.cell(first, 2)
    sheet.print_title_rows = f"1:{first - 1}"
    sheet.print_title_cols = "A:A"
    landscape(sheet, fit_width=False)  # a page per programme: the column breaks above
    lock(sheet)


def _merge_groups(sheet: Worksheet, columns: list) -> None:
    """Merge each group heading of row 1 across its columns, and start each group on a new
    printed page (a programme's questions fit one landscape page)."""
    start = 2
    for position in range(2, len(columns) + 3):
        at_end = position == len(columns) + 2
        if at_end or columns[position - 2][0] != columns[start - 2][0]:
            if position - 1 > start:
                sheet.merge_cells(start_row=1, start_column=start, end_row=1,
                                  end_column=position - 1)
            if not at_end:
                sheet.col_breaks.append(Break(id=position - 1))
            start = position


def survey_form(form: Form, plan: SurveyPlan, questionnaire: Questionnaire,
                questionnaire_version: str, lang: str) -> Workbook:
    """The workbook of one form of `plan`, ready to send."""
    book = Workbook()
    _instructions(book, form, plan, questionnaire, lang)
    _programmes(book, form, lang)
    _answers(book, form, questionnaire, lang)
    book.security = WorkbookProtection(lockStructure=True)
    set_identity(book, {
        layout.FORM_PROPERTY: form.form_id, layout.PLAN_PROPERTY: plan.plan_id,
        layout.YEAR_PROPERTY: str(plan.year), layout.DIMENSION_PROPERTY: form.dimension,
        layout.SUB_DIMENSIONS_PROPERTY: layout.SEPARATOR.join(form.sub_dimensions),
        layout.PROGRAMMES_PROPERTY: layout.SEPARATOR.join(p.innovation_id
                                                          for p in form.programmes),
        layout.RESPONDENTS_PROPERTY: str(form.respondents),
        layout.QUESTIONNAIRE_PROPERTY: questionnaire_version, layout.LANGUAGE_PROPERTY: lang,
    })
    book.properties.title = text("survey.form.title", lang).format(city=plan.city,
                                                                  year=plan.year)
    book.properties.subject = form.form_id
    return book
