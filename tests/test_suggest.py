"""`smartcity suggest`: fills only what is empty, writes data that validates as it is, and its
classifier meets the accuracy floor on innovations it was not trained on."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from sklearn.model_selection import StratifiedKFold

from smartcity_utils.cli import main
from smartcity_utils.collection.registry import load_registry
from smartcity_utils.data.load import find_header, load_dataset, validate_paths
from smartcity_utils.quick_win.reasons import QuickWinTerms
from smartcity_utils.reports import agency_page
from smartcity_utils.reports.agency_facts import RunFacts, agency_facts
from smartcity_utils.suggest.classifier import Classifier, seed_set, suggest_sub_dimensions
from smartcity_utils.suggest.fill import agency_type_of
from smartcity_utils.suggest.output import REVIEW_HEADERS
from smartcity_utils.vocabulary import DIMENSION_OF

SAMPLE = Path("data/sample")
DIMENSION_FLOOR, SUB_DIMENSION_FLOOR = 0.80, 0.65  # issue 14


def _accuracy(model: Classifier, rows: pd.DataFrame) -> tuple[float, float]:
    dims, subs = suggest_sub_dimensions(model, rows, pd.Series(dtype=object))
    return (np.mean([d.value == t for d, t in zip(dims, rows["dimension"], strict=True)]),
            np.mean([s.value == t for s, t in zip(subs, rows["sub_dimension"], strict=True)]))


def test_seed_set_covers_every_sub_dimension_consistently():
    seed = seed_set()
    assert seed["sub_dimension"].value_counts().min() >= 15
    assert set(seed["sub_dimension"]) == set(DIMENSION_OF)
    assert (seed["sub_dimension"].map(DIMENSION_OF) == seed["dimension"]).all()
    assert seed["seed_id"].is_unique and seed["innovation_name"].is_unique


def test_accuracy_floor_in_cross_validation_on_the_seed_set():
    seed = seed_set()
    right_dim = right_sub = 0
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    for train, test in folds.split(seed, seed["sub_dimension"]):
        dim, sub = _accuracy(Classifier("sub_dimension").fit(seed.iloc[train]), seed.iloc[test])
        right_dim, right_sub = right_dim + dim * len(test), right_sub + sub * len(test)
    assert right_dim / len(seed) >= DIMENSION_FLOOR
    assert right_sub / len(seed) >= SUB_DIMENSION_FLOOR


def test_accuracy_floor_on_the_sample_with_its_labels_hidden():
    # trained on the seed set only; scored on the sample's 200 innovations (one row each, the
    # labels read from data/sample/innovations.csv, never shown to the classifier)
    data = load_dataset(SAMPLE)
    rows = data.innovations.drop_duplicates("innovation_id", keep="last").merge(
        data.agencies[["agency_code", "agency_name"]], on="agency_code")
    assert len(rows) == 200
    model = Classifier("sub_dimension").fit(seed_set())
    dim, sub = _accuracy(model, rows[["innovation_name", "description", "agency_name"]]
                         .join(rows[["dimension", "sub_dimension"]]))
    assert dim >= DIMENSION_FLOOR and sub >= SUB_DIMENSION_FLOOR


def test_a_place_name_is_not_a_topic():
    # 'pasar' must not be found inside 'Denpasar': the water company stays out of Industri
    model = Classifier("sub_dimension").fit(seed_set())
    rows = pd.DataFrame({"innovation_name": ["Sambungan Air Bersih Denpasar"],
                         "description": ["Rumah warga Denpasar tersambung jaringan air minum."],
                         "agency_name": ["Perumda Air Minum Denpasar"]})
    _, subs = suggest_sub_dimensions(model, rows, pd.Series(dtype=object))
    assert subs[0].value != "Industri"
    assert "pasar" not in subs[0].because.split("|")[0]


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """The sample with a registry of only id, name, agency, year and description, except two
    rows whose dimension, sub-dimension and jenis the user gave (one deliberately unusual)."""
    folder = tmp_path_factory.mktemp("bare")
    for name in ("agencies.csv", "assessment.csv", "metadata.json"):
        shutil.copy(SAMPLE / name, folder / name)
    registry = pd.read_csv(SAMPLE / "innovations.csv", dtype=str, keep_default_na=False)
    kept = registry[["innovation_id", "innovation_name", "agency_code", "year", "description"]]
    kept = kept.assign(dimension="", sub_dimension="", jenis="")
    kept.loc[0, ["dimension", "sub_dimension", "jenis"]] = ["Smart Branding", "Wisata", "digital"]
    kept.loc[5, "dimension"] = "Smart Society"
    kept.to_csv(folder / "innovations.csv", index=False)
    out = tmp_path_factory.mktemp("suggested")
    assert main(["suggest", str(folder), "--out", str(out)]) == 0
    return folder, out


def test_suggested_data_validates_as_it_is(bare):
    _, out = bare
    assert validate_paths([str(out)]) == []
    data = load_dataset(out)
    assert len(data.innovations) == 439 and data.problems == []
    # the suggestion markers are the suite's own columns: read past, neither loaded nor warned
    assert data.ignored_columns["innovations"] == []
    assert "Suggested" in pd.read_csv(out / "innovations.csv", nrows=1).columns


def test_a_value_the_user_gave_is_never_overwritten(bare):
    _, out = bare
    written = pd.read_csv(out / "innovations.csv", dtype=str, keep_default_na=False)
    assert written.loc[0, ["Dimension", "Sub-dimension", "Type"]].tolist() == \
        ["Smart Branding", "Wisata", "digital"]
    assert "dimension" not in written.loc[0, "Suggested"]
    assert written.loc[0, "Suggested"] == "tahapan"
    # a given dimension bounds the suggested sub-dimension
    assert written.loc[5, "Dimension"] == "Smart Society"
    assert DIMENSION_OF[written.loc[5, "Sub-dimension"]] == "Smart Society"
    assert written.loc[5, "Suggested"].split("; ")[0] == "sub_dimension"
    original = pd.read_csv(bare[0] / "innovations.csv", dtype=str, keep_default_na=False)
    assert (written["Description"] == original["description"]).all()


def test_review_sheet_lists_every_suggestion_and_is_not_read_as_a_table(bare):
    _, out = bare
    sheet = load_workbook(out / "suggestions.xlsx")["Saran"]
    rows = list(sheet.iter_rows(values_only=True))
    assert find_header([list(r) for r in rows[:10]]) is None
    written = pd.read_csv(out / "innovations.csv", dtype=str, keep_default_na=False)
    assert len(rows) - 1 == written["Suggested"].str.split("; ").map(len).sum()
    confidences = [r[6] for r in rows[1:]]
    assert confidences == sorted(confidences)  # least sure first
    low = [r for r in rows[1:] if r[7] == "periksa"]
    assert low and all(r[6] < 0.5 for r in low)
    summary = json.loads((out / "metadata.json").read_text())["suggested"]
    assert sum(summary["dimensions"].values()) == 439 - 2


def test_agency_type_from_the_agency_name():
    assert agency_type_of("Dinas Kesehatan") == "dinas"
    assert agency_type_of("RSUD Sultan Syarif Mohamad Alkadrie") == "rsud"
    assert agency_type_of("Perumda Air Minum Tirta Khatulistiwa") == "bumd"
    assert agency_type_of("Kelurahan Bansir Laut") == "kelurahan"
    assert agency_type_of("Tim Penggerak PKK") is None


def _registry(folder: Path, rows: list[dict]) -> Path:
    """A data folder of the sample's agencies and a registry of `rows` as a user wrote them."""
    folder.mkdir()
    shutil.copy(SAMPLE / "agencies.csv", folder / "agencies.csv")
    pd.DataFrame(rows).to_csv(folder / "innovations.csv", index=False)
    return folder


