"""Stage I scores: every expected value below is computed by hand from the small table in
`_assessment` (the arithmetic is written next to each assertion), never copied from the code."""

import json
import math

import pandas as pd
import pytest
import yaml

from smartcity_utils.artifacts import RunFolder
from smartcity_utils.config import read_weights
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.params import resolve
from smartcity_utils.stage1 import figures, tables
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, stage1_scores
from smartcity_utils.stamps import RunStamp
from smartcity_utils.strings import use_language

STAMP = RunStamp(year=2024, city="Kota", data="d", weights="w", clusters="c", criteria="q",
                 budget=1.0)

BANDS = [{"lower": 0, "id": "Kurang", "en": "Poor"}, {"lower": 1.5, "id": "Cukup", "en": "Fair"},
         {"lower": 2.5, "id": "Baik", "en": "Good"},
         {"lower": 3.5, "id": "Sangat Baik", "en": "Very Good"}]
SET_1 = {"Baseline": 10, "Output": 20, "Outcome": 30, "Impact": 30, "Quick Win": 10}
SET_2 = {"Baseline": 10, "Output": 20, "Outcome": 30, "Impact": 20, "Quick Win": 20}
GOV, LIVING = "Smart Governance", "Smart Living"


def _weights_file(folder, weights, name="w.yaml", **extra):
    data = {"framework": "smart_city", "version": "test", "years": {},
            "source": "hand-made for tests", "unverified": "everything", "weights": weights,
            "scale": 4, "bands": BANDS,
            "published_value": {"decimals": 2, "rounding": "half_up"}, **extra}
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _row(agency, year, evaluation_dimension, code, level, scale_max=4, dimension=GOV,
         sub="Layanan Publik", evidence=True, innovation=""):
    return {"agency_code": agency, "innovation_id": innovation, "year": year,
            "evaluation_dimension": evaluation_dimension, "dimension": dimension,
            "sub_dimension": sub, "indicator_code": code, "indicator": f"Indikator {code}",
            "level": level, "scale_max": scale_max,
            "evidence_ref": "SK 1/2024" if evidence else "", "evidence_present": evidence}


def _assessment(single_agency=False):
    rows = [
        # Agency A, 2024: every evaluation dimension present.
        _row("A", 2024, "Baseline", "BL-01", 2),                  # 2/4*4 = 2.0
        _row("A", 2024, "Baseline", "BL-02", 3),                  # 3.0 -> Baseline 2.5
        _row("A", 2024, "Output", "OP-01", 4, scale_max=5, evidence=False),  # 4/5*4 = 3.2
        _row("A", 2024, "Outcome", "OC-01", 1, sub="Kebijakan Publik"),       # 1.0
        _row("A", 2024, "Impact", "IM-01", 3),                    # 3.0
        _row("A", 2024, "Quick Win", "QW-01", 4, innovation="INV-1"),  # two innovations on
        _row("A", 2024, "Quick Win", "QW-01", 4, innovation="INV-2", evidence=None),  # 4.0
        # Agency A, 2023 (previous year): Baseline 1.0, Output 2.0.
        _row("A", 2023, "Baseline", "BL-01", 1),
        _row("A", 2023, "Output", "OP-01", 2),
    ]
    if not single_agency:
        rows += [
            # Agency B, 2024: Impact and Quick Win missing.
            _row("B", 2024, "Baseline", "BL-01", 4, dimension=LIVING, sub="Kesehatan"),  # 4.0
            _row("B", 2024, "Output", "OP-01", 2, dimension=LIVING, sub="Kesehatan"),    # 2.0
            _row("B", 2024, "Outcome", "OC-01", 3, dimension=LIVING, sub="Kesehatan"),   # 3.0
        ]
    frame = pd.DataFrame(rows)
    return frame.astype({"year": "Int64", "level": "float64", "scale_max": "float64",
                         "evidence_present": "boolean", "innovation_id": "str"})


def _agencies(codes=("A", "B", "C")):
    return pd.DataFrame({"agency_code": list(codes),
                         "short_name": [f"Dinas {c}" for c in codes],
                         "agency_name": [f"Dinas {c} Kota" for c in codes]})


