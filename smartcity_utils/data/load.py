"""Read the agencies, innovations and assessment tables from the files agencies bring.

Every sheet of every file is read (`reading`); each sheet is recognised as a table by its
header (`headers`), so a table may come in several files or sheets (one per year, one per
agency) and one workbook may hold all three tables. `validate.validate_table` parses and
checks the rows of each sheet; the parts of one table are then put together and checked
against each other (a key repeated in another file).

Bad data never raises: it becomes a `Problem` in the result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.data import derived
from smartcity_utils.data.cells import distinct_cells
from smartcity_utils.data.headers import (
    HeaderMatch,
    closest_header,
    find_header,
    no_header_reason,
    too_little_evidence,
)
from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.data.problems import missing_table, no_agencies
from smartcity_utils.data.reading import Sheet, Unusable, read_sheets
from smartcity_utils.data.rows import body_rows
from smartcity_utils.data.tables import TableResult, combine, failed_result
from smartcity_utils.data.validate import Problem, empty_frame, problems_frame, validate_table
from smartcity_utils.schema import MARKER_COLUMNS, TABLES
from smartcity_utils.vocabulary import fold

__all__ = [
    "Cells", "Dataset", "Problem", "TableResult", "detect_table", "load_dataset", "load_files",
    "problems_frame", "read_cells", "read_table", "validate_dataset", "validate_paths",
]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
METADATA_FILE = "metadata.json"
# Files beside the tables that are not tables: the review sheet `smartcity suggest` writes.
SIDECAR_FILES = ("suggestions.xlsx",)


@dataclass
class Dataset:
    """The three tables of a data directory, validated against each other."""

    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame
    rejects: pd.DataFrame
    problems: list[Problem]
    files: dict[str, list[Path]]
    metadata: dict = field(default_factory=dict)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    results: dict[str, TableResult] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """The clean frame of table `name`."""
        return getattr(self, name)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# ---------------------------------------------------------------- one sheet


@dataclass
class Part:
    """One sheet recognised as (part of) one table."""

    path: Path
    name: str          # the file as named in problems
    sheet: Sheet
    match: HeaderMatch


def _cells_frame(sheet: Sheet, match: HeaderMatch):
    """The data rows below the header as a frame indexed by the user's row number, one column
    per header as written; canonical name -> that header; the unrecognised headers; and the
    rows skipped (template and totals rows) with why."""
    body, skipped = body_rows(sheet, match)
    width = max(len(match.labels), sheet.cells.shape[1] if len(body) else 0)
    header = list(match.labels) + [""] * (width - len(match.labels))
    filled = ~sheet.blank[body].all(axis=0) if len(body) else np.zeros(width, dtype=bool)
    kept = [p for p in range(width) if p in match.columns or not is_blank(header[p])
            or (p < len(filled) and filled[p])]
    labels = _dedupe([cell_text(header[p]) or f"(column {_excel_column(p)})" for p in kept])
    data = np.full((len(body), len(kept)), None, dtype=object)
    for i, p in enumerate(kept):
        if p < sheet.cells.shape[1]:
            data[:, i] = sheet.cells[p].to_numpy(dtype=object)[body]
    frame = pd.DataFrame(data, columns=labels, index=(body + 1).tolist(), dtype="object")
    columns = {match.columns[p]: label for p, label in zip(kept, labels, strict=True)
               if p in match.columns}
    ignored = [label for p, label in zip(kept, labels, strict=True) if p not in match.columns]
    return frame, columns, ignored, skipped


def _excel_column(position: int) -> str:
    """'A', 'B', ..., 'AA' for a 0-based column position."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(65 + rest) + name
    return name


