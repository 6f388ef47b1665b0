"""Validation: one small file per message, checked for file, row as seen, header as written."""

from pathlib import Path

import pandas as pd
import pytest

from smartcity_utils.data.load import read_table
from smartcity_utils.data.parsing import ParseError
from smartcity_utils.data.schema_doc import generated_part, render_data_dictionary
from smartcity_utils.data.validate import (
    CELL_PARSERS,
    Problem,
    pandera_schema,
    problems_frame,
    split_agency_list,
)
from smartcity_utils.schema import TABLES
from smartcity_utils.vocabulary import fold, normalise

AGENCIES = """Kode PD;Nama Perangkat Daerah;Singkatan;Jenis PD
DISKOMINFO;Dinas Komunikasi dan Informatika;Diskominfo;dinas
DINKES;Dinas Kesehatan;Dinkes;dinas
DPPP;Dinas Pangan, Pertanian dan Perikanan;Dinas Pangan;dinas
"""
HEADER = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi;Tahapan;Jenis"
GOOD = "INV-1;Pionirs;DISKOMINFO;2024;Smart Governance;Layanan Publik;penerapan;digital"
ASSESSMENT = ("Perangkat Daerah;ID Inovasi;Tahun;Dimensi Evaluasi;Dimensi;Sub Dimensi;"
              "Kode Indikator;Indikator;Level;Skala Maks")


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def agencies(tmp_path) -> pd.DataFrame:
    result = read_table(write(tmp_path, "agencies.csv", AGENCIES))
    assert result.problems == []
    return result.frame


def innovations(tmp_path, agencies, *rows, header=HEADER):
    """Read an innovations CSV made of `header` and `rows`."""
    path = write(tmp_path, "inovasi.csv", "\n".join([header, *rows]) + "\n")
    return read_table(path, agencies=agencies)


def only_problem(result) -> Problem:
    assert len(result.problems) == 1, [p.line() for p in result.problems]
    return result.problems[0]


def test_valid_row_is_clean(tmp_path, agencies):
    result = innovations(tmp_path, agencies, GOOD)
    assert result.problems == []
    assert result.rejects.empty
    assert result.frame.loc[0, "innovation_id"] == "INV-1"
    assert result.frame.loc[0, "source_row"] == 2


def test_unknown_agency(tmp_path, agencies):
    result = innovations(tmp_path, agencies, GOOD.replace("DISKOMINFO", "DISHUB"))
    problem = only_problem(result)
    assert problem.file == str(tmp_path / "inovasi.csv")
    assert (problem.row, problem.column, problem.value) == (2, "Perangkat Daerah", "DISHUB")
    assert problem.reason == ("unknown agency: 'DISHUB' (not a code, short name or name in the "
                              "agencies table)")


def test_agency_resolved_by_code_short_name_or_name(tmp_path, agencies):
    rows = [GOOD.replace("INV-1", f"INV-{i}").replace("DISKOMINFO", ref)
            for i, ref in enumerate(["diskominfo", "DINAS  KESEHATAN", " dinas pangan "])]
    result = innovations(tmp_path, agencies, *rows)
    assert result.problems == []
    assert list(result.frame["agency_code"]) == ["DISKOMINFO", "DINKES", "DPPP"]


def test_partner_agencies_each_resolved(tmp_path, agencies):
    header = HEADER + ";PD Mitra"
    result = innovations(
        tmp_path, agencies,
        GOOD + ';"Dinkes; diskominfo"',  # a ';' inside a ';'-separated cell is quoted
        GOOD.replace("INV-1", "INV-2") + ";Dinas Pangan, Pertanian dan Perikanan, DINKES",
        GOOD.replace("INV-1", "INV-3") + ";DINKES, DISHUB",
        header=header,
    )
    assert list(result.frame["partner_agencies"]) == ["DINKES; DISKOMINFO", "DPPP; DINKES"]
    problem = only_problem(result)
    assert (problem.row, problem.column, problem.value) == (4, "PD Mitra", "DISHUB")
    assert problem.reason.startswith("unknown agency: 'DISHUB'")


