"""The Excel pre-fill of the official Stage I assessment form (form penilaian Smart City Tahap I).

`write_stage1_form` writes one sheet per smart-city dimension (its sub-dimensions, indicators,
levels and evidence status, every sub-dimension listed even without rows) and a summary sheet,
formatted for a person: styled header row, column widths, frozen header, filters. It is written
with XlsxWriter in its constant-memory mode, a row at a time: a national registry's form
(261,703 lines) takes 37 s, against 84 s in openpyxl's write-only mode (docs/performance.md),
in little memory. Every text cell is written as text, never as a formula; text that a spreadsheet
program would run gets Excel's quote prefix, as a leading apostrophe typed by a person does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from smartcity_utils import formatting as fmt
from smartcity_utils.atomic import atomic_path
from smartcity_utils.spreadsheet import looks_like_formula
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, Stage1Result
from smartcity_utils.stage1.tables import label
from smartcity_utils.strings import language, sub_dimension_label, text
from smartcity_utils.vocabulary import DIMENSIONS, SUB_DIMENSIONS

HEADER_STYLE = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78",
                "text_wrap": True, "valign": "vcenter"}
MISSING_STYLE = {"bg_color": "#F8CBAD"}  # the evidence status of a line still without evidence
SCORE_STYLE = {"num_format": "0.00"}
MAX_WIDTH = 60
A4 = 9  # Excel's paper size code
FORM_COLUMNS = ["sub_dimension", "evaluation_dimension", "indicator_code", "indicator",
                "short_name", "innovation_id", "level", "scale_max", "score", "evidence_ref",
                "evidence_status"]
SUMMARY_COLUMNS = ["dimension", "n_agencies", *SCORE_COLUMNS.values(), "index_published", "band",
                   "evidence_missing"]


def form_file_name(year: int) -> str:
    """The pre-filled form's file name for an evaluation year."""
    return f"form_tahap1_{year}.xlsx"


def _column_values(values: pd.Series) -> list:
    """A frame column as cell values: missing -> None, numpy scalars -> Python."""
    return values.astype(object).where(values.notna(), None).tolist()


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
    columns = FORM_COLUMNS + ([SUGGESTED] if suggested_values(result) else [])
    return pd.concat(parts, ignore_index=True).reindex(columns=columns)


SUGGESTED = "suggested"  # the form's column of the values `smartcity suggest` filled


def suggested_values(result: Stage1Result) -> int:
    """How many values of the form's lines `smartcity suggest` filled."""
    marks = result.scored_rows.get(SUGGESTED, pd.Series(dtype=object)).fillna("")
    return sum(len([f for f in m.split("; ") if f]) for m in marks.astype(str))


def _marked(fields: object, dimension: str) -> object:
    """A line's suggested fields in words: the sheet's dimension marked as a suggestion."""
    if pd.isna(fields) or not str(fields):
        return None
    return ", ".join(text("as.suggested_value").format(value=dimension if f == "dimension"
                                                       else label(f))
                     for f in str(fields).split("; "))


def _in_report_language(frame: pd.DataFrame, dimension: str = "") -> pd.DataFrame:
    frame = frame.copy()
    if SUGGESTED in frame:
        frame[SUGGESTED] = frame[SUGGESTED].map(lambda f: _marked(f, dimension))
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
    ] + ([(text("ev.form.suggested"), text("ev.form.suggested_text").format(
        values=fmt.count(suggested_values(result), "as.n_values")))]
        if suggested_values(result) else [])


def _column_width(header: str, values: pd.Series) -> float:
    longest = values.dropna().astype(str).str.len().max() if values.notna().any() else 0
    return min(MAX_WIDTH, max(len(str(header)), int(longest)) + 2)


class _Styles:
    """The form's cell formats, made once per workbook (XlsxWriter keeps one per style)."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.header = book.add_format(HEADER_STYLE)
        self.score = book.add_format(SCORE_STYLE)
        self.missing = book.add_format(MISSING_STYLE)
        self.inert = book.add_format({"quote_prefix": True})
        self.inert_missing = book.add_format({**MISSING_STYLE, "quote_prefix": True})


def _write_value(sheet, row: int, column: int, value, style=None, inert=None) -> None:
    """One cell: text always as text (`inert` style for text a spreadsheet would run),
    numbers as numbers, nothing for a missing value unless the cell has a style."""
    if value is None:
        if style is not None:
            sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, inert if looks_like_formula(value) else style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    else:
        sheet.write_number(row, column, value, style)


def _write_table(sheet, styles: _Styles, frame: pd.DataFrame,
                 lacking: np.ndarray | None = None) -> int:
    """Header row and values of `frame` into `sheet`, formatted for a person: styled header,
    column widths, frozen header, filters, 2 decimals for scores, a print layout; the
    evidence status of rows in `lacking` filled so that the to-do list stands out. Return the
    next free row."""
    headers = [label(c) for c in frame.columns]
    for i, column in enumerate(frame.columns):
        sheet.set_column(i, i, _column_width(headers[i], frame[column]))
    sheet.freeze_panes(1, 0)
    # printed, as forms are: A4 landscape, all columns on the page's width, header on each page
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), len(headers) - 1)
    for i, header in enumerate(headers):
        sheet.write_string(0, i, header, styles.header)
    columns = [_column_values(frame[c]) for c in frame.columns]
    plain = [styles.score if c in ("score", "index", *SCORE_COLUMNS.values()) else None
             for c in frame.columns]
    inert = [styles.inert] * len(columns)
    status = frame.columns.get_loc("evidence_status") if lacking is not None else -1
    for r in range(len(frame)):
        style, inert_style = plain, inert
        if status >= 0 and lacking[r]:
            style, inert_style = list(plain), list(inert)
            style[status], inert_style[status] = styles.missing, styles.inert_missing
        for i, values in enumerate(columns):
            _write_value(sheet, r + 1, i, values[r], style[i], inert_style[i])
    return len(frame) + 1


def write_stage1_form(result: Stage1Result, path: Path, city: str) -> Path:
    """Write the pre-filled Stage I form to `path` (.xlsx), atomically: a summary sheet, then
    one sheet per smart-city dimension; return the path."""
    with atomic_path(Path(path)) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        styles = _Styles(book)
        summary = book.add_worksheet(text("ev.form.summary_sheet"))
        row = _write_table(summary, styles, summary_sheet_rows(result)) + 1
        for key, value in _about_lines(result, city):
            _write_value(summary, row, 0, key, inert=styles.inert)
            _write_value(summary, row, 1, value, inert=styles.inert)
            row += 1
        for dimension in DIMENSIONS:
            frame = dimension_sheet_rows(result, dimension)
            lacking = ~frame["evidence_status"].isin(["present", "not_assessed"]).to_numpy()
            _write_table(book.add_worksheet(dimension), styles,
                         _in_report_language(frame, dimension), lacking)
        book.close()
    return Path(path)
