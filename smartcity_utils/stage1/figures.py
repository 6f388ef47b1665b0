"""Stage I figures: the agency heatmap, an agency's dimensions against the city, the index
distribution. Titles and labels in the report language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils import figures as shared
from smartcity_utils.formatting import number
from smartcity_utils.names import agency_labels
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, Stage1Result
from smartcity_utils.strings import text
from smartcity_utils.vocabulary import DIMENSIONS, EVALUATION_DIMENSIONS


def _agency_matrix(result: Stage1Result, agencies: pd.DataFrame | None) -> pd.DataFrame:
    """Agency x evaluation-dimension scores plus the index, weakest agency on top; above
    MAX_ROWS agencies only the MAX_ROWS assessed ones with the lowest index."""
    table = result.index_by_agency
    if len(table) > shared.MAX_ROWS:
        table = table[table["assessed"]].sort_values(["index", "agency_code"], kind="stable")
        table = table.head(shared.MAX_ROWS)
    matrix = table[[*SCORE_COLUMNS.values(), "index_published"]].copy()  # as the tables show
    matrix.columns = [*EVALUATION_DIMENSIONS, text("ev.col.index")]
    names = agency_labels(table["agency_code"], agencies) if agencies is not None \
        else table["short_name"].tolist()
    not_assessed = text("ev.not_assessed_mark")
    matrix.index = [n if a else f"{n} {not_assessed}"
                    for n, a in zip(names, table["assessed"], strict=True)]
    return matrix


def _no_assessment(title: str, result: Stage1Result):
    """The figure of a run without assessment data: its title and why it is empty."""
    return shared.note_figure(text(title).format(year=result.year), text("ev.no_assessment"))


def agency_heatmap(result: Stage1Result, agencies: pd.DataFrame | None = None):
    """Heatmap of the agencies' evaluation-dimension scores and index (empty = missing); on a
    large registry the agencies with the lowest index, said in the title. With `agencies`
    two agencies of the same short name carry their region."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if result.scored_rows.empty:
        return _no_assessment("ev.fig.heatmap", result)
    matrix = _agency_matrix(result, agencies)
    fig, ax = plt.subplots(figsize=(8.0, shared.heatmap_height(len(matrix))))
    sns.heatmap(matrix, annot=shared.cell_labels(matrix, 2), fmt="", cmap="RdYlGn", vmin=0,
                vmax=result.weights.scale, linewidths=0.5, xticklabels=True, yticklabels=True,
                cbar_kws={"label": text("ev.fig.score_axis")}, ax=ax)
    assessed = int(result.index_by_agency["assessed"].sum())
    shared.titled(ax, text("ev.fig.heatmap").format(year=result.year),
           shared.shown_note(len(matrix), max(assessed, len(matrix)), "fig.by_lowest_index")
           if len(matrix) < len(result.index_by_agency) else None)
    ax.tick_params(axis="x", labelrotation=30)
    ax.grid(False)
    ax.set_xlabel(text("evaluation_dimension"))
    ax.set_ylabel(text("agency"))
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.ev_heatmap")


def dimension_vs_city(result: Stage1Result):
    """One panel per smart-city dimension: its evaluation-dimension scores and index as bars,
    the city's as black marks."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if result.scored_rows.empty:
        return _no_assessment("ev.fig.vs_city", result)
    columns = [*SCORE_COLUMNS.values(), "index"]
    names = [*EVALUATION_DIMENSIONS, text("ev.col.index")]
    city = result.city_index[columns].iloc[0].to_numpy(dtype=float)
    by_dim = result.index_by_dimension.set_index("dimension")
    fig, axes = plt.subplots(2, 3, figsize=(11.0, 6.5), sharex=True, sharey=True)
    positions = np.arange(len(columns))
    for ax, dimension in zip(axes.flat, DIMENSIONS, strict=True):
        values = by_dim.loc[dimension, columns].to_numpy(dtype=float)
        sns.barplot(x=values, y=names, orient="h", color="#4C72B0", ax=ax,
                    label=text("ev.fig.dimension_bar"))
        ax.scatter(city, positions, color="black", marker="|", s=300, zorder=3,
                   label=text("ev.city"))
        ax.set_xlim(0, result.weights.scale)
        ax.set_title(dimension)
        ax.set_xlabel(text("ev.fig.score_axis") if ax in axes[1] else "")
        ax.legend().remove()
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=2, fontsize="small")
    fig.suptitle(text("ev.fig.vs_city").format(year=result.year))
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.ev_vs_city")


def index_distribution(result: Stage1Result):
    """Histogram of the agency indices on the report scale, with the city index and the band
    boundaries marked."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if result.scored_rows.empty:
        return _no_assessment("ev.fig.distribution", result)
    scale = result.weights.scale
    values = result.index_by_agency["index"].dropna()
    fig, ax = plt.subplots()
    sns.histplot(values, bins=np.linspace(0, scale, 17), color="#4C72B0", ax=ax)
    for band in result.weights.bands[1:]:
        ax.axvline(band.lower, color="grey", linestyle=":", linewidth=1)
    city = result.city_index["index"].iloc[0]
    ax.axvline(city, color="black", linewidth=2,
               label=f"{text('ev.city')} ({number(city)})")
    ax.set_xlim(0, scale)
    ax.set_title(text("ev.fig.distribution").format(year=result.year))
    ax.set_xlabel(text("ev.fig.index_axis").format(scale=number(scale, decimals=0)))
    ax.set_ylabel(text("ev.fig.agency_count"))
    ax.legend()
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.ev_distribution")
