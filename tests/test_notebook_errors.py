"""In a notebook, an error the suite raises on purpose shows its sentence alone, not a stack of
the package's frames above it; any other error keeps its whole traceback (issue 21)."""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from smartcity_utils.errors import DataError
from smartcity_utils.paths import notebooks_dir


@pytest.fixture(scope="module")
def errors():
    """The error outputs of three failing cells run in the project's kernel from notebooks/."""
    cells = ["from smartcity_utils import open_run\nopen_run('no-such-run').clean_data()",
             "from smartcity_utils.errors import ParamsError\n"
             "def check():\n    raise ParamsError('year: must be a whole number')\ncheck()",
             "def broken():\n    return 1 / 0\nbroken()"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="smartcity", timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(notebooks_dir())}}).execute()
    return [next(o for o in c.outputs if o.output_type == "error") for c in nb.cells]


def test_a_missing_run_is_one_sentence_naming_the_path_tried(errors):
    tried = notebooks_dir().parent / "no-such-run" / "data" / "agencies.parquet"
    sentence = f"{tried.as_posix()} not found: run 00_data_quality first (for this output folder)"
    assert errors[0].ename == "DataError" and errors[0].evalue == sentence
    assert errors[0].traceback == [f"DataError: {sentence}"]


def test_an_error_raised_on_purpose_deep_in_code_shows_no_frame(errors):
    assert errors[1].traceback == ["ParamsError: year: must be a whole number"]


def test_a_bug_keeps_its_whole_traceback(errors):
    assert errors[2].ename == "ZeroDivisionError"
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[2].traceback))  # no colours
    assert len(errors[2].traceback) > 1 and "broken()" in shown and "1 / 0" in shown


def test_the_lines_ipython_shows_instead_of_a_traceback():
    assert DataError("x is missing")._render_traceback_() == ["DataError: x is missing"]
