"""Awkward spreadsheets derived from a slice of the sample: the shapes real registries have
and the sample never had. `python -m tests.realshapes.awkward DIR` writes them all into DIR
(tests/fixtures/awkward/ holds the committed copy); the tests build them afresh.

Each builder writes one data folder and returns what a reader of the files knows about it
without the loader: how many data rows each table's files hold.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import openpyxl
import pandas as pd

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
AGENCY_CODES = ["DISKOMINFO", "DISDUKCAPIL", "DINKES", "BAPPEDA", "DISPERPUSIP"]
PENTAHELIX = ["pentahelix_government", "pentahelix_academia", "pentahelix_business",
              "pentahelix_community", "pentahelix_media"]


def base() -> dict[str, pd.DataFrame]:
    """Five agencies of the sample with their innovations (65 rows) and assessment (160)."""
    read = lambda name: pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False)  # noqa: E731
    agencies = read("agencies.csv")
    agencies = agencies[agencies["agency_code"].isin(AGENCY_CODES)].reset_index(drop=True)
    innovations = read("innovations.csv")
    innovations = innovations[innovations["agency_code"].isin(AGENCY_CODES)].copy()
    innovations["partner_agencies"] = innovations["partner_agencies"].map(
        lambda v: "; ".join(c for c in v.split("; ") if c in AGENCY_CODES))
    assessment = read("assessment.csv")
    assessment = assessment[assessment["agency_code"].isin(AGENCY_CODES)]
    return {"agencies": agencies, "innovations": innovations.reset_index(drop=True),
            "assessment": assessment.reset_index(drop=True)}


def _csv(frame: pd.DataFrame, path: Path, **kw) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", **kw)


def _sheet(book, title: str, frame: pd.DataFrame, above: list[list] = ()):
    ws = book.create_sheet(title)
    for row in above:
        ws.append(row)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    return ws


def sheets_per_year(out: Path) -> dict[str, int]:
    """One workbook with all three tables; the registry in one sheet per year, each under a
    title row; and a notes sheet."""
    data = base()
    book = openpyxl.Workbook()
    book.active.title = "Catatan"
    book.active.append(["Registri inovasi, satu sheet per tahun. Jangan ubah judul kolom."])
    _sheet(book, "PD", data["agencies"])
    for year, rows in data["innovations"].groupby("year"):
        _sheet(book, year, rows, above=[[f"REGISTRI INOVASI TAHUN {year}"], []])
    _sheet(book, "Penilaian", data["assessment"])
    out.mkdir(parents=True, exist_ok=True)
    book.save(out / "data_kota.xlsx")
    return {t: len(f) for t, f in data.items()}


def split_files(out: Path) -> dict[str, int]:
    """The registry split over two files (one per half of the agencies), one row of the
    first repeated in the second."""
    data = base()
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"], out / "agencies.csv")
    _csv(data["assessment"], out / "assessment.csv")
    inn = data["innovations"]
    first = inn[inn["agency_code"].isin(AGENCY_CODES[:2])]
    second = pd.concat([inn[~inn["agency_code"].isin(AGENCY_CODES[:2])], first.iloc[[0]]])
    _csv(first, out / "inovasi_1.csv", sep=";")
    _csv(second, out / "inovasi_2.csv", sep=";")
    return {"agencies": len(data["agencies"]), "innovations": len(first) + len(second),
            "assessment": len(data["assessment"])}


def two_row_header(out: Path) -> dict[str, int]:
    """A registry whose five pentahelix columns sit under one merged 'Mitra Pentahelix'
    header cell, with the sector names in the row below."""
    data = base()
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"], out / "agencies.csv")
    _csv(data["assessment"], out / "assessment.csv")
    inn = data["innovations"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Registri"
    others = [c for c in inn.columns if c not in PENTAHELIX]
    top = others + ["Mitra Pentahelix", None, None, None, None]
    below = [None] * len(others) + ["Pemerintah", "Akademisi", "Swasta", "Komunitas", "Media"]
    ws.append(top)
    ws.append(below)
    for row in inn[others + PENTAHELIX].itertuples(index=False):
        ws.append(list(row))
    start = len(others) + 1
    ws.merge_cells(start_row=1, start_column=start, end_row=1, end_column=start + 4)
    for column in range(1, len(others) + 1):
        ws.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    book.save(out / "registri.xlsx")
    return {t: len(f) for t, f in data.items()}


def merged_and_hidden(out: Path) -> dict[str, int]:
    """An agency column merged down over each agency's rows, one hidden row, a totals row and
    200 pre-numbered empty template rows below the data."""
    data = base()
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"], out / "agencies.csv")
    _csv(data["assessment"], out / "assessment.csv")
    inn = data["innovations"].sort_values(["agency_code", "innovation_id", "year"])
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["No", *inn.columns])
    for n, row in enumerate(inn.itertuples(index=False), 1):
        ws.append([n, *row])
    column = list(inn.columns).index("agency_code") + 2
    first = 2
    for _, rows in inn.groupby("agency_code", sort=False):
        last = first + len(rows) - 1
        if last > first:
            ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
        first = last + 1
    ws.row_dimensions[3].hidden = True
    ws.append([None, None, "Jumlah", None, None])
    for n in range(len(inn) + 1, len(inn) + 201):
        ws.append([n])
    book.save(out / "registri.xlsx")
    return {t: len(f) for t, f in data.items()}


def mixed_encoding(out: Path) -> dict[str, int]:
    """A UTF-8 registry with accented names, one line of which was pasted from a
    Windows-1252 file."""
    data = base()
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"], out / "agencies.csv")
    _csv(data["assessment"], out / "assessment.csv")
    inn = data["innovations"].copy()
    inn.loc[0, "description"] = "Kader posyandu mencatat tumbuh kembang anak di kafe (café) sehat."
    inn.loc[5, "description"] = "Layanan kependudukan terpadu – satu pintu."
    inn.loc[6, "description"] = "Sekolah ramah anak – Pontianak."
    lines = inn.to_csv(index=False, lineterminator="\n").encode("utf-8").split(b"\n")
    lines[6 + 1] = lines[6 + 1].decode("utf-8").encode("cp1252")  # file line 8
    (out / "innovations.csv").write_bytes(b"\n".join(lines))
    return {t: len(f) for t, f in data.items()}


def numeric_codes(out: Path) -> dict[str, int]:
    """Digit agency codes with leading zeros; the registry, kept in Excel, has them stored as
    numbers (030300 became 30300)."""
    data = base()
    mapping = {c: f"0{i + 3}0{i}00" for i, c in enumerate(AGENCY_CODES)}
    data["agencies"]["agency_code"] = data["agencies"]["agency_code"].map(mapping)
    data["assessment"]["agency_code"] = data["assessment"]["agency_code"].map(mapping)
    inn = data["innovations"]
    inn["agency_code"] = inn["agency_code"].map(lambda c: int(mapping[c]))
    inn["partner_agencies"] = ""
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"], out / "agencies.csv")
    _csv(data["assessment"], out / "assessment.csv")
    book = openpyxl.Workbook()
    _sheet(book, "Registri", inn)
    del book["Sheet"]
    book.save(out / "registri.xlsx")
    return {t: len(f) for t, f in data.items()}


def minimal_registry(out: Path) -> dict[str, int]:
    """Only what every registry has plus the dimension: id, name, agency, year, dimension and
    sub-dimension; agencies with code and name only (type inferred); start dates as years; no
    assessment table; and a stray metadata.json of the sample."""
    data = base()
    out.mkdir(parents=True, exist_ok=True)
    _csv(data["agencies"][["agency_code", "agency_name"]].rename(
        columns={"agency_code": "Kode OPD", "agency_name": "Nama OPD"}), out / "opd.csv")
    inn = data["innovations"][["innovation_id", "innovation_name", "agency_code", "year",
                               "dimension", "sub_dimension"]].copy()
    inn["Tahun Mulai"] = inn["year"]
    _csv(inn, out / "registri.csv", sep=";")
    shutil.copy(SAMPLE / "metadata.json", out / "metadata.json")
    return {"agencies": len(data["agencies"]), "innovations": len(inn)}


BUILDERS = {f.__name__: f for f in (sheets_per_year, split_files, two_row_header,
                                     merged_and_hidden, mixed_encoding, numeric_codes,
                                     minimal_registry)}


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for name, build in BUILDERS.items():
        shutil.rmtree(target / name, ignore_errors=True)
        build(target / name)
