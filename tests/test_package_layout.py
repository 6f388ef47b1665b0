"""The package stays readable: no import cycle, imports only downward through its layers, no
module over about 400 lines, and one subpackage per workbook concern (architecture.md)."""

import ast
from pathlib import Path

import networkx as nx

import smartcity_utils

PACKAGE = Path(smartcity_utils.__file__).parent

MAX_LINES = 420  # "about 400"
SUBPACKAGES = {"data", "collection", "suggest", "quality", "stage1", "clusters", "quick_win",
               "reports", "batch", "sample", "iid", "survey", "team_weights", "meeting"}

# The rooms of the package (a subpackage, or a flat module) and their layers. A production
# module imports only modules of its own room or of a lower layer; rooms of one layer do not
# import each other. So: the shared modules import no room; data/ reads and checks the data
# folder and nothing above it; the workbooks' rooms use data/ and the shared modules only;
# reports/ formats what they wrote; batch/ runs the workbooks; only the command line (and the
# tests) may use the synthetic sample.
SHARED = {"errors", "atomic", "paths", "params", "vocabulary", "schema", "strings", "formatting",
          "hover",
          "figures", "artifacts", "spreadsheet", "words", "names", "stamps", "provenance"}
LAYERS = {
    "shared": 0,
    "data": 1,                          # reading and validation of a data folder
    "collection": 2, "suggest": 2,      # templates and returned workbooks; `smartcity suggest`
    "quality": 2, "stage1": 2, "clusters": 2,   # the workbooks 00, 01, 02
    "iid": 2,                           # `smartcity iid`: the regional innovation index
    "findings": 2,                      # the tutorial notebook's answers in words
    "config": 3,                        # the configuration, read once (stage1's weights parser)
    "quick_win": 4,                     # 03 (its criteria come typed from config)
    "context": 4,                       # the run context: parameters, configuration, stamp
    "survey": 4,                        # the impact survey: plan and forms (reads the data
                                        # folder through collection/, its files through config)
    "team_weights": 4,                  # the team's AHP forms and weights (criteria from config)
    "reports": 5,                       # 10 and the pages
    "meeting": 5,                       # `smartcity meeting` and 03's sliders: the live view
    "workbook": 6,                      # the set-up every workbook calls (report tables)
    "batch": 7, "sample": 7,            # `smartcity run`; the synthetic sample
    "cli": 8,                           # the command line
    "api": 9,                           # smartcity_utils/__init__.py: the public names, lazily
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def import_graph() -> nx.DiGraph:
    """Every import between the package's modules, including those inside functions."""
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name and target != "smartcity_utils":
                    graph.add_edge(name, target)
    return graph


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    assert graph.number_of_edges() > 50  # the graph really was read
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], f"import cycles: {cycles[:5]}"


def test_a_cycle_would_be_found():
    graph = import_graph()
    graph.add_edge("smartcity_utils.strings", "smartcity_utils.batch.run")
    assert list(nx.simple_cycles(graph))


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "api"
    return "shared" if parts[1] in SHARED else parts[1]


def wrong_direction_imports(graph: nx.DiGraph) -> list[str]:
    """Every import of a production module that does not go down a layer (or stay in its room)."""
    wrong = []
    for importer, imported in graph.edges:
        a, b = room(importer), room(imported)
        if a != b and LAYERS[a] <= LAYERS[b]:
            wrong.append(f"{importer} ({a}, layer {LAYERS[a]}) imports {imported} "
                         f"({b}, layer {LAYERS[b]})")
    return sorted(wrong)


def test_every_module_has_a_room_in_a_layer():
    assert {room(m) for m in _modules()} - set(LAYERS) == set()


def test_imports_only_go_down_the_layers():
    assert wrong_direction_imports(import_graph()) == []


def test_a_wrong_direction_would_be_found():
    for importer, imported in [
        ("smartcity_utils.strings", "smartcity_utils.data.load"),  # shared -> data
        ("smartcity_utils.data.load", "smartcity_utils.clusters.kmeans"),  # data -> 02
        ("smartcity_utils.stage1.tables", "smartcity_utils.clusters.kmeans"),  # one layer
        ("smartcity_utils.reports.check_pages", "smartcity_utils.batch.run"),  # reports -> batch
        ("smartcity_utils.clusters.tables", "smartcity_utils.sample.generator"),  # -> sample
    ]:
        graph = import_graph()
        graph.add_edge(importer, imported)
        assert [w for w in wrong_direction_imports(graph) if w.startswith(importer + " ")], \
            (importer, imported)


def test_no_module_is_over_about_400_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_each_workbook_concern_has_its_subpackage():
    present = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert SUBPACKAGES <= present


def test_the_public_api_names_resolve():
    for name in smartcity_utils.__all__:
        assert getattr(smartcity_utils, name) is not None
    assert smartcity_utils.open_run.__module__ == "smartcity_utils.context"
