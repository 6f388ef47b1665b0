"""Reading files: formats, encodings, header detection, directories, and no row lost."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from smartcity_utils.data.load import load_dataset, read_table, validate_paths
from smartcity_utils.schema import TABLES

AGENCIES = """Kode PD;Nama Perangkat Daerah;Singkatan;Jenis PD;Daerah
DISKOMINFO;Dinas Komunikasi dan Informatika;Diskominfo;dinas;Kota Pontianak
DINKES;Dinas Kesehatan;Dinkes;dinas;Kota Pontianak
DPPP;Dinas Pangan, Pertanian dan Perikanan;Dinas Pangan;dinas;Kota Pontianak
"""
HEADER = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi;Tahapan;Jenis"
GOOD = "INV-1;Pionirs;DISKOMINFO;2024;Smart Governance;Layanan Publik;penerapan;digital"
ASSESSMENT = """Perangkat Daerah;ID Inovasi;Tahun;Dimensi Evaluasi;Dimensi;Kode Indikator;\
Indikator;Level;Skala Maks
DINKES;;2024;Outcome;Smart Living;OC-01;Program terlaksana;3;4
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


# ------------------------------------------------------------ header recognition


def test_header_found_below_title_rows(tmp_path):
    path = write(tmp_path / "inovasi.csv", lines(
        "REGISTRI INOVASI KOTA PONTIANAK TAHUN 2024;;;",  # row 1: title
        "Perangkat Daerah: Diskominfo;;;",                # row 2: subtitle
        ";;;",                                            # row 3: empty
        HEADER,                                           # row 4: header
        GOOD,                                             # row 5
        GOOD.replace("INV-1", "INV-2").replace("2024", "tahun ini"),  # row 6: bad year
    ))
    result = read_table(path)
    assert result.table == "innovations"
    assert result.frame["source_row"].tolist() == [5]
    [problem] = result.problems
    assert (problem.row, problem.column, problem.reason) == (6, "Tahun", "not a year: 'tahun ini'")


def test_indonesian_and_english_headers_give_the_same_frame(tmp_path):
    indonesian = write(tmp_path / "id.csv", lines(
        "  NAMA   inovasi ;ID_Inovasi;OPD;TAHUN;dimensi;Sub-Dimensi;tahapan;Jenis Inovasi",
        "Pionirs;INV-1;DISKOMINFO;2024;Smart Governance;Layanan Publik;penerapan;digital",
    ))
    english = write(tmp_path / "en.csv", lines(
        "Innovation ID,Innovation Name,Agency,Year,Dimension,Sub-dimension,Stage,Type",
        "INV-1,Pionirs,DISKOMINFO,2024,Smart Governance,Layanan Publik,penerapan,digital",
    ))
    left, right = read_table(indonesian), read_table(english)
    assert left.problems == [] and right.problems == []
    columns = TABLES["innovations"].column_names
    pd.testing.assert_frame_equal(left.frame[columns], right.frame[columns])
    assert left.frame.loc[0, "innovation_name"] == "Pionirs"


def test_header_with_unit_in_parentheses(tmp_path):
    path = write(tmp_path / "a.csv", lines(HEADER + ";Anggaran (Rupiah)", GOOD + ";Rp 1.250.000"))
    result = read_table(path)
    assert result.problems == [] and result.ignored_columns == []
    assert result.frame.loc[0, "budget_idr"] == 1_250_000


def test_unknown_columns_are_listed_not_loaded(tmp_path):
    path = write(tmp_path / "opd.csv", lines(
        "No;Kode PD;Nama Perangkat Daerah;Singkatan;Jenis PD;Catatan",
        "1;DINKES;Dinas Kesehatan;Dinkes;dinas;ok",
        "2;DISKOMINFO;Dinas Komunikasi dan Informatika;Diskominfo;dinas;;lupa",  # 7th cell: G
    ))
    result = read_table(path)
    assert result.table == "agencies"
    assert result.ignored_columns == ["No", "Catatan", "(column G)"]
    # each ignored column is said once, as a warning; no row is rejected for it
    assert [(p.column, p.severity) for p in result.problems] == [
        ("No", "warning"), ("Catatan", "warning"), ("(column G)", "warning")]
    assert list(result.frame.columns) == [*TABLES["agencies"].column_names,
                                          "agency_type_inferred", "agency_derived", "source_file",
                                          "source_row"]


