"""The analytic hierarchy process on one pairwise-comparison matrix (Saaty).

A matrix `a` holds a member's judgements: a[i, j] says how many times more important element i
is than element j on Saaty's 1-9 scale, a[j, i] = 1 / a[i, j]. Its priorities are the principal
(Perron) eigenvector, scaled to sum to 1; its consistency ratio CR = CI / RI, with CI = (lambda_max
- n) / (n - 1) and RI Saaty's random index for n elements. numpy's eigen-solver does the work:
pymcdm's AHP divides by another random index table (Tummala & Ling 1998), names no inconsistent
judgement and has no group aggregation, so a dependency would save two lines and change the
published consistency ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Saaty's random index: the mean CI of random reciprocal matrices of order n (Saaty 1980, The
# Analytic Hierarchy Process, McGraw-Hill; the table most studies use). A matrix of 1 or 2
# elements is consistent by construction.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49}
SCALE = (1, 2, 3, 4, 5, 6, 7, 8, 9)  # Saaty's fundamental scale; its reciprocals for the other side


@dataclass(frozen=True)
class Judgement:
    """The judgement a[i, j] and how far it is from the ratio of the derived priorities."""

    i: int
    j: int
    value: float  # a[i, j] as answered
    ratio: float  # w[i] / w[j], what a consistent answer would be
    deviation: float  # max(e, 1/e) with e = a[i, j] w[j] / w[i]; 1 is fully consistent


@dataclass(frozen=True)
class MatrixResult:
    priorities: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    worst: Judgement | None  # the most inconsistent judgement (None below 2 elements)


def check_matrix(a: np.ndarray) -> np.ndarray:
    """`a` as a float array, refused unless square, positive and reciprocal."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] not in RANDOM_INDEX:
        raise ValueError(f"a pairwise matrix is square with 1 to {max(RANDOM_INDEX)} rows, "
                         f"not of shape {a.shape}")
    if not (np.all(np.isfinite(a)) and np.all(a > 0) and np.allclose(a * a.T, 1.0)):
        raise ValueError("a pairwise matrix is positive and reciprocal: a[j, i] = 1 / a[i, j]")
    return a


def principal_eigen(a: np.ndarray) -> tuple[float, np.ndarray]:
    """lambda_max and the principal eigenvector scaled to sum to 1 (Perron: it is positive)."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return float(values[k].real), w / w.sum()


def most_inconsistent(a: np.ndarray, w: np.ndarray) -> Judgement | None:
    """The judgement farthest from the ratio of the priorities: the largest max(e, 1/e), e =
    a[i, j] w[j] / w[i] (Saaty 2003, "Decision-making with the AHP: Why is the principal
    eigenvector necessary", European Journal of Operational Research 145, 85-91)."""
    n = len(a)
    if n < 2:
        return None
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    errors = [a[i, j] * w[j] / w[i] for i, j in pairs]
    deviations = [max(e, 1 / e) for e in errors]
    k = int(np.argmax(deviations))
    i, j = pairs[k]
    return Judgement(i, j, float(a[i, j]), float(w[i] / w[j]), float(deviations[k]))


def analyse(a) -> MatrixResult:
    """Priorities, consistency and the most inconsistent judgement of one matrix."""
    a = check_matrix(a)
    n = len(a)
    lambda_max, w = principal_eigen(a)
    ci = max(lambda_max - n, 0.0) / (n - 1) if n > 1 else 0.0  # rounding can dip below n
    cr = ci / RANDOM_INDEX[n] if RANDOM_INDEX[n] else 0.0
    return MatrixResult(w, lambda_max, ci, cr, most_inconsistent(a, w))


def geometric_mean_matrix(matrices: list[np.ndarray]) -> np.ndarray:
    """The group's matrix of judgements: each entry the geometric mean of the members' (AIJ,
    Forman & Peniwati 1998); it stays reciprocal."""
    return np.exp(np.mean(np.log(np.stack([check_matrix(m) for m in matrices])), axis=0))


def geometric_mean_priorities(vectors: list[np.ndarray]) -> np.ndarray:
    """The members' priorities aggregated by their geometric mean, rescaled to sum to 1 (AIP)."""
    mean = np.exp(np.mean(np.log(np.stack(vectors)), axis=0))
    return mean / mean.sum()
