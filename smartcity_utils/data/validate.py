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
from dataclasses import asdict, dataclass, replace

import pandas as pd
import pandera.pandas as pa

from smartcity_utils.data import consistency, parsing
from smartcity_utils.data.agency_type import complete_agencies
from smartcity_utils.data.references import agency_index, resolve, split_agency_list
from smartcity_utils.data.schema import TABLES, Column, Table
from smartcity_utils.vocabulary import DIMENSION_OF, canonical_values, fold, normalise

__all__ = ["Problem", "empty_frame", "file_name", "problems_frame", "split_agency_list",
           "validate_table"]

DTYPES = {
    "text": "str", "code": "str", "agency": "str", "vocab": "str", "agency_list": "str",
    "year": "Int64", "count": "Int64", "amount": "float64", "number": "float64",
    "date": "datetime64[ns]", "bool": "boolean",
}
SOURCE_COLUMNS = ["source_file", "source_row"]
# Columns a clean frame carries beyond the schema's (besides source_file/source_row)
DERIVED_COLUMNS = {"agencies": {"agency_type_inferred": "boolean"}}


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with the input, located as the user sees it in their spreadsheet."""

    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    reason: str
    table: str | None = None
    severity: str = "error"
    sheet: str | None = None  # the worksheet of an Excel file

    def line(self) -> str:
        """`file[sheet]:row:column: reason`, with row/column left empty when not applicable;
        a warning says so."""
        row = "" if self.row is None else str(self.row)
        where = f"{self.file}[{self.sheet}]" if self.sheet else self.file
        level = "warning: " if self.severity == "warning" else ""
        return f"{where}:{row}:{self.column or ''}: {level}{self.reason}"


PROBLEM_COLUMNS = ["file", "row", "column", "value", "reason", "table", "severity", "sheet"]


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """The problems as a table, one row each (row as nullable integer)."""
    frame = pd.DataFrame([asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
    return frame.astype({"row": "Int64"})


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


class _Collector:
    """Problems of one table being validated, indexed by row for the rejects table."""

    def __init__(self, file: str, table: Table, headers: dict[str, str]):
        self.file, self.table, self.headers = file, table, headers
        self.problems: list[Problem] = []
        self.cells: set[tuple[int, str]] = set()
        # rows rejected for a cause reported once for many rows (not one problem per row)
        self.unlisted: dict[int, list[str]] = {}

    def add(self, row: int | None, column: str | None, value: object, reason: str,
            severity: str = "error") -> None:
        """Record a problem; `column` is canonical, reported as the user's header."""
        header = self.headers.get(column, column) if column else None
        text = None if value is None else parsing.cell_text(value)
        self.problems.append(Problem(file=self.file, row=row, column=header, value=text,
                                     reason=reason, table=self.table.name, severity=severity))
        if row is not None and column:
            self.cells.add((row, column))

    def reject_unlisted(self, row: int, column: str, reason: str) -> None:
        """Reject `row` for a cause whose one problem is added separately."""
        self.unlisted.setdefault(row, []).append(f"{self.headers.get(column, column)}: {reason}")

    def rows(self) -> set[int]:
        listed = {p.row for p in self.problems if p.row is not None and p.severity == "error"}
        return listed | set(self.unlisted)


def _parse_column(column: Column, cells: pd.Series, out: _Collector) -> pd.Series:
    """Parse one column's cells; failures become problems and missing values. Each distinct
    cell is parsed once (columns repeat the same few values)."""
    parser = _parse_vocab(column) if column.kind == "vocab" else CELL_PARSERS[column.kind]
    memo: dict[tuple[type, object], tuple[object, str | None]] = {}
    values: list[object] = []
    failures: list[tuple[int, object, str]] = []
    for row, cell in cells.items():
        key = (type(cell), cell)
        if key not in memo:
            memo[key] = _parse_cell(parser, cell)
        parsed, reason = memo[key]
        if reason is not None:
            failures.append((row, cell, reason))
        values.append(parsed)
    filled = int(cells.map(lambda c: not parsing.is_blank(c)).sum())
    if len(failures) >= WRONG_COLUMN_MIN and len(failures) == filled:
        _wrong_column(column, failures, out)
        values = [None] * len(values)
    else:
        for row, cell, reason in failures:
            out.add(row, column.name, cell, reason)
    series = pd.Series(values, index=cells.index, dtype="object")
    if column.kind == "date":
        return pd.to_datetime(series).astype(DTYPES["date"])
    return series.astype(DTYPES[column.kind])