def _dedupe(labels: list[str]) -> list[str]:
    """Repeated headers get a ' (2)' suffix so every column keeps its own label."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def _read_part(part: Part, agencies: TableResult | pd.DataFrame | None,
               innovation_ids: set[str] | None, year: int | None = None) -> TableResult:
    """Validate one recognised sheet (`year`: the run's evaluation year, for a registry that
    states none)."""
    table, sheet = part.match.table, part.sheet.name
    cells, columns, ignored, skipped = _cells_frame(part.sheet, part.match)
    said = derived.registry_columns(part, cells, columns, year) if table == "innovations" else []
    rejected: dict[str, str] = {}
    if isinstance(agencies, TableResult):
        agencies, rejected = agencies.frame, agencies.rejected_agencies
    clean, rejects, problems = validate_table(table, cells, columns, part.name, agencies,
                                              rejected, innovation_ids=innovation_ids)
    ignored = [label for label in ignored if label not in MARKER_COLUMNS]
    notes = [Problem(file=part.name, row=row, reason=reason, table=table, severity="warning")
             for row, reason in part.sheet.notes + skipped + _merged_note(part) + said]
    for label in ignored:
        near = closest_header(label, table, set(columns))
        hint = f" (did you mean '{near}'?)" if near else ""
        notes.append(Problem(file=part.name, column=label, table=table, severity="warning",
                             reason=f"column not recognised, not loaded{hint}"))
    if not columns.keys() >= {c.name for c in TABLES[table].columns if c.required}:
        problems = [_with_found_headers(p, part.match) for p in problems]
    # a recognised column none of whose values could be read is not loaded either
    ignored += [p.column for p in problems
                if p.row is None and p.column and p.severity == "warning"]
    problems = [_in_sheet(p, sheet) for p in notes + problems]
    result = TableResult(table, part.name, clean, rejects, problems, ignored,
                         sheets=[sheet] if sheet else [], rows_read=len(cells))
    if sheet:
        result.rejects.insert(1, "sheet", sheet)
    if table == "agencies":
        result.rejected_agencies = _rejected_agencies(cells, columns, rejects, part.name)
    if table == "innovations":
        result.innovation_ids = _texts(cells[columns["innovation_id"]]) \
            if "innovation_id" in columns else set()
    return result


def _texts(cells: pd.Series) -> set[str]:
    """The distinct texts of a column's cells (a blank one as '')."""
    codes, distinct = distinct_cells(cells)
    return {cell_text(c) for c in distinct} | ({""} if (codes < 0).any() else set())


def _merged_note(part: Part) -> list[tuple[None, str]]:
    """Cells merged down the data rows (not those inside the header) are said once."""
    header_end = part.match.row + part.match.depth  # 1-based last header row
    ranges = [coord for coord, _, last in sorted(part.sheet.merged_down, key=lambda m: m[1])
              if last > header_end]
    if not ranges:
        return []
    more = " ..." if len(ranges) > 5 else ""
    return [(None, f"cells merged down the rows ({', '.join(ranges[:5])}{more}): their value "
                   "is used in every row they span")]


def _with_found_headers(problem: Problem, match: HeaderMatch) -> Problem:
    """A missing required column names the closest header of the file and all headers."""
    if not problem.reason.startswith("missing required column"):
        return problem
    header = problem.reason.split(": ", 1)[1].split(" (")[0]
    found = [label for label in match.labels if label]
    taken = set(match.columns.values())
    unmatched = [cell_text(c) for p, c in enumerate(match.labels)
                 if p not in match.columns and not is_blank(c)]
    near = [f for f in unmatched if closest_header(f, match.table, taken) == header]
    hint = f"; closest header in the file: '{near[0]}'" if near else ""
    return replace(problem, reason=f"{problem.reason}{hint}; headers found: "
                                   f"{', '.join(found)}")


def _in_sheet(problem: Problem, sheet: str | None) -> Problem:
    return replace(problem, sheet=sheet) if sheet else problem


def _rejected_agencies(cells: pd.DataFrame, columns: dict[str, str], rejects: pd.DataFrame,
                       file: str) -> dict[str, str]:
    """Folded code, short name and name of every rejected agency row -> `file:row`."""
    found: dict[str, str] = {}
    for row in rejects["row"].dropna().astype(int):
        for column in ("agency_code", "short_name", "agency_name"):
            if column in columns and not is_blank(cells.at[row, columns[column]]):
                found.setdefault(fold(cell_text(cells.at[row, columns[column]])),
                                 f"{Path(file).name}:{row}")
    return found


