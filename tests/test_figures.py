"""The figures a reader sees, at the sample's size and at a national registry's: how many rows,
agencies and points are drawn (never all 5,000), that the figure says what part it shows,
that labels do not overlap, and that numbers follow the report language. The frames are
planted by hand, so the expected rows are known without the code under test."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smartcity_utils.clusters import figures as cluster_figures  # noqa: E402
from smartcity_utils.clusters.network_figure import (  # noqa: E402
    NETWORK_AGENCIES,
    network_drawing,
    network_figure,
)
from smartcity_utils.clusters.tables import HEATMAP_AGENCIES, cluster_agency_counts  # noqa: E402
from smartcity_utils.figures import MAX_ROWS, localize_numbers  # noqa: E402
from smartcity_utils.formatting import tick_decimals  # noqa: E402
from smartcity_utils.names import agency_labels  # noqa: E402
from smartcity_utils.quality.figures import coverage_by_type  # noqa: E402
from smartcity_utils.stage1 import figures as stage1_figures  # noqa: E402
from smartcity_utils.stage1.scoring import SCORE_COLUMNS  # noqa: E402
from smartcity_utils.strings import use_language  # noqa: E402

LARGE = 5000
TYPES = ["dinas", "badan", "kecamatan", "kelurahan", "rsud"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _agencies(n: int) -> pd.DataFrame:
    """n agencies in n // 5 regions; every region has a "Dinkes" (a repeated short name)."""
    codes = [f"A{i:05d}" for i in range(n)]
    short = ["Dinkes" if i % 5 == 0 else f"Agency {i}" for i in range(n)]
    return pd.DataFrame({"agency_code": codes, "short_name": short,
                         "agency_type": [TYPES[i % 5] for i in range(n)],
                         "region": [f"Region {i // 5}" for i in range(n)]})


def _row_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


# ---------------------------------------------------------------- agency labels and numbers


def test_a_repeated_short_name_carries_its_region_and_an_unknown_code_stays():
    agencies = _agencies(10)
    assert agency_labels(["A00000", "A00001", "A00005", "ZZ"], agencies) == [
        "Dinkes (Region 0)", "Agency 1", "Dinkes (Region 1)", "ZZ"]


def test_tick_decimals_are_the_fewest_that_write_every_tick():
    assert tick_decimals([0, 1000, 2000]) == 0
    assert tick_decimals([0.0, 0.5, 1.0]) == 1
    assert tick_decimals([0.25, 0.5]) == 2


@pytest.mark.parametrize(("lang", "expected"), [("id", ["0,0", "0,5", "1,0", "1,5"]),
                                                ("en", ["0.0", "0.5", "1.0", "1.5"])])
def test_axis_numbers_follow_the_report_language(lang, expected):
    use_language(lang)
    fig, ax = plt.subplots()
    ax.plot([0, 1.5], [0, 1250000])
    ax.set_xticks([0, 0.5, 1.0, 1.5])
    ax.set_yticks([0, 1250000])
    localize_numbers(fig)
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == expected
    big = "1.250.000" if lang == "id" else "1,250,000"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", big]


# ---------------------------------------------------------------- 00: coverage


def _innovations(agencies: pd.DataFrame, per_agency) -> pd.DataFrame:
    rows = [(code, year) for code, n in zip(agencies["agency_code"], per_agency, strict=True)
            for year in [2023, 2024][:n]]
    return pd.DataFrame(rows, columns=["agency_code", "year"]).astype({"year": "Int64"})


def test_coverage_of_a_few_agencies_adds_no_figure_to_its_table(english):
    agencies = _agencies(MAX_ROWS)
    assert coverage_by_type(_innovations(agencies, [1] * MAX_ROWS), agencies) is None


def test_coverage_of_a_national_registry_is_one_row_per_agency_type(english):
    agencies = _agencies(LARGE)
    # every dinas (i % 5 == 0) has innovations in both years, nobody else in any
    per_agency = [2 if i % 5 == 0 else 0 for i in range(LARGE)]
    fig = coverage_by_type(_innovations(agencies, per_agency), agencies)
    ax = fig.axes[0]
    rows = _row_labels(ax)
    assert len(rows) == len(TYPES) <= MAX_ROWS
    assert rows[-1] == "Office (dinas) (1,000)"   # full coverage: at the bottom
    assert [t.get_text() for t in ax.texts][-2:] == ["100%", "100%"]
    assert "5,000 agencies by type" in ax.get_title()


# ---------------------------------------------------------------- 01: Stage I heatmap


def _stage1(n: int) -> SimpleNamespace:
    """A Stage I result of n agencies: agency i has index i / n * 4, the first two not
    assessed."""
    index = np.arange(n) / n * 4
    table = pd.DataFrame({"agency_code": _agencies(n)["agency_code"],
                          "short_name": _agencies(n)["short_name"], "index": index})
    for column in SCORE_COLUMNS.values():
        table[column] = index
    table.loc[:1, [*SCORE_COLUMNS.values(), "index"]] = np.nan
    table["index_published"] = table["index"].round(2)  # the heatmap shows it
    table["assessed"] = table["index"].notna()
    return SimpleNamespace(year=2024, scored_rows=pd.DataFrame({"x": [1]}),
                           index_by_agency=table, weights=SimpleNamespace(scale=4))


