"""The synthetic sample generator: determinism, size, validity and the planted structure."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from smartcity_utils.sample import generator as sample
from smartcity_utils.schema import TABLES
from smartcity_utils.vocabulary import (
    DIMENSION_OF,
    EVALUATION_DIMENSIONS,
    VOCABULARIES,
    canonical_values,
)

FILES = ("agencies.csv", "innovations.csv", "assessment.csv", "metadata.json")


def _read(folder, table: str) -> pd.DataFrame:
    """A sample CSV as raw strings (empty cell -> empty string)."""
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def _typed(raw: pd.DataFrame) -> pd.DataFrame:
    """Years, counts and levels as numbers, true/false as booleans."""
    out = raw.copy()
    for column in ("year", "budget_idr", "beneficiaries", "level", "scale_max"):
        if column in out:
            out[column] = out[column].astype(int)
    for column in out.columns:
        if column.startswith("pentahelix_") or column in ("quick_win", "evidence_present"):
            out[column] = out[column] == "true"
    if "quick_win_year" in out:
        out["quick_win_year"] = pd.to_numeric(out["quick_win_year"]).astype("Int64")
    return out


@pytest.fixture(scope="module")
def default_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    summary = sample.write_sample(folder)
    assert summary["counts"]["agencies"] == len(_read(folder, "agencies"))
    return folder


@pytest.fixture(scope="module")
def tables(default_dir):
    return {name: _typed(_read(default_dir, name)) for name in TABLES}


def test_regeneration_is_byte_identical(default_dir, tmp_path):
    sample.write_sample(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (default_dir / name).read_bytes(), name


def test_another_seed_gives_other_data(default_dir, tmp_path):
    sample.write_sample(tmp_path, seed=1)
    assert (tmp_path / "innovations.csv").read_bytes() != (
        default_dir / "innovations.csv").read_bytes()


def test_metadata_says_synthetic(default_dir):
    meta = json.loads((default_dir / "metadata.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert "not real agency data" in meta["description"]
    assert meta["generator"] == {"seed": 20240605, "agencies": 35, "innovations": 200}
    assert set(meta["planted"]) >= {"groups", "quick_win_rule", "assessment"}


def test_headers_follow_schema_order(default_dir):
    for name, table in TABLES.items():
        header = (default_dir / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == table.column_names


def test_csv_cells_are_canonical(default_dir):
    raw = {name: _read(default_dir, name) for name in TABLES}
    for name, table in TABLES.items():
        for column in table.columns:
            values = raw[name][column.name]
            if column.kind == "bool":
                assert set(values) <= {"true", "false"}, column.name
            elif column.kind in ("year", "count", "amount") and column.required:
                assert values.str.fullmatch(r"\d+").all(), column.name
            elif column.kind == "date":
                assert values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), column.name
            if column.required:
                assert (values != "").all(), column.name
            assert not values.isin(["nan", "NaN", "None", "<NA>"]).any(), column.name


def test_default_size(tables):
    agencies, innovations, assessment = (tables[n] for n in TABLES)
    assert 30 <= len(agencies) <= 40
    assert set(agencies["region"]) == {"Kota Pontianak"}
    assert 150 <= innovations["innovation_id"].nunique() <= 250
    assert 350 <= len(innovations) <= 500
    assert set(innovations["year"]) == {2022, 2023, 2024}
    assert innovations["innovation_id"].str.fullmatch(r"PTK-\d{4}").all()
    assert set(innovations["sub_dimension"]) == set(DIMENSION_OF)
    assert set(assessment["year"]) == {2023, 2024}
    assert set(assessment["evaluation_dimension"]) == set(EVALUATION_DIMENSIONS)


def test_controlled_values_are_canonical(tables):
    columns = [(n, c) for n, t in TABLES.items() for c in t.columns if c.kind == "vocab"]
    for name, column in columns:
        values = set(tables[name][column.name]) - {""}
        assert values <= set(canonical_values(column.vocabulary)), column.name
    assert set(canonical_values("agency_type")) == set(VOCABULARIES["agency_type"].values())


def test_sub_dimension_matches_dimension(tables):
    for name in ("innovations", "assessment"):
        frame = tables[name]
        assert (frame["sub_dimension"].map(DIMENSION_OF) == frame["dimension"]).all(), name


def test_keys_are_unique(tables):
    for name, table in TABLES.items():
        assert not tables[name].duplicated(list(table.key)).any(), name


def test_references_are_known(tables):
    agencies, innovations, assessment = (tables[n] for n in TABLES)
    codes = set(agencies["agency_code"])
    assert agencies["agency_code"].is_unique
    assert set(innovations["agency_code"]) <= codes
    assert set(assessment["agency_code"]) <= codes
    partners = innovations["partner_agencies"].str.split(";").explode()
    assert set(partners[partners != ""]) <= codes
    assert (innovations["partner_agencies"] != "").mean() > 0.1
    referenced = assessment.loc[assessment["innovation_id"] != "", ["innovation_id", "year"]]
    registered = innovations.set_index(["innovation_id", "year"]).index
    assert len(referenced) > 0
    assert pd.MultiIndex.from_frame(referenced).isin(registered).all()


def test_registry_history_is_consistent(tables):
    rows = tables["innovations"]
    stage = rows["tahapan"].map({"inisiatif": 0, "uji coba": 1, "penerapan": 2})
    assert (stage.groupby(rows["innovation_id"]).diff().dropna() >= 0).all()
    last = rows.groupby("innovation_id")["year"].transform("max") == rows["year"]
    ended = rows["status"] != "aktif"
    assert (ended <= last).all()
    assert (rows.loc[ended, "year"] < 2024).all()
    assert (rows["status"] == "dihentikan").any()
    constant = ["innovation_name", "agency_code", "sub_dimension", "start_date", "jenis"]
    assert (rows.groupby("innovation_id")[constant].nunique() == 1).all().all()
    assert (rows["budget_idr"] == 0).any() and rows["pentahelix_government"].mean() > 0.8


def test_real_programmes_belong_to_their_agencies(tables):
    latest = tables["innovations"].drop_duplicates("innovation_id", keep="last")
    owner = latest.set_index("innovation_name")["agency_code"]
    assert owner["Pionirs (Pelayanan Administrasi Kependudukan dari Rumah)"] == "DISDUKCAPIL"
    assert owner["PSC 119 (Public Safety Center)"] == "DINKES"
    assert owner["Baca Meter Mandiri"] == "PDAM"
    assert owner["Kampung Mandiri Siantan Hulu"] == "KEL-SIANTAN-HULU"


def test_assessment_levels_and_evidence(tables, default_dir):
    assessment = tables["assessment"]
    assert assessment["level"].between(0, assessment["scale_max"]).all()
    assert set(assessment["scale_max"]) == {4}
    by_year = assessment.groupby("year")["level"].mean()
    assert by_year[2024] > by_year[2023]
    missing = ~assessment["evidence_present"]
    assert 0.08 <= missing.mean() <= 0.25
    assert (assessment.loc[missing, "evidence_ref"] == "").all()
    assert (assessment.loc[~missing, "evidence_ref"] != "").all()
    per_dimension = assessment[assessment["innovation_id"] == ""].groupby(
        ["agency_code", "year", "evaluation_dimension"]).size()
    assert per_dimension.between(2, 4).all()


def test_some_agencies_are_not_assessed(tables, default_dir):
    not_assessed = set(tables["agencies"]["agency_code"]) - set(
        tables["assessment"]["agency_code"])
    assert 2 <= len(not_assessed) <= 3
    meta = json.loads((default_dir / "metadata.json").read_text(encoding="utf-8"))
    assert set(meta["planted"]["assessment"]["unassessed_agencies"]) == not_assessed


def test_planted_groups(tables, default_dir):
    groups = sample.planted_groups(default_dir)
    latest = tables["innovations"].drop_duplicates("innovation_id", keep="last")
    assert groups.index.name == "innovation_id"
    assert set(groups.index) == set(latest["innovation_id"])
    assert 20 <= groups.nunique() <= 30
    agencies_per_group = latest.set_index("innovation_id")["agency_code"].groupby(groups).nunique()
    assert (agencies_per_group >= 2).all()
    main_share = latest.set_index("innovation_id")["sub_dimension"].groupby(groups).agg(
        lambda s: s.value_counts(normalize=True).iloc[0])
    assert (main_share >= 0.6).all()


def test_planted_groups_are_recoverable_from_text(tables, default_dir):
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score

    latest = tables["innovations"].drop_duplicates("innovation_id", keep="last")
    truth = sample.planted_groups(default_dir).reindex(latest["innovation_id"])
    text = latest["innovation_name"] + ". " + latest["description"]
    features = TfidfVectorizer().fit_transform(text)
    labels = KMeans(truth.nunique(), n_init=10, random_state=0).fit_predict(features)
    assert 0.8 <= adjusted_rand_score(truth, labels) < 1.0


def test_quick_win_decisions_follow_rule(tables, default_dir):
    rows = tables["innovations"]
    rule = sample.quick_win_rule(default_dir)
    assert rule["decision_years"] == [2022, 2023]
    assert set(rule["weights"]) == set(rule["attributes"])
    years = rows["quick_win_year"].dropna()
    assert set(years) == {2022, 2023}
    assert (rows["quick_win_year"].notna() == rows["quick_win"]).all()
    assert (rows.loc[rows["quick_win"], "quick_win_year"] <= rows.loc[rows["quick_win"], "year"]
            ).all()
    for year in rule["decision_years"]:
        new = (rows["year"] == year) & (rows["quick_win_year"] == year)
        expected = np.floor(rule["share_selected"] * (rows["year"] == year).sum() + 0.5)
        assert new.sum() == expected
    chosen = rows.loc[rows["quick_win"]].groupby("innovation_id")["quick_win_year"].nunique()
    assert (chosen == 1).all()
    selected_in = rows.groupby("innovation_id")["quick_win_year"].max()
    later = rows["year"] >= rows["innovation_id"].map(selected_in).fillna(9999)
    assert rows.loc[later, "quick_win"].all()


def test_quick_win_rule_is_learnable(tables):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rows = tables["innovations"]
    partners = [f"pentahelix_{s}" for s in ("academia", "business", "community", "media")]
    features = pd.DataFrame({
        "beneficiaries": np.log1p(rows["beneficiaries"]),
        "budget": np.log1p(rows["budget_idr"]),
        "penerapan": rows["tahapan"] == "penerapan",
        "partners": rows[partners].sum(axis=1),
        "digital": rows["jenis"] == "digital",
    }).astype(float)
    train, test = rows["year"] == 2022, rows["year"] == 2023
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(features[train], rows.loc[train, "quick_win"])
    auc = roc_auc_score(rows.loc[test, "quick_win"], model.predict_proba(features[test])[:, 1])
    assert 0.8 <= auc <= 0.97


def test_small_multi_region_sample(tmp_path):
    summary = sample.write_sample(tmp_path, agencies=70, innovations=500, seed=7)
    agencies = _read(tmp_path, "agencies")
    innovations = _typed(_read(tmp_path, "innovations"))
    assessment = _read(tmp_path, "assessment")
    assert summary["counts"]["agencies"] == 70 and summary["regions"] == 2
    assert agencies["agency_code"].is_unique
    assert agencies["region"].nunique() == 2
    assert innovations["innovation_id"].nunique() == 500
    assert not innovations.duplicated(["innovation_id", "year"]).any()
    assert set(innovations["agency_code"]) <= set(agencies["agency_code"])
    assert set(assessment["agency_code"]) <= set(agencies["agency_code"])
    assert not assessment.duplicated(list(TABLES["assessment"].key)).any()
    groups = sample.planted_groups(tmp_path)
    assert set(groups.index) == set(innovations["innovation_id"])
    region = innovations["agency_code"].map(agencies.set_index("agency_code")["region"])
    share = sample.quick_win_rule(tmp_path)["share_selected"]
    for year in (2022, 2023):
        in_year = innovations["year"] == year
        new = in_year & (innovations["quick_win_year"] == year)
        quota = np.floor(share * in_year.groupby(region).sum() + 0.5)
        assert (new.groupby(region).sum() == quota).all()
