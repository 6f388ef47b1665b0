"""The returned survey in a run: read once, by 00, before Stage I is scored.

`read_run_survey` reads the data folder's `survei-dampak/` against its plan with the
project's questionnaire and writes three tables for the workbooks after it: the scores (01
scores the Impact dimension with them, 04 and the agency pages show them), the forms and the
problems. A data folder without a survey gets the three tables empty, so that a later
workbook can say "no survey" rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smartcity_utils.artifacts import RunFolder
from smartcity_utils.collection.layout import SURVEY_FOLDER
from smartcity_utils.config import QUESTIONNAIRE_FILE
from smartcity_utils.formatting import sentence
from smartcity_utils.params import resolve
from smartcity_utils.strings import text
from smartcity_utils.survey.problems import problems_frame
from smartcity_utils.survey.returned import ReturnedSurvey, read_returned_survey
from smartcity_utils.survey.rules import read_questionnaire
from smartcity_utils.survey.scores import planned_forms, survey_scores


@dataclass(frozen=True)
class RunSurvey:
    survey: ReturnedSurvey
    scores: pd.DataFrame
    forms: pd.DataFrame
    problems: pd.DataFrame


def read_survey(data_dir: str | Path, report_scale: float) -> RunSurvey:
    """The data folder's returned survey, scored on the report scale."""
    questionnaire, _ = read_questionnaire(resolve(QUESTIONNAIRE_FILE))
    survey = read_returned_survey(Path(data_dir) / SURVEY_FOLDER, questionnaire)
    return RunSurvey(survey, survey_scores(survey, questionnaire, report_scale),
                     planned_forms(survey), problems_frame(survey.problems))


def write_run_survey(run: RunFolder, data_dir: str | Path, report_scale: float) -> RunSurvey:
    """Read the returned survey and write its three tables into the run."""
    read = read_survey(data_dir, report_scale)
    run.write_table("survey_scores", read.scores)
    run.write_table("survey_forms", read.forms)
    run.write_table("survey_problems", read.problems)
    return read


def survey_note(forms: pd.DataFrame, scores: pd.DataFrame, problems: pd.DataFrame,
                lang: str) -> str:
    """One sentence on what came back (or that there is no survey), for 00 and 04."""
    if forms.empty:
        key = "survey.read.no_plan" if len(problems) else "survey.read.none"
        return text(key, lang).format(folder=SURVEY_FOLDER)
    programmes = scores[scores["scope"] == "programme"]
    return sentence(text("survey.read.summary", lang), lang,
                    returned=int((forms["status"] == "returned").sum()), forms=len(forms),
                    scored=int(programmes["score"].notna().sum()), programmes=len(programmes),
                    errors=int((problems["severity"] == "error").sum()),
                    excluded=int((problems["severity"] == "excluded").sum()),
                    warnings=int((problems["severity"] == "warning").sum()))
