"""Read the agencies, innovations and assessment tables from the files agencies bring.

Files are CSV (``,`` ``;`` or tab separated; UTF-8 with or without BOM, UTF-16, or
Windows-1252) or Excel .xlsx. Every cell is read as it is (text, or an Excel value), the header
row is found among the first rows by matching known header spellings (`schema`), the table is
recognised from its headers, and `validate.validate_table` parses and checks the rows.

Bad data never raises: it becomes a `Problem` in the result.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.data.schema import TABLES, Table
from smartcity_utils.data.validate import (
    Problem,
    empty_frame,
    file_name,
    problems_frame,
    validate_table,
)
from smartcity_utils.vocabulary import fold

__all__ = [
    "Dataset", "Problem", "TableResult", "load_dataset", "problems_frame", "read_table",
    "validate_paths",
]

HEADER_SCAN_ROWS = 10
MIN_HEADER_MATCHES = 2
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
METADATA_FILE = "metadata.json"
# Files beside the tables that are not tables: the review sheet `smartcity suggest` writes.
SIDECAR_FILES = ("suggestions.xlsx",)
DELIMITERS = (";", ",", "\t")


class _Unusable(Exception):
    """Internal: the file cannot be read at all; the message is the problem's reason."""


@dataclass
class TableResult:
    """One file read as one table: the clean rows, the rejected rows and the problems."""

    table: str | None
    file: str
    frame: pd.DataFrame
    rejects: pd.DataFrame
    problems: list[Problem]
    ignored_columns: list[str] = field(default_factory=list)
    # agencies table only: the code, short name and name of each rejected row (folded) -> where
    # that row is ("agencies.csv:5"), so that a reference to it is not called unknown
    rejected_agencies: dict[str, str] = field(default_factory=dict)


@dataclass
class Dataset:
    """The three tables of a data directory, validated against each other."""

    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame
    rejects: pd.DataFrame
    problems: list[Problem]
    files: dict[str, Path]
    metadata: dict = field(default_factory=dict)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """The clean frame of table `name`."""
        return getattr(self, name)


