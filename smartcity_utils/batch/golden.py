"""`make golden`: run the suite on the sample data and commit-ready copies of its notebooks.

The executed notebooks become notebooks/*.ipynb: the readable example of a full run and the
reference that nbval compares every rerun with. Run-specific metadata (timings, start times)
is stripped; outputs are kept. The injected parameters keep the golden run's values except the
output folder, which becomes the default one (params/default.yaml): a notebook run top to bottom
in JupyterLab, or by nbval, writes to `outputs/` and never into the golden reference folder.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from papermill.translators import PythonTranslator

from smartcity_utils.artifacts import slug
from smartcity_utils.atomic import write_atomically
from smartcity_utils.batch.execute import RUN_STAMP, steady_cell_ids
from smartcity_utils.batch.plan import AGENCY_NOTEBOOK
from smartcity_utils.batch.run import failures, run_suite
from smartcity_utils.errors import SmartCityError
from smartcity_utils.params import load_params, resolve
from smartcity_utils.paths import notebooks_dir

# The sample agency whose report is the committed example of the agency workbook; it is also
# the default of that workbook's `agency` parameter.
GOLDEN_AGENCY = "DINKES"
VOLATILE_CELL_METADATA = ("papermill", "execution", "collapsed", "scrolled")


def explore_out_dir(nb: nbformat.NotebookNode, out_dir: str) -> nbformat.NotebookNode:
    """Point the injected parameters' `out_dir` at `out_dir` (the folder for exploring)."""
    line = PythonTranslator.assign("out_dir", PythonTranslator.translate(out_dir))
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = re.sub(r"(?m)^out_dir = .*$", lambda _: line, cell.source)
    return nb


def strip_run_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes from run to run but is not a result: timings and start times."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop(RUN_STAMP, None)
    steady_cell_ids(nb)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nb


def executed_path(executed_dir: Path, source: Path) -> Path:
    """Where the golden run wrote a workbook: the agency workbook under its golden agency."""
    if source.name == AGENCY_NOTEBOOK:
        return executed_dir / source.stem / f"{slug(GOLDEN_AGENCY)}.ipynb"
    return executed_dir / source.name


def promote(executed_dir: Path, target_dir: Path, out_dir: str) -> list[Path]:
    """Copy each executed workbook over its source in `target_dir`, stripped and writing to
    `out_dir` when run again; return them."""
    promoted = []
    for source in sorted(target_dir.glob("*.ipynb")):
        executed = executed_path(executed_dir, source)
        if executed.exists():
            nb = strip_run_metadata(nbformat.read(executed, as_version=4))
            nb = explore_out_dir(nb, out_dir)
            write_atomically(source, nbformat.writes(nb) + "\n")
            promoted.append(source)
    return promoted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="outputs/golden", help="folder of the golden run")
    parser.add_argument("--params", default=None)
    args = parser.parse_args(argv)
    params = load_params(args.params, {"out_dir": args.out})
    try:
        manifest = run_suite(params, agencies=[GOLDEN_AGENCY], force=True)
    except SmartCityError as exc:
        print(f"golden run: {exc}; notebooks left unchanged", file=sys.stderr)
        return 2
    if failures(manifest):
        print("golden run failed; notebooks left unchanged", file=sys.stderr)
        return 1
    explore = load_params(args.params)["out_dir"]
    for path in promote(resolve(args.out) / "notebooks", notebooks_dir(), explore):
        print(f"updated {path.relative_to(notebooks_dir().parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
