"""Small files, bounded cost (docs/reliability.md): a workbook's stated used range is not
trusted, cells and workbooks beyond the stated limits are refused with a sentence, YAML is read
without aliases, and .ods or password-protected workbooks are named. The heavy inputs are made
here, at tmp_path; each test takes seconds (before, the stray cell took minutes and gigabytes)."""

import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from smartcity_utils.collection.registry import load_registry
from smartcity_utils.config import read_weights
from smartcity_utils.data.load import load_dataset, read_table
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import load_params, read_params_file

pytestmark = pytest.mark.faults

SAMPLE = Path(__file__).parents[1] / "data" / "sample"
HEADER = ["ID Inovasi", "Nama Inovasi", "Perangkat Daerah", "Tahun", "Dimensi", "Sub Dimensi",
          "Deskripsi"]
ROWS = [["INV-1", "Pionirs", "DISDUKCAPIL", 2024, "Smart Governance", "Layanan Publik", "a"],
        ["INV-2", "PSC 119", "DINKES", 2024, "Smart Living", "Kesehatan", "b"],
        ["INV-3", "Gencil", "DISKOMINFO", 2024, "Smart Governance", "Layanan Publik", "c"]]


def registry(path: Path, **cells) -> Path:
    """An innovations workbook of three rows (rows 2-4 below the header), with `cells` set."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inovasi"
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    for cell, value in cells.items():
        sheet[cell] = value
    book.save(path)
    return path


def with_long_cell(path: Path, mib: int = 0, characters: int = 0) -> Path:
    """`registry` with cell G3 holding `mib` MiB and `characters` more of 'x', written into
    the zip by hand (openpyxl cuts a cell it writes at Excel's limit)."""
    small = registry(path.with_name("small.xlsx"), G3="PLACEHOLDER")
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                           compresslevel=1) as book:
        for member in source.infolist():
            data = source.read(member)
            if b"PLACEHOLDER" not in data:
                book.writestr(member, data)
                continue
            before, after = data.split(b"PLACEHOLDER")
            with book.open(member.filename, "w", force_zip64=True) as out:
                out.write(before)
                for _ in range(mib):
                    out.write(b"x" * 2**20)
                out.write(b"x" * characters + after)
    return path


def problems_of(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.severity, p.reason) for p in result.problems]


def test_a_stray_cell_at_the_last_cell_of_the_sheet_is_named_and_the_table_read(tmp_path):
    path = registry(tmp_path / "inovasi.xlsx", XFD1048576="catatan")
    started = time.perf_counter()
    result = read_table(path, "innovations")
    assert time.perf_counter() - started < 30  # before: minutes, then out of memory
    assert list(result.frame["innovation_id"]) == ["INV-1", "INV-2", "INV-3"]
    # the table ends at row 4: rows 5 to 1,048,575 are empty, 1,048,571 of them
    assert problems_of(result) == [(
        "Inovasi", 1048576, "XFD", "error", "cell XFD1048576 lies 1,048,571 empty rows below "
        "the table: not read; delete it or move it next to the table")]
    assert result.problems[0].value == "catatan"


def test_a_stray_cell_far_right_of_a_row_is_named_and_the_row_read(tmp_path):
    path = registry(tmp_path / "inovasi.xlsx", XFD3="catatan", XFD4="lagi")
    result = read_table(path, "innovations")
    assert list(result.frame["innovation_id"]) == ["INV-1", "INV-2", "INV-3"]
    # the table ends at column G (7): columns H to XFD-1 are empty, 16,384 - 7 - 1 of them
    assert problems_of(result) == [(
        "Inovasi", 3, "XFD", "warning", "cell XFD3 (and 1 more cells) lies 16,376 empty columns "
        "right of the table: not read; delete it or move it next to the table")]


def test_cells_near_the_table_are_read_as_before(tmp_path):
    # a note 1,000 empty rows below (rows 5-1004) and 100 empty columns right (H-DC) is read
    path = registry(tmp_path / "inovasi.xlsx", A1005="INV-4", DD2="catatan")
    result = read_table(path, "innovations")
    assert "INV-4" not in set(result.frame["innovation_id"])
    assert [p.row for p in result.problems if p.severity == "error"] == [1005] * 5
    assert {p.reason for p in result.problems if p.row == 1005} >= {"empty required field"}
    assert "(column DD)" in result.ignored_columns


