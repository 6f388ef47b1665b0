"""What moves the score: each action's stated gain is what applying it to the assessment data
and recomputing the scores (`stage1_scores`, rows without evidence at the rulebook's
`missing_evidence_score`) gives. The small example's gains are computed by hand in the
comments; on the sample, the ten best actions are applied one by one."""

import pandas as pd
import pytest
import yaml

from smartcity_utils.config import read_weights
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import resolve
from smartcity_utils.stage1.scoring import stage1_scores

SET_1 = {"Baseline": 10, "Output": 20, "Outcome": 30, "Impact": 30, "Quick Win": 10}
BANDS = [{"lower": 0, "id": "Kurang", "en": "Poor"}, {"lower": 2, "id": "Baik", "en": "Good"}]
ROW_KEYS = ["agency_code", "dimension", "sub_dimension", "evaluation_dimension",
            "indicator_code", "innovation_id"]


def _weights(tmp_path, missing_evidence_score=0, name="w.yaml"):
    data = {"framework": "smart_city", "version": "test", "years": {}, "source": "hand-made",
            "unverified": "hand-made", "weights": SET_1, "scale": 4, "bands": BANDS,
            "published_value": {"decimals": 2, "rounding": "half_up"},
            "missing_evidence_score": missing_evidence_score}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return read_weights(path)


def _row(agency, evaluation_dimension, code, level, evidence=True, innovation=""):
    return {"agency_code": agency, "innovation_id": innovation, "year": 2024,
            "evaluation_dimension": evaluation_dimension, "dimension": "Smart Governance",
            "sub_dimension": "Layanan Publik", "indicator_code": code,
            "indicator": f"Indikator {code}", "level": level, "scale_max": 4,
            "evidence_ref": "", "evidence_present": evidence}


def _typed(frame):
    return frame.astype({"year": "Int64", "level": "float64", "scale_max": "float64",
                         "evidence_present": "boolean", "innovation_id": "str"})


def _assessment():
    """Two agencies, scale 4 = scale_max, so a row's score is its level."""
    return _typed(pd.DataFrame([
        _row("A", "Baseline", "BL-01", 2),
        _row("A", "Baseline", "BL-02", 3, evidence=False),
        _row("A", "Output", "OP-01", 4),
        _row("A", "Outcome", "OC-01", 1, innovation="X"),
        _row("A", "Outcome", "OC-01", 3, innovation="Y"),
        _row("A", "Impact", "IM-01", 2),
        # B: no Output, Impact or Quick Win
        _row("B", "Baseline", "BL-01", 4),
        _row("B", "Outcome", "OC-01", 2, evidence=False),
    ]))


def _agencies(codes=("A", "B")):
    return pd.DataFrame({"agency_code": list(codes), "short_name": [f"Dinas {c}" for c in codes],
                         "agency_name": [f"Dinas {c} Kota" for c in codes]})


# ------------------------------------------------------------------ apply and recompute


def _verified(assessment, weights):
    """The assessment as an assessor would score it: a row whose evidence is absent or
    unknown, of an agency that states evidence for some row, at `missing_evidence_score`."""
    if weights.missing_evidence_score is None:
        return assessment
    rows = assessment.copy()
    states = rows["evidence_present"].notna().groupby(rows["agency_code"]).transform("any")
    lacking = ~rows["evidence_present"].fillna(False).astype(bool) & states
    rows.loc[lacking, "level"] = (weights.missing_evidence_score / weights.scale
                                  * rows.loc[lacking, "scale_max"])
    return rows


def _indices(assessment, agencies, weights):
    result = stage1_scores(_verified(assessment, weights), agencies, weights, 2024)
    by_agency = result.index_by_agency.set_index("agency_code")["index"]
    return result.city_index["index"].iloc[0], by_agency


