"""Shapes real registries have and the sample never had (issue 12): every sheet and file of a
table, two-row headers, merged and hidden rows, template and totals rows, mixed encodings,
codes stored as numbers, a registry with only the fields every registry has; and the
messages a coordinator acts on (one per root cause)."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from smartcity_utils.cli import main
from smartcity_utils.data.load import load_dataset, validate_dataset
from smartcity_utils.data.parsing import parse_date
from tests.realshapes import awkward

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every awkward data folder, built afresh, with the row counts its builder wrote."""
    root = tmp_path_factory.mktemp("awkward")
    return {name: (root / name, build(root / name)) for name, build in awkward.BUILDERS.items()}


def _warnings(data, start):
    return [p for p in data.problems if p.severity == "warning" and p.reason.startswith(start)]


def test_every_sheet_of_a_workbook_is_read_as_its_table(built):
    folder, counts = built["sheets_per_year"]
    data = load_dataset(folder)
    assert (len(data.agencies), len(data.innovations), len(data.assessment)) == (5, 65, 160)
    assert counts == {"agencies": 5, "innovations": 65, "assessment": 160}
    assert sorted(data.results["innovations"].sheets) == ["2022", "2023", "2024"]
    assert set(data.innovations["year"]) == {2022, 2023, 2024}
    assert data.errors == []


def test_a_table_split_over_two_files_is_read_whole(built):
    folder, counts = built["split_files"]
    data = load_dataset(folder)
    assert counts["innovations"] == 66
    assert data.results["innovations"].rows_read == 66
    assert len(data.innovations) == 65  # the repeated row is rejected, once
    [problem] = data.errors
    assert (problem.file, problem.row) == ("inovasi_2.csv", 32)
    assert "already in inovasi_1.csv:2" in problem.reason


def test_a_two_row_header_keeps_the_pentahelix_columns(built):
    folder, _ = built["two_row_header"]
    data = load_dataset(folder)
    truth = awkward.base()["innovations"]
    got = data.innovations.set_index(["innovation_id", "year"]).sort_index()
    for column in awkward.PENTAHELIX:
        expected = truth.set_index(["innovation_id", truth["year"].astype(int)])[column]
        expected = expected.sort_index().map({"true": True, "false": False})
        assert got[column].tolist() == expected.tolist(), column
    assert data.problems == []  # the header's own merged cells are not data


def test_merged_hidden_totals_and_template_rows_are_handled_and_said(built):
    folder, _ = built["merged_and_hidden"]
    data = load_dataset(folder)
    truth = awkward.base()["innovations"]
    assert len(data.innovations) == 65
    assert sorted(data.innovations["agency_code"]) == sorted(truth["agency_code"])
    assert len(_warnings(data, "cells merged down the rows")) == 1
    assert _warnings(data, "hidden rows are read like the others: 3")
    [totals] = _warnings(data, "totals row")
    assert totals.row == 67
    [template] = _warnings(data, "200 rows hold only a running number")
    assert "rows 68-267" in template.reason
    assert data.errors == []


def test_a_stray_windows_1252_line_is_a_warning_naming_it(built):
    folder, _ = built["mixed_encoding"]
    data = load_dataset(folder)
    [warning] = _warnings(data, "mixed encoding")
    assert "line(s) 8 " in warning.reason
    row = data.innovations.set_index("source_row").loc[8]
    assert row["description"] == "Sekolah ramah anak – Pontianak."
    first = data.innovations.set_index("source_row").loc[2]
    assert "café" in first["description"]


def test_codes_stored_as_numbers_are_read_as_the_zero_padded_code(built):
    folder, _ = built["numeric_codes"]
    data = load_dataset(folder)
    assert len(data.innovations) == 65
    assert set(data.innovations["agency_code"]) == set(data.agencies["agency_code"])
    warnings = _warnings(data, "agency code '")
    assert len(warnings) == 5  # one per agency, not one per row
    assert "'30000' read as '030000'" in warnings[0].reason


