"""The plan as the coordinator sends it: one workbook (summary, forms, programmes with the
reason for each), the same programme rows as CSV, and the plan as JSON for `smartcity survey
forms`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from smartcity_utils.artifacts import neutralise
from smartcity_utils.atomic import atomic_path, write_atomically
from smartcity_utils.formatting import integer
from smartcity_utils.spreadsheet import landscape, save_workbook, wrap_rows
from smartcity_utils.strings import sub_dimension_label, text
from smartcity_utils.survey import wording
from smartcity_utils.survey.models import SurveyPlan
from smartcity_utils.survey.plan import PLAN_FILE
from smartcity_utils.survey.rules import SurveyRules

CSV_FILE = "survey_plan.csv"
SOURCES = (
    "S1: Notulensi Sosialisasi Form Dampak Smart City Tahun 2023, Kab. Muara Enim, 7 September "
    "2023, https://simpan.muaraenimkab.go.id/berita/notulensi-sosialisasi-form-dampak-smart-"
    "city-tahun-2023",
    "S2: Rapat Perencanaan Survey Dampak Program Smart City, Kota Surakarta, 11 September 2023, "
    "https://diskominfosp.surakarta.go.id/rapat-perencanaan-survey-dampak-program-smart-city",
    "S3: Diskominfo Gelar Rapat Sosialisasi Evaluasi Dampak Program Smart City di Pemkab Muara "
    "Enim, 7 September 2023, https://muaraenimkab.go.id/web/detail_berita/3817",
)


def plan_workbook_name(year: int, lang: str) -> str:
    return f"rencana_survei_dampak_{year}.xlsx" if lang == "id" else \
        f"impact_survey_plan_{year}.xlsx"


def programme_rows(plan: SurveyPlan, rules: SurveyRules, lang: str) -> pd.DataFrame:
    """One row per programme considered (chosen, alternates, excluded) and per sub-dimension
    without a programme, with its form and the reason in words."""
    form_of = {p.sub_dimension: f for f in plan.forms for p in f.programmes}
    rows = []
    for choice in plan.choices:
        form = form_of.get(choice.sub_dimension)
        base = {"form_id": form.form_id if form else None, "dimension": choice.dimension,
                "sub_dimension": choice.sub_dimension}
        alternate = 0
        for p in choice.programmes:
            alternate += p.role == "alternate"
            rows.append({**base, "role": p.role, "role_label": wording.role(p, alternate, lang),
                         "innovation_id": p.innovation_id, "innovation_name": p.innovation_name,
                         "agency_code": p.agency.code, "agency_name": p.agency.name,
                         "agency_short": p.agency.short,
                         "beneficiaries": p.beneficiaries, "years_running": p.years_running,
                         "pentahelix_sectors": p.pentahelix_sectors,
                         "respondents": form.respondents if form and p.role == "chosen" else None,
                         "reason": wording.reason(p, choice, rules, lang)})
        if choice.chosen is None:
            rows.append({**base, "role": "none", "role_label": wording.role(None, 0, lang),
                         "reason": wording.missing(choice, rules, plan.year, lang)})
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    counts = ["beneficiaries", "years_running", "pentahelix_sectors", "respondents"]
    return frame.astype(dict.fromkeys(counts, "Int64"))


CSV_COLUMNS = ["form_id", "dimension", "sub_dimension", "role", "role_label", "innovation_id",
               "innovation_name", "agency_code", "agency_name", "agency_short", "beneficiaries",
               "years_running", "pentahelix_sectors", "respondents", "reason"]


def _rule_sentence(rules: SurveyRules, lang: str) -> str:
    keys = f"{text('survey.plan.then', lang)} ".join(
        text(f"survey.plan.rank_key.{k}", lang) for k in rules.rank_by)
    return text("survey.plan.rule", lang).format(
        tahapan=wording.either(rules.eligible.tahapan, lang),
        status=wording.either(rules.eligible.exclude_status, lang),
        min=integer(rules.eligible.min_beneficiaries, lang), keys=keys,
        alternates=integer(rules.alternates, lang))


def _summary(book: Workbook, plan: SurveyPlan, rules: SurveyRules, lang: str) -> None:
    sheet = book.active
    sheet.title = text("survey.plan.sheet.summary", lang)
    t = lambda key: text(f"survey.plan.{key}", lang)  # noqa: E731
    coordinators = wording.together([a.short for a in plan.coordinators], lang)
    lines = [
        [t("title").format(city=plan.city, year=plan.year)], [],
        [t("plan_id"), plan.plan_id], [t("data"), plan.data_folder],
        [t("rules"), plan.rules_version], [t("n_forms"), len(plan.forms)],
        [t("n_respondents"), plan.respondents], [],
        [t("about_total"), t("total_note").format(total=integer(plan.respondents, lang))],
        [t("about_rule"), _rule_sentence(rules, lang)],
        [t("about_who"), t("who").format(coordinators=coordinators)],
        [t("about_validity"), t("validity")],
    ]
    missing = [c for c in plan.choices if c.chosen is None]
    if missing:
        lines += [[], [t("missing")]]
        lines += [[sub_dimension_label(c.sub_dimension, lang),
                   wording.missing(c, rules, plan.year, lang)] for c in missing]
    lines += [[], *([t("sources") if n == 0 else None, source]
                    for n, source in enumerate(SOURCES))]
    for line in lines:
        sheet.append(line)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    wrap_rows(sheet, first_row=3)
    for row in sheet.iter_rows(min_row=3):
        row[0].font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    landscape(sheet)


def _table(book: Workbook, title: str, headers: list[str], rows: list[list],
           widths: list[int]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.cell(1, position).font = Font(bold=True)
    wrap_rows(sheet)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    landscape(sheet)


def _forms_rows(plan: SurveyPlan, lang: str) -> list[list]:
    coordinators = ", ".join(a.short for a in plan.coordinators)
    return [[f.form_id, f.file, f.dimension,
             ", ".join(sub_dimension_label(s, lang) for s in f.sub_dimensions),
             "\n".join(f"{p.innovation_name} ({p.agency.short})" for p in f.programmes),
             f.respondents, "\n".join(a.short for a in f.responsible), coordinators,
             text("survey.plan.form_missing", lang).format(
                 subs=", ".join(sub_dimension_label(s, lang) for s in f.missing))
             if f.missing else None]
            for f in plan.forms]


def plan_workbook(plan: SurveyPlan, rules: SurveyRules, lang: str) -> Workbook:
    book = Workbook()
    _summary(book, plan, rules, lang)
    t = lambda key: text(f"survey.plan.{key}", lang)  # noqa: E731
    _table(book, t("sheet.forms"),
           [t("form"), t("file"), text("dimension", lang), text("sub_dimension", lang),
            t("programmes"), t("respondents"), t("responsible"), t("coordinators"), t("note")],
           _forms_rows(plan, lang), [28, 40, 18, 22, 50, 12, 36, 28, 30])
    rows = programme_rows(plan, rules, lang)
    _table(book, t("sheet.programmes"),
           [text("dimension", lang), text("sub_dimension", lang), t("role"), t("innovation_id"),
            t("name"), text("agency", lang), t("beneficiaries"), t("years_running"),
            t("pentahelix_sectors"), t("form"), t("reason")],
           [[r.dimension, sub_dimension_label(r.sub_dimension, lang), r.role_label,
             r.innovation_id, r.innovation_name, r.agency_short,
             *(None if pd.isna(n) else int(n)
               for n in (r.beneficiaries, r.years_running, r.pentahelix_sectors)),
             r.form_id, r.reason] for r in rows.itertuples()],
           [18, 22, 16, 12, 40, 30, 14, 12, 12, 28, 70])
    return book


def write_plan_files(plan: SurveyPlan, rules: SurveyRules, out_dir: Path,
                     lang: str) -> list[Path]:
    """The coordinator's workbook, the CSV and the plan's JSON, each written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    book = save_workbook(plan_workbook(plan, rules, lang),
                         out_dir / plan_workbook_name(plan.year, lang))
    csv = out_dir / CSV_FILE
    rows = programme_rows(plan, rules, lang).map(neutralise)
    with atomic_path(csv) as tmp:
        rows.to_csv(tmp, index=False, lineterminator="\n")
    data = out_dir / PLAN_FILE
    write_atomically(data, plan.model_dump_json(indent=1) + "\n")
    return [book, csv, data]
