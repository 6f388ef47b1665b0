"""A weight set tried in the technical team's meeting: the shortlist recomputed from a finished
run's candidates and criterion values, under other weights, budget or limits.

Workbook 03 writes every candidate with its raw criterion values (`quick_win_ranking`, columns
`value_<criterion>`); a trial reads them back and runs 03's own steps again (decision matrix,
weighted sum and TOPSIS, the exact integer programme, each candidate's reason from the shortlist
alone, the dimension coverage, the ties and sensitivity notes), so the run's own weights and
terms give exactly 03's shortlist, and any other weights give what 03 would give with them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import DataError
from smartcity_utils.quick_win.coverage import dimension_coverage
from smartcity_utils.quick_win.evidence import sensitivity_note, ties_note, varying_criteria
from smartcity_utils.quick_win.reasons import QuickWinTerms
from smartcity_utils.quick_win.scoring import priority_ranking
from smartcity_utils.quick_win.sensitivity import Sensitivity, weight_sensitivity
from smartcity_utils.quick_win.shortlist import (
    Shortlist,
    candidate_reasons,
    quick_win_shortlist,
    shortlist_table,
)
from smartcity_utils.quick_win.tables import shortlist_candidates
from smartcity_utils.quick_win.values import decision_matrix

_CANDIDATE_COLUMNS = ("innovation_id", "innovation_name", "agency_code", "dimension",
                      "sub_dimension", "tahapan", "budget_idr")


@dataclass(frozen=True)
class RunCandidates:
    """What a finished run's 03 holds for trying weights: the candidates (in 03's order, by
    innovation id), their raw criterion values, and the criteria that tell them apart (the
    run's criteria file without those left out for a missing input or for not varying)."""

    candidates: pd.DataFrame
    values: pd.DataFrame  # index: innovation id; one column per criterion with values
    criteria: CriteriaSet  # the criteria that count, with the run's weights

    @property
    def shares(self) -> dict[str, float]:
        """The run's own weights as shares of 1, over the criteria that count."""
        return self.criteria.weights().to_dict()


def run_candidates(ranking: pd.DataFrame, criteria: CriteriaSet) -> RunCandidates:
    """The candidates of 03's `quick_win_ranking` artifact and the criteria of the run's
    criteria file that 03 used (`criteria`: the run's criteria file, as read)."""
    table = ranking.sort_values("innovation_id", kind="stable").reset_index(drop=True)
    names = [c.removeprefix("value_") for c in table.columns if c.startswith("value_")]
    missing_input = [name for name in criteria.names if name not in names]
    usable = criteria.without(missing_input)
    if not usable.criteria:
        raise DataError("03's ranking holds no criterion values: rerun 03_quick_win_priority")
    values = table.set_index("innovation_id")[[f"value_{n}" for n in usable.names]]
    values.columns = usable.names
    counting, _ = varying_criteria(values, usable)
    return RunCandidates(candidates=table[list(_CANDIDATE_COLUMNS)], values=values,
                         criteria=counting)


@dataclass(frozen=True)
class Terms:
    """The shortlist's terms a meeting can change: the budget, the limit per agency and the
    minimum per smart-city dimension (None or 0: off); the other limits stay the file's."""

    budget: float
    max_per_agency: int | None
    min_per_dimension: int | None

    @classmethod
    def of(cls, criteria: CriteriaSet, budget: float) -> Terms:
        return cls(float(budget), criteria.max_per_agency, criteria.min_per_dimension)


@dataclass(frozen=True)
class Trial:
    """The shortlist under one weight set and terms, and everything 03 says of it."""

    criteria: CriteriaSet  # the criteria that count, with the trial's weights
    ranking: pd.DataFrame  # both scores and ranks per candidate, best weighted sum first
    shortlist: Shortlist
    table: pd.DataFrame  # 03's quick_win_shortlist: chosen, then the near misses, with reasons
    reasons: pd.Series  # every candidate's reason codes, by innovation id
    coverage: pd.DataFrame  # 03's quick_win_coverage
    terms: QuickWinTerms  # what the reasons' words need
    ties_note: str
    sensitivity_note: str
    sensitivity: Sensitivity

    @property
    def limits(self) -> dict:
        return self.terms.limits


def weighted(criteria: CriteriaSet, shares: dict[str, float]) -> CriteriaSet:
    """`criteria` with each weight replaced by its share (every criterion needs one)."""
    missing = [name for name in criteria.names if name not in shares]
    if missing or any(shares[name] < 0 for name in criteria.names):
        raise DataError(f"every criterion needs a share >= 0 (missing: {missing or 'none'})")
    if sum(shares[name] for name in criteria.names) <= 0:
        raise DataError("the criteria's shares add up to 0")
    return replace(criteria, criteria=tuple(replace(c, weight=float(shares[c.name]))
                                            for c in criteria.criteria))


def shortlist_trial(run: RunCandidates, shares: dict[str, float], terms: Terms,
                    seed: int) -> Trial:
    """The exact shortlist of `run`'s candidates under `shares` (criterion -> share) and
    `terms`, with every candidate's reason, the dimension coverage and the notes, as 03
    computes them (`seed`: the run's, for the weight sensitivity's draws)."""
    criteria = replace(weighted(run.criteria, shares), max_per_agency=terms.max_per_agency,
                       min_per_dimension=terms.min_per_dimension)
    matrix = decision_matrix(run.values[criteria.names], criteria)
    ranking = priority_ranking(matrix, criteria)
    limits = criteria.limits()
    chosen_from = shortlist_candidates(run.candidates, ranking, criteria.shortlist_score)
    shortlist = quick_win_shortlist(chosen_from, terms.budget, **limits)
    reasons = candidate_reasons(chosen_from, shortlist, limits)
    return Trial(
        criteria=criteria, ranking=ranking, shortlist=shortlist,
        table=shortlist_table(chosen_from, shortlist, criteria.near_misses, limits, reasons),
        reasons=reasons,
        coverage=dimension_coverage(chosen_from, shortlist, limits),
        terms=QuickWinTerms(budget=shortlist.budget, spent=shortlist.total_cost,
                            limits=limits),
        ties_note=ties_note(ranking, criteria.shortlist_score),
        sensitivity_note=sensitivity_note(matrix, shown="mt.sensitivity_meaningful"),
        sensitivity=weight_sensitivity(matrix, criteria, seed))
