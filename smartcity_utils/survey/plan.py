"""Planning the respondents: which forms to send, with which programmes, to how many people.

The programme's briefing of 7 September 2023 (docs/impact_survey.md): one form per dimension
covering its three programmes, each respondent answering for all three, 50 respondents per
dimension; Smart Branding as three forms of 50, one per sub-dimension; any other dimension may
be split the same way when respondents who know all three programmes are hard to find.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from smartcity_utils.errors import DataError
from smartcity_utils.stamps import digest
from smartcity_utils.survey.models import Agency, Form, SubDimensionChoice, SurveyPlan
from smartcity_utils.survey.rules import SurveyRules
from smartcity_utils.vocabulary import DIMENSIONS

ALWAYS_SPLIT = ("Smart Branding",)  # three forms of 50, one per sub-dimension (S2)
PLAN_FILE = "survey_plan.json"      # the plan as data, beside the coordinator's workbook


def form_id(year: int, dimension: str, sub_dimension: str | None = None) -> str:
    """`2024-smart-living`, or `2024-smart-branding-wisata` for one sub-dimension's form."""
    words = [dimension, *([sub_dimension] if sub_dimension else [])]
    return "-".join([str(year), *("-".join(w.lower().split()) for w in words)])


def form_file(form: str) -> str:
    return f"formulir_dampak_{form}.xlsx"


def _form(year: int, dimension: str, choices: list[SubDimensionChoice],
          respondents: int) -> Form | None:
    programmes = tuple(c.chosen for c in choices if c.chosen is not None)
    if not programmes:
        return None
    split = len(choices) == 1
    fid = form_id(year, dimension, choices[0].sub_dimension if split else None)
    responsible = tuple(dict.fromkeys(p.agency for p in programmes))
    return Form(form_id=fid, file=form_file(fid), dimension=dimension,
                sub_dimensions=tuple(c.sub_dimension for c in choices), programmes=programmes,
                missing=tuple(c.sub_dimension for c in choices if c.chosen is None),
                respondents=respondents, responsible=responsible)


def plan_forms(choices: list[SubDimensionChoice], rules: SurveyRules, year: int) -> list[Form]:
    """The forms, dimension by dimension: one per dimension, or one per sub-dimension for
    Smart Branding and the rules' `split_dimensions`; none where no programme was chosen."""
    forms = []
    for dimension in DIMENSIONS:
        mine = [c for c in choices if c.dimension == dimension]
        split = dimension in ALWAYS_SPLIT or dimension in rules.split_dimensions
        groups = [[c] for c in mine] if split else [mine]
        forms += [f for g in groups if (f := _form(year, dimension, g,
                                                   rules.respondents_per_form))]
    return forms


def survey_plan(choices: list[SubDimensionChoice], rules: SurveyRules, rules_version: str,
                year: int, coordinators: list[Agency], data_folder: str,
                city: str) -> SurveyPlan:
    """The plan: the choices, the forms, and an id that changes when a form's programmes or
    respondents do."""
    forms = plan_forms(choices, rules, year)
    content = [(f.form_id, [p.innovation_id for p in f.programmes], f.respondents)
               for f in forms]
    return SurveyPlan(plan_id=digest(json.dumps([year, content]))[:12], year=year, city=city,
                      rules_version=rules_version, data_folder=data_folder,
                      coordinators=tuple(coordinators), choices=tuple(choices),
                      forms=tuple(forms))


def read_plan(path: str | Path) -> SurveyPlan:
    """A plan written by `smartcity survey plan` (its folder or its JSON file), checked."""
    path = Path(path)
    if path.is_dir():
        path = path / PLAN_FILE
    try:
        return SurveyPlan.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path.as_posix()} not found: run `smartcity survey plan` first and "
                        "give its output folder") from None
    except ValidationError as exc:
        raise DataError(f"{path.as_posix()} is not a survey plan written by `smartcity survey "
                        f"plan` ({exc.error_count()} problems, the first: "
                        f"{exc.errors()[0]['msg']}); write the plan again") from None
