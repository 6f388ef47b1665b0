"""The sample's returned impact survey (issue #26 item 7): its plan is the one `smartcity survey
plan` makes of the sample, the planted programme means are recovered within their confidence
intervals, each planted defect is reported with its file, sheet, row and column, and the
files are the same every time they are written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcity_utils.collection.registry import load_registry
from smartcity_utils.params import resolve
from smartcity_utils.sample.generator import write_sample
from smartcity_utils.sample.survey import _probabilities
from smartcity_utils.survey.returned import read_returned_survey
from smartcity_utils.survey.rules import RULES_FILE, read_questionnaire, read_rules
from smartcity_utils.survey.scores import mean_interval, survey_scores
from smartcity_utils.survey.selection import choose_programmes, survey_agencies

SAMPLE = resolve("data/sample")
FOLDER = SAMPLE / "survei-dampak"


@pytest.fixture(scope="module")
def planted():
    return json.loads((SAMPLE / "metadata.json").read_text(encoding="utf-8"))[
        "planted"]["impact_survey"]


@pytest.fixture(scope="module")
def questionnaire():
    return read_questionnaire(resolve("params/impact_questionnaire.yaml"))[0]


@pytest.fixture(scope="module")
def survey(questionnaire):
    return read_returned_survey(FOLDER, questionnaire)


@pytest.fixture(scope="module")
def scores(survey, questionnaire):
    return survey_scores(survey, questionnaire, 4.0)


def test_the_sample_plan_is_the_one_survey_plan_makes_of_the_sample(survey):
    data = load_registry(SAMPLE)
    rules, _ = read_rules(resolve(RULES_FILE))
    choices = choose_programmes(data.innovations, survey_agencies(data.agencies), rules, 2024)
    assert [c.chosen.innovation_id for c in choices] == [
        p.innovation_id for f in survey.plan.forms for p in f.programmes]
    assert len(survey.plan.forms) == 8 and survey.plan.respondents == 400


def test_planted_means_lie_within_their_confidence_intervals(planted, scores):
    programmes = scores[scores["scope"] == "programme"].set_index("innovation_id")
    truth = pd.Series(planted["programme_means"]).reindex(programmes.index)  # 1-4 = 0-4 here
    assert set(planted["programme_means"]) == set(programmes.index) and len(truth) == 18
    inside = (programmes["ci_low"] <= truth) & (truth <= programmes["ci_high"])
    # 95% intervals: about one in twenty misses its truth; 18 intervals with at most 2 misses
    # happen 94% of the time with correct intervals, and almost never with intervals too
    # narrow (statements counted as respondents would make them sqrt(5) = 2.2 times narrower)
    assert inside.sum() >= 16, programmes.assign(truth=truth)[~inside]
    assert (programmes["score"] - truth).abs().max() < 0.15


def test_the_interval_covers_the_truth_95_times_in_100():
    """The answer model of the sample, 400 programmes of 50 respondents each."""
    rng = np.random.default_rng(7)
    values = [1, 2, 3, 4]
    hits = 0
    for mean in rng.uniform(2.6, 3.6, 400):
        answers = rng.choice(values, size=(50, 5), p=_probabilities(mean, values))
        _, low, high = mean_interval(pd.Series(answers.mean(axis=1)), 4.0)
        hits += low <= mean <= high
    assert 0.92 <= hits / 400 <= 0.98  # 0.95 +- 2.7 binomial standard deviations


def test_each_planted_defect_is_reported_where_it_is(planted, survey):
    found = {(p.file, p.sheet, p.row, p.column, p.code): p for p in survey.problems}
    defects = {d["code"]: d for d in planted["defects"]}
    blank = defects["blank_answer"]
    assert (blank["file"], "Jawaban", blank["row"], blank["column"], "blank_answer") in found
    twice = defects["duplicate"]
    copy = next(p for p in survey.problems if p.code == "duplicate")
    assert (copy.file, copy.sheet, copy.row) == (twice["file"], "Jawaban", twice["row"])
    assert copy.facts["first_row"] == twice["first_row"]
    short = defects["too_few"]
    few = [p for p in survey.problems if p.code == "too_few" and p.file == short["file"]]
    assert len(few) == 3 and {p.facts["n"] for p in few} == {short["rows"]}
    assert {p.column for p in few} == {"G-K", "M-Q", "S-W"}
    absent = defects["agency_not_taking_part"]
    assert (absent["file"], "Program", absent["row"], absent["column"],
            "agency_not_taking_part") in found
    assert {i for i, said in survey.took_part.items() if said != "yes"} == {"PTK-0177"}
    assert not [p for p in survey.problems if p.severity == "error"]


def test_every_respondent_row_is_scored_or_listed(survey):
    """Each form's respondent rows: scored for some programme, or listed as not counted."""
    scored = set(zip(survey.answers["file"], survey.answers["row"], strict=True))
    listed = {(p.file, p.row) for p in survey.problems if p.severity == "excluded"}
    for form in survey.plan.forms:
        rows = {(f, r) for f, r in scored | listed if f == form.file}
        assert len(rows) == survey.rows[form.form_id], form.form_id


def test_the_survey_files_are_the_same_every_time(tmp_path):
    write_sample(tmp_path)
    for path in sorted(FOLDER.iterdir()):
        assert (tmp_path / "survei-dampak" / path.name).read_bytes() == path.read_bytes(), \
            path.name
    assert Path(tmp_path / "metadata.json").read_bytes() == (SAMPLE / "metadata.json").read_bytes()
