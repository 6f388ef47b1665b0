"""Quick Win weight sensitivity: a Monte Carlo that redraws the weights within stated bounds
and reports how stable the ranking is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from smartcity_utils.quick_win.criteria import CriteriaSet
from smartcity_utils.quick_win.scoring import minmax_normalise, topsis_arrays

# ---------------------------------------------------------------- sensitivity


def draw_weights(weights: pd.Series, relative_bound: float, draws: int,
                 seed: int) -> np.ndarray:
    """`draws` weight vectors, each weight uniform within +/- relative_bound of its stated
    value, rescaled to sum to 1 (rows: draws, columns: criteria in `weights` order)."""
    rng = np.random.default_rng(seed)
    w = weights.to_numpy(dtype=float)
    drawn = rng.uniform(w * (1 - relative_bound), w * (1 + relative_bound), (draws, len(w)))
    return drawn / drawn.sum(axis=1, keepdims=True)


def _scores_for_weights(matrix: pd.DataFrame, directions: pd.Series, weight_sets: np.ndarray,
                        method: str) -> np.ndarray:
    """Scores of every candidate (columns) under every weight set (rows)."""
    if method == "weighted_sum":
        return weight_sets @ minmax_normalise(matrix, directions).to_numpy().T
    benefit = (directions.reindex(matrix.columns) == "benefit").to_numpy()
    return topsis_arrays(matrix.to_numpy(dtype=float), weight_sets, benefit)["closeness"]


def _ranks_of(scores: np.ndarray, method: str = "min") -> np.ndarray:
    """Ranks (1 best) along each row; tied scores share a rank ('min': the best of the group,
    for top-k membership; 'average': for rank correlation)."""
    return rankdata(-np.round(scores, 9), method=method, axis=1)


def _spearman_rows(ranks: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row of (tie-averaged) ranks with the base ranks: the
    Pearson correlation of the ranks; 1 where either has no spread (nothing can move)."""
    centred = ranks - ranks.mean(axis=1, keepdims=True)
    base_centred = base - base.mean()
    spread = np.sqrt((centred**2).sum(axis=1) * (base_centred**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (centred @ base_centred) / spread
    return np.where(spread > 0, r, 1.0)


@dataclass(frozen=True)
class Sensitivity:
    top_k_probability: pd.Series  # per candidate: share of draws that put it in the top k
    rank_correlation: np.ndarray  # per draw: Spearman correlation with the stated ranking
    rank_range: pd.DataFrame      # per candidate: 5th percentile, median, 95th percentile rank


def weight_sensitivity(matrix: pd.DataFrame, criteria: CriteriaSet, seed: int) -> Sensitivity:
    """Monte Carlo over the weights (bounds, draws, method and k from the criteria file)."""
    weights, directions = criteria.weights(), criteria.directions()
    method = criteria.sensitivity_method
    ordered = matrix.sort_index()
    base = _ranks_of(_scores_for_weights(ordered, directions, weights.to_numpy()[None, :],
                                         method), "average")[0]
    weight_sets = draw_weights(weights, criteria.relative_bound, criteria.draws, seed)
    scores = _scores_for_weights(ordered, directions, weight_sets, method)
    ranks = _ranks_of(scores)
    k = min(criteria.top_k, len(ordered))
    index = ordered.index
    spread = np.percentile(ranks, [5, 50, 95], axis=0, method="lower")
    return Sensitivity(
        top_k_probability=pd.Series((ranks <= k).mean(axis=0), index=index,
                                    name="top_k_probability"),
        rank_correlation=_spearman_rows(_ranks_of(scores, "average"), base),
        rank_range=pd.DataFrame(spread.T, index=index, columns=["rank_p05", "rank_median",
                                                                 "rank_p95"]),
    )