# ---------------------------------------------------------------- files


def _parts(path: Path, name: str, table: str | None = None) -> tuple[list[Part], list[Problem]]:
    """The sheets of a file recognised as tables, and the problems of the others."""
    try:
        sheets = read_sheets(path, lambda rows: (find_header(rows, table) or
                                                 HeaderMatch("", 0, {})).score)
    except Unusable as exc:
        return [], [Problem(file=name, reason=str(exc), table=table)]
    parts, problems = [], []
    for sheet in sheets:
        if sheet.is_empty():
            continue
        match = find_header(sheet.head, table)
        if match is None:
            reason = too_little_evidence(sheet.head, table) or no_header_reason(table)
            problems.append(Problem(file=name, sheet=sheet.name, table=table, reason=reason))
        else:
            parts.append(Part(path, name, sheet, match))
    if table is not None and len(parts) > 1:
        # a workbook holding several tables: the forced table is read from its own sheets
        own = [p for p in parts if (find_header(p.sheet.head) or p.match).table == table]
        parts = own or parts
    if parts:  # a note sheet beside the data sheets is not a problem
        problems = [p for p in problems if p.sheet is None]
    problems += [Problem(file=name, sheet=sheet.name, row=row, column=column, value=value,
                         reason=reason, table=table, severity=severity)
                 for sheet in sheets for row, column, value, reason, severity in sheet.refused]
    return parts, problems


def read_table(path: str | Path, table: str | None = None,
               agencies: TableResult | pd.DataFrame | None = None, *,
               name: str | None = None, sheet: str | None = None) -> TableResult:
    """Read and validate one table file (every sheet of it holding that table); `table`
    forces the table (default: the first one found), `agencies` (the agencies file read, or a
    clean agencies frame) lets agency references be resolved and checked; `sheet` reads that
    sheet only."""
    if table is not None and table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    file = str(path) if name is None else name
    parts, problems = _parts(Path(path), file, table)
    if sheet is not None:  # one named sheet of a workbook (a returned agency workbook)
        parts = [p for p in parts if p.sheet.name == sheet]
    if not parts:
        return failed_result(file, table, problems)
    chosen = table or parts[0].match.table
    results = [_read_part(p, agencies, None) for p in parts if p.match.table == chosen]
    return combine(chosen, results, problems)


@dataclass
class Cells:
    """A table file's cells as written, below its header row: `frame` is indexed by the row
    number the user sees; `columns` maps each recognised column to its header as written."""

    table: str
    frame: pd.DataFrame
    columns: dict[str, str]
    ignored: list[str]


def read_cells(path: str | Path, table: str | None = None) -> Cells | None:
    """The cells of a table file's first sheet holding `table`, without validating them (for
    tools that fill or rewrite the data, such as `suggest`), with the columns a registry lacks
    derived as a run derives them (`derived`); None when there is none."""
    parts, _ = _parts(Path(path), str(path), table)
    if not parts:
        return None
    part = parts[0]
    frame, columns, ignored, _ = _cells_frame(part.sheet, part.match)
    if part.match.table == "innovations":
        derived.registry_columns(part, frame, columns)
    return Cells(part.match.table, frame, columns, ignored)


def detect_table(path: str | Path) -> str | None:
    """The table a file holds (its first recognised sheet); None if there is none."""
    cells = read_cells(path)
    return cells.table if cells else None


def table_files(directory: Path) -> list[Path]:
    """The candidate table files at the top level of `directory`, sorted by name."""
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES
        and not p.name.startswith(("~$", ".")) and p.name.lower() not in SIDECAR_FILES
    )


def read_metadata(path: Path, name: str | None = None) -> tuple[dict, list[Problem]]:
    """The metadata.json sidecar as a dict ({} if absent), or a problem if it is not valid."""
    if not path.is_file():
        return {}, []
    file = str(path) if name is None else name
    try:
        metadata = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [Problem(file=file, reason=f"unreadable metadata.json: {exc}")]
    if not isinstance(metadata, dict):
        return {}, [Problem(file=file, reason="metadata.json must hold a JSON object")]
    return metadata, []


