"""The sample's Stage I assessment: which agencies are assessed, the rows of each evaluation
dimension, their levels (agency, dimension and year effects) and evidence references."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

from smartcity_utils.sample import text as txt
from smartcity_utils.vocabulary import DIMENSION_OF, EVALUATION_DIMENSIONS

ASSESSMENT_YEARS = (2023, 2024)

ASSESSMENT_MODEL: dict = {
    "level": "clip(round(base + agency_effect + dimension_effect + year_effect + noise), 0, 4)",
    "base": 2.3,
    "agency_effect_sd": 0.55,
    "dimension_effect": {"Baseline": 0.25, "Output": 0.1, "Outcome": -0.05, "Impact": -0.3,
                         "Quick Win": 0.15},
    "year_effect": {"2023": 0.0, "2024": 0.3},
    "noise_sd": 0.7,
    "scale_max": 4,
    "evidence_missing_share": 0.15,
    "indicators_per_dimension": [2, 4],
    "innovation_rows": "Quick Win QW-01 for each quick-win innovation of an assessed agency",
}
_EVIDENCE_MISSING = ASSESSMENT_MODEL["evidence_missing_share"]


def assessment_rows(regions, agencies, rows, rng) -> tuple[pd.DataFrame, list[str]]:
    """Stage I assessment rows for 2023 and 2024, and the agencies left unassessed."""
    assessed = _assessed_agencies(regions, agencies, rng)
    agency_level = _agency_level_rows(agencies, assessed, rows, rng)
    innovation_level = _innovation_level_rows(agencies, assessed, rows)
    frame = pd.concat([agency_level, innovation_level], ignore_index=True)
    frame = frame.sort_values(["_agency_idx", "year", "_dim_pos", "_innov_pos", "_ind_pos"],
                              kind="stable", ignore_index=True)
    unassessed = agencies.loc[~assessed, "agency_code"].tolist()
    return _score_and_evidence(frame, regions, agencies, rng), unassessed


def _assessed_agencies(regions, agencies, rng) -> np.ndarray:
    """Mask of assessed agencies: all but two or three per region (never Diskominfo)."""
    key = rng.random(len(agencies))
    key[agencies["role"].to_numpy() == "DISKOMINFO"] = 2.0
    region = agencies["region_idx"].to_numpy()
    order = np.lexsort((key, region))
    rank = np.empty(len(agencies), dtype=int)
    rank[order] = pd.Series(region[order]).groupby(region[order]).cumcount().to_numpy()
    left_out = rng.integers(2, 4, len(regions))
    left_out[regions["size"].to_numpy() < 8] = 0
    return rank >= left_out[region]


def _agency_level_rows(agencies, assessed, rows, rng) -> pd.DataFrame:
    """Two to four indicators per evaluation dimension for every assessed agency and year."""
    who = np.flatnonzero(assessed)
    n_dims, n_ind = len(EVALUATION_DIMENSIONS), 4
    keys = rng.random((len(who), n_dims, n_ind))
    rank = keys.argsort(axis=2).argsort(axis=2)
    keep = rank < rng.integers(2, n_ind + 1, (len(who), n_dims))[:, :, None]
    a, d, j = np.nonzero(keep)
    n_years = len(ASSESSMENT_YEARS)
    frame = pd.DataFrame({
        "_agency_idx": np.tile(who[a], n_years),
        "_dim_pos": np.tile(d, n_years),
        "_ind_pos": np.tile(j, n_years),
        "year": np.repeat(ASSESSMENT_YEARS, len(a)),
        "_innov_pos": -1,
        "innovation_id": "",
    })
    sub = _sub_dimension_of_agency(agencies, rows, frame["_agency_idx"].to_numpy(), rng)
    return frame.assign(sub_dimension=sub)


def _sub_dimension_of_agency(agencies, rows, agency_idx, rng) -> np.ndarray:
    """A sub-dimension drawn from each row's agency's innovations (default: bureaucracy)."""
    latest = rows.drop_duplicates("innovation_id", keep="last")
    by_agency = latest.sort_values("agency_idx", kind="stable")
    counts = np.bincount(by_agency["agency_idx"], minlength=len(agencies))
    starts = np.concatenate([[0], np.cumsum(counts)])[:-1]
    pick = starts[agency_idx] + (rng.random(len(agency_idx)) * counts[agency_idx]).astype(int)
    subs = by_agency["sub_dimension"].to_numpy(dtype=object)
    default = "Tata Kelola Birokrasi"
    return np.where(counts[agency_idx] > 0, subs[np.minimum(pick, len(subs) - 1)], default)


def _innovation_level_rows(agencies, assessed, rows) -> pd.DataFrame:
    """Quick Win rows (QW-01) for the quick-win innovations of assessed agencies."""
    mask = (rows["year"].isin(ASSESSMENT_YEARS) & rows["quick_win"]
            & assessed[rows["agency_idx"].to_numpy()])
    picked = rows.loc[mask]
    return pd.DataFrame({
        "_agency_idx": picked["agency_idx"].to_numpy(),
        "_dim_pos": EVALUATION_DIMENSIONS.index("Quick Win"),
        "_ind_pos": 0,
        "year": picked["year"].to_numpy(),
        "_innov_pos": picked.index.to_numpy(),  # registry order is innovation_id order
        "innovation_id": picked["innovation_id"].to_numpy(dtype=object),
        "sub_dimension": picked["sub_dimension"].to_numpy(dtype=object),
    })


def _score_and_evidence(frame, regions, agencies, rng) -> pd.DataFrame:
    """Levels, indicator texts, evidence and canonical columns of the assessment rows."""
    model = ASSESSMENT_MODEL
    n = len(frame)
    dim_pos, ind_pos = frame["_dim_pos"].to_numpy(), frame["_ind_pos"].to_numpy()
    dims = np.array(EVALUATION_DIMENSIONS, dtype=object)[dim_pos]
    ability = rng.normal(0, model["agency_effect_sd"], len(agencies))[frame["_agency_idx"]]
    dim_effect = np.array([model["dimension_effect"][d] for d in EVALUATION_DIMENSIONS])
    year_effect = np.where(frame["year"].to_numpy() == 2024, model["year_effect"]["2024"],
                           model["year_effect"]["2023"])
    latent = (model["base"] + ability + dim_effect[dim_pos] + year_effect
              + rng.normal(0, model["noise_sd"], n))
    level = np.clip(np.rint(latent), 0, model["scale_max"]).astype("int64")
    codes = np.array([[c for c, _ in txt.INDICATORS[d]] for d in EVALUATION_DIMENSIONS])
    texts = np.array([[t for _, t in txt.INDICATORS[d]] for d in EVALUATION_DIMENSIONS])
    who = frame["_agency_idx"].to_numpy()
    present = rng.random(n) >= _EVIDENCE_MISSING
    fields = {
        "y": frame["year"].astype(str).to_numpy(dtype=object),
        "py": (frame["year"] - 1).astype(str).to_numpy(dtype=object),
        "short": agencies["short_name"].to_numpy(dtype=object)[who],
        "head": regions["head"].to_numpy(dtype=object)[agencies["region_idx"].to_numpy()[who]],
        "n": rng.integers(1, 60, n).astype(str).astype(object),
    }
    evidence = _evidence_refs(dim_pos, fields, rng)
    sub_dimension = frame["sub_dimension"].to_numpy(dtype=object)
    return pd.DataFrame({
        "agency_code": agencies["agency_code"].to_numpy(dtype=object)[who],
        "innovation_id": frame["innovation_id"].to_numpy(dtype=object),
        "year": frame["year"].to_numpy(),
        "evaluation_dimension": dims,
        "dimension": pd.Series(sub_dimension).map(DIMENSION_OF).to_numpy(dtype=object),
        "sub_dimension": sub_dimension,
        "indicator_code": codes[dim_pos, ind_pos],
        "indicator": texts[dim_pos, ind_pos],
        "level": level,
        "scale_max": model["scale_max"],
        "evidence_ref": np.where(present, evidence, ""),
        "evidence_present": present,
    })


def _evidence_refs(dim_pos: np.ndarray, fields: dict, rng) -> np.ndarray:
    """A plausible evidence document name for every assessment row (vectorised formatting)."""
    u = rng.random(len(dim_pos))
    out = np.full(len(dim_pos), "", dtype=object)
    for d, dim in enumerate(EVALUATION_DIMENSIONS):
        templates = txt.EVIDENCE[dim]
        choice = (u * len(templates)).astype(int)
        for t, template in enumerate(templates):
            rows = (dim_pos == d) & (choice == t)
            text = np.full(rows.sum(), "", dtype=object)
            for literal, field, _, _ in string.Formatter().parse(template):
                text = text + literal
                if field:
                    text = text + fields[field][rows]
            out[rows] = text
    return out
