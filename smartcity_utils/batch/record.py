"""`smartcity record`: the decision record (berita acara) of a finished run's Quick Win
selection, written into the run's output folder as a page (reports/decision_record.py) and,
with `pdf`, printed on A4 beside it like the run's other PDFs; index.html is written again so
that it links the record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from smartcity_utils.atomic import write_atomically
from smartcity_utils.batch.index import write_index
from smartcity_utils.batch.lock import output_folder_lock
from smartcity_utils.context import finished_run
from smartcity_utils.errors import SmartCityError
from smartcity_utils.params import resolve
from smartcity_utils.reports.decision_record import (
    RECORD_PAGE,
    decision_facts,
    decision_record_page,
)
from smartcity_utils.reports.pdf import pdf_path, write_pdfs


@dataclass(frozen=True)
class RecordWritten:
    page: Path
    pdf: Path | None  # None: not asked for, or not printed (`note` says why)
    note: str  # what became of the PDF, in a sentence; "" when none was asked for


def _manifest(folder: Path, shown: str) -> dict:
    path = folder / "manifest.json"
    if not path.is_file():
        raise SmartCityError(f"{shown} is not the output folder of a run (it has no "
                             f"manifest.json): run `smartcity run --out {shown}` first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SmartCityError(f"{shown}/manifest.json cannot be read ({exc}): run "
                             f"`smartcity run --out {shown}` again") from None


def write_decision_record(out_dir: str | Path, lang: str | None = None,
                          pdf: bool = False) -> RecordWritten:
    """Write the record of the run in `out_dir` in `lang` (default: the run's language), its
    PDF when `pdf`, and index.html again with the link. An earlier PDF of the record is
    removed first: it would no longer be the page's."""
    folder, shown = resolve(out_dir), str(out_dir)
    manifest = _manifest(folder, shown)
    context = finished_run(out_dir)
    lang = lang or context.lang
    facts = decision_facts(context)
    page, printed = folder / RECORD_PAGE, folder / pdf_path(RECORD_PAGE)
    with output_folder_lock(folder, shown):
        write_atomically(page, decision_record_page(context, facts, lang))
        printed.unlink(missing_ok=True)  # an earlier one is not this page's
        note = ""
        if pdf:
            written, note = write_pdfs(folder, [RECORD_PAGE], lang, workers=1)
            note = f"PDF: {shown}/{pdf_path(RECORD_PAGE)}" if written else note
        write_index(context, manifest)
    return RecordWritten(page, printed if printed.exists() else None, note)
