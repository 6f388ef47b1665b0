"""The figures of the data-quality workbook (00): innovations per dimension and year, and,
for a registry of more agencies than a reader takes in at a glance, the coverage per agency
type and year (the table above it keeps every agency)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from smartcity_utils import figures as shared
from smartcity_utils.formatting import integer, percent
from smartcity_utils.strings import column_label, text
from smartcity_utils.vocabulary import AGENCY_TYPES, DIMENSIONS


def _per_agency_year(innovations: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """Innovations per agency (every agency, agency order) and year."""
    years = sorted(innovations["year"].dropna().unique())
    table = pd.crosstab(innovations["agency_code"], innovations["year"])
    return table.reindex(index=agencies["agency_code"], columns=years, fill_value=0)


def coverage_by_type(innovations: pd.DataFrame, agencies: pd.DataFrame):
    """Above MAX_ROWS agencies, the share of agencies of each type with at least one innovation
    per year (the table above it lists every agency, too many to take in at a glance); None
    when the table is short enough to read whole, so that the page does not say it twice."""
    if len(agencies) <= shared.MAX_ROWS:
        return None
    if innovations.empty:
        return shared.note_figure(text("dq.coverage_agency"), text("dq.no_innovation_rows"))
    return _coverage_by_type(_per_agency_year(innovations, agencies), agencies)


def _coverage_by_type(counts: pd.DataFrame, agencies: pd.DataFrame):
    """Per agency type and year: the share of its agencies with an innovation that year."""
    kinds = agencies.set_index("agency_code")["agency_type"] if "agency_type" in agencies \
        else pd.Series("lainnya", index=agencies["agency_code"])
    kinds = kinds.reindex(counts.index).fillna("lainnya")
    share = (counts > 0).groupby(kinds.to_numpy()).mean()
    size = kinds.value_counts()
    share = share.reindex([k for k in AGENCY_TYPES if k in share.index])
    share = share.loc[share.mean(axis=1).sort_values(kind="stable").index]  # gaps on top
    share.index = [f"{text(f'fig.agency_type.{k}')} ({integer(size[k])})" for k in share.index]
    labels = [[percent(v) for v in row] for row in share.to_numpy()]
    fig, ax = plt.subplots(figsize=(7.0, shared.heatmap_height(len(share), extra=2.2)))
    sns.heatmap(share, annot=labels, fmt="", cmap="Blues", vmin=0, vmax=1, linewidths=0.5,
                xticklabels=True, yticklabels=True, ax=ax,
                cbar_kws={"label": text("dq.share_with_innovation")})
    shared.titled(ax, text("dq.coverage_by_type"),
           text("dq.coverage_by_type_note").format(total=integer(len(counts))))
    ax.set_xlabel(text("year"))
    ax.set_ylabel(text("dq.agency_type"))
    ax.grid(False)
    cbar = ax.collections[0].colorbar
    cbar.ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: percent(v)))
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.dq_by_type")


def dimension_year_barplot(innovations: pd.DataFrame):
    """Innovations per dimension, one bar per year."""
    if innovations.empty:
        return shared.note_figure(text("dq.coverage_dimension"), text("dq.no_innovation_rows"))
    counts = innovations.groupby(["dimension", "year"]).size().rename("n").reset_index()
    # years as labels: a numeric (nullable Int64) hue makes seaborn build a colour scale,
    # which fails on pandas' nullable integers from 7 years on
    counts["year"] = counts["year"].astype(int).astype(str)
    fig, ax = plt.subplots()
    sns.barplot(data=counts, x="n", y="dimension", hue="year", order=DIMENSIONS,
                hue_order=sorted(counts["year"].unique()), palette="crest", ax=ax)
    ax.set_title(text("dq.coverage_dimension"))
    ax.set_xlabel(text("dq.innovations"))
    ax.set_ylabel(column_label("dimension"))
    ax.legend(title=text("year"))
    shared.hatch_bars(ax)
    shared.localize_numbers(fig)
    fig.tight_layout()
    return shared.described(fig, "alt.dq_dimension_year")
