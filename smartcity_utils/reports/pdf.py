"""`smartcity run --pdf`: a PDF beside each page (agency reports, city workbooks, the index),
printed by headless Chromium with the pages' A4 print stylesheet and, on every printed page, a
running title (city or agency, and year) at the top and "page n of N" at the foot, so a loose
page says where it belongs. Without Chromium the run still finishes; the PDFs are reported
missing with what to install."""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from smartcity_utils.errors import SmartCityError
from smartcity_utils.reports.browser import BrowserMissing, chromium, print_pdf
from smartcity_utils.strings import text

# Chromium draws the templates in the page margins at its own tiny default size: every style
# is given here (report.css does not reach them). 12 mm: the side margins of report.css @page.
_BAND = ('<div style="font-family: system-ui, sans-serif; font-size: 8pt; color: #444; '
         'width: 100%; margin: 0 12mm; text-align: {align};">{content}</div>')


def pdf_path(page: str) -> str:
    """The PDF's path beside its page (relative paths stay relative)."""
    return str(Path(page).with_suffix(".pdf").as_posix())


def header_template(title: str | None = None) -> str:
    """The running title: `title` (escaped), or the page's own title (its <title>, which names
    the city or agency and the year)."""
    content = html.escape(title) if title else '<span class="title"></span>'
    return _BAND.format(align="left", content=content)


def footer_template(lang: str) -> str:
    """"Halaman 2 dari 5" / "Page 2 of 5" on every page, in the page's language."""
    words = html.escape(text("pdf.page_of", lang))
    content = words.format(page='<span class="pageNumber"></span>',
                           pages='<span class="totalPages"></span>')
    return _BAND.format(align="right", content=content)


def write_pdfs(out_dir: Path, pages: list[str], lang: str, workers: int = 2,
               titles: dict[str, str] | None = None) -> tuple[dict[str, str], str]:
    """Print every page (paths relative to out_dir), each with its running title (`titles`,
    else its own title) and page numbers in `lang`; return {page: pdf} for those printed and
    a one-line note for the reader (what is missing, or how many were written)."""
    out_dir = Path(out_dir)
    try:
        chromium()
    except BrowserMissing as exc:
        return {}, f"--pdf: no PDF written: {exc}"
    written: dict[str, str] = {}
    problems: list[str] = []
    footer = footer_template(lang)

    def one(page: str) -> None:
        try:
            print_pdf(out_dir / page, out_dir / pdf_path(page),
                      header=header_template((titles or {}).get(page)), footer=footer)
            written[page] = pdf_path(page)
        except SmartCityError as exc:
            problems.append(f"{page}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, pages))
    note = f"--pdf: {len(written)} PDFs written beside their pages"
    if problems:
        note += f"; {len(problems)} failed: " + "; ".join(sorted(problems)[:3])
    return written, note