def test_explicit_table_overrides_detection(tmp_path):
    path = write(tmp_path / "x.csv", lines(HEADER, GOOD))
    result = read_table(path, table="assessment")
    assert result.table == "assessment"
    reasons = [p.reason for p in result.problems]
    assert any(r.startswith("missing required column: Kode Indikator (Indicator Code); "
                            "headers found: ID Inovasi") for r in reasons)
    assert result.frame.empty and result.rejects["row"].tolist() == [2]
    with pytest.raises(ValueError):
        read_table(path, table="budgets")


# ------------------------------------------------------------ formats and encodings


def test_semicolon_csv_with_bom(tmp_path):
    text = AGENCIES.replace("Kota Pontianak", "Kota Pontianak – Kalimantan Barat")
    path = write(tmp_path / "opd.csv", "\ufeff" + text, "utf-8")
    result = read_table(path)
    assert result.problems == []
    assert result.frame.loc[2, "agency_name"] == "Dinas Pangan, Pertanian dan Perikanan"
    assert result.frame.loc[0, "region"] == "Kota Pontianak – Kalimantan Barat"


def test_semicolon_csv_in_windows_1252(tmp_path):
    text = lines(
        "Daftar Inovasi – Dinas Kesehatan;;;;;;;;",
        HEADER + ";Anggaran (Rp);Deskripsi",
        GOOD + ";Rp 1.250.000,50;Layanan « café » untuk warga",
    )
    path = write(tmp_path / "inovasi.csv", text, "cp1252")
    result = read_table(path)
    assert result.problems == []
    assert result.frame.loc[0, "budget_idr"] == 1_250_000.5
    assert result.frame.loc[0, "description"] == "Layanan « café » untuk warga"
    assert result.frame.loc[0, "source_row"] == 3


def test_xlsx_with_title_row_datetime_cells_and_instructions_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active["A1"] = "Isi sheet Data. Tanggal ditulis hari/bulan/tahun."
    sheet = book.create_sheet("Data")
    sheet.append(["Registri Inovasi Kota Pontianak 2024"])                    # row 1
    sheet.append([])                                                          # row 2
    sheet.append(["ID Inovasi", "Nama Inovasi", "Perangkat Daerah", "Tahun", "Dimensi",
                  "Sub Dimensi", "Tahapan", "Jenis", "Tanggal Mulai", "Anggaran (Rp)",
                  "Quick Win", "Tahun Quick Win"])                            # row 3
    sheet.append(["INV-1", "Pionirs", "Disdukcapil", 2024, "Smart Governance",
                  "Layanan Publik", "penerapan", "digital", dt.datetime(2024, 6, 5),
                  1250000, True, 2024])                                      # row 4
    sheet.append(["INV-2", "PSC 119", "Dinkes", 2024, "Smart Living", "Kesehatan",
                  "uji coba", "digital", 45448, "Rp 2.000.000", "tidak", None])  # row 5
    sheet.append(["INV-3", "Lapor", "Dinkes", 2024, "Smart Living", "Kesehatan",
                  "uji coba", "digital", "kemarin", None, None, None])       # row 6
    path = tmp_path / "registri.xlsx"
    book.save(path)

    result = read_table(path)
    assert result.table == "innovations"
    frame = result.frame
    assert frame["source_row"].tolist() == [4, 5]
    assert frame["start_date"].tolist() == [pd.Timestamp(2024, 6, 5)] * 2
    assert frame["year"].tolist() == [2024, 2024]
    assert frame["budget_idr"].tolist() == [1_250_000.0, 2_000_000.0]
    assert frame["quick_win"].tolist() == [True, False]
    assert frame.loc[0, "source_file"] == "registri.xlsx"
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column) == (str(path), 6, "Tanggal Mulai")
    assert problem.reason.startswith("not a date: 'kemarin'")


def test_frame_dtypes_follow_column_kinds(tmp_path):
    path = write(tmp_path / "i.csv", lines(
        HEADER + ";Tanggal Mulai;Anggaran (Rp);Jumlah Penerima Manfaat;Mitra Media;PD Mitra",
        GOOD + ";05/06/2024;Rp 1.250.000;1.250;ya;DINKES",
    ))
    frame = read_table(path).frame
    assert frame["innovation_name"].dtype == "str"
    assert frame["dimension"].dtype == "str"
    assert frame["partner_agencies"].dtype == "str"
    assert frame["year"].dtype == "Int64"
    assert frame["beneficiaries"].tolist() == [1250]
    assert frame["beneficiaries"].dtype == "Int64"
    assert frame["budget_idr"].dtype == "float64"
    assert frame["start_date"].dtype.kind == "M"
    assert frame["pentahelix_media"].dtype == "boolean"
    assert frame["source_row"].dtype == "Int64"
    assert list(frame.columns[-2:]) == ["source_file", "source_row"]