def test_stage1_heatmap_of_a_national_registry_shows_the_lowest_index(english):
    agencies = _agencies(LARGE)
    fig = stage1_figures.agency_heatmap(_stage1(LARGE), agencies)
    ax = fig.axes[0]
    rows = _row_labels(ax)
    # agencies 2..41 have the lowest index (0 and 1 are not assessed); A00005 is a Dinkes
    assert len(rows) == MAX_ROWS
    assert rows[:4] == ["Agency 2", "Agency 3", "Agency 4", "Dinkes (Region 1)"]
    assert "40 of 4,998 agencies shown: the lowest index" in ax.get_title()


def test_stage1_heatmap_of_a_city_shows_every_agency_with_numbers_in_the_language():
    use_language("id")
    fig = stage1_figures.agency_heatmap(_stage1(8))
    ax = fig.axes[0]
    assert len(_row_labels(ax)) == 8
    assert "\n" not in ax.get_title()             # nothing left out, nothing to say
    assert "1,50" in [t.get_text() for t in ax.texts]  # agency 3: 3 / 8 * 4 = 1.5


# ---------------------------------------------------------------- 02: clusters and network


def _clustered(n_agencies: int, n_innovations: int):
    agencies = _agencies(n_agencies)
    rng = np.random.default_rng(1)
    innovations = pd.DataFrame({
        "agency_code": agencies["agency_code"].to_numpy()[
            rng.integers(0, n_agencies, n_innovations)],
        "cluster": rng.integers(1, 6, n_innovations)})
    clusters = pd.DataFrame({"cluster": range(1, 6), "sub_dimension": ["kesehatan"] * 5,
                             "top_terms": [f"term{c}, other{c}" for c in range(1, 6)]})
    return agencies, innovations, clusters


def test_cluster_agency_heatmap_of_a_national_registry_names_what_it_shows(english):
    agencies, innovations, clusters = _clustered(LARGE, 20000)
    counts = cluster_agency_counts(innovations, clusters, agencies)
    fig = cluster_figures.cluster_agency_heatmap(counts)
    ax = fig.axes[0]
    assert len(ax.get_xticklabels()) == HEATMAP_AGENCIES
    assert len(_row_labels(ax)) == 5
    assert _row_labels(ax)[0].startswith("1 · ")     # the cluster's name, not a bare number
    total = innovations["agency_code"].nunique()
    assert f"{HEATMAP_AGENCIES} of {total:,} agencies shown: the most innovations" in \
        ax.get_title()


def test_cluster_map_draws_a_sample_per_cluster_and_names_the_clusters(english):
    rng = np.random.default_rng(2)
    clusters = np.repeat([1, 2, 3], [15000, 4000, 1])
    coordinates = rng.normal(size=(len(clusters), 2)) + clusters[:, None]
    names = pd.DataFrame({"cluster": [1, 2, 3], "sub_dimension": ["kesehatan"] * 3,
                          "top_terms": ["posyandu", "sekolah", "pasar"]})
    innovations = pd.DataFrame({"innovation_name": [f"Inovasi {n}" for n in range(len(clusters))],
                                "agency_code": "X", "cluster": clusters})
    points = cluster_figures.map_points(coordinates, innovations, names, _agencies(1), seed=1)
    fig = cluster_figures.cluster_map_figure(points, "PCA")
    ax = fig.axes[0]
    drawn = [len(c.get_offsets()) for c in ax.collections]
    # 5,000 of 19,001: floor(5000 / 19001 * size) of each cluster, at least one:
    # 15,000 -> 3,947.2, 4,000 -> 1,052.6, 1 -> 0.26
    assert drawn == [3947, 1052, 1]
    assert sum(drawn) <= cluster_figures.MAP_POINTS
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("1 · ") and legend[0].endswith(": posyandu")
    assert "5,000 of 19,001 innovations drawn" in ax.get_title()


def _pairs_network(n_pairs: int) -> nx.Graph:
    """n_pairs separate agency pairs, pair k of weight n_pairs - k (the first the strongest)."""
    graph = nx.Graph()
    for k in range(n_pairs):
        a, b = f"A{2 * k:05d}", f"A{2 * k + 1:05d}"
        graph.add_node(a, short_name=a, innovations=1)
        graph.add_node(b, short_name=b, innovations=2)
        graph.add_edge(a, b, weight=n_pairs - k, similar_pairs=1, declared_partnerships=0)
    return graph


def _label_boxes(fig, ax):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text()]
    return labels, [t.get_window_extent(renderer) for t in labels]


