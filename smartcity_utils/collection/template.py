"""Collection templates: one Excel workbook per agency for the coordinator to send out.

Each workbook has an instructions sheet in Bahasa Indonesia (`Petunjuk`), the innovation
registry sheet (`Inovasi`) and the Stage I sheet (`Penilaian`). Headers are the contract's
Indonesian headers with the English in parentheses, which the loader reads as they are; every
list column has an Excel drop-down, numbers, years and dates are checked by Excel data
validation, amounts and dates are formatted. With the data of last round, the agency's rows of
its latest year are filled in for the year asked (the agency updates instead of retyping) and
the Stage I indicators to score are listed with level and evidence left empty. The agency's code
is in the file itself (a document property and the instructions sheet), not only in its name.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from smartcity_utils.atomic import write_atomically
from smartcity_utils.collection.layout import (
    AGENCY_PROPERTY,
    SENT_FILE,
    YEAR_PROPERTY,
    header,
    template_name,
)
from smartcity_utils.collection.registry import load_registry
from smartcity_utils.errors import SmartCityError
from smartcity_utils.schema import ASSESSMENT, INNOVATIONS, Column, Table
from smartcity_utils.spreadsheet import drop_down, save_workbook, set_identity
from smartcity_utils.vocabulary import canonical_values

SHEETS = {"innovations": "Inovasi", "assessment": "Penilaian"}
VALIDATED_ROWS = 1000  # drop-downs and checks reach this far down each sheet
YES_NO = ("ya", "tidak")
FORMATS = {"amount": "#,##0", "count": "#,##0", "date": "DD/MM/YYYY", "number": "0.##"}
REQUIRED_FILL = PatternFill("solid", fgColor="DDEBF7")

INSTRUCTIONS = (
    "Petunjuk pengisian",
    "",
    "1. Isi lembar 'Inovasi': satu baris untuk setiap inovasi perangkat daerah Anda pada tahun "
    "ini. Baris yang sudah terisi berasal dari data tahun lalu: perbarui isinya, hapus baris "
    "inovasi yang tidak lagi berjalan, tambahkan baris untuk inovasi baru.",
    "2. Isi lembar 'Penilaian': untuk setiap indikator Tahap I, isi Level (0 sampai Skala Maks) "
    "dan Bukti Dukung (nama dokumen), lalu pilih Ada Bukti: ya atau tidak.",
    "3. Kolom berwarna biru wajib diisi. Kolom dengan daftar pilihan hanya menerima nilai dari "
    "daftar tersebut.",
    "4. Tanggal ditulis hari/bulan/tahun (05/06/2024). Anggaran ditulis dalam rupiah tanpa "
    "'Rp' (1250000).",
    "5. Jangan mengubah baris judul kolom atau nama lembar, dan jangan menghapus kolom.",
    "6. Kirim kembali berkas ini (bukan salinan dengan nama lain untuk perangkat daerah lain) "
    "kepada Tim Teknis Smart City.",
)


def _allowed(column: Column, agency_code: str) -> list[str] | None:
    """The drop-down values of a column, or None when it has no list."""
    if column.kind == "vocab":
        return canonical_values(column.vocabulary)
    if column.kind == "bool":
        return list(YES_NO)
    if column.kind == "agency":
        return [agency_code]
    return None


def _validation(column: Column, agency_code: str) -> DataValidation | None:
    """The Excel data validation of one column."""
    allowed = _allowed(column, agency_code)
    if allowed is not None:
        return drop_down(allowed, column.header_id, "Pilih salah satu nilai dari daftar.",
                         allow_blank=not column.required)
    if column.kind == "year":
        rule = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100")
        rule.error = "Tahun empat angka, misalnya 2024."
    elif column.kind in ("amount", "count", "number"):
        kind = "whole" if column.kind == "count" else "decimal"
        rule = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0")
        rule.error = "Angka 0 atau lebih, tanpa 'Rp' dan tanpa satuan."
    elif column.kind == "date":
        rule = DataValidation(type="date", operator="between", formula1="1", formula2="73051")
        rule.error = "Tanggal, misalnya 05/06/2024."
    else:
        return None
    rule.showErrorMessage = True
    rule.errorTitle = column.header_id
    return rule


def _cell_value(column: Column, value: object) -> object:
    """A clean value as the agency should see it in its cell."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if column.kind == "bool":
        return YES_NO[0] if value else YES_NO[1]
    if column.kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if column.kind in ("year", "count"):
        return int(value)
    if column.kind in ("amount", "number"):
        return float(value)
    return str(value)


