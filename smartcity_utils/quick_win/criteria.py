"""Quick Win criteria: the criteria file's table and the criteria a run can compute.

The criteria and their weights come from params/quick_win_criteria.yaml, read and checked once
by `config` (`CriteriaSet`); values.py holds the formula behind each criterion name.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import ParamsError
from smartcity_utils.quick_win.inputs import EXTERNAL_INPUTS, PriorityInputs


def criteria_table(criteria: CriteriaSet) -> pd.DataFrame:
    """The criteria as the team stated them: weight share, direction, group, source."""
    weights = criteria.weights()
    rows = [(c.name, c.group, c.direction, weights[c.name], c.source) for c in criteria.criteria]
    frame = pd.DataFrame(rows, columns=["criterion", "group", "direction", "weight", "source"])
    return frame.sort_values(["weight", "criterion"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def usable_criteria(criteria: CriteriaSet, inputs: PriorityInputs) -> tuple[CriteriaSet, list]:
    """The criteria whose inputs exist, and the names of those dropped for a missing input."""
    dropped = [c.name for c in criteria.criteria
               if c.name in EXTERNAL_INPUTS and not inputs.has(EXTERNAL_INPUTS[c.name])]
    if len(dropped) == len(criteria.criteria):
        raise ParamsError("no quick-win criterion can be computed: every one needs a missing file")
    return criteria.without(dropped), dropped