def _the_row(assessment, action):
    """The first row of the year the action names (same keys, level and evidence state)."""
    match = assessment["year"] == 2024
    for key in ROW_KEYS:
        value = action[key]
        column = assessment[key]
        match &= column.isna() | (column == "") if pd.isna(value) or value == "" \
            else column == value
    match &= assessment["level"] == action["level"]
    lacking = ~assessment["evidence_present"].fillna(False).astype(bool)
    if action["action"] == "evidence":
        match &= lacking
    elif (match & ~lacking).any():  # a row with evidence rises first
        match &= ~lacking
    assert match.any(), f"no row for {action.to_dict()}"
    return match[match].index[0]


def _applied(assessment, action, weights):
    """The assessment after `action`: evidence completed, one level up, or the missing
    evaluation dimension assessed on every indicator code the year's rows use in it."""
    rows = assessment.copy()
    if action["action"] == "evidence":
        rows.loc[_the_row(rows, action), "evidence_present"] = True
    elif action["action"] == "level":
        i = _the_row(rows, action)
        rows.loc[i, "level"] = min(rows.loc[i, "level"] + 1, rows.loc[i, "scale_max"])
    else:
        year = rows[rows["year"] == 2024]
        codes = sorted(set(year.loc[year["evaluation_dimension"]
                                    == action["evaluation_dimension"], "indicator_code"]))
        # with evidence, or, for an agency whose rows never say, saying nothing either
        states = year.loc[year["agency_code"] == action["agency_code"],
                          "evidence_present"].notna().any()
        new = [_row(action["agency_code"], action["evaluation_dimension"], code,
                    action["score_after"] / weights.scale * 4, evidence=True if states else None)
               for code in codes or ["NEW-1"]]
        assert len(new) == action["n_indicators"]
        rows = pd.concat([rows, _typed(pd.DataFrame(new))], ignore_index=True)
    return rows


def _check_gains(assessment, agencies, weights, actions):
    city, by_agency = _indices(assessment, agencies, weights)
    for _, action in actions.iterrows():
        assert action["index_verified_city"] == pytest.approx(city, abs=1e-12)
        assert action["index_verified_agency"] == pytest.approx(
            by_agency[action["agency_code"]], abs=1e-12)
        city_after, agency_after = _indices(_applied(assessment, action, weights), agencies,
                                            weights)
        assert city_after - city == pytest.approx(action["gain_city"], abs=1e-9), action
        assert agency_after[action["agency_code"]] - by_agency[action["agency_code"]] == \
            pytest.approx(action["gain_agency"], abs=1e-9), action


# ------------------------------------------------------------------ by hand