def _suggest(folder: Path, out: Path) -> pd.DataFrame:
    assert main(["suggest", str(folder), "--out", str(out)]) == 0
    return pd.read_csv(out / "innovations.csv", dtype=str, keep_default_na=False)


def _errors(data) -> list:
    return [p for p in data.problems if p.severity == "error"]


ROW = {"innovation_id": "X-1", "innovation_name": "Posyandu Keliling", "agency_code": "DINKES",
       "year": "2024", "description": "Kader menimbang balita dari rumah ke rumah."}


def test_every_column_and_cell_the_user_wrote_is_kept_in_their_order(tmp_path):
    # issue 23: unrecognised columns were dropped, and empty required columns the user never
    # had (ID, Name, ...) were written, which the folder then rejected
    rows = [{"No": "1", **ROW, "Posisi Server": "Kominfo", "Catatan": "=1+1"},
            {"No": "2", **ROW, "innovation_id": "X-2", "Posisi Server": "", "Catatan": "0012"}]
    folder = _registry(tmp_path / "in", rows)
    written = _suggest(folder, tmp_path / "out")
    assert written.columns.tolist() == [
        "No", "Innovation ID", "Innovation Name", "Agency", "Year", "Description",
        "Posisi Server", "Catatan", "Dimension", "Sub-dimension", "Stage", "Type",
        "Suggested", "Suggestion Confidence"]
    assert written["No"].tolist() == ["1", "2"]
    assert written["Posisi Server"].tolist() == ["Kominfo", ""]
    assert written["Catatan"].tolist() == ["'=1+1", "0012"]  # a formula made inert, as before
    assert not _errors(load_dataset(tmp_path / "out"))


