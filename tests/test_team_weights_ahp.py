"""AHP on one matrix against a published example, and the team's weights, agreement and
consistency flag on a group of three members computed by hand."""

import numpy as np
import pytest
from scipy.stats import chi2

from smartcity_utils.config import read_criteria
from smartcity_utils.team_weights.agreement import kendall_w
from smartcity_utils.team_weights.ahp import RANDOM_INDEX, analyse
from smartcity_utils.team_weights.group import TeamWeightsSettings, team_weights
from smartcity_utils.team_weights.hierarchy import GROUPS, hierarchy
from smartcity_utils.team_weights.returned import MemberForm

# Wikipedia, "Analytic hierarchy process – leader example", section "Pairwise comparing the
# criteria with respect to the goal": Experience, Education, Charisma, Age; published
# priorities .547, .127, .270, .056 and consistency ratio .044 (three decimals).
LEADER_CRITERIA = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]


def test_the_published_criteria_priorities_and_consistency_ratio():
    result = analyse(LEADER_CRITERIA)
    assert result.priorities == pytest.approx([0.547, 0.127, 0.270, 0.056], abs=0.001)
    assert result.cr == pytest.approx(0.044, abs=0.0005)  # CI / 0.90, Saaty 1980's RI for n=4


# The same article's candidates (Tom, Dick, Harry) compared per criterion: published
# priorities and consistency ratios. The article divides CI by 0.52 for n = 3 (the random
# index of Saaty's later table), this package by 0.58 (Saaty 1980): CI / 0.52 must give the
# published ratio.
LEADER_CANDIDATES = [
    ([[1, 1 / 4, 4], [4, 1, 9], [1 / 4, 1 / 9, 1]], [0.217, 0.717, 0.066], 0.035),  # experience
    ([[1, 3, 1 / 5], [1 / 3, 1, 1 / 7], [5, 7, 1]], [0.188, 0.081, 0.731], 0.062),  # education
    ([[1, 5, 9], [1 / 5, 1, 4], [1 / 9, 1 / 4, 1]], [0.743, 0.194, 0.063], 0.069),  # charisma
    ([[1, 1 / 3, 5], [3, 1, 9], [1 / 5, 1 / 9, 1]], [0.265, 0.672, 0.063], 0.028),  # age
]


@pytest.mark.parametrize("matrix, priorities, published_cr", LEADER_CANDIDATES)
def test_the_published_candidate_priorities_and_consistency(matrix, priorities, published_cr):
    result = analyse(matrix)
    assert result.priorities == pytest.approx(priorities, abs=0.001)
    assert result.ci / 0.52 == pytest.approx(published_cr, abs=0.0005)
    assert result.cr == pytest.approx(result.ci / RANDOM_INDEX[3])


def test_a_consistent_matrix_gives_its_ratios_and_no_inconsistency():
    w = np.array([0.5, 0.3, 0.2])
    result = analyse(np.outer(w, 1 / w))  # a[i, j] = w[i] / w[j]: lambda_max = n, CI = 0
    assert result.priorities == pytest.approx(w)
    assert result.cr == pytest.approx(0, abs=1e-12)
    assert result.worst.deviation == pytest.approx(1)


def test_the_reversed_judgement_is_named_the_most_inconsistent():
    # consistent with weights 8:4:2:1 except a[0, 3], answered 1/8 instead of 8
    w = np.array([8.0, 4.0, 2.0, 1.0])
    a = np.outer(w, 1 / w)
    a[0, 3], a[3, 0] = 1 / 8, 8
    result = analyse(a)
    assert (result.worst.i, result.worst.j) == (0, 3)
    assert result.worst.value == pytest.approx(1 / 8)
    assert result.cr > 0.1


def test_a_matrix_that_is_not_reciprocal_is_refused():
    with pytest.raises(ValueError, match="reciprocal"):
        analyse([[1, 2], [2, 1]])


# ---------------------------------------------------------------- a group of three, by hand

def _two_by_two_criteria(tmp_path):
    """Four criteria in two groups of two: every matrix is 2 x 2, whose priorities are exact:
    [[1, a], [1/a, 1]] gives (a / (1 + a), 1 / (1 + a))."""
    path = tmp_path / "criteria.yaml"
    path.write_text(
        "version: hand\ncriteria:\n"
        "  beneficiaries: {weight: 1, direction: benefit, group: impact}\n"
        "  budget: {weight: 1, direction: cost, group: impact}\n"
        "  readiness: {weight: 1, direction: benefit, group: effort}\n"
        "  digital: {weight: 1, direction: benefit, group: effort}\n", encoding="utf-8")
    return hierarchy(read_criteria(path))


def _form(number, role, groups, impact, effort):
    return MemberForm(number, "", role, f"f{number}.xlsx", {
        "groups:impact|effort": groups, "impact:beneficiaries|budget": impact,
        "effort:readiness|digital": effort})


MEMBERS = [_form("01", "agency", 4, 2, 1), _form("02", "academic", 1, 8, 1 / 2),
           _form("03", "practitioner", 2, 4, 4)]


