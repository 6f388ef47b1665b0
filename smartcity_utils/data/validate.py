"""Row-level and cross-row validation of one table: parse cells, check them, split clean/rejects.

The pipeline for one table, given its cells as read from the user's file:
1. parse every cell by its column kind (`parsing`); a cell that does not parse is a problem;
2. check the typed frame with a pandera schema built from `schema` (required fields non-empty,
   vocabulary values, ranges);
3. cross-row / cross-table checks in pandas (agency references, duplicate keys, sub-dimension of
   its dimension, quick-win consistency, assessment level within its scale);
4. every row with a problem goes to the rejects table, every other row to the clean frame.

Bad data never raises: it becomes a `Problem`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd
import pandera.pandas as pa

from smartcity_utils.data import parsing
from smartcity_utils.data.agency_type import complete_agencies
from smartcity_utils.data.cells import distinct_cells, spread
from smartcity_utils.data.cross_checks import (
    CROSS_CHECKS,
    check_agencies,
    check_innovations,
    rows_text,
)
from smartcity_utils.data.problems import Collector, Problem, problems_frame
from smartcity_utils.data.references import split_agency_list
from smartcity_utils.schema import TABLES, Column, Table
from smartcity_utils.vocabulary import canonical_values, normalise

__all__ = ["Problem", "empty_frame", "file_name", "problems_frame", "split_agency_list",
           "validate_table"]

DTYPES = {
    "text": "str", "code": "str", "agency": "str", "vocab": "str", "agency_list": "str",
    "year": "Int64", "count": "Int64", "amount": "float64", "number": "float64",
    "date": "datetime64[ns]", "bool": "boolean",
}
# Columns a clean frame carries beyond the schema's (besides source_file/source_row)
DERIVED_COLUMNS = {"agencies": {"agency_type_inferred": "boolean", "agency_derived": "boolean"}}


def empty_frame(table: str | Table) -> pd.DataFrame:
    """A clean frame with no rows but the right columns and dtypes."""
    table = TABLES[table] if isinstance(table, str) else table
    frame = pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.kind]) for c in table.columns})
    for name, dtype in DERIVED_COLUMNS.get(table.name, {}).items():
        frame[name] = pd.Series(dtype=dtype)
    frame["source_file"] = pd.Series(dtype="str")
    frame["source_row"] = pd.Series(dtype="Int64")
    return frame


# ---------------------------------------------------------------- cell parsing


def _parse_vocab(column: Column) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = parsing.cell_text(value)
        return normalise(column.vocabulary, text) or text  # unknown: the schema check reports it

    return parse


CELL_PARSERS: dict[str, Callable[[object], object]] = {
    "text": parsing.cell_text,
    "code": lambda v: " ".join(parsing.cell_text(v).split()),
    "agency": parsing.cell_text,
    "agency_list": parsing.cell_text,
    "year": parsing.parse_year,
    "count": parsing.parse_count,
    "amount": parsing.parse_amount,
    "number": parsing.parse_number,
    "date": parsing.parse_date,
    "bool": parsing.parse_bool,
}


# Numbers written as plain digits (most of a registry's): what the number parsers return for
# them, without their notation rules (15 digits or fewer: below MAX_COUNT, exact as a float)
PLAIN_DIGITS: dict[str, Callable[[str], object]] = {"count": int, "amount": float,
                                                    "number": float}


def _plain_digits(cell: object) -> bool:
    return isinstance(cell, str) and cell.isascii() and cell.isdigit() and len(cell) <= 15


def _parse_column(column: Column, cells: pd.Series, out: Collector) -> pd.Series:
    """Parse one column's cells; failures become problems and missing values. Each distinct
    cell is parsed once (columns repeat the same few values) and its value spread to its rows."""
    parser = _parse_vocab(column) if column.kind == "vocab" else CELL_PARSERS[column.kind]
    codes, distinct = distinct_cells(cells)
    blank = [parsing.is_blank(c) for c in distinct]
    plain = PLAIN_DIGITS.get(column.kind)
    parsed = [(None, None) if b else (plain(c), None) if plain and _plain_digits(c)
              else _parse_cell(parser, c) for c, b in zip(distinct, blank, strict=True)]
    reasons = spread([reason for _, reason in parsed], codes, None)
    failed = np.flatnonzero(pd.notna(reasons))
    filled = int((~spread(blank, codes, True)).sum())
    rows = cells.index[failed]
    unread = [i for i, c in enumerate(distinct) if isinstance(c, parsing.UnreadCell)]
    out.unread.update(cells.index[np.isin(codes, unread)].tolist())
    if len(failed) >= WRONG_COLUMN_MIN and len(failed) == filled and not unread:
        _wrong_column(column, list(zip(rows, cells.iloc[failed], reasons[failed], strict=True)),
                      out)
        codes = np.full(len(codes), -1)
    else:
        for row, cell, reason in zip(rows, cells.iloc[failed], reasons[failed], strict=True):
            out.add(row, column.name, cell, reason)
    said = [i for i, c in enumerate(distinct) if parsing.is_program_blank(c)]
    for position in np.flatnonzero(np.isin(codes, said)).tolist():
        cell = cells.iloc[position].strip()
        out.add(cells.index[position], column.name, cell, f"{cell!r} read as empty (a "
                "program's word for a missing value)", severity="warning")
    values = pd.Series([value for value, _ in parsed] + [None], dtype="object")
    if column.kind == "date":
        values = pd.to_datetime(values).astype(DTYPES["date"])
    else:
        values = values.astype(DTYPES[column.kind])
    typed = values.take(np.where(codes < 0, len(distinct), codes))
    typed.index = cells.index
    return typed


WRONG_COLUMN_MIN = 3  # this many values, none of them readable: the header names another thing


def _wrong_column(column: Column, failures: list[tuple[int, object, str]],
                  out: Collector) -> None:
    """One problem for a column none of whose values can be read as the column it was taken
    for ('Media' holding 'Website', 'Mobile'...): an optional one is not loaded (a warning), a
    required one rejects its rows."""
    examples = ", ".join(dict.fromkeys(repr(parsing.cell_text(c)) for _, c, _ in failures[:20]))
    first_reason = failures[0][2].split(":")[0]
    reason = (f"none of the {len(failures)} values is readable as {column.header_id} "
              f"({first_reason}; e.g. {examples})")
    if column.required:
        out.add(None, column.name, None, reason + ": every row is rejected")
        for row, _, _ in failures:
            out.reject_unlisted(row, column.name, reason)
    else:
        out.add(None, column.name, None, reason + ": the column is not loaded; rename its "
                "header if it holds something else", severity="warning")


def _unknown_as_missing(column: Column, values: pd.Series, out: Collector) -> pd.Series:
    """An optional column's values outside its vocabulary, read as unknown and said once with
    the values seen (on the first such row, or for the column when none of its values fits):
    an optional column never rejects a row ('Teknologi' in Jenis)."""
    unknown = values.notna() & ~values.isin(canonical_values(column.vocabulary))
    if not unknown.any():
        return values
    seen = ", ".join(f"{value!r} ({rows_text(rows.tolist())})"
                     for value, rows in values[unknown].groupby(values[unknown]).groups.items())
    allowed = ", ".join(canonical_values(column.vocabulary))
    whole = unknown.sum() >= WRONG_COLUMN_MIN and unknown.sum() == values.notna().sum()
    out.add(None if whole else unknown.idxmax(), column.name, None,
            f"values not in the vocabulary ({allowed}) are read as unknown"
            f"{' (none of its values is: the column is not loaded)' if whole else ''}: {seen}",
            severity="warning")
    return values.mask(unknown)


def _parse_cell(parser: Callable[[object], object], cell: object) -> tuple[object, str | None]:
    """(value, None) for a parsed cell, (None, reason) for one that does not parse or could
    not be read from the file."""
    if isinstance(cell, parsing.UnreadCell):
        return None, cell.reason
    try:
        parsed = parser(cell)
    except parsing.ParseError as exc:
        return None, exc.reason
    return (None if parsed == "" else parsed), None


# ---------------------------------------------------------------- pandera schema

class Bounds(NamedTuple):
    """The plausible values of a numeric column; `why` says where the maximum comes from."""

    low: float | None = None
    high: float | None = None
    low_exclusive: bool = False
    why: str = ""


RANGES: dict[tuple[str, str], Bounds] = {
    ("innovations", "budget_idr"): Bounds(
        0, 10**16, why="Rp 10.000 triliun, more than the whole national budget: APBN 2025 "
                       "spends about Rp 3.600 triliun"),
    ("innovations", "beneficiaries"): Bounds(
        0, 10**10, why="ten billion, more than the people of the world"),
    ("assessment", "level"): Bounds(0),
    ("assessment", "scale_max"): Bounds(
        0, 100, low_exclusive=True, why="Stage I scales run to 4 or 5; 100 allows a "
                                        "percentage scale"),
}


def _checks(table: Table, column: Column) -> list[pa.Check]:
    """The pandera checks of one column: vocabulary membership and value ranges."""
    checks = []
    if column.kind == "vocab":
        allowed = canonical_values(column.vocabulary)
        checks.append(pa.Check(lambda s, a=allowed: s.isin(a), error="vocabulary",
                               ignore_na=True))
    if column.kind in ("count", "amount"):
        checks.append(pa.Check.ge(0, error="negative"))
    if column.kind == "year":
        checks.append(pa.Check.in_range(*parsing.YEAR_RANGE, error="year range"))
    low, high, exclusive, _ = RANGES.get((table.name, column.name), Bounds())
    if low is not None:
        check = pa.Check.gt(low, error="above") if exclusive else pa.Check.ge(low, error="min")
        checks.append(check)
    if high is not None:
        checks.append(pa.Check.le(high, error="max"))
    return checks


def pandera_schema(table: Table, present: Iterable[str] | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a table's typed frame; required columns absent from the file
    (not in `present`) are allowed to be empty, since the file-level problem covers them."""
    present = set(table.column_names if present is None else present)
    return pa.DataFrameSchema(
        {
            c.name: pa.Column(DTYPES[c.kind], nullable=not (c.required and c.name in present),
                              checks=_checks(table, c))
            for c in table.columns
        },
        strict=False,
    )


