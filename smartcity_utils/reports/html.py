"""HTML for readers: each executed notebook as a report with the code hidden, and index.html,
the city summary page linking every agency report.

Text that comes from data (agency and innovation names) is always escaped, and file names made
from agency codes are reduced to a safe slug, so a name like `<script>` or `../../x` can neither
run in a page nor write outside the output folder.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from smartcity_utils.strings import text


def notebook_html(nb) -> str:
    """The executed notebook as a standalone page without code cells or prompts, titled and
    in its report language, openable offline (see reports/export.py)."""
    from smartcity_utils.reports.export import export_page

    return export_page(nb)


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; }}
th {{ background: #f3f5f8; }}
.failed {{ color: #b00020; font-weight: 600; }}
.ok, .skipped {{ color: #1b6e20; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else html.escape(str(value))


def index_html(city: str, year: int, lang: str, city_runs: list[dict],
               agency_rows: list[dict]) -> str:
    """The city summary page: the city workbooks, then one row per agency with its status,
    headline numbers and a link to its report. Every value is escaped."""
    title = f"{text('idx.title', lang)}: {city} {year}"
    parts = [f"<h1>{html.escape(title)}</h1>", f"<h2>{_cell(text('idx.city', lang))}</h2>",
             "<table><tr>" + "".join(f"<th>{_cell(text(k, lang))}</th>" for k in
                                     ("idx.notebook", "idx.status", "idx.report")) + "</tr>"]
    for run in city_runs:
        parts.append(_row([_cell(run["notebook"]), _status(run, lang), _link(run, lang)]))
    parts.append("</table>")
    headline_keys = list(dict.fromkeys(k for row in agency_rows for k in row.get("headline", {})))
    parts.append(f"<h2>{_cell(text('idx.agencies', lang))}</h2>")
    header = [text("agency", lang), text("idx.status", lang)]
    header += [text(f"idx.{k}", lang) for k in headline_keys] + [text("idx.report", lang)]
    parts.append("<table><tr>" + "".join(f"<th>{_cell(h)}</th>" for h in header) + "</tr>")
    for row in agency_rows:
        cells = [_cell(row.get("name") or row["agency"]), _status(row, lang)]
        cells += [_cell(row.get("headline", {}).get(k)) for k in headline_keys]
        cells.append(_link(row, lang))
        parts.append(_row(cells))
    parts.append("</table>")
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title), body="\n".join(parts))


def _row(cells: list[str]) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _status(run: dict, lang: str) -> str:
    status = run.get("status", "")
    label = _cell(text(f"idx.{status}", lang)) if status else ""
    error = f" &ndash; {_cell(run['error'])}" if run.get("error") else ""
    return f'<span class="{_cell(status)}">{label}</span>{error}'


def _link(run: dict, lang: str) -> str:
    target = run.get("html")
    if not target:
        return ""
    # Links are relative paths the runner made from slugs; quote them anyway.
    href = html.escape(Path(target).as_posix(), quote=True)
    return f'<a href="{href}">{_cell(text("idx.open", lang))}</a>'
