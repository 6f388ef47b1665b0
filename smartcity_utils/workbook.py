"""The shared set-up every workbook calls first, so reruns give identical outputs.

`start_workbook(globals())` takes the run parameters the notebook defines (its `parameters`
cell, or the values papermill injected), completes them from params/default.yaml, checks them
and the configuration files once (`context.run_context`), fixes the seeds, display options,
figure style and warnings, and returns the `RunContext`. A workbook without figures (the agency
report) passes `figures=False` and its kernel never loads matplotlib. A workbook with nothing to
work on ends with a sentence saying why and what to do (`end_without_registry`), not an error.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import numpy as np
import pandas as pd

from smartcity_utils import strings
from smartcity_utils.context import RunContext, default_params, run_context
from smartcity_utils.params import SCHEMA
from smartcity_utils.reports.export import ENDS_HERE
from smartcity_utils.reports.tables import install as install_tables

FIGURE_SIZE = (9.0, 5.0)
FIGURE_DPI = 80
# Figures are embedded as PNG at twice FIGURE_DPI ("retina"), shown at their FIGURE_DPI size:
# the same on screen, and a 9 in figure printed at A4's 7.3 in text width is still about
# 200 pixels per inch, so that the numbers of a heatmap stay sharp on paper.
EMBEDDED_FORMAT = "retina"


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
        _embed_alt_text(get_ipython())


def _embed_alt_text(shell) -> None:
    """Every figure's PNG output carries its alt text (figures.described) in the output's
    metadata (`image/png: {alt: ...}`), where the page template writes it into <img alt>."""
    from matplotlib.figure import Figure

    from smartcity_utils.figures import alt_text

    formatter = shell.display_formatter.formatters["image/png"]
    draw = formatter.lookup_by_type(Figure)

    def with_alt(fig):
        drawn = draw(fig)
        data, metadata = drawn if isinstance(drawn, tuple) else (drawn, {})
        alt = alt_text(fig)
        return (data, {**(metadata or {}), "alt": alt}) if alt else drawn

    formatter.for_type(Figure, with_alt)


def _fix_warnings() -> None:
    # Library deprecation notices mean nothing to a reader and change between versions.
    for category in (DeprecationWarning, FutureWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)


def start_workbook(namespace: dict[str, Any] | None = None,
                   figures: bool = True) -> RunContext:
    """The run context of the parameters found in `namespace` (a notebook's `globals()`; keys
    it does not define come from params/default.yaml), with the session made deterministic;
    with `figures=False` the figure style is left alone (and matplotlib unloaded)."""
    params = default_params()
    params.update({k: v for k, v in (namespace or {}).items() if k in SCHEMA})
    context = run_context(params, source="notebook parameters")
    random.seed(context.params["seed"])
    np.random.seed(context.params["seed"] % 2**32)
    _fix_display()
    install_tables(context.lang)
    if figures:
        _fix_figures()
    _fix_warnings()
    strings.use_language(context.lang)
    return context


def _nothing(lines: list[str]) -> list[str]:
    return []


def end_here(message: str) -> None:
    """Show `message` (Markdown) as the page's last words and run every later cell of this
    kernel as an empty one, so the workbook ends here, done."""
    from IPython import get_ipython
    from IPython.display import Markdown, display

    display(Markdown(message), metadata={ENDS_HERE: True})
    shell = get_ipython()
    if shell is not None and _nothing not in shell.input_transformers_post:
        shell.input_transformers_post.append(_nothing)


def end_without_registry(innovations: pd.DataFrame) -> bool:
    """With no clean innovation (no registry in the data folder, or every row of it rejected),
    show the reader why in the page's language and what to do, and end the workbook here
    (`end_here`); True when it ends."""
    if len(innovations):
        return False
    end_here(strings.text("wb.no_registry"))
    return True
