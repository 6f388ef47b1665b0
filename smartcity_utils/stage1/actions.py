"""What moves the score: every action that changes a Stage I index, with its exact gain to the
city's index and to the owning agency's own.

Gains are measured on the index as assessors would verify it: an assessment row without evidence
is scored at the rulebook's `missing_evidence_score` (None: as stated). Three kinds of action:

- **evidence**: complete the evidence of a row counted without it (its score goes from the
  `missing_evidence_score` back to its stated level);
- **level**: raise one row one maturity level (up to its `scale_max`); a row still without
  evidence is not raised (its verified score would not move: complete its evidence first);
- **dimension**: assess an evaluation dimension an assessed agency has no indicator in, on each
  indicator code the city's assessment uses in it, every one at the agency's own mean verified
  indicator score (its best measured estimate of how it answers).

Every gain is closed-form, not a recomputation: a row's score change `delta` moves its indicator
by `delta / n_rows`, the evaluation-dimension mean by that `/ n_indicators`, and the index by
that `* weight / sum of present weights` (docs/evaluation.md writes the formulas out). An action
that changes neither index is not listed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.artifacts import artifact
from smartcity_utils.names import agency_labels
from smartcity_utils.stage1.rows import (
    INDICATOR_KEYS,
    evidence_known,
    evidence_lacking,
    form_order,
    from_survey,
)
from smartcity_utils.stage1.weights import Stage1Weights

KINDS = ("evidence", "level", "dimension")
"""The kinds of action, in the order they are listed at equal gains."""

COLUMNS = list(artifact("index_actions").columns)
TIE_DECIMALS = 12  # gains that agree to these decimals rank as equal


def without_evidence(rows: pd.DataFrame) -> pd.Series:
    """Rows counted without evidence: lacking it, of an agency whose rows say whether evidence
    is there (where none of its rows says, nothing is counted: the data does not tell)."""
    known = rows["agency_code"].map(evidence_known(rows)).fillna(False).astype(bool)
    return evidence_lacking(rows) & known


def verified_scores(rows: pd.DataFrame, weights: Stage1Weights) -> pd.Series:
    """Each normalised row's score as an assessor would verify it."""
    if weights.missing_evidence_score is None:
        return rows["score"].astype("float64")
    return rows["score"].astype("float64").mask(without_evidence(rows),
                                                 weights.missing_evidence_score)


class _Index:
    """The verified index of the city and of each agency, with what a gain's formula needs."""

    def __init__(self, rows: pd.DataFrame, weights: dict[str, float]):
        indicator = rows.groupby(INDICATOR_KEYS, dropna=False, sort=False).ngroup()
        self.n_rows = indicator.map(indicator.value_counts()).astype("float64")
        indicators = rows.assign(_ind=indicator).groupby("_ind").agg(
            agency_code=("agency_code", "first"),
            evaluation_dimension=("evaluation_dimension", "first"),
            score=("verified", "mean"))
        self.indicators = indicators
        by_agency = indicators.groupby(["agency_code", "evaluation_dimension"])["score"]
        self.agency_counts = by_agency.size()
        agency_scores = by_agency.mean()
        city = indicators.groupby("evaluation_dimension")["score"]
        self.city_counts, self.city_scores = city.size(), city.mean()
        w = pd.Series(weights, dtype="float64")
        weight_of = agency_scores.index.get_level_values(1).map(w).to_numpy()
        agency_keys = agency_scores.index.get_level_values(0)
        self.agency_weight = pd.Series(weight_of, index=agency_keys).groupby(level=0).sum()
        self.agency_index = (pd.Series(weight_of * agency_scores.to_numpy(), index=agency_keys)
                             .groupby(level=0).sum() / self.agency_weight)
        self.city_weight = float(w[self.city_scores.index].sum())
        self.city_index = float((w[self.city_scores.index] * self.city_scores).sum()
                                / self.city_weight)


