"""What past Quick Win decisions reveal: a model learned from the team's earlier choices.

Each registry row of a past decision year is one decision: selected when its quick_win_year is
that row's year (rows of innovations selected in an earlier year were no longer candidates).
The features are the priority criteria that need no other workbook (see values.py),
standardised within each decision year because the team compares a year's candidates with
each other. Two scikit-learn pipelines (a regularised logistic regression and a random forest)
are validated over time: trained on the earlier years, tested on the latest.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from smartcity_utils import formatting as fmt
from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import DataError
from smartcity_utils.figures import LINE_STYLES, described, hatch_bars, localize_numbers
from smartcity_utils.quick_win.inputs import EXTERNAL_INPUTS, PriorityInputs, candidacy
from smartcity_utils.quick_win.values import criteria_values, transformed_values
from smartcity_utils.strings import criterion_label, text

MODEL_NAMES = ("logistic", "forest")
# Fewer past decisions than these and a model would learn noise: it is not fitted.
MIN_SELECTED_DECISIONS = 10
MIN_DECISIONS = 30
# Permutation importance scores each permuted column on at most this many test-year decisions
# per repeat (a fresh random subset each time; scikit-learn's `max_samples`): on a national
# registry's 16,414 test decisions, all of them took 47 s of 03's 80 s. A city's test year has
# far fewer, and is scored whole, as before.
IMPORTANCE_ROWS = 2000


def model_criteria(criteria: CriteriaSet) -> CriteriaSet:
    """The criteria a model can learn from past years: those computed from the registry alone."""
    return criteria.without(list(EXTERNAL_INPUTS))


def past_decisions(innovations: pd.DataFrame, before_year: int) -> pd.DataFrame:
    """The candidate rows of every year before `before_year` with a Quick Win decision, with
    `selected` (bool); one row per innovation and year, sorted by year and id."""
    rows = innovations[innovations["year"] < before_year]
    rows = rows[(candidacy(rows) == "candidate").to_numpy()]
    rows = rows.drop_duplicates(["innovation_id", "year"])
    selected = (rows["quick_win_year"] == rows["year"]).fillna(False).astype(bool)
    rows = rows.assign(selected=selected.to_numpy())
    decided = rows.groupby("year")["selected"].transform("any")
    rows = rows[decided.to_numpy()]
    return rows.sort_values(["year", "innovation_id"], kind="stable").reset_index(drop=True)


def enough_history(decisions: pd.DataFrame) -> bool:
    """True when past decisions span two years or more (train on the earlier, test on the
    latest), each year with both chosen and unchosen rows, and hold at least
    MIN_SELECTED_DECISIONS chosen and MIN_DECISIONS rows in all."""
    per_year = decisions.groupby("year")["selected"].agg(["any", "all"])
    return (len(per_year) >= 2 and bool((per_year["any"] & ~per_year["all"]).all())
            and int(decisions["selected"].sum()) >= MIN_SELECTED_DECISIONS
            and len(decisions) >= MIN_DECISIONS)


def history_note(decisions: pd.DataFrame) -> str:
    """Why the model is not fitted: no decisions from two years, or too few to learn from."""
    per_year = decisions.groupby("year")["selected"].agg(["any", "all"])
    if len(per_year) < 2 or not bool((per_year["any"] & ~per_year["all"]).all()):
        return text("qw.no_history")
    return text("qw.too_few_decisions").format(n=len(decisions),
                                               selected=int(decisions["selected"].sum()),
                                               minimum=MIN_SELECTED_DECISIONS)


def no_probability(candidates: pd.DataFrame) -> pd.Series:
    """An empty model probability for every candidate, when there is no history to learn."""
    return pd.Series(np.nan, index=pd.Index(candidates["innovation_id"].to_numpy(),
                                            name="innovation_id"), name="model_probability")


def decision_features(rows: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """The model's features, one row per row of `rows` (same index): transformed criterion
    values z-scored within each year; a missing value stays missing (the pipelines impute)."""
    criteria = model_criteria(criteria)
    parts = []
    for year, group in rows.groupby("year", sort=True):
        values = criteria_values(group, criteria,
                                 PriorityInputs(year=int(year), zero_budget_is_unknown=False))
        values = transformed_values(values, criteria)
        sd = values.std(ddof=0).replace(0.0, 1.0)
        parts.append(((values - values.mean()) / sd).set_axis(group.index))
    return pd.concat(parts).reindex(rows.index)


def quick_win_pipelines(seed: int) -> dict[str, Pipeline]:
    """The two models, as pipelines an analyst can inspect or swap a step of."""
    return {
        "logistic": Pipeline([
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(C=1.0, max_iter=2000, random_state=seed)),
        ]),
        "forest": Pipeline([
            ("impute", SimpleImputer(strategy="median")),
            ("model", RandomForestClassifier(n_estimators=300, min_samples_leaf=3,
                                             max_features="sqrt", random_state=seed, n_jobs=1)),
        ]),
    }


@dataclass
class TemporalValidation:
    train_years: list[int]
    test_year: int
    models: dict[str, Pipeline]  # fitted on the train years
    auc: dict[str, float]  # held-out ROC AUC per model
    test_features: pd.DataFrame
    test_selected: np.ndarray
    test_probability: dict[str, np.ndarray]
    importance: pd.DataFrame  # permutation importance on the test year (mean, std per model)

    @property
    def best_model(self) -> str:
        """The model with the higher held-out AUC (the logistic one on a tie)."""
        return max(MODEL_NAMES, key=lambda m: (round(self.auc[m], 6), m == "logistic"))


def temporal_validation(decisions: pd.DataFrame, criteria: CriteriaSet, seed: int,
                        repeats: int = 10) -> TemporalValidation:
    """Train on every decision year but the latest, test on the latest."""
    if not enough_history(decisions):
        raise DataError("the model needs Quick Win decisions from at least two past years, "
                        "each with chosen and unchosen rows")
    features = decision_features(decisions, criteria)
    years = decisions["year"].to_numpy()
    test_year = int(years.max())
    train, test = years < test_year, years == test_year
    y = decisions["selected"].to_numpy(dtype=int)
    if len(set(y[train])) < 2 or len(set(y[test])) < 2:
        raise DataError("both selected and unselected rows are needed in the train and test years")
    models, auc, probability, importance = {}, {}, {}, {}
    for name, pipeline in quick_win_pipelines(seed).items():
        pipeline.fit(features[train], y[train])
        probability[name] = pipeline.predict_proba(features[test])[:, 1]
        auc[name] = float(roc_auc_score(y[test], probability[name]))
        result = permutation_importance(pipeline, features[test], y[test], scoring="roc_auc",
                                        n_repeats=repeats, random_state=seed,
                                        max_samples=int(min(test.sum(), IMPORTANCE_ROWS)))
        importance[(name, "mean")] = result.importances_mean
        importance[(name, "std")] = result.importances_std
        models[name] = pipeline
    return TemporalValidation(
        train_years=sorted(int(v) for v in set(years[train])), test_year=test_year,
        models=models, auc=auc, test_features=features[test], test_selected=y[test],
        test_probability=probability,
        importance=pd.DataFrame(importance, index=features.columns),
    )


def validation_table(validation: TemporalValidation) -> pd.DataFrame:
    """Held-out ROC AUC per model with the years it was trained and tested on."""
    rows = [(text(f"qw.model_{m}"), ", ".join(map(str, validation.train_years)),
             validation.test_year, int(validation.test_selected.sum()),
             len(validation.test_selected), round(validation.auc[m], 3)) for m in MODEL_NAMES]
    return pd.DataFrame(rows, columns=[text("qw.model"), text("qw.train_years"),
                                       text("qw.test_year"), text("qw.selected"),
                                       text("qw.rows"), "ROC AUC"])


def _calibration_points(validation: TemporalValidation, bins: int) -> pd.DataFrame:
    parts = []
    for name in MODEL_NAMES:
        observed, predicted = calibration_curve(validation.test_selected,
                                                validation.test_probability[name],
                                                n_bins=bins, strategy="quantile")
        parts.append(pd.DataFrame({"model": name, "predicted": predicted.round(3),
                                   "observed": observed.round(3)}))
    return pd.concat(parts, ignore_index=True)


def calibration_table(validation: TemporalValidation, bins: int = 5) -> pd.DataFrame:
    """Per model and probability bin (equal counts): mean predicted and observed share."""
    table = _calibration_points(validation, bins)
    table["model"] = table["model"].map(lambda m: text(f"qw.model_{m}"))
    return table.rename(columns={"model": text("qw.model"),
                                 "predicted": text("qw.predicted_probability"),
                                 "observed": text("qw.observed_share")})


def calibration_figure(validation: TemporalValidation, bins: int = 5):
    """Reliability diagram: observed share of selected rows against the predicted probability."""
    table = _calibration_points(validation, bins)
    fig, ax = plt.subplots(figsize=(6.0, 5.0))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label=text("qw.perfect"))
    for n, (name, group) in enumerate(table.groupby("model", sort=False)):
        style, marker = LINE_STYLES[n % len(LINE_STYLES)]
        ax.plot(group["predicted"], group["observed"], marker=marker, linestyle=style,
                label=text(f"qw.model_{name}"))
    ax.set_title(text("qw.calibration_title").format(year=validation.test_year))
    ax.set_xlabel(text("qw.predicted_probability"))
    ax.set_ylabel(text("qw.observed_share"))
    ax.legend()
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_calibration")


def revealed_versus_stated(validation: TemporalValidation, criteria: CriteriaSet) -> pd.DataFrame:
    """Per criterion: the weight the team states (share over the model's criteria) beside the
    importance its past decisions reveal (permutation importance share, negatives as 0)."""
    stated = model_criteria(criteria).weights()
    table = pd.DataFrame({"stated": stated})
    for name in MODEL_NAMES:
        importance = validation.importance[(name, "mean")].clip(lower=0).reindex(stated.index)
        total = importance.sum()
        table[name] = importance / total if total > 0 else 0.0
    table["rank_stated"] = table["stated"].rank(ascending=False, method="min").astype(int)
    table["rank_revealed"] = table["logistic"].rank(ascending=False, method="min").astype(int)
    table = table.sort_values(["logistic", "stated"], ascending=False, kind="stable")
    table.index = table.index.map(criterion_label)
    table.index.name = text("qw.criterion")
    return table.rename(columns={
        "stated": text("qw.stated_weight"),
        "logistic": text("qw.revealed_logistic"),
        "forest": text("qw.revealed_forest"),
        "rank_stated": text("qw.rank_stated"),
        "rank_revealed": text("qw.rank_revealed"),
    })


def importance_figure(validation: TemporalValidation, criteria: CriteriaSet):
    """Permutation importance per criterion and model, with the stated weight beside it."""
    table = revealed_versus_stated(validation, criteria)
    columns = [text("qw.stated_weight"), text("qw.revealed_logistic"),
               text("qw.revealed_forest")]
    fig, ax = plt.subplots()
    shown = table[columns].iloc[::-1]
    shown.plot.barh(ax=ax)
    hatch_bars(ax)
    title = text("qw.importance_title")
    tested = len(validation.test_selected)
    if tested > IMPORTANCE_ROWS:  # say that the importance comes from subsets
        title += "\n(" + text("qw.importance_subsample").format(
            rows=fmt.integer(IMPORTANCE_ROWS), total=fmt.integer(tested),
            year=validation.test_year) + ")"
    ax.set_title(title)
    ax.set_xlabel(text("qw.share"))
    ax.set_ylabel(text("qw.criterion"))
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "alt.qw_importance")


def quick_win_probability(decisions: pd.DataFrame, candidates: pd.DataFrame,
                          criteria: CriteriaSet, model: str, seed: int) -> pd.Series:
    """Refit `model` on every past decision and give each candidate (index: innovation id) its
    probability of being chosen the way past Quick Wins were."""
    pipeline = quick_win_pipelines(seed)[model]
    pipeline.fit(decision_features(decisions, criteria), decisions["selected"].to_numpy(int))
    probability = pipeline.predict_proba(decision_features(candidates, criteria))[:, 1]
    return pd.Series(probability, index=pd.Index(candidates["innovation_id"].to_numpy(),
                                                 name="innovation_id"), name="model_probability")
