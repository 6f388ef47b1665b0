"""Possible duplicate registrations: a planted duplicate (one innovation entered by two
accounts) and a planted genuine pair (two agencies doing related work), truth by construction;
resemblances worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from smartcity_utils.clusters import duplicates as dup
from smartcity_utils.clusters import integration as ig
from smartcity_utils.quick_win import inputs, values

TERMS = np.array(["antar", "obat", "pasien"])
# Unit rows. P (hospital) and Q (the province's admin account) are one innovation entered
# twice; R (an eye clinic) delivers drugs too: a genuine integration candidate with P.
# cos(P, Q) = 1; cos(P, R) = 0.6 * 0.6 + 0.8 * 0.8 = 1.0 as well: the text similarity alone
# cannot tell the two kinds apart, the names can.
TFIDF = sparse.csr_matrix(np.array([
    [0.6, 0.8, 0.0],   # P, agency RSUD
    [0.6, 0.8, 0.0],   # Q, agency ADMIN
    [0.6, 0.8, 0.0],   # R, agency KLINIK
]))


@pytest.fixture()
def agencies():
    return pd.DataFrame({"agency_code": ["RSUD", "ADMIN", "KLINIK"],
                         "short_name": ["RSUD", "Admin", "Klinik Mata"],
                         "region": ["Prov", "Prov", "Prov"]})


@pytest.fixture()
def latest():
    return pd.DataFrame({
        "innovation_id": ["P", "Q", "R"],
        "innovation_name": ["SIAPA (Siap Antar Obat Pasien)",
                            "SIAPA ( siap antar obat pasien )",
                            "LAO (Layanan Antar Obat)"],
        "agency_code": ["RSUD", "ADMIN", "KLINIK"],
        "description": [None, None, None],
        "cluster": [1, 1, 1],
        "partner_agencies": [None, None, None],
    })


def test_letters_run_together_so_spacing_case_and_punctuation_do_not_count():
    assert dup.resemblance("SI SUARIN", "sisuarin") == 1.0
    assert dup.resemblance("PUAS ( Pulang Dengan Senyuman )", "PUAS (PULANG DENGAN SENYUMAN)") \
        == 1.0


def test_resemblance_is_the_jaccard_of_letter_trigrams():
    # "abcd": {abc, bcd}; "abce": {abc, bce}: 1 shared of 3 -> 1/3.
    assert dup.resemblance("abcd", "abce") == pytest.approx(1 / 3)
    assert dup.resemblance("abcd", None) == 0.0


def test_a_different_description_makes_the_same_name_two_innovations():
    # Two agencies each run an "SMS Gateway", for different work: an integration candidate.
    assert not dup.near_identical("SMS Gateway", "SMS Gateway",
                                  "Notifikasi tagihan pajak daerah", "Pengaduan warga lewat SMS")
    assert dup.near_identical("SMS Gateway", "SMS Gateway", "Notifikasi tagihan pajak",
                              "notifikasi tagihan pajak.")
    assert dup.near_identical("SMS Gateway", "SMS Gateway", "Notifikasi tagihan pajak", None)


def test_two_offices_each_naming_their_own_place_are_two_innovations():
    agencies = pd.DataFrame({
        "agency_code": ["KEC-SEL", "KEC-BAR", "ADMIN"],
        "agency_name": ["Kecamatan Pontianak Selatan", "Kecamatan Pontianak Barat", "Admin"],
        "short_name": [None, None, None]})
    selatan = "Aplikasi Aduan Warga Pontianak Selatan"
    a = pd.DataFrame({"innovation_name": [selatan, selatan], "agency_code": ["KEC-SEL"] * 2})
    b = pd.DataFrame({"innovation_name": ["Aplikasi Aduan Warga Pontianak Barat",
                                          "Aplikasi Aduan Warga Pontianak Selatan Kota"],
                      "agency_code": ["KEC-BAR", "ADMIN"]})
    # Both pairs' names are near-identical (the first shares 25 of 37 letter trigrams)...
    assert dup.resemblance(selatan, b["innovation_name"][0]) == pytest.approx(25 / 37)
    assert dup.resemblance(selatan, b["innovation_name"][1]) >= dup.NEAR_IDENTICAL
    # ...but "selatan" and "barat" each name their own district: two innovations; the admin
    # account's entry names the Selatan district, not its own office: one innovation twice.
    assert dup.possibly_registered_twice(a, b, agencies).tolist() == [False, True]


def test_the_planted_duplicate_is_marked_the_genuine_pair_is_not(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.5)
    kinds = {(a, b): twice for a, b, twice in
             pairs[["innovation_id_a", "innovation_id_b", "possible_duplicate"]].values}
    assert kinds == {("P", "Q"): True, ("P", "R"): False, ("Q", "R"): False}


def test_a_duplicate_links_no_agencies_and_is_listed_apart(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.5)
    edges = ig.network_edges(pairs, ig.declared_partnerships(latest, agencies))
    # Only P-R (RSUD-KLINIK) and Q-R (ADMIN-KLINIK) link agencies; P-Q links none.
    assert sorted(map(tuple, edges[["agency_code_a", "agency_code_b"]].values)) == [
        ("ADMIN", "KLINIK"), ("KLINIK", "RSUD")]
    candidates = ig.pairs_table(pairs, agencies)
    assert len(candidates) == 2
    twice = ig.duplicates_table(pairs, agencies)
    assert twice.iloc[:, 0].tolist() == ["SIAPA (Siap Antar Obat Pasien)"]
    assert twice.iloc[:, 1].tolist() == ["RSUD"]
    assert twice.iloc[:, 3].tolist() == ["Admin"]


def test_a_duplicate_gives_no_integration_potential(tmp_path, run_folder, latest, agencies):
    """03's integration criterion counts the pairs an innovation is in: P is in one genuine
    pair (with R), not two; R in two (with P and with Q's entry of the same work)."""
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.5)
    ig.write_exports(run_folder, {"integration_pairs": pairs})
    read = inputs.read_integration_pairs(run_folder)
    potential = values._integration_potential(latest, None,
                                              inputs.PriorityInputs(year=2024,
                                                                     integration_pairs=read))
    assert potential.tolist() == [1.0, 1.0, 2.0]