@pytest.fixture
def set_1(tmp_path):
    return read_weights(_weights_file(tmp_path, SET_1, "set1.yaml"))


@pytest.fixture
def set_2(tmp_path):
    return read_weights(_weights_file(tmp_path, SET_2, "set2.yaml"))


@pytest.fixture
def result(set_1):
    return stage1_scores(_assessment(), _agencies(), set_1, 2024)


def _by_agency(result):
    return result.index_by_agency.set_index("agency_code")


# A: (10*2.5 + 20*3.2 + 30*1.0 + 30*3.0 + 10*4.0) / 100 = (25+64+30+90+40)/100 = 2.49
INDEX_A_SET_1 = 2.49
# B: Impact and Quick Win missing -> (10*4 + 20*2 + 30*3) / (10+20+30) = 170/60
INDEX_B = 170 / 60


def test_agency_index_by_hand(result):
    table = _by_agency(result)
    assert table.loc["A", "score_baseline"] == pytest.approx(2.5)
    assert table.loc["A", "score_output"] == pytest.approx(3.2)  # scale 5 normalised to 4
    assert table.loc["A", "score_quick_win"] == pytest.approx(4.0)
    assert table.loc["A", "index"] == pytest.approx(INDEX_A_SET_1)
    assert table.loc["A", "band"] == "Cukup"   # 1.5 <= 2.49 < 2.5
    assert table.loc["B", "band"] == "Baik"    # 2.5 <= 2.83 < 3.5


def test_switching_weights_changes_the_index(set_2):
    table = _by_agency(stage1_scores(_assessment(), _agencies(), set_2, 2024))
    # A: (10*2.5 + 20*3.2 + 30*1.0 + 20*3.0 + 20*4.0) / 100 = (25+64+30+60+80)/100 = 2.59
    assert table.loc["A", "index"] == pytest.approx(2.59)
    # B has only Baseline/Output/Outcome, weighted 10/20/30 in both sets: unchanged.
    assert table.loc["B", "index"] == pytest.approx(INDEX_B)


def test_the_published_index_has_two_decimals_rounded_half_up(result):
    table = _by_agency(result)
    # A 2.49 stays 2.49; B 170/60 = 2.8333... -> 2.83
    assert table.loc["A", "index_published"] == 2.49
    assert table.loc["B", "index_published"] == 2.83
    assert math.isnan(table.loc["C", "index_published"])  # not assessed
    by_sub = result.index_by_sub_dimension.set_index("sub_dimension")
    # Layanan Publik 219/70 = 3.12857... -> 3.13 (the other index tables carry it too)
    assert by_sub.loc["Layanan Publik", "index_published"] == 3.13
    # the city: 2.72 exactly -> 2.72
    assert result.city_index.loc[0, "index_published"] == 2.72


def test_the_band_is_the_published_value_s(set_1):
    """An index of 2.497 is shown 2,50: its band is the one from 2.5 (Baik), not Cukup."""
    rows = pd.DataFrame([_row("A", 2024, "Baseline", "BL-01", 2.497)]).astype(
        {"year": "Int64", "level": "float64", "scale_max": "float64",
         "evidence_present": "boolean", "innovation_id": "str"})
    table = _by_agency(stage1_scores(rows, _agencies(["A"]), set_1, 2024))
    # one dimension present: the index is its score, 2.497 / 4 * 4 = 2.497 -> 2.50
    assert table.loc["A", "index"] == pytest.approx(2.497)
    assert table.loc["A", "index_published"] == 2.5
    assert table.loc["A", "band"] == "Baik"


def test_missing_dimensions_renormalise_and_are_reported(result):
    table = _by_agency(result)
    assert table.loc["B", "index"] == pytest.approx(INDEX_B)
    assert not table.loc["B", "complete"]
    assert table.loc["B", "dimensions_missing"] == "Impact; Quick Win"
    assert math.isnan(table.loc["B", "score_impact"])  # missing, not zero
    missing = result.missing_dimensions
    assert missing[["agency_code", "evaluation_dimension", "weight"]].values.tolist() == [
        ["B", "Impact", 30.0], ["B", "Quick Win", 10.0]]


