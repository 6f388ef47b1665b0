"""A data folder without one of its three tables: workbook 00 still runs to the end and says
which table is missing, the workbooks that need the table stop with a plain reason, and the
agency reports are made for the agencies there are."""

import io
import shutil
from pathlib import Path

import nbformat
import pytest

from smartcity_utils.batch.run import run_suite
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir

pytestmark = pytest.mark.batch

TABLES = ("agencies", "innovations", "assessment")


def _outputs_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     + str(o.get("data", {}).get("text/markdown", ""))
                     for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("missing", TABLES)
def test_workbook_00_reports_a_missing_table_and_runs_to_the_end(tmp_path, missing):
    data = tmp_path / "data"
    shutil.copytree("data/sample", data)
    (data / f"{missing}.csv").unlink()
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("00_data_quality.ipynb", "10_agency_report.ipynb"):
        shutil.copy(notebooks_dir() / name, folder / name)
    stream = io.StringIO()
    manifest = run_suite(dict(load_params(), data_dir=str(data), out_dir=str(tmp_path / "out")),
                         agencies=["DINKES"],
                         notebooks_dir=folder, stream=stream)
    runs = {(n["notebook"], n["agency"]): n for n in manifest["notebooks"]}
    assert runs[("00_data_quality.ipynb", None)]["status"] == "ok"
    # page 00 says so in its language (issue #23, item 7)
    table = {"agencies": "perangkat daerah", "innovations": "inovasi", "assessment": "penilaian"}
    assert f"tidak ada tabel {table[missing]} di folder" in _outputs_text(
        tmp_path / "out" / "notebooks" / "00_data_quality.ipynb")
    # without an agencies table the agencies are the registry's names (issue #23, item 3)
    assert runs[("10_agency_report.ipynb", "DINKES")]["status"] == "ok"
    if missing != "agencies":
        # Only 00 ran: the report says, section by section, which city workbook it lacks;
        # without a registry, 02 and 03 have nothing to give, and the report names that cause.
        report = _outputs_text(tmp_path / "out" / "notebooks" / "10_agency_report" / "DINKES.ipynb")
        lacking = ["penilaian Tahap I kota", "analisis inovasi serupa dan keterpaduan",
                   "pemeringkatan Quick Win"]
        if missing == "innovations":
            assert "data kota ini belum memuat registri inovasi yang dapat dibaca" in report
            lacking = lacking[:1]
        for part in lacking:
            assert (f"belum tersedia: {part} belum memberi hasil pada pengolahan ini (belum "
                    "dijalankan atau gagal; koordinator dapat melihatnya di ringkasan kota)"
                    ) in report


def test_agencies_without_any_data_are_said_once_not_contradicted(tmp_path):
    """Issue #23, item 4: an agencies table alone ('35 agencies have no innovation ... no report
    for them') is not also 'the run's clean data has no agency'."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy("data/sample/agencies.csv", data / "agencies.csv")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("00_data_quality.ipynb", "10_agency_report.ipynb"):
        shutil.copy(notebooks_dir() / name, folder / name)
    stream = io.StringIO()
    run_suite(dict(load_params(), data_dir=str(data), out_dir=str(tmp_path / "out")),
              agencies="all", notebooks_dir=folder, stream=stream)
    said = stream.getvalue()
    assert "agencies have no innovation and no assessment row: no report for them" in said
    assert "has no agency" not in said
