"""Innovation clusters: the number of clusters, the k-means fit, cluster names and stability.

The number of clusters is the k of the best silhouette over a range (docs/clustering.md says
why this and not HDBSCAN). Large registries use fewer k-means starts and a sampled silhouette.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.pipeline import Pipeline

from smartcity_utils.clusters.features import (
    ClusteringError,
    blocks_without_data,
    innovation_features,
    latest_innovations,
)
from smartcity_utils.clusters.terms import TopicTerms, class_tfidf, topic_terms
from smartcity_utils.clusters.text import registry_stop_words

LARGE_REGISTRY = 2000      # above this many innovations: fewer k-means starts, sampled silhouette
SILHOUETTE_SAMPLE = 3000   # innovations in a sampled silhouette
TOP_TERMS = 3
VARIOUS = "various topics"  # the label's terms of a cluster whose members share no topic term


@dataclass
class ClusterResult:
    """One clustering run: the innovations with their cluster, and how it was reached."""

    innovations: pd.DataFrame   # latest row per innovation + cluster, cluster_label
    features: np.ndarray        # the LSA features the clusters were found on
    pipeline: Pipeline          # the fitted feature pipeline
    k_selection: pd.DataFrame   # k, silhouette (one row per k tried)
    clusters: pd.DataFrame      # one row per cluster: size, top terms, sub-dimension, label
    k: int
    seed: int
    blocks_left_out: list[str] = field(default_factory=list)  # feature blocks without data
    topic: TopicTerms | None = None  # the topic terms: cluster labels and the pairs' evidence


# ---------------------------------------------------------------- clustering


def kmeans_model(k: int, n_innovations: int, seed: int, scan: bool = False) -> KMeans:
    """Seeded k-means: 10 starts; on a large registry 3, and 1 while scanning the k range.

    Plain k-means even at national size: on 28,539 innovations x 40 LSA dimensions a 3-start
    fit takes 0.3 s (MiniBatchKMeans 0.2 s), so the exact algorithm is kept
    (docs/performance.md).
    """
    n_init = 10 if n_innovations <= LARGE_REGISTRY else (1 if scan else 3)
    return KMeans(n_clusters=k, n_init=n_init, random_state=seed % 2**32)


def silhouette(features: np.ndarray, labels: np.ndarray, seed: int) -> float:
    """Silhouette of a clustering; sampled (SILHOUETTE_SAMPLE innovations) on a large registry."""
    sample = SILHOUETTE_SAMPLE if len(features) > LARGE_REGISTRY else None
    return float(silhouette_score(features, labels, sample_size=sample,
                                  random_state=seed % 2**32))


def k_candidates(k_min: int, k_max: int, n_innovations: int) -> list[int]:
    """The numbers of clusters tried: k_min..k_max, capped below the number of innovations."""
    if k_min < 2 or k_max < k_min:
        raise ClusteringError(f"the cluster range must have 2 <= k_min <= k_max, got "
                              f"{k_min}..{k_max}")
    ks = list(range(k_min, min(k_max, n_innovations - 1) + 1))
    if not ks:
        raise ClusteringError(f"{n_innovations} innovations are too few for {k_min} clusters")
    return ks


def choose_k(features: np.ndarray, k_min: int, k_max: int, seed: int) -> pd.DataFrame:
    """Silhouette of k-means for every k in the range; the best k is flagged `chosen`."""
    rows = []
    for k in k_candidates(k_min, k_max, len(features)):
        labels = kmeans_model(k, len(features), seed, scan=True).fit_predict(features)
        rows.append((k, silhouette(features, labels, seed)))
    table = pd.DataFrame(rows, columns=["k", "silhouette"])
    table["chosen"] = False
    table.loc[table["silhouette"].idxmax(), "chosen"] = True  # first (smallest) k on a tie
    return table


def ordered_labels(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 1..k, largest first (ties: the cluster of the earlier innovation)."""
    labels = np.asarray(labels)
    ids, first, sizes = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-sizes[i], first[i]))
    number = {ids[i]: n for n, i in enumerate(order, 1)}
    return np.array([number[x] for x in labels], dtype=np.int64)


def fit_clusters(features: np.ndarray, k: int, seed: int) -> np.ndarray:
    """The cluster (1..k, largest first) of every innovation."""
    return ordered_labels(kmeans_model(k, len(features), seed).fit_predict(features))


# ---------------------------------------------------------------- cluster names


def top_terms(weights: np.ndarray, terms: np.ndarray, n: int = TOP_TERMS) -> list[str]:
    """The `n` heaviest terms, a word pair before its words on a tie, skipping a word already
    inside a chosen word pair (and back)."""
    chosen: list[str] = []
    pairs = np.char.count(terms.astype(str), " ")
    for i in np.lexsort((-pairs, -weights)):
        if weights[i] <= 0 or len(chosen) == n:
            break
        term = str(terms[i])
        words = set(term.split())
        if any(words & set(c.split()) for c in chosen):
            continue
        chosen.append(term)
    return chosen


