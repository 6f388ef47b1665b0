"""Small fixture notebooks for the batch runner's tests: an agency workbook that does almost
nothing, fails, kills its kernel or hangs for planted agency codes, and a city workbook that
writes one declared artifact."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd

from smartcity_utils.params import load_params

KERNELSPEC = {"name": "smartcity", "display_name": "smartcity", "language": "python"}

AGENCY_CELLS = [
    # What the previous report left in the namespace: None in every report when it is reset.
    'leftover_seen = globals().get("leftover")\nleftover = agency\nprint("left:", leftover_seen)',
    # The kernel's pid goes to a file, not to an output: outputs stay the same in any kernel.
    'import os\npids = os.path.join(out_dir, "pids")\nos.makedirs(pids, exist_ok=True)\n'
    'with open(os.path.join(pids, agency), "w") as fh:\n    fh.write(str(os.getpid()))',
    "import os, signal, time\n"
    'if agency.startswith("KILL"):\n    os.kill(os.getpid(), signal.SIGKILL)\n'
    'if agency.startswith("HANG"):\n    time.sleep(120)\n'
    'if agency.startswith("FAIL"):\n    raise ValueError(f"planted failure for {agency}")',
    'print(f"report of {agency}")',
]


def _write(folder: Path, name: str, cells: list[str], parameters: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(c) for c in cells)])
    nb.metadata["kernelspec"] = KERNELSPEC
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def agency_notebooks(folder: Path) -> Path:
    """A notebooks folder with only the fixture agency workbook."""
    _write(folder, "10_agency_report.ipynb", AGENCY_CELLS, 'agency = None\nout_dir = "outputs"')
    return folder


def city_notebook(folder: Path) -> Path:
    """A notebooks folder with a fixture city workbook under 01's name, writing one of 01's
    declared artifacts."""
    cell = ('import os\nos.makedirs(os.path.join(out_dir, "stage1"), exist_ok=True)\n'
            'with open(os.path.join(out_dir, "stage1", "city_index.csv"), "w") as fh:\n'
            '    fh.write("year\\n2024\\n")')
    _write(folder, "01_stage1_evaluation.ipynb", [cell], 'out_dir = "outputs"')
    return folder


def out_with_agencies(out: Path, codes: list[str]) -> Path:
    """An output folder whose clean data lists `codes` as the agencies, each with one
    innovation (what 00 writes; an agency with no data gets no report)."""
    (out / "data").mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"agency_code": codes, "agency_name": codes, "short_name": codes}).to_parquet(
        out / "data" / "agencies.parquet")
    pd.DataFrame({"agency_code": codes, "innovation_id": [f"I-{c}" for c in codes]}).to_parquet(
        out / "data" / "innovations.parquet")
    return out


def params_for(out: Path, **changes) -> dict:
    return dict(load_params(), out_dir=str(out), **changes)


def params_file(folder: Path, out: Path) -> Path:
    path = folder / "params.yaml"
    path.write_text(json.dumps(params_for(out)), encoding="utf-8")  # JSON is YAML
    return path


def kernel_pids(out: Path, codes: list[str]) -> list[int | None]:
    """The pid of the kernel each report ran in (None: the report never got that far)."""
    files = [out / "pids" / c for c in codes]
    return [int(f.read_text()) if f.exists() else None for f in files]


def statuses(manifest: dict) -> dict:
    return {n["agency"] or n["notebook"]: n["status"] for n in manifest["notebooks"]}
