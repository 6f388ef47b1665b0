"""What a survey form and the reading of it agree on: the document properties that keep the
form's identity inside the workbook (whatever its file is called), its sheets and where the
respondents' rows begin."""

from __future__ import annotations

from smartcity_utils.collection.layout import YEAR_PROPERTY  # noqa: F401 (re-exported: the templates' own)

# Document properties of a form (spreadsheet.set_identity), besides YEAR_PROPERTY
FORM_PROPERTY = "smartcity_survey_form"            # the form id, e.g. 2024-smart-living
PLAN_PROPERTY = "smartcity_survey_plan"            # the plan id (survey_plan.json)
DIMENSION_PROPERTY = "smartcity_dimension"
SUB_DIMENSIONS_PROPERTY = "smartcity_sub_dimensions"  # `; ` between them
PROGRAMMES_PROPERTY = "smartcity_programmes"       # innovation ids, `; ` between them, in order
RESPONDENTS_PROPERTY = "smartcity_respondents"     # respondents planned
QUESTIONNAIRE_PROPERTY = "smartcity_questionnaire"  # the questionnaire file's version and sha
LANGUAGE_PROPERTY = "smartcity_language"           # the language of the answers' labels
SEPARATOR = "; "

ANSWER_SHEET = {"id": "Jawaban", "en": "Answers"}
FIRST_RESPONDENT_ROW = 3  # row 1: the programmes, row 2: the questions

PROGRAMME_SHEET = {"id": "Program", "en": "Programmes"}
FIRST_PROGRAMME_ROW = 2   # row 1: the headings, then one row per programme in the form's order
# The column where each programme's responsible agency says it took part in the survey (S1:
# the coordinators may not survey without it): one of TOOK_PART, by language.
TOOK_PART_COLUMN = 6
TOOK_PART = {"yes": {"id": "Ya", "en": "Yes"}, "no": {"id": "Tidak", "en": "No"}}


def took_part_answers(lang: str) -> list[str]:
    return [TOOK_PART[k][lang] for k in ("yes", "no")]