def load_files(files: list[tuple[Path, str]], where: str | None = None,
               metadata: dict | None = None, problems: list[Problem] | None = None,
               year: int | None = None) -> Dataset:
    """Load the tables found in `files` ((path, name in problems) pairs). With `where` (a
    directory's name), a table found in no file is a problem of that directory; `year` (the
    run's evaluation year) is taken by a registry that states no year anywhere."""
    problems = list(problems or [])
    parts: dict[str, list[Part]] = {name: [] for name in TABLES}
    for path, name in files:
        found, file_problems = _parts(path, name)
        problems += file_problems
        for part in found:
            parts[part.match.table].append(part)
    results: dict[str, TableResult] = {}
    agencies: TableResult | None = None
    ids: set[str] | None = None
    for table in TABLES:
        if not parts[table]:
            if where is not None:
                problems.append(missing_table(where, table))
            continue
        results[table] = combine(table, [_read_part(p, agencies, ids, year)
                                         for p in parts[table]])
        problems += results[table].problems
        if table == "agencies":
            agencies = results[table]
        if table == "innovations":
            ids = results[table].innovation_ids
    if where is None and agencies is None:
        problems += [no_agencies(results[t].file, t) for t in results]
    frames = {n: r.frame for n, r in results.items()}
    problems = derived.registry_agencies(frames, problems)
    dataset = Dataset(
        agencies=frames.get("agencies", empty_frame("agencies")),
        innovations=frames.get("innovations", empty_frame("innovations")),
        assessment=frames.get("assessment", empty_frame("assessment")),
        rejects=problems_frame(problems)[["file", "row", "column", "value", "reason"]],
        problems=problems, files={t: sorted({p.path for p in parts[t]}) for t in results},
        metadata=metadata or {}, results=results,
        ignored_columns={n: r.ignored_columns for n, r in results.items()},
    )
    return dataset


def load_dataset(data_dir: str | Path, year: int | None = None) -> Dataset:
    """Load agencies, innovations and assessment from the table files in `data_dir` (`year`:
    the run's evaluation year, for a registry that states none).

    Problems name files by their name inside `data_dir` (no directory, so reports stay the same
    wherever the data lives); directory-level problems name the directory.
    """
    directory = Path(data_dir)
    where = directory.name or str(directory)
    if not directory.is_dir():
        return load_files([], None, {}, [Problem(file=str(directory), reason="not a directory")])
    metadata, problems = read_metadata(directory / METADATA_FILE, METADATA_FILE)
    files = [(p, p.name) for p in table_files(directory)]
    return load_files(files, where, metadata, problems, year)


def validate_paths(paths: list[str]) -> list[Problem]:
    """Every problem in the table files at `paths` (see `validate_dataset`)."""
    return validate_dataset(paths).problems


def validate_dataset(paths: list[str]) -> Dataset:
    """Load the table files at `paths` (files or directories) the way a run would: a single
    directory exactly as `load_dataset`; files with the agencies file beside them when none
    is among them."""
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return load_dataset(paths[0])
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += table_files(path)
            problems += read_metadata(path / METADATA_FILE)[1]
        elif path.name == METADATA_FILE and path.is_file():
            problems += read_metadata(path)[1]
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(file=raw, reason="unreadable file: no such file or directory"))
    files = list(dict.fromkeys(files))
    named = [(p, str(p)) for p in files]
    dataset = load_files(named, None, {}, problems)
    if "agencies" not in dataset.results:
        beside = [s for f in files for s in table_files(f.parent) if s not in files
                  and any(p.match.table == "agencies" for p in _parts(s, s.name)[0])]
        if beside:  # used to check the references; its own problems are not asked for
            dataset = load_files([(beside[0], str(beside[0]))] + named, None, {}, problems)
            dataset.problems = [p for p in dataset.problems if p.file != str(beside[0])]
            del dataset.results["agencies"]
    return dataset
