"""Figure pieces shared by the workbooks: numbers in the report language, agency labels a
reader can tell apart, and the caps that keep a figure readable (and quick to draw) at any size
of registry, with the choice stated on the figure."""

from __future__ import annotations

import textwrap
import weakref

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import ScalarFormatter

from smartcity_utils.formatting import integer, is_missing, number, tick_formatter
from smartcity_utils.strings import text

# At most this many labelled rows in a heatmap: 40 rows of 0.25 in with a title fit an A4 page
# at its width (about 11.5 in tall for 8 in wide), and stay readable when printed.
MAX_ROWS = 40
ROW_HEIGHT = 0.25  # inches per heatmap row


# The alt text of each figure drawn (what it shows and how to read it, in the report language),
# written into the page's <img alt> when the figure is displayed (workbook.py).
_ALT_TEXT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def described(fig, key: str):
    """`fig` with the alt text of the strings.yaml key `key`, whose `{title}` is the figure's
    own title (its first line); a screen reader says it, and a printed page keeps it."""
    titles = [ax.get_title().split("\n")[0] for ax in fig.axes if ax.get_title()]
    title = fig.get_suptitle() or (titles[0] if titles else "")
    _ALT_TEXT[fig] = text(key).format(title=title.strip())
    return fig


def alt_text(fig) -> str | None:
    """The alt text `described` gave the figure; None for a figure without one."""
    return _ALT_TEXT.get(fig)


# Fill patterns that tell the bar series of a chart apart without their colours (a grey print,
# a reader who does not see the colours); the legend shows them too.
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo")
# Line styles and markers that do the same for line series.
LINE_STYLES = (("solid", "o"), ("dotted", "s"), ("dashdot", "^"), ((0, (5, 1)), "D"))


def hatch_bars(ax) -> None:
    """Each bar series of `ax` (and its legend entry) with a fill pattern of its own."""
    for n, bars in enumerate(ax.containers):
        for bar in bars:
            bar.set_hatch(HATCHES[n % len(HATCHES)])
            bar.set_edgecolor("white")
    legend = ax.get_legend()
    if legend is not None:
        for n, patch in enumerate(legend.get_patches()):
            patch.set_hatch(HATCHES[n % len(HATCHES)])
            patch.set_edgecolor("white")


def note_figure(title: str, message: str):
    """A small figure that says why there is nothing to draw (a missing or fully rejected
    table), so that a workbook still reaches its tables and exports instead of stopping."""
    fig, ax = plt.subplots(figsize=(7.0, 1.5))
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return described(fig, "alt.note")


def localize_numbers(fig) -> None:
    """Every numeric axis of `fig` (colour bars too) written in the report language: `2,5`
    in Indonesian, `2.5` in English. Category axes (heatmap rows, bar names) are left alone."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(tick_formatter())


def cell_labels(matrix: pd.DataFrame, decimals: int) -> np.ndarray:
    """The text of each heatmap cell through the one formatter; a missing value is blank."""
    return np.array([["" if is_missing(v) else number(v, decimals=decimals) for v in row]
                     for row in matrix.to_numpy()], dtype=object)


def shown_note(shown: int, total: int, by_key: str) -> str | None:
    """"40 of 18,445 agencies shown: the lowest index" when a figure shows a part, else None."""
    if shown >= total:
        return None
    return text("fig.shown_of").format(shown=integer(shown), total=integer(total),
                                       by=text(by_key))


def titled(ax, title: str, note: str | None = None, width: int = 70) -> None:
    """The axes' title, with what part of the data it shows on the next lines (wrapped at
    `width` characters, so that it stays within a narrow figure)."""
    ax.set_title(title if note is None else f"{title}\n{textwrap.fill(note, width)}")


def heatmap_height(rows: int, extra: float = 1.6) -> float:
    """The height in inches of a heatmap of `rows` rows (at least 3 in)."""
    return max(3.0, ROW_HEIGHT * rows + extra)
