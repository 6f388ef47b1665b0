"""The pages of a whole run: `<out>/index.html` (the city's headline figures, the run's stamp,
the city workbooks and every agency report with its status and the agency's facts) and, with
`--pdf`, the PDFs of the agency reports, the city workbooks and the index."""

from __future__ import annotations

from typing import Any

from smartcity_utils.artifacts import clean_data_path
from smartcity_utils.atomic import write_atomically
from smartcity_utils.context import RunContext
from smartcity_utils.errors import SmartCityError
from smartcity_utils.reports.agency_facts import load_facts
from smartcity_utils.reports.blocks import is_synthetic
from smartcity_utils.reports.decision_record import current_record
from smartcity_utils.reports.html import index_html
from smartcity_utils.strings import text


def write_index(context: RunContext, manifest: dict[str, Any]) -> None:
    """index.html from the manifest's runs and the facts the city workbooks wrote (a file of
    another run is left out, and the page says so), linking the decision record while it
    records the run's shortlist."""
    runs = manifest["notebooks"]
    facts = None
    if clean_data_path(context.out_dir, "agencies").exists():
        try:
            facts = load_facts(context, strict=False)
        except SmartCityError:
            facts = None  # 00's clean data is of another run: every agency cell says so
    page = index_html(context, [r for r in runs if r["agency"] is None],
                      [r for r in runs if r["agency"]], facts=facts,
                      synthetic=is_synthetic(context.data_dir),
                      city_from=manifest.get("city_from"),
                      record=current_record(context.out_dir))
    write_atomically(context.out_dir / "index.html", page)


def write_run_pdfs(context: RunContext, manifest: dict[str, Any], workers: int) -> str:
    """PDFs of the agency reports, the city workbooks and the index; their paths go to the
    manifest (`pdf` of each run, `index_pdf`), which the caller writes. Return the sentence
    that says what was printed."""
    from smartcity_utils.reports.index_page import workbook_title
    from smartcity_utils.reports.pdf import write_pdfs

    runs = [r for r in manifest["notebooks"] if r.get("html")]
    # A city workbook's own title names neither the city nor the year: its running title does.
    titles = {r["html"]: text("pdf.workbook_title", context.lang).format(
                  workbook=workbook_title(r["notebook"], context.lang), city=context.city,
                  year=context.year)
              for r in runs if r["agency"] is None}
    written, note = write_pdfs(context.out_dir, [r["html"] for r in runs], context.lang,
                               workers, titles)
    for run in runs:
        run["pdf"] = written.get(run["html"])
    if written:
        write_index(context, manifest)  # with the links to the PDFs
        index, _ = write_pdfs(context.out_dir, ["index.html"], context.lang, 1)
        manifest["index_pdf"] = index.get("index.html")
    return note
