"""What a run runs, and in which order: the city workbooks and what each needs from the others,
the imports a spare kernel warms up with, and the agencies that get a report."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd

from smartcity_utils.artifacts import clean_data_path
from smartcity_utils.errors import ParamsError, SmartCityError

CITY_NOTEBOOK = re.compile(r"^0\d_.+\.ipynb$")
AGENCY_NOTEBOOK = "10_agency_report.ipynb"


def city_notebooks(folder: Path) -> list[Path]:
    """The city-level workbooks, in run order."""
    return sorted(p for p in folder.glob("*.ipynb") if CITY_NOTEBOOK.match(p.name))


def tutorial_notebooks(folder: Path) -> list[Path]:
    """The notebooks that only read a finished run (the tutorial): neither a city workbook nor
    the agency workbook. `smartcity run` leaves them to the reader; the golden run runs them."""
    return sorted(p for p in folder.glob("*.ipynb")
                  if not CITY_NOTEBOOK.match(p.name) and p.name != AGENCY_NOTEBOOK)


def city_needs(notebooks: list[Path]) -> dict[str, list[str]]:
    """What each city workbook reads from the others: the `needs` it declares in its metadata
    (`"smartcity": {"needs": [...]}`), or else every workbook before it in name order."""
    names = [p.stem for p in notebooks]
    needs = {}
    for i, path in enumerate(notebooks):
        declared = nbformat.read(path, as_version=4).metadata.get("smartcity", {}).get("needs")
        needs[path.stem] = names[:i] if declared is None else list(declared)
        unknown = [n for n in needs[path.stem] if n not in names[:i]]
        if unknown:
            raise SmartCityError(f"{path.name}: needs {', '.join(unknown)}, which is not a "
                                 "city workbook that runs before it")
    return needs


def city_imports(notebooks: list[Path]) -> str:
    """The import statements of the city workbooks' code cells, once each, one per line: what
    a spare kernel imports before its workbook comes (a cell that is not plain Python, such as
    one with a magic, is left out)."""
    statements = {}
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    statements[ast.unparse(node)] = None
    return "\n".join(statements)


def _agencies_with_data(out_dir: Path) -> set[str]:
    """Agencies with an innovation or an assessment row in the clean data (an agency report
    on neither would be empty)."""
    codes: set[str] = set()
    for table in ("innovations", "assessment"):
        path = clean_data_path(out_dir, table)
        if path.exists():
            codes |= set(pd.read_parquet(path, columns=["agency_code"])["agency_code"].dropna())
    return codes


def select_agencies(out_dir: Path, wanted: str | list[str] | None) -> pd.DataFrame:
    """The agencies to report on (code, short name), from the clean data 00 wrote."""
    path = clean_data_path(out_dir, "agencies")
    if wanted is None or not path.exists():
        return pd.DataFrame(columns=["agency_code", "short_name"])
    agencies = pd.read_parquet(path, columns=["agency_code", "short_name"])
    if wanted == "all":
        return agencies[agencies["agency_code"].isin(_agencies_with_data(out_dir))]
    codes = wanted.split(",") if isinstance(wanted, str) else list(wanted)
    unknown = sorted(set(codes) - set(agencies["agency_code"]))
    if unknown:
        raise ParamsError(f"--agencies: {', '.join(unknown)} not among the agencies of the "
                          "run's clean data; the city results are kept, and the same command "
                          "with known codes runs only the agency reports")
    return agencies[agencies["agency_code"].isin(codes)]


def say_skipped(out_dir: Path, wanted, selected: int, stream) -> int:
    """With every agency asked for, say how many have no data and get no report; that many."""
    path = clean_data_path(out_dir, "agencies")
    skipped = 0
    if wanted == "all" and path.exists():
        skipped = len(pd.read_parquet(path, columns=["agency_code"])) - selected
        if skipped:
            print(f"{skipped} agencies have no innovation and no assessment row: no report for "
                  "them (name them with --agencies to make one anyway)", file=stream)
    return skipped
