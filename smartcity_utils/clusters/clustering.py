"""Innovation clusters: features, the number of clusters, cluster names and their stability.

The features are one scikit-learn pipeline (`feature_pipeline`): TF-IDF of the Indonesian name
and description, one-hot dimension / sub-dimension, jenis and tahapan, the pentahelix partners
and log budget / beneficiaries, each block scaled to unit size and multiplied by its weight,
then reduced by LSA (truncated SVD to `k_max` dimensions + unit length) so that k-means on it
clusters by cosine.
The number of clusters is the k of the best silhouette over a range (docs/clustering.md says
why this and not HDBSCAN). Large registries use fewer k-means starts and a sampled silhouette.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import sparse
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.manifold import TSNE
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, Normalizer, OneHotEncoder, StandardScaler

from smartcity_utils.clusters.text import tokenise
from smartcity_utils.errors import SmartCityError
from smartcity_utils.figures import note_figure
from smartcity_utils.strings import sub_dimension_label, text

# Feature block -> default weight. Text carries the topic; the sub-dimension separates topics
# that share words; the rest describe how an innovation is run, not what it is about.
DEFAULT_WEIGHTS: dict[str, float] = {
    "text": 1.0, "sub_dimension": 0.5, "jenis": 0.1, "tahapan": 0.1,
    "pentahelix": 0.1, "budget": 0.1, "beneficiaries": 0.1,
}
PENTAHELIX_COLUMNS = [f"pentahelix_{s}" for s in
                      ("government", "academia", "business", "community", "media")]
LARGE_REGISTRY = 2000      # above this many innovations: fewer k-means starts, sampled silhouette
SILHOUETTE_SAMPLE = 3000   # innovations in a sampled silhouette
TOP_TERMS = 3


class ClusteringError(SmartCityError):
    """The clustering cannot run on these innovations or with these parameters."""


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


# ---------------------------------------------------------------- the innovations clustered


def latest_innovations(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each innovation's latest registry row up to `year`, sorted by innovation id."""
    rows = innovations[innovations["year"] <= year]
    if rows.empty:
        raise ClusteringError(f"no innovation registered in or before {year}")
    rows = rows.sort_values(["innovation_id", "year"], kind="stable")
    latest = rows.drop_duplicates("innovation_id", keep="last")
    return latest.reset_index(drop=True)


def model_input(latest: pd.DataFrame) -> pd.DataFrame:
    """The columns the feature pipeline reads, with text joined and missing values made plain."""
    name = latest["innovation_name"].fillna("")
    # The name counts twice: it states the topic, while descriptions carry boilerplate.
    frame = pd.DataFrame({
        "text": (name + ". " + name + ". " + latest["description"].fillna("")).astype(object),
    })
    for column in ("dimension", "sub_dimension", "jenis", "tahapan"):
        frame[column] = latest[column].fillna("").astype(object)
    for column in PENTAHELIX_COLUMNS:
        frame[column] = latest[column].fillna(False).astype(float)
    for column in ("budget_idr", "beneficiaries"):
        frame[column] = latest[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return frame


# ---------------------------------------------------------------- features


def check_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """The full weight of every feature block: defaults overridden by `weights`."""
    weights = dict(weights or {})
    unknown = sorted(set(weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise ClusteringError(f"unknown feature block(s) {unknown}; known: {list(DEFAULT_WEIGHTS)}")
    bad = {k: v for k, v in weights.items()
           if isinstance(v, bool) or not isinstance(v, int | float) or v < 0}
    if bad:
        raise ClusteringError(f"feature weights must be numbers >= 0, got {bad}")
    full = {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in weights.items()}}
    if full["text"] == 0 and full["sub_dimension"] == 0:
        raise ClusteringError("the text or the sub_dimension block needs a weight above 0")
    return full


def text_vectorizer() -> TfidfVectorizer:
    """TF-IDF of the words of Indonesian text, stop words out, seen twice at least.

    Single words only: word pairs doubled the weight of boilerplate sentences and lowered the
    agreement with the planted groups (docs/clustering.md).
    """
    return TfidfVectorizer(tokenizer=tokenise, token_pattern=None, lowercase=False,
                           ngram_range=(1, 1), min_df=2, max_df=0.5, sublinear_tf=True,
                           dtype=np.float32)


def _times(x, factor: float):
    return x * factor


def _scaled(n_columns: int) -> FunctionTransformer:
    """Divide by sqrt(n) so a block of n 0/1 columns is at most of unit size."""
    return FunctionTransformer(_times, kw_args={"factor": 1.0 / np.sqrt(n_columns)},
                               feature_names_out="one-to-one")


def _log_amount() -> Pipeline:
    # keep_empty_features: a registry without any budget (or beneficiaries) keeps its column
    # (imputed as 0) instead of leaving the scaler with no feature at all
    return make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True),
                         FunctionTransformer(np.log1p, feature_names_out="one-to-one"),
                         StandardScaler())


