"""The Quick Win shortlist: never over the budget or a limit, and exactly optimal."""

from itertools import combinations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity_utils.config import CriteriaFile, model_problems, read_criteria
from smartcity_utils.errors import DataError
from smartcity_utils.params import resolve
from smartcity_utils.quick_win.coverage import coverage_markdown, dimension_coverage
from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text
from smartcity_utils.quick_win.shortlist import (
    candidate_reasons,
    quick_win_shortlist,
    shortlist_summary,
    shortlist_table,
)


def _note(candidates, result, terms, lang=None):
    """03's sentence under the shortlist: the coverage table, worded."""
    return coverage_markdown(dimension_coverage(candidates, result, terms.limits), terms, lang)


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


# ---------------------------------------------------------------- at least one per dimension
# The rule (criteria file `shortlist.min_per_dimension`, docs/quick_win.md): each dimension
# with an eligible candidate (a known cost and a priority above 0) should get at least its
# minimum; when the budget and limits cannot give every dimension its minimum, the most places
# towards the minimums come first, then the largest total priority.


def minimums_by_hand(candidates, minimum, per_dimension):
    """min(minimum, the dimension's eligible candidates, max_per_dimension) per dimension."""
    eligible = candidates[candidates["cost_idr"].notna() & (candidates["priority"] > 0)]
    if not minimum:
        return {}
    return {d: min(minimum, n, per_dimension or n)
            for d, n in eligible["dimension"].value_counts().items()}


def places(chosen, minimums):
    counts = chosen["dimension"].value_counts()
    return sum(min(counts.get(d, 0), need) for d, need in minimums.items())


def feasible_subsets(candidates, budget, per_agency, per_dimension, total):
    """Every feasible subset of the eligible candidates (the empty one included)."""
    eligible = candidates[candidates["cost_idr"].notna() & (candidates["priority"] > 0)]
    ids = list(eligible.index)
    for size in range(len(ids) + 1):
        for subset in combinations(ids, size):
            chosen = eligible.loc[list(subset)]
            if feasible(chosen, budget, per_agency, per_dimension, total):
                yield chosen


dimension_rows = st.lists(
    st.tuples(
        st.floats(0.0, 1.0, allow_nan=False).map(lambda v: round(v, 2)),
        st.one_of(st.none(), st.integers(0, 60)),
        st.sampled_from(["DINKES", "DISDUKCAPIL", "DISKOMINFO"]),
        st.sampled_from(["Smart Living", "Smart Economy", "Smart Society"]),
    ),
    min_size=1, max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=dimension_rows, budget=st.integers(0, 150),
       per_agency=st.one_of(st.none(), st.integers(1, 2)),
       per_dimension=st.one_of(st.none(), st.integers(1, 3)),
       total=st.one_of(st.none(), st.integers(1, 4)),
       minimum=st.sampled_from([None, 0, 1, 2]))
def test_minimum_per_dimension_equals_brute_force(rows, budget, per_agency, per_dimension,
                                                  total, minimum):
    candidates = from_drawn(rows)
    result = quick_win_shortlist(candidates, budget, per_agency, per_dimension, total, minimum)
    chosen = candidates.loc[result.selected]
    assert feasible(chosen, budget, per_agency, per_dimension, total)
    need = minimums_by_hand(candidates, minimum, per_dimension)
    assert result.minimums == need
    subsets = list(feasible_subsets(candidates, budget, per_agency, per_dimension, total))
    # lexicographic optimum by brute force: most places, then the best total among those
    most = max(places(s, need) for s in subsets)
    best = max(s["priority"].sum() for s in subsets if places(s, need) == most)
    assert places(chosen, need) == most
    assert result.total_priority == pytest.approx(best, abs=1e-9)
    # chosen because of the rule: in no best selection without it; displaced: in every one
    free_best = max(s["priority"].sum() for s in subsets)
    free_optima = [set(s.index) for s in subsets if s["priority"].sum() >= free_best - 1e-9]
    assert set(result.for_dimension) == {i for i in result.selected
                                         if not any(i in s for s in free_optima)}
    assert set(result.displaced) == ({i for i in set.intersection(*free_optima)
                                      if i not in result.selected} if need else set())
    # a dimension below its minimum that has eligible candidates: each of them runs into the
    # budget or a limit (adding it would fill one more place), never "a higher total"
    coverage = dimension_coverage(candidates, result, {"max_per_agency": per_agency,
                                                       "max_per_dimension": per_dimension,
                                                       "max_total": total,
                                                       "min_per_dimension": minimum})
    for row in coverage.itertuples():
        if row.dimension in need:
            assert (row.reason == "reached") == (row.chosen >= need[row.dimension])
            if row.reason != "reached":
                assert set(row.reason.split(";")) <= {"over_budget", "total_limit",
                                                      "agency_limit", "budget_left"}


