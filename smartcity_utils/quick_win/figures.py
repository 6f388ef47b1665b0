"""The Quick Win workbook's figures: the two methods against each other, the sensitivity."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from smartcity_utils import hover
from smartcity_utils.figures import described, localize_numbers
from smartcity_utils.names import display_names
from smartcity_utils.quick_win.scoring import method_disagreements
from smartcity_utils.quick_win.sensitivity import Sensitivity
from smartcity_utils.strings import text


def method_points(ranking: pd.DataFrame, candidates: pd.DataFrame, agencies: pd.DataFrame,
                  top_k: int) -> pd.DataFrame:
    """The points of the methods scatter, one per candidate in ranking order: its name, its
    agency's display name, both scores, and whether it is in the top k of one method only.
    The static figure and the hover chart both draw this frame."""
    names = candidates.drop_duplicates("innovation_id").set_index("innovation_id")
    agency = display_names(agencies)
    return pd.DataFrame({
        "innovation": names["innovation_name"].reindex(ranking.index),
        "agency": [agency.get(c, c) for c in names["agency_code"].reindex(ranking.index)],
        "weighted_sum": ranking["weighted_sum"],
        "topsis": ranking["topsis"],
        "one_method_only": ranking.index.isin(method_disagreements(ranking, top_k).index),
    }, index=ranking.index)


def method_scatter(points: pd.DataFrame, top_k: int):
    """Weighted sum against TOPSIS per candidate; those in only one top k are highlighted."""
    disagree = points["one_method_only"].to_numpy()
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.scatter(points.loc[~disagree, "weighted_sum"], points.loc[~disagree, "topsis"],
               color="tab:blue", alpha=0.6, label=text("qw.methods_agree"))
    ax.scatter(points.loc[disagree, "weighted_sum"], points.loc[disagree, "topsis"],
               color="tab:red", marker="X", s=70, label=text("qw.methods_disagree").format(k=top_k))
    ax.set_title(text("qw.methods_title"))
    ax.set_xlabel(text("qw.weighted_sum"))
    ax.set_ylabel(text("qw.topsis"))
    ax.legend()
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_methods")


def method_hover_chart(points: pd.DataFrame, top_k: int) -> hover.HoverChart:
    """The methods scatter for JupyterLab: a hover names the candidate, its agency and both
    scores."""
    import altair as alt

    kinds = [text("qw.methods_agree"), text("qw.methods_disagree").format(k=top_k)]
    drawn = points.assign(kind=[kinds[one] for one in points["one_method_only"]])
    chart = alt.Chart(drawn.reset_index(drop=True)).mark_point(filled=True, size=70).encode(
        x=alt.X("weighted_sum:Q", title=text("qw.weighted_sum"), scale=alt.Scale(zero=False)),
        y=alt.Y("topsis:Q", title=text("qw.topsis"), scale=alt.Scale(zero=False)),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=kinds, range=["#1f77b4", "#d62728"])),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(
            domain=kinds, range=["circle", hover.X_MARK])),
        tooltip=[hover.name_tip("innovation", "qw.innovation"), hover.name_tip("agency", "agency"),
                 hover.value_tip("weighted_sum", "qw.weighted_sum"),
                 hover.value_tip("topsis", "qw.topsis")],
    ).properties(title=hover.chart_title(text("qw.methods_title")), width=hover.WIDTH,
                 height=420).interactive()
    return hover.hover_chart(chart, "alt.qw_methods", text("qw.methods_title"))


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