def test_header_only_file_gives_empty_typed_frame(tmp_path):
    result = read_table(write(tmp_path / "i.csv", lines(HEADER)))
    assert result.problems == [] and result.frame.empty
    assert result.frame["year"].dtype == "Int64"


# ------------------------------------------------------------ file-level problems


def single_file_problem(result, path):
    [problem] = result.problems
    assert (problem.file, problem.row, problem.column) == (str(path), None, None)
    return problem.reason


def test_empty_file(tmp_path):
    for name, content in [("a.csv", b""), ("b.csv", b"\xef\xbb\xbf \n\n")]:
        path = tmp_path / name
        path.write_bytes(content)
        assert single_file_problem(read_table(path), path) == "empty file"
    path = tmp_path / "c.xlsx"
    openpyxl.Workbook().save(path)
    assert single_file_problem(read_table(path), path) == "empty file"


def test_unreadable_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip archive")
    assert single_file_problem(read_table(path), path).startswith(
        "unreadable file: not an Excel .xlsx workbook")
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert single_file_problem(read_table(old), old) == (
        "unreadable file: old Excel .xls format; save it as .xlsx or CSV")
    missing = tmp_path / "nope.csv"
    assert single_file_problem(read_table(missing), missing) == "unreadable file: no such file"


def test_no_recognisable_header_row(tmp_path):
    path = write(tmp_path / "agencies.csv", lines("a;b;c", "1;2;3"))
    result = read_table(path)
    reason = single_file_problem(result, path)
    assert reason.startswith("no recognisable header row (looked in the first 10 rows")
    assert result.problems[0].line().startswith(f"{path}::: no recognisable header row")
    assert result.table is None and result.frame.empty


# ------------------------------------------------------------ directories


def make_dataset(directory: Path, agencies: bool = True) -> Path:
    directory.mkdir(exist_ok=True)
    if agencies:
        write(directory / "01 daftar opd.csv", AGENCIES)
    write(directory / "registri.csv", lines(
        HEADER + ";PD Mitra",
        GOOD + ';"dinkes; Dinas Pangan"',                                   # row 2
        GOOD.replace("INV-1", "INV-2").replace("DISKOMINFO", "DISHUB") + ";",  # row 3
    ))
    write(directory / "Penilaian Tahap I.csv", ASSESSMENT)
    (directory / "metadata.json").write_text(json.dumps({"synthetic": True, "seed": 7}))
    (directory / "README.txt").write_text("not a table")
    (directory / "~$registri.xlsx").write_bytes(b"excel lock file")
    return directory


def test_load_dataset_finds_tables_by_header(tmp_path):
    data = load_dataset(make_dataset(tmp_path / "kota"))
    assert data.files == {
        "agencies": [tmp_path / "kota" / "01 daftar opd.csv"],
        "innovations": [tmp_path / "kota" / "registri.csv"],
        "assessment": [tmp_path / "kota" / "Penilaian Tahap I.csv"],
    }
    assert data.metadata == {"synthetic": True, "seed": 7}
    assert data.ignored_columns == {"agencies": [], "innovations": [], "assessment": []}
    assert len(data.agencies) == 3 and len(data.assessment) == 1
    assert data.innovations["partner_agencies"].tolist() == ["DINKES; DPPP"]
    assert list(data.rejects.columns) == ["file", "row", "column", "value", "reason"]
    [problem] = data.problems
    # inside a dataset, files are named without their directory (stable report outputs)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "registri.csv", 3, "Perangkat Daerah", "DISHUB")
    assert data.rejects["reason"].tolist() == [problem.reason]


def test_load_dataset_without_agencies(tmp_path):
    data = load_dataset(make_dataset(tmp_path / "kota", agencies=False))
    reasons = [p.reason for p in data.problems]
    assert reasons == ["no agencies table found in the directory: the 2 agencies are taken "
                       "from the registry's agency names (marked as derived); add an agencies "
                       "table for their codes and short names"]
    assert data.problems[0].file == "kota"
    assert data.innovations["agency_code"].tolist() == ["DISKOMINFO", "DISHUB"]
    assert data.agencies["agency_code"].tolist() == ["DISKOMINFO", "DISHUB"]