def test_a_registry_with_only_the_fields_every_registry_has(built):
    folder, _ = built["minimal_registry"]
    data = load_dataset(folder)
    assert data.errors == []
    assert len(data.innovations) == 65 and data.innovations["tahapan"].isna().all()
    types = dict(zip(data.agencies["agency_code"], data.agencies["agency_type"], strict=True))
    # the names: Dinas Komunikasi..., Dinas Kependudukan..., Dinas Kesehatan, Badan
    # Perencanaan Pembangunan Daerah, Dinas Perpustakaan dan Kearsipan
    assert types == {"DISKOMINFO": "dinas", "DISDUKCAPIL": "dinas", "DINKES": "dinas",
                     "BAPPEDA": "badan", "DISPERPUSIP": "dinas"}
    assert data.agencies["agency_type_inferred"].all()
    assert (data.agencies["short_name"] == data.agencies["agency_name"]).all()
    starts = data.innovations["start_date"].dt.date
    assert (starts == data.innovations["year"].map(lambda y: dt.date(y, 1, 1))).all()
    [missing] = [p for p in data.problems if p.table == "assessment"]
    assert missing.severity == "warning" and "Stage I cannot be evaluated" in missing.reason


@pytest.mark.parametrize(("text", "expected"), [
    ("2016", dt.date(2016, 1, 1)), ("06/2016", dt.date(2016, 6, 1)),
    ("Juni 2016", dt.date(2016, 6, 1)), (2016, dt.date(2016, 1, 1)),
    ("05/06/2024", dt.date(2024, 6, 5)),
])
def test_a_start_date_may_be_a_year_or_a_month_and_year(text, expected):
    assert parse_date(text) == expected


# ------------------------------------------------------------ one message per root cause


