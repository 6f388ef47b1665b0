"""The Quick Win shortlist: never over the budget or a limit, and exactly optimal."""

from itertools import combinations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity_utils.errors import DataError
from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text
from smartcity_utils.quick_win.shortlist import (
    candidate_reasons,
    quick_win_shortlist,
    shortlist_summary,
    shortlist_table,
)


def frame(rows):
    """Candidates from (id, priority, cost, agency, dimension) tuples."""
    return pd.DataFrame(rows, columns=["innovation_id", "priority", "cost_idr", "agency_code",
                                       "dimension"]).set_index("innovation_id")


def feasible(chosen, budget, per_agency, per_dimension, total=None):
    if chosen["cost_idr"].sum() > budget or (total is not None and len(chosen) > total):
        return False
    for column, limit in (("agency_code", per_agency), ("dimension", per_dimension)):
        if limit is not None and len(chosen) and chosen[column].value_counts().max() > limit:
            return False
    return True


def brute_force_best(candidates, budget, per_agency=None, per_dimension=None, total=None):
    """The best total priority over every subset of the eligible candidates."""
    eligible = candidates[candidates["cost_idr"].notna()]
    best = 0.0
    ids = list(eligible.index)
    for size in range(1, len(ids) + 1):
        for subset in combinations(ids, size):
            chosen = eligible.loc[list(subset)]
            if feasible(chosen, budget, per_agency, per_dimension, total):
                best = max(best, chosen["priority"].sum())
    return best


def test_hand_worked_knapsack():
    # Budget 100: A+B cost 100 for priority 0.9+0.8 = 1.7; C alone (cost 100) gives 1.0;
    # A+D gives 0.9+0.3 = 1.2. The optimum is {A, B}, found by hand.
    candidates = frame([
        ("A", 0.9, 60, "X", "Smart Living"), ("B", 0.8, 40, "Y", "Smart Living"),
        ("C", 1.0, 100, "Z", "Smart Economy"), ("D", 0.3, 30, "X", "Smart Economy"),
    ])
    result = quick_win_shortlist(candidates, 100)
    assert result.selected == ["A", "B"]
    assert result.total_priority == pytest.approx(1.7)
    assert result.total_cost == 100


def test_agency_limit_changes_the_choice():
    # Without a limit {A, B, D} (priority 2.0, cost 90) wins; with one per agency A and D
    # (both agency X) cannot both be chosen, so {A, B} (1.7) is best.
    candidates = frame([
        ("A", 0.9, 30, "X", "d1"), ("B", 0.8, 30, "Y", "d1"), ("D", 0.3, 30, "X", "d2"),
    ])
    assert quick_win_shortlist(candidates, 100).selected == ["A", "B", "D"]
    assert quick_win_shortlist(candidates, 100, max_per_agency=1).selected == ["A", "B"]


def test_total_limit_keeps_the_best_pair():
    # At most 2 of A 0.9, B 0.8, C 0.7 (all affordable): {A, B} = 1.7.
    candidates = frame([("A", 0.9, 1, "X", "d"), ("B", 0.8, 1, "Y", "d"), ("C", 0.7, 1, "Z", "d")])
    assert quick_win_shortlist(candidates, 10, max_total=2).selected == ["A", "B"]


def test_dimension_limit_and_unknown_cost():
    candidates = frame([
        ("A", 0.9, 10, "X", "d1"), ("B", 0.8, 10, "Y", "d1"), ("C", 0.7, None, "Z", "d2"),
        ("D", 0.2, 10, "W", "d2"),
    ])
    result = quick_win_shortlist(candidates, 100, max_per_dimension=1)
    assert result.selected == ["A", "D"]  # C has no cost, so it is not eligible
    assert result.eligible == ["A", "B", "D"]


def test_zero_budget_takes_only_free_candidates():
    candidates = frame([("A", 0.5, 0, "X", "d1"), ("B", 0.9, 1, "Y", "d1")])
    assert quick_win_shortlist(candidates, 0).selected == ["A"]


@pytest.mark.parametrize("budget", [-1, float("nan"), None])
def test_bad_budget_is_refused(budget):
    with pytest.raises(DataError, match="budget"):
        quick_win_shortlist(frame([("A", 0.5, 1, "X", "d1")]), budget)


def test_missing_column_is_refused():
    with pytest.raises(DataError, match="cost_idr"):
        quick_win_shortlist(pd.DataFrame({"priority": [0.5]}, index=["A"]), 10)


