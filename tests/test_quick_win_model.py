"""The learned Quick Win model against the sample generator's documented (planted) rule."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcity_utils.config import read_criteria
from smartcity_utils.data.load import load_dataset
from smartcity_utils.errors import DataError
from smartcity_utils.params import resolve
from smartcity_utils.quick_win.inputs import quick_win_candidates
from smartcity_utils.quick_win.model import (
    decision_features,
    enough_history,
    past_decisions,
    quick_win_probability,
    revealed_versus_stated,
    temporal_validation,
)
from smartcity_utils.sample.generator import quick_win_rule, write_sample

SEED = 20240605
# The generator's rule attributes (data/sample/metadata.json, planted.quick_win_rule) and the
# criterion of params/quick_win_criteria.yaml that measures the same thing.
RULE_TO_CRITERION = {
    "z_log1p_beneficiaries": "beneficiaries",
    "tahapan_penerapan": "readiness",
    "non_government_partners": "pentahelix_reach",
    "z_log1p_budget_idr": "budget",
    "jenis_digital": "digital",
}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    """The embedded sample when it is there, else the same sample written with its default seed."""
    embedded = resolve("data/sample")
    if (embedded / "metadata.json").exists():
        return embedded
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder)
    return folder


@pytest.fixture(scope="module")
def innovations(sample_dir) -> pd.DataFrame:
    return load_dataset(sample_dir).innovations


@pytest.fixture(scope="module")
def criteria():
    return read_criteria(resolve("params/quick_win_criteria.yaml"))


@pytest.fixture(scope="module")
def validation(innovations, criteria):
    return temporal_validation(past_decisions(innovations, 2024), criteria, SEED)


def test_rule_mapping_covers_the_documented_rule(sample_dir, criteria):
    rule = quick_win_rule(sample_dir)
    assert set(rule["attributes"]) == set(RULE_TO_CRITERION)
    assert set(RULE_TO_CRITERION.values()) <= set(criteria.names)
    assert rule["decision_years"] == [2022, 2023]


def test_past_decisions_follow_the_labels(innovations):
    decisions = past_decisions(innovations, 2024)
    assert sorted(decisions["year"].unique()) == [2022, 2023]
    chosen = decisions[decisions["selected"]]
    assert (chosen["quick_win_year"] == chosen["year"]).all()
    # A row of an innovation chosen in an earlier year is no longer a decision.
    assert not (decisions["quick_win_year"] < decisions["year"]).fillna(False).any()
    assert enough_history(decisions)


def test_held_out_auc_recovers_the_rule(validation):
    assert validation.train_years == [2022]
    assert validation.test_year == 2023
    assert validation.auc["logistic"] >= 0.8
    assert validation.auc["forest"] >= 0.8


@pytest.mark.parametrize("model", ["logistic", "forest"])
def test_rule_attributes_rank_highest_in_permutation_importance(validation, sample_dir, model):
    rule = quick_win_rule(sample_dir)
    importance = validation.importance[(model, "mean")].sort_values(ascending=False)
    in_rule = {RULE_TO_CRITERION[a] for a in rule["attributes"]}
    assert set(importance.index[: len(in_rule)]) == in_rule
    strongest = max(rule["weights"], key=lambda a: abs(rule["weights"][a]))
    assert importance.index[0] == RULE_TO_CRITERION[strongest]
    assert (importance.drop(list(in_rule)) <= 0.01).all()  # criteria outside the rule: ~none


def test_revealed_shares_sum_to_one(validation, criteria, english):
    table = revealed_versus_stated(validation, criteria)
    assert table["Revealed weight (logistic)"].sum() == pytest.approx(1.0)
    assert table["Stated weight"].sum() == pytest.approx(1.0)
    assert "integration_potential" not in table.index  # needs another workbook's output


def test_features_are_standardised_within_each_year(innovations, criteria):
    decisions = past_decisions(innovations, 2024)
    features = decision_features(decisions, criteria)
    assert features.index.equals(decisions.index)
    means = features.groupby(decisions["year"]).mean()
    np.testing.assert_allclose(means.to_numpy(), 0.0, atol=1e-9)


def test_candidates_get_a_probability(innovations, criteria):
    candidates = quick_win_candidates(innovations, 2024)
    probability = quick_win_probability(past_decisions(innovations, 2024), candidates, criteria,
                                        "logistic", SEED)
    assert probability.index.tolist() == candidates["innovation_id"].tolist()
    assert probability.between(0, 1).all()


def test_one_year_of_history_is_not_enough(innovations, criteria):
    one_year = past_decisions(innovations[innovations["year"] != 2022], 2024)
    assert not enough_history(one_year)
    with pytest.raises(DataError, match="two past years"):
        temporal_validation(one_year, criteria, SEED)


def test_importance_uses_every_test_decision_of_a_city(validation, innovations, criteria,
                                                       monkeypatch):
    """A city's test year (132 decisions in the sample) is scored whole: the importance is
    scikit-learn's over all its rows. Only a test year beyond IMPORTANCE_ROWS is subsampled,
    with a fresh subset per repeat."""
    from sklearn.inspection import permutation_importance

    import smartcity_utils.quick_win.model as model

    assert len(validation.test_selected) < model.IMPORTANCE_ROWS
    for name in ("logistic", "forest"):
        full = permutation_importance(validation.models[name], validation.test_features,
                                      validation.test_selected, scoring="roc_auc",
                                      n_repeats=10, random_state=SEED)
        np.testing.assert_array_equal(validation.importance[(name, "mean")],
                                      full.importances_mean)
    monkeypatch.setattr(model, "IMPORTANCE_ROWS", 50)
    subsampled = temporal_validation(past_decisions(innovations, 2024), criteria, SEED)
    assert not np.array_equal(subsampled.importance[("forest", "mean")],
                              validation.importance[("forest", "mean")])
    assert subsampled.auc == validation.auc  # the held-out AUC is always on every row
    # the figure says its revealed weights come from subsets
    title = model.importance_figure(subsampled, criteria).axes[0].get_title()
    tested = len(validation.test_selected)
    assert f"dari {tested} keputusan 2023" in title and "50 keputusan acak" in title
    monkeypatch.setattr(model, "IMPORTANCE_ROWS", tested)
    assert "acak" not in model.importance_figure(validation, criteria).axes[0].get_title()