def test_minimum_swaps_a_higher_priority_candidate(english):
    # Budget 100, each costs 50. Without the rule {A, B} (0.9 + 0.8 = 1.7) is best, both
    # Smart Living. With at least 1 per dimension Smart Economy needs C: {A, C} = 0.9 + 0.3 =
    # 1.2 fills both dimensions; {B, C} = 1.1 is worse. C is there only because of the rule
    # and B (in the only best selection without it) is left out because of it.
    candidates = frame([("A", 0.9, 50, "X", "Smart Living"), ("B", 0.8, 50, "Y", "Smart Living"),
                        ("C", 0.3, 50, "Z", "Smart Economy")])
    assert quick_win_shortlist(candidates, 100).selected == ["A", "B"]
    limits = {"max_per_agency": None, "max_per_dimension": None, "max_total": None,
              "min_per_dimension": 1}
    result = quick_win_shortlist(candidates, 100, **limits)
    assert result.selected == ["A", "C"]
    assert result.total_priority == pytest.approx(1.2)
    assert (result.for_dimension, result.displaced) == (["C"], ["B"])
    codes = candidate_reasons(candidates, result, limits).to_dict()
    # B's place went to C: only that is said (not "filled by higher-ranked candidates")
    assert codes == {"A": "chosen", "B": "dimension_minimum", "C": "chosen_for_dimension"}
    terms = QuickWinTerms(budget=100, spent=100, limits=limits)
    assert reason_text(codes["C"], 50, "Z", "Smart Economy", terms, {}) == (
        "chosen so that Smart Economy is on the Quick Win list (the team's rule: at least 1 quick "
        "win per dimension); without that rule, other candidates of higher priority would be "
        "chosen. Costs IDR\u00a050 (50% of the Quick Win budget)")
    assert reason_text(codes["B"], 50, "Y", "Smart Living", terms, {}) == (
        "not chosen: its place went to keeping every smart-city dimension on the list (the "
        "team's rule of at least 1 quick win per dimension)")
    assert reason_text(codes["C"], 50, "Z", "Smart Economy", terms, {}, "id") == (
        "terpilih agar Smart Economy terwakili di daftar Quick Win (aturan tim: paling sedikit "
        "1 quick win per dimensi); tanpa aturan itu, yang terpilih adalah kandidat lain dengan "
        "prioritas lebih tinggi. Biaya Rp\u00a050 (50% dari anggaran Quick Win)")
    table = shortlist_table(candidates, result, near_misses=1, limits=limits)
    assert table["reason"].tolist() == ["chosen", "chosen_for_dimension", "dimension_minimum"]


def test_more_dimensions_before_more_priority():
    # A (Smart Living, 1.0) costs the whole budget of 100; B and C (0.1 each, 50 each) cover
    # two other dimensions. {B, C}: 2 dimensions, priority 0.2; {A}: 1 dimension, 1.0. The
    # rule puts dimensions first: {B, C}.
    candidates = frame([("A", 1.0, 100, "X", "Smart Living"), ("B", 0.1, 50, "Y", "Smart Economy"),
                        ("C", 0.1, 50, "Z", "Smart Society")])
    assert quick_win_shortlist(candidates, 100).selected == ["A"]
    assert quick_win_shortlist(candidates, 100, min_per_dimension=1).selected == ["B", "C"]


