"""Quick Win weight sensitivity: a Monte Carlo that redraws the weights within stated bounds
and reports how stable the ranking is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smartcity_utils.config import CriteriaSet
from smartcity_utils.quick_win.scoring import minmax_normalise, topsis_arrays

# ---------------------------------------------------------------- sensitivity

CELLS_PER_SLICE = 2**23  # draws x candidates x criteria scored at once (64 MiB of floats)


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


def _ranks_of(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks (1 best) along each row, from one sort per row: the 'min' ranks (tied scores share
    the best rank of their group, for top-k membership) and the 'average' ranks (for rank
    correlation), as `scipy.stats.rankdata` gives them with those methods. Scores equal to 9
    decimals are ties. (rankdata sorts once per method; on 2,000 draws of a national registry's
    20,899 candidates the two took 20 s.)"""
    values = -np.round(np.atleast_2d(scores), 9)
    if np.isnan(values).any():  # rankdata's answer: a row with a missing score has no ranks
        from scipy.stats import rankdata

        return (rankdata(values, method="min", axis=1),
                rankdata(values, method="average", axis=1))
    order = np.argsort(values, axis=1)  # any order within a tie group gives the same ranks
    ordered = np.take_along_axis(values, order, axis=1)
    n = values.shape[1]
    starts = np.ones(values.shape, dtype=bool)  # an element that begins its tie group
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends = np.ones(values.shape, dtype=bool)  # an element that ends its tie group
    ends[:, :-1] = starts[:, 1:]
    position = np.broadcast_to(np.arange(n), values.shape)
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends, position, n - 1)[:, ::-1], axis=1)[:, ::-1]
    min_ranks = np.empty(values.shape, dtype=np.int64)
    np.put_along_axis(min_ranks, order, first + 1, axis=1)
    average_ranks = np.empty(values.shape, dtype=np.float64)
    np.put_along_axis(average_ranks, order, (first + last) / 2 + 1, axis=1)
    return min_ranks, average_ranks


def _spearman_rows(ranks: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row of (tie-averaged) ranks with the base ranks: the
    Pearson correlation of the ranks; 1 where either has no spread (nothing can move)."""
    centred = ranks - ranks.mean(axis=1, keepdims=True)
    base_centred = base - base.mean()
    spread = np.sqrt((centred**2).sum(axis=1) * (base_centred**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (centred @ base_centred) / spread
    return np.where(spread > 0, r, 1.0)


def _top_k_shares(min_ranks: np.ndarray, average_ranks: np.ndarray, k: int) -> np.ndarray:
    """Each candidate's share of a top-k place in each draw: 1 inside the top k, 0 outside,
    and for a tie group that straddles the cut, the places left above the cut shared among
    its members (61 tied for places 5..65 with k = 10: 6/61 each), so the shares of a draw sum
    to k. A group's size follows from its min and average ranks; a draw without ranks gives
    no place."""
    size = 2 * (average_ranks - min_ranks) + 1
    places_left = np.clip(k + 1 - min_ranks, 0, size)
    return np.nan_to_num(places_left / size)


@dataclass(frozen=True)
class Sensitivity:
    top_k_probability: pd.Series  # per candidate: mean share of a top-k place over the draws
    rank_correlation: np.ndarray  # per draw: Spearman correlation with the stated ranking
    rank_range: pd.DataFrame      # per candidate: 5th percentile, median, 95th percentile rank


def weight_sensitivity(matrix: pd.DataFrame, criteria: CriteriaSet, seed: int) -> Sensitivity:
    """Monte Carlo over the weights (bounds, draws, method and k from the criteria file)."""
    weights, directions = criteria.weights(), criteria.directions()
    method = criteria.sensitivity_method
    ordered = matrix.sort_index()
    _, base = _ranks_of(_scores_for_weights(ordered, directions, weights.to_numpy()[None, :],
                                            method))
    weight_sets = draw_weights(weights, criteria.relative_bound, criteria.draws, seed)
    # The draws are scored and ranked a slice at a time, each draw on its own as before: all
    # 2,000 draws at once over a national registry's 20,899 candidates made TOPSIS's weighted
    # matrix alone 3 GiB.
    step = max(1, CELLS_PER_SLICE // max(1, ordered.size))
    k = min(criteria.top_k, len(ordered))
    ranks, correlation, top_k_places = [], [], np.zeros(len(ordered))
    for start in range(0, len(weight_sets), step):
        scores = _scores_for_weights(ordered, directions, weight_sets[start:start + step],
                                     method)
        min_ranks, average_ranks = _ranks_of(scores)
        ranks.append(min_ranks)
        correlation.append(_spearman_rows(average_ranks, base[0]))
        top_k_places += _top_k_shares(min_ranks, average_ranks, k).sum(axis=0)
    ranks = np.concatenate(ranks)
    index = ordered.index
    spread = np.percentile(ranks, [5, 50, 95], axis=0, method="lower")
    return Sensitivity(
        top_k_probability=pd.Series(top_k_places / len(weight_sets), index=index,
                                    name="top_k_probability"),
        rank_correlation=np.concatenate(correlation),
        rank_range=pd.DataFrame(spread.T, index=index, columns=["rank_p05", "rank_median",
                                                                 "rank_p95"]),
    )
