"""The Quick Win workbook's figures: the two methods against each other, the sensitivity."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from smartcity_utils.figures import described, localize_numbers
from smartcity_utils.quick_win.scoring import method_disagreements
from smartcity_utils.quick_win.sensitivity import Sensitivity
from smartcity_utils.strings import text


def method_scatter(ranking: pd.DataFrame, top_k: int):
    """Weighted sum against TOPSIS per candidate; those in only one top k are highlighted."""
    disagree = ranking.index.isin(method_disagreements(ranking, top_k).index)
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.scatter(ranking.loc[~disagree, "weighted_sum"], ranking.loc[~disagree, "topsis"],
               color="tab:blue", alpha=0.6, label=text("qw.methods_agree"))
    ax.scatter(ranking.loc[disagree, "weighted_sum"], ranking.loc[disagree, "topsis"],
               color="tab:red", marker="X", s=70, label=text("qw.methods_disagree").format(k=top_k))
    ax.set_title(text("qw.methods_title"))
    ax.set_xlabel(text("qw.weighted_sum"))
    ax.set_ylabel(text("qw.topsis"))
    ax.legend()
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_methods")


def top_k_figure(sensitivity: Sensitivity, candidates: pd.DataFrame, top_k: int, rows: int):
    """The candidates most often in the top k when the weights are redrawn."""
    probability = sensitivity.top_k_probability.sort_values(ascending=False, kind="stable")
    probability = probability.head(rows).iloc[::-1]
    names = candidates.set_index("innovation_id")["innovation_name"]
    fig, ax = plt.subplots(figsize=(8.0, max(3.0, 0.3 * len(probability) + 1.2)))
    ax.barh([str(names.get(i, i))[:45] for i in probability.index], probability.to_numpy(),
            color="tab:green")
    ax.set_xlim(0, 1)
    ax.set_title(text("qw.top_k_title").format(k=top_k))
    ax.set_xlabel(text("qw.top_k_probability"))
    ax.set_ylabel(text("qw.innovation"))
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_top_k")


def rank_correlation_figure(sensitivity: Sensitivity):
    """How far the whole ranking moves under redrawn weights (Spearman per draw)."""
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    ax.hist(sensitivity.rank_correlation, bins=30, color="tab:purple")
    ax.set_title(text("qw.correlation_title"))
    ax.set_xlabel(text("qw.spearman"))
    ax.set_ylabel(text("qw.draws"))
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_correlation")
