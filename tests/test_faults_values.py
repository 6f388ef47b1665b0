"""Every value either read or named (issue 22): numbers outside a plausible range are rejected
with the range, no value crashes a formatter, and cells that cannot be read (formulas without
a stored result, NUL characters, over-long cells, program spellings of a missing value, bytes
that are not UTF-8) give a problem naming file, sheet, row and column while the rest is read."""

import math

import pandas as pd
import pytest
from openpyxl import Workbook

from smartcity_utils import formatting as fmt
from smartcity_utils.data.load import read_table
from smartcity_utils.quality.flags import budget_flags

pytestmark = pytest.mark.faults

REGISTRY_HEAD = ("ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi;"
                 "Anggaran (Rp);Jumlah Penerima Manfaat\n")
ROW = "{id};PSC 119;DINKES;2024;Smart Living;Kesehatan;{budget};{people}\n"


def _registry(tmp_path, rows: list[tuple[str, str, str]], name="inovasi.csv"):
    path = tmp_path / name
    path.write_text(REGISTRY_HEAD + "".join(ROW.format(id=i, budget=b, people=p)
                                            for i, b, p in rows), encoding="utf-8")
    return path


def _errors(result):
    return {(p.row, p.column): p.reason for p in result.problems if p.severity == "error"}


def test_numbers_beyond_a_plausible_range_are_rejected_with_the_range(tmp_path):
    result = read_table(_registry(tmp_path, [
        ("A-1", "1" + "0" * 30, "5"),                   # 10^30 rupiah
        ("A-2", "Rp 10.000.000.000.000.000", "10.000.000.000"),  # both at the limit: read
        ("A-3", "Rp 20.000.000.000.000.000", "5"),
        ("A-4", "1000", "10.000.000.001"),
    ]), "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-2"]
    assert result.frame["budget_idr"].tolist() == [1e16]
    national = ("(Rp 10.000 triliun, more than the whole national budget: APBN 2025 spends "
                "about Rp 3.600 triliun)")
    assert _errors(result) == {
        (2, "Anggaran (Rp)"): "1e+30 is outside the plausible range 0 to "
                              f"10,000,000,000,000,000 {national}",
        (4, "Anggaran (Rp)"): "2e+16 is outside the plausible range 0 to "
                              f"10,000,000,000,000,000 {national}",
        (5, "Jumlah Penerima Manfaat"): "1e+10 is outside the plausible range 0 to "
                                        "10,000,000,000 (ten billion, more than the people "
                                        "of the world)",
    }


def test_a_scale_maximum_beyond_any_scale_is_rejected(tmp_path):
    path = tmp_path / "penilaian.csv"
    path.write_text("Perangkat Daerah;Tahun;Dimensi Evaluasi;Dimensi;Kode Indikator;Indikator;"
                    "Level;Skala Maks\n"
                    "DINKES;2024;Outcome;Smart Living;OC-01;Program;3;4\n"
                    "DINKES;2024;Outcome;Smart Living;OC-02;Program;3;1000\n", encoding="utf-8")
    result = read_table(path, "assessment")
    assert result.frame["indicator_code"].tolist() == ["OC-01"]
    assert _errors(result) == {(3, "Skala Maks"): (
        "1,000 is outside the plausible range above 0 to 100 (Stage I scales run to 4 or 5; "
        "100 allows a percentage scale)")}


@pytest.mark.parametrize("formatter", [fmt.number, fmt.integer, fmt.money, fmt.percent,
                                       fmt.cell])
def test_no_float_crashes_a_formatter(formatter):
    assert [formatter(v, "id") for v in (math.inf, -math.inf, math.nan)] == ["–"] * 3
    assert formatter(1e300, "id").replace(".", "").replace(",", "").strip("Rp\u00a0%") \
        .startswith("1000000000000000")


def test_huge_numbers_are_written_in_full():
    assert fmt.money(1e30, "id") == "Rp\u00a01.000.000.000.000.000.019.884.624.838.656"
    assert fmt.integer(1e30, "en") == "1,000,000,000,000,000,019,884,624,838,656"
    assert fmt.number(1e30, "id") == "1.000.000.000.000.000.000.000.000.000.000,00"
    assert fmt.percent(1e28, "en") == "1" + ",000" * 10 + "%"
    largest = fmt.money(1.7976931348623157e308, "en")
    assert largest.startswith("IDR\u00a0179,769,313,486,231,570,814")
    assert len(largest) == len("IDR ") + 309 + 102  # 309 digits in 103 groups
    assert fmt.number(2.375, "id") == "2,38"  # ordinary numbers as before


