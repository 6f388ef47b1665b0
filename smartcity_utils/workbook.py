"""The shared set-up every workbook calls first, so reruns give identical outputs.

`start_workbook(globals())` checks the notebook's parameters against the one schema, fixes the
seeds, display options, figure style and warnings, and returns a `Workbook` with the parameters,
the report language and the run's output folders. A workbook without figures (the agency report)
passes `figures=False` and its kernel never loads matplotlib.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from smartcity_utils import strings
from smartcity_utils.params import SCHEMA, check_params, resolve
from smartcity_utils.reports.tables import install as install_tables

FIGURE_SIZE = (9.0, 5.0)
FIGURE_DPI = 80
# Figures are embedded as PNG at twice FIGURE_DPI ("retina"), shown at their FIGURE_DPI size:
# the same on screen, and a 9 in figure printed at A4's 7.3 in text width is still about
# 200 pixels per inch, so that the numbers of a heatmap stay sharp on paper.
EMBEDDED_FORMAT = "retina"


@dataclass(frozen=True)
class Workbook:
    params: dict[str, Any]
    out_dir: Path
    data_dir: Path

    @property
    def lang(self) -> str:
        return self.params["lang"]

    def text(self, key: str) -> str:
        """A report string in this run's language."""
        return strings.text(key, self.lang)

    def label(self, column: str) -> str:
        """A column header in this run's language."""
        return strings.column_label(column, self.lang)

    def folder(self, name: str) -> Path:
        """A sub-folder of the run's output folder (data, tables, figures, ...), created."""
        path = self.out_dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def _fix_display() -> None:
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.min_rows", 200)
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.precision", 2)
    pd.set_option("display.float_format", "{:,.2f}".format)


def _fix_figures() -> None:
    import matplotlib
    import matplotlib.style

    # seaborn's whitegrid look through matplotlib's copy of it: importing seaborn (and scipy with
    # it) costs a light workbook such as the agency report more than its whole work.
    matplotlib.style.use(["seaborn-v0_8-whitegrid", "seaborn-v0_8-notebook"])
    matplotlib.rcParams.update(
        {
            "figure.figsize": FIGURE_SIZE,
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI,
            "svg.hashsalt": "smartcity",
            "figure.max_open_warning": 0,
        }
    )
    from IPython import get_ipython

    if get_ipython() is not None:  # in a kernel: how its figures are embedded in the page
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats(EMBEDDED_FORMAT)


def _fix_warnings() -> None:
    # Library deprecation notices mean nothing to a reader and change between versions.
    for category in (DeprecationWarning, FutureWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)


def start_workbook(namespace: dict[str, Any], figures: bool = True) -> Workbook:
    """Check the parameters found in `namespace` and make the session deterministic; with
    `figures=False` the figure style is left alone (and matplotlib unloaded)."""
    params = {k: namespace[k] for k in SCHEMA if k in namespace}
    check_params(params, source="notebook parameters", complete=False)
    random.seed(params["seed"])
    np.random.seed(params["seed"] % 2**32)
    _fix_display()
    install_tables(params["lang"])
    if figures:
        _fix_figures()
    _fix_warnings()
    strings.use_language(params["lang"])
    return Workbook(params=params, out_dir=resolve(params["out_dir"]),
                    data_dir=resolve(params["data_dir"]))
