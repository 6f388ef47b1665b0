"""The clustering workbook's sentences and tables, in the report language."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sklearn.pipeline import Pipeline

from smartcity_utils.clusters.kmeans import ClusterResult, planted_agreement, stability_summary
from smartcity_utils.formatting import sentence
from smartcity_utils.names import agency_labels
from smartcity_utils.strings import column_label, sub_dimension_label, text

# ---------------------------------------------------------------- tables and figures

# The registry columns each feature block reads (the block names are the keys of the
# `cluster_feature_weights` parameter); amounts and counts enter as their logarithm.
BLOCK_COLUMNS = {
    "text": ["innovation_name", "description"], "sub_dimension": ["dimension", "sub_dimension"],
    "jenis": ["jenis"], "tahapan": ["tahapan"], "pentahelix": [],  # the five pentahelix flags
    "budget": ["budget_idr"], "beneficiaries": ["beneficiaries"],
}
_LOGARITHM = {"budget", "beneficiaries"}


def _block_columns(block: str) -> str:
    """What a feature block reads, by the columns' names in the report language."""
    if not BLOCK_COLUMNS[block]:
        return text("ag.partners")
    names = " + ".join(column_label(c, table="innovations") for c in BLOCK_COLUMNS[block])
    return text("cl.logarithm").format(columns=names) if block in _LOGARITHM else names


def planted_truth(data_dir, innovations: pd.DataFrame | None = None) -> pd.Series | None:
    """The planted topic group of every innovation when `data_dir` is a synthetic sample;
    None when it is not, or when its metadata.json does not describe `innovations` (a
    sample's sidecar left in a folder of other data)."""
    path = Path(data_dir) / "metadata.json"
    try:
        planted = json.loads(path.read_text("utf-8")).get("planted", {}) if path.exists() else {}
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(planted, dict) or not isinstance(planted.get("groups"), dict):
        return None
    truth = pd.Series(planted["groups"], name="group", dtype=str).sort_index()
    truth.index.name = "innovation_id"
    if innovations is not None and not innovations["innovation_id"].isin(truth.index).all():
        return None
    return truth


def summary_text(result: ClusterResult) -> str:
    """One sentence: how many innovations in how many clusters, chosen within which bounds."""
    best = result.k_selection.loc[result.k_selection["chosen"], "silhouette"].iloc[0]
    return sentence(
        text("cl.summary"),
        n=len(result.innovations), k=result.k, silhouette=best,
        k_min=int(result.k_selection["k"].min()), k_max=int(result.k_selection["k"].max()))


def feature_table(pipeline: Pipeline) -> pd.DataFrame:
    """The feature blocks of the fitted pipeline, named by the columns they read: features
    made and weight."""
    blocks = pipeline.named_steps["blocks"]
    sizes = {name: s.stop - s.start for name, s in blocks.output_indices_.items()
             if name in BLOCK_COLUMNS}
    rows = [(_block_columns(name), sizes[name], blocks.transformer_weights[name])
            for name in BLOCK_COLUMNS if name in sizes]
    return pd.DataFrame(rows, columns=[text("cl.columns"), text("cl.features"),
                                       text("cl.weight")])


def planted_note(result: ClusterResult, truth: pd.Series) -> str:
    """On the synthetic sample only: a method note saying in words how well the clusters find
    the topic groups the sample's generator planted (the adjusted Rand index, explained)."""
    ari = planted_agreement(result.innovations["innovation_id"],
                            result.innovations["cluster"].to_numpy(), truth)
    return sentence(text("cl.planted_note"), ari=ari, groups=truth.nunique())


# The heatmap shows at most this many agencies (most innovations): 30 columns beside the
# cluster names still fit an A4 page's width at a legible size.
HEATMAP_AGENCIES = 30


def display_terms(top_terms: str) -> str:
    """A cluster's top terms, or 'various topics' in the report language when it has none."""
    return top_terms or text("cl.various_topics")


def display_label(cluster: int, sub_dimension: str, top_terms: str) -> str:
    """'3 · Kesehatan: posyandu, stunting, gizi', the sub-dimension in the report language."""
    return f"{cluster} · {sub_dimension_label(sub_dimension)}: {display_terms(top_terms)}"


def clusters_table(clusters: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster, largest first: size, top terms, dominant sub-dimension and share."""
    table = pd.DataFrame({
        text("cl.cluster"): clusters["cluster"],
        text("cl.size"): clusters["size"],
        text("cl.top_terms"): [display_terms(t) for t in clusters["top_terms"]],
        text("sub_dimension"): [sub_dimension_label(s)
                                      for s in clusters["sub_dimension"]],
        text("cl.sub_dimension_share"): (100 * clusters["sub_dimension_share"]).round(0)
        .astype("int64"),
    })
    return table.set_index(text("cl.cluster"))


def stability_table(stability: pd.DataFrame) -> pd.DataFrame:
    """Mean / min / max ARI of the reruns, per kind (other seeds, 80% resamples)."""
    summary = stability_summary(stability)
    summary["kind"] = summary["kind"].map(lambda k: text(f"cl.stability_{k}"))
    return summary.rename(columns={"kind": text("cl.rerun"), "count": text("cl.runs"),
                                   "mean": text("cl.ari_mean"),
                                   "min": text("cl.ari_min"),
                                   "max": text("cl.ari_max")})


def comparison_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """k-means + silhouette against HDBSCAN, with readable names and noise in percent."""
    table = comparison.assign(
        method=comparison["method"].map(lambda m: text(f"cl.method_{m}")),
        noise_share=(100 * comparison["noise_share"]).round(1),
    )
    names = {"method": "cl.method", "clusters": "cl.clusters", "noise_share": "cl.noise_share",
             "silhouette": "cl.silhouette", "ari": "cl.ari_planted"}
    return table.rename(columns={c: text(k) for c, k in names.items()})


def cluster_agency_counts(innovations: pd.DataFrame, clusters: pd.DataFrame,
                          agencies: pd.DataFrame) -> pd.DataFrame:
    """Innovations per cluster (rows, named as in the cluster table) and agency (columns,
    agency order; at most HEATMAP_AGENCIES, those with most innovations, labelled so that two
    agencies of the same short name can be told apart); `attrs["agencies_total"]` is the
    number of agencies with an innovation."""
    counts = pd.crosstab(innovations["cluster"], innovations["agency_code"])
    top = counts.sum().sort_values(ascending=False, kind="stable").index[:HEATMAP_AGENCIES]
    order = [a for a in agencies["agency_code"] if a in set(top)]
    order += sorted(set(top) - set(order))
    total = counts.shape[1]
    counts = counts.reindex(columns=order, fill_value=0)
    counts.columns = agency_labels(order, agencies)
    labels = {r.cluster: display_label(r.cluster, r.sub_dimension, r.top_terms)
              for r in clusters.itertuples()}
    counts.index = [labels[c] for c in counts.index]
    counts.index.name = text("cl.cluster")
    counts.columns.name = text("agency")
    counts.attrs["agencies_total"] = total
    return counts
