"""Quick Win criterion formulas: the raw value of every criterion, and the decision matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.config import CriteriaSet
from smartcity_utils.quick_win.inputs import PriorityInputs

NON_GOVERNMENT_SECTORS = ("academia", "business", "community", "media")

# ---------------------------------------------------------------- criterion formulas


def known_cost(budget: pd.Series) -> pd.Series:
    """The cost of each candidate: its budget when above 0, else unknown (NaN), never free."""
    cost = budget.astype(float)
    return cost.where(cost > 0)


def _beneficiaries(rows, criterion, inputs):
    return rows["beneficiaries"].astype(float)


def _budget(rows, criterion, inputs):
    if not inputs.zero_budget_is_unknown:  # past decisions: the budget as the team saw it
        return rows["budget_idr"].astype(float)
    return known_cost(rows["budget_idr"])  # 0 or empty: unknown, never free


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