def test_split_agency_list_keeps_names_with_commas_whole():
    index = {fold("Dinas Pangan, Pertanian dan Perikanan"): "DPPP", "dinkes": "DINKES"}
    assert split_agency_list("Dinas Pangan, Pertanian dan Perikanan, Dinkes", index) == [
        "Dinas Pangan, Pertanian dan Perikanan", "Dinkes"]
    assert split_agency_list("Dinas Pangan, Dinkes", index | {"dinas pangan": "DPPP"}) == [
        "Dinas Pangan", "Dinkes"]
    assert split_agency_list("A; B, C") == ["A", "B, C"]


def test_duplicate_id(tmp_path, agencies):
    result = innovations(
        tmp_path, agencies,
        GOOD,                                   # row 2
        GOOD.replace("2024", "2023"),           # row 3: same id, other year: fine
        GOOD.replace("Pionirs", "Pionirs 2"),   # row 4: same id and year as row 2
    )
    problem = only_problem(result)
    assert (problem.row, problem.column, problem.value) == (4, "ID Inovasi", "INV-1")
    assert problem.reason == "duplicate id: ID Inovasi + Tahun (INV-1, 2024) already on row 2"
    assert list(result.frame["source_row"]) == [2, 3]


def test_sub_dimension_outside_its_dimension(tmp_path, agencies):
    row = GOOD.replace("Smart Governance", "Smart Living")
    problem = only_problem(innovations(tmp_path, agencies, row))
    assert (problem.row, problem.column, problem.value) == (2, "Sub Dimensi", "Layanan Publik")
    assert problem.reason == ("sub-dimension 'Layanan Publik' belongs to Smart Governance, "
                              "not Smart Living")


def test_english_vocabulary_spellings_are_canonicalised(tmp_path, agencies):
    row = "INV-1;Pionirs;DISKOMINFO;2024;governance;Public Service;Implementation;Online"
    result = innovations(tmp_path, agencies, row)
    assert result.problems == []
    record = result.frame.iloc[0]
    assert (record["dimension"], record["sub_dimension"]) == ("Smart Governance", "Layanan Publik")
    assert (record["tahapan"], record["jenis"]) == ("penerapan", "digital")


def test_negative_amount(tmp_path, agencies):
    result = innovations(tmp_path, agencies, GOOD + ";-Rp 5.000", header=HEADER + ";Anggaran (Rp)")
    problem = only_problem(result)
    assert (problem.row, problem.column, problem.value) == (2, "Anggaran (Rp)", "-Rp 5.000")
    assert problem.reason == "negative amount: '-Rp 5.000'"


def test_unparseable_amount(tmp_path, agencies):
    result = innovations(tmp_path, agencies, GOOD + ";lima juta", header=HEADER + ";ANGGARAN")
    problem = only_problem(result)
    assert (problem.row, problem.column) == (2, "ANGGARAN")
    assert problem.reason == "not a number: 'lima juta'"


def test_empty_required_field(tmp_path, agencies):
    problem = only_problem(innovations(tmp_path, agencies, GOOD.replace("Pionirs", "  ")))
    assert (problem.row, problem.column, problem.value) == (2, "Nama Inovasi", None)
    assert problem.reason == "empty required field"


def test_unknown_vocabulary_value_lists_allowed_values(tmp_path, agencies):
    row = GOOD.replace("Smart Governance", "Smart Weather")
    problem = only_problem(innovations(tmp_path, agencies, row))
    assert (problem.row, problem.column, problem.value) == (2, "Dimensi", "Smart Weather")
    assert problem.reason.startswith("unknown value 'Smart Weather'; allowed: Smart Governance")


def test_unknown_values_of_an_optional_column_are_read_as_unknown_said_once(tmp_path,
                                                                             agencies):
    """Issue #23, item 1: only the required fields reject rows."""
    rows = [GOOD.replace("penerapan", "jalan"), GOOD.replace("INV-1", "INV-2"),
            GOOD.replace("INV-1", "INV-3").replace("penerapan", "jalan")]
    result = innovations(tmp_path, agencies, *rows)
    problem = only_problem(result)
    assert (problem.severity, problem.row, problem.column) == ("warning", 2, "Tahapan")
    assert problem.reason == ("values not in the vocabulary (inisiatif, uji coba, penerapan) "
                              "are read as unknown: 'jalan' (2 rows (2, 4))")
    assert result.rejects.empty
    assert list(result.frame["tahapan"].fillna("?")) == ["?", "penerapan", "?"]