def test_a_cell_longer_than_excel_allows_rejects_its_row_only(tmp_path):
    path = with_long_cell(tmp_path / "inovasi.xlsx", characters=200_000)
    result = read_table(path, "innovations")
    assert list(result.frame["innovation_id"]) == ["INV-1", "INV-3"]
    assert problems_of(result) == [(
        "Inovasi", 3, "Deskripsi", "error", "200,000 characters, more than the 32,767 an Excel "
        "cell holds: not read")]
    assert result.problems[0].value == "x" * 40 + "... (200,000 characters)"


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_unparsed(tmp_path):
    """A 0.2 MB workbook holding one cell of 200 MiB (a zip bomb: 1,000 to 1)."""
    path = with_long_cell(tmp_path / "bom.xlsx", mib=200)
    assert path.stat().st_size < 2**20
    started = time.perf_counter()
    result = read_table(path)
    assert time.perf_counter() - started < 10
    assert [p.line() for p in result.problems] == [
        f"{path}::: unreadable file: the workbook unpacks to 200 MiB, more than the 128 MiB a "
        "workbook may hold; save a table this large as CSV"]


def test_a_merged_range_over_the_whole_sheet_costs_nothing(tmp_path):
    """Cells merged from H5 to the sheet's last cell (17 billion cells; openpyxl, opening a
    workbook, made an object for each): the range lies beyond the table and is not read."""
    small = registry(tmp_path / "small.xlsx")
    path = tmp_path / "gabung.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w") as book:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                    b'<mergeCell ref="H5:XFD1048576"/></mergeCells>')
            book.writestr(member, data)
    started = time.perf_counter()
    result = read_table(path, "innovations")
    assert time.perf_counter() - started < 30
    assert list(result.frame["innovation_id"]) == ["INV-1", "INV-2", "INV-3"]
    assert result.problems == []


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE file's header: encrypted OOXML


def test_a_password_protected_workbook_is_named_so(tmp_path):
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(OLE)
    assert [p.reason for p in read_table(path).problems] == [
        "unreadable file: the workbook is password-protected (or an old .xls workbook "
        "renamed); save it as .xlsx without a password"]


def test_a_password_protected_returned_workbook_is_named_so(tmp_path):
    shutil.copy(SAMPLE / "agencies.csv", tmp_path)
    (tmp_path / "returned").mkdir()
    (tmp_path / "returned" / "template_DINKES_2025.xlsx").write_bytes(OLE)
    problems = [p for p in load_registry(tmp_path).problems
                if p.file.endswith("template_DINKES_2025.xlsx")]
    assert [p.reason for p in problems] == [
        "unreadable file: the workbook is password-protected (or an old .xls workbook "
        "renamed); save it as .xlsx without a password"]


def test_an_ods_file_in_a_data_folder_is_named_not_ignored(tmp_path):
    for name in ("agencies.csv", "innovations.csv"):
        shutil.copy(SAMPLE / name, tmp_path)
    (tmp_path / "penilaian.ods").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    problems = [p for p in load_dataset(tmp_path).problems if p.file == "penilaian.ods"]
    assert [p.reason for p in problems] == [
        "unreadable file: OpenDocument .ods format; save it as .xlsx or CSV"]


BOMB = "\n".join(["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
    f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 10)}]" for i in range(1, 10)])  # 10^10 values


def test_an_alias_bomb_in_the_parameters_is_refused_before_any_check(tmp_path):
    default = (Path(__file__).parents[1] / "params" / "default.yaml").read_text()
    nested = "{" + ", ".join(BOMB.splitlines()) + "}"
    path = tmp_path / "bom.yaml"
    path.write_text(default.replace("cluster_feature_weights: {", "cluster_feature_weights: "
                                    f"{{bomb: {nested}, "))
    started = time.perf_counter()
    with pytest.raises(ParamsError) as refused:
        load_params(path)
    assert time.perf_counter() - started < 10
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith("cluster_feature_weights"))
    assert str(refused.value) == (
        f"{path}: line {line}: this value is repeated by an alias (*name); aliases are not "
        "allowed in parameters and configuration files: write the value out where it is used")


def test_a_weights_file_with_an_alias_is_refused(tmp_path):
    path = tmp_path / "stage1_alias.yaml"
    path.write_text("weights: &w {Baseline: 10}\nalso: *w\n")
    with pytest.raises(ParamsError, match=r"stage1_alias\.yaml: line 1: .*alias"):
        read_weights(path)


def test_yaml_without_aliases_reads_as_before(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("city: &name Kota Pontianak\nyear: 2024\n")  # an anchor alone is harmless
    assert read_params_file(path) == {"city": "Kota Pontianak", "year": 2024}
