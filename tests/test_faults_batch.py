"""Faults against the batch: a city workbook that failed and then succeeded, a damaged Stage I
form, other programs' files in and around the output folder, and an output folder that is the
data folder or part of the project (docs/reliability.md, "Up to date, and only what the run
wrote")."""

import hashlib
import io
import os
from pathlib import Path

import nbformat
import openpyxl
import pytest
from batch_fixtures import statuses

from smartcity_utils.atomic import atomic_path
from smartcity_utils.batch.outputs import remove_stale_temporaries
from smartcity_utils.batch.run import run_suite
from smartcity_utils.cli import main
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir, package_dir, project_root
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
    no_clusters = text("as.not_run", "id").format(part=text("as.part_clusters", "id"))
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


def test_only_the_runs_own_temporaries_are_removed(tmp_path):
    """A killed run's temporary beside a report goes; other programs' hidden *.tmp files, and
    even a name like ours in a folder the run does not write, stay."""
    writing = atomic_path(tmp_path / "reports" / "x.html")
    ours = writing.__enter__()  # and never leaves: as if the run was killed while writing
    foreign = [tmp_path / "arsip" / "2023" / ".laporan_final.docx.tmp",
               tmp_path / "reports" / ".catatan.tmp",
               tmp_path / "arsip" / ours.name, tmp_path / "reports" / "arsip" / ours.name]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not the run's")
    assert remove_stale_temporaries(tmp_path) == [ours]
    assert not ours.exists() and all(p.read_text() == "not the run's" for p in foreign)


FOREIGN = ["notes.txt", ".draft.tmp", "arsip/catatan.txt", "out/readme.txt",
           "out/arsip/2023/.laporan_final.docx.tmp", "out/arsip/2023/laporan_final.docx",
           "out/reports/.catatan.tmp", "out/stage1/.form_tahap1_2024.xlsx.tmp"]


def _foreign_files(tmp_path: Path) -> dict[str, str]:
    """sha256 of every file around the output folder (the data and notebooks included) and
    of the foreign files planted inside it."""
    out = tmp_path / "out"
    return {p.relative_to(tmp_path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(tmp_path.rglob("*")) if p.is_file()
            and (not p.is_relative_to(out) or p.relative_to(tmp_path).as_posix() in FOREIGN)}


@pytest.mark.batch
def test_files_around_and_inside_the_output_folder_are_left_as_they_were(tmp_path):
    _small_data(tmp_path / "data")
    folder = _notebooks(tmp_path / "nb", ["00_data_quality", "01_stage1_evaluation",
                                          "10_agency_report"])
    for i, name in enumerate(FOREIGN):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"another program's file {i}")
    before = _foreign_files(tmp_path)
    assert set(FOREIGN) < set(before)
    for force in (False, True):
        manifest = _run(tmp_path, folder, tmp_path / "out", force=force)
        assert set(statuses(manifest).values()) == {"ok"}
        assert _foreign_files(tmp_path) == before


@pytest.mark.parametrize(("base", "where"), [
    ("tmp", "data"), ("tmp", "data/out"), ("tmp", "."),  # is, is inside, holds the data
    ("project", "notebooks"), ("project", "params/out"), ("package", "out"), ("project", ".")])
def test_an_output_folder_in_the_data_or_the_project_is_refused(tmp_path, capsys, base, where):
    data = _small_data(tmp_path / "data")
    out = {"tmp": tmp_path, "project": project_root(), "package": package_dir()}[base] / where
    existed, listing = out.exists(), sorted(data.rglob("*"))
    assert main(["run", "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"out_dir (--out) {out}" in err and "a folder of its own" in err
    assert "Traceback" not in err
    assert out.exists() == existed and sorted(data.rglob("*")) == listing
