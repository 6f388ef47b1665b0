"""Innovation features: the innovations clustered and one scikit-learn feature pipeline.

The features (`feature_pipeline`) are TF-IDF of the Indonesian name and description,
one-hot dimension / sub-dimension, jenis and tahapan, the pentahelix partners and log budget /
beneficiaries, each block scaled to unit size and multiplied by its weight, then reduced by LSA
(truncated SVD to `k_max` dimensions + unit length) so that k-means on it clusters by cosine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, Normalizer, OneHotEncoder, StandardScaler

from smartcity_utils.clusters.partnerships import latest_rows
from smartcity_utils.clusters.text import registry_stop_words
from smartcity_utils.errors import SmartCityError
from smartcity_utils.words import Tokeniser

# Feature block -> default weight. Text carries the topic; the sub-dimension separates topics
# that share words; the rest describe how an innovation is run, not what it is about.
DEFAULT_WEIGHTS: dict[str, float] = {
    "text": 1.0, "sub_dimension": 0.5, "jenis": 0.1, "tahapan": 0.1,
    "pentahelix": 0.1, "budget": 0.1, "beneficiaries": 0.1,
}
PENTAHELIX_COLUMNS = [f"pentahelix_{s}" for s in
                      ("government", "academia", "business", "community", "media")]


class ClusteringError(SmartCityError):
    """The clustering cannot run on these innovations or with these parameters."""


# ---------------------------------------------------------------- the innovations clustered


def latest_innovations(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each innovation's latest registry row up to `year`, sorted by innovation id."""
    if innovations.empty:
        raise ClusteringError("the registry has no clean row: every row was rejected or none "
                              "was read (the reasons are in 00_data_quality)")
    if not (innovations["year"] <= year).any():
        raise ClusteringError(f"no innovation registered in or before {year}")
    return latest_rows(innovations, year)


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


def text_vectorizer(stop_words: frozenset[str] | None = None) -> TfidfVectorizer:
    """TF-IDF of the words of Indonesian text, stop words out (default: those that need no
    data, `registry_stop_words()`), seen twice at least.

    Single words only: word pairs doubled the weight of boilerplate sentences and lowered the
    agreement with the planted groups (docs/clustering.md).
    """
    stop_words = registry_stop_words() if stop_words is None else stop_words
    return TfidfVectorizer(tokenizer=Tokeniser(stop_words), token_pattern=None, lowercase=False,
                           ngram_range=(1, 1), min_df=2, max_df=0.5, sublinear_tf=True,
                           dtype=np.float32)


def _times(x, factor: float):
    return x * factor


def _scaled(n_columns: int) -> FunctionTransformer:
    """Divide by sqrt(n) so a block of n 0/1 columns is at most of unit size."""
    return FunctionTransformer(_times, kw_args={"factor": 1.0 / np.sqrt(n_columns)},
                               feature_names_out="one-to-one")


def _log_amount() -> Pipeline:
    # keep_empty_features: a registry without any amount still has the (constant) column
    return make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True),
                         FunctionTransformer(np.log1p, feature_names_out="one-to-one"),
                         StandardScaler())


def blocks_without_data(latest: pd.DataFrame) -> list[str]:
    """The feature blocks whose columns have no value for any innovation (they are left out)."""
    empty = []
    for block, columns in (("pentahelix", PENTAHELIX_COLUMNS), ("budget", ["budget_idr"]),
                           ("beneficiaries", ["beneficiaries"])):
        if all(c not in latest or latest[c].isna().all() for c in columns):
            empty.append(block)
    return empty


def feature_blocks(weights: dict[str, float] | None = None,
                   stop_words: frozenset[str] | None = None) -> ColumnTransformer:
    """The weighted feature blocks; each block has unit size before its weight."""
    weights = check_weights(weights)
    one_hot = {"handle_unknown": "ignore", "dtype": np.float32}
    blocks = [
        ("text", text_vectorizer(stop_words), "text"),
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
                     seed: int = 0, stop_words: frozenset[str] | None = None) -> Pipeline:
    """Weighted blocks -> LSA (truncated SVD) -> unit length: k-means then clusters by cosine.

    The centres of k clusters span at most k - 1 dimensions, so `components` is the largest k
    tried; more dimensions only add noise that flattens the silhouette (docs/clustering.md).
    """
    return Pipeline([
        ("blocks", feature_blocks(weights, stop_words)),
        ("lsa", TruncatedSVD(n_components=components, random_state=seed % 2**32)),
        ("unit", Normalizer(copy=False)),
    ])


def innovation_features(latest: pd.DataFrame, weights: dict[str, float] | None = None,
                        components: int = 40, seed: int = 0,
                        stop_words: frozenset[str] | None = None
                        ) -> tuple[np.ndarray, Pipeline]:
    """The LSA features of every innovation and the fitted pipeline; a block without data
    (`blocks_without_data`) gets weight 0."""
    if len(latest) < 3:
        raise ClusteringError(f"at least 3 innovations are needed to cluster, got {len(latest)}")
    components = max(2, min(components, len(latest) - 1))
    weights = {**(weights or {}), **dict.fromkeys(blocks_without_data(latest), 0.0)}
    pipeline = feature_pipeline(weights, components, seed, stop_words)
    features = pipeline.fit_transform(model_input(latest))
    return np.ascontiguousarray(features, dtype=np.float64), pipeline
