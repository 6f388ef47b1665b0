"""Quick Win priority: the criteria, two transparent rankings and their weight sensitivity.

The criteria and their weights come from a YAML file (params/quick_win_criteria.yaml); this
module holds the formula behind each criterion name. Candidates are scored by a weighted sum
of min-max normalised criteria and by TOPSIS (Hwang & Yoon 1981); the Monte Carlo sensitivity
redraws the weights within stated bounds and reports how stable the ranking is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from smartcity_utils.artifacts import artifact, read_table, write_table
from smartcity_utils.config import criteria_file_problems
from smartcity_utils.errors import ParamsError, no_rows_of_year
from smartcity_utils.params import read_params_file
from smartcity_utils.strings import text

DIRECTIONS = ("benefit", "cost")
METHODS = ("weighted_sum", "topsis")
NON_GOVERNMENT_SECTORS = ("academia", "business", "community", "media")
# The criteria that need another workbook's output file, and which file.
EXTERNAL_INPUTS = {"sub_dimension_index": "stage1", "integration_potential": "pairs"}


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    direction: str
    group: str
    source: str
    doc: str
    transform: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CriteriaSet:
    """The criteria file: criteria in file order plus the run settings stored beside them."""

    criteria: tuple[Criterion, ...]
    version: str
    top_k: int
    shortlist_score: str
    draws: int
    relative_bound: float
    sensitivity_method: str
    max_per_agency: int | None
    max_per_dimension: int | None
    max_total: int | None
    near_misses: int

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.criteria]

    def weights(self) -> pd.Series:
        """The stated weights, rescaled to sum to 1."""
        w = pd.Series({c.name: c.weight for c in self.criteria}, dtype=float)
        return w / w.sum()

    def directions(self) -> pd.Series:
        return pd.Series({c.name: c.direction for c in self.criteria}, dtype=str)

    def limits(self) -> dict[str, int | None]:
        """The shortlist's optional limits, by the keyword `quick_win_shortlist` takes."""
        return {"max_per_agency": self.max_per_agency,
                "max_per_dimension": self.max_per_dimension, "max_total": self.max_total}

    def without(self, names: list[str]) -> CriteriaSet:
        """The same set with `names` dropped (the remaining weights rescale in `weights`)."""
        kept = tuple(c for c in self.criteria if c.name not in names)
        return replace(self, criteria=kept)


# ---------------------------------------------------------------- the criteria file


