"""The clustering workbook's figures: k selection, the 2-D map, the cluster x agency heatmap
(the integration network: network_figure.py)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from adjustText import adjust_text
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

from smartcity_utils import figures as shared
from smartcity_utils import hover
from smartcity_utils.clusters.tables import display_label
from smartcity_utils.formatting import integer
from smartcity_utils.names import agency_labels
from smartcity_utils.strings import text

MAP_TSNE_LIMIT = 5000      # above this many innovations the 2-D map uses PCA, not t-SNE


def k_selection_figure(selection: pd.DataFrame):
    """Silhouette against the number of clusters, the chosen k marked."""
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    ax.plot(selection["k"], selection["silhouette"], marker="o", color="#4c72b0")
    best = selection[selection["chosen"]]
    ax.scatter(best["k"], best["silhouette"], s=160, facecolors="none", edgecolors="#c44e52",
               linewidths=2, zorder=3, label=text("cl.chosen"))
    ax.set_title(text("cl.k_selection_title"))
    ax.set_xlabel(text("cl.k"))
    ax.set_ylabel(text("cl.silhouette"))
    ax.legend()
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.cl_k_selection")


def map_coordinates(features: np.ndarray, seed: int) -> tuple[np.ndarray, str]:
    """2-D positions of the innovations and the reduction's name: t-SNE, or PCA when large."""
    if len(features) > MAP_TSNE_LIMIT or len(features) < 5:
        return PCA(n_components=2, random_state=seed % 2**32).fit_transform(features), "PCA"
    tsne = TSNE(n_components=2, perplexity=min(30.0, (len(features) - 1) / 3), init="pca",
                metric="cosine", random_state=seed % 2**32)
    return tsne.fit_transform(features), "t-SNE"


MAP_POINTS = 5000          # at most this many innovations drawn on the map (sampled per cluster)


def map_sample(clusters: np.ndarray, seed: int, points: int = MAP_POINTS) -> np.ndarray:
    """The rows drawn on the map: all of them up to `points`, else a random sample of each
    cluster in proportion to its size (rounded down, at least one each), in row order."""
    rows = np.arange(len(clusters))
    if len(rows) <= points:
        return rows
    rng = np.random.default_rng(seed % 2**32)
    share = points / len(rows)
    keep = [rng.choice(members, size=max(1, math.floor(share * len(members))), replace=False)
            for members in (rows[clusters == c] for c in np.unique(clusters))]
    return np.sort(np.concatenate(keep))


# Neighbouring clusters differ in marker shape as well as colour; their numbers stand where
# they lie, and the legend (at the page's text size) names them.
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
HOVER_SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross",
                hover.X_MARK)  # the same shapes for the hover chart


def map_points(coordinates: np.ndarray, innovations: pd.DataFrame, names: pd.DataFrame,
               agencies: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """The points of the cluster map, in row order: each drawn innovation's name, its agency's
    display name, its cluster's number and name (as in the cluster table) and its place; on a
    large registry a sample of each cluster (`map_sample`), the whole count in `attrs`. The
    static figure and the hover chart both draw this frame."""
    clusters = innovations["cluster"].to_numpy()
    drawn = map_sample(clusters, seed)
    labels = {r.cluster: display_label(r.cluster, r.sub_dimension, r.top_terms)
              for r in names.itertuples()}
    rows = innovations.iloc[drawn]
    points = pd.DataFrame({
        "innovation": rows["innovation_name"].to_numpy(),
        "agency": agency_labels(rows["agency_code"], agencies),
        "cluster": clusters[drawn],
        "cluster_name": [labels.get(c, str(c)) for c in clusters[drawn]],
        "x": coordinates[drawn, 0],
        "y": coordinates[drawn, 1],
    })
    points.attrs["innovations_total"] = len(clusters)
    return points


def _map_note(points: pd.DataFrame) -> str | None:
    """"4,989 of 28,539 innovations drawn" when the map shows a sample, else None."""
    total = points.attrs.get("innovations_total", len(points))
    if len(points) >= total:
        return None
    return text("cl.map_sampled").format(shown=integer(len(points)), total=integer(total))


def cluster_map_figure(points: pd.DataFrame, method: str):
    """The innovations on the 2-D map (`map_points`), coloured by cluster, each cluster's
    number at its centre and its name in the legend; the title says when it is a sample."""
    present = np.unique(points["cluster"])
    legend_rows = math.ceil(len(present) / 2)
    fig, ax = plt.subplots(figsize=(9.0, 6.5 + 0.3 * legend_rows))
    palette = sns.color_palette("husl", len(present))
    numbers = []
    for n, cluster in enumerate(present):
        members = points[points["cluster"] == cluster]
        ax.scatter(members["x"], members["y"], s=14 if len(points) > 1000 else 22,
                   color=palette[n], marker=MARKERS[n % len(MARKERS)], alpha=0.75, linewidths=0,
                   label=members["cluster_name"].iloc[0])
        centre = members[["x", "y"]].median().to_numpy()
        numbers.append(ax.text(*centre, str(cluster), fontsize=9, weight="bold", ha="center",
                               va="center", bbox={"boxstyle": "round,pad=0.2", "fc": "white",
                                                  "alpha": 0.8}))
    shared.titled(ax, text("cl.map_title").format(method=method), _map_note(points))
    ax.set_xlabel(f"{method} 1")
    ax.set_ylabel(f"{method} 2")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=10,
              frameon=False, markerscale=1.5, handletextpad=0.3, columnspacing=1.0)
    # the numbers apart where clusters lie close, a thin line back to each centre
    adjust_text(numbers, ax=ax, arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6})
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.cl_map")


