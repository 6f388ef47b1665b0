"""Header recognition: which row of a sheet is the header, which table it belongs to, and
which column each header cell names.

A header may span two rows (a group title merged over several columns, e.g. "Mitra
Pentahelix" over "Pemerintah | Akademisi | Swasta | Komunitas | Media"): the row below is then
part of the header when it names more columns. Headers the suite does not know are reported
with the closest known header, so a typo is found at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.schema import TABLES, Table
from smartcity_utils.vocabulary import fold

HEADER_SCAN_ROWS = 10
MIN_HEADER_MATCHES = 2


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is (0-based first row, and how many rows), its cells as they read,
    and which cell positions name which columns."""

    table: str
    row: int
    columns: dict[int, str]
    labels: tuple[str, ...] = ()
    depth: int = 1

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


@cache
def _lookup(table: Table) -> dict[str, str]:
    return {spelling: c.name for c in table.columns for spelling in c.spellings()}


def match_header(cells: list[object], table: Table) -> dict[int, str]:
    """Positions of `cells` that name a column of `table` -> canonical name (first one wins)."""
    lookup = _lookup(table)
    found: dict[int, str] = {}
    for position, cell in enumerate(cells):
        for key in _header_key(cell):
            name = lookup.get(key)
            if name and name not in found.values():
                found[position] = name
                break
    return found


def _two_row_labels(top: list[object], below: list[object]) -> list[str]:
    """The labels of a two-row header: the lower cell where there is one, else the upper
    (a group title merged across columns is only in its first cell)."""
    width = max(len(top), len(below))
    top = list(top) + [None] * (width - len(top))
    below = list(below) + [None] * (width - len(below))
    return [cell_text(b) if not is_blank(b) else cell_text(t) for t, b in zip(top, below,
                                                                                 strict=True)]


def _grouped_labels(top: list[object], below: list[object]) -> list[str]:
    """Each lower cell prefixed with the group title above it (carried right over the blank
    cells of a title merged across columns)."""
    group, labels = "", []
    for position in range(len(below)):
        cell = top[position] if position < len(top) else None
        group = cell_text(cell) if not is_blank(cell) else group
        labels.append(f"{group} {cell_text(below[position])}".strip())
    return labels


def _candidates(rows: list[list[object]], name: str):
    table = TABLES[name]
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        one = match_header(row, table)
        yield HeaderMatch(name, i, one, tuple(cell_text(c) for c in row))
        if i + 1 < len(rows) and one:
            labels = _two_row_labels(row, rows[i + 1])
            two = match_header(labels, table)
            # a sub-header read with its group title ('Mitra Pentahelix' + 'Media')
            grouped = match_header(_grouped_labels(row, rows[i + 1]), table)
            two |= {p: n for p, n in grouped.items()
                    if p not in two and n not in two.values()}
            if len(two) > len(one) and len(two) - len(one) >= 2:
                yield HeaderMatch(name, i, two, tuple(labels), depth=2)


def _rank(match: HeaderMatch) -> tuple[int, float, int]:
    """Best header: most columns matched, then most required columns, then earliest row."""
    table = TABLES[match.table]
    required = [c.name for c in table.columns if c.required]
    share = sum(n in match.columns.values() for n in required) / len(required)
    return match.score, share, -match.row


def find_header(rows: list[list[object]], table: str | None = None) -> HeaderMatch | None:
    """The best header among the first rows, for `table` or any table; None if none."""
    names = [table] if table else list(TABLES)
    candidates = [c for name in names for c in _candidates(rows, name)
                  if c.score >= MIN_HEADER_MATCHES]
    return max(candidates, key=_rank) if candidates else None


def closest_header(label: str, table: str, taken: set[str] = frozenset()) -> str | None:
    """The Indonesian header of the column of `table` whose spellings come closest to `label`
    ('Nama Instansi' -> 'Nama Perangkat Daerah', by its spelling 'nama opd'), among columns
    not already matched; None when nothing is close."""
    spec = TABLES[table]
    spellings = {fold(h): c.header_id for c in spec.columns if c.name not in taken
                 for h in (c.header_id, c.header_en, *c.aliases)}
    close = difflib.get_close_matches(fold(label), list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else None


def no_header_reason(table: str | None) -> str:
    """Why no header row was found, with examples of headers that would be recognised."""
    names = [table] if table else list(TABLES)
    examples = ", ".join(f"'{TABLES[n].columns[0].header_id}'/'{TABLES[n].columns[1].header_id}'"
                         for n in names)
    return (f"no recognisable header row (looked in the first {HEADER_SCAN_ROWS} rows for "
            f"headers such as {examples})")