def test_agency_without_rows_is_not_assessed_not_dropped(result):
    table = result.index_by_agency
    assert table["agency_code"].tolist() == ["C", "A", "B"]  # not assessed, then weakest first
    row = _by_agency(result).loc["C"]
    assert not row["assessed"] and math.isnan(row["index"])
    assert result.not_assessed["agency_code"].tolist() == ["C"]
    assert result.city_index.loc[0, "n_agencies_not_assessed"] == 1
    assert _by_agency(result).loc["B", "rank"] == 1 and _by_agency(result).loc["A", "rank"] == 2


def test_city_index_pools_indicator_scores(result):
    city = result.city_index.iloc[0]
    # Baseline (2.0 + 3.0 + 4.0)/3 = 3.0; Output (3.2 + 2.0)/2 = 2.6; Outcome (1.0 + 3.0)/2 = 2.0;
    # Impact 3.0; Quick Win 4.0 -> (10*3 + 20*2.6 + 30*2 + 30*3 + 10*4)/100 = 2.72
    assert city["score_output"] == pytest.approx(2.6)
    assert city["index"] == pytest.approx(2.72)
    assert city["band"] == "Baik"
    assert 0 <= city["index"] <= city["scale"] == 4


def test_city_with_a_single_agency(set_1):
    result = stage1_scores(_assessment(single_agency=True), _agencies(["A"]), set_1, 2024)
    assert result.city_index.loc[0, "index"] == pytest.approx(INDEX_A_SET_1)
    assert result.index_by_agency["index"].tolist() == pytest.approx([INDEX_A_SET_1])
    assert result.not_assessed.empty


def test_dimension_and_sub_dimension_indices(result):
    by_dim = result.index_by_dimension.set_index("dimension")
    assert by_dim.loc[GOV, "index"] == pytest.approx(INDEX_A_SET_1)
    assert by_dim.loc[LIVING, "index"] == pytest.approx(INDEX_B)
    assert len(by_dim) == 6 and by_dim["index"].isna().sum() == 4
    by_sub = result.index_by_sub_dimension.set_index("sub_dimension")
    assert len(by_sub) == 18
    # Layanan Publik: Outcome missing -> (10*2.5 + 20*3.2 + 30*3 + 10*4)/(10+20+30+10) = 219/70
    assert by_sub.loc["Layanan Publik", "index"] == pytest.approx(219 / 70)
    assert by_sub.loc["Kebijakan Publik", "index"] == pytest.approx(1.0)
    assert by_sub.loc["Kebijakan Publik", "dimensions_missing"] == (
        "Baseline; Output; Impact; Quick Win")


def test_evidence_todo_lists_rows_without_evidence(result):
    todo = result.evidence_todo
    assert todo["agency_code"].tolist() == ["A", "A"]
    assert todo[["indicator_code", "evidence_status"]].values.tolist() == [
        ["OP-01", "missing"], ["QW-01", "unknown"]]
    by_agency = result.evidence_by_agency.set_index("agency_code")
    assert by_agency.loc["A", "evidence_missing"] == 2 and by_agency.loc["A", "n_rows"] == 7
    assert by_agency.loc["A", "share_missing"] == pytest.approx(2 / 7)
    assert by_agency.loc["B", "evidence_missing"] == 0


def test_change_against_previous_year(result):
    change = result.change_vs_previous.set_index(["agency_code", "evaluation_dimension"])
    assert change.loc[("A", "Baseline"), "change"] == pytest.approx(2.5 - 1.0)
    assert change.loc[("A", "Output"), "change"] == pytest.approx(3.2 - 2.0)
    assert math.isnan(change.loc[("A", "Impact"), "score_previous"])  # none, not zero
    table = _by_agency(result)
    # previous index of A: (10*1.0 + 20*2.0)/(10+20) = 50/30
    # = 1.6667, published (two decimals, half-up) 1.67; the improvement as published is
    # published(2.49) - published(1.6667) = 2.49 - 1.67 = 0.82 (not 2.49 - 1.6667 = 0.8233)
    assert table.loc["A", "index_previous"] == 1.67
    assert table.loc["A", "index_change"] == pytest.approx(0.82, abs=1e-12)
    assert math.isnan(table.loc["B", "index_previous"])
    assert math.isnan(table.loc["B", "index_change"])  # no previous year: no improvement


