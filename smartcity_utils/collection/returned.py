"""The workbooks agencies send back: a data folder's `returned/` subfolder, one per agency.

Each returned workbook (from `smartcity template`) holds an innovations sheet and a Stage I
sheet; every sheet is read as the table its header row names, and all workbooks together are
one registry. Besides each sheet's own problems, named `returned/<file>[<sheet>]`, this reports
rows for an agency other than the one the workbook was sent to, a second workbook for one
agency, and agencies that returned nothing: those listed in the folder's `sent.json` (written by
`smartcity template` beside the workbooks it sends), or without it those of the agencies table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from smartcity_utils.collection.layout import AGENCY_PROPERTY, RETURNED_FOLDER, SENT_FILE, header
from smartcity_utils.data.headers import HEADER_SCAN_ROWS, find_header
from smartcity_utils.data.load import Problem, TableResult, read_table, table_files
from smartcity_utils.data.reading import check_workbook
from smartcity_utils.schema import TABLES
from smartcity_utils.spreadsheet import identity


@dataclass
class Returned:
    """The tables read from the returned workbooks and everything wrong with them."""

    frames: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def tables(self) -> set[str]:
        return set(self.frames)


def returned_files(data_dir: str | Path) -> list[Path]:
    """The returned workbooks of a data folder (none when it has no `returned/`)."""
    folder = Path(data_dir) / RETURNED_FOLDER
    return table_files(folder) if folder.is_dir() else []


def sheet_tables(path: Path) -> tuple[str | None, dict[str, str]]:
    """The agency a workbook was sent to (its document property, if any) and which sheet holds
    which table (the best-matching sheet per table, as the loader would choose); `Unusable`
    for a workbook the loader refuses unopened (`check_workbook`)."""
    check_workbook(path)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        agency = identity(book).get(AGENCY_PROPERTY)
        best: dict[str, tuple[int, str]] = {}
        for sheet in book.worksheets:
            rows = [list(r) for r in sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
            match = find_header(rows)
            if match and match.score > best.get(match.table, (0, ""))[0]:
                best[match.table] = (match.score, sheet.title)
    finally:
        book.close()
    return agency, {table: sheet for table, (_, sheet) in best.items()}


def _foreign_rows(result: TableResult, sent_to: str) -> list[Problem]:
    """Rows of a returned sheet that name another agency than the one it was sent to."""
    column = header(TABLES[result.table].column("agency_code"))
    return [Problem(file=result.file, row=int(row), column=column, value=code,
                    table=result.table,
                    reason=f"this workbook was sent to {sent_to}; the row is for {code}")
            for row, code in zip(result.frame["source_row"], result.frame["agency_code"],
                                 strict=True) if code != sent_to]


def read_returned(data_dir: str | Path, agencies: TableResult | pd.DataFrame | None,
                  label: str = RETURNED_FOLDER) -> Returned:
    """Read every returned workbook of `data_dir`; problems name files as `label/<file>`."""
    out = Returned()
    by_agency: dict[str, str] = {}
    for path in returned_files(data_dir):
        name = f"{label}/{path.name}"
        try:
            sent_to, sheets = sheet_tables(path) if path.suffix.lower() != ".csv" else (None, {})
        except Exception:  # not a workbook openpyxl can open: read_table says why
            sent_to, sheets = None, {}
        if not sheets:
            out.problems += read_table(path, agencies=agencies, name=name).problems
            continue
        if sent_to in by_agency:
            out.problems.append(Problem(
                file=name, reason=f"a second workbook for {sent_to} (the first is "
                f"{by_agency[sent_to]}); this one is not loaded"))
            continue
        if sent_to:
            by_agency[sent_to] = name
        for table, sheet in sorted(sheets.items()):
            result = read_table(path, table, agencies, name=f"{name}[{sheet}]", sheet=sheet)
            out.problems += result.problems
            frame = result.frame
            if sent_to and table != "agencies":
                foreign = _foreign_rows(result, sent_to)
                out.problems += foreign
                frame = frame[~frame["source_row"].isin([p.row for p in foreign])]
            out.frames.setdefault(table, []).append(frame.reset_index(drop=True))
    if returned_files(data_dir):
        expected, problems = _expected(Path(data_dir) / RETURNED_FOLDER, agencies, label)
        out.problems += problems + _not_returned(expected, by_agency, out.frames, label)
    return out


def _expected(folder: Path, agencies, label: str) -> tuple[dict[str, str], list[Problem]]:
    """Agency code -> what to call it, of every agency expected to return a workbook."""
    sent = folder / SENT_FILE
    if sent.is_file():
        try:
            return dict.fromkeys(json.loads(sent.read_text(encoding="utf-8"))["agencies"],
                                 ""), []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return {}, [Problem(file=f"{label}/{SENT_FILE}", reason=f"unreadable {SENT_FILE}: "
                                f"{exc}")]
    table = agencies.frame if isinstance(agencies, TableResult) else agencies
    if table is None or table.empty:
        return {}, []
    return {c: f" ({n})" for c, n in zip(table["agency_code"], table["agency_name"],
                                         strict=True)}, []


def _not_returned(expected: dict[str, str], by_agency: dict[str, str],
                  frames: dict[str, list[pd.DataFrame]], label: str) -> list[Problem]:
    """A problem for each expected agency with no returned workbook and no rows."""
    seen = set(by_agency)
    for frame in frames.get("innovations", []) + frames.get("assessment", []):
        seen.update(frame["agency_code"].dropna())
    return [Problem(file=label, table="agencies", severity="warning",
                    reason=f"no workbook returned by {code}{name}")
            for code, name in expected.items() if code not in seen]
