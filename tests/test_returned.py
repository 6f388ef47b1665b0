"""A data folder of returned agency workbooks: read as one registry, every problem names the
agency's file and sheet, and wrong, doubled and missing workbooks are reported."""

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from smartcity_utils.collection.registry import load_registry, validate_registry
from smartcity_utils.collection.template import write_templates
from smartcity_utils.spreadsheet import save_workbook

SAMPLE = Path("data/sample")
AGENCIES = ("DINKES", "DISHUB", "DISDUKCAPIL")


def _fill(path: Path, out: Path, sub_dimension: tuple[int, str] | None = None) -> Path:
    """Score every Stage I indicator 3 with evidence, as an agency would; optionally overwrite
    one registry row's sub-dimension."""
    book = load_workbook(path)
    sheet = book["Penilaian"]
    heads = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value is None:
            continue  # below the listed indicators: formatted, empty cells
        sheet.cell(row, heads.index("Level (Level)") + 1).value = 3
        sheet.cell(row, heads.index("Bukti Dukung (Evidence Reference)") + 1).value = "SK 2025"
        sheet.cell(row, heads.index("Ada Bukti (Evidence Present)") + 1).value = "ya"
    if sub_dimension:
        registry = book["Inovasi"]
        column = [c.value for c in registry[1]].index("Sub Dimensi (Sub-dimension)") + 1
        registry.cell(sub_dimension[0], column).value = sub_dimension[1]
    return save_workbook(book, out)


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    out = tmp_path_factory.mktemp("sent")
    write_templates(out, data_dir=SAMPLE, agencies=",".join(AGENCIES), year=2025)
    return out


def _folder(tmp_path: Path, sent: Path, wrong: tuple[int, str] | None = None) -> Path:
    (tmp_path / "returned").mkdir()
    shutil.copy(SAMPLE / "agencies.csv", tmp_path / "agencies.csv")
    shutil.copy(sent / "sent.json", tmp_path / "returned" / "sent.json")
    for code in AGENCIES:
        name = f"template_{code}_2025.xlsx"
        _fill(sent / name, tmp_path / "returned" / name, wrong if code == "DISHUB" else None)
    return tmp_path


def test_returned_workbooks_are_one_registry(tmp_path, sent):
    data = load_registry(_folder(tmp_path, sent))
    assert data.problems == []
    sample = load_registry(SAMPLE)
    last = sample.innovations[sample.innovations["agency_code"].isin(AGENCIES)
                              & (sample.innovations["year"] == 2024)]
    assert len(data.innovations) == len(last)
    assert set(data.innovations["agency_code"]) == set(AGENCIES)
    assert set(data.assessment["level"]) == {3.0}


def test_the_one_problem_names_the_agencys_file_sheet_row_and_column(tmp_path, sent):
    folder = _folder(tmp_path, sent, wrong=(3, "Wisata"))
    problems = validate_registry([str(folder)]).problems
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file.endswith("returned/template_DISHUB_2025.xlsx[Inovasi]")
    assert (problem.row, problem.column) == (3, "Sub Dimensi (Sub-dimension)")
    assert "'Wisata' belongs to Smart Branding" in problem.reason
    loaded = load_registry(folder)
    assert [p.file for p in loaded.problems] == ["returned/template_DISHUB_2025.xlsx[Inovasi]"]


def test_rows_for_another_agency_and_a_second_workbook_are_reported(tmp_path, sent):
    folder = _folder(tmp_path, sent)
    book = load_workbook(folder / "returned" / "template_DINKES_2025.xlsx")
    heads = [c.value for c in book["Inovasi"][1]]
    book["Inovasi"].cell(2, heads.index("Perangkat Daerah (Agency)") + 1).value = "DISHUB"
    save_workbook(book, folder / "returned" / "template_DINKES_2025.xlsx")
    shutil.copy(folder / "returned" / "template_DISHUB_2025.xlsx",
                folder / "returned" / "zz_DISHUB_copy.xlsx")
    reasons = [(p.file, p.row, p.reason) for p in load_registry(folder).problems]
    assert ("returned/template_DINKES_2025.xlsx[Inovasi]", 2,
            "this workbook was sent to DINKES; the row is for DISHUB") in reasons
    assert ("returned/zz_DISHUB_copy.xlsx", None, "a second workbook for DISHUB (the first is "
            "returned/template_DISHUB_2025.xlsx); this one is not loaded") in reasons


def test_agencies_that_returned_nothing_are_reported(tmp_path, sent):
    folder = _folder(tmp_path, sent)
    (folder / "returned" / "template_DISDUKCAPIL_2025.xlsx").unlink()
    problems = load_registry(folder).problems
    assert [p.reason for p in problems] == ["no workbook returned by DISDUKCAPIL"]
    # without sent.json every agency of the agencies table is expected
    (folder / "returned" / "sent.json").unlink()
    missing = [p for p in load_registry(folder).problems if "no workbook" in p.reason]
    assert len(missing) == 35 - 2  # data/sample/agencies.csv has 35 agencies
    assert json.loads((sent / "sent.json").read_text())["agencies"]["DISHUB"] == \
        "template_DISHUB_2025.xlsx"