def test_an_optional_column_none_of_whose_values_fits_is_not_loaded(tmp_path, agencies):
    rows = [GOOD.replace("INV-1", f"INV-{n}").replace(";digital", f";{kind}")
            for n, kind in enumerate(["Teknologi", "Teknologi", "Inovasi"])]
    result = innovations(tmp_path, agencies, *rows)
    problem = only_problem(result)
    assert problem.reason == ("values not in the vocabulary (digital, non-digital) are read as "
                              "unknown (none of its values is: the column is not loaded): "
                              "'Inovasi' (row 4), 'Teknologi' (2 rows (2, 3))")
    assert len(result.frame) == 3 and result.frame["jenis"].isna().all()


@pytest.mark.parametrize("written", ["Website", "Aplikasi", "Sistem Informasi", "situs web"])
def test_a_registry_of_websites_and_applications_is_digital(written):
    assert normalise("jenis", written) == "digital"


def test_missing_required_column_rejects_every_row(tmp_path, agencies):
    header = HEADER.replace(";Tahun", "")
    rows = [GOOD.replace(";2024", ""), GOOD.replace("INV-1", "INV-2").replace(";2024", "")]
    result = innovations(tmp_path, agencies, *rows, header=header)
    problem = only_problem(result)
    assert (problem.file, problem.row, problem.column) == (str(tmp_path / "inovasi.csv"),
                                                           None, None)
    assert problem.reason.startswith("missing required column: Tahun (Year); headers found: "
                                     "ID Inovasi, Nama Inovasi, Perangkat Daerah, Dimensi")
    assert result.frame.empty
    assert list(result.rejects["row"]) == [2, 3]
    assert all(r.startswith("missing required column: Tahun (Year)")
               for r in result.rejects["reason"])


def test_tahapan_and_jenis_are_optional(tmp_path, agencies):
    header = HEADER.replace(";Tahapan;Jenis", "")
    result = innovations(tmp_path, agencies, GOOD.replace(";penerapan;digital", ""),
                         header=header)
    assert result.problems == [] and len(result.frame) == 1
    assert result.frame[["tahapan", "jenis"]].isna().all(axis=None)


def test_quick_win_consistency(tmp_path, agencies):
    header = HEADER + ";Quick Win;Tahun Quick Win"
    rows = [
        GOOD + ";ya;2023",                                 # row 2: fine
        GOOD.replace("INV-1", "INV-2") + ";ya;",           # row 3: yes without year
        GOOD.replace("INV-1", "INV-3") + ";tidak;2024",    # row 4: year but no
        GOOD.replace("INV-1", "INV-4") + ";ya;2025",       # row 5: after the row's year
        GOOD.replace("INV-1", "INV-5") + ";;2022",         # row 6: flag taken from the year
        GOOD.replace("INV-1", "INV-6") + ";;",             # row 7: never a quick win
    ]
    result = innovations(tmp_path, agencies, *rows, header=header)
    found = [(p.row, p.column, p.reason) for p in result.problems]
    assert found == [
        (3, "Tahun Quick Win", "quick win is yes but the quick win year is empty"),
        (4, "Tahun Quick Win", "quick win year given but quick win is no"),
        (5, "Tahun Quick Win", "quick win year 2025 is after the row's year 2024"),
    ]
    assert list(result.frame["quick_win"]) == [True, True, False]
    assert list(result.frame["source_row"]) == [2, 6, 7]


def test_level_within_scale(tmp_path, agencies):
    rows = [
        "DINKES;;2024;Outcome;Smart Living;Kesehatan;OC-01;Program;3,5;4",   # row 2: fine
        "DINKES;;2024;Outcome;Smart Living;Kesehatan;OC-02;Program;5;4",     # row 3: above
        "DINKES;;2024;Outcome;Smart Living;Kesehatan;OC-03;Program;-1;4",    # row 4: negative
        "DINKES;;2024;Outcome;Smart Living;Kesehatan;OC-04;Program;1;0",     # row 5: scale 0
    ]
    path = write(tmp_path, "penilaian.csv", "\n".join([ASSESSMENT, *rows]))
    result = read_table(path, agencies=agencies)
    assert result.table == "assessment"
    found = [(p.row, p.column, p.reason) for p in result.problems]
    assert found == [
        (3, "Level", "level 5 is above the scale maximum 4"),
        (4, "Level", "-1 must be at least 0"),
        (5, "Skala Maks", "0 must be greater than 0"),
    ]
    assert result.frame["level"].tolist() == [3.5]