def _schema_reason(table: Table, column: str, check: str, value: object) -> str:
    """A human reason for one pandera failure case."""
    col = table.column(column)
    if check == "not_nullable":
        return "empty required field"
    if check == "vocabulary":
        allowed = ", ".join(canonical_values(col.vocabulary))
        return f"unknown value {parsing.cell_text(value)!r}; allowed: {allowed}"
    if check == "negative":
        kind = "amount" if col.kind == "amount" else "count"
        return f"negative {kind}: {parsing.cell_text(value)!r}"
    if check == "year range":
        return f"year out of range {parsing.YEAR_RANGE[0]}-{parsing.YEAR_RANGE[1]}"
    low, high, exclusive, why = RANGES.get((table.name, column), Bounds())
    if check == "max":
        above = "above " if exclusive else ""
        return (f"{value:,.6g} is outside the plausible range {above}{low:,} to {high:,} "
                f"({why})")
    bounds = {"min": f"must be at least {low}", "above": f"must be greater than {low}"}
    return f"{parsing.cell_text(value)} {bounds.get(check, 'is not allowed')}"


def _unread_only(original: pd.DataFrame, rows: Iterable[int]) -> set[int]:
    """Of `rows`, those whose every filled cell could not be read (a line of NUL characters):
    the required fields such a row leaves empty are not problems of their own."""
    return {row for row in rows if all(isinstance(c, parsing.UnreadCell) or parsing.is_blank(c)
                                       for c in original.loc[row])}