def test_level_above_its_scale_is_refused(set_1):
    bad = _assessment()
    bad.loc[0, "level"] = 5.0
    with pytest.raises(DataError, match="outside 0..scale_max.*BL-01"):
        stage1_scores(bad, _agencies(), set_1, 2024)


@pytest.mark.parametrize("change, message", [
    ({"weights": {k: v for k, v in SET_1.items() if k != "Impact"}}, "lacks Impact"),
    ({"weights": {**SET_1, "Impact": -5}}, "weight of Impact must be positive"),
    ({"weights": {**SET_1, "Dampak Sosial": 5}}, "unknown evaluation dimension 'Dampak Sosial'"),
    ({"bands": BANDS[1:]}, "first band must start at 0"),
    ({"scale": 0}, "'scale' must be positive"),
    ({"source": {"id": "kasus terbitan"}}, "'source' must be a non-empty text, or one per report"),
    ({"weight": 1}, r"unknown key 'weight' \(known: framework, version, years"),
    ({"framework": "iid"}, "'framework' must be 'smart_city', got 'iid'"),
    ({"years": {"2022": "x"}}, "'years': '2022' is not a year"),
    ({"years": [2022]}, "'years' must map each evaluation year to how it is known"),
    ({"published_value": {"decimals": 2, "rounding": "round"}},
     "'rounding' must be one of half_up, truncate, got 'round'"),
    ({"published_value": {"decimals": 2}}, "must have exactly 'decimals' and 'rounding'"),
])
def test_bad_weights_file_is_refused_by_name(tmp_path, change, message):
    data = {"weights": SET_1, **change}
    path = _weights_file(tmp_path, data.pop("weights"), "broken.yaml", **data)
    with pytest.raises(ParamsError, match=f"rulebook broken.yaml: .*{message}"):
        read_weights(path)


def test_weights_spelled_in_indonesian_are_accepted(tmp_path):
    spelled = {"Dasar": 10, "Keluaran": 20, "Hasil": 30, "Dampak": 30, "QW": 10}
    assert read_weights(_weights_file(tmp_path, spelled)).weights == {
        k: float(v) for k, v in SET_1.items()}


@pytest.mark.parametrize("name, impact, quick_win, years", [
    ("smart_city_10-20-30-30-10.yaml", 30, 10, []),
    ("smart_city_10-20-30-20-20.yaml", 20, 20, [2021, 2022, 2024])])
def test_shipped_rulebooks(name, impact, quick_win, years):
    weights = read_weights(f"params/rulebooks/{name}")
    assert sum(weights.weights.values()) == 100
    assert weights.weights["Outcome"] == 30 and weights.weights["Impact"] == impact
    assert weights.weights["Quick Win"] == quick_win
    assert [b.lower for b in weights.bands][0] == 0 and weights.scale == 4
    assert weights.source["en"].startswith("Published")
    assert list(weights.years) == years  # the Sleman set: year unknown, never chosen by year
    assert (weights.published_value.decimals, weights.published_value.rounding) == (
        2, "half_up")


def test_the_weights_source_is_shown_in_the_report_language(tmp_path):
    """Issue #23, item 7: 01 shows the source sentence of the page's language; one text
    (a team's own file) is shown as written in both."""
    from smartcity_utils.config import choose_rulebook

    both = {"id": "Kasus terbitan", "en": "Published case"}
    weights = read_weights(_weights_file(tmp_path, SET_1, source=both))
    choice = choose_rulebook((), 2024, named=weights)
    assert tables.weights_note(choice).startswith("Aturan penilaian: test (Baseline 10, ")
    assert "Sumber: Kasus terbitan. Belum terverifikasi: everything." in tables.weights_note(
        choice)
    use_language("en")
    try:
        assert "Source: Published case. Not verified: everything." in tables.weights_note(choice)
    finally:
        use_language("id")
    assert read_weights(_weights_file(tmp_path, SET_1)).source == \
        {"id": "hand-made for tests", "en": "hand-made for tests"}