def test_the_group_weights_are_the_geometric_mean_of_the_judgements(tmp_path):
    team = team_weights(_two_by_two_criteria(tmp_path), MEMBERS)
    # AIJ: groups (4 * 1 * 2)^(1/3) = 2 -> 2/3, 1/3; impact (2 * 8 * 4)^(1/3) = 4 -> 4/5, 1/5;
    # effort (1 * 1/2 * 4)^(1/3) = 2^(1/3) = 1.259921 -> 0.557507, 0.442493
    e = 2 ** (1 / 3)
    assert team.aij.to_dict() == pytest.approx({
        "beneficiaries": 2 / 3 * 4 / 5, "budget": 2 / 3 * 1 / 5,
        "readiness": 1 / 3 * e / (1 + e), "digital": 1 / 3 * 1 / (1 + e)})
    assert team.group[GROUPS].cr == 0 and team.roles() == {
        "agency": 1, "academic": 1, "practitioner": 1}


def test_the_members_weights_and_their_geometric_mean_beside(tmp_path):
    team = team_weights(_two_by_two_criteria(tmp_path), MEMBERS)
    # member 01: groups 4/5, 1/5; impact 2/3, 1/3; effort 1/2, 1/2
    assert team.members[0].weights.to_dict() == pytest.approx(
        {"beneficiaries": 8 / 15, "budget": 4 / 15, "readiness": 1 / 10, "digital": 1 / 10})
    # 02: 1/2, 1/2; 8/9, 1/9; 1/3, 2/3. 03: 2/3, 1/3; 4/5, 1/5; 4/5, 1/5
    mean = {"beneficiaries": (8 / 15 * 4 / 9 * 8 / 15) ** (1 / 3),
            "budget": (4 / 15 * 1 / 18 * 2 / 15) ** (1 / 3),
            "readiness": (1 / 10 * 1 / 6 * 4 / 15) ** (1 / 3),
            "digital": (1 / 10 * 1 / 3 * 1 / 15) ** (1 / 3)}
    total = sum(mean.values())  # 0.50186 + 0.12547 + 0.16441 + 0.13050 = 0.92224
    assert team.aip.to_dict() == pytest.approx({c: v / total for c, v in mean.items()})
    assert team.aip["beneficiaries"] == pytest.approx(0.5442, abs=0.0001)


def test_kendalls_w_with_the_tie_correction_by_hand(tmp_path):
    agreement = team_weights(_two_by_two_criteria(tmp_path), MEMBERS).agreement
    # ranks (1 = heaviest; beneficiaries, budget, readiness, digital):
    # 01: 1, 2, 3.5, 3.5 (readiness and digital tie at 1/10); 02: 1, 4, 3, 2; 03: 1, 3, 2, 4
    # rank sums 3, 9, 8.5, 9.5 (mean 7.5): S = 20.25 + 2.25 + 1 + 4 = 27.5
    # ties: T = 2^3 - 2 = 6; W = 12 S / (m^2 (n^3 - n) - m T) = 330 / (540 - 18) = 0.632184
    assert agreement.w == pytest.approx(330 / 522)
    assert agreement.chi_square == pytest.approx(3 * 3 * 330 / 522)  # m (n - 1) W
    assert agreement.p_value == pytest.approx(chi2.sf(3 * 3 * 330 / 522, 3))
    assert agreement.band == "strong"  # Schmidt 1997: 0.7 strong; 0.63 is nearer 0.7 than 0.5


def test_w_is_one_for_identical_rankings_and_undefined_for_one_member():
    import pandas as pd

    same = pd.DataFrame([[0.5, 0.3, 0.2], [0.6, 0.3, 0.1]])
    assert kendall_w(same).w == pytest.approx(1.0)
    assert kendall_w(same.iloc[:1]) is None


def _inconsistent_member(tree):
    """A member whose effort judgements reverse one pair (as in the 8:4:2:1 test above)."""
    w = dict(zip(tree.groups["effort"], [8.0, 4.0, 2.0, 1.0], strict=True))
    answers = {c.key: 1.0 for c in tree.comparisons()}
    for c in tree.comparisons("effort"):
        answers[c.key] = w[c.a] / w[c.b]
    first, last = tree.groups["effort"][0], tree.groups["effort"][-1]
    answers[f"effort:{first}|{last}"] = 1 / 8
    return MemberForm("09", "", "other", "f09.xlsx", answers)


def test_a_member_above_the_threshold_is_kept_and_flagged_or_left_out():
    tree = hierarchy(read_criteria("params/quick_win_criteria.yaml"))
    equal = MemberForm("01", "", "agency", "f01.xlsx", {c.key: 1.0 for c in tree.comparisons()})
    odd = _inconsistent_member(tree)
    kept = team_weights(tree, [equal, odd])
    assert [m.form.number for m in kept.flagged] == ["09"] and len(kept.used) == 2
    assert kept.flagged[0].inconsistent(0.1) == ["effort"]
    worst = kept.flagged[0].matrices["effort"].worst
    assert (tree.groups["effort"][worst.i], tree.groups["effort"][worst.j]) == (
        "budget", "digital")
    left = team_weights(tree, [equal, odd], TeamWeightsSettings(leave_out_inconsistent=True))
    assert [m.form.number for m in left.used] == ["01"]
    # the equal member alone: groups 1/4 each; impact 1/2, effort 1/4, reach 1, integration 1/2
    assert left.aij["pentahelix_reach"] == pytest.approx(0.25)
    assert left.aij["budget"] == pytest.approx(1 / 16)
    assert left.aij["beneficiaries"] == pytest.approx(1 / 8)
