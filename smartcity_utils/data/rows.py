"""Which rows below a header are data: blank rows are not, nor are the rows of an empty
template that hold only a running number, nor a totals row. The skipped rows are said."""

from __future__ import annotations

import numpy as np

from smartcity_utils.data.cells import spread
from smartcity_utils.data.headers import HeaderMatch
from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.data.reading import Sheet
from smartcity_utils.vocabulary import fold

TOTAL_WORDS = ("total", "jumlah", "grand total", "sub total", "subtotal", "jumlah total")


def _is_running_number(row: list[object]) -> bool:
    """The one filled cell of a row (outside the recognised columns) is a number."""
    filled = [c for c in row if not is_blank(c)]
    return cell_text(filled[0]).rstrip(".").isdigit()


def _is_totals(row: list[object]) -> bool:
    """A row (whose first recognised column is empty or says it) that says 'Total'."""
    return any(fold(c) in TOTAL_WORDS for c in row if isinstance(c, str))


def _ranges(rows: list[int]) -> str:
    spans, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None], strict=True):
        if b != a + 1:
            spans.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(spans)


def body_rows(sheet: Sheet, match: HeaderMatch):
    """0-based positions of the data rows, and (row, warning) for the rows skipped: blank
    rows; template rows, whose one filled cell, outside the recognised columns, is a running
    number; totals rows, whose first recognised column is empty or says 'Total' or 'Jumlah'
    and which say it somewhere."""
    start = match.row + match.depth
    blank = sheet.blank[start:]
    filled = (~blank).sum(axis=1)
    single = np.flatnonzero(filled == 1)
    single = single[~np.isin(blank[single].argmin(axis=1), list(match.columns))]
    first = min(match.columns, default=0)
    if first < blank.shape[1]:
        codes, values = sheet.distinct[first]
        says_total = spread([fold(v) in TOTAL_WORDS for v in values], codes, False)[start:]
        may_be_totals = blank[:, first] | says_total
    else:
        may_be_totals = np.ones(len(blank), dtype=bool)
    body = filled > 0
    template, skipped = [], []
    candidates = np.union1d(single, np.flatnonzero(may_be_totals & body))
    single = set(single.tolist())
    for i in candidates.tolist():
        row = list(sheet.cells.iloc[start + i])
        if i in single and _is_running_number(row):
            template.append(start + i + 1)
            body[i] = False
        elif may_be_totals[i] and _is_totals(row):
            skipped.append((start + i + 1, "totals row, not read as data"))
            body[i] = False
    if template:
        skipped.append((None, f"{len(template)} rows hold only a running number (an empty "
                              f"template), not read as data: rows {_ranges(template)}"))
    return start + np.flatnonzero(body), skipped
