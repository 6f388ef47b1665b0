"""The agency integration network as a figure: the strongest links only, each agency labelled
by its short name (with its region when the name repeats), no two labels overlapping.

Layout: each connected part of the shown network is laid out on its own (Kamada-Kawai, which
keeps linked agencies close and spreads a small network evenly) and the parts are set side by
side in a grid, the largest first; on a national registry the strongest links often fall in
different regions, and one layout of unconnected parts would push them to the corners. Labels
start beside their node and adjustText moves them apart from each other and from the nodes,
a thin line leading back to the node when a label had to move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib.lines import Line2D

from smartcity_utils import hover
from smartcity_utils.clusters.integration import strongest_links
from smartcity_utils.figures import described, localize_numbers
from smartcity_utils.formatting import integer
from smartcity_utils.names import agency_labels
from smartcity_utils.strings import text

NETWORK_AGENCIES = 24  # labels that fit the figure without overlapping; the strongest links
PARTS_PER_ROW = 3      # are drawn until they would bring in more agencies than this
# A link with similar innovations: solid orange; of declared partnerships only: dashed grey.
LINK_STYLES = {True: ("#dd8452", "solid"), False: ("#777777", "dashed")}
LEGEND_SPACE = 0.45  # inches kept at the figure's foot for the legend
# adjustText moves the labels for 1 s by default, so a loaded machine drew other labels than a
# quiet one; a fixed number of steps draws the same ones. 200 is what the quiet machine did in
# that second on the sample's network (the placement error no longer falls after about 100).
LABEL_STEPS = 200


def _part_layout(part: nx.Graph) -> dict:
    """Positions of one connected part, centred, within a unit circle."""
    nodes = sorted(part.nodes)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if len(nodes) == 2:  # one above the other: the labels have the width beside them
        return {nodes[0]: np.array([0.0, 0.6]), nodes[1]: np.array([0.0, -0.6])}
    # Kamada-Kawai starts from a circle in the graph's node order, and a subgraph keeps the
    # order its graph was built in (which differed between runs): the part is rebuilt in name
    # order, so that the same network is always drawn the same way.
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in part.edges(data=True)))
    positions = nx.kamada_kawai_layout(ordered)
    points = np.array([positions[n] for n in nodes])
    points -= points.mean(axis=0)
    points /= max(np.abs(points).max(), 1e-9)
    return dict(zip(nodes, points, strict=True))


def network_layout(graph: nx.Graph) -> tuple[dict, tuple[float, float]]:
    """Positions of every node, and the width and height of the packing: each connected part
    laid out alone in a square whose side grows with its number of agencies, the squares
    packed in rows, largest first. The packing's size depends on the parts' sizes only."""
    parts = sorted((sorted(p) for p in nx.connected_components(graph)),
                   key=lambda p: (-len(p), p[0]))
    if not parts:
        return {}, (1.0, 1.0)
    sides = [1.0 + 2.6 * math.sqrt(len(p) / len(parts[0])) for p in parts]
    # about square, and at most PARTS_PER_ROW parts side by side, so that labels have room
    row_width = max(sides[0], min(1.3 * math.sqrt(sum(s * s for s in sides)),
                                  PARTS_PER_ROW * sides[0] + 1e-6))
    positions, x, y, row_height, width = {}, 0.0, 0.0, 0.0, 0.0
    for part, side in zip(parts, sides, strict=True):
        if x > 0 and x + side > row_width + 1e-9:
            x, y, row_height = 0.0, y - row_height, 0.0
        centre = np.array([x + side / 2, y - side / 2])
        for node, point in _part_layout(graph.subgraph(part)).items():
            positions[node] = centre + (side / 2 - 0.5) * point
        x, row_height = x + side, max(row_height, side)
        width = max(width, x)
    return positions, (width, row_height - y)


def shown_network(graph: nx.Graph, agencies_drawn: int = NETWORK_AGENCIES) -> nx.Graph:
    """The strongest links (at most NETWORK_LINKS) as long as they bring in no more than
    `agencies_drawn` agencies; a network without links is drawn as its agencies, as many."""
    if not graph.number_of_edges():
        return graph.subgraph(sorted(graph.nodes)[:agencies_drawn]).copy()
    strongest = strongest_links(graph)
    kept, agencies = [], set()
    for a, b, _ in sorted(strongest.edges(data=True),
                          key=lambda e: (-e[2]["weight"], min(e[:2]), max(e[:2]))):
        if len(agencies | {a, b}) > agencies_drawn:
            break
        kept.append((a, b))
        agencies |= {a, b}
    return strongest.edge_subgraph(kept).copy()


def _height(extent: tuple[float, float]) -> float:
    """The figure's height for a 10 in width, following the packing's shape (5 to 10 in,
    to the half inch)."""
    width, height = extent
    return float(np.clip(round(2 * (8.5 * height / width + 1.5)) / 2, 5.0, 10.0))


@dataclass(frozen=True)
class NetworkDrawing:
    """What the network figure draws: its agencies (code, display name, place, innovations)
    and its links (the two agencies, their places, weight, similar pairs and declared
    partnerships), the packing's size and the network's number of links in all. The static
    figure and the hover chart both draw it."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    extent: tuple[float, float]
    links_total: int


