"""The sample's returned impact survey: the plan `smartcity survey plan` makes of the sample's
registry, and every form filled in as respondents would, with a planted mean per programme and
the usual defects.

Each statement's answer is drawn on its own: with probability NOISE any answer of the scale
(mean 2.5 on 1-4), otherwise one of the two answers around a centre chosen so that the
expected answer is the programme's planted mean exactly. A programme's true mean on the report
scale is therefore its planted mean mapped as the questionnaire says. Defects (metadata.json,
`planted.impact_survey.defects`): a blank statement, a row entered twice, a form returned with
fewer rows than planned, and an agency that says it did not take part.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from smartcity_utils.collection.layout import SURVEY_FOLDER
from smartcity_utils.config import QUESTIONNAIRE_FILE
from smartcity_utils.params import resolve
from smartcity_utils.spreadsheet import save_workbook
from smartcity_utils.survey import layout
from smartcity_utils.survey.forms import answer_columns, survey_form
from smartcity_utils.survey.models import Form, SurveyPlan
from smartcity_utils.survey.plan import PLAN_FILE, survey_plan
from smartcity_utils.survey.returned import programme_columns
from smartcity_utils.survey.rules import (
    RULES_FILE,
    Questionnaire,
    read_questionnaire,
    read_rules,
)
from smartcity_utils.survey.selection import choose_programmes, survey_agencies

NOISE = 0.1
MEANS = (2.6, 3.6)  # planted programme means lie in this range (answer scale)
SAVED = dt.datetime(2024, 9, 30, 12, 0, 0)  # the forms' save time: the same bytes every time
KELURAHAN = ("Sungai Bangkong", "Darat Sekip", "Tengah", "Mariana", "Benua Melayu Darat",
             "Parit Tokaya", "Akcaya", "Siantan Hulu", "Tambelan Sampit", "Banjar Serasan")
SHORT_FORM_ROWS = 38   # the short form's respondents (of 50)


def _probabilities(mean: float, values: list[int]) -> np.ndarray:
    """Answer probabilities over `values` whose expected value is `mean` exactly."""
    uniform = np.full(len(values), 1 / len(values))
    centre = (mean - NOISE * float(np.mean(values))) / (1 - NOISE)
    low = min(max(math.floor(centre), values[0]), values[-2])
    p = np.zeros(len(values))
    p[low - values[0]] = low + 1 - centre
    p[low + 1 - values[0]] = centre - low
    return NOISE * uniform + (1 - NOISE) * p


def _fill(sheet, form: Form, questionnaire: Questionnaire, means: dict[str, float], rows: int,
          rng: np.random.Generator) -> None:
    values = [a.value for a in questionnaire.scale]
    labels = questionnaire.scale_labels("id")
    usage = [c.id for c in questionnaire.usage.choices if c.key not in
             questionnaire.not_scored_usage]
    blocks = programme_columns(questionnaire, len(form.programmes))
    for r in range(rows):
        row = layout.FIRST_RESPONDENT_ROW + r
        for position, field in enumerate(questionnaire.respondent_fields, start=2):
            choices = [c.id for c in field.choices] or list(KELURAHAN)
            sheet.cell(row, position, choices[rng.integers(len(choices))])
        for k, usage_column, statements in blocks:
            p = _probabilities(means[form.programmes[k].innovation_id], values)
            sheet.cell(row, usage_column, usage[rng.integers(len(usage))])
            for column in statements:
                sheet.cell(row, column, labels[rng.choice(len(values), p=p)])


def _fixed_bytes(path: Path) -> None:
    """Rewrite the workbook's zip with one fixed time on every entry and as its save time
    (openpyxl stamps the time of saving)."""
    saved = f">{SAVED.isoformat()}Z<".encode()
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    entries = [(name, re.sub(rb">[0-9T:-]+Z<", saved, data) if name == "docProps/core.xml"
                else data) for name, data in entries]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(zipfile.ZipInfo(name, SAVED.timetuple()[:6]), data,
                            compress_type=zipfile.ZIP_DEFLATED)


def _plan(agencies: pd.DataFrame, innovations: pd.DataFrame, city: str) -> SurveyPlan:
    rules, version = read_rules(resolve(RULES_FILE))
    known = survey_agencies(agencies)
    year = int(innovations["year"].max())
    choices = choose_programmes(innovations, known, rules, year)
    return survey_plan(choices, rules, version, year, [known[c] for c in rules.coordinators],
                       data_folder="sample", city=city)


def write_survey(out: Path, agencies: pd.DataFrame, innovations: pd.DataFrame, city: str,
                 rng: np.random.Generator) -> dict:
    """The plan and every returned form into `out/survei-dampak/`; the planted truth."""
    folder = out / SURVEY_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    plan = _plan(agencies, innovations, city)
    questionnaire, version = read_questionnaire(resolve(QUESTIONNAIRE_FILE))
    programmes = [p for f in plan.forms for p in f.programmes]
    means = {p.innovation_id: round(float(m), 2)
             for p, m in zip(programmes, rng.uniform(*MEANS, len(programmes)), strict=True)}
    short, blank, twice, absent = plan.forms[-2], plan.forms[0], plan.forms[2], plan.forms[-1]
    blank_block = programme_columns(questionnaire, len(blank.programmes))[1]
    defects = []
    for form in plan.forms:
        book = survey_form(form, plan, questionnaire, version, "id")
        rows = SHORT_FORM_ROWS if form is short else form.respondents
        _fill(book[layout.ANSWER_SHEET["id"]], form, questionnaire, means, rows, rng)
        answers = book[layout.ANSWER_SHEET["id"]]
        if form is blank:  # respondent 7 leaves the second programme's third statement blank
            row, column = layout.FIRST_RESPONDENT_ROW + 6, blank_block[2][2]
            answers.cell(row, column).value = None
            defects.append({"file": form.file, "sheet": answers.title, "row": row,
                            "column": get_column_letter(column), "code": "blank_answer"})
        if form is twice:  # respondent 12 is respondent 5 entered again
            source, copy = layout.FIRST_RESPONDENT_ROW + 4, layout.FIRST_RESPONDENT_ROW + 11
            for column in range(2, 2 + len(answer_columns(form, questionnaire, "id"))):
                answers.cell(copy, column).value = answers.cell(source, column).value
            defects.append({"file": form.file, "sheet": answers.title, "row": copy,
                            "first_row": source, "code": "duplicate"})
        if form is short:
            defects.append({"file": form.file, "sheet": answers.title, "rows": rows,
                            "planned": form.respondents, "code": "too_few"})
        took_part = book[layout.PROGRAMME_SHEET["id"]]
        for k in range(len(form.programmes)):
            answer = "no" if form is absent and k == 0 else "yes"
            took_part.cell(layout.FIRST_PROGRAMME_ROW + k, layout.TOOK_PART_COLUMN,
                           layout.TOOK_PART[answer]["id"])
        if form is absent:
            defects.append({"file": form.file, "sheet": took_part.title,
                            "row": layout.FIRST_PROGRAMME_ROW,
                            "column": get_column_letter(layout.TOOK_PART_COLUMN),
                            "code": "agency_not_taking_part"})
        book.properties.created = book.properties.modified = SAVED
        _fixed_bytes(save_workbook(book, folder / form.file))
    (folder / PLAN_FILE).write_text(plan.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return {"folder": SURVEY_FOLDER, "year": plan.year, "plan_id": plan.plan_id,
            "programme_means": means, "scale": "answer scale (questionnaire values)",
            "answer_model": {"noise": NOISE, "means_range": list(MEANS)}, "defects": defects}
