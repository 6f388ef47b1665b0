"""A text classifier that suggests an innovation's smart-city sub-dimension (hence its dimension)
and its jenis (digital or not) from its name, its description and its agency's name.

A scikit-learn pipeline (word 1-2-grams and character 3-5-grams over name and description, the
agency's name as its own block, then a logistic regression), trained on the labelled seed set
shipped with the package (`seed_innovations.csv`, docs/data.md says where it comes from) plus
the data's own labelled innovations. The agency block is what carries "a health agency's
innovation is most likely Kesehatan". Every suggestion comes with its probability, the
runner-up, and what it rests on: the words that pushed it most and the most similar labelled
innovations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from smartcity_utils.vocabulary import DIMENSION_OF, DIMENSIONS
from smartcity_utils.words import tokenise

SEED_FILE = Path(__file__).with_name("seed_innovations.csv")

# Words that name a place, a piece of a web address or registry filler, not a topic: "pasar"
# must not be found in "Denpasar", nor "kota" decide anything. The shared text module
# (smartcity_utils.words) is the place for these once the clustering wants them too.
PLACE_AND_FILLER_WORDS: frozenset[str] = frozenset(
    """
    kota kabupaten kab provinsi pemerintah pemkot pemkab pemprov daerah wilayah
    pontianak denpasar jakarta surabaya bandung medan semarang makassar palembang
    yogyakarta balikpapan samarinda banjarmasin kalimantan barat timur utara selatan tengah
    http https www go id com net org co html php index
    berbasis terpadu terintegrasi pengembangan peningkatan optimalisasi penguatan
    """.split()
)


def _words(text: str, stop_words: frozenset[str], bigrams: bool = True) -> list[str]:
    """Content words of `text` (and their adjacent pairs), place and filler words removed."""
    tokens = [t for t in tokenise(text) if t not in stop_words]
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)] if bigrams else []
    return tokens + pairs


def _clean(text: str, stop_words: frozenset[str]) -> str:
    """The content words of `text` joined by spaces, for character n-grams within words."""
    return " ".join(t for t in tokenise(text) if t not in stop_words)


# Words every agency name has, which say nothing about its field.
AGENCY_NAME_WORDS: frozenset[str] = frozenset("dinas badan kantor bagian unit umum".split())


def build_pipeline(stop_words: frozenset[str] = PLACE_AND_FILLER_WORDS, agency_weight: float = 0.5,
                   c: float = 10.0, random_state: int = 0) -> Pipeline:
    """The classifier: TF-IDF blocks over the text and the agency name, a logistic regression.
    Input: a frame with columns `text` (name and description) and `agency`."""
    features = ColumnTransformer([
        ("words", TfidfVectorizer(analyzer=partial(_words, stop_words=stop_words),
                                  sublinear_tf=True), "text"),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                  preprocessor=partial(_clean, stop_words=stop_words)), "text"),
        ("agency", TfidfVectorizer(analyzer=partial(
            _words, stop_words=stop_words | AGENCY_NAME_WORDS, bigrams=False)), "agency"),
    ], transformer_weights={"words": 1.0, "chars": 1.0, "agency": agency_weight})
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced",
                               random_state=random_state)
    return Pipeline([("features", features), ("model", model)])


def features_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The classifier's input from rows with innovation_name, description and agency_name."""
    def column(name: str) -> pd.Series:
        values = rows[name] if name in rows else pd.Series("", index=rows.index)
        return values.fillna("").astype(str)

    return pd.DataFrame({
        "text": column("innovation_name") + ". " + column("description"),
        "agency": column("agency_name"),
    }, index=rows.index)