def test_minimum_is_capped_by_the_dimensions_candidates():
    # At least 2: Smart Living has 3 eligible candidates (minimum 2), Smart Economy 1 (minimum
    # 1), Smart Society's only candidate has no cost (no minimum). All cost 10, budget 30:
    # three picks fill the 2 + 1 places only as A, B (Living) and D (Economy): 0.9 + 0.2 +
    # 0.05 = 1.15, below A + B + C = 1.2 without the rule; so D is there for its dimension
    # and C is left out for it.
    candidates = frame([("A", 0.9, 10, "X", "Smart Living"), ("B", 0.2, 10, "X", "Smart Living"),
                        ("C", 0.1, 10, "Y", "Smart Living"), ("D", 0.05, 10, "Y", "Smart Economy"),
                        ("E", 0.8, None, "Z", "Smart Society")])
    result = quick_win_shortlist(candidates, 30, min_per_dimension=2)
    assert result.minimums == {"Smart Economy": 1, "Smart Living": 2}
    assert result.selected == ["A", "B", "D"]
    assert (result.for_dimension, result.displaced) == (["D"], ["C"])
    assert quick_win_shortlist(candidates, 30, max_per_dimension=1,
                               min_per_dimension=2).minimums == {"Smart Economy": 1,
                                                                  "Smart Living": 1}


def test_dimension_without_an_eligible_candidate_is_named():
    # Smart Living: A chosen. Smart Economy: its one candidate has no recorded budget.
    # Smart Society: its one candidate scores 0. The three other dimensions have no candidate.
    candidates = frame([("A", 0.9, 10, "X", "Smart Living"), ("B", 0.5, None, "Y", "Smart Economy"),
                        ("C", 0.0, 10, "Z", "Smart Society")])
    limits = {"max_per_agency": 2, "max_per_dimension": None, "max_total": 20,
              "min_per_dimension": 1}
    result = quick_win_shortlist(candidates, 100, **limits)
    assert result.selected == ["A"]
    coverage = dimension_coverage(candidates, result, limits).set_index("dimension")
    assert coverage["reason"].to_dict() == {
        "Smart Governance": "no_candidate", "Smart Branding": "no_candidate",
        "Smart Economy": "no_cost", "Smart Living": "reached", "Smart Society": "no_priority",
        "Smart Environment": "no_candidate"}
    note = _note(candidates, result, QuickWinTerms(100, 10, limits), "id")
    assert note.splitlines()[0] == (
        "1 dari 6 dimensi smart city terwakili di daftar pendek dengan paling sedikit 1 quick win "
        "(aturan tim untuk setiap dimensi yang punya kandidat). Yang tidak:")
    assert "- Smart Governance: tidak ada Quick Win, karena tidak ada kandidat dari dimensi ini " \
           "tahun ini." in note
    assert ("- Smart Economy: tidak ada Quick Win, karena anggaran kandidatnya tidak tercatat, "
            "sehingga tidak dapat dihitung terhadap anggaran Quick Win.") in note
    assert "- Smart Society: tidak ada Quick Win, karena skor prioritas kandidatnya 0." in note
    assert len(note.splitlines()) == 1 + 5