# ---------------------------------------------------------------- header recognition


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header row is (0-based) and which cell positions name which columns."""

    table: str
    row: int
    columns: dict[int, str]

    @property
    def score(self) -> int:
        return len(self.columns)


def _header_key(cell: object) -> list[str]:
    """Folded spellings to try for a header cell: as written, then without '(...)' parts."""
    text = cell_text(cell)
    keys = [fold(text)]
    if "(" in text:
        bare = fold(text.split("(")[0])
        if bare and bare != keys[0]:
            keys.append(bare)
    return keys


def match_header(cells: list[object], table: Table) -> dict[int, str]:
    """Positions of `cells` that name a column of `table` -> canonical name (first one wins)."""
    lookup = {spelling: c.name for c in table.columns for spelling in c.spellings()}
    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        for key in _header_key(cell):
            name = lookup.get(key)
            if name and name not in found.values():
                found[position] = name
                break
    return found


def _rank(match: HeaderMatch) -> tuple[int, float, int]:
    """Best header: most columns matched, then most required columns, then earliest row."""
    table = TABLES[match.table]
    required = [c.name for c in table.columns if c.required]
    share = sum(n in match.columns.values() for n in required) / len(required)
    return match.score, share, -match.row


def find_header(rows: list[list[object]], table: str | None = None) -> HeaderMatch | None:
    """The best header row among the first rows, for `table` or any table; None if none."""
    names = [table] if table else list(TABLES)
    candidates = [
        HeaderMatch(name, i, match_header(row, TABLES[name]))
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS])
        for name in names
    ]
    candidates = [c for c in candidates if c.score >= MIN_HEADER_MATCHES]
    return max(candidates, key=_rank) if candidates else None


# ---------------------------------------------------------------- reading files


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_csv_rows(path: Path, table: str | None = None) -> list[list[object]]:
    """All records of a CSV file as text cells, with the separator that yields a header row."""
    data = path.read_bytes()
    text = decode(data)
    if not text.strip():
        raise _Unusable("empty file")
    head = "\n".join(text.splitlines()[: HEADER_SCAN_ROWS + 2])

    def quality(delimiter: str) -> tuple:
        match = find_header(_csv_rows(head, delimiter), table)
        return (match.score if match else 0, head.count(delimiter))

    best = max(DELIMITERS, key=quality)
    return _csv_rows(text, best)


def read_xlsx_rows(path: Path, table: str | None = None) -> list[list[object]]:
    """The rows of the sheet whose header matches best (the first sheet on a tie)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        raise _Unusable(f"unreadable file: not an Excel .xlsx workbook ({exc})") from None
    try:
        heads = [[list(r) for r in sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
                 for sheet in book.worksheets]

        def quality(index: int) -> tuple:
            match = find_header(heads[index], table)
            return (match.score if match else 0, -index)

        best = max(range(len(heads)), key=quality, default=None)
        rows = [] if best is None else [
            list(r) for r in book.worksheets[best].iter_rows(values_only=True)]
    except Exception as exc:
        raise _Unusable(f"unreadable file: damaged Excel workbook ({exc})") from None
    finally:
        book.close()
    if not any(not is_blank(c) for row in rows for c in row):
        raise _Unusable("empty file")
    return rows


def read_rows(path: Path, table: str | None = None) -> list[list[object]]:
    """The cells of a table file, row by row; raises `_Unusable` when it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            raise _Unusable("unreadable file: old Excel .xls format; save it as .xlsx or CSV")
        if suffix in (".xlsx", ".xlsm"):
            return read_xlsx_rows(path, table)
        return read_csv_rows(path, table)
    except FileNotFoundError:
        raise _Unusable("unreadable file: no such file") from None
    except (OSError, csv.Error) as exc:
        raise _Unusable(f"unreadable file: {exc}") from None


def _excel_column(position: int) -> str:
    """'A', 'B', ..., 'AA' for a 0-based column position."""
    name = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cells_frame(
    rows: list[list[object]], match: HeaderMatch
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """The data rows below the header as a frame indexed by the user's row number, one column
    per header as written; also canonical name -> that header, and the unrecognised headers."""
    header = rows[match.row]
    body = [(i + 1, row) for i, row in enumerate(rows) if i > match.row]
    body = [(n, row) for n, row in body if any(not is_blank(c) for c in row)]
    width = max([len(header)] + [len(row) for _, row in body])
    header = list(header) + [None] * (width - len(header))
    data = [list(row) + [None] * (width - len(row)) for _, row in body]
    kept = [p for p in range(width) if p in match.columns or not is_blank(header[p])
            or any(not is_blank(r[p]) for r in data)]
    labels = _dedupe([cell_text(header[p]) or f"(column {_excel_column(p)})" for p in kept])
    frame = pd.DataFrame([[r[p] for p in kept] for r in data], columns=labels,
                         index=[n for n, _ in body], dtype="object")
    columns = {match.columns[p]: label for p, label in zip(kept, labels, strict=True)
               if p in match.columns}
    ignored = [label for p, label in zip(kept, labels, strict=True) if p not in match.columns]
    return frame, columns, ignored


def _dedupe(labels: list[str]) -> list[str]:
    """Repeated headers get a ' (2)' suffix so every column keeps its own label."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


@dataclass
class Cells:
    """A table file's cells as written, below its header row: `frame` is indexed by the row
    number the user sees; `columns` maps each recognised column to its header as written."""

    table: str
    frame: pd.DataFrame
    columns: dict[str, str]
    ignored: list[str]


def read_cells(path: str | Path, table: str | None = None) -> Cells | None:
    """The cells of one table file without validating them (for tools that fill or rewrite
    the data, such as `suggest`); None when the file is unusable or has no header row."""
    try:
        rows = read_rows(Path(path), table)
    except _Unusable:
        return None
    match = find_header(rows, table)
    if match is None:
        return None
    frame, columns, ignored = _cells_frame(rows, match)
    return Cells(match.table, frame, columns, ignored)


def _failed(path: str, table: str | None, reason: str) -> TableResult:
    """The result for a file that could not be used at all."""
    frame = empty_frame(table) if table else pd.DataFrame()
    problem = Problem(file=path, reason=reason, table=table)
    return TableResult(table, path, frame, pd.DataFrame(columns=["file", "row", "reason"]),
                       [problem])


def read_table(
    path: str | Path,
    table: str | None = None,
    agencies: TableResult | pd.DataFrame | None = None,
    *,
    name: str | None = None,
) -> TableResult:
    """Read and validate one table file; `table` forces the table, `agencies` (the agencies
    file read, or a clean agencies frame) lets agency references be resolved and checked.
    Problems and rejects name the file as `name` (default: the path as given)."""
    if table is not None and table not in TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    file = str(path) if name is None else name
    try:
        rows = read_rows(Path(path), table)
    except _Unusable as exc:
        return _failed(file, table, str(exc))
    match = find_header(rows, table)
    if match is None:
        return _failed(file, table, _no_header_reason(table))
    cells, columns, ignored = _cells_frame(rows, match)
    rejected: dict[str, str] = {}
    if isinstance(agencies, TableResult):
        agencies, rejected = agencies.frame, agencies.rejected_agencies
    clean, rejects, problems = validate_table(match.table, cells, columns, file, agencies,
                                              rejected)
    result = TableResult(match.table, file, clean, rejects, problems, ignored)
    if match.table == "agencies":
        result.rejected_agencies = _rejected_agencies(cells, columns, rejects, file)
    return result


def _rejected_agencies(cells: pd.DataFrame, columns: dict[str, str], rejects: pd.DataFrame,
                       file: str) -> dict[str, str]:
    """Folded code, short name and name of every rejected agency row -> `file:row`."""
    where = file_name(file)
    found: dict[str, str] = {}
    for row in rejects["row"].dropna().astype(int):
        for column in ("agency_code", "short_name", "agency_name"):
            if column in columns and not is_blank(cells.at[row, columns[column]]):
                found.setdefault(fold(cell_text(cells.at[row, columns[column]])), f"{where}:{row}")
    return found


def _no_header_reason(table: str | None) -> str:
    """Why no header row was found, with examples of headers that would be recognised."""
    names = [table] if table else list(TABLES)
    examples = ", ".join(f"'{TABLES[n].columns[0].header_id}'/'{TABLES[n].columns[1].header_id}'"
                         for n in names)
    return (f"no recognisable header row (looked in the first {HEADER_SCAN_ROWS} rows for "
            f"headers such as {examples})")


def detect_table(path: str | Path) -> str | None:
    """The table a file holds, judged by its header row; None if unreadable or unrecognised."""
    try:
        match = find_header(read_rows(Path(path)))
    except _Unusable:
        return None
    return match.table if match else None


# ---------------------------------------------------------------- directories


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


def _assign_tables(files: list[Path]) -> tuple[dict[str, Path], list[Path], list[Problem]]:
    """Which file holds which table (the first by name wins); the rest are read anyway to
    report their problems."""
    chosen: dict[str, Path] = {}
    others: list[Path] = []
    problems: list[Problem] = []
    for path in files:
        name = detect_table(path)
        if name is None:
            others.append(path)
        elif name in chosen:
            problems.append(Problem(
                file=path.name, table=name,
                reason=f"another file already holds the {name} table ({chosen[name].name}); "
                "this file is not loaded"))
        else:
            chosen[name] = path
    return chosen, others, problems


def _no_agencies(where: str, table: str) -> Problem:
    return Problem(file=where, table=table, reason="no agencies table found: agency "
                   "references cannot be checked")


def load_dataset(data_dir: str | Path) -> Dataset:
    """Load agencies, innovations and assessment from the table files in `data_dir`.

    Problems name files by their name inside `data_dir` (no directory, so reports stay the same
    wherever the data lives); directory-level problems name the directory.
    """
    directory = Path(data_dir)
    where = directory.name or str(directory)
    if not directory.is_dir():
        return _dataset({}, {}, [Problem(file=str(directory), reason="not a directory")], {})
    metadata, problems = read_metadata(directory / METADATA_FILE, METADATA_FILE)
    chosen, others, assign_problems = _assign_tables(table_files(directory))
    problems += assign_problems
    for path in others:
        problems += read_table(path, name=path.name).problems
    results: dict[str, TableResult] = {}
    agencies = None
    for table in TABLES:
        if table not in chosen:
            consequence = ": agency references cannot be checked" if table == "agencies" else ""
            problems.append(Problem(file=where, table=table,
                                    reason=f"no {table} table found in the directory{consequence}"))
            continue
        results[table] = read_table(chosen[table], table, agencies, name=chosen[table].name)
        problems += results[table].problems
        if table == "agencies":
            agencies = results[table]
    dataset = _dataset({n: r.frame for n, r in results.items()}, chosen, problems, metadata)
    dataset.ignored_columns = {n: r.ignored_columns for n, r in results.items()}
    return dataset


def _dataset(frames: dict[str, pd.DataFrame], files: dict[str, Path], problems: list[Problem],
             metadata: dict) -> Dataset:
    """Assemble a Dataset; missing tables are empty frames with the right columns."""
    rejects = problems_frame(problems)[["file", "row", "column", "value", "reason"]]
    return Dataset(
        agencies=frames.get("agencies", empty_frame("agencies")),
        innovations=frames.get("innovations", empty_frame("innovations")),
        assessment=frames.get("assessment", empty_frame("assessment")),
        rejects=rejects, problems=problems, files=files, metadata=metadata,
    )


def _expand(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """Table files named by `paths` (directories: their top-level table files), plus problems
    for paths that do not exist and for invalid metadata.json sidecars."""
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
    return list(dict.fromkeys(files)), problems


def validate_paths(paths: list[str]) -> list[Problem]:
    """Every problem in the table files at `paths` (files or directories)."""
    files, problems = _expand([str(p) for p in paths])
    detected = {path: detect_table(path) for path in files}
    agency_files = [p for p, name in detected.items() if name == "agencies"]
    results = {p: read_table(p, "agencies") for p in agency_files}
    for path in files:
        if path in results:
            problems += results[path].problems
            continue
        source = _agencies_for(path, agency_files, results)
        agencies = results[source] if source else None
        result = read_table(path, detected[path], agencies)
        problems += result.problems
        if agencies is None and result.table not in (None, "agencies"):
            problems.append(_no_agencies(str(path), result.table))
    return problems


def _agencies_for(path: Path, agency_files: list[Path], results: dict) -> Path | None:
    """The agencies file to check `path` against: one among the paths, else one beside it."""
    if agency_files:
        return agency_files[0]
    for sibling in table_files(path.parent):
        if sibling != path and detect_table(sibling) == "agencies":
            results[sibling] = read_table(sibling, "agencies")
            return sibling
    return None
