"""`make golden`: run the suite on the sample data and commit-ready copies of its notebooks.

The executed notebooks become notebooks/*.ipynb: the readable example of a full run and the
reference that nbval compares every rerun with. Run-specific metadata (timings, start times)
is stripped; outputs are kept. The cell papermill injected is dropped, so that a committed
notebook has one cell a person edits, its `parameters` cell: the golden run's values must be
that cell's own (checked here; the output folder aside, which is the default `outputs/` in the
cell and `outputs/golden` for the golden run), so a notebook run top to bottom in JupyterLab,
or by nbval, gives the committed outputs and never writes into the golden reference folder.
The tutorial notebooks (plan.tutorial_notebooks) run after the suite, on its output folder.
Each committed notebook shows the golden run's report language in JupyterLab, the other
language's explanations collapsed (reports/lab_language.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from smartcity_utils.artifacts import slug
from smartcity_utils.atomic import write_atomically
from smartcity_utils.batch.execute import RUN_STAMP, NotebookJob, run_job, steady_cell_ids
from smartcity_utils.batch.outputs import notebook_outputs
from smartcity_utils.batch.plan import AGENCY_NOTEBOOK, tutorial_notebooks
from smartcity_utils.batch.run import failures, run_suite
from smartcity_utils.errors import SmartCityError
from smartcity_utils.params import load_params, resolve
from smartcity_utils.paths import notebooks_dir
from smartcity_utils.reports.lab_language import show_language

# The sample agency whose report is the committed example of the agency workbook; it is also
# the default of that workbook's `agency` parameter.
GOLDEN_AGENCY = "DINKES"
VOLATILE_CELL_METADATA = ("papermill", "execution", "collapsed", "scrolled")


def parameters_cell_values(nb: nbformat.NotebookNode) -> dict:
    """The values a notebook's `parameters` cell sets (the cell is plain assignments)."""
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise SmartCityError(f"{len(cells)} cells tagged `parameters`; a workbook needs one")
    values: dict = {}
    exec(compile(cells[0].source, "parameters", "exec"), {}, values)  # noqa: S102
    return values


def parameter_mismatches(nb: nbformat.NotebookNode, params: dict, agency: str) -> list[str]:
    """Where the golden run's parameters differ from the notebook's `parameters` cell (the
    output folder aside): such a notebook, run by hand, would not give its committed outputs."""
    golden = dict(params, agency=agency)
    return [f"{key} = {value!r} in the cell, {golden[key]!r} in the golden run"
            for key, value in parameters_cell_values(nb).items()
            if key != "out_dir" and key in golden and golden[key] != value]


def drop_injected_parameters(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove the cell papermill injected: the `parameters` cell holds the same values."""
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
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


def run_tutorials(params: dict, folder: Path) -> list[dict]:
    """Run each tutorial notebook of `folder` on the golden run's output folder; their
    manifest entries (status, error)."""
    runs = []
    for source in tutorial_notebooks(folder):
        output, html = notebook_outputs(source, None)
        runs.append(run_job(NotebookJob(source=str(source), parameters=params,
                                        out_dir=str(resolve(params["out_dir"])),
                                        output=output, html=html,
                                        timeout=params.get("notebook_timeout"))))
    return runs


def promote(executed_dir: Path, target_dir: Path, params: dict) -> list[Path]:
    """Copy each executed workbook over its source in `target_dir`, stripped, without the
    injected cell and showing the run's report language in JupyterLab; return them.
    SmartCityError, and nothing copied, when a `parameters` cell does not hold the golden
    run's values."""
    chosen = [(s, executed_path(executed_dir, s)) for s in sorted(target_dir.glob("*.ipynb"))]
    chosen = [(s, e) for s, e in chosen if e.exists()]
    problems = [f"{source.name}: {problem}" for source, _ in chosen
                for problem in parameter_mismatches(nbformat.read(source, as_version=4),
                                                    params, GOLDEN_AGENCY)]
    if problems:
        raise SmartCityError("the parameters cells differ from the golden run's parameters "
                             "(set them to the same values): " + "; ".join(problems))
    for source, executed in chosen:
        nb = strip_run_metadata(nbformat.read(executed, as_version=4))
        show_language(nb, params["lang"])
        write_atomically(source, nbformat.writes(drop_injected_parameters(nb)) + "\n")
    return [source for source, _ in chosen]


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
    if failures(manifest) or failures({"notebooks": run_tutorials(params, notebooks_dir())}):
        print("golden run failed; notebooks left unchanged", file=sys.stderr)
        return 1
    try:
        promoted = promote(resolve(args.out) / "notebooks", notebooks_dir(), params)
    except SmartCityError as exc:
        print(f"golden run: {exc}; notebooks left unchanged", file=sys.stderr)
        return 2
    for path in promoted:
        print(f"updated {path.relative_to(notebooks_dir().parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
