"""The survey's scores: per programme (one per sub-dimension) and per dimension, the mean on the
report scale with a 95% confidence interval and the number of respondents.

A respondent's statements about a programme are averaged first (`returned`), so that each
respondent counts once however many statements they answered; a respondent's score for a
dimension is the mean of their programme scores in it. A group's score is the mean of its
respondents' scores, and its interval the t-interval of that mean (mean ± t(0.975, n-1) ·
s / √n): the respondents are the sampling units, a mean of five 1-4 answers is close enough
to normal for n around 50, and the interval is exact arithmetic a reader can redo (a
bootstrap would need a seed and thousands of draws for the same answer). It is cut to the
report scale's 0..S; with fewer than two respondents there is no interval.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from smartcity_utils.survey.models import SurveyPlan
from smartcity_utils.survey.returned import ReturnedSurvey
from smartcity_utils.survey.rules import Questionnaire

SCORE_COLUMNS = ("year", "scope", "dimension", "sub_dimension", "form_id", "innovation_id",
                 "innovation_name", "agency_code", "score", "ci_low", "ci_high",
                 "n_respondents", "n_planned", "took_part")
CONFIDENCE = 0.95


def mean_interval(values: pd.Series, top: float) -> tuple[float, float, float]:
    """(mean, low, high) of `values` with the t-interval of the mean, cut to 0..top."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if n < 2:
        return mean, math.nan, math.nan
    half = stats.t.ppf((1 + CONFIDENCE) / 2, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    return mean, max(mean - half, 0.0), min(mean + half, top)


def survey_scores(survey: ReturnedSurvey, questionnaire: Questionnaire,
                  report_scale: float) -> pd.DataFrame:
    """One row per planned programme (`scope` programme) and per dimension with a form
    (`scope` dimension), in the plan's order; a programme nobody answered usably has no
    score and n_respondents 0."""
    plan = survey.plan
    if plan is None:
        return pd.DataFrame(columns=list(SCORE_COLUMNS))
    answers = survey.answers.assign(
        score=[questionnaire.report_value(v, report_scale) for v in survey.answers["score"]])
    rows = []
    for dimension in dict.fromkeys(f.dimension for f in plan.forms):
        forms = [f for f in plan.forms if f.dimension == dimension]
        for form in forms:
            for p in form.programmes:
                mine = answers.loc[answers["innovation_id"] == p.innovation_id, "score"]
                rows.append((plan.year, "programme", dimension, p.sub_dimension, form.form_id,
                             p.innovation_id, p.innovation_name, p.agency.code,
                             *mean_interval(mine, report_scale), len(mine), form.respondents,
                             survey.took_part.get(p.innovation_id, "")))
        ids = [f.form_id for f in forms]
        mine = answers[answers["form_id"].isin(ids)]
        respondents = mine.groupby(["form_id", "file", "row"])["score"].mean()
        rows.append((plan.year, "dimension", dimension, None, None, None, None, None,
                     *mean_interval(respondents, report_scale), len(respondents),
                     sum(f.respondents for f in forms), None))
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def planned_forms(survey: ReturnedSurvey) -> pd.DataFrame:
    """One row per planned form: its files, the respondent rows found, the respondents
    planned and whether it came back."""
    plan: SurveyPlan | None = survey.plan
    rows = [] if plan is None else [
        (f.form_id, f.dimension, "; ".join(f.sub_dimensions), f.file,
         "; ".join(survey.files.get(f.form_id, [])), survey.rows.get(f.form_id, 0),
         f.respondents, "; ".join(sorted({p.agency.code for p in f.programmes})),
         "returned" if f.form_id in survey.files else "missing")
        for f in plan.forms]
    return pd.DataFrame(rows, columns=["form_id", "dimension", "sub_dimensions", "form_file",
                                       "files", "n_rows", "n_planned", "agency_codes",
                                       "status"])
