"""What the Quick Win data can carry: a thin registry (every criterion but one empty or
constant), ties shown as ties, unknown costs, and a sensitivity that says it cannot judge."""

import numpy as np
import pandas as pd
import pytest

from smartcity_utils.config import read_criteria
from smartcity_utils.params import resolve
from smartcity_utils.quick_win import evidence
from smartcity_utils.quick_win.inputs import PriorityInputs, quick_win_candidates
from smartcity_utils.quick_win.model import enough_history, history_note, past_decisions
from smartcity_utils.quick_win.scoring import priority_ranking
from smartcity_utils.quick_win.sensitivity import weight_sensitivity
from smartcity_utils.quick_win.tables import shortlist_candidates
from smartcity_utils.quick_win.values import criteria_values, decision_matrix


def thin_registry() -> pd.DataFrame:
    """Six applications of 2024 as an inventory lists them: names and agencies; one stage, all
    digital, no budget, beneficiaries, dates, partners or pentahelix flags."""
    n = 6
    return pd.DataFrame({
        "innovation_id": [f"A{i}" for i in range(1, n + 1)],
        "innovation_name": [f"App {i}" for i in range(1, n + 1)],
        "agency_code": ["X", "X", "Y", "Y", "Z", "Z"],
        "dimension": "Smart Governance", "sub_dimension": "Layanan Publik",
        "year": 2024, "status": "aktif",
        "quick_win_year": pd.array([None] * n, dtype="Int64"),
        "tahapan": "penerapan", "jenis": "digital",
        "start_date": pd.to_datetime([None] * n),
        "beneficiaries": pd.array([None] * n, dtype="Int64"),
        "budget_idr": [np.nan, 0.0, np.nan, 0.0, np.nan, np.nan],
        "partner_agencies": [None] * n,
        **{f"pentahelix_{s}": pd.array([None] * n, dtype="boolean")
           for s in ("government", "academia", "business", "community", "media")},
    })


@pytest.fixture
def thin(english):
    criteria = read_criteria(resolve("params/quick_win_criteria.yaml"))
    rows = quick_win_candidates(thin_registry(), 2024)
    # A1 is in two integration pairs, A3 in one, the others in none.
    pairs = pd.DataFrame({"innovation_id_a": ["A1", "A1"], "innovation_id_b": ["A3", "A5"]})
    inputs = PriorityInputs(year=2024, stage1_index=pd.Series({"Layanan Publik": 2.0}),
                            integration_pairs=pairs)
    values = criteria_values(rows, criteria, inputs)
    used, left_out = evidence.varying_criteria(values, criteria)
    matrix = decision_matrix(values[used.names], used)
    return rows, values, used, left_out, matrix


def test_thin_registry_leaves_out_and_names_every_criterion_but_the_one_that_varies(thin):
    _, _, used, left_out, _ = thin
    assert used.names == ["integration_potential"]
    assert used.weights().tolist() == [1.0]  # the weight renormalised to the one left
    reasons = {name: reason for name, reason, _ in left_out}
    assert reasons == {"beneficiaries": "no_data", "budget": "no_data",
                       "sub_dimension_index": "constant", "readiness": "constant",
                       "time_to_deliver": "constant", "pentahelix_reach": "constant",
                       "partner_agencies": "constant", "digital": "constant"}
    note = evidence.left_out_note(left_out)
    assert "- Budget: no value for any candidate" in note
    assert "- Readiness: the same value (2) for every candidate" in note


def test_thin_registry_ranks_ties_as_ties(thin):
    _, _, used, _, matrix = thin
    ranking = priority_ranking(matrix, used)
    # integration potential 2, 1, 1 (A5 in one pair too), 0, 0, 0 -> ranks 1, 2, 2, 4, 4, 4
    assert ranking["rank_weighted_sum"].to_dict() == {"A1": 1, "A3": 2, "A5": 2, "A2": 4,
                                                      "A4": 4, "A6": 4}
    note = evidence.ties_note(ranking, "weighted_sum")
    assert note.splitlines()[2:] == ["- 3 candidates tie at score 0.000 (rank 4)",
                                     "- 2 candidates tie at score 0.500 (rank 2)"]


def test_thin_registry_says_the_sensitivity_cannot_be_judged(thin):
    _, _, used, _, matrix = thin
    assert not evidence.sensitivity_meaningful(matrix)
    assert "cannot be judged" in evidence.sensitivity_note(matrix)
    result = weight_sensitivity(matrix, used, seed=3)
    # what the old report called robust: nothing can move with one criterion
    assert np.all(result.rank_correlation == 1.0)


def test_two_varying_criteria_make_the_sensitivity_meaningful():
    matrix = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0], "c": [5.0, 5.0, 5.0]})
    assert evidence.varying_count(matrix) == 2
    assert evidence.sensitivity_meaningful(matrix)


def test_zero_or_empty_budget_is_an_unknown_cost_never_free(thin):
    rows, _, used, _, matrix = thin
    shortlist_input = shortlist_candidates(rows, priority_ranking(matrix, used), "weighted_sum")
    assert shortlist_input["cost_idr"].isna().all()  # two budgets of 0, four empty
    note = evidence.unknown_cost_note(shortlist_input)
    assert note.startswith("6 candidates have no cost (budget empty or 0: unknown, not free)")
    assert "App 2" in note


def test_no_criterion_varying_keeps_them_all_and_every_score_ties(english):
    values = pd.DataFrame({"beneficiaries": [np.nan, np.nan], "budget": [5.0, 5.0]},
                          index=["P", "Q"])
    criteria = read_criteria(resolve("params/quick_win_criteria.yaml"))
    criteria = criteria.without([n for n in criteria.names if n not in values])
    used, left_out = evidence.varying_criteria(values, criteria)
    assert used.names == criteria.names and len(left_out) == 2


def test_too_few_past_decisions_are_named(english):
    """Two decision years, each with chosen and unchosen rows, but 2 chosen of 11: too few."""
    rows = thin_registry().drop(columns="year")
    years = pd.concat([rows.assign(year=2022), rows.assign(year=2023)], ignore_index=True)
    # A1 chosen in 2022 (then no longer a candidate), A2 chosen in 2023
    chosen = {("A1", 2022): 2022, ("A1", 2023): 2022, ("A2", 2023): 2023}
    years["quick_win_year"] = pd.array([chosen.get((i, y)) for i, y in
                                        zip(years["innovation_id"], years["year"], strict=True)],
                                       dtype="Int64")
    decisions = past_decisions(years, 2024)
    assert decisions["selected"].sum() == 2 and len(decisions) == 11  # A1 2023 was no candidate
    assert not enough_history(decisions)
    assert "too few to learn from" in history_note(decisions)
    assert "No Quick Win decisions" in history_note(decisions.iloc[0:0])
