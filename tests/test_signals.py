"""Cluster quality signals: each condition on a small result that has it, none on one that
has none, and the next steps that follow from what the data holds."""

import pandas as pd
import pytest

from smartcity_utils.clusters import signals
from smartcity_utils.clusters.kmeans import ClusterResult


def result(sizes, k_tried, k, silhouette, left_out=()):
    """A clustering with clusters of `sizes`, k chosen among `k_tried` at `silhouette`."""
    selection = pd.DataFrame({"k": k_tried, "silhouette": 0.1, "chosen": [x == k for x in k_tried]})
    selection.loc[selection["chosen"], "silhouette"] = silhouette
    clusters = pd.DataFrame({"cluster": range(1, len(sizes) + 1), "size": sizes})
    innovations = pd.DataFrame({"innovation_id": [f"I{i}" for i in range(sum(sizes))]})
    return ClusterResult(innovations, None, None, selection, clusters, k, 0, list(left_out))


def stability(mean):
    return pd.DataFrame({"kind": ["seed", "resample"], "run": [1, 1], "ari": [0.99, mean]})


def test_a_sound_clustering_raises_no_signal(english):
    # 60 innovations in 6 clusters of 10 (k = 6 inside 3..10), silhouette 0.5, stable
    sound = result([10] * 6, list(range(3, 11)), 6, 0.5)
    assert signals.cluster_signals(sound, stability(0.95)) == []
    assert signals.signals_markdown([]).startswith("No sign of weak clusters")


def test_each_weak_condition_is_named(english):
    # the real case in miniature: k at the top of the range, silhouette 0.23,
    # resample ARI 0.60, one cluster of 17 among 39 of about 4.8, no budget data
    sizes = [17] + [4] * 38  # 169 innovations, mean 169 / 39 = 4.33
    weak = result(sizes, list(range(10, 41)), 39, 0.23, ["budget"])
    found = signals.cluster_signals(weak, stability(0.60))
    assert len(found) == 6
    assert "The number of clusters chosen, 39, is at the edge of the range tried (10-40)" \
        in found[0]
    assert "Silhouette 0.23 is below 0.25" in found[1]
    assert "mean ARI over resamples 0.60" in found[2]
    assert "Cluster 1 holds 17 innovations (10%), far above the mean of 4.3" in found[3]
    assert "Only 4.3 innovations per cluster" in found[4]
    assert found[5] == "Feature blocks without data, left out: budget."
    assert signals.signals_markdown(found).endswith("check their members before acting on them.")


@pytest.mark.parametrize(("k", "edge"), [(10, True), (12, True), (13, False), (37, False),
                                          (38, True), (40, True)])
def test_edge_of_the_range_is_its_outer_tenth(english, k, edge):
    # range 10..40: span 30, margin 3 values at each end (10-12 and 38-40)
    found = signals.cluster_signals(result([10] * 4, list(range(10, 41)), k, 0.5))
    assert any("edge of the range" in s for s in found) is edge


def test_pentahelix_and_partners_known_only_from_values():
    empty = pd.DataFrame({"pentahelix_media": pd.array([None, None], dtype="boolean"),
                          "partner_agencies": [None, " "]})
    assert not signals.pentahelix_known(empty) and not signals.partners_known(empty)
    some = empty.assign(pentahelix_media=pd.array([False, None], dtype="boolean"),
                        partner_agencies=["DINKES", None])
    assert signals.pentahelix_known(some) and signals.partners_known(some)
    assert not signals.pentahelix_known(pd.DataFrame({"x": [1]}))
