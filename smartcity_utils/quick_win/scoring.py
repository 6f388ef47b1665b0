"""Quick Win scores: a weighted sum of min-max normalised criteria and TOPSIS (Hwang & Yoon
1981), their ranks and where the two methods disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.config import CriteriaSet

# ---------------------------------------------------------------- the two methods


def minmax_normalise(matrix: pd.DataFrame, directions: pd.Series) -> pd.DataFrame:
    """Every criterion on 0..1 with 1 the best value (cost criteria reversed); a column that
    does not vary is 0 for everyone."""
    low, high = matrix.min(), matrix.max()
    span = (high - low).where(high > low)
    scaled = (matrix - low) / span
    cost = directions.reindex(matrix.columns) == "cost"
    scaled.loc[:, cost.to_numpy()] = 1.0 - scaled.loc[:, cost.to_numpy()]
    return scaled.fillna(0.0)


def weighted_sum(matrix: pd.DataFrame, weights: pd.Series, directions: pd.Series) -> pd.Series:
    """The weighted sum of min-max normalised criteria, 0..1 (weights rescaled to sum to 1)."""
    w = weights.reindex(matrix.columns).astype(float)
    score = minmax_normalise(matrix, directions) @ (w / w.sum())
    return score.rename("weighted_sum")


def closeness(distance_to_ideal: np.ndarray, distance_to_anti_ideal: np.ndarray) -> np.ndarray:
    """TOPSIS relative closeness C* = D- / (D+ + D-); 0.5 when both distances are 0."""
    total = distance_to_ideal + distance_to_anti_ideal
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, distance_to_anti_ideal / total, 0.5)


def topsis_arrays(x: np.ndarray, weight_sets: np.ndarray,
                  benefit: np.ndarray) -> dict[str, np.ndarray]:
    """TOPSIS (Hwang & Yoon 1981) of candidates `x` (rows) under many weight sets at once.

    `weight_sets` has one row per weight set (columns: criteria, each row summing to 1);
    `benefit` is True for a benefit criterion. Returns the vector-normalised matrix and, per
    weight set (first axis), the weighted matrix, the ideal and anti-ideal points, both
    distances and the relative closeness.
    """
    norms = np.sqrt((x**2).sum(axis=0))
    normalised = x / np.where(norms > 0, norms, 1.0)
    weighted = weight_sets[:, None, :] * normalised[None, :, :]
    ideal = np.where(benefit, weighted.max(axis=1), weighted.min(axis=1))
    anti_ideal = np.where(benefit, weighted.min(axis=1), weighted.max(axis=1))
    d_plus = np.sqrt(((weighted - ideal[:, None, :]) ** 2).sum(axis=2))
    d_minus = np.sqrt(((weighted - anti_ideal[:, None, :]) ** 2).sum(axis=2))
    return {"normalised": normalised, "weighted": weighted, "ideal": ideal,
            "anti_ideal": anti_ideal, "distance_to_ideal": d_plus,
            "distance_to_anti_ideal": d_minus, "closeness": closeness(d_plus, d_minus)}


def topsis_steps(matrix: pd.DataFrame, weights: pd.Series,
                 directions: pd.Series) -> dict[str, pd.DataFrame | pd.Series]:
    """Every TOPSIS step for one weight set, labelled: vector-normalised and weighted
    matrices, the ideal and anti-ideal points, both distances and the relative closeness."""
    x = matrix.astype(float)
    w = weights.reindex(x.columns).astype(float)
    benefit = (directions.reindex(x.columns) == "benefit").to_numpy()
    steps = topsis_arrays(x.to_numpy(), (w / w.sum()).to_numpy()[None, :], benefit)
    frame = {"index": x.index, "columns": x.columns}
    return {
        "normalised": pd.DataFrame(steps["normalised"], **frame),
        "weighted": pd.DataFrame(steps["weighted"][0], **frame),
        "ideal": pd.Series(steps["ideal"][0], index=x.columns),
        "anti_ideal": pd.Series(steps["anti_ideal"][0], index=x.columns),
        "distance_to_ideal": pd.Series(steps["distance_to_ideal"][0], index=x.index),
        "distance_to_anti_ideal": pd.Series(steps["distance_to_anti_ideal"][0], index=x.index),
        "closeness": pd.Series(steps["closeness"][0], index=x.index, name="topsis"),
    }


def topsis(matrix: pd.DataFrame, weights: pd.Series, directions: pd.Series) -> pd.Series:
    """TOPSIS relative closeness to the ideal candidate, 0..1 (1 best)."""
    return topsis_steps(matrix, weights, directions)["closeness"]


def score_rank(score: pd.Series) -> pd.Series:
    """Rank 1 = best; tied scores share the best rank of their group (1, 2, 2, 4), so a tie
    is shown as a tie. Scores equal to 9 decimals tie."""
    return score.round(9).rank(method="min", ascending=False).astype("int64")


def priority_ranking(matrix: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """Both scores and both ranks per candidate, best weighted-sum first."""
    weights, directions = criteria.weights(), criteria.directions()
    table = pd.DataFrame({
        "weighted_sum": weighted_sum(matrix, weights, directions),
        "topsis": topsis(matrix, weights, directions),
    })
    table["rank_weighted_sum"] = score_rank(table["weighted_sum"])
    table["rank_topsis"] = score_rank(table["topsis"])
    return table.sort_values("rank_weighted_sum", kind="stable")


def method_disagreements(ranking: pd.DataFrame, top_k: int) -> pd.DataFrame:
    """Candidates in the top k of one method but not the other, and the largest rank gaps."""
    in_ws = ranking["rank_weighted_sum"] <= top_k
    in_tp = ranking["rank_topsis"] <= top_k
    gap = (ranking["rank_weighted_sum"] - ranking["rank_topsis"]).abs()
    table = ranking.assign(top_k_weighted_sum=in_ws, top_k_topsis=in_tp, rank_gap=gap)
    table = table[in_ws != in_tp]
    return table.sort_values(["rank_gap", "rank_weighted_sum"], ascending=[False, True],
                             kind="stable")


def rank_agreement(ranking: pd.DataFrame) -> float:
    """Spearman rank correlation between the weighted-sum and TOPSIS rankings."""
    return float(np.corrcoef(ranking["rank_weighted_sum"], ranking["rank_topsis"])[0, 1])
