"""Collection templates: drop-downs and checks exist, the agency is in the file, and a filled
template reads back through the loader as the same clean rows."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from smartcity_utils.cli import main
from smartcity_utils.collection.layout import AGENCY_PROPERTY, header
from smartcity_utils.collection.template import write_templates
from smartcity_utils.data.load import load_dataset, read_table
from smartcity_utils.schema import INNOVATIONS
from smartcity_utils.vocabulary import SUB_DIMENSIONS

SAMPLE = "data/sample"


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    out = tmp_path_factory.mktemp("sent")
    write_templates(out, data_dir=SAMPLE, agencies="DINKES,DISDIK", year=2025)
    return out


def _validations(sheet) -> dict[str, list[str]]:
    """Header -> the drop-down list (or the rule type) Excel applies to its column."""
    heads = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for rule in sheet.data_validations.dataValidation:
        letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[heads[letter]] = (rule.formula1.strip('"').split(",") if rule.type == "list"
                                else [rule.type])
    return found


def test_every_list_column_has_its_drop_down(templates):
    sheet = load_workbook(templates / "template_DINKES_2025.xlsx")["Inovasi"]
    rules = _validations(sheet)
    assert rules["Dimensi (Dimension)"] == list(SUB_DIMENSIONS)
    assert len(rules["Sub Dimensi (Sub-dimension)"]) == 18
    assert rules["Tahapan (Stage)"] == ["inisiatif", "uji coba", "penerapan"]
    assert rules["Jenis (Type)"] == ["digital", "non-digital"]
    assert rules["Status (Status)"] == ["aktif", "selesai", "dihentikan"]
    assert rules["Mitra Media (Partner Media)"] == ["ya", "tidak"]
    assert rules["Perangkat Daerah (Agency)"] == ["DINKES"]
    assert rules["Tahun (Year)"] == ["whole"]
    assert rules["Anggaran (Rp) (Budget (IDR))"] == ["decimal"]
    assert rules["Tanggal Mulai (Start Date)"] == ["date"]
    column = [c.column_letter for c in sheet[1] if c.value == header(
        INNOVATIONS.column("budget_idr"))][0]
    assert sheet[f"{column}2"].number_format == "#,##0"


def test_the_agency_code_is_inside_the_file(templates):
    book = load_workbook(templates / "template_DINKES_2025.xlsx")
    assert {p.name: p.value for p in book.custom_doc_props}[AGENCY_PROPERTY] == "DINKES"
    assert book["Petunjuk"]["B2"].value == "DINKES"
    assert book.sheetnames == ["Petunjuk", "Inovasi", "Penilaian"]


def test_a_filled_template_round_trips_to_the_same_clean_rows(templates):
    data = load_dataset(SAMPLE)
    read = read_table(templates / "template_DINKES_2025.xlsx", "innovations", data.agencies)
    assert read.problems == [] and read.ignored_columns == []
    source = data.innovations[(data.innovations["agency_code"] == "DINKES")
                              & (data.innovations["year"] == 2024)]
    assert len(source) == 6  # counted in data/sample/innovations.csv
    columns = [c for c in INNOVATIONS.column_names if c != "year"]
    pd.testing.assert_frame_equal(read.frame[columns].reset_index(drop=True),
                                  source[columns].reset_index(drop=True), check_dtype=False)
    assert set(read.frame["year"]) == {2025}


def test_indicators_to_score_come_with_empty_level_and_evidence(templates):
    data = load_dataset(SAMPLE)
    book = load_workbook(templates / "template_DINKES_2025.xlsx")
    rows = [r for r in book["Penilaian"].iter_rows(min_row=2, values_only=True) if any(r)]
    mine = data.assessment[(data.assessment["agency_code"] == "DINKES")
                           & (data.assessment["year"] == 2024)]
    assert len(rows) == len(mine) > 0
    heads = [c.value for c in book["Penilaian"][1]]
    assert all(r[heads.index("Level (Level)")] is None for r in rows)
    assert all(r[heads.index("Tahun (Year)")] == 2025 for r in rows)


def test_an_agency_never_assessed_gets_the_city_indicator_list(templates):
    # DISDIK has no assessment rows in the sample (docs/data.md, planted truth)
    rows = [r for r in load_workbook(templates / "template_DISDIK_2025.xlsx")["Penilaian"]
            .iter_rows(min_row=2, values_only=True) if any(r)]
    assert rows and all(r[0] == "DISDIK" for r in rows)


def test_template_command_refuses_all_without_data(tmp_path, capsys):
    assert main(["template", "--out", str(tmp_path)]) == 2
    assert "--data" in capsys.readouterr().err
    assert main(["template", "--out", str(tmp_path), "--agencies", "DINKES", "--year",
                 "2025"]) == 0
    assert (Path(tmp_path) / "template_DINKES_2025.xlsx").is_file()
