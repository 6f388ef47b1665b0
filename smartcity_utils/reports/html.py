"""HTML for readers: each executed notebook as a report with the code hidden, and index.html,
the city summary page linking every agency report.

Text that comes from data (agency and innovation names) is always escaped, and file names made
from agency codes are reduced to a safe slug, so a name like `<script>` or `../../x` can neither
run in a page nor write outside the output folder.
"""

from __future__ import annotations

from typing import Any


def notebook_html(nb) -> str:
    """The executed notebook as a standalone page without code cells or prompts, titled and
    in its report language, openable offline (see reports/export.py)."""
    from smartcity_utils.reports.export import export_page

    return export_page(nb)


def index_html(context, city_runs: list[dict], agency_runs: list[dict],
               **details: Any) -> str:
    """The city summary page (see reports/index_page.py); every value is escaped."""
    from smartcity_utils.reports.index_page import index_page

    return index_page(context, city_runs, agency_runs, **details)
