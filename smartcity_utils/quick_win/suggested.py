"""The criterion values that rest on a value `smartcity suggest` filled (a suggested
sub-dimension, jenis or tahapan), so that 03 marks them and says how many there are."""

from __future__ import annotations

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.config import CriteriaSet
from smartcity_utils.strings import criterion_label, text

# The registry field each criterion's value is read from, where `suggest` may fill it.
CRITERION_FIELDS = {"sub_dimension_index": "sub_dimension", "digital": "jenis",
                    "readiness": "tahapan", "time_to_deliver": "tahapan"}


def suggested_criteria(candidates: pd.DataFrame, criteria: CriteriaSet) -> pd.Series:
    """Per candidate (index: innovation id), the criteria of `criteria` whose value rests on a
    suggested field, in the criteria file's order."""
    filled = candidates.get("suggested", pd.Series("", index=candidates.index))
    fields = filled.fillna("").astype(str).str.split("; ")
    used = [c.name for c in criteria.criteria if c.name in CRITERION_FIELDS]
    found = [[name for name in used if CRITERION_FIELDS[name] in marks] for marks in fields]
    return pd.Series(found, index=pd.Index(candidates["innovation_id"], name="innovation_id"))


def suggested_labels(criteria_names: list[str]) -> str:
    """The criteria of one candidate, each marked as resting on a suggestion ('' for none)."""
    return ", ".join(text("as.suggested_value").format(value=criterion_label(name))
                     for name in criteria_names)


def suggested_note(candidates: pd.DataFrame, criteria: CriteriaSet) -> str:
    """How many criterion values of how many candidates rest on a suggested field ('' for
    none)."""
    found = suggested_criteria(candidates, criteria)
    values = int(found.map(len).sum())
    if not values:
        return ""
    return text("qw.suggested_note").format(
        values=fmt.count(values, "as.n_values"),
        candidates=fmt.count(int((found.map(len) > 0).sum()), "as.n_innovations"))