def seed_set() -> pd.DataFrame:
    """The labelled seed innovations shipped with the package."""
    return pd.read_csv(SEED_FILE, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Suggestion:
    """One suggested value: its probability, the runner-up, and what it rests on."""

    value: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float | None
    because: str


class Classifier:
    """One fitted pipeline for one field (sub_dimension or jenis), with explanations."""

    def __init__(self, field: str, **pipeline_options):
        self.field = field
        self.pipeline = build_pipeline(**pipeline_options)
        self._train: pd.DataFrame | None = None
        self._train_x = None

    def fit(self, rows: pd.DataFrame) -> Classifier:
        """Fit on labelled rows (innovation_name, description, agency_name and the field)."""
        labelled = rows[rows[self.field].fillna("").astype(str) != ""]
        x = features_frame(labelled)
        self.pipeline.fit(x, labelled[self.field].astype(str))
        self._train = labelled.reset_index(drop=True)
        self._train_x = self.pipeline.named_steps["features"].transform(x)
        return self

    @property
    def classes(self) -> list[str]:
        return list(self.pipeline.classes_)

    def probabilities(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Each row's probability of every class (columns: the classes)."""
        p = self.pipeline.predict_proba(features_frame(rows))
        return pd.DataFrame(p, index=rows.index, columns=self.classes)

    def _weights(self, label: str) -> np.ndarray:
        """The model's feature weights towards `label` (a two-class model stores one row)."""
        coef = self.pipeline.named_steps["model"].coef_
        position = self.classes.index(label)
        if coef.shape[0] == 1:
            return coef[0] if position == 1 else -coef[0]
        return coef[position]

    def explain(self, rows: pd.DataFrame, labels: list[str], top_words: int = 4,
                top_similar: int = 2) -> list[str]:
        """For each row, the words that pushed it most towards its label and the most similar
        labelled innovations with that label."""
        features = self.pipeline.named_steps["features"]
        names = features.get_feature_names_out()
        readable = np.array([not n.startswith("chars__") for n in names])
        x = features.transform(features_frame(rows))
        similarity = (x @ self._train_x.T).toarray()
        reasons = []
        for i, label in enumerate(labels):
            row = x[i].toarray().ravel()
            push = row * self._weights(label) * readable
            best = [j for j in np.argsort(-push)[:top_words] if push[j] > 0]
            words = ", ".join(names[j].split("__", 1)[1] for j in best)
            same = np.flatnonzero(self._train[self.field].to_numpy() == label)
            near = same[np.argsort(-similarity[i, same])[:top_similar]]
            similar = "; ".join(self._train.at[j, "innovation_name"] for j in near)
            reasons.append(f"words: {words or '-'} | similar: {similar or '-'}")
        return reasons


def suggest_sub_dimensions(classifier: Classifier, rows: pd.DataFrame,
                           given_dimension: pd.Series) -> tuple[list[Suggestion],
                                                                list[Suggestion]]:
    """(dimension suggestions, sub-dimension suggestions) for `rows`. The dimension is the one
    whose sub-dimensions are most probable together; the sub-dimension is the most probable one
    within it. Where the user gave the dimension, only its sub-dimensions are considered and
    their probabilities are those given that dimension."""
    probs = classifier.probabilities(rows)
    dim_probs = pd.DataFrame({d: probs[[s for s in probs.columns if DIMENSION_OF[s] == d]]
                             .sum(axis=1) for d in DIMENSIONS})
    dims, subs, chosen_subs = [], [], []
    for index in rows.index:
        given = given_dimension.get(index)
        ranked_dims = dim_probs.loc[index].sort_values(ascending=False)
        known = isinstance(given, str) and given in DIMENSIONS
        dimension = given if known else ranked_dims.index[0]
        dims.append(_ranked(ranked_dims, dimension))
        within = probs.loc[index, [s for s in probs.columns if DIMENSION_OF[s] == dimension]]
        if known:  # the probability given the user's dimension
            within = within / within.sum()
        sub = within.sort_values(ascending=False).index[0]
        subs.append(_ranked(within.sort_values(ascending=False), sub))
        chosen_subs.append(sub)
    reasons = classifier.explain(rows, chosen_subs)
    dims = [_with_reason(d, r) for d, r in zip(dims, reasons, strict=True)]
    subs = [_with_reason(s, r) for s, r in zip(subs, reasons, strict=True)]
    return dims, subs


def suggest_values(classifier: Classifier, rows: pd.DataFrame) -> list[Suggestion]:
    """The most probable class of each row, with runner-up and reasons (e.g. for jenis)."""
    probs = classifier.probabilities(rows)
    ranked = [probs.loc[i].sort_values(ascending=False) for i in rows.index]
    picks = [_ranked(r, r.index[0]) for r in ranked]
    reasons = classifier.explain(rows, [p.value for p in picks])
    return [_with_reason(p, r) for p, r in zip(picks, reasons, strict=True)]


def _ranked(ranked: pd.Series, value: str) -> Suggestion:
    others = ranked.drop(value)
    runner = others.index[0] if len(others) else None
    return Suggestion(value, float(ranked[value]), runner,
                      None if runner is None else float(others.iloc[0]), "")


def _with_reason(suggestion: Suggestion, because: str) -> Suggestion:
    return Suggestion(suggestion.value, suggestion.confidence, suggestion.runner_up,
                      suggestion.runner_up_confidence, because)