def test_exported_tables_keep_their_names(result, tmp_path):
    folder = RunFolder(tmp_path, STAMP)
    written = tables.write_stage1_tables(result, folder)
    assert {p.name for p in written} >= {"index_by_agency.csv", "index_by_sub_dimension.csv"}
    assert (tmp_path / "stage1" / "index_by_agency.csv").exists()
    back = folder.read_table("index_by_agency")
    assert back["agency_code"].tolist() == ["C", "A", "B"]
    assert back.loc[1, "index"] == pytest.approx(INDEX_A_SET_1)


def test_report_table_speaks_the_report_language(result):
    use_language("en")
    shown = tables.report_table(result.index_by_agency, "index_by_agency")
    assert shown.columns[0] == "Agency" and "Index" in shown.columns
    assert shown["Band"].tolist()[1:] == ["Fair", "Good"]
    use_language("id")
    shown_id = tables.report_table(result.evidence_todo, "evidence_todo")
    assert shown_id.iloc[0, -1] == "belum ada"


def test_figures_have_titles_in_the_report_language(result):
    import matplotlib.pyplot as plt

    use_language("en")
    for draw in (figures.agency_heatmap, figures.dimension_vs_city, figures.index_distribution):
        fig = draw(result)
        titles = [fig._suptitle.get_text()] if fig._suptitle else []
        titles += [ax.get_title() for ax in fig.axes]
        assert any("2024" in t for t in titles)
        plt.close(fig)


def test_next_steps_name_the_weakest_and_the_missing_evidence(result):
    use_language("en")
    steps = tables.next_steps(result)
    assert "Dinas A (2.49)" in steps        # weakest assessed agency
    assert "OC-01" in steps                 # weakest indicator: (1.0 + 3.0)/2 = 2.0
    assert "Dinas C" in steps               # not assessed


# ---------------------------------------------------------------- on the sample data


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The embedded sample (data/sample), or the same generator's output when not written yet."""
    from smartcity_utils.data.load import load_dataset
    from smartcity_utils.sample.generator import write_sample

    folder = resolve("data/sample")
    if not (folder / "metadata.json").exists():
        folder = tmp_path_factory.mktemp("sample")
        write_sample(folder)
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    return load_dataset(folder), metadata["planted"]["assessment"]


def test_sample_city_index_on_scale_and_every_assessed_agency_has_one(sample):
    dataset, planted = sample
    weights = read_weights(resolve("params/rulebooks/smart_city_10-20-30-30-10.yaml"))
    result = stage1_scores(dataset.assessment, dataset.agencies, weights, 2024)
    city = result.city_index.iloc[0]
    assert 0 <= city["index"] <= weights.scale
    with_rows = set(dataset.assessment.loc[dataset.assessment["year"] == 2024, "agency_code"])
    table = result.index_by_agency.set_index("agency_code")
    assert table.loc[sorted(with_rows), "index"].notna().all()
    assert len(table) == len(dataset.agencies)  # nobody dropped
    assert sorted(result.not_assessed["agency_code"]) == sorted(planted["unassessed_agencies"])


def test_sample_scores_follow_the_planted_effects(sample):
    dataset, planted = sample
    weights = read_weights(resolve("params/rulebooks/smart_city_10-20-30-30-10.yaml"))
    city = stage1_scores(dataset.assessment, dataset.agencies, weights, 2024).city_index.iloc[0]
    effects = planted["dimension_effect"]
    scores = {d: city[SCORE_COLUMNS[d]] for d in effects}
    # Planted: Baseline has the largest dimension effect (+0.25), Impact the smallest (-0.3).
    assert max(scores, key=scores.get) == max(effects, key=effects.get) == "Baseline"
    assert min(scores, key=scores.get) == min(effects, key=effects.get) == "Impact"
    # Planted year effect 2024 vs 2023: +0.3 levels, so the city index rose.
    assert city["index_change"] > 0


