"""What a registry leaves out, derived from the registry itself (issue #23, item 3): a year
stated once in a title row above the header, or else the run's evaluation year; a name from
the description or the site's address when there is no name column; each marked as derived,
said once, kept by `smartcity suggest` so that its folder runs. Truth written by hand."""

from pathlib import Path

import nbformat

from smartcity_utils.cli import main
from smartcity_utils.data.load import load_dataset, read_table
from smartcity_utils.quality.reasons import reason_text
from smartcity_utils.reports.export import ENDS_HERE, cells_until_the_end
from smartcity_utils.workbook import end_without_registry

HEADER = "ID Inovasi;Nama Inovasi;Perangkat Daerah;Dimensi;Sub Dimensi"
ROW = "INV-1;Pionirs;DISKOMINFO;Smart Governance;Layanan Publik"


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _said(problems, start):
    return [p for p in problems if p.reason.startswith(start)]


def test_a_year_stated_in_a_title_row_above_the_header_is_offered_for_every_row(tmp_path):
    """'Daftar Inovasi Tahun 2023' above the header: every row is 2023, said once; the title
    wins over another year in the file name."""
    path = write(tmp_path / "rekap-2020.csv", "Daftar Inovasi Tahun 2023", HEADER, ROW,
                 ROW.replace("INV-1", "INV-2"))
    result = read_table(path)
    assert result.rejects.empty and list(result.frame["year"]) == [2023, 2023]
    [said] = _said(result.problems, "no year column")
    assert said.severity == "warning" and said.row is None
    assert "taken for 2023, the year the title above the header states" in said.reason
    assert reason_text(said.reason, "id").startswith(
        "tidak ada kolom tahun: setiap baris dianggap tahun 2023, tahun yang disebut judul")


def test_with_no_year_stated_anywhere_the_run_s_year_is_taken(tmp_path):
    """Without a year anywhere, the rows take the evaluation year the run gives, said once;
    without a run's year (validate) they still lack one."""
    write(tmp_path / "inovasi.csv", HEADER, ROW, ROW.replace("INV-1", "INV-2"))
    data = load_dataset(tmp_path, year=2019)
    assert list(data.innovations["year"]) == [2019, 2019]
    [said] = _said(data.problems, "no year column")
    assert said.severity == "warning"
    assert "taken for 2019, the run's evaluation year, as no year is stated" in said.reason
    assert "tahun evaluasi" in reason_text(said.reason, "id")
    assert load_dataset(tmp_path).innovations.empty


WEB_HEADER = "no,OPD / Lembaga,URL,Jenis,Dimensi,Sub Dimensi,Keterangan"
WEB_ROWS = (
    "1,Dinas Kesehatan,sehat.kota.go.id,Website,Smart Living,Kesehatan,"
    "Situs Resmi Dinas Kesehatan",
    "2,Dinas Kesehatan,antrian.kota.go.id,Aplikasi,Smart Living,Kesehatan,",
    "3,Badan Kepegawaian Daerah,simpeg.kota.go.id,Aplikasi,Smart Governance,"
    "Tata Kelola Birokrasi,Aplikasi Sistem Informasi Manajemen Kepegawaian - dipakai oleh "
    "semua perangkat daerah untuk data pegawai negeri sipil",
)
# By hand: a short description whole, no description -> the address, a long one -> its first
# clause (before ' - ').
WEB_NAMES = ["Situs Resmi Dinas Kesehatan", "antrian.kota.go.id",
             "Aplikasi Sistem Informasi Manajemen Kepegawaian"]


def test_a_registry_without_a_name_column_gets_names_from_description_or_address(tmp_path):
    result = read_table(write(tmp_path / "daftar-website-2018.csv", WEB_HEADER, *WEB_ROWS))
    assert result.rejects.empty
    assert list(result.frame["innovation_name"]) == WEB_NAMES
    assert result.frame["innovation_id"].nunique() == 3
    [said] = _said(result.problems, "no name column")
    assert said.severity == "warning" and "Nama Inovasi (derived)" in said.reason
    assert reason_text(said.reason, "id").startswith("tidak ada kolom nama: nama setiap baris")


def test_suggest_keeps_the_derived_name_id_and_year_so_its_folder_runs(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    write(source / "daftar-website-2018.csv", WEB_HEADER, *WEB_ROWS)
    assert main(["suggest", str(source), "--out", str(tmp_path / "out")]) == 0
    header = (tmp_path / "out" / "innovations.csv").read_text("utf-8").splitlines()[0]
    for derived in ("Innovation Name (derived)", "Innovation ID (derived)", "Year (derived)"):
        assert derived in header
    data = load_dataset(tmp_path / "out")
    assert data.errors == [] and len(data.innovations) == 3
    assert list(data.innovations["innovation_name"]) == WEB_NAMES
    assert set(data.innovations["year"]) == {2018}
    original = read_table(source / "daftar-website-2018.csv").frame
    assert list(data.innovations["innovation_id"]) == list(original["innovation_id"])


def test_a_workbook_without_innovations_ends_with_its_reason_and_the_page_there():
    import pandas as pd

    assert end_without_registry(pd.DataFrame({"innovation_id": ["INV-1"]})) is False
    assert end_without_registry(pd.DataFrame({"innovation_id": []})) is True
    nb = nbformat.v4.new_notebook()
    ends = nbformat.v4.new_code_cell("end_without_registry(data.innovations)")
    ends.outputs = [nbformat.v4.new_output("display_data", {"text/markdown": "why"},
                                           metadata={ENDS_HERE: True})]
    nb.cells = [nbformat.v4.new_markdown_cell("# 02"), ends,
                nbformat.v4.new_markdown_cell("## 1. Clusters")]
    assert [c.source for c in cells_until_the_end(nb).cells] == [
        "# 02", "end_without_registry(data.innovations)"]
    assert len(nb.cells) == 3  # the notebook itself is left whole
