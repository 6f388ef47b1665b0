"""The charts that answer a hover in JupyterLab (`interactive = True`): every point drawn holds
the innovation's name (or the agency's), the agency's display name and the values plotted,
the very points of the static figure; a page with a hover chart's payload is refused.

The planted cases below are written out by hand. On the sample run (seed 20240605) the same
charts were hovered in JupyterLab and read against the run's tables: 03's point "Patroli
Digital Pontianak Plus" said Diskominfo, 0,49 and 0,47, and quick_win_ranking.csv has PTK-0179,
DISKOMINFO, weighted_sum 0.4933, topsis 0.4652; 02's link Dinsos - Kec. Pontianak Utara said
2 similar pairs, 1 declared partnership, weight 3, and agency_network.csv has DINSOS,
KEC-PTK-UTARA, 2, 1, 3.0.
"""

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from smartcity_utils import hover  # noqa: E402
from smartcity_utils.clusters import figures as cluster_figures  # noqa: E402
from smartcity_utils.clusters.network_figure import (  # noqa: E402
    network_drawing,
    network_figure,
    network_hover_chart,
)
from smartcity_utils.quick_win import figures as quick_win_figures  # noqa: E402
from smartcity_utils.reports.pagecheck import page_problems  # noqa: E402

AGENCIES = pd.DataFrame({
    "agency_code": ["DINKES", "DINKES-KAB", "DISDUKCAPIL"],
    "short_name": ["Dinkes", "Dinkes", "Disdukcapil"],
    "agency_name": ["Dinas Kesehatan", "Dinas Kesehatan", "Dinas Kependudukan"],
    "region": ["Kota Pontianak", "Kabupaten Mempawah", "Kota Pontianak"],
})


def _layer(spec: dict, mark: str) -> tuple[list[dict], dict[str, str]]:
    """The data rows of the chart's layer drawn with `mark`, and its tooltip: field -> title."""
    for layer in spec.get("layer", [spec]):
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark:
            data = layer.get("data", spec.get("data"))
            tips = {t["field"]: t["title"] for t in layer["encoding"]["tooltip"]}
            return spec["datasets"][data["name"]], tips
    raise AssertionError(f"no {mark} layer")


def _hovered(spec: dict, mark: str) -> list[dict]:
    """What a hover on each point of the `mark` layer says: tooltip title -> value."""
    rows, tips = _layer(spec, mark)
    return [{title: row[field] for field, title in tips.items()} for row in rows]


def _scatter_points(fig) -> int:
    """The points a static figure draws: the offsets of its scatter collections."""
    return sum(len(c.get_offsets()) for c in fig.axes[0].collections
               if c.__class__.__name__ == "PathCollection")


def _methods_inputs():
    ranking = pd.DataFrame({
        "weighted_sum": [0.8, 0.6, 0.5, 0.2], "topsis": [0.4, 0.7, 0.5, 0.1],
        "rank_weighted_sum": [1, 2, 3, 4], "rank_topsis": [3, 1, 2, 4],
    }, index=pd.Index(["I1", "I2", "I3", "I4"], name="innovation_id"))
    candidates = pd.DataFrame({
        "innovation_id": ["I4", "I3", "I2", "I1"],
        "innovation_name": ["E-Lawar", "Bank Sampah", "Pionirs", "Posyandu Digital"],
        "agency_code": ["DINKES-KAB", "DLH", "DISDUKCAPIL", "DINKES"],
    })
    return ranking, candidates