def test_assessment_duplicate_with_empty_innovation_id(tmp_path, agencies):
    row = "DINKES;;2024;Outcome;Smart Living;Kesehatan;OC-01;Program;3;4"
    path = write(tmp_path, "penilaian.csv", "\n".join([ASSESSMENT, row, row]))
    problem = only_problem(read_table(path, agencies=agencies))
    assert (problem.row, problem.column) == (3, "Perangkat Daerah")
    assert problem.reason == ("duplicate id: Perangkat Daerah + ID Inovasi + Dimensi Evaluasi + "
                              "Kode Indikator + Tahun (DINKES, Outcome, OC-01, 2024) already on "
                              "row 2")


def test_row_with_several_problems_reports_all(tmp_path, agencies):
    header = HEADER + ";Anggaran (Rp);Tanggal Mulai"
    row = "INV-1;;DISHUB;2024;Smart Weather;Layanan Publik;penerapan;digital;abc;31/02/2024"
    result = innovations(tmp_path, agencies, row, GOOD.replace("INV-1", "INV-2") + ";;",
                         header=header)
    found = [(p.row, p.column) for p in result.problems]
    assert found == [(2, "Nama Inovasi"), (2, "Perangkat Daerah"), (2, "Dimensi"),
                     (2, "Anggaran (Rp)"), (2, "Tanggal Mulai")]
    assert len(result.rejects) == 1
    reject = result.rejects.iloc[0]
    assert (reject["file"], reject["row"], reject["Anggaran (Rp)"]) == (
        str(tmp_path / "inovasi.csv"), 2, "abc")
    assert reject["reason"].split("; ")[0] == "Nama Inovasi: empty required field"
    assert reject["reason"].count("; ") >= 4
    assert list(result.frame["innovation_id"]) == ["INV-2"]


def test_problem_line_and_frame():
    cell = Problem(file="inovasi.csv", row=7, column="Anggaran (Rp)", value="abc",
                   reason="not a number: 'abc'")
    whole = Problem(file="agencies.csv", reason="no recognisable header row")
    assert cell.line() == "inovasi.csv:7:Anggaran (Rp): not a number: 'abc'"
    assert whole.line() == "agencies.csv::: no recognisable header row"
    frame = problems_frame([cell, whole])
    assert list(frame.columns[:5]) == ["file", "row", "column", "value", "reason"]
    assert frame["row"].tolist()[0] == 7 and pd.isna(frame["row"].tolist()[1])
    assert problems_frame([]).empty


def test_pandera_schema_accepts_clean_frame(tmp_path, agencies):
    result = innovations(tmp_path, agencies, GOOD)
    pandera_schema(TABLES["innovations"]).validate(result.frame)


# ------------------------------------------------------------ the data contract and its doc


def test_no_two_columns_of_a_table_share_a_header_spelling():
    for table in TABLES.values():
        seen: dict[str, str] = {}
        for column in table.columns:
            for spelling in column.spellings():
                assert spelling not in seen, (table.name, spelling, seen.get(spelling))
                seen[spelling] = column.name


def test_every_column_example_is_valid():
    for table in TABLES.values():
        for column in table.columns:
            if column.kind == "vocab":
                assert normalise(column.vocabulary, column.example), column.name
            else:
                try:
                    CELL_PARSERS[column.kind](column.example)
                except ParseError as exc:  # pragma: no cover - reported by the assert
                    pytest.fail(f"{table.name}.{column.name}: {exc.reason}")


def test_data_md_generated_part_matches_schema():
    doc = Path(__file__).parents[1] / "docs" / "data.md"
    text = doc.read_text(encoding="utf-8")
    assert "## Sample data and planted truth" in text
    assert generated_part(text) == render_data_dictionary(), (
        "docs/data.md is out of date: run python -m smartcity_utils.data.schema_doc")