candidate_rows = st.lists(
    st.tuples(
        st.floats(0.0, 1.0, allow_nan=False).map(lambda v: round(v, 3)),
        st.one_of(st.none(), st.integers(0, 3_000_000_000)),
        st.sampled_from(["DINKES", "DISDUKCAPIL", "DISKOMINFO"]),
        st.sampled_from(["Smart Living", "Smart Economy"]),
    ),
    min_size=1, max_size=8,
)


def from_drawn(rows):
    return frame([(f"I{n:02d}", p, c, a, d) for n, (p, c, a, d) in enumerate(rows)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=candidate_rows, budget=st.integers(0, 6_000_000_000),
       per_agency=st.one_of(st.none(), st.integers(1, 3)),
       per_dimension=st.one_of(st.none(), st.integers(1, 3)),
       total=st.one_of(st.none(), st.integers(1, 4)))
def test_never_over_budget_or_limit_and_optimal(rows, budget, per_agency, per_dimension, total):
    candidates = from_drawn(rows)
    result = quick_win_shortlist(candidates, budget, per_agency, per_dimension, total)
    chosen = candidates.loc[result.selected]
    assert chosen["cost_idr"].notna().all()
    assert feasible(chosen, budget, per_agency, per_dimension, total)
    best = brute_force_best(candidates, budget, per_agency, per_dimension, total)
    assert result.total_priority == pytest.approx(best, abs=1e-9)


def test_reasons_for_chosen_and_near_misses(english):
    candidates = frame([
        ("A", 0.9, 60, "X", "d1"), ("B", 0.8, 40, "Y", "d1"), ("C", 1.0, 100, "Z", "d2"),
        ("D", 0.3, 300, "X", "d2"), ("E", 0.2, None, "W", "d2"),
    ])
    result = quick_win_shortlist(candidates, 100)
    table = shortlist_table(candidates, result, near_misses=3)
    assert table["innovation_id"].tolist() == ["A", "B", "C", "D", "E"]
    assert table["selected"].tolist() == [True, True, False, False, False]
    codes = dict(zip(table["innovation_id"], table["reason"], strict=True))
    # A and B (60 + 40) fill the budget of 100; C alone would cost the whole 100 for a lower
    # total (1.0 < 1.7); D costs more than the budget; E has no cost.
    assert codes == {"A": "chosen", "B": "chosen", "C": "budget_left", "D": "over_budget",
                     "E": "no_cost"}
    assert candidate_reasons(candidates, result).to_dict() == codes  # every candidate, same
    terms = QuickWinTerms(budget=100, spent=100, limits={})
    words = {i: reason_text(codes[i], candidates.at[i, "cost_idr"], candidates.at[i,
             "agency_code"], candidates.at[i, "dimension"], terms, {}) for i in codes}
    # no limit set: only the budget is named (issue #24: "within the limits" named none)
    assert words["A"] == ("chosen: costs IDR\u00a060 (60% of the Quick Win budget), within "
                          "the Quick Win budget")
    limited = QuickWinTerms(budget=100, spent=100, limits={"max_per_agency": 2,
                                                           "max_per_dimension": None,
                                                           "max_total": 1})
    assert reason_text("chosen", 60, "X", "d1", limited, {}) == (
        "chosen: costs IDR\u00a060 (60% of the Quick Win budget), within the Quick Win budget "
        "and within the limit of 2 programmes per agency and this year's quota of 1 programme")
    assert words["C"] == "not chosen: it needs IDR\u00a0100 and only IDR\u00a00 is left"
    assert "more than the whole Quick Win budget of IDR\u00a0100" in words["D"]
    assert "budget is not recorded" in words["E"]
    summary = shortlist_summary(result)
    assert summary.iloc[0] == 2


def test_near_miss_names_the_limit_it_runs_into(english):
    # One per agency: A (0.9) and B (0.8) share agency X, so B is left out by the agency limit;
    # with a total limit of 1, C (agency Y) is left out by the total.
    candidates = frame([("A", 0.9, 1, "X", "d1"), ("B", 0.8, 1, "X", "d2"),
                        ("C", 0.7, 1, "Y", "d2")])
    limits = {"max_per_agency": 1, "max_total": 1}
    result = quick_win_shortlist(candidates, 10, **limits)
    table = shortlist_table(candidates, result, near_misses=2, limits=limits)
    codes = dict(zip(table["innovation_id"], table["reason"], strict=True))
    assert codes == {"A": "chosen", "B": "total_limit;agency_limit", "C": "total_limit"}
    terms = QuickWinTerms(budget=10, spent=1, limits=limits)
    b = reason_text(codes["B"], 1, "X", "d2", terms, {"X": "Dinas X"})
    assert b == ("not chosen: this year's 1 quick win are filled by higher-ranked candidates; "
                 "the limit of 1 quick win per agency for Dinas X is filled by its higher-ranked "
                 "candidates")
