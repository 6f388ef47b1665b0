"""Cross-agency integration: similar innovations of different agencies, the agency network and
the cross-sector (pentahelix) reach of each agency.

Two innovations are a possible duplication / integration candidate when they belong to
different agencies of the same region, the cosine similarity of their text TF-IDF (the one
the clusters are named from, registry stop words out) is at least the threshold, and they
share at least MIN_SHARED_TERMS terms: one common word ("web", "air") cannot carry a pair. A
pair of near-identical innovations is marked `possible_duplicate` (clusters/duplicates.py): one
innovation registered twice, not an integration opportunity, so it links no agencies. The
agency network joins two agencies by the other pairs and by the partner agencies their
innovations declare.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from smartcity_utils.artifacts import RunFolder
from smartcity_utils.clusters.duplicates import possibly_registered_twice
from smartcity_utils.clusters.features import ClusteringError
from smartcity_utils.clusters.kmeans import ClusterResult, top_terms
from smartcity_utils.clusters.partnerships import declared_partnerships
from smartcity_utils.formatting import number
from smartcity_utils.names import display_names
from smartcity_utils.strings import pentahelix_label, text
from smartcity_utils.vocabulary import PENTAHELIX

SHARED_TERMS = 5
MIN_SHARED_TERMS = 2  # informative terms two texts must share to be a pair
PAIR_CHUNK = 1000  # innovations compared at once: bounds memory on a national registry
PAIR_COLUMNS = [
    "innovation_id_a", "innovation_name_a", "agency_code_a", "cluster_a",
    "innovation_id_b", "innovation_name_b", "agency_code_b", "cluster_b",
    "similarity", "shared_terms", "possible_duplicate",
]
EDGE_COLUMNS = ["agency_code_a", "agency_code_b", "similar_pairs", "declared_partnerships",
                "weight"]


def _regions(latest: pd.DataFrame, agencies: pd.DataFrame) -> np.ndarray:
    """The region of each innovation's agency ('' when unknown), as integer codes."""
    region = agencies.set_index("agency_code")["region"].fillna("")
    return pd.factorize(latest["agency_code"].map(region).fillna("").to_numpy())[0]