# Verified with missing_evidence_score 0 (A's BL-02 and B's OC-01 score 0):
# A: Baseline (2 + 0)/2 = 1, Output 4, Outcome OC-01 (1 + 3)/2 = 2, Impact 2; weights present
#    10+20+30+30 = 90: index (10*1 + 20*4 + 30*2 + 30*2)/90 = 210/90.
# B: Baseline 4, Outcome 0; weights 10+30 = 40: index (40 + 0)/40 = 1.
# City: Baseline (2 + 0 + 4)/3 = 2 (3 indicators), Output 4 (1), Outcome (2 + 0)/2 = 1 (2),
#    Impact 2 (1), no Quick Win; index (20 + 80 + 30 + 60)/90 = 190/90.
# gain = weight/sum of present weights * delta / rows of the indicator / indicators of the
# dimension (agency's for its own index, the city's for the city's):
HAND = [
    # (rank, action, agency, indicator, innovation, city gain, agency gain)
    # B OC-01 evidence: delta 2; city 30/90 * 2/1/2 = 1/3; B 30/40 * 2/1/1 = 1.5
    (1, "evidence", "B", "OC-01", "", 1 / 3, 1.5),
    # A IM-01 2 -> 3: city 30/90 * 1/1/1 = 1/3, A the same 1/3 (less than 1.5: second)
    (2, "level", "A", "IM-01", "", 1 / 3, 1 / 3),
    # A BL-02 evidence: delta 3; city 10/90 * 3/1/3 = 1/9; A 10/90 * 3/1/2 = 1/6
    (3, "evidence", "A", "BL-02", "", 1 / 9, 1 / 6),
    # A OC-01 of X 1 -> 2 and of Y 3 -> 4: two rows: city 30/90 * 1/2/2 = 1/12;
    # A 30/90 * 1/2/1 = 1/6; X before Y
    (4, "level", "A", "OC-01", "X", 1 / 12, 1 / 6),
    (5, "level", "A", "OC-01", "Y", 1 / 12, 1 / 6),
    # A BL-01 2 -> 3: city 10/90 * 1/1/3 = 1/27; A 10/90 * 1/1/2 = 1/18
    (6, "level", "A", "BL-01", "", 1 / 27, 1 / 18),
    # B assesses Impact at its mean indicator score (4 + 0)/2 = 2 on IM-01, the city's one
    # Impact code: the city's Impact mean stays (2 + 2)/2 = 2: city 0;
    # B 30 * (2 - 1)/(40 + 30) = 3/7
    (7, "dimension", "B", None, None, 0.0, 3 / 7),
    # Quick Win, which nobody has: one indicator, the weight joins the city's 90:
    # B at 2: city 10 * (2 - 190/90)/(90 + 10) = -1/90; B 10 * (2 - 1)/(40 + 10) = 1/5
    (8, "dimension", "B", None, None, -1 / 90, 1 / 5),
    # A at its mean (2 + 0 + 4 + 2 + 2)/5 = 2: city -1/90 as well; A 10 * (2 - 210/90)/100
    # = -1/30 (lower own gain: after B)
    (9, "dimension", "A", None, None, -1 / 90, -1 / 30),
    # B assesses Output at 2 on OP-01: city mean (4 + 2)/2 = 3, down 1: 20/90 * -1 = -2/9;
    # B 20 * (2 - 1)/(40 + 20) = 1/3
    (10, "dimension", "B", None, None, -2 / 9, 1 / 3),
]


def test_gains_by_hand_with_missing_evidence_at_zero(tmp_path):
    weights = _weights(tmp_path)
    actions = stage1_scores(_assessment(), _agencies(), weights, 2024).index_actions
    assert len(actions) == len(HAND)  # B's BL-01 and A's OP-01 are at 4; no level up without
    # evidence while it scores 0
    for (rank, kind, agency, code, innovation, city, own), (_, a) in zip(
            HAND, actions.iterrows(), strict=True):
        assert (a["rank"], a["action"], a["agency_code"]) == (rank, kind, agency)
        if code is not None:
            assert (a["indicator_code"], a["innovation_id"] or "") == (code, innovation)
        assert a["gain_city"] == pytest.approx(city, abs=1e-12)
        assert a["gain_agency"] == pytest.approx(own, abs=1e-12)
    assert actions.loc[6:9, "evaluation_dimension"].tolist() == \
        ["Impact", "Quick Win", "Quick Win", "Output"]
    assert actions["index_verified_city"].iloc[0] == pytest.approx(190 / 90)
    assert actions["short_name"].iloc[0] == "Dinas B"
    _check_gains(_assessment(), _agencies(), weights, actions)


def test_missing_evidence_scored_as_stated_when_the_rulebook_leaves_it_empty(tmp_path):
    weights = _weights(tmp_path, missing_evidence_score=None)
    actions = stage1_scores(_assessment(), _agencies(), weights, 2024).index_actions
    assert "evidence" not in set(actions["action"])  # completing evidence changes nothing
    # Stated: city Baseline (2 + 3 + 4)/3 = 3, Output 4, Outcome (2 + 2)/2 = 2, Impact 2:
    # (30 + 80 + 60 + 60)/90 = 230/90
    assert actions["index_verified_city"].iloc[0] == pytest.approx(230 / 90)
    # B's OC-01 may now rise 2 -> 3: city 30/90 * 1/1/2 = 1/6; B 30/40 * 1 = 3/4
    b = actions[(actions["agency_code"] == "B") & (actions["action"] == "level")].iloc[0]
    assert (b["gain_city"], b["gain_agency"]) == (pytest.approx(1 / 6), pytest.approx(0.75))
    _check_gains(_assessment(), _agencies(), weights, actions)