def test_formulas_without_a_stored_result_are_named(tmp_path):
    # openpyxl writes formulas without the result Excel would store with them
    book = Workbook()
    sheet = book.active
    sheet.title = "2024"
    sheet.append(REGISTRY_HEAD.strip().split(";"))
    sheet.append(["A-1", "PSC 119", "DINKES", 2024, "Smart Living", "Kesehatan", "=1000*5", 10])
    sheet.append(["A-2", '=CONCAT("Pos","yandu")', "DINKES", 2024, "Smart Living", "Kesehatan",
                  2500, 10])
    sheet.append(["A-3", "Bus Kota", "DISHUB", 2024, "Smart Living", "Mobilitas", 100, 10])
    book.save(tmp_path / "inovasi.xlsx")
    result = read_table(tmp_path / "inovasi.xlsx", "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-3"]
    advice = ("has no stored result (the workbook was written by a program, not saved by "
              "Excel): open and save it in Excel, or type the value")
    assert [(p.sheet, p.row, p.column, p.value, p.reason) for p in result.problems] == [
        ("2024", 2, "Anggaran (Rp)", "=1000*5", f"formula =1000*5 {advice}"),
        ("2024", 3, "Nama Inovasi", '=CONCAT("Pos","yandu")',
         f'formula =CONCAT("Pos","yandu") {advice}'),
    ]
    assert result.rejects["Anggaran (Rp)"].tolist() == ["=1000*5", "2500"]


def test_program_words_for_a_missing_value_are_read_as_empty_and_said(tmp_path):
    result = read_table(_registry(tmp_path, [("A-1", "NaN", "5"), ("A-2", "NaN", "nan"),
                                             ("A-3", " NULL ", "7"), ("A-4", "1000", "8")]),
                        "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-1", "A-2", "A-3", "A-4"]
    assert result.frame["budget_idr"].isna().tolist() == [True, True, True, False]
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (2, "Anggaran (Rp)", "'NaN' read as empty (a program's word for a missing value) "
                             "(2 rows (2, 3))"),
        (3, "Jumlah Penerima Manfaat", "'nan' read as empty (a program's word for a missing "
                                       "value)"),
        (4, "Anggaran (Rp)", "'NULL' read as empty (a program's word for a missing value)"),
    ]


def test_nul_characters_are_named_and_the_rest_is_read(tmp_path):
    path = _registry(tmp_path, [("A-1", "1000", "5"), ("A-2", "1000", "5")])
    with path.open("ab") as file:
        file.write(b"A-3;PSC\x00119;DINKES;2024;Smart Living;Kesehatan;1000;5\n")
        file.write(b"\x00" * 300 + b"\n")  # a block of NULs, as a crash while writing leaves
        file.write(b"A-4;Bus Kota;DISHUB;2024;Smart Living;Mobilitas;1000;5\n")
    result = read_table(path, "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-1", "A-2", "A-4"]
    reason = "NUL characters in the cell (the file is damaged here, or was not saved as text)"
    assert [(p.row, p.column, p.value, p.reason) for p in result.problems] == [
        (4, "Nama Inovasi", "PSC\\0119", f"{reason}: not read"),
        (5, "ID Inovasi", "\\0" * 60, f"{reason}: not read"),  # not five empty fields besides
    ]


@pytest.mark.parametrize("extra", ["", ";a cell beyond the header"])
def test_an_over_long_cell_is_named_and_the_rest_is_read(tmp_path, extra):
    # `extra`: a row longer than the header, which the csv module reads instead of pandas
    path = _registry(tmp_path, [("A-1", "1000", "5"), ("A-2", "1000", "5")])
    with path.open("a", encoding="utf-8") as file:
        file.write(ROW.format(id="A-3", budget="1000", people="5")
                   .replace("PSC 119", "x" * 200_000).rstrip("\n") + extra + "\n")
        file.write(ROW.format(id="A-4", budget="1000", people="5")
                   .replace("PSC 119", "y" * 32_767))  # the most an Excel cell holds: read
    result = read_table(path, "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-1", "A-2", "A-4"]
    assert result.frame["innovation_name"].str.len().tolist() == [7, 7, 32_767]
    [error] = [p for p in result.problems if p.severity == "error"]
    assert (error.row, error.column, error.value, error.reason) == (
        4, "Nama Inovasi", "x" * 40 + "... (200,000 characters)",
        "200,000 characters, more than the 32,767 an Excel cell holds: not read")


def test_a_utf8_file_with_a_stray_byte_is_read_as_utf8_naming_the_line(tmp_path):
    path = tmp_path / "inovasi.csv"
    path.write_bytes(REGISTRY_HEAD.encode()
                     + "A-1;Kafé Literasi;DINKES;2024;Smart Living;Kesehatan;;\n".encode()
                     + b"A-2;Sekolah \x96 Ramah;DINKES;2024;Smart Living;Kesehatan;;\n"
                     + "A-3;Café \x96 Baca;DINKES;2024;Smart Living;Kesehatan;;\n".encode()
                     .replace("\x96".encode(), b"\x96"))
    result = read_table(path, "innovations")
    assert result.frame["innovation_name"].tolist() == ["Kafé Literasi", "Sekolah – Ramah",
                                                        "Café – Baca"]
    [warning] = result.problems
    assert warning.reason == ("mixed encoding: the file is UTF-8 but line(s) 3, 4 hold bytes "
                              "that are not; those bytes were read as Windows-1252, check "
                              "their accented letters")


def test_data_quality_flags_format_any_budget():
    # 00 formatted a round budget of 10^30 and failed (decimal.InvalidOperation)
    rows = pd.DataFrame({"innovation_id": ["A-1", "A-2"], "budget_idr": [1e30, 2e7]})
    assert budget_flags(rows)["value"].tolist() == [
        "Rp\u00a01.000.000.000.000.000.019.884.624.838.656", "Rp\u00a020.000.000"]
