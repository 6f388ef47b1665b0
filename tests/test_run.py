"""Planning a batch: which city workbooks wait for which, and what makes a notebook up to date."""

import nbformat
import pytest

from smartcity_utils.batch.manifest import source_digest
from smartcity_utils.batch.plan import city_needs, city_notebooks
from smartcity_utils.errors import SmartCityError


def _notebook(folder, name, needs=None, source="1"):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    if needs is not None:
        nb.metadata["smartcity"] = {"needs": needs}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_declared_needs_and_name_order_default(tmp_path):
    _notebook(tmp_path, "00_a")
    _notebook(tmp_path, "01_b", needs=["00_a"])
    _notebook(tmp_path, "02_c", needs=["00_a"])
    _notebook(tmp_path, "03_d")
    _notebook(tmp_path, "10_agency")  # not a city workbook
    notebooks = city_notebooks(tmp_path)
    assert [p.stem for p in notebooks] == ["00_a", "01_b", "02_c", "03_d"]
    assert city_needs(notebooks) == {"00_a": [], "01_b": ["00_a"], "02_c": ["00_a"],
                                      "03_d": ["00_a", "01_b", "02_c"]}


def test_a_need_must_run_before(tmp_path):
    _notebook(tmp_path, "00_a", needs=["01_b"])
    _notebook(tmp_path, "01_b")
    with pytest.raises(SmartCityError, match="00_a.ipynb: needs 01_b"):
        city_needs(city_notebooks(tmp_path))


def test_the_project_workbooks_declare_their_needs():
    from smartcity_utils.paths import notebooks_dir

    needs = city_needs(city_notebooks(notebooks_dir()))
    assert needs["01_stage1_evaluation"] == ["00_data_quality"]
    assert needs["02_innovation_clusters"] == ["00_data_quality"]
    assert set(needs["03_quick_win_priority"]) >= {"01_stage1_evaluation",
                                                   "02_innovation_clusters"}
    # the survey is read by 00 and scored into Impact by 01; 04 shows both
    assert needs["04_impact_survey"] == ["00_data_quality", "01_stage1_evaluation"]


def test_source_digest_ignores_outputs_but_not_code(tmp_path):
    path = _notebook(tmp_path, "00_a", source="x = 1")
    before = source_digest(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="hello")]
    nbformat.write(nb, path)
    assert source_digest(path) == before
    nb.cells[0].source = "x = 2"
    nbformat.write(nb, path)
    assert source_digest(path) != before


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path):
    from smartcity_utils.batch.outputs import remove_stale_temporaries

    (tmp_path / "reports").mkdir()
    stale = tmp_path / "reports" / ".x.html.smartcity-abc123.tmp"
    stale.write_text("<html><body>half")
    kept = tmp_path / "reports" / "x.html"
    kept.write_text("<html></html>")
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert not stale.exists() and kept.exists()


def test_kernels_share_the_cores_instead_of_each_taking_all(monkeypatch):
    from smartcity_utils.batch.pool import kernel_threads

    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert [kernel_threads(w) for w in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]


def test_local_workers_pass_the_thread_limit_to_their_kernels(monkeypatch):
    """Kernels inherit their worker's environment; a limit the user set is kept."""
    import os

    from smartcity_utils.batch.pool import THREAD_VARIABLES, kernel_threads, open_executor

    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    with open_executor(workers=2) as pool:
        seen = {n: pool.submit(os.getenv, n).result() for n in THREAD_VARIABLES}
    expected = str(kernel_threads(2))
    assert seen["OMP_NUM_THREADS"] == seen["OPENBLAS_NUM_THREADS"] == expected
    assert seen["MKL_NUM_THREADS"] == "3"


def test_local_workers_all_start_with_the_runner():
    """Started together up front, not one by one as notebooks arrive (their start-up would
    then fall on the city workbooks' critical path)."""
    import multiprocessing

    from smartcity_utils.batch.pool import open_executor

    before = set(multiprocessing.active_children())
    with open_executor(workers=3):
        started = set(multiprocessing.active_children()) - before
        assert len(started) == 3
