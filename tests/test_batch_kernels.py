"""Warm kernels in the agency fan-out: one kernel per worker for successive reports, a fresh
one after a failure, a timeout, a dead kernel and after the bound; the namespace reset between
reports; the same on a Dask worker."""

import io

import nbformat
import pytest
from batch_fixtures import agency_notebooks, kernel_pids, out_with_agencies, params_for, statuses

from smartcity_utils.batch.run import run_suite

pytestmark = pytest.mark.batch

CODES = ["A1", "A2", "FAIL1", "B1", "B2", "KILL1", "C1", "HANG1", "D1", "D2", "D3", "E1"]
FAILED = {"FAIL1", "KILL1", "HANG1"}


def _fan_out(tmp_path, executor: str):
    folder = agency_notebooks(tmp_path / "nb")
    out = out_with_agencies(tmp_path / executor, CODES)
    manifest = run_suite(params_for(out), agencies="all", workers=1, executor=executor,
                         timeout=15, notebooks_dir=folder, stream=io.StringIO(),
                         kernel_reports=3)
    return out, manifest


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_one_warm_kernel_per_worker_and_a_fresh_one_after_any_failure(tmp_path, executor):
    out, manifest = _fan_out(tmp_path, executor)
    assert statuses(manifest) == {c: "failed" if c in FAILED else "ok" for c in CODES}
    errors = {n["agency"]: n["error"] for n in manifest["notebooks"] if n["error"]}
    assert "planted failure for FAIL1" in errors["FAIL1"]
    assert "DeadKernelError" in errors["KILL1"] or "died" in errors["KILL1"].lower()
    assert "wall-clock limit of 15 s" in errors["HANG1"]

    pid = dict(zip(CODES, kernel_pids(out, CODES), strict=True))
    assert None not in pid.values()
    assert pid["A1"] == pid["A2"] == pid["FAIL1"]   # one kernel for successive reports
    assert pid["B1"] != pid["FAIL1"]                # fresh after a failing cell
    assert pid["B1"] == pid["B2"] == pid["KILL1"]
    assert pid["C1"] != pid["KILL1"]                # fresh after a dead kernel
    assert pid["C1"] == pid["HANG1"]
    assert pid["D1"] != pid["HANG1"]                # fresh after a timeout
    assert pid["D1"] == pid["D2"] == pid["D3"]      # three reports: the bound
    assert pid["E1"] != pid["D3"]                   # fresh after the bound

    for run in manifest["notebooks"]:
        nb = nbformat.read(out / run["output"], as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        if run["status"] == "ok":
            # each report starts as in a fresh kernel: nothing left over, counter at 1
            assert code[0].execution_count == 1
            [leftover] = [c for c in code if c.source.startswith("leftover_seen")]
            assert leftover.outputs[0]["text"] == "left: None\n"
            assert code[-1].outputs[0]["text"] == f"report of {run['agency']}\n"
            assert (out / run["html"]).exists()
        else:
            assert run["html"] is None
    # a failed run's partly executed notebook, with the failing cell's traceback, is kept
    failed = nbformat.read(out / "notebooks/10_agency_report/FAIL1.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in failed.cells for o in c.get("outputs", []))
    assert failed.metadata["smartcity_run"]["status"] == "failed"


def test_fresh_kernels_when_asked(tmp_path):
    folder = agency_notebooks(tmp_path / "nb")
    codes = ["A1", "A2", "A3"]
    out = out_with_agencies(tmp_path / "out", codes)
    manifest = run_suite(params_for(out), agencies="all", workers=1, notebooks_dir=folder,
                         stream=io.StringIO(), kernel_reports=1)
    assert set(statuses(manifest).values()) == {"ok"}
    assert len(set(kernel_pids(out, codes))) == 3


def test_a_kernel_that_served_its_run_ends_by_itself_and_is_not_waited_for(tmp_path):
    """After its last run a kernel is asked to shut down and left to end: `_stop` returns at
    once, the kernel exits cleanly (status 0, not killed) within SHUTDOWN_SECONDS, and it is
    among the live kernels, which a stopping worker kills, until it has."""
    import time

    from smartcity_utils.batch import kernels

    kernel = kernels._start(("test", 1), "smartcity", str(tmp_path), warm=False)
    kernel.run_quietly("import pandas")
    process = kernel.process
    started = time.perf_counter()
    kernels._stop(kernel)
    assert time.perf_counter() - started < 0.5
    assert kernel in kernels._live or process.poll() is not None
    assert process.wait(timeout=kernels.SHUTDOWN_SECONDS) == 0
    deadline = time.monotonic() + 2
    while kernel in kernels._live and time.monotonic() < deadline:
        time.sleep(0.05)
    assert kernel not in kernels._live


def test_the_batchs_processes_validate_notebooks_without_the_iri_grammar(tmp_path):
    """`smartcity_utils.batch` marks rfc3987_syntax absent before nbformat imports jsonschema
    (2.5 s of a worker's start); notebooks still validate, and a broken one is still refused."""
    import subprocess
    import sys

    code = (
        "import sys, smartcity_utils.batch, nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('refused')\n"
        "print(sys.modules['rfc3987_syntax'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["refused", "None"]


def _city_workbook(folder, name, cells, needs=None):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "smartcity", "display_name": "smartcity",
                                 "language": "python"}
    if needs is not None:
        nb.metadata["smartcity"] = {"needs": needs}
    nbformat.write(nb, folder / name)


def test_the_next_city_workbook_runs_in_a_spare_kernel_with_its_modules_loaded(tmp_path):
    """After a city workbook, with more to come, its worker starts the next kernel at once and
    imports the city workbooks' modules in it: the next workbook finds them loaded, and an
    empty namespace, as a fresh kernel has."""
    folder = tmp_path / "nb"
    folder.mkdir()
    probe = ("import sys\nprint('loaded:', 'colorsys' in sys.modules, "
             "'namespace:', 'colorsys' in dir())")
    _city_workbook(folder, "00_first.ipynb", [probe, "import colorsys"])
    _city_workbook(folder, "01_second.ipynb", [probe], needs=["00_first"])
    _city_workbook(folder, "02_last.ipynb", [probe], needs=["01_second"])
    out = tmp_path / "out"
    manifest = run_suite(params_for(out), agencies=None, workers=1, notebooks_dir=folder,
                         stream=io.StringIO())
    assert [r["status"] for r in manifest["notebooks"]] == ["ok"] * 3
    seen = {}
    for run in manifest["notebooks"]:
        nb = nbformat.read(out / run["output"], as_version=4)
        [probe_cell] = [c for c in nb.cells if c.source == probe]
        seen[run["notebook"]] = probe_cell.outputs[0]["text"].strip()
    assert seen == {"00_first.ipynb": "loaded: False namespace: False",
                    "01_second.ipynb": "loaded: True namespace: False",
                    "02_last.ipynb": "loaded: True namespace: False"}


def _kernel_that_dies_first(tmp_path, deaths: int) -> str:
    """A kernel spec whose kernel exits at once the first `deaths` times it is started, as one
    that lost its port to another worker's kernel does, and is a normal kernel afterwards."""
    import json
    import sys

    launcher = tmp_path / "launch.py"
    count = tmp_path / "starts"
    launcher.write_text(
        "import pathlib, sys, runpy\n"
        f"count = pathlib.Path({str(count)!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        f"if n < {deaths}:\n    sys.exit(1)\n"
        "sys.argv[0] = 'ipykernel_launcher'\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__')\n")
    spec = tmp_path / "kernels" / "dies-first"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "-f", "{connection_file}"],
        "display_name": "dies first", "language": "python"}))
    return str(count)


@pytest.mark.parametrize("deaths, started", [(2, True), (3, False)])
def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch, deaths,
                                                           started):
    """Two kernels dying at start (a port taken by another worker's kernel) do not fail the
    notebook; a third is an error, named as a kernel that did not answer."""
    from pathlib import Path

    from smartcity_utils.batch import kernels

    count = _kernel_that_dies_first(tmp_path, deaths)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    if started:
        kernel = kernels._start(("test", 2), "dies-first", str(tmp_path), warm=False)
        kernel.run_quietly("x = 1")
        kernel.spoiled = True
        kernels._stop(kernel)
    else:
        with pytest.raises(kernels.KernelNotReady, match="did not answer"):
            kernels._start(("test", 3), "dies-first", str(tmp_path), warm=False)
    assert Path(count).read_text() == str(min(deaths + 1, kernels.START_ATTEMPTS))