def cluster_map_hover_chart(points: pd.DataFrame, method: str) -> hover.HoverChart:
    """The cluster map for JupyterLab: a hover names the innovation, its agency and its
    cluster."""
    import altair as alt

    order = points.drop_duplicates("cluster").sort_values("cluster")["cluster_name"].tolist()
    shapes = [HOVER_SHAPES[n % len(HOVER_SHAPES)] for n in range(len(order))]
    colours = sns.color_palette("husl", len(order)).as_hex()  # those of the static map
    dots = alt.Chart(points).mark_point(filled=True, size=40, opacity=0.8).encode(
        x=alt.X("x:Q", title=f"{method} 1", axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("y:Q", title=f"{method} 2", axis=alt.Axis(labels=False, ticks=False)),
        color=alt.Color("cluster_name:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=colours)),
        shape=alt.Shape("cluster_name:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=shapes)),
        tooltip=[hover.name_tip("innovation", "hover.innovation"),
                 hover.name_tip("agency", "agency"), hover.name_tip("cluster_name", "cl.cluster")],
    ).interactive()
    centres = alt.Chart(points).transform_aggregate(
        x="median(x)", y="median(y)", groupby=["cluster"]).mark_text(
        fontWeight="bold", fontSize=12).encode(x="x:Q", y="y:Q", text="cluster:N")
    title = text("cl.map_title").format(method=method)
    chart = alt.layer(dots, centres).properties(
        title=hover.chart_title(title, _map_note(points)), width=hover.WIDTH + 140, height=480)
    return hover.hover_chart(chart, "alt.cl_map", title)


def cluster_agency_heatmap(counts: pd.DataFrame):
    """Heatmap of innovations per cluster and agency: which agencies work on the same topic.
    `counts` holds at most HEATMAP_AGENCIES agencies (most innovations); its `attrs` say how
    many agencies there are in all, for the title."""
    if counts.empty:
        return shared.note_figure(text("cl.heatmap_title"), text("cl.no_agencies"))
    label_width = 0.065 * max(len(str(c)) for c in counts.index)
    width = min(11.0, max(7.0, 0.24 * counts.shape[1] + label_width + 1.2))
    fig, ax = plt.subplots(figsize=(width, shared.heatmap_height(len(counts), extra=2.6)))
    sns.heatmap(counts, annot=shared.cell_labels(counts.where(counts > 0), 0), fmt="", cmap="Blues",
                cbar=False, linewidths=0.4, mask=counts == 0, xticklabels=True,
                yticklabels=True, ax=ax, annot_kws={"fontsize": 8})
    total = counts.attrs.get("agencies_total", counts.shape[1])
    shared.titled(ax, text("cl.heatmap_title"),
           shared.shown_note(counts.shape[1], total, "fig.by_most_innovations"))
    ax.set_xlabel(counts.columns.name)
    ax.set_ylabel(counts.index.name)
    ax.tick_params(labelsize=8)
    ax.grid(False)
    fig.tight_layout()
    return shared.described(fig, "alt.cl_heatmap")