def test_budget_cannot_cover_every_dimension(english):
    # Budget 100: A (Smart Living, 0.9) and B (Smart Economy, 0.5) cost 60 each, so only one
    # fits: one dimension either way, A has the higher priority. Smart Economy is named with
    # the budget: B needs 60, 100 - 60 = 40 is left. D (Smart Society) costs 150, more than
    # the whole budget.
    candidates = frame([("A", 0.9, 60, "X", "Smart Living"), ("B", 0.5, 60, "Y", "Smart Economy"),
                        ("D", 0.4, 150, "Z", "Smart Society")])
    limits = {"max_per_agency": None, "max_per_dimension": None, "max_total": None,
              "min_per_dimension": 1}
    result = quick_win_shortlist(candidates, 100, **limits)
    assert result.selected == ["A"]
    assert (result.for_dimension, result.displaced) == ([], [])  # the rule changed nothing
    coverage = dimension_coverage(candidates, result, limits).set_index("dimension")
    assert coverage.loc["Smart Economy", "reason"] == "budget_left"
    assert coverage.loc["Smart Economy", "cheapest_idr"] == 60
    assert coverage.loc["Smart Society", "reason"] == "over_budget"
    note = _note(candidates, result, QuickWinTerms(100, 60, limits))
    assert ("- Smart Economy: no Quick Win, because the budget and limits cannot hold it "
            "together with the other dimensions: its cheapest candidate needs IDR\u00a060 and "
            "only IDR\u00a040 is left.") in note
    assert ("- Smart Society: no Quick Win, because each of its candidates costs more than the "
            "whole Quick Win budget of IDR\u00a0100.") in note
    # with a quota of 1 as well, both the quota and the budget are named
    quota = {**limits, "max_total": 1}
    result = quick_win_shortlist(candidates, 100, **quota)
    assert dimension_coverage(candidates, result, quota).set_index("dimension").loc[
        "Smart Economy", "reason"] == "total_limit;budget_left"


def test_all_dimensions_and_rule_off_sentences():
    six = ["Smart Governance", "Smart Branding", "Smart Economy", "Smart Living",
           "Smart Society", "Smart Environment"]
    candidates = frame([(f"I{n}", 0.5, 10, "X", d) for n, d in enumerate(six)])
    on = {"max_per_agency": None, "max_per_dimension": None, "max_total": None,
          "min_per_dimension": 1}
    result = quick_win_shortlist(candidates, 100, **on)
    assert _note(candidates, result, QuickWinTerms(100, 60, on), "id") == (
        "Semua 6 dimensi smart city terwakili di daftar pendek, masing-masing dengan paling "
        "sedikit 1 quick win.")
    # rule off and a quota of 4: two dimensions are left out, no minimum to name
    off = {**on, "min_per_dimension": 0, "max_total": 4}
    result = quick_win_shortlist(candidates, 100, **off)
    note = _note(candidates, result, QuickWinTerms(100, 40, off), "id")
    assert note.splitlines()[0] == (
        "4 dari 6 dimensi smart city terwakili di daftar pendek; aturan paling sedikit satu "
        "Quick Win per dimensi tidak dipakai tahun ini. Yang tidak:")
    assert note.count("karena kandidat dimensi lain memberi prioritas total lebih tinggi.") == 2
    # rule off, all six held: no list to announce
    result = quick_win_shortlist(candidates, 100, **{**off, "max_total": None})
    assert _note(candidates, result, QuickWinTerms(100, 60, off), "id") == (
        "6 dari 6 dimensi smart city terwakili di daftar pendek; aturan paling sedikit satu "
        "Quick Win per dimensi tidak dipakai tahun ini.")


def test_criteria_file_minimum_per_dimension():
    # default 1 when the key is left out; 0 and null switch it off; above the maximum refused
    base = {"criteria": {"digital": {"weight": 1, "direction": "benefit"}}}
    assert CriteriaFile.model_validate(base).shortlist.min_per_dimension == 1
    for off in (0, None):
        raw = {**base, "shortlist": {"min_per_dimension": off}}
        assert not CriteriaFile.model_validate(raw).shortlist.min_per_dimension
    raw = {**base, "shortlist": {"min_per_dimension": 2, "max_per_dimension": 1}}
    [problem] = model_problems(CriteriaFile, raw, "quick_win_criteria.yaml")
    assert problem.startswith("quick_win_criteria.yaml: shortlist: min_per_dimension (2) must "
                              "not exceed max_per_dimension (1)")
    assert model_problems(CriteriaFile, {**base, "shortlist": {"min_per_dimension": -1}},
                          "q.yaml")[0].startswith("q.yaml: shortlist.min_per_dimension")
    assert read_criteria(resolve("params/quick_win_criteria.yaml")).limits()[
        "min_per_dimension"] == 1
