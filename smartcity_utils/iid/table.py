"""The IID table: one row of the regional government's indicator scores (1-15) and one row per
reported innovation with its status and indicator scores (16-35), as CSV or XLSX, Indonesian or
English headers (docs/iid.md). Every problem is named by file, row, column and reason; nothing
is dropped silently: a rejected innovation's scores are kept out of the index with a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from smartcity_utils.data.parsing import ParseError, cell_text, is_blank, parse_number
from smartcity_utils.data.problems import Problem
from smartcity_utils.data.reading import HEAD_ROWS, Sheet, Unusable, read_sheets
from smartcity_utils.errors import DataError
from smartcity_utils.iid.rulebook import INNOVATION_NUMBERS, REGIONAL_NUMBERS, IIDRulebook

NAME_HEADERS = {"nama", "nama inovasi", "inovasi", "judul inovasi", "name", "innovation",
                "innovation name"}
STATUS_HEADERS = {"status", "status verifikasi", "hasil verifikasi", "verifikasi",
                  "verification", "verification status"}
# "16", "I16", "Ind. 16", "Indikator 16", "Skor indikator ke-16", "16. Regulasi inovasi daerah"
_INDICATOR_HEADER = re.compile(
    r"^(?:skor\s+|score\s+)?(?:indikator|indicator|ind\.?|i)?\s*(?:ke\s*-?\s*)?(\d{1,2})\b")

REGIONAL_ROW = {"pemda", "pemerintah daerah", "regional government", "spd"}
ACCEPTED = {"diterima", "lolos", "terverifikasi", "valid", "accepted", "verified"}
REJECTED = {"ditolak", "tidak lolos", "tidak valid", "rejected"}


@dataclass(frozen=True)
class Innovation:
    """A reported innovation: its spreadsheet row, name, status and indicator scores (16-35;
    a rejected innovation's scores are not read)."""

    row: int
    name: str
    accepted: bool
    scores: dict[int, Fraction]


@dataclass(frozen=True)
class IIDTable:
    """A region's IID table, checked: the regional indicator scores (1-15), the innovations,
    and notes (warnings) on what was read but is not counted."""

    file: str
    regional: dict[int, Fraction]
    innovations: tuple[Innovation, ...]
    notes: tuple[Problem, ...] = ()


def _normalised(cell: object) -> str:
    return re.sub(r"\s+", " ", cell_text(cell).lower()).strip(" :*")


def _header_columns(cells: list[object]) -> dict[str, int | dict[int, int]]:
    """Position of the name and status columns and of each indicator number in a header row."""
    found: dict = {"indicators": {}}
    for position, cell in enumerate(cells):
        label = _normalised(cell)
        if label in NAME_HEADERS:
            found.setdefault("name", position)
        elif label in STATUS_HEADERS:
            found.setdefault("status", position)
        elif (match := _INDICATOR_HEADER.match(label)) and 1 <= int(match.group(1)) <= 35:
            found["indicators"].setdefault(int(match.group(1)), position)
    return found


def _header(sheet: Sheet) -> tuple[int, dict] | None:
    """The first of the first rows that names a status column and indicator columns."""
    for index, cells in enumerate(sheet.head[:HEAD_ROWS]):
        found = _header_columns(cells)
        if "status" in found and found["indicators"]:
            return index, found
    return None


def _quality(rows: list[list[object]]) -> int:
    """How well a CSV separator splits the first rows: the most header cells recognised."""
    return max((len(_header_columns(r)["indicators"]) for r in rows), default=0)


class _Reader:
    """Reads the rows under a header, collecting every problem by row and column."""

    def __init__(self, path: Path, sheet: Sheet, header_index: int, found: dict,
                 rulebook: IIDRulebook):
        self.file, self.sheet_name = path.name, sheet.name
        self.sheet, self.header_index, self.rulebook = sheet, header_index, rulebook
        self.columns = found
        self.labels = [cell_text(c) for c in sheet.head[header_index]]
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def problem(self, row: int | None, position: int | None, value: object, reason: str,
                severity: str = "error") -> None:
        column = self.labels[position] if position is not None else None
        item = Problem(file=self.file, sheet=self.sheet_name, row=row, column=column,
                       value=None if value is None else cell_text(value), reason=reason,
                       severity=severity)
        (self.notes if severity == "warning" else self.problems).append(item)

    def check_columns(self) -> None:
        missing = [n for n in range(1, 36) if n not in self.columns["indicators"]]
        if missing:
            self.problem(self.header_index + 1, None, None,
                         f"no column for indicator(s) {_ranges(missing)}: the table needs one "
                         "column per indicator 1-35 (header such as 'Indikator 16')")
        if "name" not in self.columns:
            self.problem(self.header_index + 1, None, None,
                         "no column of innovation names (header 'Nama Inovasi' or 'Name')")
        used = {self.columns.get("name"), self.columns["status"],
                *self.columns["indicators"].values()}
        ignored = [label for p, label in enumerate(self.labels) if p not in used and label]
        if ignored:
            self.problem(self.header_index + 1, None, None,
                         f"column(s) not used by the index: {', '.join(ignored)}", "warning")

    def score(self, row: int, cells: list[object], number: int) -> Fraction | None:
        position = self.columns["indicators"][number]
        value = cells[position] if position < len(cells) else None
        maximum = Fraction(self.rulebook.indicator(number).max_score)
        if is_blank(value):
            self.problem(row, position, value, f"indicator {number} has no score: write 0 if "
                                               "the indicator is not met")
            return None
        try:
            score = Fraction(repr(parse_number(value)))
        except ParseError as error:
            self.problem(row, position, value, f"indicator {number}: {error.reason}")
            return None
        if not 0 <= score <= maximum:
            self.problem(row, position, value, f"indicator {number} scores 0 to "
                                               f"{float(maximum):g}, not {float(score):g}")
            return None
        return score

    def stray(self, row: int, cells: list[object], numbers: range, reason: str) -> None:
        for number in numbers:
            position = self.columns["indicators"].get(number)
            if position is not None and position < len(cells) and not is_blank(cells[position]):
                self.problem(row, position, cells[position], reason)

    def read(self) -> IIDTable:
        self.check_columns()
        if self.problems:
            raise _refused(self.file, self.problems)
        regional_rows: list[tuple[int, dict[int, Fraction]]] = []
        innovations: list[Innovation] = []
        status_at, name_at = self.columns["status"], self.columns["name"]
        for index in range(self.header_index + 1, len(self.sheet.cells)):
            cells = list(self.sheet.cells.iloc[index])
            if all(is_blank(c) for c in cells):
                continue
            row = index + 1
            status = _normalised(cells[status_at]) if status_at < len(cells) else ""
            name = cell_text(cells[name_at]) if name_at < len(cells) else ""
            if status in REGIONAL_ROW:
                scores = {n: self.score(row, cells, n) for n in REGIONAL_NUMBERS}
                self.stray(row, cells, INNOVATION_NUMBERS, "the regional-government row holds "
                           "indicators 1-15 only; innovation indicators go on an innovation's row")
                regional_rows.append((row, scores))
            elif status in ACCEPTED or status in REJECTED:
                self.stray(row, cells, REGIONAL_NUMBERS, "an innovation's row holds indicators "
                           "16-35 only; indicators 1-15 go on the regional-government row")
                if not name:
                    self.problem(row, name_at, None, "the innovation has no name")
                accepted = status in ACCEPTED
                scores = {n: self.score(row, cells, n) for n in INNOVATION_NUMBERS} \
                    if accepted else {}
                if not accepted and any(
                        not is_blank(cells[p]) for n, p in self.columns["indicators"].items()
                        if n in INNOVATION_NUMBERS and p < len(cells)):
                    self.problem(row, status_at, cells[status_at], "rejected: its indicator "
                                 "scores are not counted, but it counts in the divisor",
                                 "warning")
                innovations.append(Innovation(row, name, accepted, scores))
            else:
                self.problem(row, status_at, cells[status_at] if status_at < len(cells) else None,
                             "status must be 'pemda' (the regional-government row), 'diterima' "
                             "(accepted) or 'ditolak' (rejected)")
        if len(regional_rows) != 1:
            rows = ", ".join(str(r) for r, _ in regional_rows)
            found = f"{len(regional_rows)}: rows {rows}" if rows else "none"
            self.problem(None, status_at, None, "the table needs exactly one row with status "
                         f"'pemda' holding indicators 1-15 (found {found})")
        if self.problems:
            raise _refused(self.file, self.problems)
        return IIDTable(self.file, regional_rows[0][1], tuple(innovations), tuple(self.notes))


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] as '1-3, 7'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(f"{s[0]}-{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans)


def _refused(file: str, problems: list[Problem]) -> DataError:
    lines = "\n".join(p.line() for p in problems)
    return DataError(f"{file} cannot be scored ({len(problems)} problem(s)):\n{lines}")


def read_iid_table(path: str | Path, rulebook: IIDRulebook) -> IIDTable:
    """The IID table of a CSV or XLSX file, checked; DataError lists every problem with its
    file, row, column and reason."""
    path = Path(path)
    try:
        sheets = read_sheets(path, _quality)
    except Unusable as error:
        raise DataError(f"{path.name}: {error}") from None
    tables = [(sheet, header) for sheet in sheets if (header := _header(sheet)) is not None]
    if len(tables) > 1:
        names = ", ".join(str(sheet.name) for sheet, _ in tables)
        raise DataError(f"{path.name}: sheets {names} each hold an IID table; keep one region's "
                        "table in one sheet")
    if tables:
        sheet, header = tables[0]
        return _Reader(path, sheet, *header, rulebook).read()
    raise DataError(f"{path.name}: no header row with a 'Status' column and indicator columns "
                    "('Indikator 1' ... 'Indikator 35') in its first rows (docs/iid.md)")
