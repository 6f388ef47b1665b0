"""Header recognition: which row of a sheet is the header, which table it belongs to, and
which column each header cell names.

A header may span two rows (a group title merged over several columns, e.g. "Mitra
Pentahelix" over "Pemerintah | Akademisi | Swasta | Komunitas | Media"): the row below is then
part of the header when it names more columns. Headers the suite does not know are reported
with the closest known header, so a typo is found at once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

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


def _words(spelling: str) -> str:
    """A folded spelling's words in order, so that headers match in any word order
    ('inovasi_id' is 'ID Inovasi')."""
    return " ".join(sorted(spelling.split()))


def _unglued(spelling: str) -> str:
    """A folded spelling with an id or code prefix glued to its word set apart
    ('idinstansi' -> 'id instansi')."""
    return re.sub(r"\b(id|kode)(?=[a-z]{3,})", r"\1 ", spelling)


def _header_key(cell: object) -> tuple[str, ...]:
    """Folded spellings to try for a header cell: as written, without '(...)' parts, with a
    glued id prefix set apart, then each of its alternatives ('OPD / Lembaga')."""
    return _text_keys(cell_text(cell))


@lru_cache(maxsize=4096)  # header rows repeat across files and tables
def _text_keys(text: str) -> tuple[str, ...]:
    keys = [fold(text), fold(text.split("(")[0]), _unglued(fold(text))]
    keys += [fold(part) for part in text.split("/")] if "/" in text else []
    return tuple(_words(k) for k in dict.fromkeys(keys) if k)


@cache
def _lookup(table: Table) -> dict[str, str]:
    return {_words(spelling): c.name for c in table.columns for spelling in c.spellings()}


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


def _named(match: HeaderMatch) -> set[str]:
    """The Indonesian headers of the columns a header names or misspells."""
    table = TABLES[match.table]
    named = {table.column(n).header_id for n in match.columns.values()}
    taken = set(match.columns.values())
    return named | {closest_header(label, match.table, taken) for p, label
                    in enumerate(match.labels) if p not in match.columns and label} - {None}


def _names_its_rows(match: HeaderMatch) -> bool:
    """Whether a header names, or misspells, a required column beyond the table's key: what
    its rows are about (a progress table's 'inovasi_id' and 'status' are no registry)."""
    table = TABLES[match.table]
    about = {c.header_id for c in table.columns if c.required and c.name not in table.key}
    return bool(about & _named(match))


def _evidence(match: HeaderMatch) -> tuple[list[str], list[str]]:
    """The required columns of the header's table the user must write (those the suite does
    not supply), and those of them the header names or misspells."""
    table = TABLES[match.table]
    needed = [c.header_id for c in table.columns if c.required and c.name not in table.supplied]
    named = _named(match)
    return needed, [h for h in needed if h in named]


def _has_evidence(match: HeaderMatch) -> bool:
    """A table is recognised only on the evidence of its required headers: at least half of
    those the user must write (an account table's 'opd_id' and 'level' are no assessment)."""
    needed, named = _evidence(match)
    return 2 * len(named) >= len(needed)


def _plausible(rows: list[list[object]], names: list[str]) -> list[HeaderMatch]:
    return [c for name in names for c in _candidates(rows, name)
            if c.score >= MIN_HEADER_MATCHES and _names_its_rows(c)]


def find_header(rows: list[list[object]], table: str | None = None) -> HeaderMatch | None:
    """The best header among the first rows, for `table` or any table; None if none."""
    names = [table] if table else list(TABLES)
    candidates = [c for c in _plausible(rows, names) if _has_evidence(c)]
    return max(candidates, key=_rank) if candidates else None


def too_little_evidence(rows: list[list[object]], table: str | None = None) -> str | None:
    """Why the closest header to a table is not taken for it (too few of its required
    headers), or None when no header comes close."""
    names = [table] if table else list(TABLES)
    near = [c for c in _plausible(rows, names) if not _has_evidence(c)]
    if not near:
        return None
    best = max(near, key=_rank)
    needed, named = _evidence(best)
    found = ", ".join(label for label in best.labels if label)
    return (f"not recognised as the {best.table} table: its headers ({found}) name only "
            f"{len(named)} of the {len(needed)} columns it needs "
            f"({', '.join(needed)})")


TYPO_RATIO = 0.85  # a header this close to a known spelling is taken for a typo of it


@cache
def _common_words(table: str) -> frozenset[str]:
    """Words in the spellings of three or more columns of `table` ('tahun', 'inovasi'): a
    header sharing only these with a column is not related to it."""
    columns_of: dict[str, set[str]] = {}
    for c in TABLES[table].columns:
        for spelling in c.spellings():
            for word in spelling.split():
                columns_of.setdefault(word, set()).add(c.name)
    return frozenset(w for w, names in columns_of.items() if len(names) >= 3)


def _related(label: str, spelling: str, table: str) -> bool:
    """A typo of the spelling, or sharing a word with it that is not common to many columns."""
    ratio = difflib.SequenceMatcher(None, label, spelling).ratio()
    shared = set(label.split()) & set(spelling.split()) - _common_words(table)
    return ratio >= TYPO_RATIO or bool(shared)


def closest_header(label: str, table: str, taken: set[str] = frozenset()) -> str | None:
    """The Indonesian header of the column of `table` whose spellings come closest to `label`
    ('Nama Instansi' -> 'Nama Perangkat Daerah', by its spelling 'nama opd'), among columns
    not already matched, required columns first; None when none is related to it."""
    key = fold(label)
    columns = [c for c in TABLES[table].columns if c.name not in taken]
    for required in (True, False):
        spellings = {fold(h): c.header_id for c in columns if c.required == required
                     for h in (c.header_id, c.header_en, *c.aliases)}
        close = [s for s in difflib.get_close_matches(key, list(spellings), n=3, cutoff=0.6)
                 if _related(key, s, table)]
        if close:
            return spellings[close[0]]
    return None


def no_header_reason(table: str | None) -> str:
    """Why no header row was found, with examples of headers that would be recognised."""
    names = [table] if table else list(TABLES)
    examples = ", ".join(f"'{TABLES[n].columns[0].header_id}'/'{TABLES[n].columns[1].header_id}'"
                         for n in names)
    return (f"no recognisable header row (looked in the first {HEADER_SCAN_ROWS} rows for "
            f"headers such as {examples})")
