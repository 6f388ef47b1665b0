"""What is wrong with the input: `Problem` (located as the user sees it in their spreadsheet),
the problems as a table, and the `Collector` that gathers one table's problems by row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

from smartcity_utils.data import parsing
from smartcity_utils.schema import Table


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


class Collector:
    """Problems of one table being validated, indexed by row for the rejects table."""

    def __init__(self, file: str, table: Table, headers: dict[str, str]):
        self.file, self.table, self.headers = file, table, headers
        self.problems: list[Problem] = []
        self.cells: set[tuple[int, str]] = set()
        # rows rejected for a cause reported once for many rows (not one problem per row)
        self.unlisted: dict[int, list[str]] = {}
        self.unread: set[int] = set()  # rows holding a cell that could not be read from the file

    def add(self, row: int | None, column: str | None, value: object, reason: str,
            severity: str = "error") -> None:
        """Record a problem; `column` is canonical, reported as the user's header."""
        header = self.headers.get(column, column) if column else None
        text = None if value is None else parsing.cell_text(value)
        row = None if row is None else int(row)  # a numpy integer from an index, as well
        self.problems.append(Problem(file=self.file, row=row, column=header, value=text,
                                     reason=reason, table=self.table.name, severity=severity))
        if row is not None and column:
            self.cells.add((row, column))

    def reject_unlisted(self, row: int, column: str, reason: str) -> None:
        """Reject `row` for a cause whose one problem is added separately."""
        row = int(row)
        self.unlisted.setdefault(row, []).append(f"{self.headers.get(column, column)}: {reason}")

    def rows(self) -> set[int]:
        listed = {p.row for p in self.problems if p.row is not None and p.severity == "error"}
        return listed | set(self.unlisted)


def missing_table(where: str, table: str) -> Problem:
    """A table found in no file of the directory `where`, with what that means."""
    consequences = {
        "agencies": ": agency references cannot be checked",
        "innovations": ": there is nothing to cluster or rank",
        "assessment": ": Stage I cannot be evaluated; the other workbooks run without it",
    }
    return Problem(file=where, table=table,
                   reason=f"no {table} table found in the directory{consequences[table]}",
                   severity="error" if table == "innovations" else "warning")


def no_agencies(where: str, table: str) -> Problem:
    """No agencies table among the files given, so `table`'s references go unchecked."""
    return Problem(file=where, table=table, reason="no agencies table found: agency "
                   "references cannot be checked")