def _table_sheet(book: Workbook, table: Table, rows: pd.DataFrame, agency_code: str) -> None:
    """One data sheet: headers, pre-filled rows, drop-downs, checks and number formats."""
    sheet = book.create_sheet(SHEETS[table.name])
    sheet.append([header(c) for c in table.columns])
    for record in rows.to_dict("records"):
        sheet.append([_cell_value(c, record.get(c.name)) for c in table.columns])
    for position, column in enumerate(table.columns, start=1):
        letter = get_column_letter(position)
        title = sheet.cell(1, position)
        title.font = Font(bold=True)
        title.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            title.fill = REQUIRED_FILL
        sheet.column_dimensions[letter].width = 40 if column.kind == "text" else 18
        cells = f"{letter}2:{letter}{VALIDATED_ROWS}"
        rule = _validation(column, agency_code)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(cells)
        if column.kind in FORMATS:
            for row in range(2, VALIDATED_ROWS + 1):
                sheet.cell(row, position).number_format = FORMATS[column.kind]
    sheet.freeze_panes = "A2"


def _instructions(book: Workbook, agency: dict, year: int) -> None:
    sheet = book.active
    sheet.title = "Petunjuk"
    sheet.append([f"Formulir Registri Inovasi dan Penilaian Tahap I {year}"])
    sheet.append(["Kode PD (Agency Code)", agency["agency_code"]])
    sheet.append(["Perangkat Daerah (Agency)", agency.get("agency_name") or ""])
    sheet.append(["Tahun (Year)", year])
    sheet.append([])
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60


def agency_template(agency: dict, year: int, innovations: pd.DataFrame,
                    assessment: pd.DataFrame) -> Workbook:
    """The workbook sent to one agency, pre-filled with `innovations` and `assessment` rows."""
    book = Workbook()
    _instructions(book, agency, year)
    _table_sheet(book, INNOVATIONS, innovations, agency["agency_code"])
    _table_sheet(book, ASSESSMENT, assessment, agency["agency_code"])
    set_identity(book, {AGENCY_PROPERTY: agency["agency_code"], YEAR_PROPERTY: str(year)})
    book.properties.subject = f"{agency['agency_code']} {year}"
    return book


def _latest_rows(frame: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The agency's rows of its latest year before `year`, re-dated to `year`."""
    mine = frame[(frame["agency_code"] == code) & (frame["year"] < year)]
    if mine.empty:
        return mine
    return mine[mine["year"] == mine["year"].max()].assign(year=year)


def _indicators(assessment: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The Stage I indicators the agency scores for `year`: those of its latest assessment
    (else the city's latest indicator list), with level and evidence left to fill."""
    rows = _latest_rows(assessment, code, year)
    if rows.empty:
        city = assessment[assessment["year"] < year]
        city = city[city["year"] == city["year"].max()] if not city.empty else city
        rows = city.drop_duplicates(["evaluation_dimension", "indicator_code"]).assign(
            agency_code=code, innovation_id=None, year=year)
    return rows.assign(level=None, evidence_ref=None, evidence_present=None)


def write_templates(out_dir: str | Path, data_dir: str | Path | None = None,
                    agencies: str = "all", year: int | None = None) -> list[Path]:
    """Write one template per agency into `out_dir`; returns the files written."""
    if data_dir is None:
        if agencies == "all":
            raise SmartCityError("without --data there is no agencies list: give --data DIR "
                                 "or --agencies CODE,CODE")
        codes = [a.strip() for a in agencies.split(",") if a.strip()]
        year = year or dt.date.today().year
        empty_inn = pd.DataFrame(columns=INNOVATIONS.column_names)
        empty_ass = pd.DataFrame(columns=ASSESSMENT.column_names)
        return [save_workbook(agency_template({"agency_code": c}, year, empty_inn, empty_ass),
                              Path(out_dir) / template_name(c, year)) for c in codes] + \
            [_write_sent(out_dir, codes, year)]
    data = load_registry(data_dir)
    if data.agencies.empty:
        raise SmartCityError(f"{data_dir}: no valid agencies table (smartcity validate "
                             f"{data_dir} says why)")
    table = data.agencies.set_index("agency_code", drop=False)
    codes = list(table.index) if agencies == "all" else \
        [a.strip() for a in agencies.split(",") if a.strip()]
    unknown = [c for c in codes if c not in table.index]
    if unknown:
        raise SmartCityError(f"unknown agency code(s): {', '.join(unknown)}")
    years = pd.concat([data.innovations["year"], data.assessment["year"]]).dropna()
    year = year or (int(years.max()) + 1 if len(years) else dt.date.today().year)
    written = []
    for code in codes:
        book = agency_template(table.loc[code].to_dict(), year,
                               _latest_rows(data.innovations, code, year),
                               _indicators(data.assessment, code, year))
        written.append(save_workbook(book, Path(out_dir) / template_name(code, year)))
    return written + [_write_sent(out_dir, codes, year)]


def _write_sent(out_dir: str | Path, codes: list[str], year: int) -> Path:
    """sent.json: the year and each agency's workbook, for reporting who returned nothing."""
    path = Path(out_dir) / SENT_FILE
    sent = {"year": year, "agencies": {c: template_name(c, year) for c in codes}}
    write_atomically(path, json.dumps(sent, indent=1, sort_keys=True) + "\n")
    return path
