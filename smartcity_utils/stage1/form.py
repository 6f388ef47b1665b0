"""The Excel pre-fill of the official Stage I assessment form (form penilaian Smart City Tahap I).

`write_stage1_form` writes one sheet per smart-city dimension (its sub-dimensions, indicators,
levels and evidence status, every sub-dimension listed even without rows) and a summary sheet,
formatted for a person: styled header row, column widths, frozen header, filters.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from smartcity_utils.spreadsheet import save_workbook
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, Stage1Result
from smartcity_utils.stage1.tables import label
from smartcity_utils.strings import language, sub_dimension_label, text
from smartcity_utils.vocabulary import DIMENSIONS, SUB_DIMENSIONS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")
MAX_WIDTH = 60
FORM_COLUMNS = ["sub_dimension", "evaluation_dimension", "indicator_code", "indicator",
                "short_name", "innovation_id", "level", "scale_max", "score", "evidence_ref",
                "evidence_status"]
SUMMARY_COLUMNS = ["dimension", "n_agencies", *SCORE_COLUMNS.values(), "index", "band",
                   "evidence_missing"]


def form_file_name(year: int) -> str:
    """The pre-filled form's file name for an evaluation year."""
    return f"form_tahap1_{year}.xlsx"


def _cell(value):
    """A frame value as an Excel cell value (missing -> empty, numpy -> Python)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def dimension_sheet_rows(result: Stage1Result, dimension: str) -> pd.DataFrame:
    """The form lines of one smart-city dimension (canonical values): its rows in form order,
    and one empty line marked 'not assessed' for each sub-dimension without any row."""
    rows = result.scored_rows[result.scored_rows["dimension"] == dimension]
    parts = []
    for sub, _, _ in SUB_DIMENSIONS[dimension]:
        mine = rows[rows["sub_dimension"] == sub]
        if mine.empty:
            mine = pd.DataFrame({"sub_dimension": [sub], "evidence_status": ["not_assessed"]})
        parts.append(mine)
    parts.append(rows[rows["sub_dimension"].isna()])
    return pd.concat(parts, ignore_index=True).reindex(columns=FORM_COLUMNS)


def _in_report_language(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["sub_dimension"] = frame["sub_dimension"].map(
        lambda s: s if pd.isna(s) else sub_dimension_label(s))
    frame["evidence_status"] = frame["evidence_status"].map(
        lambda s: text(f"ev.status.{s}"))
    return frame


def summary_sheet_rows(result: Stage1Result) -> pd.DataFrame:
    """The city's row, then one row per smart-city dimension, with the form's scores."""
    evidence = result.scored_rows.assign(
        _lacking=result.scored_rows["evidence_status"] != "present"
    ).groupby("dimension")["_lacking"].sum()
    city = result.city_index.assign(dimension=text("ev.city"),
                                    n_agencies=result.city_index["n_agencies_assessed"],
                                    evidence_missing=int(evidence.sum()))
    by_dim = result.index_by_dimension.set_index("dimension").reindex(DIMENSIONS).reset_index()
    by_dim["evidence_missing"] = by_dim["dimension"].map(evidence).fillna(0).astype("int64")
    frame = pd.concat([city, by_dim], ignore_index=True)
    if language() == "en":
        frame["band"] = frame["band_en"]
    return frame[SUMMARY_COLUMNS]


def _about_lines(result: Stage1Result, city: str) -> list[tuple[str, object]]:
    w = result.weights
    return [
        (text("ev.form.city"), city),
        (text("year"), result.year),
        (text("ev.form.weights"), f"{w.file} ({w.version})"),
        (text("ev.form.weights_values"),
         ", ".join(f"{d} {v:g}" for d, v in w.weights.items())),
        (text("ev.form.scale"), f"0-{w.scale:g}"),
        (text("ev.form.note"), text("ev.form.note_text")),
    ]


def _write_table(sheet, frame: pd.DataFrame) -> None:
    """Header row and values of `frame` into `sheet`, formatted for a person."""
    headers = [label(c) for c in frame.columns]
    sheet.append(headers)
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, column in enumerate(frame.columns, 1):
        letter = get_column_letter(i)
        lengths = [len(str(headers[i - 1]))] + [len(str(v)) for v in frame[column].dropna()]
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(lengths) + 2)
        if column in ("score", "index", *SCORE_COLUMNS.values()):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = sheet.dimensions


def _mark_missing_evidence(sheet, frame: pd.DataFrame) -> None:
    """Fill the evidence-status cells of rows without evidence, so the to-do list stands out."""
    column = frame.columns.get_loc("evidence_status") + 1
    lacking = ~frame["evidence_status"].isin(["present", "not_assessed"]).to_numpy()
    cells = sheet.iter_rows(min_row=2, min_col=column, max_col=column)
    for (cell,), mark in zip(cells, lacking, strict=True):
        if mark:
            cell.fill = MISSING_FILL


def write_stage1_form(result: Stage1Result, path: Path, city: str) -> Path:
    """Write the pre-filled Stage I form to `path` (.xlsx): a summary sheet, then one sheet per
    smart-city dimension; return the path."""
    book = Workbook()
    summary = book.active
    summary.title = text("ev.form.summary_sheet")
    _write_table(summary, summary_sheet_rows(result))
    summary.append([])
    for key, value in _about_lines(result, city):
        summary.append([key, value])
    for dimension in DIMENSIONS:
        frame = dimension_sheet_rows(result, dimension)
        sheet = book.create_sheet(dimension)
        _write_table(sheet, _in_report_language(frame))
        _mark_missing_evidence(sheet, frame)
    return save_workbook(book, path)
