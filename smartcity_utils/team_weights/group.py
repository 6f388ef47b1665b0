"""The group's weights from the members' judgements.

Each member: one matrix per comparison sheet, its priorities (principal eigenvector) and
consistency ratio, and global criterion weights = group priority x within-group priority. The
group: the geometric mean of the members' judgements, entry by entry (AIJ), analysed as one
matrix per sheet; the global weights follow as for a member. Beside it, the geometric mean of
the members' global weights (AIP). Why AIJ decides (Forman & Peniwati 1998, "Aggregating
individual judgments and priorities with the analytic hierarchy process", European Journal of
Operational Research 108, 165-169): the Tim Teknis decides as one unit, in one meeting, on one
set of weights, the case for which they show AIJ is the appropriate method (AIP fits
individuals who each keep their own priorities); the geometric mean keeps the group matrix
reciprocal, and the members are weighted equally.

A member whose consistency ratio exceeds the threshold in any matrix is flagged and kept, or
left out when `leave_out_inconsistent` is set (TeamWeightsSettings): kept by default, because
a team of about ten loses a voice (and a role) by leaving one out, while the flag and the most
inconsistent judgement give the member something to revise before the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from smartcity_utils.errors import SmartCityError
from smartcity_utils.team_weights.agreement import Agreement, kendall_w
from smartcity_utils.team_weights.ahp import (
    MatrixResult,
    analyse,
    geometric_mean_matrix,
    geometric_mean_priorities,
)
from smartcity_utils.team_weights.hierarchy import GROUPS, Hierarchy
from smartcity_utils.team_weights.returned import MemberForm


class TeamWeightsSettings(BaseModel):
    """How the group's weights are made from the members' forms."""

    model_config = ConfigDict(extra="forbid")

    cr_threshold: float = Field(0.1, gt=0, lt=1)  # Saaty: a consistency ratio of at most 0.1
    leave_out_inconsistent: bool = False  # True: a member above the threshold does not count


@dataclass(frozen=True)
class MemberWeights:
    form: MemberForm
    matrices: dict[str, MatrixResult]  # sheet (GROUPS or a group) -> its analysis
    weights: pd.Series  # global criterion weights, summing to 1

    def inconsistent(self, threshold: float) -> list[str]:
        """The matrices whose consistency ratio exceeds `threshold`."""
        return [m for m, result in self.matrices.items() if result.cr > threshold]


@dataclass(frozen=True)
class TeamWeights:
    tree: Hierarchy
    settings: TeamWeightsSettings
    members: list[MemberWeights]  # every complete form
    used: list[MemberWeights]  # those the group's weights are made of
    group: dict[str, MatrixResult]  # the AIJ matrix of each sheet, analysed
    aij: pd.Series  # the group's global criterion weights (the ones written)
    aip: pd.Series  # the geometric mean of the used members' global weights
    agreement: Agreement | None  # Kendall's W over the used members' rankings

    @property
    def flagged(self) -> list[MemberWeights]:
        return [m for m in self.members if m.inconsistent(self.settings.cr_threshold)]

    def roles(self) -> dict[str, int]:
        """Members counted, by role."""
        counts: dict[str, int] = {}
        for member in self.used:
            counts[member.form.role] = counts.get(member.form.role, 0) + 1
        return counts


def judgement_matrix(tree: Hierarchy, matrix: str, answers: dict[str, float]) -> np.ndarray:
    """The reciprocal matrix of one sheet's answers."""
    elements = tree.elements(matrix)
    index = {e: i for i, e in enumerate(elements)}
    a = np.ones((len(elements), len(elements)))
    for comparison in tree.comparisons(matrix):
        i, j = index[comparison.a], index[comparison.b]
        a[i, j] = answers[comparison.key]
        a[j, i] = 1.0 / answers[comparison.key]
    return a


def global_weights(tree: Hierarchy, priorities: dict[str, np.ndarray]) -> pd.Series:
    """Criterion weight = its group's priority x its priority within the group."""
    groups = list(tree.groups)
    weights = {}
    for g, members in tree.groups.items():
        group_weight = priorities[GROUPS][groups.index(g)] if GROUPS in priorities else 1.0
        for k, criterion in enumerate(members):
            weights[criterion] = group_weight * (priorities[g][k] if len(members) > 1 else 1.0)
    return pd.Series(weights, dtype=float)


def member_weights(tree: Hierarchy, form: MemberForm) -> MemberWeights:
    matrices = {m: analyse(judgement_matrix(tree, m, form.answers)) for m in tree.matrices()}
    return MemberWeights(form, matrices, global_weights(
        tree, {m: r.priorities for m, r in matrices.items()}))


def team_weights(tree: Hierarchy, forms: list[MemberForm],
                 settings: TeamWeightsSettings | None = None) -> TeamWeights:
    """Every member's results and the group's; SmartCityError when no member counts."""
    settings = settings or TeamWeightsSettings()
    members = [member_weights(tree, f) for f in forms]
    used = [m for m in members if not (settings.leave_out_inconsistent
                                       and m.inconsistent(settings.cr_threshold))]
    if not used:
        raise SmartCityError("no complete form to make the group's weights of" if not members
                             else "every member is above the consistency threshold and left out")
    group = {m: analyse(geometric_mean_matrix(
        [judgement_matrix(tree, m, u.form.answers) for u in used])) for m in tree.matrices()}
    aij = global_weights(tree, {m: r.priorities for m, r in group.items()})
    table = pd.DataFrame([u.weights for u in used])[tree.criteria]
    aip = pd.Series(geometric_mean_priorities(list(table.to_numpy())), index=tree.criteria)
    return TeamWeights(tree, settings, members, used, group, aij, aip, kendall_w(table))