def feature_blocks(weights: dict[str, float] | None = None) -> ColumnTransformer:
    """The weighted feature blocks; each block has unit size before its weight."""
    weights = check_weights(weights)
    one_hot = {"handle_unknown": "ignore", "dtype": np.float32}
    blocks = [
        ("text", text_vectorizer(), "text"),
        ("sub_dimension", make_pipeline(OneHotEncoder(**one_hot), Normalizer()),
         ["dimension", "sub_dimension"]),
        ("jenis", OneHotEncoder(**one_hot), ["jenis"]),
        ("tahapan", OneHotEncoder(**one_hot), ["tahapan"]),
        ("pentahelix", _scaled(len(PENTAHELIX_COLUMNS)), PENTAHELIX_COLUMNS),
        ("budget", _log_amount(), ["budget_idr"]),
        ("beneficiaries", _log_amount(), ["beneficiaries"]),
    ]
    blocks = [b for b in blocks if weights[b[0]] > 0]
    return ColumnTransformer(blocks, transformer_weights={n: weights[n] for n, _, _ in blocks},
                             sparse_threshold=1.0)


def feature_pipeline(weights: dict[str, float] | None = None, components: int = 40,
                     seed: int = 0) -> Pipeline:
    """Weighted blocks -> LSA (truncated SVD) -> unit length: k-means then clusters by cosine.

    The centres of k clusters span at most k - 1 dimensions, so `components` is the largest k
    tried; more dimensions only add noise that flattens the silhouette (docs/clustering.md).
    """
    return Pipeline([
        ("blocks", feature_blocks(weights)),
        ("lsa", TruncatedSVD(n_components=components, random_state=seed % 2**32)),
        ("unit", Normalizer(copy=False)),
    ])


def innovation_features(latest: pd.DataFrame, weights: dict[str, float] | None = None,
                        components: int = 40, seed: int = 0) -> tuple[np.ndarray, Pipeline]:
    """The LSA features of every innovation and the fitted pipeline."""
    if len(latest) < 3:
        raise ClusteringError(f"at least 3 innovations are needed to cluster, got {len(latest)}")
    components = max(2, min(components, len(latest) - 1))
    pipeline = feature_pipeline(weights, components, seed)
    features = pipeline.fit_transform(model_input(latest))
    return np.ascontiguousarray(features, dtype=np.float64), pipeline


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


def text_tfidf(latest: pd.DataFrame, pipeline: Pipeline) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The TF-IDF rows (unit length) of the innovations' text and the terms, from the pipeline."""
    vectorizer = pipeline.named_steps["blocks"].named_transformers_["text"]
    tfidf = sparse.csr_matrix(vectorizer.transform(model_input(latest)["text"]))
    return tfidf, vectorizer.get_feature_names_out()