WRONG_COLUMN_MIN = 3  # this many values, none of them readable: the header names another thing


def _wrong_column(column: Column, failures: list[tuple[int, object, str]],
                  out: _Collector) -> None:
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


def _parse_cell(parser: Callable[[object], object], cell: object) -> tuple[object, str | None]:
    """(value, None) for a blank or parsed cell, (None, reason) for one that does not parse."""
    if parsing.is_blank(cell):
        return None, None
    try:
        parsed = parser(cell)
    except parsing.ParseError as exc:
        return None, exc.reason
    return (None if parsed == "" else parsed), None


# ---------------------------------------------------------------- pandera schema

RANGES: dict[tuple[str, str], tuple[float | None, float | None, bool]] = {
    # (table, column) -> (minimum, maximum, minimum is exclusive)
    ("assessment", "level"): (0, None, False),
    ("assessment", "scale_max"): (0, None, True),
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
    low, high, exclusive = RANGES.get((table.name, column.name), (None, None, False))
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
    low, high, _ = RANGES.get((table.name, column), (None, None, False))
    bounds = {"min": f"must be at least {low}", "above": f"must be greater than {low}",
              "max": f"must be at most {high}"}
    return f"{parsing.cell_text(value)} {bounds.get(check, 'is not allowed')}"


def _check_schema(typed: pd.DataFrame, present: set[str], out: _Collector) -> None:
    """Run the pandera schema lazily and turn each failure case into a problem."""
    try:
        pandera_schema(out.table, present).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for case in cases.itertuples(index=False):
            if case.column not in typed.columns or pd.isna(case.index):
                raise  # a dtype or structure failure is a programming error, not bad data
            row = int(case.index)
            if (row, case.column) in out.cells:
                continue  # already reported when the cell did not parse
            value = None if case.check == "not_nullable" else case.failure_case
            out.add(row, case.column, value, _schema_reason(out.table, case.column,
                                                            case.check, case.failure_case))


# ---------------------------------------------------------------- cross-row checks


def _check_agencies(typed: pd.DataFrame, agencies: pd.DataFrame, out: _Collector,
                    rejected: dict[str, str]) -> None:
    """Resolve agency references to canonical codes; unresolved ones are problems. References
    to agencies whose own row was rejected give one problem per agency, not one per row."""
    index = agency_index(agencies)
    for column in out.table.columns:
        if column.kind not in ("agency", "agency_list"):
            continue
        memo: dict[str, tuple] = {}
        resolved: list[object] = []
        cascade: dict[str, list[int]] = {}
        unpadded: dict[str, tuple[str, list[int]]] = {}
        for row, text in typed[column.name].items():
            if pd.isna(text):
                resolved.append(None)
                continue
            if text not in memo:
                memo[text] = resolve(text, column.kind, index, rejected)
            codes, failed = memo[text]
            for item in failed:
                if item.padded:
                    unpadded.setdefault(item.ref, (item.reason, []))[1].append(row)
                elif item.rejected_row:
                    out.reject_unlisted(row, column.name, item.reason)
                    cascade.setdefault(item.ref, []).append(row)
                else:
                    out.add(row, column.name, item.ref, item.reason)
            resolved.append(codes)
        typed[column.name] = pd.Series(resolved, index=typed.index, dtype="str")
        for ref, (reason, rows) in unpadded.items():
            out.add(rows[0], column.name, ref, f"{reason} ({_rows_text(rows)})",
                    severity="warning")
        for ref, rows in cascade.items():
            out.add(None, column.name, ref, f"agency {ref!r}: its row "
                    f"({rejected[fold(ref)]}) was rejected, and with it the rows of this file "
                    f"that refer to it ({_rows_text(rows)}); fix that row first")


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:5]))
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row {shown}" if len(rows) == 1 else f"{len(rows)} rows ({shown}{more})"


def _check_duplicates(typed: pd.DataFrame, out: _Collector) -> None:
    """Every row repeating the key of an earlier row is a duplicate of that row."""
    key = list(out.table.key)
    required = [k for k in key if out.table.column(k).required]
    keyed = typed.dropna(subset=required)[key]
    if keyed.empty:
        return
    first = keyed.reset_index(names="_row").groupby(key, dropna=False)["_row"].transform("min")
    first.index = keyed.index
    names = " + ".join(out.headers.get(k, k) for k in key if k in out.headers)
    for row, first_row in first[first.index != first].items():
        values = ", ".join(parsing.cell_text(v) for v in keyed.loc[row] if not pd.isna(v))
        out.add(row, key[0], keyed.at[row, key[0]],
                f"duplicate id: {names} ({values}) already on row {first_row}")


