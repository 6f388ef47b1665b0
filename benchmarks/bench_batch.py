"""The full sample batch against a serial papermill loop, and the agency fan-out with warm
kernels against fresh kernels, in one run.

- batch: `smartcity run --force` on the sample data, every agency, workers = CPU cores, warm
  kernels for the agency reports (the default);
- serial: a plain loop of `papermill` command-line calls over the same notebooks (the city
  workbooks in order, then the agency workbook once per agency), one after the other;
- fan-out: the agency reports alone (the city results in place), alternately with warm kernels
  (each worker keeps its kernel, namespace reset between reports) and with a fresh kernel per
  report, twice each; the outputs of both modes are compared byte for byte (executed notebooks'
  cells with their execution counts, HTML reports);
- warm kernel memory: one warm kernel runs every agency report in turn; its resident memory
  after each report (after the reset) gives the growth per report that bounds WARM_REPORTS.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import nbformat
import psutil

from smartcity_utils.batch.execute import run_job
from smartcity_utils.batch.kernels import WARM_REPORTS, stop_all, warm_kernel_pids
from smartcity_utils.batch.plan import AGENCY_NOTEBOOK, city_notebooks
from smartcity_utils.batch.progress import Progress
from smartcity_utils.batch.run import Batch, run_suite
from smartcity_utils.context import run_context
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir, project_root

TITLE = "batch: smartcity run vs serial papermill loop; warm vs fresh kernels (sample data)"
MIB = 1 << 20


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _serial_loop(params_file: Path, out: Path, runs: list[tuple[Path, list[str]]]) -> None:
    """The baseline: one papermill command per notebook, like a shell loop would do."""
    papermill = [sys.executable, "-m", "papermill", "--no-progress-bar", "-k", "smartcity",
                 "--cwd", str(notebooks_dir()), "-f", str(params_file), "-p", "out_dir",
                 str(out)]
    for i, (source, extra) in enumerate(runs):
        target = out / "serial" / f"{i:03d}_{source.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([*papermill, *extra, str(source), str(target)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _suite_runs(agencies: list[str]) -> list[tuple[Path, list[str]]]:
    """The batch's notebooks as papermill calls: city workbooks in order, then each agency."""
    runs = [(nb, []) for nb in city_notebooks(notebooks_dir())]
    return runs + [(notebooks_dir() / AGENCY_NOTEBOOK, ["-p", "agency", a]) for a in agencies]


def _fan_out(params: dict, out: Path, workers: int, kernel_reports: int) -> tuple[float, dict]:
    """The agency reports alone (city workbooks up to date): seconds and their outputs."""
    shutil.rmtree(out / "notebooks" / Path(AGENCY_NOTEBOOK).stem, ignore_errors=True)
    manifest = run_suite(params, agencies="all", workers=workers, stream=io.StringIO(),
                         kernel_reports=kernel_reports)
    runs = [n for n in manifest["notebooks"] if n["agency"]]
    if any(n["status"] != "ok" for n in runs) or len(runs) < 2:
        raise RuntimeError(f"fan-out had failures: {runs[:3]}")
    return manifest["stage_seconds"]["agencies"], _outputs(out, runs)


def _outputs(out: Path, runs: list[dict]) -> dict:
    """What a reader sees of each agency report: cells (with counts), HTML."""
    seen = {}
    for run in runs:
        nb = nbformat.read(out / run["output"], as_version=4)
        cells = [(c.get("execution_count"), c.get("outputs")) for c in nb.cells
                 if c.cell_type == "code"]
        seen[run["agency"]] = (json.dumps(cells, sort_keys=True),
                               (out / run["html"]).read_bytes())
    return seen


def _warm_memory(params: dict, agencies: list[str]) -> list[float]:
    """Resident MiB of one warm kernel after each agency report (after its reset)."""
    batch = Batch(run_context(params), force=True, timeout=None,
                  progress=Progress(0, io.StringIO()))
    source = notebooks_dir() / AGENCY_NOTEBOOK
    rss = []
    try:
        for code in agencies:
            job = batch.job(source, "memory", code, f"memory-{code}", kernel_reports=10**6)
            if run_job(asdict(job))["status"] != "ok":
                raise RuntimeError(f"memory run failed for {code}")
            [pid] = warm_kernel_pids()
            rss.append(psutil.Process(pid).memory_info().rss / MIB)
    finally:
        stop_all()
    return rss


def run() -> list[dict]:
    os.chdir(project_root())
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        params = dict(load_params(), out_dir=str(tmp / "batch"))
        params_file = tmp / "params.yaml"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        manifest = {}

        def batch() -> None:
            manifest.update(run_suite(params, agencies="all", workers=workers, force=True,
                                      stream=io.StringIO()))

        batch_s = _timed(batch)
        if any(n["status"] != "ok" for n in manifest["notebooks"]):
            raise RuntimeError("batch had failures")
        agencies = [n["agency"] for n in manifest["notebooks"] if n["agency"]]
        city_s, agency_s = (manifest["stage_seconds"][k] for k in ("city", "agencies"))
        serial_s = _timed(lambda: _serial_loop(params_file, tmp / "serial",
                                               _suite_runs(agencies)))
        fan = {"warm": [], "fresh": []}
        seen = {}
        for mode in ("fresh", "warm", "fresh", "warm"):
            seconds, seen[mode] = _fan_out(params, tmp / "batch", workers,
                                           WARM_REPORTS if mode == "warm" else 1)
            fan[mode].append(seconds)
        rss = _warm_memory(params, agencies)

    same = {part: all(seen["warm"][a][i] == seen["fresh"][a][i] for a in agencies)
            for i, part in enumerate(("cells", "HTML"))}
    warm_s, fresh_s = (statistics.median(fan[m]) for m in ("warm", "fresh"))
    growth = (rss[-1] - rss[0]) / (len(rss) - 1)
    rows = [
        ("notebooks", len(manifest["notebooks"])),
        ("workers", workers),
        ("batch seconds (smartcity run, warm kernels)", f"{batch_s:.1f}"),
        ("  of which city workbooks", f"{city_s:.1f}"),
        ("  of which agency fan-out", f"{agency_s:.1f}"),
        ("serial papermill loop seconds", f"{serial_s:.1f}"),
        ("speed-up vs serial loop (target >= 5)", f"{serial_s / batch_s:.2f}x"),
        ("fan-out seconds, fresh kernels (two runs)", " / ".join(f"{s:.1f}" for s in
                                                                 fan["fresh"])),
        ("fan-out seconds, warm kernels (two runs)", " / ".join(f"{s:.1f}" for s in
                                                                fan["warm"])),
        ("fan-out speed-up, warm vs fresh, medians (target >= 2.3)",
         f"{fresh_s / warm_s:.2f}x"),
        ("same outputs warm vs fresh (cells, HTML)",
         ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in same.items())),
        ("warm kernel MiB after report 1 / last", f"{rss[0]:.0f} / {rss[-1]:.0f}"),
        (f"warm kernel growth per report, MiB ({len(rss)} reports)", f"{growth:.2f}"),
    ]
    return [{"measure": m, "value": v} for m, v in rows]