def _folder(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


AGENCIES = ("Kode PD;Nama Perangkat Daerah;Singkatan\n"
            "DINKES;Dinas Kesehatan;Kesehatan\nRSUD;Rumah Sakit Umum Daerah;Kesehatan\n")
REGISTRY_HEAD = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi\n"


def test_an_ambiguous_agency_name_has_its_own_message(tmp_path):
    folder = _folder(tmp_path, **{"opd.csv": AGENCIES, "inovasi.csv": REGISTRY_HEAD +
                                  "A-1;PSC 119;kesehatan;2024;Smart Living;Kesehatan\n"})
    data = load_dataset(folder)
    [problem] = data.errors
    assert problem.reason.startswith("ambiguous agency: 'kesehatan' is the name of several "
                                     "agencies (DINKES, RSUD)")
    assert data.innovations.empty


def test_assessment_rows_of_unknown_innovations_and_lookalike_ids(tmp_path):
    registry = REGISTRY_HEAD + ("A-1;PSC 119;DINKES;2023;Smart Living;Kesehatan\n"
                                "a-1\u00a0;PSC 119;DINKES;2024;Smart Living;Kesehatan\n"
                                "A-2;Posyandu;DINKES;2023;Smart Living;Kesehatan\n"
                                "A-2;Posyandu Digital;RSUD;2024;Smart Living;Kesehatan\n")
    assessment = ("Perangkat Daerah;ID Inovasi;Tahun;Dimensi Evaluasi;Dimensi;Kode Indikator;"
                  "Indikator;Level;Skala Maks\n"
                  "DINKES;A-1;2024;Outcome;Smart Living;OC-01;Program;3;4\n"
                  "DINKES;A-9;2024;Outcome;Smart Living;OC-01;Program;3;4\n")
    data = load_dataset(_folder(tmp_path, **{"opd.csv": AGENCIES, "inovasi.csv": registry,
                                             "penilaian.csv": assessment}))
    [unknown] = data.errors
    assert (unknown.file, unknown.row, unknown.value) == ("penilaian.csv", 3, "A-9")
    assert unknown.reason.startswith("unknown innovation: 'A-9'")
    warnings = {p.row: p.reason for p in data.problems if p.severity == "warning"}
    assert "differs from 'A-1' (row 2) only in case, spaces or invisible" in warnings[3]
    assert "is used by DINKES on row 4 and by RSUD here" in warnings[5]


def test_a_rejected_agency_row_is_reported_once_not_per_dependent_row(tmp_path):
    agencies = "Kode PD;Nama Perangkat Daerah;Jenis PD\nDINKES;;dinas\n"
    rows = "".join(f"A-{i};Inovasi {i};DINKES;2024;Smart Living;Kesehatan\n" for i in range(30))
    data = load_dataset(_folder(tmp_path, **{"opd.csv": agencies,
                                             "inovasi.csv": REGISTRY_HEAD + rows}))
    registry = [p for p in data.problems if p.file == "inovasi.csv"]
    assert len(registry) == 1
    assert "and with it the rows of this file that refer to it (30 rows (2, 3, 4, 5, 6 and 25 " \
        "more))" in registry[0].reason
    assert data.results["innovations"].rejected == 30  # every row still accounted for


def test_an_unknown_header_names_the_closest_known_one_and_the_headers_found(tmp_path):
    agencies = "Kode PD;Nama Perangkt Daerah;Singkatan\nDINKES;Dinas Kesehatan;Dinkes\n"
    data = load_dataset(_folder(tmp_path, **{"opd.csv": agencies}))
    [missing] = [p for p in data.errors if p.file == "opd.csv"]
    assert "missing required column: Nama Perangkat Daerah" in missing.reason
    assert "headers found: Kode PD, Nama Perangkt Daerah, Singkatan" in missing.reason
    assert "closest header in the file: 'Nama Perangkt Daerah'" in missing.reason
    ignored = [p for p in data.problems if p.column == "Nama Perangkt Daerah"]
    assert ignored and "did you mean" in ignored[0].reason


def test_a_column_none_of_whose_values_reads_is_one_warning(tmp_path):
    registry = REGISTRY_HEAD.replace("\n", ";Mitra Media\n") + "".join(
        f"A-{i};Inovasi {i};DINKES;2024;Smart Living;Kesehatan;Website\n" for i in range(5))
    data = load_dataset(_folder(tmp_path, **{"opd.csv": AGENCIES,
                                             "inovasi.csv": registry}))
    [warning] = [p for p in data.problems if p.column == "Mitra Media"]
    assert warning.severity == "warning" and "none of the 5 values" in warning.reason
    assert len(data.innovations) == 5 and "Mitra Media" in data.ignored_columns["innovations"]


def test_validate_json_gives_the_tables_and_problems(tmp_path, capsys, built):
    folder, _ = built["split_files"]
    assert main(["validate", str(folder), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["tables"]["innovations"] == {
        "files": ["inovasi_1.csv", "inovasi_2.csv"], "sheets": [], "rows_read": 66,
        "clean": 65, "rejected": 1, "ignored_columns": []}
    [problem] = report["problems"]
    assert set(problem) == {"file", "sheet", "row", "column", "value", "reason", "severity"}
    assert (problem["file"], problem["row"], problem["severity"]) == ("inovasi_2.csv", 32,
                                                                      "error")


def test_validate_text_starts_with_the_summary(built, capsys):
    folder, _ = built["merged_and_hidden"]
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "agencies: 5 rows read, 5 clean, 0 rejected (agencies.csv)",
        "innovations: 65 rows read, 65 clean, 0 rejected (registri.xlsx); columns not "
        "loaded: No",
        "assessment: 160 rows read, 160 clean, 0 rejected (assessment.csv)"]
    assert "  1 x warning: totals row, not read as data" in out


# ------------------------------------------------------------ every row accounted for


def _fixture_folders():
    """Every data folder under tests/fixtures (a real fixture's source/ is not data)."""
    return sorted(p.parent for p in FIXTURES.rglob("*") if p.suffix in (".csv", ".xlsx")
                  and p.parent.name != "source")


@pytest.mark.parametrize("folder", sorted(set(_fixture_folders())),
                         ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_row_and_column_of_every_fixture_is_accounted_for(folder):
    data = validate_dataset([str(folder)])
    for name, result in data.results.items():
        assert result.rows_read == len(result.frame) + result.rejected, name
        rejected_rows = result.rejects.dropna(subset=["row"])[["file", "row"]]
        assert not rejected_rows.duplicated().any(), name  # a table may come in several files
        for column in result.ignored_columns:
            assert any(p.column == column for p in result.problems), (name, column)


def test_the_committed_awkward_fixtures_are_the_builders_output(tmp_path, built):
    for name, (folder, counts) in built.items():
        committed = load_dataset(FIXTURES / "awkward" / name)
        fresh = load_dataset(folder)
        for table, n in counts.items():
            assert committed.results[table].rows_read == n == fresh.results[table].rows_read
        pd.testing.assert_frame_equal(committed.innovations, fresh.innovations)
