"""The clustering workbook's figures: k selection, the 2-D map, the cluster x agency heatmap."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

from smartcity_utils.figures import note_figure
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
    fig.tight_layout()
    return fig


def map_coordinates(features: np.ndarray, seed: int) -> tuple[np.ndarray, str]:
    """2-D positions of the innovations and the reduction's name: t-SNE, or PCA when large."""
    if len(features) > MAP_TSNE_LIMIT or len(features) < 5:
        return PCA(n_components=2, random_state=seed % 2**32).fit_transform(features), "PCA"
    tsne = TSNE(n_components=2, perplexity=min(30.0, (len(features) - 1) / 3), init="pca",
                metric="cosine", random_state=seed % 2**32)
    return tsne.fit_transform(features), "t-SNE"


def cluster_map_figure(coordinates: np.ndarray, clusters: np.ndarray, method: str):
    """The innovations on the 2-D map, coloured by cluster, each cluster's number at its centre."""
    fig, ax = plt.subplots(figsize=(9.0, 7.0))
    palette = sns.color_palette("husl", len(np.unique(clusters)))
    for n, cluster in enumerate(np.unique(clusters)):
        points = coordinates[clusters == cluster]
        ax.scatter(points[:, 0], points[:, 1], s=18, color=palette[n], alpha=0.8)
        centre = np.median(points, axis=0)
        ax.annotate(str(cluster), centre, fontsize=9, weight="bold", ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.7})
    ax.set_title(text("cl.map_title").format(method=method))
    ax.set_xlabel(f"{method} 1")
    ax.set_ylabel(f"{method} 2")
    fig.tight_layout()
    return fig


def cluster_agency_heatmap(counts: pd.DataFrame):
    """Heatmap of innovations per cluster and agency: which agencies work on the same topic."""
    if counts.empty:
        return note_figure(text("cl.heatmap_title"), text("cl.no_agencies"))
    height = max(4.0, 0.3 * len(counts) + 2.5)
    width = max(8.0, 0.32 * counts.shape[1] + 5.0)
    fig, ax = plt.subplots(figsize=(width, height))
    sns.heatmap(counts, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.4,
                mask=counts == 0, ax=ax, annot_kws={"fontsize": 7})
    ax.set_title(text("cl.heatmap_title"))
    ax.set_xlabel(counts.columns.name)
    ax.set_ylabel(counts.index.name)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig
