"""Faults against the batch: a city workbook that failed and then succeeded, a damaged Stage I
form, other programs' files in and around the output folder, and an output folder that is the
data folder or part of the project (docs/reliability.md, "Up to date, and only what the run
wrote")."""

import io
import os
from pathlib import Path

import nbformat
import openpyxl
import pytest
from batch_fixtures import statuses

from smartcity_utils.batch.run import run_suite
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir
from smartcity_utils.sample.generator import write_sample
from smartcity_utils.strings import text

pytestmark = pytest.mark.faults

KILL_02 = "SMARTCITY_TEST_KILL_02"  # set: 02 kills its own kernel (a test-only fixture)
AGENCY = "DINKES"


def _notebooks(folder: Path, names: list[str]) -> Path:
    """Copies of the project's workbooks `names` (stems); 02 kills its kernel while KILL_02 is
    set in the environment, so the same source fails once and then succeeds."""
    folder.mkdir()
    for name in names:
        nb = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
        if name == "02_innovation_clusters":
            nb.cells.insert(1, nbformat.v4.new_code_cell(
                f"import os, signal\nif os.environ.get({KILL_02!r}):\n"
                "    os.kill(os.getpid(), signal.SIGKILL)"))
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def _small_data(folder: Path) -> Path:
    write_sample(folder, agencies=4, innovations=40)
    return folder


def _run(tmp_path: Path, notebooks: Path, out: Path, **options) -> dict:
    params = dict(load_params(), data_dir=str(tmp_path / "data"), out_dir=str(out))
    return run_suite(params, agencies=[AGENCY], workers=2, notebooks_dir=notebooks,
                     stream=io.StringIO(), **options)


@pytest.mark.batch
def test_agency_reports_rerun_after_a_city_workbook_that_failed_succeeds(tmp_path, monkeypatch):
    _small_data(tmp_path / "data")
    folder = _notebooks(tmp_path / "nb", ["00_data_quality", "01_stage1_evaluation",
                                          "02_innovation_clusters", "10_agency_report"])
    out = tmp_path / "out"
    report = out / "reports" / "agencies" / f"{AGENCY}.html"
    no_clusters = text("as.not_run", "id").format(notebook="02_innovation_clusters")
    monkeypatch.setenv(KILL_02, "1")
    first = statuses(_run(tmp_path, folder, out))
    assert first["02_innovation_clusters.ipynb"] == "failed" and first[AGENCY] == "ok"
    assert no_clusters in report.read_text(encoding="utf-8")

    monkeypatch.delenv(KILL_02)
    again = statuses(_run(tmp_path, folder, out))
    assert again == {"00_data_quality.ipynb": "skipped", "01_stage1_evaluation.ipynb": "skipped",
                     "02_innovation_clusters.ipynb": "ok", AGENCY: "ok"}
    assert no_clusters not in report.read_text(encoding="utf-8")
    assert statuses(_run(tmp_path, folder, out))[AGENCY] == "skipped"  # nothing read changed


def _form_status(tmp_path: Path, folder: Path, out: Path) -> str:
    return statuses(_run(tmp_path, folder, out))["01_stage1_evaluation.ipynb"]


@pytest.mark.batch
def test_a_damaged_or_missing_stage1_form_is_made_again(tmp_path):
    _small_data(tmp_path / "data")
    folder = _notebooks(tmp_path / "nb", ["00_data_quality", "01_stage1_evaluation"])
    out = tmp_path / "out"
    form = out / "stage1" / "form_tahap1_2024.xlsx"
    assert _form_status(tmp_path, folder, out) == "ok"
    assert _form_status(tmp_path, folder, out) == "skipped"  # the control: nothing damaged
    for damage in (lambda: os.truncate(form, form.stat().st_size // 2), form.unlink):
        damage()
        assert _form_status(tmp_path, folder, out) == "ok"
        openpyxl.load_workbook(form).close()  # whole again
