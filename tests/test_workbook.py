"""The shared workbook set-up: parameters checked, figure style only where figures are drawn."""

import subprocess
import sys

import pytest

from smartcity_utils.errors import ParamsError
from smartcity_utils.workbook import FIGURE_DPI, start_workbook

PARAMS = {"city": "Kota Pontianak", "year": 2024, "data_dir": "data/sample",
          "out_dir": "outputs", "lang": "id", "seed": 7}


def _in_fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_a_workbook_without_figures_never_loads_matplotlib():
    setup = ("import sys\nfrom smartcity_utils.workbook import start_workbook\n"
             f"start_workbook({PARAMS!r}, figures=FIGURES)\n"
             "print('matplotlib' in sys.modules)")
    assert _in_fresh_python(setup.replace("FIGURES", "False")) == "False"
    assert _in_fresh_python(setup.replace("FIGURES", "True")) == "True"


def test_figure_style_is_fixed_for_workbooks_with_figures():
    import matplotlib

    start_workbook(dict(PARAMS))
    assert matplotlib.rcParams["figure.dpi"] == FIGURE_DPI
    assert matplotlib.rcParams["svg.hashsalt"] == "smartcity"


def test_wrong_parameter_is_refused_by_name():
    with pytest.raises(ParamsError, match="lang"):
        start_workbook(dict(PARAMS, lang="fr"))