def _check_sub_dimensions(typed: pd.DataFrame, out: _Collector) -> None:
    """A sub-dimension must belong to the row's smart-city dimension."""
    for row, dim, sub in zip(typed.index, typed["dimension"], typed["sub_dimension"], strict=True):
        if pd.isna(dim) or pd.isna(sub) or sub not in DIMENSION_OF:
            continue
        if dim in DIMENSION_OF.values() and DIMENSION_OF[sub] != dim:
            out.add(row, "sub_dimension", sub,
                    f"sub-dimension {sub!r} belongs to {DIMENSION_OF[sub]}, not {dim}")


def _check_quick_win(typed: pd.DataFrame, out: _Collector) -> None:
    """quick_win is true exactly when quick_win_year is set, and that year is <= the row's
    year; an empty quick_win is derived from quick_win_year."""
    qw_year, year = typed["quick_win_year"], typed["year"]
    given = typed["quick_win"]
    typed["quick_win"] = given.fillna(qw_year.notna())
    for row, flag, when, this in zip(typed.index, given, qw_year, year, strict=True):
        if not pd.isna(flag) and flag and pd.isna(when):
            out.add(row, "quick_win_year", None, "quick win is yes but the quick win year is empty")
        elif not pd.isna(flag) and not flag and not pd.isna(when):
            out.add(row, "quick_win_year", when, "quick win year given but quick win is no")
        if not pd.isna(when) and not pd.isna(this) and when > this:
            out.add(row, "quick_win_year", when,
                    f"quick win year {when} is after the row's year {this}")


def _check_levels(typed: pd.DataFrame, out: _Collector) -> None:
    """An assessment level lies within 0..scale_max."""
    for row, level, top in zip(typed.index, typed["level"], typed["scale_max"], strict=True):
        if not pd.isna(level) and not pd.isna(top) and 0 < top < level:
            out.add(row, "level", level, f"level {level:g} is above the scale maximum {top:g}")


def _check_innovations(typed: pd.DataFrame, innovation_ids: set[str], out: _Collector) -> None:
    """An assessment row's innovation id must be one the registry has."""
    known = {consistency.id_key(i) for i in innovation_ids if i}
    for row, iid in typed["innovation_id"].items():
        if not pd.isna(iid) and consistency.id_key(iid) not in known:
            out.add(row, "innovation_id", iid,
                    f"unknown innovation: {iid!r} is not an id in the innovation registry")


CROSS_CHECKS: dict[str, list[Callable[[pd.DataFrame, _Collector], None]]] = {
    "agencies": [_check_duplicates],
    "innovations": [_check_duplicates, _check_sub_dimensions, _check_quick_win,
                    consistency.check_id_lookalikes],
    "assessment": [_check_duplicates, _check_sub_dimensions, _check_levels],
}


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


def _row_reasons(rows: Iterable[int], out: _Collector) -> dict[int, list[str]]:
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
    out = _Collector(file, spec, headers)
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
    _check_schema(typed, set(columns), out)
    if table == "agencies":
        complete_agencies(typed, set(columns))
    if agencies is not None:
        _check_agencies(typed, agencies, out, rejected_agencies or {})
    for check in CROSS_CHECKS[table]:
        check(typed, out)
    if table == "assessment" and innovation_ids is not None:
        _check_innovations(typed, innovation_ids, out)
    bad = set(original.index) if missing else out.rows()
    out.problems = _sorted(out.problems, original)
    reasons = _row_reasons(bad, out)
    out.problems = _collapse(out.problems)
    rejects = _rejects(original, file, reasons)
    clean = typed.loc[[r for r in typed.index if r not in bad]].copy()
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
            first = replace(first, reason=f"{first.reason} ({_rows_text(rows)})")
        collapsed.append(first)
    return collapsed


def _sorted(problems: list[Problem], original: pd.DataFrame) -> list[Problem]:
    """File-level problems first, then by row and by the column's position in the file."""
    position = {str(label): i for i, label in enumerate(original.columns)}
    return sorted(problems, key=lambda p: (p.row or 0, position.get(p.column or "", -1)))
