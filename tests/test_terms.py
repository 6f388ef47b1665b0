"""Topic terms learned from the registry: cluster labels by class-based TF-IDF, and the
evidence of integration pairs, on small registries where boilerplate, agency-name words and web
addresses are planted and must never be a label or a pair's only evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from smartcity_utils.clusters.features import PENTAHELIX_COLUMNS
from smartcity_utils.clusters.integration import integration_analysis
from smartcity_utils.clusters.kmeans import cluster_innovations
from smartcity_utils.clusters.terms import (
    Phrases,
    TopicTerms,
    class_tfidf,
    name_words,
    starts_predicate,
)
from smartcity_utils.clusters.text import registry_stop_words
from smartcity_utils.words import words

CITY = "Provinsi Contoh"
AGENCIES = pd.DataFrame({
    "agency_code": ["BPSDM", "ESDM", "DINKES", "RSUD", "DISDIK", "DISHUB"],
    "agency_name": ["Badan Pengembangan Sumber Daya Manusia",
                    "Dinas Energi dan Sumber Daya Mineral", "Dinas Kesehatan",
                    "RSUD Contoh Utara", "Dinas Pendidikan", "Dinas Perhubungan"],
    "short_name": ["BPSDM", "Dinas ESDM", "Dinkes", "RSUD Utara", "Disdik", "Dishub"],
    "region": CITY,
})
# Every agency's own site says "Situs Resmi <its name>" (boilerplate in all six agencies' rows,
# and every word of the names); two agencies' names share "sumber daya"; the health office and
# the hospital run the same patient registration (a real pair, sharing "rumah sakit").
ROWS = [(code, f"Situs {code}", f"Situs Resmi {name} {CITY}, https://{code.lower()}.contoh.go.id")
        for code, name in zip(AGENCIES["agency_code"], AGENCIES["agency_name"], strict=True)] + [
    ("BPSDM", "Pelatihan Pegawai", "Pelatihan pegawai, pengembangan sumber daya manusia"),
    ("BPSDM", "Diklat Pegawai", "Diklat pegawai, kompetensi sumber daya manusia"),
    ("ESDM", "Izin Tambang", "Izin tambang, sumber daya mineral"),
    ("ESDM", "Peta Tambang", "Peta tambang, sumber daya mineral"),
    ("DINKES", "Pendaftaran Pasien Rumah Sakit", "Antrean pasien rumah sakit dari rumah"),
    ("RSUD", "Pendaftaran Pasien Rumah Sakit Daring", "Antrean pasien rumah sakit"),
    ("DISDIK", "Beasiswa Perguruan Tinggi", "Beasiswa mahasiswa perguruan tinggi"),
    ("DISDIK", "Beasiswa Kuliah", "Beasiswa mahasiswa perguruan tinggi negeri"),
    ("DISHUB", "Jadwal Bus Kota", "Jadwal bus dan halte"),
    ("DISHUB", "Halte Bus Pintar", "Halte bus dengan jadwal"),
]


def registry() -> pd.DataFrame:
    return pd.DataFrame([{
        "innovation_id": f"I{n:02d}", "innovation_name": name, "agency_code": code,
        "year": 2024, "dimension": "Smart Living", "sub_dimension": "Kesehatan",
        "tahapan": "penerapan", "jenis": "digital", "description": description,
        "budget_idr": np.nan, "beneficiaries": np.nan, "partner_agencies": None,
        **dict.fromkeys(PENTAHELIX_COLUMNS),
    } for n, (code, name, description) in enumerate(ROWS, 1)])


@pytest.fixture(scope="module")
def planted():
    result = cluster_innovations(registry(), 2024, k_min=4, k_max=8, seed=1,
                                 stop_words=registry_stop_words(AGENCIES, CITY),
                                 names=name_words(AGENCIES, CITY))
    return result, integration_analysis(result, AGENCIES, threshold=0.3)


def label_words(result) -> set[str]:
    return {w for label in result.clusters["top_terms"] for w in words(label)}


def test_labels_hold_no_boilerplate_agency_name_region_or_address_word(planted):
    result, _ = planted
    banned = {"resmi", "situs", "https", "contoh", "go", "id"} | name_words(AGENCIES, CITY)
    assert label_words(result) & banned == set()


def test_every_label_names_a_topic_or_says_various(planted):
    result, _ = planted
    topics = {"pelatihan", "pegawai", "tambang", "pasien", "rumah", "beasiswa", "bus", "halte",
              "jadwal", "perguruan", "antrean", "mahasiswa", "diklat", "peta", "izin"}
    for terms, label in zip(result.clusters["top_terms"], result.clusters["cluster_label"],
                            strict=True):
        assert set(words(terms)) & topics or label.endswith("various topics"), label


def test_words_two_agency_names_share_carry_no_pair(planted):
    _, links = planted
    pairs = set(zip(links.pairs["agency_code_a"], links.pairs["agency_code_b"], strict=True))
    assert not {("BPSDM", "ESDM"), ("ESDM", "BPSDM")} & pairs
    assert not links.pairs["shared_terms"].str.contains("resmi|sumber|daya").any()


def test_a_real_pair_shows_whole_phrases(planted):
    _, links = planted
    hospital = links.pairs[links.pairs["agency_code_a"].isin(["DINKES", "RSUD"])
                           & links.pairs["agency_code_b"].isin(["DINKES", "RSUD"])]
    assert len(hospital) == 1
    shared = hospital["shared_terms"].iloc[0].split("; ")
    assert "rumah sakit" in shared and "sakit" not in shared and "rumah" not in shared


def test_phrases_are_neighbouring_topic_words_of_one_clause_without_web_addresses():
    phrases = Phrases(frozenset({"website", "umum", "daerah", "malingping"}))
    assert phrases("Website Rumah Sakit Umum Daerah Malingping, http://rs.banten.go.id") == [
        "rumah", "sakit", "rumah sakit"]
    assert phrases("Bank. Sampah") == ["bank", "sampah"]  # no phrase across a full stop


def test_a_phrase_never_runs_from_a_subject_into_its_verb():
    # issue 23: "darurat mengirim" of "Layanan gawat darurat mengirim ambulans": the subject's
    # last word and the predicate's verb; "gawat darurat" and "mengirim ambulans" read as
    # phrases (a verb with its object)
    phrases = Phrases(frozenset({"layanan"}))
    found = phrases("Layanan gawat darurat mengirim ambulans")
    assert [p for p in found if " " in p] == ["gawat darurat", "mengirim ambulans"]
    found = phrases("Kader posyandu membantu ibu hamil; petugas menyediakan data")
    assert [p for p in found if " " in p] == ["kader posyandu", "membantu ibu", "ibu hamil",
                                              "menyediakan data"]
    # a noun that begins with me- but no nasal prefix stays in a phrase ("baca meter"); the
    # known limit: a noun of the verb's form ("menteri") is taken for a verb, so a phrase
    # ending in it is dropped (its words still count)
    assert "baca meter" in phrases("Baca Meter Mandiri")
    assert starts_predicate("menteri") and not starts_predicate("mental")


def test_class_tfidf_weights_what_sets_a_cluster_apart():
    # Cluster 1: two members use t1, one t2; cluster 2: two use t2, one t3. Counted by hand:
    # terms used 6 times in 2 clusters (mean 3); t1 used 2 times, t2 3, t3 1.
    # cluster 1: t1 2/3 * ln(1 + 3/2) = 0.6109, t2 1/3 * ln(1 + 3/3) = 0.2310, t3 0;
    # cluster 2: t2 2/3 * ln 2 = 0.4621, t3 1/3 * ln(1 + 3/1) = 0.4621.
    present = sparse.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 1, 0]]))
    topic = TopicTerms(present, np.array(["t1", "t2", "t3"]))
    weights, members_using = class_tfidf(topic, np.array([1, 1, 2, 2]))
    np.testing.assert_allclose(weights, [[0.6109, 0.2310, 0], [0, 0.4621, 0.4621]], atol=1e-4)
    np.testing.assert_array_equal(members_using, [[2, 1, 0], [0, 2, 1]])


def test_a_registry_of_only_boilerplate_gets_various_topics_and_no_pair():
    # Only the six "Situs Resmi <agency name>" rows: no topic term is left.
    result = cluster_innovations(registry().head(6), 2024, k_min=2, k_max=2, seed=1,
                                 stop_words=registry_stop_words(AGENCIES, CITY),
                                 names=name_words(AGENCIES, CITY))
    assert (result.clusters["top_terms"] == "").all()
    assert result.clusters["cluster_label"].str.endswith(": various topics").all()
    assert integration_analysis(result, AGENCIES, threshold=0.3).pairs.empty


def test_markup_of_a_web_form_is_not_a_word():
    """A registry exported from web forms (a national innovation bank's narratives) carries
    `<br>`, `<div class=...>` and `&nbsp;`; "br" was a cluster label. A comparison written
    with < and > is text, kept."""
    assert words('Sekolah<br/>guru &nbsp;<div class="isi">PAUD</div>') == ["sekolah", "guru",
                                                                         "paud"]
    assert words("nilai < 5 dan > 2") == ["nilai", "dan"]


def test_a_region_is_known_by_its_short_form():
    """Indonesian writes provinces short: Jatim, Kalbar, Sulsel. A one-word city has none."""
    from smartcity_utils.clusters.terms import region_short_forms
    assert "jatim" in region_short_forms("Provinsi Jawa Timur")
    assert "kalbar" in region_short_forms("Kalimantan Barat")
    assert "sulsel" in region_short_forms("Provinsi Sulawesi Selatan")
    assert region_short_forms("Kota Pontianak") == set()
    assert "jatim" in name_words(None, "Provinsi Jawa Timur")


def test_a_misspelt_filler_word_is_filler_and_a_different_word_is_not():
    """"sistim" is "sistem" (a stop word) with one vowel changed; "harga" (price) differs from
    the boilerplate "warga" in a consonant and stays a topic; short words are left alone."""
    from smartcity_utils.clusters.terms import vowel_variants
    terms = np.array(["sistim", "harga", "pasar", "sistem informasi", "data"])
    assert vowel_variants(terms, {"sistem", "warga", "dota"}).tolist() == [
        True, False, False, False, False]
