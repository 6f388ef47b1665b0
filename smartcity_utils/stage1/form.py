"""The Excel pre-fill of the official Stage I assessment form (form penilaian Smart City Tahap I).

`write_stage1_form` writes one sheet per smart-city dimension (its sub-dimensions, indicators,
levels and evidence status, every sub-dimension listed even without rows) and a summary sheet,
formatted for a person: styled header row, column widths, frozen header, filters. It is written
in streaming mode, so a national registry's form takes seconds and little memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from smartcity_utils.spreadsheet import (
    cell,
    looks_like_formula,
    save_workbook,
    streaming_workbook,
)
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, Stage1Result
from smartcity_utils.stage1.tables import label
from smartcity_utils.strings import language, sub_dimension_label, text
from smartcity_utils.vocabulary import DIMENSIONS, SUB_DIMENSIONS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
MISSING_FILL = PatternFill("solid", fgColor="F8CBAD")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
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
    status = result.scored_rows["evidence_status"]
    evidence = result.scored_rows.assign(_lacking=status != "present").groupby(
        "dimension")["_lacking"].sum().astype("Int64")
    if not status.ne("unknown").any():  # no row says whether its evidence is there
        evidence[:] = pd.NA
    city = result.city_index.assign(dimension=text("ev.city"),
                                    n_agencies=result.city_index["n_agencies_assessed"],
                                    evidence_missing=evidence.sum(min_count=1))
    by_dim = result.index_by_dimension.set_index("dimension").reindex(DIMENSIONS).reset_index()
    by_dim["evidence_missing"] = by_dim["dimension"].map(evidence).astype("Int64")
    if status.ne("unknown").any():
        by_dim["evidence_missing"] = by_dim["evidence_missing"].fillna(0)
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


def _column_width(header: str, values: pd.Series) -> float:
    longest = values.dropna().astype(str).str.len().max() if values.notna().any() else 0
    return min(MAX_WIDTH, max(len(str(header)), int(longest)) + 2)


def _write_table(sheet, frame: pd.DataFrame, lacking: np.ndarray | None = None) -> None:
    """Header row and values of `frame` into a write-only `sheet`, formatted for a person:
    styled header, column widths, frozen header, filters, 2 decimals for scores; the evidence
    status of rows in `lacking` filled so that the to-do list stands out."""
    headers = [label(c) for c in frame.columns]
    for i, column in enumerate(frame.columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _column_width(headers[i - 1],
                                                                            frame[column])
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(frame) + 1}"
    sheet.append([cell(sheet, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN)
                  for h in headers])
    decimals = {i for i, c in enumerate(frame.columns)
                if c in ("score", "index", *SCORE_COLUMNS.values())}
    status = frame.columns.get_loc("evidence_status") if lacking is not None else -1
    for r, values in enumerate(frame.itertuples(index=False)):
        row = [_cell(v) for v in values]
        for i in decimals:
            row[i] = cell(sheet, row[i], number_format="0.00")
        if status >= 0 and lacking[r]:
            row[status] = cell(sheet, row[status], fill=MISSING_FILL)
        sheet.append([cell(sheet, v) if looks_like_formula(v) else v for v in row])


def write_stage1_form(result: Stage1Result, path: Path, city: str) -> Path:
    """Write the pre-filled Stage I form to `path` (.xlsx), streaming: a summary sheet, then one
    sheet per smart-city dimension; return the path."""
    book = streaming_workbook()
    summary = book.create_sheet(text("ev.form.summary_sheet"))
    _write_table(summary, summary_sheet_rows(result))
    summary.append([])
    for key, value in _about_lines(result, city):
        summary.append([cell(summary, key), cell(summary, value)])
    for dimension in DIMENSIONS:
        frame = dimension_sheet_rows(result, dimension)
        lacking = ~frame["evidence_status"].isin(["present", "not_assessed"]).to_numpy()
        _write_table(book.create_sheet(dimension), _in_report_language(frame), lacking)
    return save_workbook(book, path)