def similar_pairs_index(tfidf: sparse.csr_matrix, agency: np.ndarray, region: np.ndarray,
                        threshold: float, counted: np.ndarray | None = None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs (i < j) of different agencies, same region, with cosine >= threshold and at
    least MIN_SHARED_TERMS terms in common (of the `counted` columns: single words, so that a
    shared phrase does not count its words again). Each region's rows are compared among
    themselves only (a national registry's 527 regions: 527 small products, not one of every
    row with every other), in chunks of PAIR_CHUNK rows."""
    if not 0 < threshold <= 1:
        raise ClusteringError(f"the similarity threshold must be in (0, 1], got {threshold}")
    present = (tfidf > 0).astype(np.float32).tocsr()
    if counted is not None:
        present = present[:, np.flatnonzero(counted)]
    rows_i, rows_j, sims = [np.empty(0, dtype=int)], [np.empty(0, dtype=int)], [np.empty(0)]
    order = np.argsort(region, kind="stable")
    for members in np.split(order, np.flatnonzero(np.diff(region[order])) + 1):
        if len(members) < 2:
            continue
        others = tfidf[members].T
        for start in range(0, len(members), PAIR_CHUNK):
            chunk = members[start:start + PAIR_CHUNK]
            block = (tfidf[chunk] @ others).tocoo()
            i, j, s = chunk[block.row], members[block.col], block.data
            keep = (j > i) & (s >= threshold - 1e-9) & (agency[i] != agency[j])
            i, j, s = i[keep], j[keep], s[keep]
            shared = np.asarray(present[i].multiply(present[j]).sum(axis=1)).ravel()
            keep = shared >= MIN_SHARED_TERMS
            rows_i.append(i[keep])
            rows_j.append(j[keep])
            sims.append(s[keep])
    return np.concatenate(rows_i), np.concatenate(rows_j), np.concatenate(sims)


def shared_terms(tfidf: sparse.csr_matrix, terms: np.ndarray, i: np.ndarray, j: np.ndarray,
                 n: int = SHARED_TERMS) -> list[str]:
    """For each pair (i[k], j[k]): the terms both texts use, heaviest in both first, a word
    left out when a phrase already holds it, joined by '; ' (one sparse product for all the
    pairs)."""
    both = tfidf[i].multiply(tfidf[j]).tocsr()
    both.sort_indices()
    found = []
    for k in range(both.shape[0]):
        span = slice(both.indptr[k], both.indptr[k + 1])
        columns, weights = both.indices[span], both.data[span]
        by_name = np.argsort(terms[columns], kind="stable")  # ties: alphabetical
        found.append("; ".join(top_terms(weights[by_name], terms[columns[by_name]], n)))
    return found


def integration_pairs(latest: pd.DataFrame, agencies: pd.DataFrame, tfidf: sparse.csr_matrix,
                      terms: np.ndarray, threshold: float) -> pd.DataFrame:
    """Similar cross-agency innovations, the most similar first (PAIR_COLUMNS), each marked
    `possible_duplicate` when it looks like one innovation registered twice. `terms` may hold
    phrases (two words): only single words count towards MIN_SHARED_TERMS."""
    agency = pd.factorize(latest["agency_code"].to_numpy())[0]
    single_words = np.char.find(terms.astype(str), " ") < 0
    i, j, sim = similar_pairs_index(tfidf, agency, _regions(latest, agencies), threshold,
                                    single_words)
    a, b = latest.iloc[i].reset_index(drop=True), latest.iloc[j].reset_index(drop=True)
    pairs = pd.DataFrame({
        "innovation_id_a": a["innovation_id"], "innovation_name_a": a["innovation_name"],
        "agency_code_a": a["agency_code"],
        "cluster_a": a["cluster"] if "cluster" in a else pd.NA,
        "innovation_id_b": b["innovation_id"], "innovation_name_b": b["innovation_name"],
        "agency_code_b": b["agency_code"],
        "cluster_b": b["cluster"] if "cluster" in b else pd.NA,
        "similarity": np.round(sim.astype(float), 3),
        "shared_terms": shared_terms(tfidf, terms, i, j),
        "possible_duplicate": possibly_registered_twice(a, b, agencies),
    }, columns=PAIR_COLUMNS)
    pairs = pairs.sort_values(["similarity", "innovation_id_a", "innovation_id_b"],
                              ascending=[False, True, True], kind="stable")
    return pairs.reset_index(drop=True)


# ---------------------------------------------------------------- the agency network


def _edge_counts(a: pd.Series, b: pd.Series, name: str) -> pd.Series:
    low, high = np.minimum(a.to_numpy(), b.to_numpy()), np.maximum(a.to_numpy(), b.to_numpy())
    frame = pd.DataFrame({"agency_code_a": low, "agency_code_b": high})
    return frame.groupby(["agency_code_a", "agency_code_b"]).size().rename(name)


def integration_only(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs that are integration candidates: possible duplicate registrations left out."""
    return pairs[~pairs["possible_duplicate"].astype(bool)]


def duplicates_only(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs that look like one innovation registered twice."""
    return pairs[pairs["possible_duplicate"].astype(bool)]


def network_edges(pairs: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Agency pairs (a < b) with their similar innovation pairs (possible duplicate
    registrations not counted) and declared partnerships."""
    pairs = integration_only(pairs)
    similar = _edge_counts(pairs["agency_code_a"], pairs["agency_code_b"], "similar_pairs")
    declared = _edge_counts(partnerships["agency_code"], partnerships["partner"],
                            "declared_partnerships")
    edges = pd.concat([similar, declared], axis=1).fillna(0).astype("int64")
    edges = edges.reindex(columns=["similar_pairs", "declared_partnerships"], fill_value=0)
    edges["weight"] = edges["similar_pairs"] + edges["declared_partnerships"]
    edges = edges.reset_index()
    edges = edges.sort_values(["weight", "agency_code_a", "agency_code_b"],
                              ascending=[False, True, True], kind="stable")
    return edges[EDGE_COLUMNS].reset_index(drop=True)


def agency_network(edges: pd.DataFrame, latest: pd.DataFrame, agencies: pd.DataFrame) -> nx.Graph:
    """The integration network: every agency with an innovation or a link, edges weighted.
    An agency missing from the agencies table (no such table was given) is named by its code."""
    counts = latest["agency_code"].value_counts()
    active = set(counts.index) | set(edges["agency_code_a"]) | set(edges["agency_code_b"])
    names = display_names(agencies)
    codes = [c for c in agencies["agency_code"] if c in active]
    graph = nx.Graph()
    for code in codes + sorted(active - set(codes)):
        graph.add_node(code, short_name=names.get(code, code), innovations=int(counts.get(code, 0)))
    for row in edges.itertuples():
        graph.add_edge(row.agency_code_a, row.agency_code_b, weight=int(row.weight),
                       similar_pairs=int(row.similar_pairs),
                       declared_partnerships=int(row.declared_partnerships))
    return graph


# ---------------------------------------------------------------- pentahelix reach


def pentahelix_reach(latest: pd.DataFrame, agencies: pd.DataFrame, graph: nx.Graph
                     ) -> pd.DataFrame:
    """Per agency: innovations, share with each pentahelix sector, sectors reached (0-5), mean
    sectors per innovation and connected agencies; the least reach first. Without any
    pentahelix value in the registry the shares and sectors are unknown (empty), not 0."""
    sectors = [f"pentahelix_{s}" for s in PENTAHELIX]
    flags = latest[sectors].fillna(False).astype(bool).assign(agency_code=latest["agency_code"])
    per_agency = flags.groupby("agency_code")[sectors]
    reach = per_agency.mean().rename(columns=lambda c: c.replace("pentahelix_", "share_"))
    reach.insert(0, "innovations", per_agency.size())
    reach["sectors_reached"] = per_agency.any().sum(axis=1)
    reach["mean_sectors"] = flags[sectors].sum(axis=1).groupby(flags["agency_code"]).mean()
    reach["connected_agencies"] = [graph.degree(a) if a in graph else 0 for a in reach.index]
    names = display_names(agencies)
    reach.insert(0, "short_name", [names.get(code, code) for code in reach.index])
    if not latest[sectors].notna().to_numpy().any():  # no pentahelix data: unknown, not 0%
        unknown = [*reach.columns[reach.columns.str.startswith("share_")], "mean_sectors"]
        reach[unknown] = np.nan
        reach["sectors_reached"] = pd.array([pd.NA] * len(reach), dtype="Int64")
    reach = reach.reset_index()
    return reach.sort_values(["sectors_reached", "mean_sectors", "agency_code"], kind="stable"
                             ).reset_index(drop=True)


# ---------------------------------------------------------------- the whole step


@dataclass
class IntegrationResult:
    """Cross-agency pairs, declared partnerships, the agency network and pentahelix reach."""

    pairs: pd.DataFrame
    partnerships: pd.DataFrame
    edges: pd.DataFrame
    graph: nx.Graph
    reach: pd.DataFrame
    threshold: float


def integration_analysis(result: ClusterResult, agencies: pd.DataFrame, threshold: float
                         ) -> IntegrationResult:
    """Pairs above `threshold`, the network from them and from declared partners, the reach."""
    latest = result.innovations
    pairs = integration_pairs(latest, agencies, result.topic.tfidf(), result.topic.terms,
                              threshold)
    partnerships = declared_partnerships(latest, agencies)
    edges = network_edges(pairs, partnerships)
    graph = agency_network(edges, latest, agencies)
    reach = pentahelix_reach(latest, agencies, graph)
    return IntegrationResult(pairs, partnerships, edges, graph, reach, threshold)


def summary_text(integration: IntegrationResult) -> str:
    """One sentence: pairs found, agencies linked, links with similar innovations; and how many
    pairs look like one innovation registered twice."""
    similar = int((integration.edges["similar_pairs"] > 0).sum())
    duplicates = len(duplicates_only(integration.pairs))
    sentence = text("cl.pairs_summary").format(
        pairs=len(integration.pairs) - duplicates, threshold=number(integration.threshold),
        agencies=integration.graph.number_of_nodes(), links=len(integration.edges),
        similar=similar, declared=len(integration.partnerships))
    if duplicates:
        sentence += " " + text("cl.duplicates_summary").format(duplicates=duplicates)
    return sentence


# ---------------------------------------------------------------- tables and exports


def pairs_table(pairs: pd.DataFrame, agencies: pd.DataFrame,
                top: int = 25) -> pd.DataFrame:
    """The `top` most similar cross-agency integration candidates: both names, both agencies,
    the shared terms (possible duplicate registrations are duplicates_table's)."""
    short = display_names(agencies)
    head = integration_only(pairs).head(top)
    table = pd.DataFrame({
        text("cl.innovation_a"): head["innovation_name_a"],
        text("cl.agency_a"): head["agency_code_a"].map(short),
        text("cl.innovation_b"): head["innovation_name_b"],
        text("cl.agency_b"): head["agency_code_b"].map(short),
        text("cl.similarity"): head["similarity"],
        text("cl.shared_terms"): head["shared_terms"],
    })
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def duplicates_table(pairs: pd.DataFrame, agencies: pd.DataFrame):
    """The pairs that look like one innovation registered twice, both names and both agencies;
    a sentence when there is none."""
    from IPython.display import Markdown

    twice = duplicates_only(pairs)
    if twice.empty:
        return Markdown(text("cl.no_duplicates"))
    short = display_names(agencies)
    table = pd.DataFrame({
        text("cl.innovation_a"): twice["innovation_name_a"].to_numpy(),
        text("cl.agency_a"): twice["agency_code_a"].map(short).to_numpy(),
        text("cl.innovation_b"): twice["innovation_name_b"].to_numpy(),
        text("cl.agency_b"): twice["agency_code_b"].map(short).to_numpy(),
    })
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def edges_table(edges: pd.DataFrame, agencies: pd.DataFrame,
                top: int = 20) -> pd.DataFrame:
    """The `top` strongest agency links with their similar pairs and declared partnerships."""
    short = display_names(agencies)
    head = edges.head(top)
    table = pd.DataFrame({
        text("cl.agency_a"): head["agency_code_a"].map(short),
        text("cl.agency_b"): head["agency_code_b"].map(short),
        text("cl.similar_pairs"): head["similar_pairs"],
        text("cl.declared_partnerships"): head["declared_partnerships"],
        text("cl.link_weight"): head["weight"],
    })
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def reach_table(reach: pd.DataFrame) -> pd.DataFrame:
    """Cross-sector reach per agency, sector shares in percent, the least reach first."""
    table = pd.DataFrame({
        text("agency"): reach["short_name"],
        text("cl.innovations"): reach["innovations"],
    })
    for sector in PENTAHELIX:
        table[pentahelix_label(sector) + " %"] = (
            (100 * reach[f"share_{sector}"]).round(0).astype("Int64"))
    table[text("cl.sectors_reached")] = reach["sectors_reached"]
    table[text("cl.mean_sectors")] = reach["mean_sectors"]
    table[text("cl.connected_agencies")] = reach["connected_agencies"]
    return table.set_index(text("agency"))


NETWORK_LINKS = 25  # the strongest links drawn; the full list is agency_network.csv


def strongest_links(graph: nx.Graph, links: int = NETWORK_LINKS) -> nx.Graph:
    """The subgraph of the `links` heaviest links (ties by agency codes) and their agencies."""
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:links]
    return graph.edge_subgraph([(a, b) for a, b, _ in edges]).copy()


def cluster_export(innovations: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """clusters.csv: innovation id -> cluster and its label, terms and sub-dimension."""
    info = clusters.set_index("cluster")
    frame = innovations[["innovation_id", "innovation_name", "agency_code", "year",
                         "sub_dimension", "cluster", "cluster_label"]].copy()
    frame["cluster_top_terms"] = frame["cluster"].map(info["top_terms"])
    frame["cluster_sub_dimension"] = frame["cluster"].map(info["sub_dimension"])
    return frame.sort_values("innovation_id", kind="stable").reset_index(drop=True)


def write_exports(run: RunFolder, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Write each table as its artifact; return the paths relative to the run's folder."""
    return [run.write_table(name, frame).relative_to(run.out_dir).as_posix()
            for name, frame in tables.items()]