def test_methods_scatter_hover_names_each_candidate_its_agency_and_both_scores(english):
    ranking, candidates = _methods_inputs()
    points = quick_win_figures.method_points(ranking, candidates, AGENCIES, top_k=1)
    chart = quick_win_figures.method_hover_chart(points, top_k=1)
    hovered = _hovered(chart.spec, "point")
    # by hand: the two Dinkes carry their regions; DLH is not in the agencies table (its code);
    # with a top 1, I1 (first by weighted sum) and I2 (first by TOPSIS) are in one top only
    assert hovered == [
        {"Innovation": "Posyandu Digital", "Agency": "Dinkes (Kota Pontianak)",
         "Weighted-sum score": 0.8, "TOPSIS score": 0.4},
        {"Innovation": "Pionirs", "Agency": "Disdukcapil",
         "Weighted-sum score": 0.6, "TOPSIS score": 0.7},
        {"Innovation": "Bank Sampah", "Agency": "DLH",
         "Weighted-sum score": 0.5, "TOPSIS score": 0.5},
        {"Innovation": "E-Lawar", "Agency": "Dinkes (Kabupaten Mempawah)",
         "Weighted-sum score": 0.2, "TOPSIS score": 0.1},
    ]
    rows, _ = _layer(chart.spec, "point")
    assert [r["kind"] for r in rows] == ["in the top 1 of one method only"] * 2 + \
        ["both methods agree"] * 2
    # the plotted frame, point for point, and as many points as the static figure draws
    assert [(r["innovation"], r["agency"], r["weighted_sum"], r["topsis"]) for r in rows] == \
        list(points[["innovation", "agency", "weighted_sum", "topsis"]].itertuples(
            index=False, name=None))
    static = quick_win_figures.method_scatter(points, top_k=1)
    assert _scatter_points(static) == len(rows) == len(ranking)
    red = [c for c in static.axes[0].collections if len(c.get_offsets()) and
           tuple(c.get_facecolor()[0][:3]) == matplotlib.colors.to_rgb("tab:red")]
    assert len(red[0].get_offsets()) == 2


