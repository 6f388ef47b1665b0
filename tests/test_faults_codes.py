"""Codes are identities (issue 22): two agency codes that differ only in case, spaces or
punctuation are an error naming both rows, and a reference matches an agency as written,
never through a folded comparison that can pick another agency."""

import pytest

from smartcity_utils.cli import main
from smartcity_utils.data.load import load_dataset

pytestmark = pytest.mark.faults

REGISTRY_HEAD = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi\n"


def _folder(tmp_path, agencies: str, registry: str):
    (tmp_path / "opd.csv").write_text("Kode PD;Nama Perangkat Daerah;Singkatan\n" + agencies,
                                      encoding="utf-8")
    (tmp_path / "inovasi.csv").write_text(REGISTRY_HEAD + registry, encoding="utf-8")
    return tmp_path


def test_codes_differing_only_in_case_are_an_error_naming_both_rows(tmp_path, capsys):
    folder = _folder(tmp_path,
                     "DINKES;Dinas Kesehatan;Dinkes\n"
                     "dinkes;Dinas Kesehatan Hewan;Dinkeswan\n"
                     "DISHUB;Dinas Perhubungan;Dishub\n",
                     "A-1;PSC 119;DINKES;2024;Smart Living;Kesehatan\n"
                     "A-2;Vaksin Ternak;dinkes;2024;Smart Living;Kesehatan\n"
                     "A-3;Bus Kota;DISHUB;2024;Smart Living;Mobilitas\n")
    data = load_dataset(folder)
    lookalikes = {(p.file, p.row): p.reason for p in data.errors if p.table == "agencies"}
    assert lookalikes == {
        ("opd.csv", 2): "agency code 'DINKES' differs from 'dinkes' (row 3) only in case, "
                        "spaces or punctuation: give the two agencies codes that differ in "
                        "letters or digits, or write one agency's code the same way",
        ("opd.csv", 3): "agency code 'dinkes' differs from 'DINKES' (row 2) only in case, "
                        "spaces or punctuation: give the two agencies codes that differ in "
                        "letters or digits, or write one agency's code the same way",
    }
    assert data.agencies["agency_code"].tolist() == ["DISHUB"]
    # neither agency's innovation is loaded as the other's: both wait for the codes to be fixed
    assert data.innovations["innovation_id"].tolist() == ["A-3"]
    assert main(["validate", str(folder)]) == 1
    assert "opd.csv:3:Kode PD: agency code 'dinkes' differs" in capsys.readouterr().out


def test_punctuation_and_spaces_do_not_make_two_codes(tmp_path):
    folder = _folder(tmp_path,
                     "KEC-PTK-BARAT;Kecamatan Pontianak Barat;\n"
                     "KEC PTK BARAT;Kecamatan Pontianak Barat Lama;\n", "")
    data = load_dataset(folder)
    assert sorted(p.row for p in data.errors) == [2, 3]
    assert data.agencies.empty


def test_a_code_written_in_another_case_is_taken_with_a_warning_naming_its_rows(tmp_path):
    folder = _folder(tmp_path, "DINKES;Dinas Kesehatan;Kesehatan\n",
                     "A-1;PSC 119;dinkes;2023;Smart Living;Kesehatan\n"
                     "A-1;PSC 119;dinkes;2024;Smart Living;Kesehatan\n"
                     "A-2;Posyandu;DINKES;2024;Smart Living;Kesehatan\n")
    data = load_dataset(folder)
    assert data.errors == []
    assert data.innovations["agency_code"].tolist() == ["DINKES"] * 3
    [warning] = [p for p in data.problems if p.severity == "warning" and p.row]
    assert (warning.file, warning.row, warning.column, warning.value) == \
        ("inovasi.csv", 2, "Perangkat Daerah", "dinkes")
    assert warning.reason == ("agency code 'dinkes' read as 'DINKES', as the agencies table "
                              "writes it (it differs only in case, spaces or punctuation) "
                              "(2 rows (2, 3))")


def test_a_folded_code_never_picks_another_agency(tmp_path):
    # RSUD's short name is Dinkes: written so, it is RSUD; 'dinkes' could be either agency
    folder = _folder(tmp_path,
                     "DINKES;Dinas Kesehatan;Dinas Kesehatan\n"
                     "RSUD;Rumah Sakit Umum Daerah;Dinkes\n",
                     "A-1;PSC 119;DINKES;2024;Smart Living;Kesehatan\n"
                     "A-2;Rawat Inap Tanpa Kelas;Dinkes;2024;Smart Living;Kesehatan\n"
                     "A-3;Posyandu;dinkes;2024;Smart Living;Kesehatan\n")
    data = load_dataset(folder)
    assert dict(zip(data.innovations["innovation_id"], data.innovations["agency_code"],
                    strict=True)) == {"A-1": "DINKES", "A-2": "RSUD"}
    [error] = data.errors
    assert (error.row, error.reason) == (4, "ambiguous agency: 'dinkes' is the name of several "
                                            "agencies (DINKES, RSUD); write the agency code "
                                            "instead")


def test_codes_differing_only_in_case_in_two_agencies_files_are_an_error_too(tmp_path):
    folder = _folder(tmp_path, "DINKES;Dinas Kesehatan;Dinkes\nDISHUB;Dinas Perhubungan;\n",
                     "A-1;PSC 119;DINKES;2024;Smart Living;Kesehatan\n"
                     "A-2;Vaksin Ternak;dinkes;2024;Smart Living;Kesehatan\n"
                     "A-3;Bus Kota;DISHUB;2024;Smart Living;Mobilitas\n")
    (tmp_path / "opd_hewan.csv").write_text("Kode PD;Nama Perangkat Daerah\n"
                                            "dinkes;Dinas Kesehatan Hewan\n", encoding="utf-8")
    data = load_dataset(folder)
    assert {(p.file, p.row): p.reason for p in data.errors if p.table == "agencies"} == {
        ("opd.csv", 2): "agency code 'DINKES' differs from 'dinkes' (opd_hewan.csv:2) only in "
                        "case, spaces or punctuation: give the two agencies codes that differ "
                        "in letters or digits, or write one agency's code the same way",
        ("opd_hewan.csv", 2): "agency code 'dinkes' differs from 'DINKES' (opd.csv:2) only in "
                              "case, spaces or punctuation: give the two agencies codes that "
                              "differ in letters or digits, or write one agency's code the "
                              "same way",
    }
    assert data.agencies["agency_code"].tolist() == ["DISHUB"]
    assert data.innovations["innovation_id"].tolist() == ["A-3"]