def test_a_reference_to_a_rejected_agency_row_names_that_row(tmp_path):
    """Dinas Pangan's row lacks its name: the registry's reference to it (row 2) points at
    that row (row 4 of the agencies file) instead of calling the agency unknown, once for the
    file; DISHUB (row 3) is still unknown. Through load_dataset and through validate_paths."""
    directory = make_dataset(tmp_path / "kota")
    write(directory / "01 daftar opd.csv",
          AGENCIES.replace("DPPP;Dinas Pangan, Pertanian dan Perikanan;", "DPPP;;"))
    for problems in (load_dataset(directory).problems, validate_paths([str(directory)])):
        by_file = {(Path(p.file).name, p.row): p.reason for p in problems}
        assert by_file == {
            ("01 daftar opd.csv", 4): "empty required field",
            ("registri.csv", None): "agency 'Dinas Pangan': its row (01 daftar opd.csv:4) was "
                                    "rejected, and with it the rows of this file that refer "
                                    "to it (row 2); fix that row first",
            ("registri.csv", 3): "unknown agency: 'DISHUB' (not a code, short name or name in "
                                 "the agencies table)",
        }


def test_load_dataset_second_file_for_the_same_table(tmp_path):
    directory = make_dataset(tmp_path / "kota")
    write(directory / "registri lama.csv", lines(HEADER, GOOD))
    data = load_dataset(directory)
    # both files are the innovations table: read together, a key repeated in the second
    # file read is rejected there
    assert data.files["innovations"] == [directory / "registri lama.csv",
                                         directory / "registri.csv"]
    [repeated] = [p for p in data.problems if "already in" in p.reason]
    assert (repeated.file, repeated.row) == ("registri.csv", 2)
    assert repeated.reason == "duplicate id: (INV-1, 2024) already in registri lama.csv:2"


def test_load_dataset_empty_dir_and_bad_metadata(tmp_path):
    (tmp_path / "metadata.json").write_text("{not json")
    data = load_dataset(tmp_path)
    assert data.metadata == {}
    reasons = [p.reason for p in data.problems]
    assert data.problems[0].file == "metadata.json"
    assert reasons[0].startswith("unreadable metadata.json")
    assert reasons[1:] == [
        "no agencies table found in the directory: agency references cannot be checked",
        "no innovations table found in the directory: there is nothing to cluster or rank",
        "no assessment table found in the directory: Stage I cannot be evaluated; the other "
        "workbooks run without it",
    ]


def test_validate_paths_directory(tmp_path):
    directory = make_dataset(tmp_path / "kota")
    problems = validate_paths([str(directory)])
    assert [(Path(p.file).name, p.row, p.column) for p in problems] == [
        ("registri.csv", 3, "Perangkat Daerah")]


def test_validate_paths_single_file_uses_agencies_beside_it(tmp_path):
    directory = make_dataset(tmp_path / "kota")
    problems = validate_paths([str(directory / "registri.csv")])
    assert [p.line().split(": ")[0] for p in problems] == [
        f"{directory / 'registri.csv'}:3:Perangkat Daerah"]


def test_validate_paths_agencies_among_the_paths(tmp_path):
    directory = make_dataset(tmp_path / "kota", agencies=False)
    elsewhere = write(tmp_path / "opd.csv", AGENCIES)
    problems = validate_paths([str(directory / "registri.csv"), str(elsewhere)])
    assert [(p.row, p.value) for p in problems] == [(3, "DISHUB")]


def test_validate_paths_without_agencies(tmp_path):
    directory = make_dataset(tmp_path / "kota", agencies=False)
    path = directory / "registri.csv"
    problems = validate_paths([str(path)])
    assert [p.line() for p in problems] == [
        f"{path}::: no agencies table found: agency references cannot be checked"]


def test_validate_paths_metadata_and_missing_paths(tmp_path):
    directory = make_dataset(tmp_path / "kota")
    assert validate_paths([str(directory / "metadata.json")]) == []
    (directory / "metadata.json").write_text("[1, 2]")
    missing = str(tmp_path / "tidak ada.csv")
    problems = validate_paths([str(directory / "metadata.json"), missing])
    assert [(p.file, p.reason) for p in problems] == [
        (str(directory / "metadata.json"), "metadata.json must hold a JSON object"),
        (missing, "unreadable file: no such file or directory"),
    ]


# ------------------------------------------------------------ nothing is lost


def test_every_row_is_either_clean_or_rejected(tmp_path):
    path = write(tmp_path / "registri.csv", lines(
        "Registri Inovasi;;",                                         # row 1: title
        HEADER + ";Anggaran (Rp)",                                    # row 2: header
        GOOD + ";Rp 1.000",                                           # row 3: ok
        GOOD.replace("INV-1", "INV-2") + ";minus",                    # row 4: bad amount
        ";;;;;;;;",                                                   # row 5: empty, skipped
        GOOD.replace("INV-1", "INV-3").replace("Smart Governance", "Smart X") + ";",  # row 6
        GOOD + ";",                                                   # row 7: duplicate
        GOOD.replace("INV-1", "INV-4") + ";0",                        # row 8: ok
        GOOD.replace("INV-1", "INV-5").replace("DISKOMINFO", "X") + ";",    # row 9: agency
    ))
    write(tmp_path / "opd.csv", AGENCIES)
    agencies = read_table(tmp_path / "opd.csv").frame
    result = read_table(path, agencies=agencies)
    clean = set(result.frame["source_row"])
    rejected = set(result.rejects["row"])
    assert clean == {3, 8}
    assert rejected == {4, 6, 7, 9}
    assert clean.isdisjoint(rejected)
    assert {p.row for p in result.problems} == rejected