def top_terms(weights: np.ndarray, terms: np.ndarray, n: int = TOP_TERMS) -> list[str]:
    """The `n` heaviest terms, skipping a word already inside a chosen word pair (and back)."""
    chosen: list[str] = []
    for i in np.argsort(-weights, kind="stable"):
        if weights[i] <= 0 or len(chosen) == n:
            break
        term = str(terms[i])
        words = set(term.split())
        if any(words & set(c.split()) for c in chosen):
            continue
        chosen.append(term)
    return chosen


def name_clusters(latest: pd.DataFrame, labels: np.ndarray, pipeline: Pipeline) -> pd.DataFrame:
    """Per cluster: size, top terms (mean TF-IDF), dominant sub-dimension and its share, label."""
    tfidf, terms = text_tfidf(latest, pipeline)
    rows = []
    for cluster in np.unique(labels):
        members = labels == cluster
        mean = np.asarray(tfidf[members].mean(axis=0)).ravel()
        subs = latest.loc[members, "sub_dimension"].value_counts(sort=False)
        subs = subs.sort_values(ascending=False, kind="stable")  # ties: first seen
        sub, share = str(subs.index[0]), subs.iloc[0] / members.sum()
        words = top_terms(mean, terms)
        rows.append((int(cluster), int(members.sum()), ", ".join(words), sub, float(share),
                     f"{sub}: {', '.join(words)}"))
    return pd.DataFrame(rows, columns=["cluster", "size", "top_terms", "sub_dimension",
                                       "sub_dimension_share", "cluster_label"])


# ---------------------------------------------------------------- the whole step


def cluster_innovations(innovations: pd.DataFrame, year: int, weights: dict | None = None,
                        k_min: int = 10, k_max: int = 40, seed: int = 0) -> ClusterResult:
    """Features, the k of best silhouette, the clusters and their names: the clustering step."""
    latest = latest_innovations(innovations, year)
    k_candidates(k_min, k_max, len(latest))  # a bad range fails before the features are built
    features, pipeline = innovation_features(latest, weights, k_max, seed)
    selection = choose_k(features, k_min, k_max, seed)
    k = int(selection.loc[selection["chosen"], "k"].iloc[0])
    labels = fit_clusters(features, k, seed)
    clusters = name_clusters(latest, labels, pipeline)
    latest = latest.assign(cluster=labels)
    latest["cluster_label"] = latest["cluster"].map(clusters.set_index("cluster")["cluster_label"])
    return ClusterResult(latest, features, pipeline, selection, clusters, k, seed)


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


# ---------------------------------------------------------------- tables and figures

BLOCK_COLUMNS = {
    "text": "innovation_name + description", "sub_dimension": "dimension, sub_dimension",
    "jenis": "jenis", "tahapan": "tahapan", "pentahelix": "pentahelix_*",
    "budget": "log budget_idr", "beneficiaries": "log beneficiaries",
}


def planted_truth(data_dir, innovations: pd.DataFrame | None = None) -> pd.Series | None:
    """The planted topic group of every innovation when `data_dir` is a synthetic sample;
    None when it is not, or when its metadata.json does not describe `innovations` (a
    sample's sidecar left in a folder of other data)."""
    path = Path(data_dir) / "metadata.json"
    try:
        planted = json.loads(path.read_text("utf-8")).get("planted", {}) if path.exists() else {}
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(planted, dict) or "groups" not in planted:
        return None
    from smartcity_utils.sample.generator import planted_groups

    truth = planted_groups(data_dir)
    if innovations is not None and not innovations["innovation_id"].isin(truth.index).all():
        return None
    return truth


def summary_text(result: ClusterResult, lang: str = "id") -> str:
    """One sentence: how many innovations, from how many features, in how many clusters."""
    best = result.k_selection.loc[result.k_selection["chosen"], "silhouette"].iloc[0]
    return text("cl.summary", lang).format(
        n=len(result.innovations), k=result.k, silhouette=best,
        k_min=int(result.k_selection["k"].min()), k_max=int(result.k_selection["k"].max()),
        components=result.features.shape[1])


