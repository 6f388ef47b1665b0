"""The planted rule behind the sample's past Quick Win decisions (2022 and 2023): the ground
truth the quick-win model of workbook 03 is tested against."""

from __future__ import annotations

import numpy as np
import pandas as pd

DECISION_YEARS = (2022, 2023)

QUICK_WIN_RULE: dict = {
    "attributes": [
        "z_log1p_beneficiaries", "tahapan_penerapan", "non_government_partners",
        "z_log1p_budget_idr", "jenis_digital",
    ],
    "definitions": {
        "z_log1p_beneficiaries": "z-score of log1p(beneficiaries) within the decision unit",
        "tahapan_penerapan": "1 if tahapan == 'penerapan' else 0",
        "non_government_partners": "number of true pentahelix_academia/business/community/media",
        "z_log1p_budget_idr": "z-score of log1p(budget_idr) within the decision unit",
        "jenis_digital": "1 if jenis == 'digital' else 0",
    },
    "weights": {
        "z_log1p_beneficiaries": 1.0,
        "tahapan_penerapan": 0.8,
        "non_government_partners": 0.6,
        "z_log1p_budget_idr": -0.7,
        "jenis_digital": 0.4,
    },
    "noise_sd": 1.2,
    "share_selected": 0.18,
    "decision_years": list(DECISION_YEARS),
    "decision_unit": "the registry rows of one region (city) in one decision year",
    "selection": (
        "score = sum(weights[a] * a) + Normal(0, noise_sd) per row; in each decision unit the "
        "floor(share_selected * rows + 0.5) highest-scoring rows of innovations not selected "
        "before are selected (quick_win_year = that year); later rows of a selected innovation "
        "keep quick_win = true and the original quick_win_year; no decisions for 2024"
    ),
}


def _rule_features(rows: pd.DataFrame, in_year: np.ndarray) -> pd.DataFrame:
    """The quick-win rule's attributes for the rows of one decision year."""
    sub = rows.loc[in_year]
    by_region = sub["region_idx"]
    features = pd.DataFrame(index=sub.index)
    for name, column in (("z_log1p_beneficiaries", "beneficiaries"),
                         ("z_log1p_budget_idr", "budget_idr")):
        x = np.log1p(sub[column].astype(float))
        mean = x.groupby(by_region).transform("mean")
        sd = x.groupby(by_region).transform("std", ddof=0).replace(0.0, 1.0)
        features[name] = (x - mean) / sd
    features["tahapan_penerapan"] = (sub["tahapan"] == "penerapan").astype(float)
    features["non_government_partners"] = sub[
        [f"pentahelix_{s}" for s in ("academia", "business", "community", "media")]
    ].sum(axis=1).astype(float)
    features["jenis_digital"] = (sub["jenis"] == "digital").astype(float)
    return features


def decide_quick_wins(rows: pd.DataFrame, rng) -> pd.DataFrame:
    """Apply the planted quick-win rule to the 2022 and 2023 registry rows."""
    rule = QUICK_WIN_RULE
    noise = rng.normal(0, rule["noise_sd"], len(rows))
    selected_in = pd.Series(np.nan, index=pd.Index(rows["innovation_id"].unique()))
    for year in rule["decision_years"]:
        in_year = (rows["year"] == year).to_numpy()
        features = _rule_features(rows, in_year)
        score = sum(rule["weights"][a] * features[a] for a in rule["attributes"])
        unit = pd.DataFrame({
            "region": rows.loc[in_year, "region_idx"],
            "score": score + noise[in_year],
            "open": selected_in.reindex(rows.loc[in_year, "innovation_id"]).isna().to_numpy(),
        })
        quota = np.floor(rule["share_selected"] * unit.groupby("region").size() + 0.5)
        ranked = unit[unit["open"]].sort_values(["region", "score"], ascending=[True, False],
                                                kind="stable")
        rank = ranked.groupby("region").cumcount()
        chosen = ranked.index[rank.to_numpy() < quota.reindex(ranked["region"]).to_numpy()]
        selected_in[rows.loc[chosen, "innovation_id"].to_numpy()] = year
    when = selected_in.reindex(rows["innovation_id"]).to_numpy()
    quick_win = when <= rows["year"].to_numpy()
    rows["quick_win"] = quick_win
    rows["quick_win_year"] = pd.array(np.where(quick_win, when, np.nan), dtype="Int64")
    return rows
