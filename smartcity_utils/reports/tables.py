"""Tables as a report page shows them: a header row, a first column that means something (the
table's own index when it has one, never pandas' 0-based row numbers), numbers in the report
language's convention and right-aligned, every value escaped.

`install(lang)` makes this the HTML form of every DataFrame a workbook displays; the plain-text
form (what nbval compares) stays pandas' own.
"""

from __future__ import annotations

import html
import re
from numbers import Number

import pandas as pd

from smartcity_utils import formatting as fmt

YEAR_WORDS = ("tahun", "year")
# A column of numbers already written out (`Rp 1.250.000`, `39%`, `+0,12`, `10 dari 145`):
# aligned like numbers.
WRITTEN_NUMBER = re.compile(r"^\s*(Rp|IDR)?[\s\u00a0]*[-+−]?[\d.,]+\s*%?\s*$|^–$")


def _has_meaningful_index(table: pd.DataFrame) -> bool:
    """False for pandas' default row numbers (0, 1, 2... without a name)."""
    index = table.index
    if isinstance(index, pd.MultiIndex) or any(n is not None for n in index.names):
        return True
    if isinstance(index, pd.RangeIndex):
        return False
    if pd.api.types.is_integer_dtype(index) and list(index) == list(range(len(index))):
        return False
    return True


def _is_numeric(column: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = [v for v in column if isinstance(v, str)]
    return bool(values) and len(values) == len(column) and all(
        WRITTEN_NUMBER.match(v) for v in values) and any(v != "–" for v in values)


def _is_year(label) -> bool:
    return any(word in str(label).lower() for word in YEAR_WORDS)


def _label(value) -> str:
    if isinstance(value, tuple):
        return " · ".join(str(v) for v in value if str(v))
    return str(value)


def _year(value) -> str | None:
    if not fmt.is_missing(value) and isinstance(value, Number) \
            and float(value).is_integer():  # numpy's integers too (an Int64 column)
        return str(int(value))  # 2024, not 2.024
    return None


def _column_text(values: list, lang: str, year: bool) -> list[str]:
    """A column's cells, formatted once for the whole column (formatting.column)."""
    written = fmt.column(values, lang)
    # a column named with a year word holds years only when every number is whole: "Nilai
    # tahun lalu" (last year's score) of 4 beside 3,50 is a score, written 4,00
    if year and all(_year(v) for v in values if not fmt.is_missing(v)):
        written = [_year(v) or w for v, w in zip(values, written, strict=True)]
    return written


# A table whose `attrs` hold this key set to True is read on a phone as one card per row,
# each value under its column's name (report.css, `.sc-stack`), so nothing scrolls sideways.
PHONE_CARDS = "phone_cards"


def table_html(table: pd.DataFrame, lang: str = "id", caption: str | None = None) -> str:
    """The table as an escaped HTML table for a report page."""
    show_index = _has_meaningful_index(table)
    numeric = {c: _is_numeric(table[c]) for c in table.columns}
    cards = bool(table.attrs.get(PHONE_CARDS))
    parts = [f'<div class="sc-wrap"><table class="sc-table{" sc-stack" if cards else ""}">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    if show_index:
        name = " · ".join(str(n) for n in table.index.names if n is not None)
        parts.append(f'<th scope="col">{html.escape(name)}</th>')
    for column in table.columns:
        css = ' class="num"' if numeric[column] else ""
        parts.append(f'<th scope="col"{css}>{html.escape(_label(column))}</th>')
    parts.append("</tr></thead><tbody>")
    cells = [_column_text(list(table.iloc[:, i]), lang, _is_year(column))
             for i, column in enumerate(table.columns)]
    for number, key in enumerate(table.index):
        parts.append("<tr>")
        if show_index:
            parts.append(f'<th scope="row">{html.escape(_label(key))}</th>')
        for i, column in enumerate(table.columns):
            css = ' class="num"' if numeric[column] else ""
            label = f' data-label="{html.escape(_label(column))}"' if cards else ""
            parts.append(f"<td{css}{label}>{html.escape(cells[i][number])}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def card_table_html(header: tuple[str, ...], rows: list[tuple[str, ...]], numeric_from: int,
                    css_class: str) -> str:
    """A table of texts already written out, shown as cards on a phone: each row's first cell
    is its header, the columns from `numeric_from` on are numbers (right-aligned)."""
    def num(i: int) -> str:
        return ' class="num"' if i >= numeric_from else ""

    head = "".join(f'<th scope="col"{num(i)}>{html.escape(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        f'<tr><th scope="row">{html.escape(row[0])}</th>'
        + "".join(f'<td{num(i)} data-label="{html.escape(header[i])}">{html.escape(cell)}</td>'
                  for i, cell in enumerate(row[1:], start=1))
        + "</tr>" for row in rows)
    return (f'<div class="sc-wrap"><table class="sc-table sc-stack {css_class}">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def shown_rows(table: pd.DataFrame, lang: str = "id") -> tuple[pd.DataFrame, str | None]:
    """What a page shows of a table, as pandas' own display does: every row up to
    `display.max_rows`, else the first and last `display.min_rows` rows, with a caption saying
    so (a national registry's 18,445 agencies are a CSV file's job, not a page's)."""
    from smartcity_utils.strings import text

    limit = pd.get_option("display.max_rows")
    if limit is None or len(table) <= limit:
        return table, None
    half = max(1, (pd.get_option("display.min_rows") or limit) // 2)
    caption = text("fmt.rows_shown", lang).format(shown=fmt.integer(2 * half, lang),
                                                 rows=fmt.integer(len(table), lang))
    return pd.concat([table.head(half), table.tail(half)]), caption


def page_table_html(table: pd.DataFrame, lang: str = "id") -> str:
    """The table as a page shows it (`shown_rows`), as HTML."""
    shown, caption = shown_rows(table, lang)
    return table_html(shown, lang, caption)


def series_html(series: pd.Series, lang: str = "id") -> str:
    """A labelled column (a Series) as a two-column table: what, and its value."""
    from smartcity_utils.strings import text

    # each row is a fact of its own (a count beside a sum): written one by one, not as a column
    written = series.map(lambda value: fmt.cell(value, lang))
    frame = written.to_frame(name=series.name if series.name is not None
                             else text("fmt.value", lang))
    if frame.index.name is None:
        frame.index.name = text("fmt.item", lang)
    return page_table_html(frame, lang)


def install(lang: str) -> None:
    """Make `table_html` the HTML form of every DataFrame (and `series_html` of every Series)
    shown in this kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, lambda table: page_table_html(table, lang))
    formatter.for_type(pd.Series, lambda series: series_html(series, lang))