def test_a_value_not_of_its_list_is_suggested_and_the_written_one_kept_for_review(tmp_path):
    # issue 23: a kept unreadable value rejected the row in the folder suggest handed back
    rows = [{**ROW, "dimension": "Smart City", "jenis": "Aplikasi"},
            {**ROW, "innovation_id": "X-2", "dimension": "Smart Living", "jenis": "Website"}]
    folder = _registry(tmp_path / "in", rows)
    out = tmp_path / "out"
    written = _suggest(folder, out)
    data = load_dataset(out)
    assert not _errors(data) and len(data.innovations) == 2
    assert (data.innovations["jenis"] == "digital").all()
    assert written.loc[0, "Dimension"] == "Smart Living"  # the only one written that reads
    assert written.loc[1, "Dimension"] == "Smart Living"
    assert "dimension" in written.loc[0, "Suggested"].split("; ")
    sheet = load_workbook(out / "suggestions.xlsx")["Saran"]
    header, *lines = list(sheet.iter_rows(values_only=True))
    review = pd.DataFrame(lines, columns=header)
    dimension = review[review["Kolom (Field)"] == "dimension"]
    assert dimension[["Baris (Row)", "Tertulis (Written)"]].values.tolist() == [[2, "Smart City"]]


def test_a_site_address_column_and_digital_names_say_digital(tmp_path):
    # issue 23: 32 of a provincial list of 100 websites and applications were called
    # non-digital; a column of one address per row is the row's own site, but links to
    # videos on a few platforms are no evidence
    names = ["Posyandu Keliling", "Aplikasi Antrean Puskesmas", "E-Surat", "Bank Sampah Warga"]
    descriptions = ["Kader menimbang balita.", "Warga mengambil nomor antrean.",
                    "Surat dinas tanpa kertas.", "Website Dinas Lingkungan Hidup."]
    rows = [{**ROW, "innovation_id": f"X-{i}", "innovation_name": name, "description": text,
             "URL": f"layanan{i}.contoh.go.id" if i == 0 else "",
             "Link Video": f"https://youtu.be/v{i}"}
            for i, (name, text) in enumerate(zip(names, descriptions, strict=True))]
    rows.append({**ROW, "innovation_id": "X-9", "innovation_name": "Kelas Ibu Hamil",
                 "description": "Bidan memberi kelas bagi ibu hamil.", "URL": "",
                 "Link Video": "https://youtu.be/v9"})
    folder = _registry(tmp_path / "in", rows)
    out = tmp_path / "out"
    written = _suggest(folder, out)
    assert written["Type"].tolist()[:4] == ["digital"] * 4
    review = pd.DataFrame(list(load_workbook(out / "suggestions.xlsx")["Saran"]
                               .iter_rows(values_only=True))[1:],
                          columns=[h for h, _ in REVIEW_HEADERS])
    jenis = review[review["Kolom (Field)"] == "jenis"].set_index("Baris (Row)")
    assert "layanan0.contoh.go.id" in jenis.at[2, "Dasar (Because)"]
    assert "'aplikasi'" in jenis.at[3, "Dasar (Because)"]
    assert "'e'" in jenis.at[4, "Dasar (Because)"]
    assert "'website'" in jenis.at[5, "Dasar (Because)"]
    assert "youtu" not in jenis.at[6, "Dasar (Because)"]  # the classifier's words, not the link


def test_a_folder_without_innovations_is_copied_with_a_sentence(tmp_path, capsys):
    # issue 23: suggest refused an agencies-only folder, so its user got nothing to run
    folder = tmp_path / "in"
    folder.mkdir()
    agencies = pd.read_csv(SAMPLE / "agencies.csv", dtype=str).assign(agency_type="")
    agencies.to_csv(folder / "agencies.csv", index=False)
    out = tmp_path / "out"
    assert main(["suggest", str(folder), "--out", str(out)]) == 0
    assert "has no innovations table" in capsys.readouterr().out
    written = pd.read_csv(out / "agencies.csv", dtype=str, keep_default_na=False)
    assert len(written) == len(agencies) and (written["Agency Type"] != "").all()
    assert not (out / "innovations.csv").exists()


def test_suggested_values_are_marked_in_the_clean_data_and_on_the_agency_page(bare):
    # issue 23: suggested sub-dimension, tahapan and jenis appeared on agency pages as
    # registered data
    folder, out = bare
    assert "suggested" not in load_registry(folder).innovations  # not a folder suggest wrote
    data = load_registry(out)
    written = pd.read_csv(out / "innovations.csv", dtype=str, keep_default_na=False)
    assert data.innovations["suggested"].tolist() == written["Suggested"].tolist()
    run = RunFacts(year=2024, lang="id", scale=4.0, bands=[], rulebook="", top_k=10,
                   terms=QuickWinTerms(budget=1.0, spent=0.0, limits={}),
                   agencies=data.agencies, innovations=data.innovations,
                   names=dict.fromkeys(data.agencies["agency_code"], ""),
                   tables=dict.fromkeys(("index_by_agency", "city_index", "evidence_todo",
                                         "quick_win_ranking", "integration_pairs",
                                         "agency_network")))
    agency = data.innovations.loc[0, "agency_code"]
    facts = agency_facts(run, agency)
    mine = data.innovations[(data.innovations["agency_code"] == agency)
                            & (data.innovations["year"] == 2024)]
    # every row of the year had its dimension, sub-dimension, tahapan and jenis suggested,
    # except the first row of the registry (2022), whose user gave three of them
    assert 0 not in mine.index and facts.suggested_values == 4 * len(mine)
    assert f"{4 * len(mine)} nilai di antaranya, ditandai (saran)" in \
        agency_page.innovations_intro(facts).data
    table = agency_page.innovations_table(data.innovations, facts)
    assert table["Jenis"].str.endswith(" (saran)").all()
    assert table["Tahapan"].str.endswith(" (saran)").all()
    # an agency without innovations in the year has none suggested
    assert agency_facts(replace(run, year=1999), agency).suggested_values == 0


def test_suggested_values_are_marked_in_the_quick_win_ranking(bare):
    # issue 23: 03 used suggested sub-dimension, tahapan and jenis as criteria without saying so
    from smartcity_utils.context import run_context
    from smartcity_utils.params import load_params
    from smartcity_utils.quick_win import suggested, tables
    from smartcity_utils.quick_win.inputs import quick_win_candidates
    from smartcity_utils.strings import criterion_label, use_language

    use_language("id")
    _, out = bare
    candidates = quick_win_candidates(load_registry(out).innovations, 2024)
    criteria = run_context(dict(load_params(), data_dir=str(out))).criteria
    # The folder kept no sub-dimension, tahapan or jenis for any 2024 row (the user's three
    # values are on a 2022 row): of the criteria file's nine criteria, sub_dimension_index
    # (sub-dimension), readiness and time_to_deliver (tahapan) and digital (jenis) rest on a
    # suggestion for every candidate.
    values = 4 * len(candidates)
    assert suggested.suggested_note(candidates, criteria).startswith(
        f"{values} nilai kriteria dari {len(candidates)} inovasi bersandar pada nilai yang "
        "diisi oleh smartcity suggest")
    ranking = pd.DataFrame({"rank_weighted_sum": range(1, len(candidates) + 1),
                            "weighted_sum": 0.5, "rank_topsis": 1, "topsis": 0.5},
                           index=pd.Index(candidates["innovation_id"], name="innovation_id"))
    table = tables.ranking_table(ranking, candidates, None, 3, criteria)
    marked = ", ".join(f"{criterion_label(name)} (saran)" for name in
                       ("sub_dimension_index", "readiness", "time_to_deliver", "digital"))
    assert table["Nilai kriteria dari saran"].tolist() == [marked] * 3


def test_a_dimension_suggested_for_assessment_lines_is_marked_on_the_form(tmp_path):
    # issue 23: the Stage I form 01 pre-fills showed suggested values as the assessors' own
    from smartcity_utils.context import run_context
    from smartcity_utils.params import load_params
    from smartcity_utils.stage1.form import write_stage1_form
    from smartcity_utils.stage1.scoring import stage1_scores
    from smartcity_utils.strings import use_language

    use_language("id")
    folder = tmp_path / "kota"
    folder.mkdir()
    for name in ("agencies.csv", "innovations.csv", "metadata.json"):
        shutil.copy(SAMPLE / name, folder / name)
    assessment = pd.read_csv(SAMPLE / "assessment.csv", dtype=str, keep_default_na=False)
    blanked = assessment.index[(assessment["year"] == "2024")][:3]
    assessment.loc[blanked, "dimension"] = ""  # the sub-dimension still says which
    assessment.to_csv(folder / "assessment.csv", index=False)
    out = tmp_path / "saran"
    assert main(["suggest", str(folder), "--out", str(out)]) == 0
    data = load_registry(out)
    weights = run_context(dict(load_params(), data_dir=str(out))).weights
    result = stage1_scores(data.assessment, data.agencies, weights, 2024)
    form = load_workbook(write_stage1_form(result, tmp_path / "form.xlsx", "Kota Uji"))
    marked = [cell for sheet in form.worksheets[1:] for row in sheet.iter_rows(values_only=True)
              for cell in row if isinstance(cell, str) and cell.endswith(" (saran)")]
    # the three blanked lines, each on the sheet of its sub-dimension's dimension
    expected = sorted(f"{DIMENSION_OF[s]} (saran)" for s in assessment.loc[blanked,
                                                                            "sub_dimension"])
    assert sorted(marked) == expected
    about = [r for r in form["Ringkasan"].iter_rows(values_only=True) if r[0] == "Nilai dari saran"]
    assert about[0][1].startswith("3 nilai pada baris formulir ini")