def _positive_int_or_none(value, key: str, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParamsError(f"{source}: '{key}' must be a whole number >= 1 or null, got {value!r}")
    return value


def _criterion(name: str, spec: Any, source: str) -> Criterion:
    if name not in CRITERION_VALUES:
        raise ParamsError(f"{source}: unknown criterion '{name}' "
                          f"(known: {', '.join(CRITERION_VALUES)})")
    if not isinstance(spec, dict):
        raise ParamsError(f"{source}: criterion '{name}' must be a mapping")
    weight = spec.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise ParamsError(f"{source}: criterion '{name}': weight must be a positive number, "
                          f"got {weight!r}")
    if spec.get("direction") not in DIRECTIONS:
        raise ParamsError(f"{source}: criterion '{name}': direction must be benefit or cost, "
                          f"got {spec.get('direction')!r}")
    if spec.get("transform") not in (None, "log1p"):
        raise ParamsError(f"{source}: criterion '{name}': transform must be log1p or absent")
    known = {"weight", "direction", "group", "source", "doc", "transform"}
    return Criterion(
        name=name, weight=float(weight), direction=spec["direction"],
        group=str(spec.get("group", "")), source=str(spec.get("source", "")),
        doc=str(spec.get("doc", "")), transform=spec.get("transform"),
        options={k: v for k, v in spec.items() if k not in known},
    )


def load_criteria(path: str | Path) -> CriteriaSet:
    """Read and check a criteria file; ParamsError names the file and every bad key."""
    source = Path(path).name
    raw = read_params_file(path)
    problems = criteria_file_problems(raw, source)
    if problems:
        raise ParamsError("; ".join(problems))
    criteria = raw.get("criteria")
    if not isinstance(criteria, dict) or not criteria:
        raise ParamsError(f"{source}: 'criteria' must map criterion names to their settings")
    monte_carlo = raw.get("monte_carlo") or {}
    shortlist = raw.get("shortlist") or {}
    settings = {
        "shortlist_score": raw.get("shortlist_score", "weighted_sum"),
        "sensitivity_method": monte_carlo.get("method", "weighted_sum"),
    }
    for key, value in settings.items():
        if value not in METHODS:
            raise ParamsError(f"{source}: '{key}' must be one of {', '.join(METHODS)}, "
                              f"got {value!r}")
    bound = monte_carlo.get("relative_bound", 0.5)
    if isinstance(bound, bool) or not isinstance(bound, int | float) or not 0 <= bound < 1:
        raise ParamsError(f"{source}: 'monte_carlo.relative_bound' must be in [0, 1), "
                          f"got {bound!r}")
    return CriteriaSet(
        criteria=tuple(_criterion(name, spec, source) for name, spec in criteria.items()),
        version=str(raw.get("version", "")),
        top_k=_positive_int_or_none(raw.get("top_k", 10), "top_k", source),
        draws=_positive_int_or_none(monte_carlo.get("draws", 1000), "monte_carlo.draws", source),
        relative_bound=float(bound),
        max_per_agency=_positive_int_or_none(shortlist.get("max_per_agency"),
                                             "shortlist.max_per_agency", source),
        max_per_dimension=_positive_int_or_none(shortlist.get("max_per_dimension"),
                                                "shortlist.max_per_dimension", source),
        max_total=_positive_int_or_none(shortlist.get("max_total"), "shortlist.max_total",
                                        source),
        near_misses=_positive_int_or_none(shortlist.get("near_misses", 5),
                                          "shortlist.near_misses", source),
        **settings,
    )


def criteria_table(criteria: CriteriaSet) -> pd.DataFrame:
    """The criteria as the team stated them: weight share, direction, group, source."""
    weights = criteria.weights()
    rows = [(c.name, c.group, c.direction, weights[c.name], c.source) for c in criteria.criteria]
    frame = pd.DataFrame(rows, columns=["criterion", "group", "direction", "weight", "source"])
    return frame.sort_values(["weight", "criterion"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- candidates and inputs


def quick_win_candidates(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """The registry rows of `year`, one per innovation, that are neither a Quick Win of an
    earlier year nor stopped (status dihentikan); sorted by innovation id."""
    rows = innovations[innovations["year"] == year]
    if rows.empty:
        raise no_rows_of_year("innovations", year, innovations["year"].dropna())
    earlier = (rows["quick_win_year"] < year).fillna(False).astype(bool)
    stopped = (rows["status"] == "dihentikan").fillna(False).astype(bool)
    rows = rows[~earlier & ~stopped]
    rows = rows.drop_duplicates("innovation_id").sort_values("innovation_id", kind="stable")
    return rows.reset_index(drop=True)


def read_stage1_index(out_dir: Path) -> pd.Series | None:
    """Stage I index per sub-dimension from workbook 01, or None when it has not run."""
    frame = read_table(out_dir, "index_by_sub_dimension")
    if frame is None:
        return None
    return frame.groupby("sub_dimension")["index"].mean().astype(float)


def read_integration_pairs(out_dir: Path) -> pd.DataFrame | None:
    """Cross-agency similar pairs from workbook 02 (their two innovation ids), or None."""
    frame = read_table(out_dir, "integration_pairs")
    if frame is None:
        return None
    return frame[["innovation_id_a", "innovation_id_b"]].astype(object)


@dataclass(frozen=True)
class PriorityInputs:
    """What the criteria read besides the candidates: other workbooks' outputs, if present."""

    year: int
    stage1_index: pd.Series | None = None
    integration_pairs: pd.DataFrame | None = None

    def has(self, name: str) -> bool:
        return {"stage1": self.stage1_index, "pairs": self.integration_pairs}[name] is not None


def read_priority_inputs(out_dir: Path, year: int) -> PriorityInputs:
    """The optional inputs of a run folder: Stage I index and integration pairs."""
    return PriorityInputs(year=year, stage1_index=read_stage1_index(out_dir),
                          integration_pairs=read_integration_pairs(out_dir))


def candidates_note(innovations: pd.DataFrame, year: int, lang: str = "id") -> str:
    """How many candidates the year has, and how many rows were left out and why."""
    rows = innovations[innovations["year"] == year].drop_duplicates("innovation_id")
    earlier = (rows["quick_win_year"] < year).fillna(False).astype(bool)
    stopped = (rows["status"] == "dihentikan").fillna(False).astype(bool) & ~earlier
    return text("qw.candidates", lang).format(n=int((~earlier & ~stopped).sum()), year=year,
                                              earlier=int(earlier.sum()),
                                              stopped=int(stopped.sum()))


# The workbook and file behind each criterion that reads another workbook's output.
_INPUT_FILES = {"stage1": artifact("index_by_sub_dimension"),
                "pairs": artifact("integration_pairs")}


def inputs_note(dropped: list[str], lang: str = "id") -> str:
    """One line per criterion left out for a missing input file, or that none was."""
    if not dropped:
        return text("qw.all_inputs", lang)
    lines = []
    for name in dropped:
        spec = _INPUT_FILES[EXTERNAL_INPUTS[name]]
        lines.append("- " + text("qw.dropped", lang).format(criterion=name, file=spec.path,
                                                            notebook=spec.writer))
    return "\n".join(lines)


def usable_criteria(criteria: CriteriaSet, inputs: PriorityInputs) -> tuple[CriteriaSet, list]:
    """The criteria whose inputs exist, and the names of those dropped for a missing input."""
    dropped = [c.name for c in criteria.criteria
               if c.name in EXTERNAL_INPUTS and not inputs.has(EXTERNAL_INPUTS[c.name])]
    if len(dropped) == len(criteria.criteria):
        raise ParamsError("no quick-win criterion can be computed: every one needs a missing file")
    return criteria.without(dropped), dropped


# ---------------------------------------------------------------- criterion formulas


def _beneficiaries(rows, criterion, inputs):
    return rows["beneficiaries"].astype(float)


def _budget(rows, criterion, inputs):
    return rows["budget_idr"].astype(float)


def _readiness(rows, criterion, inputs):
    levels = criterion.options.get("levels", {"inisiatif": 0, "uji coba": 1, "penerapan": 2})
    return rows["tahapan"].map(levels).astype(float)


def months_running(start_date: pd.Series, year: int) -> pd.Series:
    """Whole months from each start date to 1 July of `year` (0 when it starts later)."""
    reference = pd.Timestamp(year=year, month=7, day=1)
    start = pd.to_datetime(start_date)
    months = (reference.year - start.dt.year) * 12 + (reference.month - start.dt.month)
    return months.clip(lower=0).astype(float)


def _time_to_deliver(rows, criterion, inputs):
    months = criterion.options.get("months", {"inisiatif": 12, "uji coba": 6, "penerapan": 2})
    minimum = float(criterion.options.get("minimum_months", 1))
    needed = rows["tahapan"].map(months).astype(float)
    left = needed - months_running(rows["start_date"], inputs.year).fillna(0.0)
    return left.clip(lower=minimum)


def _pentahelix_reach(rows, criterion, inputs):
    flags = rows[[f"pentahelix_{s}" for s in NON_GOVERNMENT_SECTORS]]
    return flags.fillna(False).astype(bool).sum(axis=1).astype(float)


def partner_count(partner_agencies: pd.Series) -> pd.Series:
    """How many partner agencies each row names (';'- or ','-separated codes)."""
    text = partner_agencies.fillna("").astype(str)
    return text.map(lambda s: len([p for p in s.replace(",", ";").split(";") if p.strip()]))


def _partner_agencies(rows, criterion, inputs):
    return partner_count(rows["partner_agencies"]).astype(float)


def _integration_potential(rows, criterion, inputs):
    pairs = inputs.integration_pairs
    ids = pd.concat([pairs["innovation_id_a"], pairs["innovation_id_b"]])
    return rows["innovation_id"].map(ids.value_counts()).fillna(0).astype(float)


def _sub_dimension_index(rows, criterion, inputs):
    return rows["sub_dimension"].map(inputs.stage1_index).astype(float)


def _digital(rows, criterion, inputs):
    return (rows["jenis"] == "digital").astype(float)


CRITERION_VALUES = {
    "beneficiaries": _beneficiaries,
    "sub_dimension_index": _sub_dimension_index,
    "budget": _budget,
    "readiness": _readiness,
    "time_to_deliver": _time_to_deliver,
    "pentahelix_reach": _pentahelix_reach,
    "partner_agencies": _partner_agencies,
    "integration_potential": _integration_potential,
    "digital": _digital,
}


def criteria_values(rows: pd.DataFrame, criteria: CriteriaSet,
                    inputs: PriorityInputs) -> pd.DataFrame:
    """The raw value of every criterion for every row (index: innovation id), untransformed."""
    values = {c.name: CRITERION_VALUES[c.name](rows, c, inputs).to_numpy(dtype=float)
              for c in criteria.criteria}
    return pd.DataFrame(values, index=pd.Index(rows["innovation_id"], name="innovation_id"))


def transformed_values(values: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """The criterion values on the scale the methods compare: log1p where the file says so."""
    matrix = values.copy()
    for c in criteria.criteria:
        if c.transform == "log1p":
            matrix[c.name] = np.log1p(matrix[c.name].clip(lower=0))
    return matrix


def decision_matrix(values: pd.DataFrame, criteria: CriteriaSet) -> pd.DataFrame:
    """Transformed values with a missing value replaced by the column's median, so one gap
    neither rewards nor punishes a candidate (a column with no value at all becomes 0)."""
    matrix = transformed_values(values, criteria)
    return matrix.fillna(matrix.median()).fillna(0.0)


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


def topsis_steps(matrix: pd.DataFrame, weights: pd.Series,
                 directions: pd.Series) -> dict[str, pd.DataFrame | pd.Series]:
    """Every TOPSIS step (Hwang & Yoon 1981): vector-normalised and weighted matrices, the ideal
    and anti-ideal points, both distances and the relative closeness."""
    x = matrix.astype(float)
    norms = np.sqrt((x**2).sum()).replace(0.0, 1.0)
    normalised = x / norms
    w = weights.reindex(x.columns).astype(float)
    weighted = normalised * (w / w.sum())
    benefit = (directions.reindex(x.columns) == "benefit").to_numpy()
    ideal = pd.Series(np.where(benefit, weighted.max(), weighted.min()), index=x.columns)
    anti_ideal = pd.Series(np.where(benefit, weighted.min(), weighted.max()), index=x.columns)
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    return {
        "normalised": normalised, "weighted": weighted, "ideal": ideal,
        "anti_ideal": anti_ideal, "distance_to_ideal": d_plus,
        "distance_to_anti_ideal": d_minus,
        "closeness": pd.Series(closeness(d_plus.to_numpy(), d_minus.to_numpy()),
                               index=x.index, name="topsis"),
    }


def topsis(matrix: pd.DataFrame, weights: pd.Series, directions: pd.Series) -> pd.Series:
    """TOPSIS relative closeness to the ideal candidate, 0..1 (1 best)."""
    return topsis_steps(matrix, weights, directions)["closeness"]


def score_rank(score: pd.Series) -> pd.Series:
    """Rank 1 = best; ties broken by the index (innovation id) so the order is stable."""
    order = sorted(score.index, key=lambda i: (-score[i], str(i)))
    return pd.Series(np.arange(1, len(order) + 1), index=order).reindex(score.index)


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
    x = matrix.to_numpy(dtype=float)
    norms = np.sqrt((x**2).sum(axis=0))
    normalised = x / np.where(norms > 0, norms, 1.0)
    weighted = weight_sets[:, None, :] * normalised[None, :, :]
    benefit = (directions.reindex(matrix.columns) == "benefit").to_numpy()
    best = np.where(benefit, weighted.max(axis=1), weighted.min(axis=1))[:, None, :]
    worst = np.where(benefit, weighted.min(axis=1), weighted.max(axis=1))[:, None, :]
    d_plus = np.sqrt(((weighted - best) ** 2).sum(axis=2))
    d_minus = np.sqrt(((weighted - worst) ** 2).sum(axis=2))
    return closeness(d_plus, d_minus)


def _ranks_of(scores: np.ndarray) -> np.ndarray:
    """Ordinal ranks (1 best) along each row; ties keep the column order."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[1] + 1)[None, :], axis=1)
    return ranks


def _spearman_rows(ranks: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Spearman correlation of each row of ordinal ranks with the base ranks."""
    n = ranks.shape[1]
    if n < 2:
        return np.ones(ranks.shape[0])
    d2 = ((ranks - base[None, :]) ** 2).sum(axis=1)
    return 1.0 - 6.0 * d2 / (n * (n**2 - 1))


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
                                         method))[0]
    weight_sets = draw_weights(weights, criteria.relative_bound, criteria.draws, seed)
    ranks = _ranks_of(_scores_for_weights(ordered, directions, weight_sets, method))
    k = min(criteria.top_k, len(ordered))
    index = ordered.index
    spread = np.percentile(ranks, [5, 50, 95], axis=0, method="lower")
    return Sensitivity(
        top_k_probability=pd.Series((ranks <= k).mean(axis=0), index=index,
                                    name="top_k_probability"),
        rank_correlation=_spearman_rows(ranks, base),
        rank_range=pd.DataFrame(spread.T, index=index, columns=["rank_p05", "rank_median",
                                                                 "rank_p95"]),
    )


def correlation_summary(sensitivity: Sensitivity) -> pd.Series:
    """Spread of the rank correlation over the draws: min, 5th percentile, median, max."""
    r = sensitivity.rank_correlation
    return pd.Series({"min": r.min(), "p05": np.percentile(r, 5), "median": np.median(r),
                      "max": r.max()}, name="spearman")


# ---------------------------------------------------------------- tables, figures, exports


def _display_names(candidates: pd.DataFrame, agencies: pd.DataFrame | None) -> pd.DataFrame:
    """Innovation name and agency short name per innovation id."""
    names = candidates.set_index("innovation_id")[["innovation_name", "agency_code"]]
    if agencies is not None:
        short = agencies.set_index("agency_code")["short_name"]
        names = names.assign(agency=names["agency_code"].map(short).fillna(names["agency_code"]))
    else:
        names = names.assign(agency=names["agency_code"])
    return names[["innovation_name", "agency"]]


def ranking_table(ranking: pd.DataFrame, candidates: pd.DataFrame, agencies: pd.DataFrame | None,
                  rows: int, lang: str = "id") -> pd.DataFrame:
    """The best `rows` candidates by weighted sum, with both scores and ranks, for reading."""
    table = ranking.head(rows).join(_display_names(candidates, agencies))
    table = table[["rank_weighted_sum", "innovation_name", "agency", "weighted_sum",
                   "rank_topsis", "topsis"]]
    return labelled(table.reset_index(drop=True), lang)


_LABELS = {
    "innovation_id": "qw.innovation_id", "innovation_name": "qw.innovation", "agency": "agency",
    "weighted_sum": "qw.weighted_sum", "topsis": "qw.topsis",
    "rank_weighted_sum": "qw.rank_weighted_sum", "rank_topsis": "qw.rank_topsis",
    "rank_gap": "qw.rank_gap", "top_k_probability": "qw.top_k_probability",
    "model_probability": "qw.model_probability", "rank_p05": "qw.rank_p05",
    "rank_median": "qw.rank_median", "rank_p95": "qw.rank_p95", "criterion": "qw.criterion",
    "group": "qw.group", "direction": "qw.direction", "weight": "qw.weight",
    "source": "qw.source", "selected": "qw.selected", "priority_rank": "qw.priority_rank",
    "priority": "qw.priority", "cost_idr": "qw.cost", "reason": "qw.reason",
    "dimension": "dimension", "agency_code": "agency",
}


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in the report language."""
    return table.rename(columns={c: text(_LABELS[c], lang) for c in table.columns
                                 if c in _LABELS})


def labelled_criteria_table(criteria: CriteriaSet, lang: str = "id") -> pd.DataFrame:
    """`criteria_table` with its headers and directions in the report language."""
    table = criteria_table(criteria)
    table["direction"] = table["direction"].map(lambda d: text(f"qw.direction_{d}", lang))
    return labelled(table, lang)


def disagreement_table(ranking: pd.DataFrame, candidates: pd.DataFrame,
                       agencies: pd.DataFrame | None, top_k: int,
                       lang: str = "id") -> pd.DataFrame:
    """The candidates in one method's top k but not the other's, largest rank gap first."""
    table = method_disagreements(ranking, top_k).join(_display_names(candidates, agencies))
    table = table[["innovation_name", "agency", "rank_weighted_sum", "rank_topsis", "rank_gap"]]
    return labelled(table.reset_index(drop=True), lang)


def sensitivity_table(sensitivity: Sensitivity, ranking: pd.DataFrame, candidates: pd.DataFrame,
                      agencies: pd.DataFrame | None, rows: int, lang: str = "id") -> pd.DataFrame:
    """The candidates most often in the top k under redrawn weights, with their rank range."""
    table = pd.concat([sensitivity.top_k_probability, sensitivity.rank_range], axis=1)
    table = table.join(ranking["rank_weighted_sum"]).join(_display_names(candidates, agencies))
    table = table.sort_values(["top_k_probability", "rank_weighted_sum"],
                              ascending=[False, True], kind="stable").head(rows)
    table = table[["innovation_name", "agency", "rank_weighted_sum", "top_k_probability",
                   "rank_p05", "rank_median", "rank_p95"]]
    return labelled(table.reset_index(drop=True), lang)


def method_scatter(ranking: pd.DataFrame, top_k: int, lang: str = "id"):
    """Weighted sum against TOPSIS per candidate; those in only one top k are highlighted."""
    disagree = ranking.index.isin(method_disagreements(ranking, top_k).index)
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.scatter(ranking.loc[~disagree, "weighted_sum"], ranking.loc[~disagree, "topsis"],
               color="tab:blue", alpha=0.6, label=text("qw.methods_agree", lang))
    ax.scatter(ranking.loc[disagree, "weighted_sum"], ranking.loc[disagree, "topsis"],
               color="tab:red", label=text("qw.methods_disagree", lang).format(k=top_k))
    ax.set_title(text("qw.methods_title", lang))
    ax.set_xlabel(text("qw.weighted_sum", lang))
    ax.set_ylabel(text("qw.topsis", lang))
    ax.legend()
    fig.tight_layout()
    return fig


def top_k_figure(sensitivity: Sensitivity, candidates: pd.DataFrame, top_k: int, rows: int,
                 lang: str = "id"):
    """The candidates most often in the top k when the weights are redrawn."""
    probability = sensitivity.top_k_probability.sort_values(ascending=False, kind="stable")
    probability = probability.head(rows).iloc[::-1]
    names = candidates.set_index("innovation_id")["innovation_name"]
    fig, ax = plt.subplots(figsize=(8.0, max(3.0, 0.3 * len(probability) + 1.2)))
    ax.barh([str(names.get(i, i))[:45] for i in probability.index], probability.to_numpy(),
            color="tab:green")
    ax.set_xlim(0, 1)
    ax.set_title(text("qw.top_k_title", lang).format(k=top_k))
    ax.set_xlabel(text("qw.top_k_probability", lang))
    ax.set_ylabel(text("qw.innovation", lang))
    fig.tight_layout()
    return fig


def rank_correlation_figure(sensitivity: Sensitivity, lang: str = "id"):
    """How far the whole ranking moves under redrawn weights (Spearman per draw)."""
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    ax.hist(sensitivity.rank_correlation, bins=30, color="tab:purple")
    ax.set_title(text("qw.correlation_title", lang))
    ax.set_xlabel(text("qw.spearman", lang))
    ax.set_ylabel(text("qw.draws", lang))
    fig.tight_layout()
    return fig


def shortlist_candidates(candidates: pd.DataFrame, ranking: pd.DataFrame,
                         score: str) -> pd.DataFrame:
    """The shortlist's input (index: innovation id): priority = the chosen score, cost = the
    budget asked, agency and dimension for the limits."""
    base = candidates.set_index("innovation_id")
    return pd.DataFrame({
        "innovation_name": base["innovation_name"],
        "agency_code": base["agency_code"],
        "dimension": base["dimension"],
        "priority": ranking[score].reindex(base.index),
        "cost_idr": base["budget_idr"].astype(float),
    })


def quick_win_ranking(candidates: pd.DataFrame, values: pd.DataFrame, ranking: pd.DataFrame,
                      probability: pd.Series, sensitivity: Sensitivity, score: str,
                      shortlisted: list[str]) -> pd.DataFrame:
    """Every candidate with both scores, both ranks, the model probability, the top-k
    probability and rank range, whether it is shortlisted, and the raw criterion values;
    best `score` first."""
    base = candidates.set_index("innovation_id")[
        ["innovation_name", "agency_code", "dimension", "sub_dimension", "tahapan",
         "budget_idr"]]
    table = base.join(ranking).join(probability.rename("model_probability"))
    table = table.join(sensitivity.top_k_probability).join(sensitivity.rank_range)
    table["shortlisted"] = table.index.isin(shortlisted)
    table = table.join(values.add_prefix("value_"))
    table.insert(0, "rank", score_rank(table[score]))
    table = table.sort_values("rank", kind="stable").reset_index()
    return table[["rank", *table.columns.drop("rank")]]


def write_quick_win_outputs(out_dir: Path, ranking: pd.DataFrame,
                            shortlist: pd.DataFrame) -> list[Path]:
    """Write the quick_win_ranking and quick_win_shortlist artifacts."""
    return [write_table(out_dir, "quick_win_ranking", ranking),
            write_table(out_dir, "quick_win_shortlist", shortlist)]


# ---------------------------------------------------------------- interactive weights


def weight_sliders(matrix: pd.DataFrame, criteria: CriteriaSet, candidates: pd.DataFrame,
                   agencies: pd.DataFrame | None, rows: int = 15, lang: str = "id"):
    """ipywidgets: one slider per criterion weight; the top `rows` re-rank live (JupyterLab)."""
    import ipywidgets as widgets
    from IPython.display import display

    sliders = {c.name: widgets.FloatSlider(value=c.weight, min=0.0, max=3 * c.weight,
                                           step=c.weight / 20, description=c.name,
                                           style={"description_width": "initial"})
               for c in criteria.criteria}
    output = widgets.Output()

    def refresh(_=None):
        weights = pd.Series({name: s.value for name, s in sliders.items()})
        if weights.sum() <= 0:
            return
        adjusted = replace(criteria, criteria=tuple(
            replace(c, weight=max(weights[c.name], 1e-9)) for c in criteria.criteria))
        with output:
            output.clear_output(wait=True)
            display(ranking_table(priority_ranking(matrix, adjusted), candidates, agencies,
                                  rows, lang))

    for slider in sliders.values():
        slider.observe(refresh, names="value")
    refresh()
    return widgets.VBox([*sliders.values(), output])
