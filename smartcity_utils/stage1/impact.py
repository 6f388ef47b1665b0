"""The Impact evaluation dimension from the impact survey, where there is one.

The rule (docs/evaluation.md, *Impact from the survey*): an agency responsible for a programme
with a survey score of the evaluation year has, as its Impact indicators, one per surveyed
programme, scored with the programme's survey mean on the report scale; its own Impact levels
of that year are set aside (listed, not lost). Every other agency keeps its typed Impact
levels; an agency without any assessment row of the year stays not assessed (its programmes'
survey scores are shown, not turned into an index). The survey asks the residents what the
agency's Impact levels only state, so the two are not mixed: the residents' answer replaces
the agency's. The index, the city's Impact and every table after it follow from these rows as
from any others.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from smartcity_utils.names import agency_labels
from smartcity_utils.stage1.levels import normalised_levels
from smartcity_utils.stage1.rows import SURVEY_INDICATOR
from smartcity_utils.stage1.scoring import indicator_scores

SURVEY_EVIDENCE = "survei-dampak/{file}"  # where a survey row's evidence is: its form
SURVEY_INDICATOR_NAME = "Survei dampak"


@dataclass(frozen=True)
class SurveyImpact:
    """The assessment with the survey's Impact rows, and the typed rows they replace."""

    assessment: pd.DataFrame
    replaced: pd.DataFrame  # the surveyed agencies' own Impact rows of the year, set aside
    programmes: pd.DataFrame  # the programme scores used (survey_scores rows)


def survey_programmes(scores: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """The programme scores of the evaluation year that can be used (a score, a respondent)."""
    if scores is None or scores.empty:
        return pd.DataFrame(columns=[] if scores is None else scores.columns)
    keep = (scores["scope"] == "programme") & (scores["year"] == year) & scores["score"].notna()
    return scores[keep].reset_index(drop=True)


def with_survey_impact(assessment: pd.DataFrame, scores: pd.DataFrame | None, year: int,
                       scale: float) -> SurveyImpact:
    """`assessment` with each surveyed agency's Impact rows of `year` replaced by its
    programmes' survey scores (`scores`: 00's survey_scores table; None or empty: unchanged)."""
    programmes = survey_programmes(scores, year)
    if programmes.empty:
        return SurveyImpact(assessment, assessment.iloc[0:0], programmes)
    # an agency with no assessment row of the year stays not assessed: a survey score alone
    # would give it an index (its Impact) it never filled in the form for
    assessed = assessment.loc[assessment["year"] == year, "agency_code"]
    programmes = programmes[programmes["agency_code"].isin(assessed)].reset_index(drop=True)
    typed = ((assessment["year"] == year) & (assessment["evaluation_dimension"] == "Impact")
             & assessment["agency_code"].isin(programmes["agency_code"]))
    survey_rows = pd.DataFrame({
        "agency_code": programmes["agency_code"], "innovation_id": programmes["innovation_id"],
        "year": year, "evaluation_dimension": "Impact", "dimension": programmes["dimension"],
        "sub_dimension": programmes["sub_dimension"], "indicator_code": SURVEY_INDICATOR,
        "indicator": SURVEY_INDICATOR_NAME, "level": programmes["score"], "scale_max": scale,
        "evidence_ref": [SURVEY_EVIDENCE.format(file=f"formulir_dampak_{f}.xlsx")
                         for f in programmes["form_id"]],
        "evidence_present": True})
    rows = pd.concat([assessment[~typed], survey_rows], ignore_index=True)
    return SurveyImpact(rows, assessment[typed].reset_index(drop=True), programmes)


def impact_comparison(impact: SurveyImpact, agencies: pd.DataFrame,
                      scale: float) -> pd.DataFrame:
    """Per surveyed agency: its programmes, the survey's Impact score and the Impact score of
    its own levels that the survey replaces (empty when it had none)."""
    programmes = impact.programmes
    if programmes.empty:
        return pd.DataFrame(columns=["agency_code", "short_name", "programmes",
                                     "score_survey", "score_typed"])
    survey = programmes.groupby("agency_code").agg(
        programmes=("innovation_name", "; ".join), score_survey=("score", "mean"))
    typed = indicator_scores(normalised_levels(impact.replaced, scale)) \
        if len(impact.replaced) else pd.DataFrame(columns=["agency_code", "score"])
    survey["score_typed"] = typed.groupby("agency_code")["score"].mean().reindex(survey.index)
    frame = survey.reset_index()
    frame.insert(1, "short_name", agency_labels(frame["agency_code"], agencies))
    return frame

