"""The committed notebooks are safe to explore: run again, they write to the default output
folder, never into the golden reference folder."""

import nbformat

from smartcity_utils.batch.golden import explore_out_dir
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir

GOLDEN_FOLDER = "outputs/golden"  # the Makefile's GOLDEN


def _injected(nb) -> str:
    [cell] = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    return cell.source


def test_committed_notebooks_write_to_the_default_output_folder():
    default = load_params()["out_dir"]
    assert default != GOLDEN_FOLDER
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        source = _injected(nbformat.read(path, as_version=4))
        assert f'\nout_dir = "{default}"\n' in source, path.name
        assert GOLDEN_FOLDER not in source, path.name


def test_only_the_output_folder_of_the_injected_parameters_changes():
    injected = 'city = "Kota"\nout_dir = "outputs/golden"\nseed = 1\n'
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('out_dir = "outputs/golden"'),  # not the injected cell
        nbformat.v4.new_code_cell(injected, metadata={"tags": ["injected-parameters"]})])
    explore_out_dir(nb, "outputs")
    assert nb.cells[0].source == 'out_dir = "outputs/golden"'
    assert nb.cells[1].source == 'city = "Kota"\nout_dir = "outputs"\nseed = 1\n'
