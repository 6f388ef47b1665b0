"""Quick Win priority: criteria file, candidates, weighted sum, TOPSIS and weight sensitivity."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from smartcity_utils.config import read_criteria
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.params import resolve
from smartcity_utils.quick_win.criteria import usable_criteria
from smartcity_utils.quick_win.inputs import PriorityInputs, quick_win_candidates
from smartcity_utils.quick_win.scoring import (
    closeness,
    method_disagreements,
    priority_ranking,
    topsis_steps,
    weighted_sum,
)
from smartcity_utils.quick_win.sensitivity import weight_sensitivity
from smartcity_utils.quick_win.values import (
    criteria_values,
    decision_matrix,
    months_running,
    partner_count,
)

# ---------------------------------------------------------------- TOPSIS, published example

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and Applications.
# Lecture Notes in Economics and Mathematical Systems 186, Springer, pp. 133-134: the fighter
# aircraft example. Attributes: maximum speed (Mach), ferry range (NM), maximum payload (lb),
# acquisition cost (10^6 $, the only cost attribute), reliability, maneuverability (the last
# two rated on an interval scale); weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3).
AIRCRAFT = pd.DataFrame(
    [[2.0, 1500, 20000, 5.5, 5, 9],
     [2.5, 2700, 18000, 6.5, 3, 5],
     [1.8, 2000, 21000, 4.5, 7, 7],
     [2.2, 1800, 20000, 5.0, 5, 5]],
    index=["A1", "A2", "A3", "A4"], columns=["X1", "X2", "X3", "X4", "X5", "X6"],
)
AIRCRAFT_WEIGHTS = pd.Series([0.2, 0.1, 0.1, 0.1, 0.2, 0.3], index=AIRCRAFT.columns)
AIRCRAFT_DIRECTIONS = pd.Series(["benefit"] * 3 + ["cost"] + ["benefit"] * 2,
                                index=AIRCRAFT.columns)
# As printed in the source (4 decimals; closeness 3 decimals).
PRINTED_NORMALISED = [[0.4671, 0.3662, 0.5056, 0.5063, 0.4811, 0.6708],
                      [0.5839, 0.6591, 0.4550, 0.5983, 0.2887, 0.3727],
                      [0.4204, 0.4882, 0.5308, 0.4143, 0.6736, 0.5217],
                      [0.5139, 0.4392, 0.5056, 0.4603, 0.4811, 0.3727]]
PRINTED_IDEAL = [0.1168, 0.0659, 0.0531, 0.0414, 0.1347, 0.2012]
PRINTED_ANTI_IDEAL = [0.0841, 0.0366, 0.0455, 0.0598, 0.0577, 0.1118]
PRINTED_DISTANCE_TO_IDEAL = [0.0545, 0.1197, 0.0580, 0.1009]
PRINTED_DISTANCE_TO_ANTI_IDEAL = [0.0983, 0.0439, 0.0920, 0.0458]
PRINTED_CLOSENESS = [0.643, 0.268, 0.613, 0.312]


def test_topsis_reproduces_the_hwang_yoon_aircraft_example():
    """Hwang & Yoon (1981), pp. 133-134: every step as printed, and the ranking A1 > A3 > A4 >
    A2. The book works by hand with 4-decimal intermediates: its printed normalised values
    differ from the exact ones by up to 7e-4 (column norms rounded, e.g. X4 of A1: 5.5 /
    10.851 = 0.5069, printed 0.5063), its distances in the 4th decimal, and its C* for A3
    (0.613) from the exact 0.6135. So intermediates are compared within those hand-rounding
    errors, C* within half a unit of the printed 3rd decimal plus the book's rounding, and
    the closeness step applied to the book's own printed distances gives every printed C*
    exactly."""
    steps = topsis_steps(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)
    np.testing.assert_allclose(steps["normalised"], PRINTED_NORMALISED, atol=8e-4)
    np.testing.assert_allclose(steps["ideal"], PRINTED_IDEAL, atol=1.5e-4)
    np.testing.assert_allclose(steps["anti_ideal"], PRINTED_ANTI_IDEAL, atol=1.5e-4)
    np.testing.assert_allclose(steps["distance_to_ideal"], PRINTED_DISTANCE_TO_IDEAL, atol=1.5e-4)
    np.testing.assert_allclose(steps["distance_to_anti_ideal"], PRINTED_DISTANCE_TO_ANTI_IDEAL,
                               atol=1.5e-4)
    np.testing.assert_allclose(steps["closeness"], PRINTED_CLOSENESS, atol=6e-4)
    from_printed = closeness(np.array(PRINTED_DISTANCE_TO_IDEAL),
                             np.array(PRINTED_DISTANCE_TO_ANTI_IDEAL))
    np.testing.assert_array_equal(from_printed.round(3), PRINTED_CLOSENESS)
    assert steps["closeness"].sort_values(ascending=False).index.tolist() == [
        "A1", "A3", "A4", "A2"]


def test_closeness_of_a_candidate_at_both_points_is_one_half():
    assert closeness(np.array([0.0]), np.array([0.0]))[0] == 0.5


# ---------------------------------------------------------------- weighted sum


def test_weighted_sum_by_hand():
    # Criteria a (benefit) and b (cost), weights 3:1. Min-max: a -> 0, 0.5, 1; b (cost,
    # reversed) -> 1, 0, 0.5. Scores: 0.75*0 + 0.25*1 = 0.25; 0.375; 0.875.
    matrix = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [10.0, 30.0, 20.0]}, index=["P", "Q", "R"])
    score = weighted_sum(matrix, pd.Series({"a": 3.0, "b": 1.0}),
                         pd.Series({"a": "benefit", "b": "cost"}))
    assert score.tolist() == pytest.approx([0.25, 0.375, 0.875])


def test_constant_criterion_adds_nothing():
    matrix = pd.DataFrame({"a": [1.0, 2.0], "b": [5.0, 5.0]}, index=["P", "Q"])
    score = weighted_sum(matrix, pd.Series({"a": 1.0, "b": 1.0}),
                         pd.Series({"a": "benefit", "b": "benefit"}))
    assert score.tolist() == pytest.approx([0.0, 0.5])


# ---------------------------------------------------------------- criteria file


def write_yaml(tmp_path, data):
    path = tmp_path / "criteria.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_project_criteria_file_loads():
    criteria = read_criteria(resolve("params/quick_win_criteria.yaml"))
    assert criteria.weights().sum() == pytest.approx(1.0)
    assert set(criteria.directions()) == {"benefit", "cost"}
    assert criteria.directions()["budget"] == "cost"


@pytest.mark.parametrize("spec, message", [
    ({"criteria": {"nonsense": {"weight": 1, "direction": "benefit"}}}, "unknown criterion"),
    ({"criteria": {"budget": {"weight": -1, "direction": "cost"}}}, "weight"),
    ({"criteria": {"budget": {"weight": 1, "direction": "down"}}}, "direction"),
    ({"criteria": {}}, "criteria"),
    ({"criteria": {"budget": {"weight": 1, "direction": "cost"}}, "top_k": 0}, "top_k"),
    ({"criteria": {"budget": {"weight": 1, "direction": "cost"}},
      "monte_carlo": {"relative_bound": 1.5}}, "relative_bound"),
    ({"criteria": {"budget": {"weight": 1, "direction": "cost"}},
      "shortlist_score": "vibes"}, "shortlist_score"),
])
def test_bad_criteria_file_is_refused(tmp_path, spec, message):
    with pytest.raises(ParamsError, match=message):
        read_criteria(write_yaml(tmp_path, spec))


def test_missing_input_drops_criterion_and_rescales(tmp_path):
    criteria = read_criteria(write_yaml(tmp_path, {"criteria": {
        "budget": {"weight": 1, "direction": "cost"},
        "integration_potential": {"weight": 3, "direction": "benefit"},
        "readiness": {"weight": 1, "direction": "benefit"},
    }}))
    kept, dropped = usable_criteria(criteria, PriorityInputs(year=2024))
    assert dropped == ["integration_potential"]
    assert kept.weights().to_dict() == {"budget": 0.5, "readiness": 0.5}


# ---------------------------------------------------------------- candidates and criteria


def registry():
    """Five innovations over 2023-2024; X1 was a Quick Win in 2023, X5 stopped in 2024."""
    return pd.DataFrame({
        "innovation_id": ["X1", "X1", "X2", "X3", "X4", "X5"],
        "year": [2023, 2024, 2024, 2024, 2024, 2024],
        "status": ["aktif", "aktif", "aktif", "aktif", "aktif", "dihentikan"],
        "quick_win_year": pd.array([2023, 2023, None, 2024, None, None], dtype="Int64"),
        "tahapan": ["penerapan", "penerapan", "inisiatif", "uji coba", "penerapan", "penerapan"],
        "jenis": ["digital", "digital", "non-digital", "digital", "digital", "digital"],
        "start_date": pd.to_datetime(["2021-01-10", "2021-01-10", "2024-03-01", "2023-11-20",
                                      None, "2020-01-01"]),
        "beneficiaries": pd.array([100, 120, 0, 9999, None, 5], dtype="Int64"),
        "budget_idr": [1e6, 1e6, 5e6, 0.0, 2e6, 1e6],
        "partner_agencies": ["A;B", "A;B", "", None, "C", ""],
        "pentahelix_academia": pd.array([True, True, False, True, None, False], dtype="boolean"),
        "pentahelix_business": pd.array([False, False, False, True, False, False], dtype="boolean"),
        "pentahelix_community": pd.array([False, False, True, True, False, False], dtype="boolean"),
        "pentahelix_media": pd.array([False, False, False, False, False, False], dtype="boolean"),
        "sub_dimension": ["Kesehatan", "Kesehatan", "Sampah", "Mobilitas", "Sampah", "Energi"],
    })


def test_candidates_exclude_earlier_quick_wins_and_stopped():
    candidates = quick_win_candidates(registry(), 2024)
    assert candidates["innovation_id"].tolist() == ["X2", "X3", "X4"]


def test_no_rows_in_the_year_is_an_error_naming_the_years_there_are():
    years = ", ".join(str(y) for y in sorted(set(registry()["year"])))
    with pytest.raises(DataError, match=f"no rows for the evaluation year 2030 \\(its years: "
                                        f"{years}\\)"):
        quick_win_candidates(registry(), 2030)


def test_months_running_and_partner_count_by_hand():
    # 2024-03-01 to 2024-07-01: 4 months; 2023-11-20 to 2024-07-01: 8 months.
    months = months_running(pd.Series(pd.to_datetime(["2024-03-01", "2023-11-20"])), 2024)
    assert months.tolist() == [4.0, 8.0]
    assert partner_count(pd.Series(["A;B", "", None, "C, D"])).tolist() == [2, 0, 0, 2]


def test_criteria_values_by_hand(tmp_path):
    criteria = read_criteria(resolve("params/quick_win_criteria.yaml"))
    inputs = PriorityInputs(
        year=2024,
        stage1_index=pd.Series({"Sampah": 1.5, "Mobilitas": 3.0}),
        integration_pairs=pd.DataFrame({"innovation_id_a": ["X2", "X2"],
                                        "innovation_id_b": ["X4", "X9"]}),
    )
    values = criteria_values(quick_win_candidates(registry(), 2024), criteria, inputs)
    assert values["readiness"].tolist() == [0.0, 1.0, 2.0]
    # inisiatif 12 months - 4 running = 8; uji coba 6 - 8 -> at least 1; penerapan 2, no date.
    assert values["time_to_deliver"].tolist() == [8.0, 1.0, 2.0]
    assert values["pentahelix_reach"].tolist() == [1.0, 3.0, 0.0]
    assert values["partner_agencies"].tolist() == [0.0, 0.0, 1.0]
    assert values["integration_potential"].tolist() == [2.0, 0.0, 1.0]
    assert values["sub_dimension_index"].tolist() == [1.5, 3.0, 1.5]
    assert values["digital"].tolist() == [0.0, 1.0, 1.0]
    # X3's budget of 0 is an unknown cost, not a free candidate; X2 5e6, X4 2e6 as written.
    assert values["budget"].tolist()[0] == 5e6 and np.isnan(values["budget"].tolist()[1])
    assert values["budget"].tolist()[2] == 2e6
    matrix = decision_matrix(values, criteria)
    # X4's missing beneficiaries take the median of log1p(0) and log1p(9999).
    assert matrix.loc["X4", "beneficiaries"] == pytest.approx(np.log1p(9999) / 2)


# ---------------------------------------------------------------- ranking and sensitivity


def small_set(tmp_path, bound=0.5, draws=400, top_k=1):
    return read_criteria(write_yaml(tmp_path, {
        "top_k": top_k,
        "monte_carlo": {"draws": draws, "relative_bound": bound},
        "criteria": {"beneficiaries": {"weight": 1, "direction": "benefit"},
                     "budget": {"weight": 1, "direction": "cost"}},
    }))


def test_methods_disagree_where_hand_computation_says(tmp_path):
    # Weighted sum (weights 1:1): beneficiaries min-max P 1, Q 0, R 0.6; budget (cost) P 0,
    # Q 1, R 0.6, so P = 0.5, Q = 0.5, R = 0.6: R first, P and Q tied at rank 2 (listed P
    # before Q by id).
    # TOPSIS: column norms sqrt(136) and sqrt(116); weighted P (0.4287, 0.4642), Q (0, 0),
    # R (0.2572, 0.1857); ideal (0.4287, 0), anti-ideal (0, 0.4642); C* = d-/(d+ + d-):
    # P d+ 0.4642, d- 0.4287 -> 0.480; Q d+ 0.4287, d- 0.4642 -> 0.520; R d+ 0.2528,
    # d- 0.3791 -> 0.600. Order R, Q, P.
    matrix = pd.DataFrame({"beneficiaries": [10.0, 0.0, 6.0], "budget": [10.0, 0.0, 4.0]},
                          index=["P", "Q", "R"])
    ranking = priority_ranking(matrix, small_set(tmp_path))
    assert ranking["weighted_sum"].to_dict() == pytest.approx({"P": 0.5, "Q": 0.5, "R": 0.6})
    assert ranking["topsis"].to_dict() == pytest.approx({"P": 0.480, "Q": 0.520, "R": 0.600},
                                                        abs=5e-4)
    assert ranking.index.tolist() == ["R", "P", "Q"]
    assert ranking["rank_weighted_sum"].to_dict() == {"R": 1, "P": 2, "Q": 2}  # a tie
    assert ranking["rank_topsis"].to_dict() == {"R": 1, "Q": 2, "P": 3}
    # Top 2: weighted sum R and the tie P, Q (both rank 2); TOPSIS R, Q. Only P differs.
    disagreements = method_disagreements(ranking, top_k=2)
    assert disagreements.index.tolist() == ["P"]


def test_dominant_candidate_is_always_top(tmp_path):
    matrix = pd.DataFrame({"beneficiaries": [9.0, 5.0, 1.0], "budget": [1.0, 5.0, 9.0]},
                          index=["best", "mid", "worst"])
    result = weight_sensitivity(matrix, small_set(tmp_path), seed=1)
    assert result.top_k_probability.to_dict() == {"best": 1.0, "mid": 0.0, "worst": 0.0}
    assert np.all(result.rank_correlation == 1.0)


def test_a_tie_across_the_top_k_cut_shares_the_places_left(tmp_path):
    """Issue #23, item 6. Equal rows tie under every weight draw: a1, a2 (best in both
    criteria) hold places 1-2; b1..b4 tie for places 3-6, so with k = 3 they share the one
    place left (1/4 each); z (worst) has none. At most k candidates are certain, and the
    chances of a draw add up to k."""
    matrix = pd.DataFrame({"beneficiaries": [9.0, 9.0, 5.0, 5.0, 5.0, 5.0, 1.0],
                           "budget": [1.0, 1.0, 5.0, 5.0, 5.0, 5.0, 9.0]},
                          index=["a1", "a2", "b1", "b2", "b3", "b4", "z"])
    result = weight_sensitivity(matrix, small_set(tmp_path, top_k=3), seed=1)
    assert result.top_k_probability.to_dict() == {"a1": 1.0, "a2": 1.0, "b1": 0.25, "b2": 0.25,
                                                  "b3": 0.25, "b4": 0.25, "z": 0.0}
    # k = 2 is filled by a1, a2: the tie below the cut gets nothing; k = 1: a1, a2 share it.
    assert weight_sensitivity(matrix, small_set(tmp_path, top_k=2), seed=1) \
        .top_k_probability.to_dict() == {"a1": 1.0, "a2": 1.0, "b1": 0.0, "b2": 0.0, "b3": 0.0,
                                         "b4": 0.0, "z": 0.0}
    assert weight_sensitivity(matrix, small_set(tmp_path, top_k=1), seed=1) \
        .top_k_probability.to_dict() == {"a1": 0.5, "a2": 0.5, "b1": 0.0, "b2": 0.0, "b3": 0.0,
                                         "b4": 0.0, "z": 0.0}


def test_zero_bound_reproduces_the_stated_ranking(tmp_path):
    matrix = pd.DataFrame({"beneficiaries": [9.0, 2.0, 6.0], "budget": [9.0, 1.0, 2.0]},
                          index=["a", "b", "c"])
    criteria = small_set(tmp_path, bound=0.0, draws=5)
    result = weight_sensitivity(matrix, criteria, seed=1)
    # Stated weights 0.5/0.5: a = 0.5*1 + 0.5*0 = 0.5; b = 0 + 0.5 = 0.5; c = 0.5*4/7 + 0.5*7/8.
    assert result.top_k_probability.idxmax() == "c"
    assert np.allclose(result.rank_correlation, 1.0)


def test_sensitivity_is_reproducible_and_bounded(tmp_path):
    rng = np.random.default_rng(0)
    matrix = pd.DataFrame(rng.random((12, 2)), columns=["beneficiaries", "budget"],
                          index=[f"I{i:02d}" for i in range(12)])
    criteria = replace(small_set(tmp_path, top_k=3), sensitivity_method="topsis")
    first = weight_sensitivity(matrix, criteria, seed=7)
    second = weight_sensitivity(matrix, criteria, seed=7)
    pd.testing.assert_series_equal(first.top_k_probability, second.top_k_probability)
    assert first.top_k_probability.sum() == pytest.approx(3.0)  # k places in every draw
    assert np.all((first.rank_correlation >= -1) & (first.rank_correlation <= 1))


def test_the_criteria_table_names_criteria_groups_and_sources_in_the_report_language(english):
    from smartcity_utils.quick_win.tables import labelled_criteria_table

    table = labelled_criteria_table(read_criteria(resolve("params/quick_win_criteria.yaml")))
    rows = table.set_index("Criterion")
    assert rows.loc["Budget", ["Group", "Direction", "Source"]].tolist() == \
        ["effort", "less is better", "Budget (IDR)"]
    assert rows.loc["Time to deliver", "Source"] == "Stage, Start Date"
    assert rows.loc["Pentahelix reach", "Source"] == "Pentahelix partners"
    shown = " ".join(map(str, table.to_numpy().ravel()))
    for identifier in ("budget_idr", "partner_agencies", "innovations.", "pentahelix_"):
        assert identifier not in shown


def test_sensitivity_ranks_are_rankdatas_min_and_average_ranks():
    """One sort gives both rankings; scipy's rankdata, run once per method, is the reference,
    on random scores with many ties (rounded scores, and differences below 9 decimals)."""
    from scipy.stats import rankdata

    from smartcity_utils.quick_win.sensitivity import _ranks_of

    rng = np.random.default_rng(7)
    for trial in range(100):
        scores = np.round(rng.random((rng.integers(1, 30), rng.integers(1, 80))),
                          rng.integers(0, 3))
        if trial % 5 == 0:
            scores = scores + 1e-11 * rng.random(scores.shape)  # ties to 9 decimals
        min_ranks, average_ranks = _ranks_of(scores)
        reference = -np.round(scores, 9)
        np.testing.assert_array_equal(min_ranks, rankdata(reference, method="min", axis=1))
        np.testing.assert_array_equal(average_ranks,
                                      rankdata(reference, method="average", axis=1))
        assert min_ranks.dtype == np.int64 and average_ranks.dtype == np.float64
    # by hand: scores 3, 1, 3, 2 -> min ranks 1, 4, 1, 3; average 1.5, 4, 1.5, 3
    min_ranks, average_ranks = _ranks_of(np.array([[3.0, 1.0, 3.0, 2.0]]))
    assert min_ranks.tolist() == [[1, 4, 1, 3]]
    assert average_ranks.tolist() == [[1.5, 4.0, 1.5, 3.0]]


def test_sensitivity_in_slices_is_the_sensitivity_at_once(monkeypatch):
    """The draws scored a slice at a time give exactly what scoring them all at once gives."""
    import smartcity_utils.quick_win.sensitivity as sensitivity

    criteria = read_criteria(resolve("params/quick_win_criteria.yaml"))
    rng = np.random.default_rng(3)
    matrix = pd.DataFrame(rng.random((40, len(criteria.names))), columns=criteria.names,
                          index=[f"INV-{i:02d}" for i in range(40)])
    whole = sensitivity.weight_sensitivity(matrix, criteria, 11)
    monkeypatch.setattr(sensitivity, "CELLS_PER_SLICE", matrix.size * 7)  # 7 draws a slice
    sliced = sensitivity.weight_sensitivity(matrix, criteria, 11)
    pd.testing.assert_series_equal(whole.top_k_probability, sliced.top_k_probability)
    np.testing.assert_array_equal(whole.rank_correlation, sliced.rank_correlation)
    pd.testing.assert_frame_equal(whole.rank_range, sliced.rank_range)