def test_an_agency_whose_rows_never_state_evidence_is_scored_as_stated(tmp_path):
    weights = _weights(tmp_path)
    assessment = _assessment()
    assessment.loc[assessment["agency_code"] == "B", "evidence_present"] = pd.NA
    actions = stage1_scores(assessment, _agencies(), weights, 2024).index_actions
    mine = actions[actions["agency_code"] == "B"]
    assert "evidence" not in set(mine["action"])
    # B stated: Baseline 4, Outcome 2: (40 + 60)/40 = 2.5
    assert mine["index_verified_agency"].iloc[0] == pytest.approx(2.5)
    _check_gains(assessment, _agencies(), weights, actions)


def test_missing_evidence_score_must_lie_on_the_scale(tmp_path):
    with pytest.raises(ParamsError, match="missing_evidence_score.*0..scale, got 5"):
        _weights(tmp_path, missing_evidence_score=5)
    with pytest.raises(ParamsError, match="'missing_evidence_score' must be a number"):
        _weights(tmp_path, missing_evidence_score="nol")


def test_the_rulebooks_score_answers_without_evidence_at_zero():
    for name in ("smart_city_10-20-30-30-10.yaml", "smart_city_10-20-30-20-20.yaml"):
        assert read_weights(resolve(f"params/rulebooks/{name}")).missing_evidence_score == 0


# ------------------------------------------------------------------ on the sample data


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The embedded sample (data/sample), or the same generator's output when not written yet."""
    from smartcity_utils.data.load import load_dataset
    from smartcity_utils.sample.generator import write_sample

    folder = resolve("data/sample")
    if not (folder / "metadata.json").exists():
        folder = tmp_path_factory.mktemp("sample")
        write_sample(folder)
    return load_dataset(folder)


@pytest.fixture(scope="module")
def rulebook():
    # the rulebook a 2024 run chooses by its year
    return read_weights(resolve("params/rulebooks/smart_city_10-20-30-20-20.yaml"))


def test_the_ten_best_actions_on_the_sample_give_their_stated_gain(sample, rulebook):
    actions = stage1_scores(sample.assessment, sample.agencies, rulebook, 2024).index_actions
    best = actions.head(10)
    assert best["gain_city"].is_monotonic_decreasing and (best["gain_city"] > 0).all()
    _check_gains(sample.assessment, sample.agencies, rulebook, best)


def test_assessing_a_missing_dimension_on_the_sample_gives_its_stated_gain(sample, rulebook):
    assessment = sample.assessment
    year = assessment[assessment["year"] == 2024]
    agency = sorted(year["agency_code"].unique())[0]
    dropped = assessment[~((assessment["year"] == 2024) & (assessment["agency_code"] == agency)
                           & (assessment["evaluation_dimension"] == "Impact"))]
    actions = stage1_scores(dropped, sample.agencies, rulebook, 2024).index_actions
    mine = actions[(actions["action"] == "dimension")]
    assert mine[["agency_code", "evaluation_dimension"]].values.tolist() == [[agency, "Impact"]]
    assert mine["n_indicators"].iloc[0] == year.loc[year["evaluation_dimension"] == "Impact",
                                                    "indicator_code"].nunique()
    _check_gains(dropped.reset_index(drop=True), sample.agencies, rulebook, mine)


# ------------------------------------------------------------------ in words, on the pages


