"""Cross-agency pairs, the agency network and pentahelix reach, on hand-made innovations whose
similarities and counts are worked out in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from smartcity_utils.clusters import integration as ig
from smartcity_utils.clusters.features import ClusteringError

TERMS = np.array(["bank", "sampah", "kompos"])
# Unit rows: A and B identical (cosine 1, two shared terms); C shares only 'sampah' with A and
# B: cos(A, C) = 0.8 * 0.6 = 0.48, above a 0.4 threshold but resting on one word, so not a
# pair (MIN_SHARED_TERMS = 2); D is identical to A but in another region.
TFIDF = sparse.csr_matrix(np.array([
    [0.6, 0.8, 0.0],   # A, agency X (city 1)
    [0.6, 0.8, 0.0],   # B, agency Y (city 1)
    [0.0, 0.6, 0.8],   # C, agency Y (city 1)
    [0.6, 0.8, 0.0],   # D, agency W (city 2)
]))


@pytest.fixture()
def agencies():
    return pd.DataFrame({"agency_code": ["X", "Y", "W"], "short_name": ["Dx", "Dy", "Dw"],
                         "region": ["Kota 1", "Kota 1", "Kota 2"]})


@pytest.fixture()
def latest():
    flags = {  # per innovation A, B, C, D
        "pentahelix_government": [True, True, False, True],
        "pentahelix_academia": [True, False, False, False],
        "pentahelix_business": [False, False, False, False],
        "pentahelix_community": [False, False, True, False],
        "pentahelix_media": [False, False, False, False],
    }
    return pd.DataFrame({
        "innovation_id": ["A", "B", "C", "D"],
        "innovation_name": ["Bank Sampah A", "Bank Sampah B", "Kompos C", "Bank Sampah D"],
        # A and B: the same name, different work (not one innovation registered twice)
        "description": ["Tabungan sampah warga di kelurahan", "Penjemputan sampah pasar",
                        "Kompos dari daun", "Tabungan sampah sekolah"],
        "agency_code": ["X", "Y", "Y", "W"],
        "partner_agencies": ["Y; UNKNOWN; X", None, "X", "Y"],
        "cluster": [1, 1, 2, 1],
        **flags,
    })


def test_pairs_are_cross_agency_same_region_above_threshold(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.4)
    # A-B 1.0 passes; A-C 0.48 rests on 'sampah' alone; B-C is one agency (Y); D is in
    # another region.
    assert pairs[["innovation_id_a", "innovation_id_b"]].values.tolist() == [["A", "B"]]
    assert pairs["similarity"].tolist() == [1.0]
    # shared weight: sampah 0.64 > bank 0.36 for A-B.
    assert pairs["shared_terms"].tolist() == ["sampah; bank"]
    assert pairs.columns.tolist() == ig.PAIR_COLUMNS


def test_one_shared_word_carries_no_pair_two_do(latest, agencies):
    """C gets 'bank' too: it now shares two terms with A (bank, sampah), cosine
    0.6*0.36 + 0.8*0.48 = 0.6 by hand, and becomes a pair."""
    c = np.array([0.36, 0.48, 0.8]) / np.linalg.norm([0.36, 0.48, 0.8])
    tfidf = sparse.csr_matrix(np.vstack([TFIDF.toarray()[:2], c, TFIDF.toarray()[3]]))
    pairs = ig.integration_pairs(latest, agencies, tfidf, TERMS, threshold=0.4)
    assert pairs[["innovation_id_a", "innovation_id_b"]].values.tolist() == [["A", "B"],
                                                                              ["A", "C"]]
    assert pairs["shared_terms"].tolist()[1] == "sampah; bank"


def test_threshold_above_a_pair_drops_it(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.5)
    assert pairs["innovation_id_b"].tolist() == ["B"]


@pytest.mark.parametrize("threshold", [0, 1.5])
def test_threshold_out_of_range_is_refused(latest, agencies, threshold):
    with pytest.raises(ClusteringError, match="threshold"):
        ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold)


def test_declared_partnerships_keep_known_other_agencies(latest, agencies):
    partnerships = ig.declared_partnerships(latest, agencies)
    # A (X) names Y, UNKNOWN and itself: only Y; C (Y) names X; D (W) names Y.
    assert partnerships.values.tolist() == [["A", "X", "Y"], ["C", "Y", "X"], ["D", "W", "Y"]]


def test_network_edges_and_graph(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.4)
    edges = ig.network_edges(pairs, ig.declared_partnerships(latest, agencies))
    # X-Y: 1 similar pair (A-B) + 2 declarations (A->Y, C->X); W-Y: 1 declaration.
    assert edges.values.tolist() == [["X", "Y", 1, 2, 3], ["W", "Y", 0, 1, 1]]
    graph = ig.agency_network(edges, latest, agencies)
    assert sorted(graph.nodes) == ["W", "X", "Y"]
    assert graph.nodes["Y"]["innovations"] == 2
    assert graph["X"]["Y"]["weight"] == 3


def test_network_names_an_agency_missing_from_the_agencies_table_by_its_code(latest, agencies):
    """Without its row in the agencies table (or without the table), W still gets a node with
    its innovation and its link, named by its code, and the network can be drawn."""
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.4)
    edges = ig.network_edges(pairs, ig.declared_partnerships(latest, agencies))
    graph = ig.agency_network(edges, latest, agencies[agencies["agency_code"] != "W"])
    assert list(graph.nodes) == ["X", "Y", "W"]
    assert graph.nodes["W"] == {"short_name": "W", "innovations": 1}
    assert graph.nodes["X"]["short_name"] == "Dx"
    from smartcity_utils.clusters.network_figure import network_drawing, network_figure

    drawing = network_drawing(graph, agencies[agencies["agency_code"] != "W"])
    assert drawing.nodes.set_index("agency_code").loc["W", "agency"] == "W"
    network_figure(drawing)


def test_pentahelix_reach(latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.4)
    edges = ig.network_edges(pairs, ig.declared_partnerships(latest, agencies))
    reach = ig.pentahelix_reach(latest, agencies, ig.agency_network(edges, latest, agencies))
    reach = reach.set_index("agency_code")
    # Y: B government only, C community only -> 2 sectors, 1.0 per innovation, half each.
    assert reach.loc["Y", "sectors_reached"] == 2
    assert reach.loc["Y", "mean_sectors"] == 1.0
    assert reach.loc["Y", "share_government"] == 0.5
    # X: A government + academia -> 2 sectors, 2.0 per innovation; linked to Y only.
    assert reach.loc["X", "mean_sectors"] == 2.0
    assert reach.loc["X", "connected_agencies"] == 1
    assert reach.loc["Y", "connected_agencies"] == 2
    # least reach first: W (1 sector), then Y (2, 1.0), then X (2, 2.0)
    assert reach.index.tolist() == ["W", "Y", "X"]


def test_exports_are_written_under_clusters(tmp_path, run_folder, latest, agencies):
    pairs = ig.integration_pairs(latest, agencies, TFIDF, TERMS, threshold=0.4)
    written = ig.write_exports(run_folder, {"integration_pairs": pairs})
    assert written == ["clusters/integration_pairs.csv"]
    again = pd.read_csv(tmp_path / written[0])
    assert again.columns.tolist() == ig.PAIR_COLUMNS
    assert len(again) == 1  # A-B (A-C rests on one word)


def test_pentahelix_reach_without_any_flag_is_unknown_not_zero(latest, agencies):
    """No pentahelix value at all (the columns absent from the source): reach is empty, so no
    agency is called narrow; connected agencies still count."""
    sectors = [c for c in latest if c.startswith("pentahelix_")]
    blank = latest.assign(**{c: pd.array([pd.NA] * 4, dtype="boolean") for c in sectors})
    graph = ig.agency_network(ig.network_edges(ig.integration_pairs(
        blank, agencies, TFIDF, TERMS, 0.4), ig.declared_partnerships(blank, agencies)),
        blank, agencies)
    reach = ig.pentahelix_reach(blank, agencies, graph).set_index("agency_code")
    assert reach["share_government"].isna().all() and reach["mean_sectors"].isna().all()
    assert reach["sectors_reached"].isna().all()
    assert reach.loc["Y", "connected_agencies"] == 2
