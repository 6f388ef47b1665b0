"""`smartcity run --pdf`: a PDF beside each agency report and the index, printed by headless
Chromium with the pages' A4 print stylesheet. Without Chromium the run still finishes; the PDFs
are reported missing with what to install."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from smartcity_utils.errors import SmartCityError
from smartcity_utils.reports.browser import BrowserMissing, chromium, print_pdf


def pdf_path(page: str) -> str:
    """The PDF's path beside its page (relative paths stay relative)."""
    return str(Path(page).with_suffix(".pdf").as_posix())


def write_pdfs(out_dir: Path, pages: list[str], workers: int = 2) -> tuple[dict[str, str], str]:
    """Print every page (paths relative to out_dir); return {page: pdf} for those printed and
    a one-line note for the reader (what is missing, or how many were written)."""
    out_dir = Path(out_dir)
    try:
        chromium()
    except BrowserMissing as exc:
        return {}, f"--pdf: no PDF written: {exc}"
    written: dict[str, str] = {}
    problems: list[str] = []

    def one(page: str) -> None:
        try:
            print_pdf(out_dir / page, out_dir / pdf_path(page))
            written[page] = pdf_path(page)
        except SmartCityError as exc:
            problems.append(f"{page}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, pages))
    note = f"--pdf: {len(written)} PDFs written beside their pages"
    if problems:
        note += f"; {len(problems)} failed: " + "; ".join(sorted(problems)[:3])
    return written, note