def test_a_gain_never_reads_zero_when_it_is_not():
    from smartcity_utils import formatting as fmt

    # two significant digits, at least two decimals
    assert [fmt.gain(v, "id") for v in (0.6, 0.012903, 0.000023, -1 / 90, 1.5, 0)] == \
        ["+0,60", "+0,013", "+0,000023", "-0,011", "+1,50", "0"]
    assert fmt.gain(0.0097, "en") == "+0.0097"


class _Run:
    """The few facts of a run the lists read (reports.agency_facts.RunFacts has them all)."""

    def __init__(self, result, weights):
        self.tables = {"index_actions": result.index_actions, "city_index": result.city_index}
        self.names = {"A": "Dinas A", "B": "Dinas B"}
        self.innovation_names = {"X": "Inovasi X", "Y": "Inovasi Y"}
        self.missing_evidence_score = weights.missing_evidence_score

    def table(self, name):
        return self.tables[name]


def test_an_agency_box_and_page_list_its_own_best_actions(tmp_path):
    from smartcity_utils.reports import agency_facts, index_actions
    from smartcity_utils.reports.agency_facts import AgencyFacts

    weights = _weights(tmp_path)
    run = _Run(stage1_scores(_assessment(), _agencies(), weights, 2024), weights)
    # B stated: (10*4 + 30*2)/40 = 2.5
    mine = AgencyFacts(code="B", name="Dinas B", short_name="B", display_name="Dinas B",
                       year=2024, lang="id", stage1_ran=True, assessed=True, index=2.5)
    agency_facts._actions(mine, run)
    # B's own gains, largest first (HAND): evidence 1.5, Impact 3/7, Output 1/3, Quick Win 1/5
    assert mine.actions["gain_agency"].tolist() == pytest.approx([1.5, 3 / 7, 1 / 3, 1 / 5])
    assert index_actions.box_phrase(mine) == [
        "Lengkapi bukti dukung indikator OC-01 “Indikator OC-01” – Outcome, Smart Governance: "
        "indeks Anda +1,50, indeks kota +0,33",
        "Isi penilaian dimensi evaluasi Impact yang masih kosong (1 indikator, diperkirakan "
        "bernilai 2,00, rata-rata indikator yang sudah dinilai): indeks Anda +0,43, indeks kota 0",
        "Isi penilaian dimensi evaluasi Output yang masih kosong (1 indikator, diperkirakan "
        "bernilai 2,00, rata-rata indikator yang sudah dinilai): indeks Anda +0,33, "
        "indeks kota -0,22"]
    # verified B: (10*4 + 30*0)/40 = 1
    assert "indeks Anda 1,00, sedangkan menurut isian Anda 2,50" in \
        index_actions.actions_intro(mine).data
    table = index_actions.actions_table(mine)
    assert table.columns.tolist() == ["Tambahan indeks Anda", "Tambahan indeks kota"]
    assert table.iloc[:, 0].tolist() == ["+1,50", "+0,43", "+0,33", "+0,20"]


def test_index_html_lists_the_actions_that_raise_the_city_index(tmp_path):
    from smartcity_utils.reports.index_actions import city_actions_html

    weights = _weights(tmp_path)
    run = _Run(stage1_scores(_assessment(), _agencies(), weights, 2024), weights)
    page = city_actions_html(run, "en")
    # positive city gains only (HAND ranks 1-6), in rank order
    rows = page.split("<tr>")[2:]
    assert len(rows) == 6
    assert rows[0].startswith('<th scope="row">Dinas B</th>') and "+0.33" in rows[0]
    assert "Raise indicator OC-01 “Indikator OC-01” (innovation Inovasi X) from level 1 to " \
        "level 2 – Outcome, Smart Governance" in rows[3]
    # stated city: (10*3 + 20*4 + 30*2 + 30*2)/90 = 230/90 = 2.56; verified 190/90 = 2.11
    assert "city index 2.11, against 2.56 as the agencies filled it in" in page
