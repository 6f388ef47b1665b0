"""`smartcity survey plan`, `forms` and `check`: one public function each.

The plan reads the data folder the way `validate` and workbook 00 do (`load_registry`), so it
can be made before any run and chooses from exactly the clean rows a run would have; the
choosing itself takes clean frames, so a workbook can plan from a run's clean data too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from smartcity_utils.atomic import write_atomically
from smartcity_utils.collection.layout import SURVEY_FOLDER
from smartcity_utils.collection.registry import load_registry
from smartcity_utils.config import QUESTIONNAIRE_FILE
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.formatting import sentence
from smartcity_utils.params import load_params, resolve
from smartcity_utils.spreadsheet import save_workbook
from smartcity_utils.strings import text
from smartcity_utils.survey.forms import survey_form
from smartcity_utils.survey.models import SurveyPlan
from smartcity_utils.survey.plan import PLAN_FILE, read_plan, survey_plan
from smartcity_utils.survey.plan_output import write_plan_files
from smartcity_utils.survey.problems import SEVERITIES, blocks_scoring
from smartcity_utils.survey.returned import read_returned_survey
from smartcity_utils.survey.rules import RULES_FILE, read_questionnaire, read_rules
from smartcity_utils.survey.scores import survey_scores
from smartcity_utils.survey.selection import choose_programmes, survey_agencies, survey_year

Progress = Callable[[str], None]


def _rejected_rows(dataset) -> int:
    """Registry rows the loader rejected (each counted once, whatever its problems)."""
    return len({(p.file, p.row) for p in dataset.problems
                if p.table == "innovations" and p.severity == "error" and p.row is not None})


def write_plan(data_dir: str | Path, out_dir: str | Path, year: int | None = None,
               rules_file: str | Path | None = None, city: str | None = None,
               lang: str = "id", progress: Progress = lambda line: None) -> SurveyPlan:
    """Choose the programmes and plan the forms from the registry of `data_dir`; write the
    coordinator's workbook, the CSV and the plan's JSON into `out_dir`."""
    rules_path = resolve(rules_file or RULES_FILE)
    rules, version = read_rules(rules_path)
    city = city or load_params()["city"]
    data = load_registry(data_dir, year)
    if data.innovations.empty:
        raise DataError(f"{data_dir}: no innovation registry could be read, so there is nothing "
                        f"to survey (`smartcity validate {data_dir}` says why)")
    rejected = _rejected_rows(data)
    if rejected:
        rows = "registry row was" if rejected == 1 else "registry rows were"
        progress(f"{rejected} {rows} rejected and not considered (`smartcity validate "
                 f"{data_dir}` lists the problems)")
    agencies = survey_agencies(data.agencies)
    unknown = [c for c in rules.coordinators if c not in agencies]
    if unknown:
        raise ParamsError(f"{rules_path.name}: coordinators: {', '.join(unknown)} not in the "
                          f"agencies of {data_dir}")
    year = survey_year(data.innovations, year)
    choices = choose_programmes(data.innovations, agencies, rules, year, rules_path.name)
    if all(c.chosen is None for c in choices):
        why = Counter(c.missing for c in choices)
        raise DataError(f"{data_dir}: no sub-dimension has a programme to survey in {year} ("
                        + ", ".join(f"{reason.replace('_', ' ')} in {n}"
                                    for reason, n in why.most_common())
                        + f" of the {len(choices)}); see the eligibility rules in "
                        f"{rules_path.name}")
    plan = survey_plan(choices, rules, version, year, [agencies[c] for c in rules.coordinators],
                       data_folder=Path(data_dir).name, city=city)
    for choice in choices:
        if choice.chosen is None:
            progress(f"{choice.sub_dimension}: no programme ({choice.missing.replace('_', ' ')})")
    written = write_plan_files(plan, rules, Path(out_dir), lang)
    progress(f"plan {plan.plan_id} for {year}: {sum(c.chosen is not None for c in choices)} of "
             f"{len(choices)} sub-dimensions have a programme; {len(plan.forms)} forms, "
             f"{plan.respondents} respondents; written: {', '.join(p.name for p in written)}")
    return plan


def write_forms(plan_path: str | Path, out_dir: str | Path,
                questionnaire_file: str | Path | None = None, lang: str = "id",
                progress: Progress = lambda line: None) -> list[Path]:
    """One workbook per form of the plan at `plan_path` (its folder or JSON) into `out_dir`,
    with the plan's JSON beside them (for reading the returned forms against it)."""
    plan = read_plan(plan_path)
    questionnaire, version = read_questionnaire(resolve(questionnaire_file
                                                        or QUESTIONNAIRE_FILE))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n, form in enumerate(plan.forms, start=1):
        book = survey_form(form, plan, questionnaire, version, lang)
        written.append(save_workbook(book, out / form.file))
        many = len(form.programmes)
        progress(f"form {n} of {len(plan.forms)}: {form.file} ({many} programme"
                 f"{'s' if many != 1 else ''}, {form.respondents} rows)")
    write_atomically(out / PLAN_FILE, plan.model_dump_json(indent=1) + "\n")
    return [*written, out / PLAN_FILE]


def check_returned(folder: str | Path, report_scale: float,
                   questionnaire_file: str | Path | None = None,
                   lang: str = "id") -> tuple[list[str], int]:
    """The lines `smartcity survey check` prints for a folder of returned forms (or a data
    folder holding `survei-dampak/`), scores on `report_scale`, and its exit status: 0 when
    the survey can be scored, 1 when a problem blocks scoring, 2 when there is no folder or
    no readable plan."""
    folder = Path(folder)
    if (folder / SURVEY_FOLDER).is_dir():
        folder = folder / SURVEY_FOLDER
    if not folder.is_dir():
        raise DataError(f"{folder.as_posix()}: no such folder of returned survey forms")
    questionnaire, _ = read_questionnaire(resolve(questionnaire_file or QUESTIONNAIRE_FILE))
    survey = read_returned_survey(folder, questionnaire)
    lines = [f"{p.where()}: {text(f'survey.severity.{p.severity}', lang)}: {p.message(lang)}"
             for p in survey.problems]
    if survey.plan is None:
        return lines, 2
    scores = survey_scores(survey, questionnaire, report_scale)
    for row in scores[scores["scope"] == "programme"].itertuples():
        lines.append(sentence(text("survey.check.programme", lang), lang,
                              name=row.innovation_name, score=row.score, low=row.ci_low,
                              high=row.ci_high, n=row.n_respondents, planned=row.n_planned))
    counts = Counter(p.severity for p in survey.problems)
    lines.append(text("survey.check.summary", lang).format(
        plan=survey.plan.plan_id, files=sum(len(f) for f in survey.files.values()),
        **{s: counts.get(s, 0) for s in SEVERITIES}))
    return lines, 1 if blocks_scoring(survey.problems) else 0