def _check_schema(typed: pd.DataFrame, present: set[str], out: Collector,
                  unread_only: set[int]) -> None:
    """Run the pandera schema lazily and turn each failure case into a problem (an empty
    required field is not one in an `unread_only` row)."""
    try:
        pandera_schema(out.table, present).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for case in cases.itertuples(index=False):
            if case.column not in typed.columns or pd.isna(case.index):
                raise  # a dtype or structure failure is a programming error, not bad data
            row = int(case.index)
            if (row, case.column) in out.cells or (case.check == "not_nullable"
                                                    and row in unread_only):
                continue  # already reported when the cell did not parse, or could not be read
            value = None if case.check == "not_nullable" else case.failure_case
            out.add(row, case.column, value, _schema_reason(out.table, case.column,
                                                            case.check, case.failure_case))


# ---------------------------------------------------------------- the table pipeline


def _rejects(original: pd.DataFrame, file: str, reasons: dict[int, list[str]]) -> pd.DataFrame:
    """Rejected rows with their original cell text, file, row and every reason joined."""
    rows = sorted(reasons)
    body = original.loc[rows].map(parsing.cell_text).astype("str")
    body.columns = _unique(["file", "row", "reason"], [str(c) for c in original.columns])
    body.insert(0, "file", pd.Series(file, index=body.index, dtype="str"))
    body.insert(1, "row", pd.array(rows, dtype="Int64"))
    body["reason"] = pd.Series(["; ".join(reasons[r]) for r in rows], index=body.index,
                               dtype="str")
    return body.reset_index(drop=True)


