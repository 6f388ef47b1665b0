"""Which rows below a header are data: blank rows are not, nor are the rows of an empty
template that hold only a running number, nor a totals row. The skipped rows are said."""

from __future__ import annotations

from smartcity_utils.data.headers import HeaderMatch
from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.vocabulary import fold

TOTAL_WORDS = ("total", "jumlah", "grand total", "sub total", "subtotal", "jumlah total")


def _is_running_number(row: list[object], match: HeaderMatch) -> bool:
    """Only a number outside the recognised columns (a pre-numbered template row)."""
    filled = [(p, c) for p, c in enumerate(row) if not is_blank(c)]
    return len(filled) == 1 and filled[0][0] not in match.columns and \
        cell_text(filled[0][1]).rstrip(".").isdigit()


def _is_totals(row: list[object], match: HeaderMatch) -> bool:
    """A row whose first recognised column is empty and that says 'Total' or 'Jumlah'."""
    first = min(match.columns, default=0)
    if first < len(row) and not is_blank(row[first]) and fold(row[first]) not in TOTAL_WORDS:
        return False
    return any(fold(c) in TOTAL_WORDS for c in row if isinstance(c, str))


def _ranges(rows: list[int]) -> str:
    spans, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None], strict=True):
        if b != a + 1:
            spans.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(spans)


def body_rows(rows: list[list[object]], match: HeaderMatch):
    """(row number, cells) of the data rows, and (row, warning) for the rows skipped."""
    body, template, skipped = [], [], []
    for i in range(match.row + match.depth, len(rows)):
        row, number = rows[i], i + 1
        if all(is_blank(c) for c in row):
            continue
        if _is_running_number(row, match):
            template.append(number)
        elif _is_totals(row, match):
            skipped.append((number, "totals row, not read as data"))
        else:
            body.append((number, row))
    if template:
        skipped.append((None, f"{len(template)} rows hold only a running number (an empty "
                              f"template), not read as data: rows {_ranges(template)}"))
    return body, skipped
