"""Stage I's Impact from the impact survey (issue #26 item 5, docs/evaluation.md *Impact from
the survey*): one agency's Impact score computed by hand from the cells of its returned forms,
and the sample's index with and without the survey."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from smartcity_utils.collection.registry import load_registry
from smartcity_utils.context import default_params, run_context
from smartcity_utils.params import resolve
from smartcity_utils.stage1.impact import impact_comparison, with_survey_impact
from smartcity_utils.stage1.rows import SURVEY_INDICATOR
from smartcity_utils.stage1.scoring import stage1_scores
from smartcity_utils.survey.run import read_survey

SAMPLE = resolve("data/sample")
YEAR = 2024
ANSWER = {"Sangat tidak setuju": 1, "Tidak setuju": 2, "Setuju": 3, "Sangat setuju": 4}


@pytest.fixture(scope="module")
def weights():
    return run_context(default_params()).weights


@pytest.fixture(scope="module")
def data():
    return load_registry(SAMPLE)


@pytest.fixture(scope="module")
def survey(weights):
    return read_survey(SAMPLE, weights.scale)


@pytest.fixture(scope="module")
def both(data, survey, weights):
    impact = with_survey_impact(data.assessment, survey.scores, YEAR, weights.scale)
    return (stage1_scores(data.assessment, data.agencies, weights, YEAR),
            stage1_scores(impact.assessment, data.agencies, weights, YEAR), impact)


def _by_hand(path, programme: str) -> float:
    """The programme's mean over its respondents, each respondent's five statements averaged
    first; rows with no answer are unused, a row with a blank statement does not count."""
    book = load_workbook(path, data_only=True)
    order = dict(p for p in ((p.name, p.value) for p in book.custom_doc_props))
    k = order["smartcity_programmes"].split("; ").index(programme)
    sheet = book["Jawaban"]
    first = 7 + 6 * k  # B-E the respondent, then per programme: usage, 5 statements (G = 7)
    means, seen = [], set()
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=23, values_only=True):
        if all(v is None for v in row):
            continue
        assert row not in seen  # no row entered twice in this form
        seen.add(row)
        answers = row[first - 2:first + 3]
        assert row[first - 3] != "Belum pernah"
        if all(a in ANSWER for a in answers):
            means.append(sum(ANSWER[a] for a in answers) / 5)
    assert len(means) == 50
    return sum(means) / len(means)


def test_an_agencys_impact_by_hand_from_its_returned_forms(both):
    _, with_survey, _ = both
    # DLH runs Proteksi (PTK-0177) and Sampah (PTK-0057), both on the Smart Environment form;
    # a 1-4 answer is its own number on the 0-4 report scale (v / 4 * 4)
    form = SAMPLE / "survei-dampak" / "formulir_dampak_2024-smart-environment.xlsx"
    expected = (_by_hand(form, "PTK-0177") + _by_hand(form, "PTK-0057")) / 2
    dlh = with_survey.index_by_agency.set_index("agency_code").loc["DLH"]
    assert dlh["score_impact"] == pytest.approx(expected, abs=1e-12)
    assert dlh["impact_source"] == "survey"


def test_the_index_follows_the_survey(both, weights, survey):
    without, with_survey, impact = both
    before = without.index_by_agency.set_index("agency_code")
    after = with_survey.index_by_agency.set_index("agency_code")
    surveyed = set(survey.scores.loc[survey.scores["scope"] == "programme", "agency_code"])
    assert len(surveyed) == 16
    others = [c for c in before.index if c not in surveyed]
    pd.testing.assert_series_equal(before.loc[others, "index"], after.loc[others, "index"])
    assert set(after.loc[others, "impact_source"].dropna()) == {"typed"}
    # a surveyed agency's index: the weighted mean of its five scores, Impact the survey's
    dlh = after.loc["DLH"]
    w = weights.weights
    scores = {d: dlh[f"score_{d.lower().replace(' ', '_')}"] for d in w}
    assert dlh["index"] == pytest.approx(sum(w[d] * scores[d] for d in w) / sum(w.values()))
    assert dlh["index"] != pytest.approx(before.loc["DLH", "index"])
    # the city's Impact: the mean of every Impact indicator, now the 18 programmes' survey
    # scores beside the other agencies' own Impact indicators
    typed = without.indicator_scores
    typed = typed[(typed["evaluation_dimension"] == "Impact")
                  & ~typed["agency_code"].isin(surveyed)]["score"]
    programmes = impact.programmes["score"]
    city = with_survey.city_index.iloc[0]
    assert city["score_impact"] == pytest.approx(
        (typed.sum() + programmes.sum()) / (len(typed) + len(programmes)))
    assert city["index"] != pytest.approx(without.city_index.iloc[0]["index"])


def test_the_typed_impact_rows_are_set_aside_not_lost(both, data, survey):
    _, with_survey, impact = both
    rows = data.assessment
    set_aside = rows[(rows["year"] == YEAR) & (rows["evaluation_dimension"] == "Impact")
                     & rows["agency_code"].isin(impact.programmes["agency_code"])]
    assert len(impact.replaced) == len(set_aside) > 0
    # 18 programmes surveyed; those of agencies with no assessment row of the year (Kec.
    # Pontianak Barat, Kec. Pontianak Selatan in the sample) give no Impact row
    scored = survey.scores[(survey.scores["scope"] == "programme")
                           & (survey.scores["year"] == YEAR)]
    assessed = set(rows.loc[rows["year"] == YEAR, "agency_code"])
    used = scored[scored["agency_code"].isin(assessed)]
    assert len(scored) == 18 and len(used) == 16
    assert len(impact.assessment) == len(rows) - len(set_aside) + len(used)
    survey_rows = with_survey.scored_rows[with_survey.scored_rows["indicator_code"]
                                          == SURVEY_INDICATOR]
    assert len(survey_rows) == len(used)
    assert set(survey_rows["evidence_status"]) == {"present"}


def test_a_survey_score_is_not_an_action_to_raise(both):
    _, with_survey, _ = both
    actions = with_survey.index_actions
    assert not (actions["indicator_code"] == SURVEY_INDICATOR).any()


def test_the_comparison_shows_the_survey_beside_the_own_levels(both, data, weights):
    _, _, impact = both
    table = impact_comparison(impact, data.agencies, weights.scale).set_index("agency_code")
    assert table.loc["DLH", "programmes"] == "Hutan Kota Pontianak Plus; Bank Sampah"
    # Kec. Pontianak Barat has no assessment row in 2024: it stays not assessed, its survey
    # score does not become an index
    assert "KEC-PTK-BARAT" not in table.index
    _, with_survey, _ = both
    agency = with_survey.index_by_agency.set_index("agency_code")
    assert not agency.loc["KEC-PTK-BARAT", "assessed"]


def test_no_survey_no_change(data, weights):
    impact = with_survey_impact(data.assessment, None, YEAR, weights.scale)
    assert impact.assessment is data.assessment and impact.replaced.empty
