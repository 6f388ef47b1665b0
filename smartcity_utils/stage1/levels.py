"""The assessment's indicator levels on the report scale, checked: every column the Stage I
scores need, and every level within 0..scale_max (a DataError names the file row)."""

from __future__ import annotations

import pandas as pd

from smartcity_utils.errors import DataError

REQUIRED_COLUMNS = (
    "agency_code", "innovation_id", "year", "evaluation_dimension", "dimension", "sub_dimension",
    "indicator_code", "indicator", "level", "scale_max", "evidence_ref", "evidence_present",
)


def _check_assessment(assessment: pd.DataFrame) -> None:
    absent = [c for c in REQUIRED_COLUMNS if c not in assessment.columns]
    if absent:
        raise DataError(f"assessment table lacks column(s): {', '.join(absent)}")
    level = assessment["level"].astype("float64")
    scale_max = assessment["scale_max"].astype("float64")
    bad = level.isna() | scale_max.isna() | (scale_max <= 0) | (level < 0) | (level > scale_max)
    if bad.any():
        row = assessment[bad].iloc[0]
        where = (f"row {row['source_row']} of {row['source_file']}"
                 if "source_row" in assessment.columns else f"agency {row['agency_code']}")
        raise DataError(
            f"assessment: {int(bad.sum())} row(s) with a level outside 0..scale_max or no "
            f"scale, first at {where} (indicator {row['indicator_code']}, level "
            f"{row['level']}, scale_max {row['scale_max']})"
        )


def normalised_levels(assessment: pd.DataFrame, scale: float) -> pd.DataFrame:
    """The assessment rows with `score` = level / scale_max * scale (the report scale)."""
    _check_assessment(assessment)
    level = assessment["level"].astype("float64")
    return assessment.assign(score=level / assessment["scale_max"].astype("float64") * scale)