def name_clusters(latest: pd.DataFrame, labels: np.ndarray, topic: TopicTerms) -> pd.DataFrame:
    """Per cluster: size, top terms (c-TF-IDF, each used by two members at least; none: the
    cluster has no common topic), dominant sub-dimension and its share, label."""
    weights, members_using = class_tfidf(topic, labels)
    rows = []
    for row, cluster in enumerate(np.unique(labels)):
        members = labels == cluster
        subs = latest.loc[members, "sub_dimension"].value_counts(sort=False)
        subs = subs.sort_values(ascending=False, kind="stable")  # ties: first seen
        sub, share = str(subs.index[0]), subs.iloc[0] / members.sum()
        common = members_using[row] >= min(2, members.sum())
        words = ", ".join(top_terms(np.where(common, weights[row], 0), topic.terms))
        rows.append((int(cluster), int(members.sum()), words, sub, float(share),
                     f"{sub}: {words or VARIOUS}"))
    return pd.DataFrame(rows, columns=["cluster", "size", "top_terms", "sub_dimension",
                                       "sub_dimension_share", "cluster_label"])


# ---------------------------------------------------------------- the whole step


def cluster_innovations(innovations: pd.DataFrame, year: int, weights: dict | None = None,
                        k_min: int = 10, k_max: int = 40, seed: int = 0,
                        stop_words: frozenset[str] | None = None,
                        names: frozenset[str] = frozenset()) -> ClusterResult:
    """Features, the k of best silhouette, the clusters and their names: the clustering step.
    `stop_words`: those of this registry (`text.registry_stop_words`); default: those that
    need no data. `names`: the words of the region's and agencies' names
    (`terms.name_words`), which name no topic."""
    latest = latest_innovations(innovations, year)
    k_candidates(k_min, k_max, len(latest))  # a bad range fails before the features are built
    features, pipeline = innovation_features(latest, weights, k_max, seed, stop_words)
    selection = choose_k(features, k_min, k_max, seed)
    k = int(selection.loc[selection["chosen"], "k"].iloc[0])
    labels = fit_clusters(features, k, seed)
    topic = topic_terms(latest, stop_words if stop_words is not None else registry_stop_words(),
                        names)
    clusters = name_clusters(latest, labels, topic)
    latest = latest.assign(cluster=labels)
    latest["cluster_label"] = latest["cluster"].map(clusters.set_index("cluster")["cluster_label"])
    return ClusterResult(latest, features, pipeline, selection, clusters, k, seed,
                         blocks_without_data(latest), topic)


# ---------------------------------------------------------------- stability and comparison


def cluster_stability(result: ClusterResult, resamples: int = 10, fraction: float = 0.8
                      ) -> pd.DataFrame:
    """ARI of the final clusters against refits on other seeds and on 80% resamples.

    A resample fits k-means on a random `fraction` of the innovations and assigns every
    innovation to its nearest centre, so both clusterings cover all innovations.
    """
    features, k, seed = result.features, result.k, result.seed
    reference = result.innovations["cluster"].to_numpy()
    rng = np.random.default_rng(seed)
    rows = []
    for run in range(1, resamples + 1):
        other = kmeans_model(k, len(features), seed + run).fit_predict(features)
        rows.append(("seed", run, adjusted_rand_score(reference, other)))
    size = max(k + 1, int(round(fraction * len(features))))
    for run in range(1, resamples + 1):
        sample = np.sort(rng.choice(len(features), size=min(size, len(features)), replace=False))
        model = kmeans_model(k, len(sample), seed + run).fit(features[sample])
        rows.append(("resample", run, adjusted_rand_score(reference, model.predict(features))))
    return pd.DataFrame(rows, columns=["kind", "run", "ari"])


def stability_summary(stability: pd.DataFrame) -> pd.DataFrame:
    """Mean, minimum and maximum ARI per kind of rerun."""
    summary = stability.groupby("kind", sort=False)["ari"].agg(["count", "mean", "min", "max"])
    return summary.reset_index()


def hdbscan_labels(features: np.ndarray, min_cluster_size: int = 3) -> np.ndarray:
    """HDBSCAN clusters of the same features (-1 = noise, no cluster)."""
    return HDBSCAN(min_cluster_size=min_cluster_size, copy=True).fit_predict(features)


def compare_methods(result: ClusterResult, truth: pd.Series | None = None,
                    min_cluster_size: int = 3) -> pd.DataFrame:
    """k-means with silhouette versus HDBSCAN on the same features.

    Columns: method, clusters, noise_share, silhouette (on the clustered innovations), and
    ari against `truth` (innovation_id -> group, e.g. the sample's planted groups) if given.
    """
    features = result.features
    kmeans = result.innovations["cluster"].to_numpy()
    density = hdbscan_labels(features, min_cluster_size)
    rows = []
    for method, labels in (("kmeans_silhouette", kmeans), ("hdbscan", density)):
        kept = labels >= 0
        n_clusters = len(np.unique(labels[kept]))
        sil = (silhouette(features[kept], labels[kept], result.seed)
               if 1 < n_clusters < kept.sum() else np.nan)
        row = {"method": method, "clusters": n_clusters, "noise_share": float(1 - kept.mean()),
               "silhouette": sil}
        if truth is not None:
            row["ari"] = planted_agreement(result.innovations["innovation_id"], labels, truth)
        rows.append(row)
    return pd.DataFrame(rows)


def planted_agreement(innovation_ids: pd.Series, labels: np.ndarray, truth: pd.Series) -> float:
    """ARI between cluster labels and known groups (noise, -1, counts as one more group)."""
    groups = truth.reindex(innovation_ids.to_numpy())
    if groups.isna().any():
        missing = innovation_ids[groups.isna().to_numpy()].head(5).tolist()
        raise ClusteringError(f"innovations without a known group, e.g. {missing}")
    return float(adjusted_rand_score(groups.to_numpy(), labels))
