"""What one Stage I assessment row counts for: the indicator it belongs to, whether its evidence
is there, and its place in the official form's order."""

from __future__ import annotations

import pandas as pd

from smartcity_utils.vocabulary import DIMENSIONS, EVALUATION_DIMENSIONS, SUB_DIMENSIONS

INDICATOR_KEYS = ["agency_code", "dimension", "sub_dimension", "evaluation_dimension",
                  "indicator_code"]
"""The rows of one indicator: their mean is the indicator's score."""


def evidence_lacking(rows: pd.DataFrame) -> pd.Series:
    """True where a row has no evidence; an unknown evidence status counts as none."""
    return ~rows["evidence_present"].astype("boolean").fillna(False).astype(bool)


def evidence_known(rows: pd.DataFrame) -> pd.Series:
    """Per agency: True when at least one of its assessment rows states whether its evidence is
    there. Where none does (the column is absent or empty) the count of missing evidence is
    unknown, not "all missing"."""
    return rows["evidence_present"].notna().groupby(rows["agency_code"]).any()


def form_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort key columns of smart-city dimension, sub-dimension and evaluation dimension."""
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    sub_order = {s: i for subs in SUB_DIMENSIONS.values() for i, (s, _, _) in enumerate(subs)}
    eval_order = {d: i for i, d in enumerate(EVALUATION_DIMENSIONS)}
    return frame.assign(
        _dim=frame["dimension"].map(order).astype("float64"),
        _sub=frame["sub_dimension"].map(sub_order).astype("float64"),
        _eval=frame["evaluation_dimension"].map(eval_order).astype("float64"),
    )


SURVEY_INDICATOR = "SURVEI-DAMPAK"
"""The indicator code of an Impact row that comes from the impact survey (`stage1.impact`)."""


def from_survey(rows: pd.DataFrame) -> pd.Series:
    """True where a row (or an indicator score) is a programme's impact survey score."""
    return rows["indicator_code"].eq(SURVEY_INDICATOR)


def impact_sources(indicators: pd.DataFrame) -> pd.Series:
    """Per agency with an Impact score: `survey` when it comes from the impact survey, `typed`
    when from the agency's own Impact levels."""
    impact = indicators[indicators["evaluation_dimension"] == "Impact"]
    return from_survey(impact).groupby(impact["agency_code"]).any().map(
        {True: "survey", False: "typed"})