def _row_actions(rows: pd.DataFrame, index: _Index, weights: Stage1Weights) -> pd.DataFrame:
    """Evidence and level actions of every row, with their closed-form gains."""
    scale = weights.scale
    level = rows["level"].astype("float64")
    scale_max = rows["scale_max"].astype("float64")
    lacking = without_evidence(rows) if weights.missing_evidence_score is not None \
        else pd.Series(False, index=rows.index)
    raised = np.minimum(level + 1, scale_max)
    evidence = rows[lacking].assign(action="evidence", level_after=level[lacking],
                                    score_after=rows.loc[lacking, "score"])
    # a survey score is the residents' answer, not a level the agency can raise
    can_rise = ~lacking & (level < scale_max) & ~from_survey(rows)
    level_up = rows[can_rise].assign(action="level", level_after=raised[can_rise],
                                     score_after=raised[can_rise] / scale_max[can_rise] * scale)
    actions = pd.concat([evidence, level_up])
    actions["score"] = actions["verified"]
    delta = actions["score_after"] - actions["score"]
    w = actions["evaluation_dimension"].map(weights.weights).astype("float64")
    pair = pd.MultiIndex.from_arrays([actions["agency_code"], actions["evaluation_dimension"]])
    per_indicator = delta / index.n_rows[actions.index]
    actions["gain_agency"] = (w * per_indicator / index.agency_counts.reindex(pair).to_numpy()
                              / actions["agency_code"].map(index.agency_weight))
    actions["gain_city"] = (w * per_indicator
                            / actions["evaluation_dimension"].map(index.city_counts)
                            / index.city_weight)
    actions["n_indicators"] = pd.NA
    return actions


def _dimension_actions(rows: pd.DataFrame, index: _Index,
                       weights: Stage1Weights) -> pd.DataFrame:
    """One action per assessed agency and evaluation dimension it has no indicator in."""
    present = set(index.agency_counts.index)
    own_mean = index.indicators.groupby("agency_code")["score"].mean()
    codes = rows.groupby("evaluation_dimension")["indicator_code"].nunique()
    found = []
    for agency, assumed in own_mean.items():
        for dimension, w in weights.weights.items():
            if (agency, dimension) in present:
                continue
            added = int(codes.get(dimension, 0)) or 1
            n_city = int(index.city_counts.get(dimension, 0))
            agency_weight, agency_index = index.agency_weight[agency], index.agency_index[agency]
            if n_city:  # the city's mean of the dimension takes `added` indicators more
                city_gain = (w / index.city_weight * added
                             * (assumed - index.city_scores[dimension]) / (n_city + added))
            else:  # the dimension enters the city's index: its weight joins the others
                city_gain = w * (assumed - index.city_index) / (index.city_weight + w)
            found.append({"action": "dimension", "agency_code": agency,
                          "evaluation_dimension": dimension, "score_after": assumed,
                          "n_indicators": added, "gain_city": city_gain,
                          "gain_agency": w * (assumed - agency_index) / (agency_weight + w)})
    return pd.DataFrame(found)


def index_actions(rows: pd.DataFrame, agencies: pd.DataFrame,
                  weights: Stage1Weights) -> pd.DataFrame:
    """Every action that changes a verified index, on the year's normalised assessment rows
    (column `score`), the highest city gain first (ties: the higher own gain, then evidence,
    level, dimension, then agency code and form order)."""
    rows = rows[rows["evaluation_dimension"].isin(weights.weights)].reset_index(drop=True)
    if rows.empty:
        return pd.DataFrame({c: [] for c in COLUMNS})
    rows = rows.assign(verified=verified_scores(rows, weights))
    index = _Index(rows, weights.weights)
    actions = pd.concat([_row_actions(rows, index, weights),
                         _dimension_actions(rows, index, weights)], ignore_index=True)
    actions = actions.reindex(columns=COLUMNS)
    actions = actions[(actions["gain_city"] != 0) | (actions["gain_agency"] != 0)]
    actions = form_order(actions.assign(
        index_verified_city=index.city_index,
        index_verified_agency=actions["agency_code"].map(index.agency_index),
        short_name=agency_labels(actions["agency_code"], agencies),
        _kind=actions["action"].map({k: i for i, k in enumerate(KINDS)}),
        # gains equal but for the last bits of their arithmetic tie (TIE_DECIMALS)
        _city=actions["gain_city"].round(TIE_DECIMALS),
        _own=actions["gain_agency"].round(TIE_DECIMALS)))
    actions = actions.sort_values(
        ["_city", "_own", "_kind", "agency_code", "_dim", "_sub", "_eval",
         "indicator_code", "innovation_id"],
        ascending=[False, False, True, True, True, True, True, True, True],
        na_position="last", kind="stable")
    actions["rank"] = np.arange(1, len(actions) + 1)
    return actions[COLUMNS].reset_index(drop=True)
