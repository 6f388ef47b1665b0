"""The pages of a whole run: `<out>/index.html` (the city's headline figures, the city
workbooks and every agency report with status and headline) and, with `--pdf`, the PDFs of the
agency reports and the index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from smartcity_utils.artifacts import clean_data_path, read_headline
from smartcity_utils.atomic import write_atomically
from smartcity_utils.params import resolve
from smartcity_utils.reports.blocks import is_synthetic
from smartcity_utils.reports.html import index_html
from smartcity_utils.reports.index_page import city_figures


def write_index(out_dir: Path, params: dict[str, Any], manifest: dict[str, Any],
                agencies: pd.DataFrame) -> None:
    """index.html: the city's headline figures, the city workbooks and every agency report
    with status and headline."""
    runs = manifest["notebooks"]
    names = {}
    path = clean_data_path(out_dir, "agencies")
    table = pd.read_parquet(path) if path.exists() else pd.DataFrame()
    if {"agency_code", "agency_name", "short_name"} <= set(table.columns):
        # The full name, and the short one readers also know: "Dinas Kesehatan (Dinkes)".
        names = {r.agency_code: (r.agency_name if r.short_name in ("", None, r.agency_name)
                                 or not isinstance(r.short_name, str)
                                 else f"{r.agency_name} ({r.short_name})")
                 for r in table.itertuples()}
    names.update({c: n for c, n in zip(agencies["agency_code"], agencies["short_name"],
                                       strict=True) if c not in names})
    agency_rows = [dict(r, name=names.get(r["agency"]),
                        headline=read_headline(out_dir, r["agency"]))
                   for r in runs if r["agency"]]
    page = index_html(params["city"], params["year"], params["lang"],
                      [r for r in runs if r["agency"] is None], agency_rows,
                      figures=city_figures(out_dir, params.get("quick_win_budget_idr")),
                      finished=manifest.get("finished"), data_dir=params["data_dir"],
                      synthetic=is_synthetic(resolve(params["data_dir"])))
    write_atomically(out_dir / "index.html", page)


def write_run_pdfs(out_dir: Path, params: dict[str, Any], manifest: dict[str, Any],
                   agencies: pd.DataFrame, workers: int) -> str:
    """PDFs of the agency reports and the index; their paths go to the manifest (`pdf`,
    `index_pdf`), which the caller writes. Return the sentence that says what was printed."""
    from smartcity_utils.reports.pdf import write_pdfs

    runs = [r for r in manifest["notebooks"] if r["agency"] and r.get("html")]
    written, note = write_pdfs(out_dir, [r["html"] for r in runs], workers)
    for run in runs:
        run["pdf"] = written.get(run["html"])
    if written:
        write_index(out_dir, params, manifest, agencies)  # with the links to the PDFs
        index, _ = write_pdfs(out_dir, ["index.html"], 1)
        manifest["index_pdf"] = index.get("index.html")
    return note