def network_drawing(graph: nx.Graph, agencies: pd.DataFrame) -> NetworkDrawing:
    """The shown part of `graph` (`shown_network`) laid out (`network_layout`), each agency by
    its display name (with its region when the name repeats; else the graph's short name)."""
    shown = shown_network(graph)
    positions, extent = network_layout(shown)
    codes = sorted(shown.nodes)
    labels = agency_labels(codes, agencies)
    nodes = pd.DataFrame({
        "agency_code": codes,
        "agency": [shown.nodes[c].get("short_name", c) if label == c else label
                   for c, label in zip(codes, labels, strict=True)],
        "x": [float(positions[c][0]) for c in codes],
        "y": [float(positions[c][1]) for c in codes],
        "innovations": [int(shown.nodes[c]["innovations"]) for c in codes],
    })
    named = dict(zip(codes, nodes["agency"], strict=True))
    edges = sorted(shown.edges(data=True))
    links = pd.DataFrame({
        "agency_code_a": [a for a, _, _ in edges],
        "agency_code_b": [b for _, b, _ in edges],
        "agency_a": [named[a] for a, _, _ in edges],
        "agency_b": [named[b] for _, b, _ in edges],
        "x": [float(positions[a][0]) for a, _, _ in edges],
        "y": [float(positions[a][1]) for a, _, _ in edges],
        "x2": [float(positions[b][0]) for _, b, _ in edges],
        "y2": [float(positions[b][1]) for _, b, _ in edges],
        "weight": [d["weight"] for _, _, d in edges],
        "similar_pairs": [int(d["similar_pairs"]) for _, _, d in edges],
        "declared_partnerships": [int(d.get("declared_partnerships", 0)) for _, _, d in edges],
        "similar": [bool(d["similar_pairs"]) for _, _, d in edges],
    })
    return NetworkDrawing(nodes, links, extent, graph.number_of_edges())


def _network_title(drawing: NetworkDrawing) -> tuple[str, str]:
    """The title and, under it, how many links and agencies of how many are shown."""
    return (text("cl.network_title").format(links=len(drawing.links)),
            text("cl.network_shown").format(total=integer(drawing.links_total),
                                            agencies=integer(len(drawing.nodes))))


def network_figure(drawing: NetworkDrawing):
    """The strongest links of the agency integration network: node size = innovations, line
    width = link weight; solid orange lines have similar innovations, dashed grey ones only
    declared partnerships (told apart by the line style too, and named in a legend). The
    title says how many links and agencies of how many are shown."""
    nodes, links = drawing.nodes, drawing.links
    codes = nodes["agency_code"].tolist()
    positions = dict(zip(codes, nodes[["x", "y"]].to_numpy(), strict=True))
    shown = nx.Graph()
    shown.add_nodes_from(codes)
    shown.add_edges_from(zip(links["agency_code_a"], links["agency_code_b"], strict=True))
    fig, ax = plt.subplots(figsize=(10.0, _height(drawing.extent)))
    heaviest = links["weight"].max() if len(links) else 1
    for similar, (colour, style) in LINK_STYLES.items():
        kind = links[links["similar"] == similar]
        if len(kind):
            nx.draw_networkx_edges(
                shown, positions, ax=ax,
                edgelist=list(zip(kind["agency_code_a"], kind["agency_code_b"], strict=True)),
                width=list(1.0 + 5.0 * kind["weight"] / heaviest),
                edge_color=colour, style=style, alpha=0.7)
    # the legend at the figure's foot, below the caption
    fig.legend(handles=[Line2D([], [], color=colour, linestyle=style, linewidth=2.5,
                               label=text("cl.link_similar" if similar else "cl.link_declared"))
                        for similar, (colour, style) in LINK_STYLES.items()],
               loc="lower center", ncols=2, frameon=False, fontsize=11)
    most = (nodes["innovations"].max() if len(nodes) else 1) or 1
    dots = nx.draw_networkx_nodes(shown, positions, ax=ax, nodelist=codes,
                                  node_color="#4c72b0",
                                  node_size=list(80 + 420 * nodes["innovations"] / most))
    _label_nodes(ax, nodes, dots)
    title, note = _network_title(drawing)
    ax.set_title(title + "\n" + note)
    ax.set_xlabel(text("cl.network_caption"))
    ax.set_xticks([])
    ax.set_yticks([])
    localize_numbers(fig)
    fig.tight_layout(rect=(0, LEGEND_SPACE / fig.get_figheight(), 1, 1))
    return described(fig, "alt.cl_network")


