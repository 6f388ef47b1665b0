"""The committed notebooks have one cell a person edits, their `parameters` cell, holding the
golden run's values; run again, they write to the default output folder, never into the golden
reference folder."""

import nbformat
import pytest

from smartcity_utils.batch.golden import (
    GOLDEN_AGENCY,
    drop_injected_parameters,
    parameter_mismatches,
    parameters_cell_values,
)
from smartcity_utils.errors import SmartCityError
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir

GOLDEN_FOLDER = "outputs/golden"  # the Makefile's GOLDEN
NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_committed_notebook_has_one_parameters_cell_and_no_injected_one(path):
    nb = nbformat.read(path, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert sum("parameters" in t for t in tags) == 1
    assert not any("injected-parameters" in t for t in tags)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_parameters_cell_holds_the_golden_runs_values(path):
    nb = nbformat.read(path, as_version=4)
    params = load_params()
    assert parameter_mismatches(nb, params, GOLDEN_AGENCY) == []
    values = parameters_cell_values(nb)
    assert values["out_dir"] == params["out_dir"] != GOLDEN_FOLDER


def _notebook(parameters: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('year = 2023\n', metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_code_cell("print(year)")])


def test_a_parameters_cell_other_than_the_golden_run_is_named():
    nb = _notebook('year = 2023\nout_dir = "outputs"\nagency = "DINKES"\n')
    problems = parameter_mismatches(nb, {"year": 2024, "out_dir": "outputs/golden"}, "DISHUB")
    assert problems == ["year = 2023 in the cell, 2024 in the golden run",
                        "agency = 'DINKES' in the cell, 'DISHUB' in the golden run"]


def test_the_injected_cell_is_dropped_and_the_rest_kept():
    nb = drop_injected_parameters(_notebook("year = 2024\n"))
    assert [c.source for c in nb.cells] == ["year = 2024\n", "print(year)"]


def test_a_notebook_without_one_parameters_cell_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("year = 2024")])
    with pytest.raises(SmartCityError, match="0 cells tagged"):
        parameters_cell_values(nb)