def _row_reasons(rows: Iterable[int], out: Collector) -> dict[int, list[str]]:
    """Each rejected row's reasons: file-level ones first, then its own as 'header: reason'."""
    general = [p.reason for p in out.problems
               if p.row is None and p.severity == "error" and p.column is None]
    reasons: dict[int, list[str]] = {row: list(general) for row in rows}
    for p in out.problems:
        if p.row in reasons and p.severity == "error":
            reasons[p.row].append(f"{p.column}: {p.reason}" if p.column else p.reason)
    for row, own in out.unlisted.items():
        reasons[row].extend(own)
    return reasons


def _unique(taken: list[str], names: list[str]) -> list[str]:
    """Names made unique against each other and against `taken` by a ' (2)' suffix."""
    seen, result = set(taken), []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name} ({n})", n + 1
        seen.add(candidate)
        result.append(candidate)
    return result


def file_name(file: str) -> str:
    """A file's name without its folder, whichever separator the path uses."""
    return re.split(r"[\\/]", file)[-1]


# What to do about a missing required column that agencies' own registries often lack
_SUGGEST = (" - every innovation needs it for the analyses; add the column (`smartcity "
            "suggest` proposes values from the names and descriptions)")
REMEDIES = {"dimension": _SUGGEST, "sub_dimension": _SUGGEST}


def validate_table(
    table: str,
    original: pd.DataFrame,
    columns: dict[str, object],
    file: str,
    agencies: pd.DataFrame | None = None,
    rejected_agencies: dict[str, str] | None = None,
    *,
    innovation_ids: set[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate one table's cells; returns (clean frame, rejects, problems).

    `original` holds the cells as read (index = the row number the user sees, columns = the
    file's columns); `columns` maps each recognised canonical column to its label in
    `original`, which is the header as written. `agencies` (clean) resolves agency references;
    `rejected_agencies` (folded reference -> `file:row`) names the agencies table row a
    reference points to when that row was rejected. `innovation_ids` (every id of the
    registry) lets assessment rows be checked for innovations the registry does not have.
    """
    spec = TABLES[table]
    headers = {name: str(label) for name, label in columns.items()}
    out = Collector(file, spec, headers)
    missing = [c for c in spec.columns if c.required and c.name not in columns]
    for c in missing:
        out.add(None, None, None, f"missing required column: {c.header_id} ({c.header_en})"
                + (REMEDIES.get(c.name, "") if table == "innovations" else ""))
    absent = pd.Series(None, index=original.index, dtype="object")
    typed = pd.DataFrame(
        {c.name: _parse_column(c, original[columns[c.name]] if c.name in columns else absent, out)
         for c in spec.columns},
        index=original.index,
    )
    for column in spec.columns:
        if column.kind == "vocab" and not column.required:
            typed[column.name] = _unknown_as_missing(column, typed[column.name], out)
    _check_schema(typed, set(columns), out, _unread_only(original, out.unread))
    if table == "agencies":
        complete_agencies(typed, set(columns))
        typed["agency_derived"] = pd.array([False] * len(typed), dtype="boolean")
    if agencies is not None:
        check_agencies(typed, agencies, out, rejected_agencies or {})
    for check in CROSS_CHECKS[table]:
        check(typed, out)
    if table == "assessment" and innovation_ids is not None:
        check_innovations(typed, innovation_ids, out)
    bad = set(original.index) if missing else out.rows()
    out.problems = _sorted(out.problems, original)
    reasons = _row_reasons(bad, out)
    out.problems = _collapse(out.problems)
    rejects = _rejects(original, file, reasons)
    clean = typed.loc[~typed.index.isin(list(bad))].copy()
    clean["source_file"] = pd.Series(file_name(file), index=clean.index,
                                     dtype="str")
    clean["source_row"] = pd.array(clean.index, dtype="Int64")
    return clean.reset_index(drop=True), rejects, out.problems


def _collapse(problems: list[Problem]) -> list[Problem]:
    """One problem for a reason repeated on many rows of a column (a value misspelt the same
    way 60 times): on its first row, naming the others. The rejects keep every row's reason."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.column, p.reason, p.severity) if p.row is not None else id(p),
                          []).append(p)
    collapsed = []
    for same in groups.values():
        first = same[0]
        if len(same) > 1:
            rows = [p.row for p in same]
            first = replace(first, reason=f"{first.reason} ({rows_text(rows)})")
        collapsed.append(first)
    return collapsed


def _sorted(problems: list[Problem], original: pd.DataFrame) -> list[Problem]:
    """File-level problems first, then by row and by the column's position in the file."""
    position = {str(label): i for i, label in enumerate(original.columns)}
    return sorted(problems, key=lambda p: (p.row or 0, position.get(p.column or "", -1)))