def test_hover_charts_speak_the_report_language_and_write_its_numbers():
    ranking, candidates = _methods_inputs()
    points = quick_win_figures.method_points(ranking, candidates, AGENCIES, top_k=1)
    spec = quick_win_figures.method_hover_chart(points, top_k=1).spec
    _, tips = _layer(spec, "point")
    assert list(tips.values()) == ["Inovasi", "Perangkat Daerah", "Skor jumlah terbobot",
                                   "Skor TOPSIS"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","   # 0,49 as the pages write
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["encoding"]["x"]["title"] == "Skor jumlah terbobot"
    assert spec["title"]["text"] == "Jumlah terbobot dan TOPSIS per kandidat"


def test_a_hover_chart_is_shown_by_jupyterlabs_own_renderer_with_its_description_beside():
    ranking, candidates = _methods_inputs()
    points = quick_win_figures.method_points(ranking, candidates, AGENCIES, top_k=1)
    data, metadata = quick_win_figures.method_hover_chart(points, top_k=1)._repr_mimebundle_()
    # JupyterLab 4.6 draws Vega-Lite 3 to 5 itself (no extension); Altair 6 writes v6
    assert set(data) == {"application/vnd.vegalite.v5+json", "text/plain"}
    assert data["application/vnd.vegalite.v5+json"]["$schema"].endswith("/v5.20.1.json")
    assert data["text/plain"].startswith('Diagram titik "Jumlah terbobot dan TOPSIS')
    assert metadata["application/vnd.vegalite.v5+json"]["embed_options"]["actions"] is False


def _map_inputs(sizes):
    clusters = np.repeat(np.arange(1, len(sizes) + 1), sizes)
    rng = np.random.default_rng(3)
    coordinates = rng.normal(size=(len(clusters), 2)) + 5 * clusters[:, None]
    innovations = pd.DataFrame({
        "innovation_name": [f"Inovasi {n}" for n in range(len(clusters))],
        "agency_code": ["DINKES" if n % 2 else "DISDUKCAPIL" for n in range(len(clusters))],
        "cluster": clusters})
    names = pd.DataFrame({"cluster": range(1, len(sizes) + 1),
                          "sub_dimension": ["Kesehatan"] * len(sizes),
                          "top_terms": [f"kata{c}" for c in range(1, len(sizes) + 1)]})
    return coordinates, innovations, names


def test_cluster_map_hover_names_each_innovation_its_agency_and_cluster(english):
    coordinates, innovations, names = _map_inputs([2, 1])
    points = cluster_figures.map_points(coordinates, innovations, names, AGENCIES)
    chart = cluster_figures.cluster_map_hover_chart(points, "t-SNE")
    assert _hovered(chart.spec, "point") == [
        {"Innovation": "Inovasi 0", "Agency": "Disdukcapil", "Cluster": "1 · Health: kata1"},
        {"Innovation": "Inovasi 1", "Agency": "Dinkes (Kota Pontianak)",
         "Cluster": "1 · Health: kata1"},
        {"Innovation": "Inovasi 2", "Agency": "Disdukcapil", "Cluster": "2 · Health: kata2"},
    ]
    rows, _ = _layer(chart.spec, "point")
    assert [(r["x"], r["y"]) for r in rows] == [tuple(p) for p in coordinates]
    static = cluster_figures.cluster_map_figure(points, "t-SNE")
    assert _scatter_points(static) == len(rows) == 3


def test_a_sampled_cluster_map_hovers_the_points_the_static_map_draws(english):
    coordinates, innovations, names = _map_inputs([4000, 1500, 1])
    points = cluster_figures.map_points(coordinates, innovations, names, AGENCIES, seed=7)
    rows, _ = _layer(cluster_figures.cluster_map_hover_chart(points, "PCA").spec, "point")
    static = cluster_figures.cluster_map_figure(points, "PCA")
    # floor(5000 / 5501 * size) of each cluster, at least one: 3,635 + 1,363 + 1
    assert _scatter_points(static) == len(rows) == 4999
    drawn = {r["innovation"] for r in rows}
    assert drawn == set(points["innovation"]) and len(drawn) == 4999
    subtitle = cluster_figures.cluster_map_hover_chart(points, "PCA").spec["title"]["subtitle"]
    assert subtitle[0] == "4,999 of 5,501 innovations drawn (random sample per cluster)"


def _network():
    graph = nx.Graph()
    graph.add_node("DINKES", short_name="Dinkes", innovations=5)
    graph.add_node("DISDUKCAPIL", short_name="Disdukcapil", innovations=2)
    graph.add_node("DLH", short_name="DLH", innovations=1)
    graph.add_edge("DINKES", "DISDUKCAPIL", weight=4, similar_pairs=3, declared_partnerships=1)
    graph.add_edge("DISDUKCAPIL", "DLH", weight=1, similar_pairs=0, declared_partnerships=1)
    return graph


def test_network_hover_names_each_agency_and_each_links_two_agencies_and_counts(english):
    drawing = network_drawing(_network(), AGENCIES)
    chart = network_hover_chart(drawing)
    assert _hovered(chart.spec, "circle") == [
        {"Agency": "Dinkes (Kota Pontianak)", "Innovations": 5},
        {"Agency": "Disdukcapil", "Innovations": 2},
        {"Agency": "DLH", "Innovations": 1},
    ]
    assert _hovered(chart.spec, "rule") == [
        {"Agency A": "Dinkes (Kota Pontianak)", "Agency B": "Disdukcapil", "Similar pairs": 3,
         "Declared partnerships": 1, "Link weight": 4},
        {"Agency A": "Disdukcapil", "Agency B": "DLH", "Similar pairs": 0,
         "Declared partnerships": 1, "Link weight": 1},
    ]
    nodes, _ = _layer(chart.spec, "circle")
    links, _ = _layer(chart.spec, "rule")
    static = network_figure(drawing)
    assert _scatter_points(static) == len(nodes) == 3
    lines = [c for c in static.axes[0].collections if c.__class__.__name__ == "LineCollection"]
    assert sum(len(c.get_segments()) for c in lines) == len(links) == 2
    # each link drawn between its two agencies' places
    place = {r["agency"]: (r["x"], r["y"]) for r in nodes}
    for link in links:
        assert (link["x"], link["y"]) == place[link["agency_a"]]
        assert (link["x2"], link["y2"]) == place[link["agency_b"]]


def test_a_page_with_a_hover_charts_payload_is_refused():
    """What a hover chart written into a page looks like (Altair's own HTML, which loads Vega
    from the internet), and a plotly figure's payload: the reader check names both."""
    import altair as alt

    leaked = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q").to_html()
    page = leaked.replace("<html>", '<html lang="id">').replace(
        "<head>", "<head><title>Prioritas Quick Win</title>")
    problems = page_problems(page, "id")
    assert any("hover chart" in p for p in problems)
    assert any("loads from another host" in p for p in problems)
    plotly_page = ('<html lang="id"><head><title>Klaster</title></head><body><div>'
                   '{"application/vnd.plotly.v1+json": {}}</div></body></html>')
    assert any("hover chart" in p for p in page_problems(plotly_page, "id"))
    assert not any("hover chart" in p for p in page_problems(
        '<html lang="id"><head><title>Klaster</title><style>.jp-VegaIcon {}</style></head>'
        "<body><p>Peta</p></body></html>", "id"))


def test_hover_module_loads_altair_only_when_a_chart_is_drawn():
    import subprocess
    import sys

    code = ("import sys; import smartcity_utils.quick_win.figures, "
            "smartcity_utils.clusters.figures, smartcity_utils.clusters.network_figure; "
            "print('altair' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
    assert hover.VEGA_LITE == "application/vnd.vegalite.v5+json"
