"""The pre-filled Stage I form: sheets, lines and formatting, checked against a hand-made table."""

import openpyxl
import pandas as pd
import pytest
import yaml

from smartcity_utils.config import read_weights
from smartcity_utils.stage1.form import form_file_name, write_stage1_form
from smartcity_utils.stage1.scoring import stage1_scores
from smartcity_utils.vocabulary import DIMENSIONS

WEIGHTS = {"framework": "smart_city", "version": "10-20-30-30-10", "years": {},
           "source": "tests", "unverified": "tests", "scale": 4,
           "published_value": {"decimals": 2, "rounding": "half_up"},
           "weights": {"Baseline": 10, "Output": 20, "Outcome": 30, "Impact": 30,
                       "Quick Win": 10},
           "bands": [{"lower": 0, "id": "Kurang", "en": "Poor"},
                     {"lower": 2.5, "id": "Baik", "en": "Good"}]}


def _row(agency, evaluation_dimension, code, level, evidence=True, sub="Layanan Publik",
         dimension="Smart Governance"):
    return {"agency_code": agency, "innovation_id": "", "year": 2024,
            "evaluation_dimension": evaluation_dimension, "dimension": dimension,
            "sub_dimension": sub, "indicator_code": code, "indicator": f"Indikator {code}",
            "level": level, "scale_max": 4, "evidence_ref": "SK" if evidence else "",
            "evidence_present": evidence}


HOSTILE = "=HYPERLINK(\"http://x\",\"click\")"


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(WEIGHTS), encoding="utf-8")
    rows = pd.DataFrame([
        _row("A", "Baseline", "BL-01", 2),
        _row("A", "Output", "OP-01", 4, evidence=False),
        _row("A", "Outcome", "OC-01", 3, sub="Kebijakan Publik") | {"evidence_ref": HOSTILE},
        _row("B", "Impact", "IM-01", 1, dimension="Smart Living", sub="Kesehatan"),
    ]).astype({"year": "Int64", "level": "float64", "scale_max": "float64",
               "evidence_present": "boolean"})
    agencies = pd.DataFrame({"agency_code": ["A", "B"], "short_name": ["Dinas A", "Dinas B"]})
    result = stage1_scores(rows, agencies, read_weights(path), 2024)
    out = write_stage1_form(result, tmp_path / form_file_name(2024), "Kota Uji")
    return openpyxl.load_workbook(out)


def test_one_sheet_per_dimension_and_a_summary(form):
    assert form.sheetnames == ["Ringkasan", *DIMENSIONS]
    for sheet in form.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
        assert sheet.column_dimensions["A"].width > 8


def test_dimension_sheet_lists_indicators_and_every_sub_dimension(form):
    sheet = form["Smart Governance"]
    header = [c.value for c in sheet[1]]
    lines = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                           values_only=True)]
    # Layanan Publik: BL-01 and OP-01; Kebijakan Publik: OC-01; Tata Kelola Birokrasi: no row.
    assert [(x["Sub-dimensi"], x["Kode Indikator"]) for x in lines] == [
        ("Layanan Publik", "BL-01"), ("Layanan Publik", "OP-01"),
        ("Kebijakan Publik", "OC-01"), ("Tata Kelola Birokrasi", None)]
    assert [x["Status bukti"] for x in lines] == ["ada", "belum ada", "ada", "belum dinilai"]
    assert lines[1]["Level"] == 4 and lines[1]["Nilai"] == 4.0
    assert [c.value for c in form["Smart Branding"]["A"][1:]] == ["Wisata", "Bisnis",
                                                                   "Wajah Kota"]


def test_summary_sheet_has_the_city_first(form):
    sheet = form["Ringkasan"]
    city = [c.value for c in sheet[2]]
    assert city[0] == "Kota"
    # City: Baseline 2, Output 4, Outcome 3, Impact 1 (1/4*4), Quick Win missing ->
    # (10*2 + 20*4 + 30*3 + 30*1) / 90 = 220/90 = 2.444..., written as published: 2.44
    assert city[7] == 2.44
    assert city[-1] == 1  # one row without evidence
    notes = {r[0]: r[1] for r in sheet.iter_rows(min_row=10, values_only=True) if r[0]}
    assert notes["Pemerintah daerah"] == "Kota Uji"
    assert "10-20-30-30-10" in notes["Berkas aturan penilaian (versi)"]


def test_rows_without_evidence_are_marked_and_nothing_else(form):
    sheet = form["Smart Governance"]
    header = [c.value for c in sheet[1]]
    column = header.index("Status bukti")
    fills = [row[column].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2)]
    # the second line (OP-01) has no evidence; "ada" and "belum dinilai" are not to-dos
    assert [f.endswith("F8CBAD") for f in fills] == [False, True, False, False]


def test_an_evidence_reference_that_looks_like_a_formula_stays_text(form):
    sheet = form["Smart Governance"]
    header = [c.value for c in sheet[1]]
    ref = sheet.cell(row=4, column=header.index("Bukti Dukung") + 1)
    assert ref.value == HOSTILE and ref.data_type == "s"


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_its_header(form):
    for sheet in form.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # 1 page wide is Excel's default, left out of the file; 0: as many pages tall as needed
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"


def test_values_smartcity_suggest_filled_are_marked_and_counted(tmp_path):
    """Two lines whose dimension `smartcity suggest` filled (from their sub-dimension): marked
    on their sheet, counted on the summary sheet; the registered line is not marked."""
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(WEIGHTS), encoding="utf-8")
    rows = pd.DataFrame([
        _row("A", "Baseline", "BL-01", 2) | {"suggested": "dimension"},
        _row("A", "Output", "OP-01", 4) | {"suggested": ""},
        _row("B", "Impact", "IM-01", 1, dimension="Smart Living", sub="Kesehatan")
        | {"suggested": "dimension"},
    ]).astype({"year": "Int64", "level": "float64", "scale_max": "float64",
               "evidence_present": "boolean"})
    agencies = pd.DataFrame({"agency_code": ["A", "B"], "short_name": ["Dinas A", "Dinas B"]})
    result = stage1_scores(rows, agencies, read_weights(path), 2024)
    form = openpyxl.load_workbook(write_stage1_form(result, tmp_path / "f.xlsx", "Kota Uji"))
    governance = form["Smart Governance"]
    header = [c.value for c in governance[1]]
    column = header.index("Dari saran")
    marks = {r[header.index("Kode indikator") if "Kode indikator" in header else 2]:
             r[column] for r in governance.iter_rows(min_row=2, values_only=True)}
    assert marks["BL-01"] == "Smart Governance (saran)"
    assert marks["OP-01"] is None
    living = [r for r in form["Smart Living"].iter_rows(min_row=2, values_only=True)
              if "Smart Living (saran)" in r]
    assert len(living) == 1
    about = [r for r in form["Ringkasan"].iter_rows(values_only=True) if r[0] == "Nilai dari saran"]
    assert about and about[0][1].startswith("2 nilai pada baris formulir ini diisi oleh "
                                            "smartcity suggest")
