"""How far the clusters and integration pairs can be trusted: quality signals in plain words.

Each signal is a condition that makes the result weaker than it looks, with a sentence for the
reader where the result is shown: k at the edge of the searched range, a low silhouette, low
stability under resampling, a catch-all cluster, few innovations per cluster, feature blocks
without data. `next_steps` turns what is known (and not) into the workbook's closing advice.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils.clusters.integration import IntegrationResult, integration_only
from smartcity_utils.clusters.kmeans import ClusterResult, stability_summary
from smartcity_utils.formatting import sentence
from smartcity_utils.strings import text

# Kaufman & Rousseeuw (1990): an average silhouette below 0.25 means no substantial structure.
LOW_SILHOUETTE = 0.25
LOW_STABILITY = 0.75     # mean ARI of the 80% resamples below this: the groups move
CATCH_ALL_FACTOR = 3.0   # a cluster this many times the mean cluster size is a catch-all
FEW_PER_CLUSTER = 5.0    # fewer innovations than this per cluster on average
EDGE_SHARE = 0.1         # a k this near either end of the range (share of its span): edge


def cluster_signals(result: ClusterResult, stability: pd.DataFrame | None = None) -> list[str]:
    """The quality signals that apply to this clustering, each as one sentence."""
    ks, sizes = result.k_selection["k"], result.clusters["size"]
    silhouette = float(result.k_selection.loc[result.k_selection["chosen"], "silhouette"].iloc[0])
    n, k = len(result.innovations), result.k
    signals = []
    margin = max(1, int(EDGE_SHARE * (ks.max() - ks.min())))
    if len(ks) > 1 and (k <= ks.min() + margin - 1 or k >= ks.max() - margin + 1):
        signals.append(text("cl.signal_k_edge").format(k=k, k_min=ks.min(), k_max=ks.max()))
    if silhouette < LOW_SILHOUETTE:
        signals.append(sentence(text("cl.signal_silhouette"), silhouette=silhouette,
                                                           limit=LOW_SILHOUETTE))
    if stability is not None:
        summary = stability_summary(stability).set_index("kind")
        if "resample" in summary.index and summary.at["resample", "mean"] < LOW_STABILITY:
            signals.append(sentence(text("cl.signal_stability"), ari=summary.at["resample", "mean"],
                                                              limit=LOW_STABILITY))
    largest = int(sizes.max())
    if k > 1 and largest >= CATCH_ALL_FACTOR * n / k:
        cluster = int(result.clusters.loc[sizes.idxmax(), "cluster"])
        signals.append(sentence(text("cl.signal_catch_all"), cluster=cluster, size=largest,
                                                          share=largest / n, mean=n / k))
    if n / k < FEW_PER_CLUSTER:
        signals.append(sentence(text("cl.signal_few_rows"), mean=n / k, limit=FEW_PER_CLUSTER))
    if result.blocks_left_out:
        signals.append(text("cl.signal_no_data").format(blocks=", ".join(result.blocks_left_out)))
    return signals


def signals_markdown(signals: list[str]) -> str:
    """The signals as a warning list ending in what they mean, or one line that none applies."""
    if not signals:
        return text("cl.signals_none")
    return "\n".join([f"**{text('cl.signals_title')}**", "",
                      *(f"- {s}" for s in signals), "", text("cl.signals_meaning")])


def pentahelix_known(latest: pd.DataFrame) -> bool:
    """True when the registry states a pentahelix partner flag for at least one innovation."""
    columns = [c for c in latest.columns if c.startswith("pentahelix_")]
    return bool(columns) and bool(latest[columns].notna().to_numpy().any())


def partners_known(latest: pd.DataFrame) -> bool:
    """True when at least one innovation names its partner agencies."""
    if "partner_agencies" not in latest:
        return False
    return bool(latest["partner_agencies"].fillna("").astype(str).str.strip().ne("").any())


def next_steps(result: ClusterResult, links: IntegrationResult, signals: list[str]) -> str:
    """What to do next, from what the data can carry: rough groups say so, pairs are only
    discussed when there are some, reach and partners only judged when their columns have data."""
    steps = []
    if signals:
        steps.append(text("cl.next_rough"))
    integration = integration_only(links.pairs)
    steps.append(text("cl.next_pairs") if len(integration) else text("cl.next_no_pairs"))
    if len(integration) < len(links.pairs):
        steps.append(text("cl.next_duplicates"))
    latest = result.innovations
    if pentahelix_known(latest):
        steps.append(text("cl.next_reach"))
    else:
        steps.append(text("cl.next_no_pentahelix"))
    if not partners_known(latest):
        steps.append(text("cl.next_no_partners"))
    steps.append(text("cl.next_quick_win"))
    return "\n".join(f"- {s}" for s in steps)
