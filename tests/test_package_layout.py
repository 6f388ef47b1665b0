"""The package stays readable: no import cycle, no module over about 400 lines, and one
subpackage per workbook concern (architecture.md)."""

import ast
from pathlib import Path

import networkx as nx

import smartcity_utils

PACKAGE = Path(smartcity_utils.__file__).parent

MAX_LINES = 420  # "about 400"
SUBPACKAGES = {"data", "stage1", "clusters", "quick_win", "reports", "batch", "sample"}


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
