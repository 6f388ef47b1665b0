"""The full sample batch against a serial papermill loop and against the floor, in one run.

- batch: `smartcity run --force` on the sample data, every agency, workers = CPU cores;
- serial: a plain loop of `papermill` command-line calls over the same notebooks (the city
  workbooks in order, then the agency workbook once per agency), one after the other;
- floor: the same number of runs of an empty notebook, made the same way (the same loop of
  `papermill` calls, each on an empty notebook), divided by the workers: what the batch would
  cost if the notebooks did nothing and the calls were spread perfectly over the workers;
- runner floor (for reference, no target): as many empty notebooks through `smartcity run`
  itself. The runner pays interpreter and papermill start-up once per worker rather than once
  per notebook, so this is far below the floor; the batch over it is what the notebooks' own
  work costs (kernels importing pandas and scikit-learn, the city computations, figures).

The agency fan-out alone is also compared with its runner floor (as many empty notebooks as
agencies), since the city workbooks run one after another by design.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd

from smartcity_utils.batch.run import AGENCY_NOTEBOOK, city_notebooks, run_suite
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir, project_root

TITLE = "batch: smartcity run vs serial papermill loop vs floor (sample data, all agencies)"


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


def _empty_notebook(folder: Path) -> Path:
    """An agency workbook with nothing in it but its parameters cell."""
    cell = nbformat.v4.new_code_cell("agency = None", metadata={"tags": ["parameters"]})
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "smartcity", "display_name": "smartcity",
                                 "language": "python"}
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / AGENCY_NOTEBOOK)
    return folder / AGENCY_NOTEBOOK


def _runner_floor(params: dict, folder: Path, runs: int, workers: int) -> float:
    """Seconds for `runs` runs of an empty notebook through `smartcity run` and its workers: an
    empty agency workbook fanned out over `runs` made-up agencies."""
    notebooks = _empty_notebook(folder / "notebooks").parent
    out = folder / "out"
    (out / "data").mkdir(parents=True)
    codes = [f"E{i:03d}" for i in range(runs)]
    pd.DataFrame({"agency_code": codes, "short_name": codes}).to_parquet(
        out / "data" / "agencies.parquet")
    return _timed(lambda: run_suite(dict(params, out_dir=str(out)), agencies="all",
                                    workers=workers, force=True, notebooks_dir=notebooks,
                                    stream=io.StringIO()))


def run() -> list[dict]:
    os.chdir(project_root())
    workers = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        params = dict(load_params(), out_dir=str(tmp / "batch"))
        params_file = tmp / "params.yaml"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        quiet = io.StringIO()

        manifest = {}

        def batch() -> None:
            manifest.update(run_suite(params, agencies="all", workers=workers, force=True,
                                      stream=quiet))

        batch_s = _timed(batch)
        agencies = [n["agency"] for n in manifest["notebooks"] if n["agency"]]
        failed = [n for n in manifest["notebooks"] if n["status"] != "ok"]
        if failed:
            raise RuntimeError(f"batch had failures: {failed[:3]}")
        city_s, agency_s = (manifest["stage_seconds"][k] for k in ("city", "agencies"))
        n_total = len(manifest["notebooks"])

        runs = _suite_runs(agencies)
        serial_s = _timed(lambda: _serial_loop(params_file, tmp / "serial", runs))

        empty = _empty_notebook(tmp / "empty")
        empty_runs = [(empty, extra) for _, extra in runs]
        floor_s = _timed(lambda: _serial_loop(params_file, tmp / "floor", empty_runs)) / workers

        runner_floor_s = _runner_floor(params, tmp / "runner_floor", n_total, workers)
        agency_floor_s = runner_floor_s * len(agencies) / n_total

    rows.append({"measure": "notebooks", "value": n_total})
    rows.append({"measure": "workers", "value": workers})
    rows.append({"measure": "batch seconds (smartcity run)", "value": f"{batch_s:.1f}"})
    rows.append({"measure": "  of which city workbooks (00, then 01 and 02 together, then 03)",
                 "value": f"{city_s:.1f}"})
    rows.append({"measure": "  of which agency fan-out", "value": f"{agency_s:.1f}"})
    rows.append({"measure": "serial papermill loop seconds", "value": f"{serial_s:.1f}"})
    rows.append({"measure": "floor seconds (papermill loop over empty notebooks / workers)",
                 "value": f"{floor_s:.1f}"})
    rows.append({"measure": "runner floor seconds (empty notebooks through smartcity run)",
                 "value": f"{runner_floor_s:.1f}"})
    rows.append({"measure": "speed-up vs serial loop (target >= 2.5)",
                 "value": f"{serial_s / batch_s:.2f}x"})
    rows.append({"measure": "batch / floor (target <= 1.5)", "value": f"{batch_s / floor_s:.2f}x"})
    rows.append({"measure": "batch / runner floor (reference)",
                 "value": f"{batch_s / runner_floor_s:.2f}x"})
    rows.append({"measure": "agency fan-out / its runner floor (reference)",
                 "value": f"{agency_s / agency_floor_s:.2f}x"})
    return rows
