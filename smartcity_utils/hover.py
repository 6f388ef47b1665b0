"""Charts that answer a hover in JupyterLab: the mark under the pointer says which innovation
(or agency) it is and the values plotted, for a reader exploring a workbook by hand with
`interactive = True`.

They are Vega-Lite 5 specs built with Altair, which JupyterLab 4 draws with its own built-in
renderer: offline, no extension, the data inline in the notebook. A run's pages never hold one:
under papermill `interactive` is false and the workbook draws the static figure of the same
plotted frame instead, so the pages keep their images only. Why Vega-Lite: docs/figures.md.
Altair is imported only when a hover chart is drawn; a run's kernels never load it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartcity_utils.formatting import number_symbols
from smartcity_utils.strings import text

# The output type JupyterLab 4.6's own renderer draws (Vega-Lite 3 to 5); Altair 6 writes
# Vega-Lite 6, which it does not.
VEGA_LITE = "application/vnd.vegalite.v5+json"
WIDTH = 560  # pixels: the width of the static figures on screen
# matplotlib's filled "X" marker as a Vega shape (Vega's own "cross" is a plus)
X_MARK = ("M-0.7,-1L0,-0.3L0.7,-1L1,-0.7L0.3,0L1,0.7L0.7,1L0,0.3L-0.7,1L-1,0.7L-0.3,0"
          "L-1,-0.7Z")


@dataclass(frozen=True)
class HoverChart:
    """A Vega-Lite spec that JupyterLab draws; a front end without a Vega renderer shows
    its description instead."""

    spec: dict
    description: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        # drawn as SVG (each mark an element a screen reader and a test can find), without
        # Vega's action menu, whose "open in the Vega editor" needs the internet
        return ({VEGA_LITE: self.spec, "text/plain": self.description},
                {VEGA_LITE: {"embed_options": {"renderer": "svg", "actions": False}}})


def hover_chart(chart, alt_key: str, title: str) -> HoverChart:
    """`chart` (an Altair chart) with its numbers written in the report language, described
    by the strings.yaml sentence `alt_key` (the one of the static figure), naming `title`."""
    decimal, group = number_symbols()
    chart = chart.configure(locale={"number": {"decimal": decimal, "thousands": group,
                                               "grouping": [3], "currency": ["", ""]}})
    chart = chart.configure_legend(labelLimit=0, orient="bottom", direction="vertical")
    return HoverChart(chart.to_dict(), text(alt_key).format(title=title))


def chart_title(title: str, note: str | None = None):
    """The chart's title, with what part of the data it shows (`note`) and how to read it."""
    import altair as alt

    return alt.TitleParams(title, subtitle=[*([note] if note else []), text("hover.hint")],
                           anchor="start")


def name_tip(field: str, key: str):
    """A tooltip line: the text of `field`, headed by the strings.yaml label `key`."""
    import altair as alt

    return alt.Tooltip(f"{field}:N", title=text(key))


def value_tip(field: str, key: str, decimals: int = 2):
    """A tooltip line: the number in `field` with `decimals` decimals, in the report
    language, headed by the strings.yaml label `key`."""
    import altair as alt

    return alt.Tooltip(f"{field}:Q", title=text(key), format=f",.{decimals}f")