def feature_table(pipeline: Pipeline, lang: str = "id") -> pd.DataFrame:
    """The feature blocks of the fitted pipeline: columns read, features made, weight."""
    blocks = pipeline.named_steps["blocks"]
    sizes = {name: s.stop - s.start for name, s in blocks.output_indices_.items()
             if name in BLOCK_COLUMNS}
    rows = [(name, BLOCK_COLUMNS[name], sizes[name], blocks.transformer_weights[name])
            for name in BLOCK_COLUMNS if name in sizes]
    return pd.DataFrame(rows, columns=[text("cl.block", lang), text("cl.columns", lang),
                                       text("cl.features", lang), text("cl.weight", lang)])


def planted_agreement_text(result: ClusterResult, truth: pd.Series, lang: str = "id") -> str:
    """The ARI of the clusters against the sample's planted groups, as one sentence."""
    ari = planted_agreement(result.innovations["innovation_id"],
                            result.innovations["cluster"].to_numpy(), truth)
    return text("cl.planted_check", lang).format(ari=ari, groups=truth.nunique())

MAP_TSNE_LIMIT = 5000      # above this many innovations the 2-D map uses PCA, not t-SNE
HEATMAP_AGENCIES = 40      # the heatmap shows at most this many agencies (most innovations)


def display_label(cluster: int, sub_dimension: str, top_terms: str, lang: str = "id") -> str:
    """'3 · Kesehatan: posyandu, stunting, gizi', the sub-dimension in the report language."""
    return f"{cluster} · {sub_dimension_label(sub_dimension, lang)}: {top_terms}"