def test_hostile_input_becomes_problems_not_exceptions(tmp_path):
    path = write(tmp_path / "aneh.csv", lines(
        HEADER + ";Tahun;Tanggal Mulai;Jumlah Penerima Manfaat;Anggaran (Rp);Quick Win",
        GOOD + ";2020;01/01/9999;99.999.999.999.999.999.999;1e400;mungkin",   # row 2
        '"INV-2";"Nama\nbaris dua";DINKES;2024;x;y;z;w;;;;;',  # row 3 (two lines of text)
        "INV-3;;;;;;;",                                       # row 4, as Excel shows it
    ))
    result = read_table(path)
    assert result.ignored_columns == ["Tahun (2)"]
    assert set(result.rejects["row"]) == {2, 3, 4}
    assert {p.row for p in result.problems if p.severity == "error"} == {2, 3, 4}
    assert result.frame.empty
    zipped = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    [problem] = read_table(zipped).problems
    assert problem.reason.startswith("unreadable file")


def test_without_an_agencies_table_the_agencies_are_the_registry_s_names(tmp_path):
    """Issue #23, item 3: not 'no agency', but each agency the registry names, once, marked as
    derived and said once."""
    rows = [GOOD, GOOD.replace("INV-1", "INV-2"),
            GOOD.replace("INV-1", "INV-3").replace("DISKOMINFO", "Dinas Kesehatan")]
    write(tmp_path / "inovasi.csv", lines(HEADER, *rows))
    data = load_dataset(tmp_path)
    agencies = data.agencies
    assert list(agencies["agency_code"]) == ["DISKOMINFO", "Dinas Kesehatan"]
    assert list(agencies["agency_name"]) == ["DISKOMINFO", "Dinas Kesehatan"]
    assert list(agencies["agency_type"]) == ["dinas", "dinas"]  # 'dis...', 'Dinas ...'
    assert agencies["agency_derived"].all()
    assert list(agencies["source_row"]) == [2, 4]
    said = [p for p in data.problems if "agencies" in p.reason]
    assert len(said) == 1 and said[0].severity == "warning"
    assert "the 2 agencies are taken from the registry's agency names" in said[0].reason


def test_a_registry_without_ids_gets_stable_ids_derived_from_agency_and_name(tmp_path):
    """Issue #23, item 3: not every row rejected; the same ids whatever the rows' order."""
    header = "No;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi"
    rows = ["1;Pionirs;DISKOMINFO;2024;Smart Governance;Layanan Publik",
            "2;Sipadu;DINKES;2024;Smart Living;Kesehatan"]
    first = read_table(write(tmp_path / "a.csv", lines(header, *rows)))
    second = read_table(write(tmp_path / "b.csv", lines(header, *reversed(rows))))
    assert first.rejects.empty and len(first.frame) == 2
    ids = dict(zip(first.frame["innovation_name"], first.frame["innovation_id"], strict=True))
    assert ids == dict(zip(second.frame["innovation_name"], second.frame["innovation_id"],
                           strict=True))
    assert ids["Pionirs"] != ids["Sipadu"] and ids["Pionirs"].startswith("ID-")
    said = [p for p in first.problems if "derived" in p.reason]
    assert [(p.severity, p.row) for p in said] == [("warning", None)]
    assert said[0].reason.startswith("no id column: each row's id is derived from its agency "
                                     "and name")


def test_a_year_stated_once_in_the_file_name_is_offered_for_every_row(tmp_path):
    header = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Dimensi;Sub Dimensi"
    row = "INV-1;Pionirs;DISKOMINFO;Smart Governance;Layanan Publik"
    result = read_table(write(tmp_path / "daftar-aplikasi-2017-20180107.csv", lines(header, row)))
    assert result.rejects.empty and list(result.frame["year"]) == [2017]
    [said] = [p for p in result.problems if "year" in p.reason]
    assert said.severity == "warning" and "taken for 2017" in said.reason
    # two years in the name ('2017-2018') state none
    result = read_table(write(tmp_path / "daftar 2017-2018.csv", lines(header, row)))
    assert len(result.rejects) == 1
