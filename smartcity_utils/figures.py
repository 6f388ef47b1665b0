"""Figure pieces shared by the workbooks."""

from __future__ import annotations

import matplotlib.pyplot as plt


def note_figure(title: str, message: str):
    """A small figure that says why there is nothing to draw (a missing or fully rejected
    table), so that a workbook still reaches its tables and exports instead of stopping."""
    fig, ax = plt.subplots(figsize=(7.0, 1.5))
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return fig