def k_selection_table(selection: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """The silhouette of every k tried, the chosen one marked."""
    table = selection.assign(chosen=selection["chosen"].map({True: "◀", False: ""}))
    return table.rename(columns={"k": text("cl.k", lang), "silhouette": text("cl.silhouette", lang),
                                 "chosen": text("cl.chosen", lang)})


def k_selection_figure(selection: pd.DataFrame, lang: str = "id"):
    """Silhouette against the number of clusters, the chosen k marked."""
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    ax.plot(selection["k"], selection["silhouette"], marker="o", color="#4c72b0")
    best = selection[selection["chosen"]]
    ax.scatter(best["k"], best["silhouette"], s=160, facecolors="none", edgecolors="#c44e52",
               linewidths=2, zorder=3, label=text("cl.chosen", lang))
    ax.set_title(text("cl.k_selection_title", lang))
    ax.set_xlabel(text("cl.k", lang))
    ax.set_ylabel(text("cl.silhouette", lang))
    ax.legend()
    fig.tight_layout()
    return fig


def clusters_table(clusters: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """One row per cluster, largest first: size, top terms, dominant sub-dimension and share."""
    table = pd.DataFrame({
        text("cl.cluster", lang): clusters["cluster"],
        text("cl.size", lang): clusters["size"],
        text("cl.top_terms", lang): clusters["top_terms"],
        text("sub_dimension", lang): [sub_dimension_label(s, lang)
                                      for s in clusters["sub_dimension"]],
        text("cl.sub_dimension_share", lang): (100 * clusters["sub_dimension_share"]).round(0)
        .astype("int64"),
    })
    return table.set_index(text("cl.cluster", lang))


def stability_table(stability: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Mean / min / max ARI of the reruns, per kind (other seeds, 80% resamples)."""
    summary = stability_summary(stability)
    summary["kind"] = summary["kind"].map(lambda k: text(f"cl.stability_{k}", lang))
    return summary.rename(columns={"kind": text("cl.rerun", lang), "count": text("cl.runs", lang),
                                   "mean": text("cl.ari_mean", lang),
                                   "min": text("cl.ari_min", lang),
                                   "max": text("cl.ari_max", lang)})


def comparison_table(comparison: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """k-means + silhouette against HDBSCAN, with readable names and noise in percent."""
    table = comparison.assign(
        method=comparison["method"].map(lambda m: text(f"cl.method_{m}", lang)),
        noise_share=(100 * comparison["noise_share"]).round(1),
    )
    names = {"method": "cl.method", "clusters": "cl.clusters", "noise_share": "cl.noise_share",
             "silhouette": "cl.silhouette", "ari": "cl.ari_planted"}
    return table.rename(columns={c: text(k, lang) for c, k in names.items()})


def map_coordinates(features: np.ndarray, seed: int) -> tuple[np.ndarray, str]:
    """2-D positions of the innovations and the reduction's name: t-SNE, or PCA when large."""
    if len(features) > MAP_TSNE_LIMIT or len(features) < 5:
        return PCA(n_components=2, random_state=seed % 2**32).fit_transform(features), "PCA"
    tsne = TSNE(n_components=2, perplexity=min(30.0, (len(features) - 1) / 3), init="pca",
                metric="cosine", random_state=seed % 2**32)
    return tsne.fit_transform(features), "t-SNE"


def cluster_map_figure(coordinates: np.ndarray, clusters: np.ndarray, method: str,
                       lang: str = "id"):
    """The innovations on the 2-D map, coloured by cluster, each cluster's number at its centre."""
    fig, ax = plt.subplots(figsize=(9.0, 7.0))
    palette = sns.color_palette("husl", len(np.unique(clusters)))
    for n, cluster in enumerate(np.unique(clusters)):
        points = coordinates[clusters == cluster]
        ax.scatter(points[:, 0], points[:, 1], s=18, color=palette[n], alpha=0.8)
        centre = np.median(points, axis=0)
        ax.annotate(str(cluster), centre, fontsize=9, weight="bold", ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.7})
    ax.set_title(text("cl.map_title", lang).format(method=method))
    ax.set_xlabel(f"{method} 1")
    ax.set_ylabel(f"{method} 2")
    fig.tight_layout()
    return fig


def cluster_agency_counts(innovations: pd.DataFrame, clusters: pd.DataFrame,
                          agencies: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Innovations per cluster (rows) and agency (columns, agency order; at most
    HEATMAP_AGENCIES, those with most innovations)."""
    counts = pd.crosstab(innovations["cluster"], innovations["agency_code"])
    top = counts.sum().sort_values(ascending=False, kind="stable").index[:HEATMAP_AGENCIES]
    order = [a for a in agencies["agency_code"] if a in set(top)]
    counts = counts.reindex(columns=order, fill_value=0)
    counts.columns = agencies.set_index("agency_code")["short_name"].reindex(order).to_numpy()
    labels = {r.cluster: display_label(r.cluster, r.sub_dimension, r.top_terms, lang)
              for r in clusters.itertuples()}
    counts.index = [labels[c] for c in counts.index]
    counts.index.name = text("cl.cluster", lang)
    counts.columns.name = text("agency", lang)
    return counts


def cluster_agency_heatmap(counts: pd.DataFrame, lang: str = "id"):
    """Heatmap of innovations per cluster and agency: which agencies work on the same topic."""
    if counts.empty:
        return note_figure(text("cl.heatmap_title", lang), text("cl.no_agencies", lang))
    height = max(4.0, 0.3 * len(counts) + 2.5)
    width = max(8.0, 0.32 * counts.shape[1] + 5.0)
    fig, ax = plt.subplots(figsize=(width, height))
    sns.heatmap(counts, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.4,
                mask=counts == 0, ax=ax, annot_kws={"fontsize": 7})
    ax.set_title(text("cl.heatmap_title", lang))
    ax.set_xlabel(counts.columns.name)
    ax.set_ylabel(counts.index.name)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig
