"""Innovation clustering: text normalisation, features, k choice, naming, stability, and the
planted groups of the sample data recovered (labels from the generator's metadata.json)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from smartcity_utils.clusters.features import (
    PENTAHELIX_COLUMNS,
    ClusteringError,
    check_weights,
    feature_blocks,
    latest_innovations,
    model_input,
)
from smartcity_utils.clusters.integration import integration_analysis
from smartcity_utils.clusters.kmeans import (
    ClusterResult,
    choose_k,
    cluster_innovations,
    cluster_stability,
    compare_methods,
    fit_clusters,
    k_candidates,
    ordered_labels,
    top_terms,
)
from smartcity_utils.clusters.tables import planted_truth
from smartcity_utils.clusters.text import registry_stop_words
from smartcity_utils.data.load import load_dataset
from smartcity_utils.paths import project_root
from smartcity_utils.sample.generator import planted_groups
from smartcity_utils.words import Tokeniser, tokenise, words

SAMPLE = project_root() / "data" / "sample"
SEED = 20240605


@pytest.fixture(scope="module")
def sample_result():
    dataset = load_dataset(SAMPLE)
    return cluster_innovations(dataset.innovations, 2024, seed=SEED)


def registry_row(innovation_id, year, name="Bank Sampah", **extra):
    row = {
        "innovation_id": innovation_id, "innovation_name": name, "agency_code": "DLH",
        "year": year, "dimension": "Smart Environment", "sub_dimension": "Sampah",
        "tahapan": "penerapan", "jenis": "digital", "description": "Tabungan sampah warga.",
        "budget_idr": 1e6, "beneficiaries": 100,
        **{c: False for c in PENTAHELIX_COLUMNS},
    }
    row.update(extra)
    return row


# ---------------------------------------------------------------- Indonesian text


def test_tokenise_drops_stop_words_clitic_and_reduplication():
    # "kota" is registry filler (params/cluster_stop_words.yaml), "untuk" a function word
    assert tokenise("Sekolahnya untuk warga-warga di Kota!") == ["sekolah", "warga"]


def test_tokenise_keeps_words_ending_like_clitics():
    assert tokenise("sekolah langkah masalah") == ["sekolah", "langkah", "masalah"]


# ---------------------------------------------------------------- input and features


def test_latest_innovations_takes_the_last_row_up_to_the_year():
    rows = pd.DataFrame([registry_row("B", 2022), registry_row("A", 2023, tahapan="uji coba"),
                         registry_row("A", 2024), registry_row("A", 2025)])
    latest = latest_innovations(rows, 2024)
    assert latest["innovation_id"].tolist() == ["A", "B"]
    assert latest["year"].tolist() == [2024, 2022]


def test_latest_innovations_refuses_an_empty_year():
    with pytest.raises(ClusteringError, match="2020"):
        latest_innovations(pd.DataFrame([registry_row("A", 2024)]), 2020)


def test_latest_innovations_of_a_registry_without_clean_rows_names_the_real_cause():
    """Issue #23, item 4: with every row rejected, not 'no innovation in or before 2017'."""
    empty = pd.DataFrame([registry_row("A", 2024)]).iloc[:0]
    with pytest.raises(ClusteringError, match="the registry has no clean row: every row was "
                                              "rejected or none was read"):
        latest_innovations(empty, 2017)


def test_model_input_makes_missing_values_plain():
    rows = pd.DataFrame([registry_row("A", 2024, budget_idr=np.nan, pentahelix_media=pd.NA)])
    rows["pentahelix_media"] = rows["pentahelix_media"].astype("boolean")
    frame = model_input(rows)
    assert frame.loc[0, "text"] == "Bank Sampah. Bank Sampah. Tabungan sampah warga."
    assert np.isnan(frame.loc[0, "budget_idr"])
    assert frame.loc[0, "pentahelix_media"] == 0.0


@pytest.mark.parametrize("weights, message", [
    ({"colour": 1.0}, "unknown feature block"),
    ({"text": -1}, ">= 0"),
    ({"text": 0, "sub_dimension": 0}, "above 0"),
])
def test_bad_weights_are_refused(weights, message):
    with pytest.raises(ClusteringError, match=message):
        check_weights(weights)


def test_block_weight_scales_the_unit_sized_block():
    # dimension + sub-dimension one-hot has two ones per row: normalised to length 1, times 0.5.
    rows = pd.DataFrame([registry_row(str(i), 2024) for i in range(3)])
    blocks = feature_blocks({"text": 0, "sub_dimension": 0.5, "jenis": 0, "tahapan": 0,
                                "pentahelix": 0, "budget": 0, "beneficiaries": 0})
    matrix = blocks.fit_transform(model_input(rows))
    matrix = matrix.toarray() if hasattr(matrix, "toarray") else matrix
    assert np.allclose(np.linalg.norm(matrix, axis=1), 0.5)


def test_k_range_is_checked():
    with pytest.raises(ClusteringError, match="k_min"):
        k_candidates(5, 4, 100)
    assert k_candidates(2, 10, 6) == [2, 3, 4, 5]


# ---------------------------------------------------------------- clusters and names


def test_clusters_are_numbered_largest_first():
    assert ordered_labels(np.array([5, 5, 2, 9, 9, 9])).tolist() == [2, 2, 3, 1, 1, 1]


def test_top_terms_skip_words_already_chosen():
    terms = np.array(["bank sampah", "sampah", "kompos", "tpa"])
    weights = np.array([0.9, 0.8, 0.5, 0.4])
    assert top_terms(weights, terms) == ["bank sampah", "kompos", "tpa"]


def blobs(per_blob=20, seed=0):
    """Three tight, far-apart blobs: every sound clustering finds exactly these."""
    rng = np.random.default_rng(seed)
    centres = np.array([[10.0, 0.0], [0.0, 10.0], [-10.0, -10.0]])
    points = np.vstack([c + rng.normal(0, 0.3, (per_blob, 2)) for c in centres])
    return points, np.repeat([0, 1, 2], per_blob)


def test_silhouette_chooses_the_three_blobs():
    points, truth = blobs()
    selection = choose_k(points, 2, 6, SEED)
    assert selection.loc[selection["chosen"], "k"].tolist() == [3]
    assert adjusted_rand_score(truth, fit_clusters(points, 3, SEED)) == 1.0


def test_stability_of_separated_blobs_is_perfect():
    points, _ = blobs()
    latest = pd.DataFrame({"innovation_id": [f"I{i:02d}" for i in range(len(points))]})
    result = ClusterResult(latest.assign(cluster=fit_clusters(points, 3, SEED)), points,
                              None, None, None, k=3, seed=SEED)
    stability = cluster_stability(result, resamples=4)
    assert len(stability) == 8
    assert set(stability["kind"]) == {"seed", "resample"}
    assert np.allclose(stability["ari"], 1.0)


# ---------------------------------------------------------------- the sample data


def test_planted_groups_are_recovered(sample_result):
    truth = planted_groups(SAMPLE)  # the generator's labels, never this code's
    ids = sample_result.innovations["innovation_id"]
    ari = adjusted_rand_score(truth.reindex(ids.to_numpy()).to_numpy(),
                              sample_result.innovations["cluster"].to_numpy())
    assert ari >= 0.9


def test_every_innovation_has_one_named_cluster(sample_result):
    frame = sample_result.innovations
    assert frame["innovation_id"].is_unique
    assert frame["cluster"].between(1, sample_result.k).all()
    assert frame["cluster_label"].notna().all()
    assert sample_result.clusters["size"].sum() == len(frame)
    assert (sample_result.clusters["size"].diff().dropna() <= 0).all()  # largest first


def test_compare_methods_reports_both(sample_result):
    table = compare_methods(sample_result, planted_groups(SAMPLE))
    assert table["method"].tolist() == ["kmeans_silhouette", "hdbscan"]
    assert table.loc[0, "noise_share"] == 0.0
    assert table.loc[0, "clusters"] == sample_result.k


def test_planted_truth_is_none_for_real_data(tmp_path):
    assert planted_truth(tmp_path) is None


def test_planted_truth_is_the_generators_groups():
    # 02 reads the sample's metadata.json itself: the same answer as the generator's reader
    pd.testing.assert_series_equal(planted_truth(SAMPLE), planted_groups(SAMPLE))


# ---------------------------------------------------------------- registry stop words


def test_web_addresses_and_their_pieces_never_become_words():
    text = ("Portal data http://sidandaniti.denpasarkota.go.id/app dan www.kesling.kemkes.go.id, "
            "lihat infopasar.Denpasarkota.go.id atau balidenpasartrading.com")
    assert words(text) == ["portal", "data", "dan", "lihat", "atau"]


def test_registry_stop_words_take_city_region_and_agency_names_from_the_data():
    agencies = pd.DataFrame({"agency_code": ["DINKES", "030201"],
                             "short_name": ["Dinkes", "Bag. Hukum"],
                             "region": ["Kota Denpasar", "Kota Denpasar"]})
    stop = registry_stop_words(agencies, "Kota Denpasar")
    tokens = Tokeniser(stop)("Aplikasi Sistem Informasi Online Dinkes Kota Denpasar: "
                             "rujukan pasien dan hukum")
    # filler (aplikasi, sistem, informasi, online, kota), the city, a one-word agency name
    # and the function word dan are out; a word of a longer agency name (hukum) stays
    assert tokens == ["rujukan", "pasien", "hukum"]


def test_cluster_labels_never_hold_filler_city_or_web_pieces():
    """Twelve applications: two real topics hidden under registry filler, the city's name and
    web addresses shared by all; the labels name the topics, never the filler."""
    filler = "Sistem Informasi Online Kota Denpasar http://app.denpasarkota.go.id"
    rows = [registry_row(f"W{i}", 2024, name=f"Aplikasi Tagihan Air Minum {i}",
                         description=f"{filler} tagihan rekening air minum pelanggan")
            for i in range(6)]
    rows += [registry_row(f"P{i}", 2024, name=f"Aplikasi Pajak Reklame {i}",
                          description=f"{filler} pajak reklame wajib pajak")
             for i in range(6)]
    agencies = pd.DataFrame({"agency_code": ["DLH"], "short_name": ["DLH"],
                             "region": ["Kota Denpasar"]})
    result = cluster_innovations(pd.DataFrame(rows), 2024, k_min=2, k_max=3, seed=SEED,
                                 stop_words=registry_stop_words(agencies, "Kota Denpasar"))
    labels = " ".join(result.clusters["top_terms"])
    banned = {"sistem", "informasi", "online", "kota", "denpasar", "denpasarkota", "http", "go",
              "id", "app", "aplikasi"}
    assert not banned & set(labels.replace(",", " ").split())
    assert {"tagihan", "pajak"} <= set(labels.replace(",", " ").split())


def test_sample_pairs_share_whole_phrases_not_fragments(sample_result):
    """The sample's hospitals and universities: their pairs show phrases ("inkubator
    perguruan"), never the fragments "sakit", "perguruan" or "tinggi" alone."""
    agencies = load_dataset(SAMPLE).agencies
    pairs = integration_analysis(sample_result, agencies, threshold=0.5).pairs
    shared = {t for terms in pairs["shared_terms"] for t in terms.split("; ")}
    assert not {"sakit", "tinggi", "perguruan"} & shared
    assert any(" " in t and "perguruan" in t.split() for t in shared)