def test_network_of_a_national_registry_draws_the_strongest_links_of_few_agencies(english):
    agencies = _agencies(LARGE)
    fig = network_figure(network_drawing(_pairs_network(LARGE // 2), agencies))
    ax = fig.axes[0]
    labels, boxes = _label_boxes(fig, ax)
    assert len(labels) == NETWORK_AGENCIES           # 12 pairs, the 12 strongest
    assert {t.get_text() for t in labels} >= {"Dinkes (Region 0)", "Agency 1"}
    assert "12 strongest links" in ax.get_title() and "of 2,500 links" in ax.get_title()
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            assert not first.overlaps(second)


def test_network_labels_of_a_dense_city_network_do_not_overlap():
    agencies = _agencies(20)
    graph = nx.Graph()
    for code in agencies["agency_code"]:
        graph.add_node(code, short_name=code, innovations=3)
    codes = agencies["agency_code"].tolist()
    for i in range(20):
        for j in (i + 1, i + 3):
            graph.add_edge(codes[i], codes[j % 20], weight=1 + (i % 4), similar_pairs=1,
                           declared_partnerships=0)
    fig = network_figure(network_drawing(graph, agencies))
    labels, boxes = _label_boxes(fig, fig.axes[0])
    assert len(labels) >= 15
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            assert not first.overlaps(second), (labels[i].get_text())


def test_the_network_is_laid_out_the_same_whatever_order_it_was_built_in():
    """The same links added in any order, and either way round (as two runs of 02 may build
    them), give the same picture: before, a 4-agency star was drawn in 12 different ways."""
    import itertools

    from smartcity_utils.clusters.network_figure import network_layout

    star = [("DISKOMINFO", "DISDIK", 3), ("DISKOMINFO", "BPKAD", 2),
            ("ORGANISASI", "DISKOMINFO", 2)]
    layouts = set()
    for order in itertools.permutations(star):
        for turned in (False, True):
            graph = nx.Graph()
            for a, b, weight in order:
                graph.add_edge(*((b, a) if turned else (a, b)), weight=weight)
            positions = network_layout(graph)[0]
            layouts.add(tuple(round(float(v), 6) for n in sorted(positions)
                              for v in positions[n]))
    assert len(layouts) == 1


def test_network_labels_do_not_depend_on_the_machines_speed(monkeypatch):
    """The labels are moved a fixed number of steps, not for a second of wall time: on a
    machine where each step seems to take 10 s the same labels come out."""
    import adjustText

    agencies = _agencies(20)
    graph = nx.Graph()
    codes = agencies["agency_code"].tolist()
    for code in codes:
        graph.add_node(code, short_name=code, innovations=3)
    for i in range(20):
        graph.add_edge(codes[i], codes[(i + 3) % 20], weight=1 + (i % 4), similar_pairs=1,
                       declared_partnerships=0)

    def placed():
        fig = network_figure(network_drawing(graph, agencies))
        return sorted((t.get_text(), t.get_position()) for t in fig.axes[0].texts)

    quick = placed()
    clock = iter(range(0, 10**6, 10))
    monkeypatch.setattr(adjustText, "timer", lambda: next(clock))
    assert placed() == quick


def test_network_links_differ_by_line_style_not_colour_alone_and_the_legend_names_them(english):
    agencies = _agencies(3)
    graph = nx.Graph()
    codes = agencies["agency_code"].tolist()
    for code in codes:
        graph.add_node(code, short_name=code, innovations=2)
    graph.add_edge(codes[0], codes[1], weight=2, similar_pairs=2, declared_partnerships=0)
    graph.add_edge(codes[1], codes[2], weight=1, similar_pairs=0, declared_partnerships=1)
    fig = network_figure(network_drawing(graph, agencies))
    lines = [c for c in fig.axes[0].collections if c.get_linestyle() and len(c.get_paths()) == 1]
    dashes = {str(c.get_linestyle()[0]) for c in lines}
    assert len(dashes) == 2  # one solid, one dashed: told apart on a grey print as well
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["solid line = similar innovations",
                      "dashed line = declared partnerships only"]


def test_every_figure_says_what_it_shows_in_the_report_language():
    from smartcity_utils.figures import alt_text

    agencies = _agencies(3)
    graph = nx.Graph()
    graph.add_edge(*agencies["agency_code"][:2], weight=1, similar_pairs=1,
                   declared_partnerships=0)
    for node in graph.nodes:
        graph.nodes[node].update(short_name=node, innovations=1)
    for lang, word in (("id", "setiap titik adalah perangkat daerah"),
                       ("en", "each point is an agency")):
        use_language(lang)
        alt = alt_text(network_figure(network_drawing(graph, agencies)))
        assert word in alt and alt.startswith(("Jaringan", "Network"))
    use_language("id")
    heatmap = stage1_figures.agency_heatmap(_stage1(5), agencies=None)
    assert alt_text(heatmap).startswith('Peta panas "Nilai dimensi evaluasi per perangkat daerah')