def test_a_year_without_assessment_rows_is_a_clear_error(set_1):
    """Set to next year before the agencies' assessments arrive: say so, do not draw empty
    figures. The table above has rows for 2023 and 2024."""
    with pytest.raises(DataError, match=r"assessment table has no rows for the evaluation year "
                                        r"2025 \(its years: 2023, 2024\)"):
        stage1_scores(_assessment(), _agencies(), set_1, 2025)

def test_no_assessment_at_all_gives_empty_tables_and_says_so(set_1):
    """No assessment table in the data folder (issue 12): Stage I cannot be evaluated, said
    in the report; the tables are empty so the later workbooks run without them."""
    from smartcity_utils.stage1.tables import next_steps
    from smartcity_utils.strings import STRINGS

    result = stage1_scores(_assessment().iloc[:0], _agencies(), set_1, 2024)
    assert result.scored_rows.empty and result.index_by_agency["index"].isna().all()
    assert result.city_index["n_indicators"].tolist() == [0]
    assert next_steps(result) == STRINGS["ev.no_assessment"]["id"]


def test_evidence_completeness_is_no_data_where_no_row_says(set_1):
    """Agency B's rows leave "Ada Bukti" empty: its missing evidence is unknown (not all three
    rows missing); A's count stays what its rows say (OP-01 without, INV-2 unknown: 2)."""
    assessment = _assessment()
    assessment.loc[assessment["agency_code"] == "B", "evidence_present"] = pd.NA
    result = stage1_scores(assessment, _agencies(), set_1, 2024)
    by_agency = _by_agency(result)
    assert by_agency.at["A", "evidence_missing"] == 2
    assert pd.isna(by_agency.at["B", "evidence_missing"])
    evidence = result.evidence_by_agency.set_index("agency_code")
    assert pd.isna(evidence.at["B", "evidence_missing"])
    assert pd.isna(evidence.at["B", "share_missing"])
    use_language("en")
    steps = tables.next_steps(result)
    assert "2 assessment rows of 1 agency lack evidence (most: Dinas A (2))" in steps
    assert "No evidence status at all from: Dinas B" in steps


def test_without_any_evidence_column_nothing_is_counted_as_missing(set_1):
    assessment = _assessment().assign(evidence_present=pd.array([pd.NA] * 12, dtype="boolean"))
    result = stage1_scores(assessment, _agencies(), set_1, 2024)
    assert result.index_by_agency["evidence_missing"].isna().all()
    assert result.index_by_indicator["evidence_missing"].isna().all()
    use_language("id")
    steps = tables.next_steps(result)
    assert "kelengkapan bukti belum dapat dinilai" in steps
    assert "belum punya bukti dukung" not in steps


def test_weights_comparison_by_hand(tmp_path, set_1):
    from smartcity_utils.stage1.scoring import compare_weights

    set_2 = read_weights(_weights_file(tmp_path, SET_2, "set2.yaml", version="set 2"))
    long = compare_weights(_assessment(), _agencies(), [set_1, set_2], 2024)
    index = long.set_index(["rulebook_version", "agency_code"])["index"]
    v1, v2 = set_1.version, set_2.version
    assert index[(v1, "A")] == pytest.approx(INDEX_A_SET_1)
    assert index[(v2, "A")] == pytest.approx(2.59)  # by hand in test_switching_weights
    assert index[(v1, "B")] == pytest.approx(INDEX_B) == index[(v2, "B")]
    assert "C" not in long["agency_code"].tolist()  # not assessed: no index to compare
    # the city first under each set, with the same index as the full evaluation
    city = long[long["agency_code"] == ""].set_index("rulebook_version")["index"]
    assert city[v1] == pytest.approx(stage1_scores(_assessment(), _agencies(), set_1,
                                                   2024).city_index["index"].iloc[0])
    ranks = long[long["rulebook_version"] == v1].set_index("agency_code")["rank"]
    assert (ranks["B"], ranks["A"]) == (1, 2)  # 2.83 above 2.49