def network_hover_chart(drawing: NetworkDrawing) -> hover.HoverChart:
    """The network for JupyterLab: a hover on an agency names it and its innovations, on a
    link the two agencies, their similar pairs, declared partnerships and the link's weight."""
    import altair as alt

    kinds = [text("cl.link_similar"), text("cl.link_declared")]
    links = drawing.links.assign(kind=[kinds[0] if s else kinds[1]
                                       for s in drawing.links["similar"]])
    hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    nodes = drawing.nodes
    # room around the nodes for their names, as the static figure keeps
    x_room = [nodes["x"].min() - 0.8, nodes["x"].max() + 0.8] if len(nodes) else [0, 1]
    y_room = [nodes["y"].min() - 0.4, nodes["y"].max() + 0.5] if len(nodes) else [0, 1]
    lines = alt.Chart(links).mark_rule(opacity=0.7).encode(
        x=alt.X("x:Q", axis=hidden, scale=alt.Scale(domain=x_room, nice=False)),
        y=alt.Y("y:Q", axis=hidden, scale=alt.Scale(domain=y_room, nice=False)),
        x2="x2:Q", y2="y2:Q",
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=kinds, range=[colour for colour, _ in LINK_STYLES.values()])),
        strokeDash=alt.StrokeDash("kind:N", title=None, scale=alt.Scale(
            domain=kinds, range=[[1, 0], [6, 4]])),
        strokeWidth=alt.StrokeWidth("weight:Q", legend=None, scale=alt.Scale(range=[1.5, 7])),
        tooltip=[hover.name_tip("agency_a", "cl.agency_a"),
                 hover.name_tip("agency_b", "cl.agency_b"),
                 hover.value_tip("similar_pairs", "cl.similar_pairs", 0),
                 hover.value_tip("declared_partnerships", "cl.declared_partnerships", 0),
                 hover.value_tip("weight", "cl.link_weight", 0)])
    agencies = alt.Chart(nodes).encode(
        x="x:Q", y="y:Q",
        tooltip=[hover.name_tip("agency", "agency"),
                 hover.value_tip("innovations", "cl.innovations", 0)])
    dots = agencies.mark_circle(color="#4c72b0", opacity=1).encode(
        size=alt.Size("innovations:Q", legend=None, scale=alt.Scale(range=[60, 500])))
    names = agencies.mark_text(dy=-14, fontSize=11).encode(text="agency:N")
    title, note = _network_title(drawing)
    width, height = drawing.extent
    chart = alt.layer(lines, dots, names).properties(
        title=hover.chart_title(title, note), width=hover.WIDTH + 140,
        height=round((hover.WIDTH + 140) * min(1.2, max(0.5, height / width))))
    return hover.hover_chart(chart.interactive(), "alt.cl_network", title)


def _label_nodes(ax, nodes: pd.DataFrame, dots) -> list:
    """One label per node, moved until no two labels overlap and none covers a node."""
    if not len(nodes):
        return []
    points = nodes[["x", "y"]].to_numpy()
    span = np.ptp(points, axis=0).max() if len(points) > 1 else 1.0
    ax.set_xlim(points[:, 0].min() - 0.25 * span - 0.5, points[:, 0].max() + 0.25 * span + 0.5)
    ax.set_ylim(points[:, 1].min() - 0.15 * span - 0.5, points[:, 1].max() + 0.15 * span + 0.5)
    labels = [ax.text(x, y, name, fontsize=9, ha="center", va="center",
                      bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                            "alpha": 0.85})
              for name, (x, y) in zip(nodes["agency"], points, strict=True)]
    adjust_text(labels, x=points[:, 0], y=points[:, 1], objects=dots, ax=ax,
                expand=(1.15, 1.4), ensure_inside_axes=True, iter_lim=LABEL_STEPS,
                arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6})
    return labels
