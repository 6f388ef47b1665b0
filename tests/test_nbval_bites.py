"""The notebook regression check bites: alter one number in a copy of the sample data and full
nbval must fail on exactly the cells that show it, and pass on the others."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd

from smartcity_utils.paths import notebooks_dir

NOTEBOOK = "00_data_quality.ipynb"


def _copy_notebook(folder: Path, data_dir: Path, out_dir: Path) -> Path:
    """Copy the golden notebook and its nbval settings into `folder`, made to read `data_dir`
    and write `out_dir`; its outputs stay those of the golden run."""
    shutil.copy(notebooks_dir() / "conftest.py", folder / "conftest.py")
    nb_path = folder / NOTEBOOK
    nb = nbformat.read(notebooks_dir() / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):  # edited as a person would
            cell.source = re.sub(r'data_dir = ".*"', f'data_dir = "{data_dir}"', cell.source)
            cell.source = re.sub(r'out_dir = ".*"', f'out_dir = "{out_dir}"', cell.source)
    nbformat.write(nb, nb_path)
    return nb_path


def _nbval_failures(nb_path: Path) -> set[int]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", str(nb_path), "-p", "no:cacheprovider",
         "-q", "-rf", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"],
        capture_output=True, text=True)
    return {int(n) for n in re.findall(r"FAILED \S*::Cell (\d+)", result.stdout)}


def _code_cells_calling(nb_path: Path, names: list[str]) -> set[int]:
    code = [c for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == "code"]
    return {i for i, c in enumerate(code) if any(n in c.source for n in names)}


def test_nbval_fails_on_the_cells_that_show_an_altered_number(tmp_path):
    data = tmp_path / "data"
    shutil.copytree("data/sample", data)
    registry = pd.read_csv(data / "innovations.csv", dtype=str, keep_default_na=False)
    years = registry.groupby("innovation_id")["year"].agg(set)
    only_2024 = years[years.apply(lambda s: s == {"2024"})].index[0]
    # One number changes: an innovation first registered in 2024 is moved to 2023.
    registry.loc[registry["innovation_id"] == only_2024, "year"] = "2023"
    registry.to_csv(data / "innovations.csv", index=False)

    nb_path = _copy_notebook(tmp_path, data, tmp_path / "out")
    failures = _nbval_failures(nb_path)
    # Counts per agency/year, per dimension/year and per sub-dimension in 2024 show the change;
    # the load summary, the assessment coverage and the rest do not.
    assert failures == _code_cells_calling(nb_path, [
        "innovations_per_agency_year", "innovations_per_dimension_year",
        "sub_dimension_coverage",
    ])


def test_unaltered_copy_passes(tmp_path):
    """The control: the same procedure without the change gives no failure."""
    data = tmp_path / "data"
    shutil.copytree("data/sample", data)
    nb_path = _copy_notebook(tmp_path, data, tmp_path / "out")
    assert _nbval_failures(nb_path) == set()
