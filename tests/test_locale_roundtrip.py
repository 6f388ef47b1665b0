"""The sample registry as an agency would send it loads to the same clean frame as the canonical
file: an Indonesian-locale Excel CSV export (`;`, BOM, `Rp` amounts, Indonesian headers,
day-first dates) and an .xlsx of the same sheet.

The conversions here are written independently of the loader: they format values the way Excel
in an Indonesian locale shows them.
"""

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from smartcity_utils.data.load import read_table
from smartcity_utils.schema import INNOVATIONS

SAMPLE = Path("data/sample")
AGENCIES = read_table(SAMPLE / "agencies.csv").frame


def _rupiah(value: str) -> str:
    """'1250000' -> 'Rp 1.250.000' (whole rupiah, '.' groups thousands)."""
    if value == "":
        return ""
    return "Rp " + f"{int(float(value)):,}".replace(",", ".")


def _thousands(value: str) -> str:
    return "" if value == "" else f"{int(float(value)):,}".replace(",", ".")


def _day_first(value: str) -> str:
    """'2024-06-05' -> '05/06/2024'."""
    return "" if value == "" else datetime.strptime(value, "%Y-%m-%d").strftime("%d/%m/%Y")


def _ya_tidak(value: str) -> str:
    return {"true": "Ya", "false": "Tidak", "": ""}[value]


def _indonesian_rows() -> tuple[list[str], list[list[str]]]:
    with (SAMPLE / "innovations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    kinds = {c.name: c.kind for c in INNOVATIONS.columns}
    # Headers as an agency types them: Indonesian, mixed case and spacing.
    labels = {c.name: c.header_id for c in INNOVATIONS.columns}
    labels["agency_code"] = "OPD"
    out_header = [f" {labels[h].upper()} " if i % 3 == 0 else labels[h]
                  for i, h in enumerate(header)]
    convert = {"amount": _rupiah, "count": _thousands, "date": _day_first, "bool": _ya_tidak}
    out_body = [[convert.get(kinds[h], str)(v) for h, v in zip(header, row, strict=True)]
                for row in body]
    return out_header, out_body


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["source_file"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def canonical() -> pd.DataFrame:
    result = read_table(SAMPLE / "innovations.csv", agencies=AGENCIES)
    assert result.problems == []
    return _clean(result.frame)


def test_indonesian_excel_csv_export_loads_to_the_canonical_frame(tmp_path, canonical):
    header, body = _indonesian_rows()
    path = tmp_path / "Registri Inovasi 2024.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *body])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = read_table(path, agencies=AGENCIES)
    assert result.problems == []
    pd.testing.assert_frame_equal(_clean(result.frame), canonical)


def test_xlsx_of_the_registry_loads_to_the_canonical_frame(tmp_path, canonical):
    header, body = _indonesian_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in body:
        cells = []
        for label, value in zip(header, row, strict=True):
            if label.strip().lower() == "tanggal mulai" and value:
                cells.append(datetime.strptime(value, "%d/%m/%Y"))  # a real date cell
            elif label.strip().lower() == "tahun":
                cells.append(int(value))  # a real number cell
            else:
                cells.append(value or None)
        sheet.append(cells)
    path = tmp_path / "registri.xlsx"
    book.save(path)
    result = read_table(path, agencies=AGENCIES)
    assert result.problems == []
    pd.testing.assert_frame_equal(_clean(result.frame), canonical)
