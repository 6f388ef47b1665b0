"""Batch runs on the sample data: isolation of a failing notebook, no lost work after the
runner is killed, and the same results through a Dask LocalCluster."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from smartcity_utils.batch.run import run_suite
from smartcity_utils.cli import main
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir

pytestmark = pytest.mark.batch

_TABLE = pd.read_csv("data/sample/agencies.csv")
AGENCIES = _TABLE["agency_code"].tolist()
SHORT_NAMES = dict(zip(_TABLE["agency_code"], _TABLE["short_name"], strict=True))
KILLER = AGENCIES[1]


def _notebooks(folder: Path, kill_agency: str | None = None) -> Path:
    """The data-quality and agency workbooks; the agency one, for `kill_agency`, kills its own
    kernel (a test-only fixture)."""
    folder.mkdir()
    source = notebooks_dir()
    (folder / "00_data_quality.ipynb").write_bytes((source / "00_data_quality.ipynb").read_bytes())
    nb = nbformat.read(source / "10_agency_report.ipynb", as_version=4)
    if kill_agency:
        tagged = [i for i, c in enumerate(nb.cells)
                  if {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
        nb.cells.insert(max(tagged) + 1, nbformat.v4.new_code_cell(
            f"import os, signal\nif agency == {kill_agency!r}:\n"
            "    os.kill(os.getpid(), signal.SIGKILL)"))
    nbformat.write(nb, folder / "10_agency_report.ipynb")
    return folder


def _statuses(manifest: dict) -> dict:
    return {(n["notebook"], n["agency"]): n["status"] for n in manifest["notebooks"]}


def _params_file(tmp_path: Path, out: Path) -> Path:
    params = dict(load_params(), out_dir=str(out))
    path = tmp_path / "params.yaml"
    path.write_text(json.dumps(params), encoding="utf-8")  # JSON is YAML
    return path


def test_a_notebook_that_kills_its_kernel_fails_alone(tmp_path):
    folder = _notebooks(tmp_path / "nb", kill_agency=KILLER)
    out = tmp_path / "out"
    code = main(["run", "--params", str(_params_file(tmp_path, out)), "--notebooks",
                 str(folder), "--agencies", ",".join(AGENCIES[:3]), "--workers", "2"])
    assert code != 0
    manifest = json.loads((out / "manifest.json").read_text())
    statuses = _statuses(manifest)
    assert statuses == {
        ("00_data_quality.ipynb", None): "ok",
        ("10_agency_report.ipynb", AGENCIES[0]): "ok",
        ("10_agency_report.ipynb", KILLER): "failed",
        ("10_agency_report.ipynb", AGENCIES[2]): "ok",
    }
    broken = next(n for n in manifest["notebooks"] if n["agency"] == KILLER)
    assert "DeadKernelError" in broken["error"] or "died" in broken["error"].lower()
    assert broken["html"] is None
    for run in manifest["notebooks"]:
        if run["status"] == "ok":
            assert (out / run["html"]).read_text().rstrip().endswith("</html>")
    index = (out / "index.html").read_text()
    assert all(SHORT_NAMES[code] in index for code in AGENCIES[:3])


def test_a_hung_notebook_is_stopped_by_its_wall_clock_limit(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('before the hang')"),
                                         nbformat.v4.new_code_cell("import time\ntime.sleep(60)")])
    nb.metadata["kernelspec"] = {"name": "smartcity", "display_name": "smartcity",
                                 "language": "python"}
    nbformat.write(nb, folder / "00_hang.ipynb")
    started = time.perf_counter()
    manifest = run_suite(dict(load_params(), out_dir=str(tmp_path / "out")), agencies=None,
                         workers=1, timeout=5, notebooks_dir=folder, stream=io.StringIO())
    assert time.perf_counter() - started < 45
    [run] = manifest["notebooks"]
    assert run["status"] == "failed" and "wall-clock limit of 5 s" in run["error"]
    # what ran before the hang is kept for the reader, though the notebook is written only
    # when the run ends (not as each cell starts and ends)
    kept = nbformat.read(tmp_path / "out" / run["output"], as_version=4)
    [before] = [c for c in kept.cells if c.source == "print('before the hang')"]
    assert before.outputs[0]["text"] == "before the hang\n"


def _complete_outputs(out: Path) -> list[Path]:
    """Every executed notebook and report visible under `out`, each checked to be whole."""
    seen = []
    for path in [*out.glob("notebooks/**/*"), *out.glob("reports/**/*")]:
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".ipynb":
            nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)  # raises if partial
            seen.append(path)
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
            seen.append(path)
    if (out / "manifest.json").exists():
        json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # whole, never partial
    return seen


def test_killed_runner_resumes_without_redoing_complete_work(tmp_path):
    folder = _notebooks(tmp_path / "nb")
    out = tmp_path / "out"
    params = _params_file(tmp_path, out)
    chosen = AGENCIES[:8]
    command = [sys.executable, "-m", "smartcity_utils.cli", "run", "--params", str(params),
               "--notebooks", str(folder), "--agencies", ",".join(chosen), "--workers", "2"]
    runner = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    reports = out / "reports" / "agencies"
    executed = out / "notebooks" / "10_agency_report"

    def done() -> list[Path]:
        """Agency reports whose executed notebook, written after the report, is there too."""
        return [p for p in reports.glob("*.html") if (executed / f"{p.stem}.ipynb").is_file()]

    deadline = time.time() + 240
    try:
        while time.time() < deadline:
            _complete_outputs(out) if out.exists() else None
            if len(done()) >= 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the batch made no agency report in time")
    finally:
        os.killpg(runner.pid, signal.SIGKILL)
        runner.wait()
    time.sleep(1)  # orphaned kernels and workers notice their parent is gone
    _complete_outputs(out)
    # Done: the report and its executed notebook, written last (a kill between the two leaves
    # a report that the next run redoes, as it should).
    done_before = {p.stem: p.stat().st_mtime_ns for p in done()}
    assert 2 <= len(done_before) < len(chosen)

    assert main(["run", "--params", str(params), "--notebooks", str(folder),
                 "--agencies", ",".join(chosen), "--workers", "2"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    statuses = _statuses(manifest)
    assert statuses[("00_data_quality.ipynb", None)] == "skipped"
    for code in chosen:
        expected = "skipped" if code in done_before else "ok"
        assert statuses[("10_agency_report.ipynb", code)] == expected, code
    for stem, mtime in done_before.items():
        assert (reports / f"{stem}.html").stat().st_mtime_ns == mtime  # not redone
    assert len(_complete_outputs(out)) == 2 * (1 + len(chosen))
    assert list(out.rglob(".*.tmp")) == []  # leftovers of the killed run are cleaned up

    forced = run_suite(dict(load_params(params), out_dir=str(out)), agencies=chosen[:1],
                       workers=1, notebooks_dir=folder, force=True, stream=io.StringIO())
    assert set(_statuses(forced).values()) == {"ok"}


# When 00 read the data, in the run's stamp line: each run of the comparison has its own (the
# same pattern as tests/nbval_sanitize.cfg).
RUN_DATE = re.compile(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC")


def _cell_outputs(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [(c.get("execution_count"), RUN_DATE.sub("<run date>", json.dumps(c.get("outputs"))))
            for c in nb.cells if c.cell_type == "code"]


def _page(path: Path) -> str:
    return RUN_DATE.sub("<run date>", path.read_text(encoding="utf-8"))


def test_warm_fresh_and_dask_kernels_give_the_same_statuses_and_outputs(tmp_path):
    """Warm kernels (the default), a fresh kernel per report, and warm kernels on Dask
    workers: the same statuses, and the same cells with the same execution counts and HTML,
    the kernel-killing report among the good ones."""
    folder = _notebooks(tmp_path / "nb", kill_agency=KILLER)
    chosen = AGENCIES[:6]
    modes = {"warm": {}, "fresh": {"kernel_reports": 1}, "dask": {"executor": "dask"}}
    manifests = {}
    for mode, options in modes.items():
        params = dict(load_params(), out_dir=str(tmp_path / mode))
        manifests[mode] = run_suite(params, agencies=chosen, workers=2, notebooks_dir=folder,
                                    stream=io.StringIO(), **options)
    assert _statuses(manifests["warm"]) == _statuses(manifests["fresh"]) \
        == _statuses(manifests["dask"])
    assert _statuses(manifests["warm"])[("10_agency_report.ipynb", KILLER)] == "failed"
    for run in manifests["fresh"]["notebooks"]:
        if run["status"] != "ok":
            continue
        fresh = tmp_path / "fresh"
        for mode in ("warm", "dask"):
            other = tmp_path / mode
            assert _cell_outputs(other / run["output"]) == _cell_outputs(fresh / run["output"])
            if run["agency"]:
                assert _page(other / run["html"]) == _page(fresh / run["html"])
